package classify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestWatchRulePartitionBy(t *testing.T) {
	h := time.Hour
	for _, tc := range []struct {
		rule WatchRule
		want WatchPartition
	}{
		{WatchRule{Kind: WatchThreshold, Window: h, AtLeast: 3}, PartitionNone},
		{WatchRule{Kind: WatchThreshold, Categories: []Category{CategoryProduct}, Window: h, AtLeast: 3}, PartitionByCategory},
		{WatchRule{Kind: WatchThreshold, Codes: []Code{1001, 1005}, Categories: []Category{CategoryProduct}, Window: h, AtLeast: 3}, PartitionByCategory},
		{WatchRule{Kind: WatchThreshold, Codes: []Code{1001, 2001}, Window: h, AtLeast: 3}, PartitionNone},
		{WatchRule{Kind: WatchThreshold, Codes: []Code{1001, 2001}, By: WatchByKey, Window: h, AtLeast: 3}, PartitionByKey},
		{WatchRule{Kind: WatchThreshold, Codes: []Code{2004}, Window: h, AtLeast: 3}, PartitionByCode},
		{WatchRule{Kind: WatchSpike, Codes: []Code{2001, 2004}, Window: h, Baseline: 24 * h, Factor: 3, AtLeast: 3}, PartitionByCategory},
		{WatchRule{Kind: WatchSpike, Window: h, Baseline: 24 * h, Factor: 3, AtLeast: 3}, PartitionNone},
		{WatchRule{Kind: WatchRepeat, By: WatchByCustomer, Window: h, AtLeast: 2}, PartitionByCustomer},
		{WatchRule{Kind: WatchRepeat, By: WatchByOrder, Codes: []Code{3001}, Window: h, AtLeast: 2}, PartitionByOrder},
	} {
		if got := tc.rule.PartitionBy(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.rule, got, tc.want)
		}
	}

	rules := []WatchRule{
		{Name: "a", Kind: WatchRepeat, By: WatchByCustomer, Window: h, AtLeast: 2},
		{Name: "b", Kind: WatchThreshold, By: WatchByCustomer, Categories: []Category{CategoryProduct}, Window: h, AtLeast: 2},
	}
	if got := mustWatch(t, rules).PartitionBy(); got != PartitionByCustomer {
		t.Errorf("watch: %s, want customer", got)
	}
	if got := mustWatch(t, rules, WithMaxGroups(10)).PartitionBy(); got != PartitionNone {
		t.Errorf("watch with a group cap: %s, want none", got)
	}
	rules = append(rules, WatchRule{Name: "c", Kind: WatchRepeat, By: WatchByOrder, Window: h, AtLeast: 2})
	if got := mustWatch(t, rules).PartitionBy(); got != PartitionNone {
		t.Errorf("watch by customer and order: %s, want none", got)
	}
	e := Event{Code: 2004, CustomerID: "c", OrderID: "o", Key: "k"}
	for p, want := range map[WatchPartition]string{PartitionNone: "", PartitionByCustomer: "c", PartitionByOrder: "o", PartitionByKey: "k", PartitionByCode: "2004", PartitionByCategory: "2"} {
		if got := p.Key(&e); got != want {
			t.Errorf("%s key %q, want %q", p, got, want)
		}
	}
}

// The property: split a time-ordered stream by a Watch's PartitionBy into
// a few parts, run a Watch on each — the same alerts, each raised by the
// same event, as one Watch over the whole stream.
func TestWatchPartitionedEqualsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 3))
	tried := map[WatchPartition]int{}
	for it := range 1500 {
		rules := randomRules(rng)
		// Keep the rules that split like the first one that splits at all.
		var p WatchPartition
		var kept []WatchRule
		for _, r := range rules {
			if p == PartitionNone {
				p = r.PartitionBy()
			}
			if p != PartitionNone && r.partitions()&(1<<p) != 0 {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			continue
		}
		w := mustWatch(t, kept)
		if got := w.PartitionBy(); kept[0].partitions()&(1<<got) == 0 || got == PartitionNone {
			t.Fatalf("rules %+v: watch partition %s", kept, got)
		}
		p = w.PartitionBy()
		tried[p]++
		events := randomStream(rng, 200, false)
		parts := 1 + rng.IntN(4)
		watches := make([]*Watch, parts)
		for i := range watches {
			watches[i] = mustWatch(t, kept)
		}
		var want, got []string
		for i, e := range events {
			for _, a := range w.Observe(e) {
				want = append(want, fmt.Sprint(i, " ", alertLine(a)))
			}
			part := watches[partOf(p.Key(&e), parts)]
			for _, a := range part.Observe(e) {
				got = append(got, fmt.Sprint(i, " ", alertLine(a)))
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: by %s into %d: rules %+v\n got  %q\n want %q", it, p, parts, kept, got, want)
		}
	}
	t.Logf("partitions tried: %v", tried)
	for _, p := range []WatchPartition{PartitionByCustomer, PartitionByOrder, PartitionByKey, PartitionByCategory} {
		if tried[p] == 0 {
			t.Errorf("no rules partitioned by %s: the test is too weak", p)
		}
	}
}

// partOf is a stand-in for Kafka's key hash.
func partOf(key string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return int(h % uint32(n))
}
