package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/aftersales-go/aftersales/sla"
)

// CollectSummaries is the collector: it reads the last SummaryRecord of
// every partition of cfg.Summaries and merges their summaries with
// sla.MergeSummaries into the SLA summary of every complaint the members
// have checkpointed — what one Summarize over all of them gives, every
// count and on-time rate exactly, the handling-time percentiles within
// sla.PercentileRelativeError. The partitions hold disjoint complaints, and
// a partition's record covers its complaints before Next, which it returns
// per partition (a partition without a record has no summary yet and is
// left out). Records of another instant than cfg.SummaryAt are an error
// wrapping sla.ErrSummaryMismatch.
func CollectSummaries(ctx context.Context, cfg Config) (sla.Summary, map[int32]int64, error) {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cfg.Brokers...)}, cfg.ClientOpts...)...)
	if err != nil {
		return sla.Summary{}, nil, err
	}
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, cfg.Summaries)
	cl.Close()
	if err != nil {
		return sla.Summary{}, nil, fmt.Errorf("list summary offsets: %w", err)
	}
	if err := ends.Error(); err != nil {
		return sla.Summary{}, nil, fmt.Errorf("list summary offsets: %w", err)
	}
	var parts []int32
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			parts = append(parts, o.Partition)
		}
	})
	slices.Sort(parts)
	next := map[int32]int64{}
	var summaries []sla.Summary
	for _, p := range parts {
		end, _ := ends.Lookup(cfg.Summaries, p)
		v, err := readRecord(ctx, cfg, cfg.Summaries, p, end.Offset-1)
		if err != nil {
			return sla.Summary{}, nil, fmt.Errorf("read summary of partition %d: %w", p, err)
		}
		var rec SummaryRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return sla.Summary{}, nil, fmt.Errorf("summary of partition %d: %w", p, err)
		}
		if !cfg.SummaryAt.IsZero() && !rec.At.Equal(cfg.SummaryAt) {
			return sla.Summary{}, nil, fmt.Errorf("summary of partition %d: at %v, not at %v: %w", p, rec.At, cfg.SummaryAt, sla.ErrSummaryMismatch)
		}
		next[p] = rec.Next
		// A partition whose complaints so far are all after SummaryAt
		// ships the zero Summary (no MergeState): the empty set.
		if rec.Summary.MergeState != nil {
			summaries = append(summaries, rec.Summary)
		}
	}
	total, err := sla.MergeSummaries(summaries...)
	if err != nil {
		return sla.Summary{}, nil, err
	}
	return total, next, nil
}
