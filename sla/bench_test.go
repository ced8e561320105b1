package sla_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/aftersales-go/aftersales/sla/cn"
)

// The benchmarks start on Friday 13 February 2026 at 10:00, the day before
// the make-up Saturday that opens the nine-day Spring Festival break, so
// that every deadline crosses it. The sla and rickar/cal benchmarks use the
// same calendar (cn.New and cn.BusinessCalendar are built from the same
// data; TestBusinessCalendarAgrees checks they agree).
var benchStart = time.Date(2026, 2, 13, 10, 0, 0, 0, cn.Location())

// Sinks keep the compiler from discarding results.
var (
	sinkTime   time.Time
	sinkReport sla.Report
)

func benchCalendar(b *testing.B) *sla.Calendar {
	c := prc(b)
	// Compile 2026 before timing: the one-off cost is BenchmarkCompileYear.
	if _, err := c.AddWorkingTime(benchStart, time.Hour); err != nil {
		b.Fatal(err)
	}
	return c
}

func benchRickar(b *testing.B) *cal.BusinessCalendar {
	bc, err := cn.BusinessCalendar()
	if err != nil {
		b.Fatal(err)
	}
	bc.AddWorkHours(benchStart, 40*time.Hour) // warm rickar's holiday cache
	return bc
}

func benchAdd(b *testing.B, d time.Duration) {
	c := benchCalendar(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime, _ = c.AddWorkingTime(benchStart, d)
	}
}

func BenchmarkAddWorkingTime8h(b *testing.B)  { benchAdd(b, 8*time.Hour) }
func BenchmarkAddWorkingTime40h(b *testing.B) { benchAdd(b, 40*time.Hour) }

func BenchmarkAddWorkingDays5(b *testing.B) {
	c := benchCalendar(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime, _ = c.AddWorkingDays(benchStart, 5)
	}
}

func BenchmarkWorkingTime(b *testing.B) {
	c := benchCalendar(b)
	to := benchStart.AddDate(0, 0, 14)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = c.WorkingTime(benchStart, to)
	}
}

func BenchmarkRickarAddWorkHours8h(b *testing.B) {
	bc := benchRickar(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime = bc.AddWorkHours(benchStart, 8*time.Hour)
	}
}

func BenchmarkRickarAddWorkHours40h(b *testing.B) {
	bc := benchRickar(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime = bc.AddWorkHours(benchStart, 40*time.Hour)
	}
}

func BenchmarkRickarWorkdaysFrom5(b *testing.B) {
	bc := benchRickar(b)
	b.ReportAllocs()
	for b.Loop() {
		sinkTime = bc.WorkdaysFrom(benchStart, 5)
	}
}

// BenchmarkCompileYear is the one-off cost of the first question about a
// year: asking the rickar/cal calendar about its 365 days.
func BenchmarkCompileYear(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		c := prc(b)
		b.StartTimer()
		sinkTime, _ = c.AddWorkingTime(benchStart, time.Hour)
	}
}

func BenchmarkDue(b *testing.B) {
	p := sla.Default(benchCalendar(b))
	b.ReportAllocs()
	for b.Loop() {
		sinkTime, _ = p.Due(sla.Level4, sla.Resolution, benchStart)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	p := sla.Default(benchCalendar(b))
	t := sla.Ticket{
		Level:       sla.Level4,
		Opened:      benchStart,
		RespondedAt: benchStart.Add(3 * time.Hour),
		Pauses:      []sla.Interval{{Start: benchStart.Add(4 * time.Hour), End: benchStart.Add(26 * time.Hour)}},
	}
	now := time.Date(2026, 2, 25, 11, 0, 0, 0, cn.Location())
	b.ReportAllocs()
	for b.Loop() {
		sinkReport, _ = p.Evaluate(t, now)
	}
}
