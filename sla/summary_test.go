package sla_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
)

func TestSummarize(t *testing.T) {
	p := sla.Default(prc(t))
	mon := func(h, m int) time.Time { return at(2026, 3, 2, h, m) }
	now := at(2026, 3, 4, 12, 0) // Wednesday
	tickets := []sla.Ticket{
		// L2, responded and resolved on time, feedback on time.
		{ID: "a", Level: sla.Level2, Opened: mon(10, 0), RespondedAt: mon(11, 0), ResolvedAt: mon(20, 0),
			FeedbackAt: at(2026, 3, 3, 10, 0), Tags: map[string]string{"agent": "li"}},
		// L2, responded late, still open (resolution due Wed 10:00: breached).
		{ID: "b", Level: sla.Level2, Opened: mon(10, 0), RespondedAt: mon(15, 0), Tags: map[string]string{"agent": "li"}},
		// L1 resolved in 30h: missed the 24h plan; feedback running.
		{ID: "c", Level: sla.Level1, Opened: mon(9, 0), RespondedAt: mon(10, 0), ResolvedAt: at(2026, 3, 3, 15, 0),
			Tags: map[string]string{"agent": "wang"}},
		// L4 opened this morning: response at 3/8 working hours, running.
		{ID: "d", Level: sla.Level4, Opened: at(2026, 3, 4, 9, 0)},
		// L2 opened at 06:00 today: response at 6h/4h, breached… at 3h/4h: at risk.
		{ID: "e", Level: sla.Level2, Opened: at(2026, 3, 4, 9, 0)},
		// Bad data: resolved before opened.
		{ID: "bad", Level: sla.Level2, Opened: mon(10, 0), ResolvedAt: mon(9, 0)},
		// Unknown level.
		{ID: "worse", Level: 9, Opened: mon(10, 0)},
	}
	s := p.Summarize(tickets, now, sla.GroupByTag("agent"))

	if len(s.Invalid) != 2 || s.Invalid[0].ID != "bad" || s.Invalid[0].Index != 5 ||
		!errors.Is(s.Invalid[0].Err, sla.ErrInvalidTicket) || !errors.Is(s.Invalid[1].Err, sla.ErrUnknownLevel) {
		t.Errorf("Invalid = %+v", s.Invalid)
	}
	o := s.Overall
	if o.Tickets != 5 || o.Open != 3 || o.Breached != 2 || o.AtRisk != 1 {
		t.Errorf("overall tickets %d open %d breached %d at risk %d; want 5 3 2 1", o.Tickets, o.Open, o.Breached, o.AtRisk)
	}
	if want := (sla.Outcomes{Met: 2, Missed: 1, AtRisk: 1, Running: 1}); o.Response != want {
		t.Errorf("response outcomes %+v, want %+v", o.Response, want)
	}
	if want := (sla.Outcomes{Met: 1, Missed: 1, Breached: 1, Running: 2}); o.Resolution != want {
		t.Errorf("resolution outcomes %+v, want %+v", o.Resolution, want)
	}
	if want := (sla.Outcomes{Met: 1, Running: 1}); o.Feedback != want {
		t.Errorf("feedback outcomes %+v, want %+v", o.Feedback, want)
	}
	if r := o.Response.OnTimeRate(); !near(r, 2.0/3) {
		t.Errorf("on-time response rate %v, want 2/3", r)
	}
	if got := (sla.Outcomes{}).OnTimeRate(); got != 0 {
		t.Errorf("empty on-time rate %v, want 0", got)
	}
	// Handling: a in 10h (8h working: Mon 10–18), c in 30h (Mon 9–18 + Tue 9–15 = 15h).
	if want := (sla.Durations{N: 2, Mean: 20 * time.Hour, Median: 10 * time.Hour, P90: 30 * time.Hour, Max: 30 * time.Hour}); o.HandlingTime != want {
		t.Errorf("handling time %+v, want %+v", o.HandlingTime, want)
	}
	if want := (sla.Durations{N: 2, Mean: 11*time.Hour + 30*time.Minute, Median: 8 * time.Hour, P90: 15 * time.Hour, Max: 15 * time.Hour}); o.HandlingWorkingTime != want {
		t.Errorf("handling working time %+v, want %+v", o.HandlingWorkingTime, want)
	}

	if l2 := s.ByLevel[sla.Level2]; l2.Tickets != 3 || l2.Breached != 1 || l2.AtRisk != 1 {
		t.Errorf("L2: %+v", l2)
	}
	if _, ok := s.ByLevel[sla.Level3]; ok || len(s.ByLevel) != 3 {
		t.Errorf("ByLevel has levels %v", s.ByLevel)
	}
	if li, wang, none := s.Groups["li"], s.Groups["wang"], s.Groups[""]; li.Tickets != 2 || wang.Tickets != 1 || none.Tickets != 2 {
		t.Errorf("groups li %d wang %d untagged %d", li.Tickets, wang.Tickets, none.Tickets)
	}
	if s := p.Summarize(nil, now); s.Overall.Tickets != 0 || s.Groups != nil || len(s.ByLevel) != 0 {
		t.Errorf("empty summary %+v", s)
	}
}

func TestDurationsPercentiles(t *testing.T) {
	p := &sla.Policy{Targets: map[sla.Level]sla.Targets{sla.Level1: {Resolution: sla.Elapsed(time.Hour)}}}
	opened := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var tickets []sla.Ticket
	for i := 10; i >= 1; i-- { // handling times 1h … 10h, unsorted
		tickets = append(tickets, sla.Ticket{Level: sla.Level1, Opened: opened, ResolvedAt: opened.Add(time.Duration(i) * time.Hour)})
	}
	got := p.Summarize(tickets, opened.AddDate(0, 0, 1)).Overall
	want := sla.Durations{N: 10, Mean: 5*time.Hour + 30*time.Minute, Median: 5 * time.Hour, P90: 9 * time.Hour, Max: 10 * time.Hour}
	if got.HandlingTime != want || got.HandlingWorkingTime != (sla.Durations{}) {
		t.Errorf("durations %+v / %+v, want %+v and none without a calendar", got.HandlingTime, got.HandlingWorkingTime, want)
	}
	if got.Resolution.Met != 1 || got.Resolution.Missed != 9 {
		t.Errorf("resolution %+v", got.Resolution)
	}
}

// randomTickets returns n tickets opened during 2026 in all states.
func randomTickets(n int) []sla.Ticket {
	rng := rand.New(rand.NewPCG(7, 11))
	base := at(2026, 1, 5, 0, 0)
	ts := make([]sla.Ticket, n)
	for i := range ts {
		opened := base.Add(time.Duration(rng.IntN(300*24*60)) * time.Minute)
		t := sla.Ticket{Level: sla.Level(1 + rng.IntN(4)), Opened: opened}
		if rng.IntN(10) < 8 {
			t.RespondedAt = opened.Add(time.Duration(rng.IntN(10*60)) * time.Minute)
		}
		if rng.IntN(10) < 6 {
			t.ResolvedAt = opened.Add(time.Duration(rng.IntN(5*24*60)) * time.Minute)
			if rng.IntN(2) == 0 {
				t.FeedbackAt = t.ResolvedAt.Add(time.Duration(rng.IntN(5*24*60)) * time.Minute)
			}
		}
		if rng.IntN(10) == 0 {
			s := opened.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			t.Pauses = []sla.Interval{{Start: s, End: s.Add(time.Duration(rng.IntN(24*60)) * time.Minute)}}
		}
		ts[i] = t
	}
	return ts
}

func BenchmarkSummarize100k(b *testing.B) {
	p := sla.Default(prc(b))
	tickets := randomTickets(100_000)
	now := at(2026, 12, 1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		s := p.Summarize(tickets, now)
		if len(s.Invalid) > 0 {
			b.Fatal(s.Invalid[0].Err)
		}
	}
}
