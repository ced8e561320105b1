package classify_test

import (
	"fmt"
	"time"

	"github.com/aftersales-go/aftersales/classify"
)

// A threshold per SKU family and a repeat rule, read from YAML, watching a
// stream of classified complaints.
func ExampleWatch() {
	rules, err := classify.ParseWatchRules([]byte(`
rules:
  - name: quality-burst      # more than 2 quality complaints on one SKU family in 1h
    kind: threshold
    categories: [product]
    by: key
    window: 1h
    at_least: 3
  - name: repeat-customer    # 投诉重复率: the same customer again within 30 days
    kind: repeat
    by: customer
    window: 30d
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := classify.NewWatch(rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, e := range []classify.Event{
		{At: t0, Code: classify.CodeQuality, CustomerID: "c1", Key: "kettle"},
		{At: t0.Add(20 * time.Minute), Code: classify.CodeSafetyHazard, CustomerID: "c2", Key: "kettle"},
		{At: t0.Add(30 * time.Minute), Code: classify.CodeQuality, CustomerID: "c3", Key: "phone"},
		{At: t0.Add(50 * time.Minute), Code: classify.CodeQuality, CustomerID: "c4", Key: "kettle"},
		{At: t0.Add(72 * time.Hour), Code: classify.CodeRefund, CustomerID: "c1"},
	} {
		for _, a := range w.Observe(e) {
			fmt.Println(a)
		}
	}
	// Output:
	// quality-burst [kettle]: 3 events in 1h to 2025-03-01T09:50:00Z (1001×2 1005×1)
	// repeat-customer [c1]: 2 events in 30d to 2025-03-04T09:00:00Z (1001×1 3002×1)
}

// A spike: ≥ 3× the previous day's hourly mean and at least 5 events.
// Scan takes a batch in any order.
func ExampleScan() {
	rules := []classify.WatchRule{{
		Name: "logistics-spike", Kind: classify.WatchSpike,
		Categories: []classify.Category{classify.CategoryLogistics},
		Window:     time.Hour, Baseline: 24 * time.Hour, Factor: 3, AtLeast: 5,
	}}
	t0 := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	var events []classify.Event
	for h := range 24 { // a quiet day: two late deliveries an hour
		for m := range 2 {
			events = append(events, classify.Event{At: t0.Add(time.Duration(h)*time.Hour + time.Duration(m)*30*time.Minute), Code: classify.CodeLateDelivery})
		}
	}
	for m := range 7 { // then seven in twenty minutes
		events = append(events, classify.Event{At: t0.Add(25*time.Hour + time.Duration(m)*3*time.Minute), Code: classify.CodeLostParcel})
	}
	for _, a := range classify.Scan(events, rules) {
		fmt.Println(a)
		fmt.Println("first:", a.First.Format(time.Kitchen), "baseline:", a.Baseline)
	}
	// The sixth of them is 3× the mean of 2 an hour.

	// Output:
	// logistics-spike: 6 events in 1h to 2025-03-03T01:15:00Z, baseline 2.00 (2004×6)
	// first: 1:00AM baseline: 2
}

// A replica checkpoints its Watch; after a failover another one restores
// the checkpoint and goes on: the repeat spans both.
func ExampleWatch_Snapshot() {
	rules := []classify.WatchRule{{Name: "repeat-customer", Kind: classify.WatchRepeat, By: classify.WatchByCustomer, Window: 30 * 24 * time.Hour, AtLeast: 2}}
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

	w, _ := classify.NewWatch(rules)
	w.Observe(classify.Event{At: t0, Code: classify.CodeQuality, CustomerID: "c1"})
	checkpoint := w.Snapshot() // store it with the offset of the next event

	restored, _ := classify.NewWatch(rules) // the same rules, in another process
	if err := restored.Restore(checkpoint); err != nil {
		fmt.Println(err) // wraps ErrSnapshotVersion, ErrSnapshotRules or ErrSnapshotCorrupt
		return
	}
	for _, a := range restored.Observe(classify.Event{At: t0.Add(48 * time.Hour), Code: classify.CodeRefund, CustomerID: "c1"}) {
		fmt.Println(a)
	}
	fmt.Println("partition by:", restored.PartitionBy())
	// Output:
	// repeat-customer [c1]: 2 events in 30d to 2025-03-03T09:00:00Z (1001×1 3002×1)
	// partition by: customer
}
