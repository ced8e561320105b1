package sla_test

// Tests that pin edges mutation testing found unguarded: values come from
// the manual's definitions, the calendar and plain arithmetic.

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla"
)

// The on-time rate (及时率) counts breached clocks as decided and late.
func TestOnTimeRateWithBreaches(t *testing.T) {
	o := sla.Outcomes{Met: 6, Missed: 2, Breached: 2, AtRisk: 1, Running: 3}
	if got := o.Decided(); got != 10 {
		t.Errorf("Decided() = %d, want 10 (6 met + 2 missed + 2 breached)", got)
	}
	if got := o.OnTimeRate(); got != 0.6 {
		t.Errorf("OnTimeRate() = %v, want 0.6", got)
	}
	if got := (sla.Outcomes{Breached: 1}).OnTimeRate(); got != 0 {
		t.Errorf("only a breach: OnTimeRate() = %v, want 0", got)
	}

	// The same through Summarize: one L1 complaint answered in 1h, one
	// still unanswered after 3h of a 2h response target.
	p := &sla.Policy{Targets: map[sla.Level]sla.Targets{sla.Level1: {Response: sla.Elapsed(2 * time.Hour)}}}
	opened := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := p.Summarize([]sla.Ticket{
		{ID: "a", Level: sla.Level1, Opened: opened, RespondedAt: opened.Add(time.Hour)},
		{ID: "b", Level: sla.Level1, Opened: opened},
	}, opened.Add(3*time.Hour))
	r := s.Overall.Response
	if r.Met != 1 || r.Breached != 1 || r.Decided() != 2 || r.OnTimeRate() != 0.5 || s.Overall.Breached != 1 {
		t.Errorf("response outcomes %+v (decided %d, rate %v), breached tickets %d; want 1 met, 1 breached, rate 0.5",
			r, r.Decided(), r.OnTimeRate(), s.Overall.Breached)
	}
}

// A deadline that falls exactly where a pause starts is that instant: the
// target was used up before the customer was asked to wait.
func TestDeadlineExactlyAtPauseStart(t *testing.T) {
	p := &sla.Policy{Targets: map[sla.Level]sla.Targets{sla.Level1: {Response: sla.Elapsed(2 * time.Hour)}}}
	opened := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tk := sla.Ticket{Level: sla.Level1, Opened: opened,
		Pauses: []sla.Interval{{Start: opened.Add(2 * time.Hour), End: opened.Add(4 * time.Hour)}}}
	r, err := p.Evaluate(tk, opened.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	c := r.Response
	if !c.Due.Equal(opened.Add(2*time.Hour)) || c.State != sla.Breached || c.Remaining != -time.Hour || c.Used != 1.5 {
		t.Errorf("due %v, state %v, remaining %v, used %v; want 12:00, breached, -1h, 1.5", c.Due, c.State, c.Remaining, c.Used)
	}
	// A pause starting one nanosecond earlier holds the clock with 1ns left.
	tk.Pauses[0].Start = tk.Pauses[0].Start.Add(-time.Nanosecond)
	r, _ = p.Evaluate(tk, opened.Add(5*time.Hour))
	if want := opened.Add(4*time.Hour + time.Nanosecond); !r.Response.Due.Equal(want) {
		t.Errorf("pause 1ns earlier: due %v, want %v", r.Response.Due, want)
	}
}

// A zero-length target is used up from the start: Used is 1, not 0/0.
func TestZeroLengthTarget(t *testing.T) {
	p := &sla.Policy{Targets: map[sla.Level]sla.Targets{sla.Level1: {Response: sla.Elapsed(0), Resolution: sla.Elapsed(0)}}}
	opened := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	r, err := p.Evaluate(sla.Ticket{Level: sla.Level1, Opened: opened, RespondedAt: opened}, opened.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []sla.Clock{r.Response, r.Resolution} {
		if math.IsNaN(c.Used) || c.Used != 1 || !c.Due.Equal(opened) {
			t.Errorf("%v: used %v, due %v; want 1 and the opening", c.Metric, c.Used, c.Due)
		}
	}
	if r.Response.State != sla.Met || r.Resolution.State != sla.Breached || r.Resolution.Remaining != -time.Hour {
		t.Errorf("states %v, %v (remaining %v); want met, breached (-1h)", r.Response.State, r.Resolution.State, r.Resolution.Remaining)
	}
}

// The first instant of a calendar's range is inside it, one nanosecond
// earlier is not; the instant that closes the range can be measured to but
// is not a day of the range.
func TestCalendarRangeEdges(t *testing.T) {
	c, err := sla.NewCalendar(cal.NewBusinessCalendar(), sla.WithYears(2026, 2026)) // 9:00–17:00, Monday–Friday, UTC
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // a Thursday
	end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if !c.IsWorkday(first) {
		t.Error("IsWorkday(first instant) = false")
	}
	if got, err := c.AddWorkingTime(first, time.Hour); err != nil || !got.Equal(first.Add(10*time.Hour)) {
		t.Errorf("AddWorkingTime(first, 1h) = %v, %v; want 10:00", got, err)
	}
	if got, err := c.WorkingTime(first, first.Add(12*time.Hour)); err != nil || got != 3*time.Hour {
		t.Errorf("WorkingTime(first, 12:00) = %v, %v; want 3h", got, err)
	}
	if got, err := c.AddWorkingDays(first, 1); err != nil || !got.Equal(first.Add(24*time.Hour+17*time.Hour)) {
		t.Errorf("AddWorkingDays(first, 1) = %v, %v; want 2 January 17:00", got, err)
	}
	if got, err := c.WorkingDays(first, first.Add(24*time.Hour)); err != nil || got != 1 {
		t.Errorf("WorkingDays(first, 2 January) = %v, %v; want 1", got, err)
	}
	before := first.Add(-time.Nanosecond)
	if c.IsWorkday(before) {
		t.Error("IsWorkday(before the range) = true")
	}
	if _, err := c.WorkingTime(before, first); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("WorkingTime(before the range): %v, want ErrOutOfRange", err)
	}
	if _, err := c.AddWorkingTime(before.Add(-time.Second), 0); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime(a second before the range): %v, want ErrOutOfRange", err)
	}
	// 31 December 2026 is a Thursday: 12:00 to the end of the range is 5h.
	if got, err := c.WorkingTime(end.Add(-12*time.Hour), end); err != nil || got != 5*time.Hour {
		t.Errorf("WorkingTime(31 December 12:00, end) = %v, %v; want 5h", got, err)
	}
	if got, err := c.AddWorkingTime(end.Add(-12*time.Hour), 5*time.Hour); err != nil || !got.Equal(end.Add(-7*time.Hour)) {
		t.Errorf("AddWorkingTime to the last closing = %v, %v; want 31 December 17:00", got, err)
	}
	if _, err := c.AddWorkingTime(end.Add(-12*time.Hour), 5*time.Hour+time.Nanosecond); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime past the end: %v, want ErrOutOfRange", err)
	}
	if c.IsWorkday(end) {
		t.Error("IsWorkday(end of the range) = true")
	}
	if _, err := c.WorkingTime(end, end.Add(time.Nanosecond)); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("WorkingTime past the end: %v, want ErrOutOfRange", err)
	}
}

// A zero Calendar (not made by NewCalendar) covers no time at all, not even
// the Unix epoch its zero bounds point at.
func TestZeroCalendar(t *testing.T) {
	var c sla.Calendar
	epoch := time.Unix(0, 0)
	if c.IsWorkday(epoch) {
		t.Error("IsWorkday on a zero Calendar = true")
	}
	if _, err := c.WorkingTime(epoch, epoch); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("WorkingTime on a zero Calendar: %v, want ErrOutOfRange", err)
	}
	if _, err := c.AddWorkingTime(epoch, time.Hour); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime on a zero Calendar: %v, want ErrOutOfRange", err)
	}
}

// Every metric reads back as itself; zero is a valid number of days or a
// valid duration, a negative one is not.
func TestTextRoundTrips(t *testing.T) {
	for _, m := range []sla.Metric{sla.Response, sla.Resolution, sla.Feedback} {
		var got sla.Metric
		if err := got.UnmarshalText([]byte(m.String())); err != nil || got != m {
			t.Errorf("UnmarshalText(%q) = %v, %v", m, got, err)
		}
	}
	var m sla.Metric
	if err := m.UnmarshalText([]byte("responses")); err == nil {
		t.Errorf("UnmarshalText(responses) = %v, want an error", m)
	}
	for _, tt := range []struct {
		s    string
		want sla.Target
		ok   bool
	}{
		{"0 working days", sla.WorkingDays(0), true},
		{"1 working day", sla.WorkingDays(1), true},
		{"-1 working days", sla.Target{}, false},
		{"0s elapsed", sla.Elapsed(0), true},
		{"-1s elapsed", sla.Target{}, false},
		{"0s working time", sla.WorkingTime(0), true},
	} {
		got, err := sla.ParseTarget(tt.s)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %v (ok %v)", tt.s, got, err, tt.want, tt.ok)
		}
	}
}

// An out-of-range State prints as State(n) and does not marshal.
func TestStateOutOfRange(t *testing.T) {
	if got := sla.State(7).String(); got != "State(7)" {
		t.Errorf("State(7).String() = %q", got)
	}
	if got := sla.Missed.String(); got != "missed" {
		t.Errorf("Missed.String() = %q", got)
	}
	if b, err := sla.State(7).MarshalText(); err == nil {
		t.Errorf("State(7).MarshalText() = %q, want an error", b)
	}
	if b, err := sla.Missed.MarshalText(); err != nil || string(b) != "missed" {
		t.Errorf("Missed.MarshalText() = %q, %v", b, err)
	}
}

// Alert points must lie in (0, 1000): 999 schedules an alert, 1000 none.
func TestAlertPointBounds(t *testing.T) {
	opened := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		f    float64
		want time.Time
	}{
		{999, opened.Add(999 * time.Minute)},
		{1000, time.Time{}},
		{0, time.Time{}},
		{math.NaN(), time.Time{}},
	} {
		p := &sla.Policy{Targets: map[sla.Level]sla.Targets{sla.Level1: {Response: sla.Elapsed(time.Minute)}}, Alerts: []float64{tt.f}}
		r, err := p.Evaluate(sla.Ticket{Level: sla.Level1, Opened: opened}, opened)
		if err != nil || !r.NextAlert.Equal(tt.want) {
			t.Errorf("alert point %v: next alert %v, %v; want %v", tt.f, r.NextAlert, err, tt.want)
		}
	}
}

// A working day whose hours the break covers entirely counts as a day off.
func TestBreakCoveringTheDay(t *testing.T) {
	c, err := sla.NewCalendar(cal.NewBusinessCalendar(), sla.WithYears(2026, 2026), sla.WithBreak(9*time.Hour, 17*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	if c.IsWorkday(mon) {
		t.Error("a Monday with no working hours is a working day")
	}
	if _, err := c.AddWorkingDays(mon, 1); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingDays on a calendar without working hours: %v, want ErrOutOfRange", err)
	}
}
