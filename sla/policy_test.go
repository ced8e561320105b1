package sla_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
)

func TestTargetString(t *testing.T) {
	for _, tc := range []struct {
		t    sla.Target
		want string
	}{
		{sla.Elapsed(2 * time.Hour), "2h elapsed"},
		{sla.Elapsed(90 * time.Minute), "1h30m elapsed"},
		{sla.WorkingTime(8 * time.Hour), "8h working time"},
		{sla.WorkingTime(45 * time.Second), "45s working time"},
		{sla.WorkingDays(1), "1 working day"},
		{sla.WorkingDays(5), "5 working days"},
		{sla.Target{}, "no target"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

// The manual's table, for a complaint opened on Friday 3 April 2026 at
// 19:30, the evening before Qingming (Saturday 4 – Monday 6 April).
func TestDefaultDue(t *testing.T) {
	p := sla.Default(prc(t))
	opened := at(2026, 4, 3, 19, 30)
	for _, tc := range []struct {
		level  sla.Level
		metric sla.Metric
		want   time.Time
	}{
		{sla.Level1, sla.Response, at(2026, 4, 3, 21, 30)},
		{sla.Level1, sla.Resolution, at(2026, 4, 4, 19, 30)},
		{sla.Level2, sla.Response, at(2026, 4, 3, 23, 30)},
		{sla.Level2, sla.Resolution, at(2026, 4, 5, 19, 30)},
		{sla.Level3, sla.Response, at(2026, 4, 4, 1, 30)},
		{sla.Level3, sla.Resolution, at(2026, 4, 6, 19, 30)},
		{sla.Level4, sla.Response, at(2026, 4, 7, 17, 0)},    // 8 working hours from Tuesday's opening
		{sla.Level4, sla.Resolution, at(2026, 4, 13, 18, 0)}, // 7, 8, 9, 10, 13 April
		{sla.Level2, sla.Feedback, at(2026, 4, 9, 18, 0)},    // 7, 8, 9 April, counted from the start
	} {
		got, err := p.Due(tc.level, tc.metric, opened)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("Due(%v, %v) = %v, %v; want %v", tc.level, tc.metric, got, err, tc.want)
		}
	}
	for _, l := range []sla.Level{0, 5, -1} {
		if _, err := p.Due(l, sla.Response, opened); !errors.Is(err, sla.ErrUnknownLevel) {
			t.Errorf("Due(level %d): %v, want ErrUnknownLevel", l, err)
		}
	}
	if _, err := p.Due(sla.Level1, sla.Metric(9), opened); !errors.Is(err, sla.ErrNoTarget) {
		t.Errorf("Due(metric 9): %v, want ErrNoTarget", err)
	}
	if _, err := sla.Default(nil).Due(sla.Level4, sla.Response, opened); err == nil {
		t.Error("working-time target without a calendar: no error")
	}
	if got, err := sla.Default(nil).Due(sla.Level1, sla.Response, opened); err != nil || !got.Equal(opened.Add(2*time.Hour)) {
		t.Errorf("elapsed target without a calendar = %v, %v", got, err)
	}
	bad := &sla.Policy{Calendar: p.Calendar, Targets: map[sla.Level]sla.Targets{
		sla.Level1: {Response: sla.Elapsed(-time.Hour)},
	}}
	if _, err := bad.Due(sla.Level1, sla.Response, opened); err == nil {
		t.Error("negative target: no error")
	}
	if _, err := bad.Due(sla.Level1, sla.Resolution, opened); !errors.Is(err, sla.ErrNoTarget) {
		t.Errorf("unset target: %v, want ErrNoTarget", err)
	}
	if _, err := bad.Due(sla.Level2, sla.Response, opened); !errors.Is(err, sla.ErrUnknownLevel) {
		t.Errorf("level missing from the policy: %v, want ErrUnknownLevel", err)
	}
}

func TestEvaluate(t *testing.T) {
	p := sla.Default(prc(t))
	mon := func(h, m int) time.Time { return at(2026, 3, 2, h, m) } // Monday 2 March 2026
	l2 := sla.Ticket{ID: "L2", Level: sla.Level2, Opened: mon(10, 0)}
	with := func(base sla.Ticket, f func(*sla.Ticket)) sla.Ticket { f(&base); return base }

	type want struct {
		metric    sla.Metric
		state     sla.State
		due       time.Time
		remaining time.Duration
		used      float64
	}
	for _, tc := range []struct {
		name      string
		ticket    sla.Ticket
		now       time.Time
		clocks    []want
		nextAlert time.Time
	}{
		{
			name: "fresh", ticket: l2, now: mon(11, 0),
			clocks: []want{
				{sla.Response, sla.Running, mon(14, 0), 3 * time.Hour, 0.25},
				{sla.Resolution, sla.Running, at(2026, 3, 4, 10, 0), 47 * time.Hour, 1.0 / 48},
				{sla.Feedback, sla.Inactive, time.Time{}, 0, 0},
			},
			nextAlert: mon(12, 0), // half of the 4h response target
		},
		{
			name: "at risk", ticket: l2, now: mon(13, 30),
			clocks:    []want{{sla.Response, sla.AtRisk, mon(14, 0), 30 * time.Minute, 0.875}},
			nextAlert: mon(14, 0),
		},
		{
			name: "at the deadline", ticket: l2, now: mon(14, 0),
			clocks:    []want{{sla.Response, sla.AtRisk, mon(14, 0), 0, 1}},
			nextAlert: at(2026, 3, 3, 10, 0), // half of the 48h resolution target
		},
		{
			name: "breached", ticket: l2, now: mon(15, 0),
			clocks:    []want{{sla.Response, sla.Breached, mon(14, 0), -time.Hour, 1.25}},
			nextAlert: at(2026, 3, 3, 10, 0),
		},
		{
			name: "met", ticket: with(l2, func(t *sla.Ticket) { t.RespondedAt = mon(12, 0) }), now: mon(15, 0),
			clocks:    []want{{sla.Response, sla.Met, mon(14, 0), 2 * time.Hour, 0.5}},
			nextAlert: at(2026, 3, 3, 10, 0),
		},
		{
			name: "met exactly at the deadline", ticket: with(l2, func(t *sla.Ticket) { t.RespondedAt = mon(14, 0) }), now: mon(15, 0),
			clocks:    []want{{sla.Response, sla.Met, mon(14, 0), 0, 1}},
			nextAlert: at(2026, 3, 3, 10, 0),
		},
		{
			name: "missed", ticket: with(l2, func(t *sla.Ticket) { t.RespondedAt = mon(15, 0) }), now: mon(16, 0),
			clocks:    []want{{sla.Response, sla.Missed, mon(14, 0), -time.Hour, 1.25}},
			nextAlert: at(2026, 3, 3, 10, 0),
		},
		{
			name: "a response after now has not happened yet", ticket: with(l2, func(t *sla.Ticket) { t.RespondedAt = mon(15, 0) }), now: mon(11, 0),
			clocks:    []want{{sla.Response, sla.Running, mon(14, 0), 3 * time.Hour, 0.25}},
			nextAlert: mon(12, 0),
		},
		{
			name: "paused two hours",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Pauses = []sla.Interval{{Start: mon(11, 0), End: mon(13, 0)}}
			}),
			now:       mon(14, 0),
			clocks:    []want{{sla.Response, sla.Running, mon(16, 0), 2 * time.Hour, 0.5}},
			nextAlert: mon(15, 0),
		},
		{
			name: "paused now: due as if resumed now",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Pauses = []sla.Interval{{Start: mon(11, 0)}} // still waiting on the customer
			}),
			now: mon(12, 0),
			clocks: []want{
				{sla.Response, sla.Paused, mon(15, 0), 3 * time.Hour, 0.25},
				{sla.Resolution, sla.Paused, at(2026, 3, 4, 11, 0), 47 * time.Hour, 1.0 / 48},
			},
			nextAlert: time.Time{}, // nothing to schedule while paused
		},
		{
			name: "overlapping, unsorted pauses are merged",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Pauses = []sla.Interval{{Start: mon(12, 0), End: mon(14, 0)}, {Start: mon(11, 0), End: mon(13, 0)}, {Start: mon(9, 0), End: mon(9, 30)}}
			}),
			now:       mon(16, 0),
			clocks:    []want{{sla.Response, sla.AtRisk, mon(17, 0), time.Hour, 0.75}},
			nextAlert: mon(17, 0),
		},
		{
			name: "a future pause is ignored",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Pauses = []sla.Interval{{Start: mon(12, 0), End: mon(14, 0)}}
			}),
			now:       mon(11, 0),
			clocks:    []want{{sla.Response, sla.Running, mon(14, 0), 3 * time.Hour, 0.25}},
			nextAlert: mon(12, 0),
		},
		{
			name: "breached before the pause stays breached",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Pauses = []sla.Interval{{Start: mon(15, 0)}}
			}),
			now:    mon(16, 0),
			clocks: []want{{sla.Response, sla.Breached, mon(14, 0), -time.Hour, 1.25}},
		},
		{
			// 8 working hours from 10:00 would end at 18:00; the pause
			// takes 12:00–18:00 and 09:00–10:00 next day.
			name: "working-time target paused overnight",
			ticket: sla.Ticket{Level: sla.Level4, Opened: mon(10, 0),
				Pauses: []sla.Interval{{Start: mon(12, 0), End: at(2026, 3, 3, 10, 0)}}},
			now: at(2026, 3, 3, 11, 0),
			clocks: []want{
				{sla.Response, sla.Running, at(2026, 3, 3, 16, 0), 5 * time.Hour, 3.0 / 8},
				// 5 working days = 8h + 5×9h of working time, plus 7h paused
				{sla.Resolution, sla.Running, at(2026, 3, 10, 16, 0), 50 * time.Hour, 3.0 / 53},
			},
			nextAlert: at(2026, 3, 3, 12, 0), // half of 8h
		},
		{
			name:   "resolved: response stops too, feedback starts",
			ticket: with(l2, func(t *sla.Ticket) { t.ResolvedAt = mon(13, 0) }),
			now:    at(2026, 3, 4, 10, 0),
			clocks: []want{
				{sla.Response, sla.Met, mon(14, 0), time.Hour, 0.75},
				{sla.Resolution, sla.Met, at(2026, 3, 4, 10, 0), 45 * time.Hour, 3.0 / 48},
				// 3 working days after Monday: Tue, Wed, Thu; 5h + 27h of
				// working time, of which Mon 13–18, Tue and Wed 9–10 are used
				{sla.Feedback, sla.Running, at(2026, 3, 5, 18, 0), 17 * time.Hour, 15.0 / 32},
			},
			nextAlert: at(2026, 3, 4, 11, 0), // 16h of 32h
		},
		{
			name: "feedback given",
			ticket: with(l2, func(t *sla.Ticket) {
				t.RespondedAt, t.ResolvedAt, t.FeedbackAt = mon(11, 0), mon(13, 0), at(2026, 3, 6, 10, 0)
			}),
			now:    at(2026, 3, 9, 10, 0),
			clocks: []want{{sla.Feedback, sla.Missed, at(2026, 3, 5, 18, 0), -time.Hour, 33.0 / 32}},
		},
		{
			name: "targets kept from opening",
			ticket: with(l2, func(t *sla.Ticket) {
				t.Targets = sla.Targets{Response: sla.Elapsed(time.Hour)}
			}),
			now: mon(10, 30),
			clocks: []want{
				{sla.Response, sla.Running, mon(11, 0), 30 * time.Minute, 0.5},
				{sla.Resolution, sla.Inactive, time.Time{}, 0, 0},
			},
			nextAlert: mon(10, 45),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := p.Evaluate(tc.ticket, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.clocks {
				c := r.Clock(w.metric)
				if c.Metric != w.metric || c.State != w.state || !c.Due.Equal(w.due) || c.Remaining != w.remaining || !near(c.Used, w.used) {
					t.Errorf("%v: %v due %v, remaining %v, used %.4f; want %v due %v, remaining %v, used %.4f",
						w.metric, c.State, c.Due, c.Remaining, c.Used, w.state, w.due, w.remaining, w.used)
				}
			}
			if !r.NextAlert.Equal(tc.nextAlert) {
				t.Errorf("NextAlert = %v, want %v", r.NextAlert, tc.nextAlert)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestEvaluateErrors(t *testing.T) {
	p := sla.Default(prc(t))
	opened := at(2026, 3, 2, 10, 0)
	for _, tc := range []struct {
		name   string
		ticket sla.Ticket
		now    time.Time
		want   error
	}{
		{"unknown level", sla.Ticket{Level: 7, Opened: opened}, opened, sla.ErrUnknownLevel},
		{"zero level", sla.Ticket{Opened: opened}, opened, sla.ErrUnknownLevel},
		{"no opening", sla.Ticket{Level: 1}, opened, sla.ErrInvalidTicket},
		{"resolved before opened", sla.Ticket{Level: 1, Opened: opened, ResolvedAt: opened.Add(-time.Hour)}, opened, sla.ErrInvalidTicket},
		{"responded before opened", sla.Ticket{Level: 1, Opened: opened, RespondedAt: opened.Add(-time.Hour)}, opened, sla.ErrInvalidTicket},
		{"feedback without resolution", sla.Ticket{Level: 1, Opened: opened, FeedbackAt: opened}, opened, sla.ErrInvalidTicket},
		{"feedback before resolution", sla.Ticket{Level: 1, Opened: opened, ResolvedAt: opened.Add(time.Hour), FeedbackAt: opened}, opened, sla.ErrInvalidTicket},
		{"pause ends before it starts", sla.Ticket{Level: 1, Opened: opened,
			Pauses: []sla.Interval{{Start: opened.Add(time.Hour), End: opened}}}, opened, sla.ErrInvalidTicket},
		{"pause without start", sla.Ticket{Level: 1, Opened: opened, Pauses: []sla.Interval{{End: opened}}}, opened, sla.ErrInvalidTicket},
		{"now before opening", sla.Ticket{Level: 1, Opened: opened}, opened.Add(-time.Minute), nil},
		{"out of range", sla.Ticket{Level: 4, Opened: at(2060, 12, 31, 10, 0)}, at(2060, 12, 31, 11, 0), sla.ErrOutOfRange},
	} {
		_, err := p.Evaluate(tc.ticket, tc.now)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}

// Also (issue 16): AtRisk outside 0–1 is an error, not a clock that is
// always or never at risk.
func TestAtRiskRange(t *testing.T) {
	opened := at(2026, 3, 2, 10, 0)
	for _, v := range []float64{-0.5, 1.5, math.NaN(), math.Inf(1)} {
		p := sla.Default(prc(t))
		p.AtRisk = v
		if _, err := p.Evaluate(sla.Ticket{Level: 1, Opened: opened}, opened); !errors.Is(err, sla.ErrInvalidPolicy) {
			t.Errorf("AtRisk %v: error %v, want ErrInvalidPolicy", v, err)
		}
	}
	for _, v := range []float64{0, 0.5, 1} {
		p := sla.Default(prc(t))
		p.AtRisk = v
		if _, err := p.Evaluate(sla.Ticket{Level: 1, Opened: opened}, opened); err != nil {
			t.Errorf("AtRisk %v: %v", v, err)
		}
	}
}

// Properties of Evaluate on random tickets with random pauses: the fraction
// used never decreases as time passes, Remaining is 0 exactly at Due, and a
// running clock is Breached just after it.
func TestEvaluateProperties(t *testing.T) {
	p := sla.Default(prc(t))
	rng := rand.New(rand.NewPCG(10, 11))
	base := at(2026, 1, 5, 0, 0)
	for range 300 {
		opened := base.Add(time.Duration(rng.IntN(300*24*60)) * time.Minute)
		tk := sla.Ticket{Level: sla.Level(1 + rng.IntN(4)), Opened: opened}
		for range rng.IntN(4) {
			s := opened.Add(time.Duration(rng.IntN(5*24*60)-24*60) * time.Minute)
			tk.Pauses = append(tk.Pauses, sla.Interval{Start: s, End: s.Add(time.Duration(rng.IntN(24*60)) * time.Minute)})
		}
		far := opened.AddDate(0, 1, 0)
		r, err := p.Evaluate(tk, far)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []sla.Metric{sla.Response, sla.Resolution} {
			due := r.Clock(m).Due
			at, err := p.Evaluate(tk, due)
			if err != nil {
				t.Fatal(err)
			}
			if c := at.Clock(m); c.Remaining != 0 || !near(c.Used, 1) || c.State == sla.Breached || !c.Due.Equal(due) {
				t.Fatalf("%+v %v at its due %v: %+v", tk, m, due, c)
			}
			after, err := p.Evaluate(tk, due.Add(time.Nanosecond))
			if err != nil {
				t.Fatal(err)
			}
			if c := after.Clock(m); c.State != sla.Breached {
				t.Fatalf("%+v %v just after its due %v: %v", tk, m, due, c.State)
			}
			prev := -1.0
			for now := opened; now.Before(due.Add(time.Hour)); now = now.Add(97 * time.Minute) {
				r, err := p.Evaluate(tk, now)
				if err != nil {
					t.Fatal(err)
				}
				c := r.Clock(m)
				if c.Used < prev {
					t.Fatalf("%+v %v: used went down to %v at %v", tk, m, c.Used, now)
				}
				prev = c.Used
				if !r.NextAlert.IsZero() && !r.NextAlert.After(now) {
					t.Fatalf("NextAlert %v not after now %v", r.NextAlert, now)
				}
			}
		}
	}
}

func TestAlertPoints(t *testing.T) {
	c := prc(t)
	p := &sla.Policy{Calendar: c, Targets: map[sla.Level]sla.Targets{
		sla.Level1: {Response: sla.WorkingTime(2 * time.Hour)},
	}, Alerts: []float64{0, -1, math.NaN(), math.Inf(1), 1.5}}
	opened := at(2026, 3, 2, 10, 0)
	tk := sla.Ticket{Level: sla.Level1, Opened: opened}
	r, err := p.Evaluate(tk, opened)
	if want := at(2026, 3, 2, 13, 0); err != nil || !r.NextAlert.Equal(want) {
		t.Errorf("NextAlert = %v, %v; want %v (150%% of 2h)", r.NextAlert, err, want)
	}
	// An alert point beyond the calendar's last year is not scheduled, and
	// does not fail the evaluation.
	p.Alerts = []float64{1, 1.5}
	late := sla.Ticket{Level: sla.Level1, Opened: at(2060, 12, 31, 16, 0)}
	r, err = p.Evaluate(late, late.Opened)
	if want := at(2060, 12, 31, 18, 0); err != nil || !r.NextAlert.Equal(want) {
		t.Errorf("NextAlert = %v, %v; want %v", r.NextAlert, err, want)
	}
	late.Opened = at(2060, 12, 31, 17, 0) // now the deadline itself is out of range
	if _, err = p.Evaluate(late, late.Opened); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("deadline past 2060: %v, want ErrOutOfRange", err)
	}
	p.Targets[sla.Level1] = sla.Targets{Response: sla.Elapsed(2 * time.Hour)}
	r, err = p.Evaluate(late, late.Opened)
	if err != nil || !r.NextAlert.Equal(late.Opened.Add(2*time.Hour)) {
		t.Errorf("elapsed alert = %v, %v", r.NextAlert, err)
	}
}
