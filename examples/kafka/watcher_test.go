package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

const (
	complaintsTopic  = "complaints"
	alertsTopic      = "alerts"
	checkpointsTopic = "checkpoints"
	summariesTopic   = "summaries"
	partitions       = 4
)

var texts = []string{
	"买的保温杯才用了两天就不保温了，杯盖还漏水",
	"衣服洗了一次就掉色起球，质量太差",
	"收到的商品和描述不符，颜色不对",
	"快递一周了还没到，物流信息一直不更新",
	"包裹被快递员弄丢了",
	"付款扣了两次钱",
	"退款申请一直没有处理",
	"客服态度很差，一直不回复",
}

// summaryAt is the instant of the SLA summaries: the stream's last
// complaints come after it.
var summaryAt = time.Date(2026, 11, 14, 12, 0, 0, 0, time.UTC)

// stream is n complaints in time order, a few minutes apart, from 250
// customers (some unknown), deterministic. Most were responded to within
// 4 hours and most of those resolved within 2 days.
func stream(n int) []Complaint {
	rng := rand.New(rand.NewPCG(18, 18))
	handling := rand.New(rand.NewPCG(18, 3)) // its own source: the complaints stay those the alerts were tuned on
	t := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	var out []Complaint
	for i := range n {
		t = t.Add(time.Duration(rng.IntN(20)) * time.Minute)
		c := Complaint{ID: fmt.Sprint("c", i), At: t, OrderID: fmt.Sprint("o", rng.IntN(500)), SKU: fmt.Sprint("sku-", rng.IntN(10)), Text: texts[rng.IntN(len(texts))]}
		if rng.IntN(10) > 0 {
			c.CustomerID = fmt.Sprint("cust-", rng.IntN(250))
		}
		if h := handling.IntN(10); h > 0 {
			c.RespondedAt = t.Add(time.Duration(handling.IntN(4*60)) * time.Minute)
			if h > 2 {
				c.ResolvedAt = c.RespondedAt.Add(time.Duration(30+handling.IntN(48*60)) * time.Minute)
			}
		}
		out = append(out, c)
	}
	return out
}

func testRules(t *testing.T) []classify.WatchRule {
	rules, err := classify.ParseWatchRules([]byte(defaultRules))
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

func alertLine(rule, group string, at, first time.Time, count int, codes []classify.CodeCount) string {
	return fmt.Sprintf("%s [%s] at %s first %s n=%d %v", rule, group, at.UTC().Format(time.RFC3339), first.UTC().Format(time.RFC3339), count, codes)
}

// produce writes complaints keyed by customer and returns each partition's
// end offset after them.
func produce(t *testing.T, ctx context.Context, brokers []string, cs []Complaint) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var recs []*kgo.Record
	for _, c := range cs {
		v, _ := json.Marshal(c)
		r := &kgo.Record{Topic: complaintsTopic, Value: v}
		if c.CustomerID != "" {
			r.Key = []byte(c.CustomerID)
		}
		recs = append(recs, r)
	}
	// One at a time keeps each partition in the stream's order whatever
	// the client batches.
	for _, r := range recs {
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

func endOffsets(t *testing.T, ctx context.Context, brokers []string, topic string) map[int32]int64 {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) { out[o.Partition] = o.Offset })
	return out
}

// progress records the checkpointed offsets the members report.
type progress struct {
	mu      sync.Mutex
	next    map[int32]int64
	changed chan struct{}
}

func (p *progress) report(part int32, next int64) {
	p.mu.Lock()
	p.next[part] = max(p.next[part], next)
	p.mu.Unlock()
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// waitFor returns when every partition is checkpointed up to ends, or
// fails the test after a timeout.
func (p *progress) waitFor(t *testing.T, ends map[int32]int64, errs <-chan error) {
	t.Helper()
	timeout := time.After(40 * time.Second)
	for {
		p.mu.Lock()
		done := true
		for part, end := range ends {
			done = done && p.next[part] >= end
		}
		p.mu.Unlock()
		if done {
			return
		}
		select {
		case <-p.changed:
		case err := <-errs:
			t.Fatalf("a member stopped: %v", err)
		case <-timeout:
			t.Fatalf("timed out: checkpointed %v, want %v", p.next, ends)
		}
	}
}

// member runs Run until its context is cancelled; stop cancels it and
// returns Run's error.
func member(ctx context.Context, cfg Config, errs chan<- error) (stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, cfg)
		if err != nil && ctx.Err() == nil {
			errs <- err
		}
		done <- err
	}()
	return func() error {
		cancel()
		return <-done
	}
}

// The example end to end on an in-process Kafka: the first half of the
// stream is watched by one member, which stops; the second half by two new
// members, which restore its checkpoints and share the partitions. The
// alerts on the topic (without the repeats a failover may produce) are
// exactly those of one classify.Scan over the whole stream, and the
// partitions' SLA summaries, merged, are those of one Summarize over every
// complaint (percentiles within sla.PercentileRelativeError).
func TestKafkaWatchEqualsScan(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Second)
	defer cancel()
	cluster, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.SeedTopics(partitions, complaintsTopic, checkpointsTopic, summariesTopic),
		kfake.SeedTopics(1, alertsTopic),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	brokers := cluster.ListenAddrs()

	rules := testRules(t)
	all := stream(600)
	prog := &progress{next: map[int32]int64{}, changed: make(chan struct{}, 1)}
	errs := make(chan error, 4)
	cfg := Config{
		Brokers: brokers, Group: "watch",
		Complaints: complaintsTopic, Alerts: alertsTopic, Checkpoints: checkpointsTopic,
		Summaries: summariesTopic, SummaryAt: summaryAt,
		Rules: rules, OnCheckpoint: prog.report,
		ClientOpts: []kgo.Opt{kgo.FetchMaxWait(100 * time.Millisecond)},
	}

	// Phase 1: one member, the first half.
	produce(t, ctx, brokers, all[:len(all)/2])
	stopA := member(ctx, cfg, errs)
	ends1 := endOffsets(t, ctx, brokers, complaintsTopic)
	prog.waitFor(t, ends1, errs)
	if err := stopA(); err != nil {
		t.Fatalf("member A: %v", err)
	}

	// Phase 2: two new members restore the checkpoints and read on.
	produce(t, ctx, brokers, all[len(all)/2:])
	stopB := member(ctx, cfg, errs)
	stopC := member(ctx, cfg, errs)
	ends2 := endOffsets(t, ctx, brokers, complaintsTopic)
	prog.waitFor(t, ends2, errs)
	for _, stop := range []func() error{stopB, stopC} {
		if err := stop(); err != nil {
			t.Fatalf("member: %v", err)
		}
	}

	// The alerts topic, without repeats.
	got, acrossRestore := readAlerts(t, ctx, brokers, all[len(all)/2].At)

	// One Scan over the whole stream.
	var events []classify.Event
	for _, c := range all {
		ev, _ := classified(classify.Default(), c)
		events = append(events, ev)
	}
	var want []string
	for _, a := range classify.Scan(events, rules) {
		want = append(want, alertLine(a.Rule, a.Group, a.At, a.First, a.Count, a.Codes))
	}
	slices.Sort(want)
	if len(want) < 20 {
		t.Fatalf("only %d alerts in the whole stream: the test is too weak", len(want))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("alerts on the topic differ from Scan's:\n got  %d %q\n want %d %q", len(got), got, len(want), want)
	}
	if acrossRestore == 0 {
		t.Error("no alert counts events from both phases: the checkpoints were not used")
	}
	t.Logf("%d alerts, %d of them over events from both members' phases", len(want), acrossRestore)

	// The summaries, merged by the collector.
	total, next, err := CollectSummaries(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for p, end := range ends2 {
		if next[p] != end {
			t.Fatalf("partition %d: summary up to offset %d, want %d", p, next[p], end)
		}
		if ends1[p] >= end {
			t.Fatalf("partition %d had no complaint in phase 2: its summary does not show the failover", p)
		}
	}
	// One Summarize over every complaint up to summaryAt.
	c, err := slacn.New()
	if err != nil {
		t.Fatal(err)
	}
	var tickets []sla.Ticket
	for _, cpl := range all {
		if _, tk := classified(classify.Default(), cpl); !tk.Opened.After(summaryAt) {
			tickets = append(tickets, tk)
		}
	}
	exact := sla.Default(c).Summarize(tickets, summaryAt, sla.GroupByTag(codeTag))
	o := exact.Overall
	if len(tickets) == len(all) || o.HandlingTime.N < 100 || o.Open < 20 || o.Breached == 0 || o.Resolution.Met == 0 {
		t.Fatalf("the tickets are too plain for the test: %d of %d complaints, %+v", len(tickets), len(all), o)
	}
	worst := sameSummary(t, total, exact)
	t.Logf("summaries: %d tickets (%d complaints after the instant left out), %d open, %d breached, %d at risk; "+
		"on time: response %d/%d, resolution %d/%d; %d levels, %d codes; handling time of %d: median %v (merged %v), p90 %v (merged %v); "+
		"largest percentile error %.3f%% (bound %.3f%%)",
		o.Tickets, len(all)-len(tickets), o.Open, o.Breached, o.AtRisk,
		o.Response.Met, o.Response.Decided(), o.Resolution.Met, o.Resolution.Decided(), len(exact.ByLevel), len(exact.Groups),
		o.HandlingTime.N, o.HandlingTime.Median, total.Overall.HandlingTime.Median, o.HandlingTime.P90, total.Overall.HandlingTime.P90,
		100*worst, 100*sla.PercentileRelativeError)
}

// sameSummary fails the test unless got has want's figures, overall, by
// level and by group: every count and so every on-time rate, and the
// handling times' N, Mean and Max exactly, their Median and P90 within
// sla.PercentileRelativeError. It returns the largest relative error of a
// percentile.
func sameSummary(t *testing.T, got, want sla.Summary) float64 {
	t.Helper()
	worst := 0.0
	same := func(name string, g, w sla.Stats) {
		for _, d := range []struct {
			name string
			g    *sla.Durations
			w    sla.Durations
		}{{"handling time", &g.HandlingTime, w.HandlingTime}, {"handling working time", &g.HandlingWorkingTime, w.HandlingWorkingTime}} {
			for _, q := range []struct {
				name string
				g    *time.Duration
				w    time.Duration
			}{{"median", &d.g.Median, d.w.Median}, {"p90", &d.g.P90, d.w.P90}} {
				e := 0.0
				if *q.g != q.w {
					e = math.Abs(float64(*q.g-q.w)) / float64(q.w)
				}
				worst = max(worst, e)
				if e > sla.PercentileRelativeError {
					t.Errorf("%s, %s %s: merged %v, Summarize %v (%.3f%% off)", name, d.name, q.name, *q.g, q.w, 100*e)
				}
				*q.g = q.w // compared; the rest must be equal
			}
		}
		if g != w {
			t.Errorf("%s: merged\n %+v\nSummarize\n %+v", name, g, w)
		}
		for _, r := range []struct {
			name string
			g, w sla.Outcomes
		}{{"response", g.Response, w.Response}, {"resolution", g.Resolution, w.Resolution}, {"feedback", g.Feedback, w.Feedback}} {
			if r.g.OnTimeRate() != r.w.OnTimeRate() {
				t.Errorf("%s: %s on-time rate %v, Summarize %v", name, r.name, r.g.OnTimeRate(), r.w.OnTimeRate())
			}
		}
	}
	same("overall", got.Overall, want.Overall)
	if len(got.ByLevel) != len(want.ByLevel) || len(got.Groups) != len(want.Groups) {
		t.Errorf("merged: %d levels and %d groups, Summarize %d and %d", len(got.ByLevel), len(got.Groups), len(want.ByLevel), len(want.Groups))
	}
	for l, w := range want.ByLevel {
		same(fmt.Sprint("level ", l), got.ByLevel[l], w)
	}
	for k, w := range want.Groups {
		same(fmt.Sprint("code ", k), got.Groups[k], w)
	}
	if len(got.Invalid)+len(want.Invalid) > 0 {
		t.Errorf("invalid tickets: merged %v, Summarize %v", got.Invalid, want.Invalid)
	}
	return worst
}

// readAlerts reads the whole alerts topic and returns its alerts without
// repeats (same partition, offset and rule), sorted, and how many of them
// count an event from before split and one from after.
func readAlerts(t *testing.T, ctx context.Context, brokers []string, split time.Time) ([]string, int) {
	t.Helper()
	end := endOffsets(t, ctx, brokers, alertsTopic)[0]
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{alertsTopic: {0: kgo.NewOffset().AtStart()}}),
		kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	seen := map[string]bool{}
	var out []string
	across := 0
	for next := int64(0); next < end; {
		fetches := cl.PollFetches(ctx)
		if err := fetches.Err(); err != nil {
			t.Fatalf("read alerts (%d of %d): %v", next, end, err)
		}
		for it := fetches.RecordIter(); !it.Done(); {
			r := it.Next()
			next = r.Offset + 1
			var a AlertRecord
			if err := json.Unmarshal(r.Value, &a); err != nil {
				t.Fatal(err)
			}
			id := fmt.Sprint(a.Partition, "/", a.Offset, "/", a.Rule)
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, alertLine(a.Rule, a.Group, a.At, a.First, a.Count, a.Codes))
			if a.First.Before(split) && !a.At.Before(split) {
				across++
			}
		}
	}
	slices.Sort(out)
	return out, across
}

// A checkpoint record holds the next offset, the summary and the Watch's
// snapshot; records of the format before (no version, no summary) and
// damaged ones are refused.
func TestCheckpointRecord(t *testing.T) {
	rules := testRules(t)
	watch, err := classify.NewWatch(rules)
	if err != nil {
		t.Fatal(err)
	}
	c, err := slacn.New()
	if err != nil {
		t.Fatal(err)
	}
	var tickets []sla.Ticket
	for _, cpl := range stream(50) {
		ev, tk := classified(classify.Default(), cpl)
		watch.Observe(ev)
		tickets = append(tickets, tk)
	}
	s := sla.Default(c).Summarize(tickets, summaryAt, sla.GroupByTag(codeTag))
	sum, err := json.Marshal(SummaryRecord{Partition: 2, Next: 50, At: summaryAt, Summary: s})
	if err != nil {
		t.Fatal(err)
	}
	v := appendCheckpoint(nil, 50, sum, watch)

	next, rec, snapshot, err := parseCheckpoint(v)
	if err != nil {
		t.Fatal(err)
	}
	restored, _ := classify.NewWatch(rules)
	if err := restored.Restore(snapshot); err != nil {
		t.Fatal(err)
	}
	var merged sla.Summary
	if err := merged.Merge(&rec.Summary); err != nil {
		t.Fatalf("the restored summary does not merge: %v", err)
	}
	if next != 50 || !rec.At.Equal(summaryAt) || rec.Summary.Overall != s.Overall || len(rec.Summary.Groups) != len(s.Groups) {
		t.Fatalf("round trip: next %d, at %v, %+v", next, rec.At, rec.Summary.Overall)
	}

	old := watch.AppendSnapshot(binary.BigEndian.AppendUint64(nil, 50)) // before the version
	for name, bad := range map[string][]byte{
		"empty":          nil,
		"old format":     old,
		"cut in offset":  v[:5],
		"cut in summary": v[:9+len(sum)/2],
		"other next":     appendCheckpoint(nil, 51, sum, watch),
	} {
		if _, _, _, err := parseCheckpoint(bad); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
