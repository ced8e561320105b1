package sla_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/aftersales-go/aftersales/sla/cn"
)

// Two replicas summarize their own tickets at the same instant and ship
// the summaries as JSON; a collector merges them into the figures of all
// the tickets.
func ExampleSummary_Merge() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	p := sla.Default(c)
	mon := time.Date(2026, 3, 2, 9, 0, 0, 0, cn.Location())
	now := mon.AddDate(0, 0, 3) // the same instant on every replica
	shards := [][]sla.Ticket{
		{
			{ID: "C-1", Level: sla.Level2, Opened: mon, RespondedAt: mon.Add(time.Hour), ResolvedAt: mon.Add(20 * time.Hour)},
			{ID: "C-2", Level: sla.Level2, Opened: mon, RespondedAt: mon.Add(5 * time.Hour), ResolvedAt: mon.Add(30 * time.Hour)},
		},
		{
			{ID: "C-3", Level: sla.Level4, Opened: mon, RespondedAt: mon.Add(2 * time.Hour)},
			{ID: "C-4", Level: sla.Level1, Opened: mon, RespondedAt: mon.Add(time.Hour), ResolvedAt: mon.Add(10 * time.Hour)},
		},
	}
	var shipped [][]byte
	for _, tickets := range shards {
		b, err := json.Marshal(p.Summarize(tickets, now)) // MergeState travels as a string
		if err != nil {
			panic(err)
		}
		shipped = append(shipped, b)
	}

	var total sla.Summary // the zero Summary merges as the empty set
	for _, b := range shipped {
		var s sla.Summary
		if err := json.Unmarshal(b, &s); err != nil {
			panic(err)
		}
		if err := total.Merge(&s); err != nil {
			fmt.Println(err) // wraps ErrSummaryMismatch or ErrNotMergeable
			return
		}
	}
	o := total.Overall
	fmt.Printf("%d tickets, %d open, on time: response %.0f%%, resolution %.0f%%\n",
		o.Tickets, o.Open, 100*o.Response.OnTimeRate(), 100*o.Resolution.OnTimeRate())
	fmt.Printf("handling: %d resolved, mean %v, max %v, median ≈ %v\n",
		o.HandlingTime.N, o.HandlingTime.Mean, o.HandlingTime.Max, o.HandlingTime.Median.Round(time.Hour))
	// Output:
	// 4 tickets, 1 open, on time: response 75%, resolution 100%
	// handling: 3 resolved, mean 20h0m0s, max 30h0m0s, median ≈ 20h0m0s
}
