package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/aftersales-go/aftersales/classify"
)

const (
	complaintsTopic  = "complaints"
	alertsTopic      = "alerts"
	checkpointsTopic = "checkpoints"
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

// stream is n complaints in time order, a few minutes apart, from 250
// customers (some unknown), deterministic.
func stream(n int) []Complaint {
	rng := rand.New(rand.NewPCG(18, 18))
	t := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	var out []Complaint
	for i := range n {
		t = t.Add(time.Duration(rng.IntN(20)) * time.Minute)
		c := Complaint{ID: fmt.Sprint("c", i), At: t, OrderID: fmt.Sprint("o", rng.IntN(500)), SKU: fmt.Sprint("sku-", rng.IntN(10)), Text: texts[rng.IntN(len(texts))]}
		if rng.IntN(10) > 0 {
			c.CustomerID = fmt.Sprint("cust-", rng.IntN(250))
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
// exactly those of one classify.Scan over the whole stream.
func TestKafkaWatchEqualsScan(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Second)
	defer cancel()
	cluster, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.SeedTopics(partitions, complaintsTopic, checkpointsTopic),
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
		Rules: rules, OnCheckpoint: prog.report,
		ClientOpts: []kgo.Opt{kgo.FetchMaxWait(100 * time.Millisecond)},
	}

	// Phase 1: one member, the first half.
	produce(t, ctx, brokers, all[:len(all)/2])
	stopA := member(ctx, cfg, errs)
	prog.waitFor(t, endOffsets(t, ctx, brokers, complaintsTopic), errs)
	if err := stopA(); err != nil {
		t.Fatalf("member A: %v", err)
	}

	// Phase 2: two new members restore the checkpoints and read on.
	produce(t, ctx, brokers, all[len(all)/2:])
	stopB := member(ctx, cfg, errs)
	stopC := member(ctx, cfg, errs)
	prog.waitFor(t, endOffsets(t, ctx, brokers, complaintsTopic), errs)
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
		events = append(events, event(classify.Default(), c))
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
