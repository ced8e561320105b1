package sla_test

import (
	"fmt"
	"time"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/aftersales-go/aftersales/sla/cn"
)

// The deadlines of a complaint opened on Friday evening before the Qingming
// break (Saturday 4 – Monday 6 April 2026). Level 2 hours are elapsed time,
// so the holiday does not stop them; level 4 targets count working time and
// wait for Tuesday.
func ExamplePolicy_Due() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	p := sla.Default(c)
	opened := time.Date(2026, 4, 3, 19, 30, 0, 0, cn.Location())
	for _, l := range []sla.Level{sla.Level2, sla.Level4} {
		for _, m := range []sla.Metric{sla.Response, sla.Resolution} {
			due, err := p.Due(l, m, opened)
			if err != nil {
				panic(err)
			}
			ts, _ := p.TargetsFor(l)
			fmt.Printf("%v %-10v %-16v %s\n", l, m, ts.For(m), due.Format("Mon 2 Jan 15:04"))
		}
	}
	// Output:
	// L2 response   4h elapsed       Fri 3 Apr 23:30
	// L2 resolution 48h elapsed      Sun 5 Apr 19:30
	// L4 response   8h working time  Tue 7 Apr 17:00
	// L4 resolution 5 working days   Mon 13 Apr 18:00
}

// National Day 2026 runs from 1 to 7 October, and Saturday 10 October is a
// make-up working day.
func ExampleCalendar_AddWorkingDays() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	wed := time.Date(2026, 9, 30, 10, 0, 0, 0, cn.Location())
	for n := 1; n <= 3; n++ {
		due, _ := c.AddWorkingDays(wed, n)
		fmt.Println(n, due.Format("Mon 2 Jan 15:04"))
	}
	// Output:
	// 1 Thu 8 Oct 18:00
	// 2 Fri 9 Oct 18:00
	// 3 Sat 10 Oct 18:00
}

// A deadline that ends exactly at closing time stays at closing time.
func ExampleCalendar_AddWorkingTime() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	fri := time.Date(2026, 2, 13, 10, 0, 0, 0, cn.Location()) // before the Spring Festival
	for _, d := range []time.Duration{8 * time.Hour, 17 * time.Hour, 18 * time.Hour} {
		due, _ := c.AddWorkingTime(fri, d)
		fmt.Println(d, due.Format("Mon 2 Jan 15:04"))
	}
	// Output:
	// 8h0m0s Fri 13 Feb 18:00
	// 17h0m0s Sat 14 Feb 18:00
	// 18h0m0s Tue 24 Feb 10:00
}

// Evaluate tells where each clock stands and when to look again.
func ExamplePolicy_Evaluate() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	p := sla.Default(c)
	opened := time.Date(2026, 3, 2, 10, 0, 0, 0, cn.Location())
	t := sla.Ticket{
		ID:          "C-1001",
		Level:       sla.Level2,
		Opened:      opened,
		RespondedAt: opened.Add(5 * time.Hour),
		// Waiting two hours for the customer's photos.
		Pauses: []sla.Interval{{Start: opened.Add(2 * time.Hour), End: opened.Add(4 * time.Hour)}},
	}
	r, err := p.Evaluate(t, opened.Add(30*time.Hour))
	if err != nil {
		panic(err)
	}
	for _, c := range []sla.Clock{r.Response, r.Resolution, r.Feedback} {
		if c.State == sla.Inactive {
			fmt.Printf("%-10v %v\n", c.Metric, c.State)
			continue
		}
		fmt.Printf("%-10v %-8v due %s, %v left, %.0f%% used\n",
			c.Metric, c.State, c.Due.Format("Mon 15:04"), c.Remaining, 100*c.Used)
	}
	fmt.Println("next alert", r.NextAlert.Format("Mon 15:04"))
	// Output:
	// response   met      due Mon 16:00, 1h0m0s left, 75% used
	// resolution running  due Wed 12:00, 20h0m0s left, 58% used
	// feedback   inactive
	// next alert Wed 00:00
}

// Summarize turns tickets into the manual's handling-quality figures.
func ExamplePolicy_Summarize() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	p := sla.Default(c)
	mon := time.Date(2026, 3, 2, 9, 0, 0, 0, cn.Location())
	tickets := []sla.Ticket{
		{ID: "C-1", Level: sla.Level2, Opened: mon, RespondedAt: mon.Add(time.Hour), ResolvedAt: mon.Add(20 * time.Hour)},
		{ID: "C-2", Level: sla.Level2, Opened: mon, RespondedAt: mon.Add(5 * time.Hour), ResolvedAt: mon.Add(30 * time.Hour)},
		{ID: "C-3", Level: sla.Level4, Opened: mon, RespondedAt: mon.Add(2 * time.Hour)},
		{ID: "C-4", Level: sla.Level2, Opened: mon, ResolvedAt: mon.Add(-time.Hour)}, // bad data
	}
	s := p.Summarize(tickets, mon.AddDate(0, 0, 3))
	o := s.Overall
	fmt.Printf("%d tickets, %d open, %d breached\n", o.Tickets, o.Open, o.Breached)
	fmt.Printf("on time: response %.0f%%, resolution %.0f%%\n", 100*o.Response.OnTimeRate(), 100*o.Resolution.OnTimeRate())
	fmt.Printf("handling: median %v, max %v (working time: median %v)\n",
		o.HandlingTime.Median, o.HandlingTime.Max, o.HandlingWorkingTime.Median)
	for _, bad := range s.Invalid {
		fmt.Println("left out:", bad.ID)
	}
	// Output:
	// 3 tickets, 1 open, 1 breached
	// on time: response 67%, resolution 100%
	// handling: median 20h0m0s, max 30h0m0s (working time: median 9h0m0s)
	// left out: C-4
}
