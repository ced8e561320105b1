package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// A Complaint is a record of the complaints topic, keyed by CustomerID.
type Complaint struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	CustomerID string    `json:"customer_id,omitempty"`
	OrderID    string    `json:"order_id,omitempty"`
	SKU        string    `json:"sku,omitempty"`
	Text       string    `json:"text"`

	// RespondedAt and ResolvedAt are the complaint's handling, when the
	// record carries it (a producer that publishes a complaint once it is
	// handled, or a replay of closed complaints); without them its ticket
	// is open. A complaint is one record: published twice, its ticket
	// would be counted twice.
	RespondedAt time.Time `json:"responded_at,omitzero"`
	ResolvedAt  time.Time `json:"resolved_at,omitzero"`
}

// codeTag is the ticket tag the summaries are grouped by: the complaint
// code.
const codeTag = "code"

// A SummaryRecord is a record of the summaries topic, and the summary part
// of a checkpoint: the SLA summary, at At, of the tickets of partition
// Partition's complaints before offset Next (grouped by complaint code).
// Summary carries its MergeState, so a collector merges the partitions'
// records (CollectSummaries).
type SummaryRecord struct {
	Partition int32       `json:"partition"`
	Next      int64       `json:"next"`
	At        time.Time   `json:"at"`
	Summary   sla.Summary `json:"summary"`
}

// An AlertRecord is a record of the alerts topic. Partition, Offset and
// Rule identify it: after a failover the events since the last checkpoint
// are read again and their alerts produced again, so a reader of the topic
// drops an alert it has seen (at-least-once delivery, exactly-once effect).
type AlertRecord struct {
	Partition int32                `json:"partition"`
	Offset    int64                `json:"offset"`
	Rule      string               `json:"rule"`
	Group     string               `json:"group,omitempty"`
	At        time.Time            `json:"at"`
	First     time.Time            `json:"first"`
	Count     int                  `json:"count"`
	Codes     []classify.CodeCount `json:"codes"`
}

// Config configures Run.
type Config struct {
	Brokers []string
	Group   string // the consumer group
	// Complaints is the topic read, keyed by customer ID; Alerts the topic
	// written; Checkpoints a topic with as many partitions as Complaints,
	// where partition p holds partition p's checkpoints (make it
	// compacted or give it a short retention: only its last record counts).
	Complaints, Alerts, Checkpoints string
	Rules                           []classify.WatchRule
	Classifier                      *classify.Classifier // nil: classify.Default()
	// Summaries is a topic with as many partitions as Complaints, where
	// partition p holds partition p's SummaryRecord, written with each
	// checkpoint (compact it or give it a short retention: only its last
	// record counts).
	Summaries string
	// SummaryAt is the instant every partition's SLA summary is evaluated
	// at, the same on every member (the end of the reporting period):
	// summaries merge only at one instant. Complaints opened after it are
	// left out of the summaries (they belong to the next period's). A
	// checkpoint's summary at another instant is refused: a new period
	// starts with a new group and new checkpoint and summaries topics.
	SummaryAt time.Time
	// Policy evaluates the tickets; nil: sla.Default over slacn.New().
	Policy *sla.Policy
	// OnCheckpoint, if set, is called after partition's state up to next
	// (the offset of its next record) is checkpointed and committed.
	OnCheckpoint func(partition int32, next int64)
	// ClientOpts are added to the Kafka client's options.
	ClientOpts []kgo.Opt
}

// partitionState is one complaints partition's Watch, the SLA summary of
// its complaints, and the offset of the next record it has not seen.
type partitionState struct {
	watch   *classify.Watch
	summary sla.Summary // at Config.SummaryAt; the zero Summary before any ticket
	next    int64
	dirty   bool // records seen since the last checkpoint
}

// Run consumes cfg.Complaints as a member of cfg.Group until ctx is done.
// Each assigned partition gets its own classify.Watch and SLA summary,
// restored from the partition's last checkpoint; every complaint is
// classified and observed, its alerts produced to cfg.Alerts, and its
// ticket (opened at the complaint's time, at the classified level) added
// to the partition's summary: each poll's tickets are summarized at
// cfg.SummaryAt and merged in (sla.Summary.Merge). After each poll the
// partition is checkpointed (the next offset, the summary and the Watch's
// snapshot in one record), its summary shipped to cfg.Summaries and the
// offset committed. A partition taken over from another member goes on from
// its checkpoint: records the checkpoint already holds are skipped, so no
// complaint is counted twice.
//
// The rules must partition by customer (classify.Watch.PartitionBy), the
// topic's key: then a Watch per partition raises exactly the alerts one
// Watch over the whole stream would. Rules over all events or by SKU need a
// topic keyed so (or with one partition): see the README, "Running across
// replicas".
func Run(ctx context.Context, cfg Config) error {
	probe, err := classify.NewWatch(cfg.Rules)
	if err != nil {
		return err
	}
	if p := probe.PartitionBy(); p != classify.PartitionByCustomer {
		return fmt.Errorf("the rules partition by %s, not by customer (the complaints topic's key)", p)
	}
	if cfg.Classifier == nil {
		cfg.Classifier = classify.Default()
	}
	if cfg.SummaryAt.IsZero() || cfg.Summaries == "" {
		return errors.New("no SummaryAt or no Summaries topic: the summaries need both")
	}
	if cfg.Policy == nil {
		c, err := slacn.New()
		if err != nil {
			return err
		}
		cfg.Policy = sla.Default(c)
	}
	w := &watcher{cfg: cfg, states: map[int32]*partitionState{}}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumerGroup(cfg.Group),
		kgo.ConsumeTopics(cfg.Complaints),
		kgo.DisableAutoCommit(),
		// Rebalances happen between polls, when every partition's state
		// is checkpointed: the callbacks need no lock against processing.
		kgo.BlockRebalanceOnPoll(),
		kgo.OnPartitionsAssigned(w.assigned),
		kgo.OnPartitionsRevoked(w.revoked),
		kgo.OnPartitionsLost(w.lost),
		// Alerts go to partition 0 of their topic, checkpoints and
		// summaries to the partition of their complaints.
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
	}, cfg.ClientOpts...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	w.cl = cl
	defer func() {
		// Leave the group only once everything seen is checkpointed.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		w.checkpointAll(ctx)
		cl.Close()
	}()
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			cl.AllowRebalance()
			return w.err()
		}
		fetches.EachError(func(topic string, p int32, err error) {
			w.fail(fmt.Errorf("fetch %s/%d: %w", topic, p, err))
		})
		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			w.process(ctx, p.Partition, p.Records)
		})
		w.checkpointAll(ctx)
		cl.AllowRebalance()
		if err := w.err(); err != nil {
			return err
		}
	}
}

type watcher struct {
	cfg    Config
	cl     *kgo.Client
	mu     sync.Mutex // states and firstErr; callbacks run on the client's goroutines
	states map[int32]*partitionState
	first  error
}

func (w *watcher) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first == nil && !errors.Is(err, context.Canceled) {
		w.first = err
	}
}

func (w *watcher) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

func (w *watcher) state(p int32) *partitionState {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.states[p]
}

// process classifies and observes one partition's records, produces their
// alerts and adds their tickets to the partition's summary.
func (w *watcher) process(ctx context.Context, p int32, records []*kgo.Record) {
	st := w.state(p)
	if st == nil {
		return // not ours any more
	}
	var out []*kgo.Record
	var tickets []sla.Ticket
	for _, rec := range records {
		if rec.Offset < st.next {
			continue // already in the checkpoint
		}
		st.next, st.dirty = rec.Offset+1, true
		var c Complaint
		if err := json.Unmarshal(rec.Value, &c); err != nil {
			continue // a malformed record is skipped, not retried forever
		}
		ev, t := classified(w.cfg.Classifier, c)
		if !t.Opened.After(w.cfg.SummaryAt) {
			tickets = append(tickets, t)
		}
		for _, a := range st.watch.Observe(ev) {
			v, _ := json.Marshal(AlertRecord{
				Partition: p, Offset: rec.Offset, Rule: a.Rule, Group: a.Group,
				At: a.At, First: a.First, Count: a.Count, Codes: a.Codes,
			})
			out = append(out, &kgo.Record{Topic: w.cfg.Alerts, Partition: 0, Key: []byte(a.Rule + "/" + a.Group), Value: v})
		}
	}
	if len(tickets) > 0 {
		// The summary of these tickets merges into that of the ones
		// before: counts exactly, percentiles within
		// sla.PercentileRelativeError, however the polls cut the stream.
		s := w.cfg.Policy.Summarize(tickets, w.cfg.SummaryAt, sla.GroupByTag(codeTag))
		if err := st.summary.Merge(&s); err != nil {
			w.fail(fmt.Errorf("partition %d: summary: %w", p, err))
		}
	}
	if len(out) > 0 {
		if err := w.cl.ProduceSync(ctx, out...).FirstErr(); err != nil {
			w.fail(fmt.Errorf("produce alerts: %w", err))
		}
	}
}

// classified classifies a complaint into the Watch's event and its SLA
// ticket: opened at the complaint's time, at the classified level, tagged
// with the code.
func classified(cl *classify.Classifier, c Complaint) (classify.Event, sla.Ticket) {
	r := cl.Classify(classify.Complaint{Text: c.Text})
	return classify.Event{At: c.At, Code: r.Code, CustomerID: c.CustomerID, OrderID: c.OrderID, Key: c.SKU},
		sla.Ticket{ID: c.ID, Level: r.Level, Opened: c.At, RespondedAt: c.RespondedAt, ResolvedAt: c.ResolvedAt,
			Tags: map[string]string{codeTag: r.Code.String()}}
}

// checkpointVersion is the format of a checkpoint record: the version (one
// byte), the next offset (8 bytes, big-endian), the length of the
// SummaryRecord's JSON (uvarint), that JSON, then the Watch's snapshot.
// The format before had no version (its first byte, the top byte of the
// offset, is 0) and no summary; it is not read.
const checkpointVersion = 1

func appendCheckpoint(b []byte, next int64, summary []byte, watch *classify.Watch) []byte {
	b = append(b, checkpointVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(next))
	b = binary.AppendUvarint(b, uint64(len(summary)))
	b = append(b, summary...)
	return watch.AppendSnapshot(b)
}

// parseCheckpoint splits a checkpoint record into the next offset, the
// SummaryRecord and the Watch's snapshot.
func parseCheckpoint(v []byte) (next int64, sum SummaryRecord, snapshot []byte, err error) {
	if len(v) == 0 || v[0] != checkpointVersion {
		if len(v) > 0 {
			return 0, sum, nil, fmt.Errorf("checkpoint version %d, this build reads %d", v[0], checkpointVersion)
		}
		return 0, sum, nil, errors.New("empty checkpoint")
	}
	if len(v) < 9 {
		return 0, sum, nil, errors.New("checkpoint too short")
	}
	next = int64(binary.BigEndian.Uint64(v[1:9]))
	n, k := binary.Uvarint(v[9:])
	if k <= 0 || n > uint64(len(v)-9-k) {
		return 0, sum, nil, errors.New("checkpoint: summary cut short")
	}
	rest := v[9+k:]
	if err := json.Unmarshal(rest[:n], &sum); err != nil {
		return 0, sum, nil, fmt.Errorf("checkpoint: summary: %w", err)
	}
	if sum.Next != next {
		return 0, sum, nil, fmt.Errorf("checkpoint: summary up to offset %d, checkpoint up to %d", sum.Next, next)
	}
	return next, sum, rest[n:], nil
}

// checkpointAll checkpoints every partition with records since its last
// checkpoint, then commits their offsets.
func (w *watcher) checkpointAll(ctx context.Context) {
	w.mu.Lock()
	parts := make(map[int32]*partitionState)
	for p, st := range w.states {
		if st.dirty {
			parts[p] = st
		}
	}
	w.mu.Unlock()
	w.checkpoint(ctx, parts)
}

// checkpoint writes each partition's next offset, summary and snapshot to
// the partition's checkpoint partition and its summary to its summaries
// partition, then commits the offsets: the committed offset never passes
// the checkpoint, so a member taking over restores the checkpoint and skips
// what it holds.
func (w *watcher) checkpoint(ctx context.Context, parts map[int32]*partitionState) {
	if len(parts) == 0 {
		return
	}
	var recs []*kgo.Record
	offsets := map[int32]kgo.EpochOffset{}
	for p, st := range parts {
		sum, err := json.Marshal(SummaryRecord{Partition: p, Next: st.next, At: w.cfg.SummaryAt, Summary: st.summary})
		if err != nil {
			w.fail(fmt.Errorf("partition %d: summary: %w", p, err))
			return
		}
		recs = append(recs,
			&kgo.Record{Topic: w.cfg.Checkpoints, Partition: p, Value: appendCheckpoint(nil, st.next, sum, st.watch)},
			&kgo.Record{Topic: w.cfg.Summaries, Partition: p, Key: fmt.Append(nil, p), Value: sum})
		offsets[p] = kgo.EpochOffset{Epoch: -1, Offset: st.next}
	}
	if err := w.cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		w.fail(fmt.Errorf("produce checkpoints: %w", err))
		return
	}
	var commitErr error
	w.cl.CommitOffsetsSync(ctx, map[string]map[int32]kgo.EpochOffset{w.cfg.Complaints: offsets},
		func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
			commitErr = err
			if err == nil {
				for _, t := range resp.Topics {
					for _, p := range t.Partitions {
						if e := kerr.ErrorForCode(p.ErrorCode); e != nil && commitErr == nil {
							commitErr = e
						}
					}
				}
			}
		})
	if commitErr != nil {
		// The checkpoint is written: the next owner skips what it holds.
		w.fail(fmt.Errorf("commit: %w", commitErr))
		return
	}
	for p, st := range parts {
		st.dirty = false
		if w.cfg.OnCheckpoint != nil {
			w.cfg.OnCheckpoint(p, st.next)
		}
	}
}

// assigned restores each new partition's Watch and summary from its last
// checkpoint, or starts them empty.
func (w *watcher) assigned(ctx context.Context, _ *kgo.Client, topics map[string][]int32) {
	parts := topics[w.cfg.Complaints]
	if len(parts) == 0 {
		return
	}
	adm := kadm.NewClient(w.cl)
	ends, err := adm.ListEndOffsets(ctx, w.cfg.Checkpoints)
	if err != nil {
		w.fail(fmt.Errorf("list checkpoint offsets: %w", err))
		return
	}
	for _, p := range parts {
		watch, err := classify.NewWatch(w.cfg.Rules)
		if err != nil {
			w.fail(err)
			return
		}
		st := &partitionState{watch: watch}
		if end, ok := ends.Lookup(w.cfg.Checkpoints, p); ok && end.Err == nil && end.Offset > 0 {
			v, err := readRecord(ctx, w.cfg, w.cfg.Checkpoints, p, end.Offset-1)
			var sum SummaryRecord
			var snapshot []byte
			if err == nil {
				st.next, sum, snapshot, err = parseCheckpoint(v)
			}
			if err == nil && !sum.At.Equal(w.cfg.SummaryAt) {
				err = fmt.Errorf("the checkpoint's summary is at %v, not at %v (SummaryAt)", sum.At, w.cfg.SummaryAt)
			}
			if err == nil {
				st.summary = sum.Summary
				// A checkpoint of other rules (they changed since) or a
				// corrupt one is an error to look at, not to skip: the
				// Watch would miss what it held.
				err = watch.Restore(snapshot)
			}
			if err != nil {
				w.fail(fmt.Errorf("restore partition %d: %w", p, err))
				return
			}
		}
		w.mu.Lock()
		w.states[p] = st
		w.mu.Unlock()
	}
}

// readRecord reads the record at offset of topic's partition p.
func readRecord(ctx context.Context, cfg Config, topic string, p int32, offset int64) ([]byte, error) {
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {p: kgo.NewOffset().At(offset)}}),
	}, cfg.ClientOpts...)...)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := fetches.Err(); err != nil {
			return nil, err
		}
		for it := fetches.RecordIter(); !it.Done(); {
			if r := it.Next(); r.Offset == offset {
				return r.Value, nil
			}
		}
	}
}

// revoked checkpoints the partitions leaving this member, so that the next
// owner goes on from where it stopped.
func (w *watcher) revoked(ctx context.Context, _ *kgo.Client, topics map[string][]int32) {
	parts := map[int32]*partitionState{}
	w.mu.Lock()
	for _, p := range topics[w.cfg.Complaints] {
		if st := w.states[p]; st != nil {
			if st.dirty {
				parts[p] = st
			}
			delete(w.states, p)
		}
	}
	w.mu.Unlock()
	w.checkpoint(ctx, parts)
}

// lost drops partitions taken away without a clean revoke: their new owner
// goes on from their last checkpoint.
func (w *watcher) lost(_ context.Context, _ *kgo.Client, topics map[string][]int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range topics[w.cfg.Complaints] {
		delete(w.states, p)
	}
}
