package sla

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// A State is where a metric's clock stands at the time of evaluation.
type State int

// The states of a Clock.
const (
	Inactive State = iota // not started yet (Feedback before resolution), or no target
	Running               // counting, within target
	Paused                // waiting on the customer
	AtRisk                // counting, past the policy's AtRisk fraction of the target
	Breached              // still counting, past the deadline
	Met                   // stopped on or before the deadline
	Missed                // stopped after the deadline
)

var stateNames = [...]string{"inactive", "running", "paused", "at risk", "breached", "met", "missed"}

// String returns the state in lower case, e.g. "at risk".
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// A Clock is one metric of one ticket at the time of evaluation.
type Clock struct {
	Metric Metric    `json:"metric"`
	Target Target    `json:"target,omitzero"`
	Start  time.Time `json:"start,omitzero"` // when the clock started; zero while Inactive
	Stop   time.Time `json:"stop,omitzero"`  // when it stopped; zero while it runs

	// Due is the deadline, later than Target.Due by the paused time. While
	// the ticket is paused it is the deadline if the clock resumed now.
	Due time.Time `json:"due,omitzero"`

	// Remaining is the target's time left, in the target's own measure
	// (working time for working targets, which count working days as their
	// working hours); negative once exceeded. Outside working hours a clock
	// can be Breached with Remaining still 0.
	Remaining time.Duration `json:"remaining"`

	// Used is the fraction of the target consumed: 0.5 at half time, 1 at
	// the deadline, more once exceeded.
	Used float64 `json:"used"`

	State State `json:"state"`

	// NextAlert is the next time after now at which Used crosses one of the
	// policy's alert points, if the clock runs; else zero.
	NextAlert time.Time `json:"next_alert,omitzero"`
}

// A Report is the SLA state of one ticket at one instant.
type Report struct {
	Level   Level   `json:"level"`
	Targets Targets `json:"targets,omitzero"` // the targets evaluated, to store with the ticket

	Response   Clock `json:"response"`
	Resolution Clock `json:"resolution"`
	Feedback   Clock `json:"feedback"`

	// NextAlert is the earliest NextAlert of the clocks, zero if none: a
	// service sets one timer for it and evaluates again when it fires.
	NextAlert time.Time `json:"next_alert,omitzero"`
}

// Clock returns the clock of metric m, or the zero Clock for an invalid metric.
func (r *Report) Clock(m Metric) Clock {
	switch m {
	case Response:
		return r.Response
	case Resolution:
		return r.Resolution
	case Feedback:
		return r.Feedback
	}
	return Clock{}
}

// Evaluate returns the state of ticket t at now: for each metric the
// deadline, the time remaining, the fraction used and the state, and the
// time of the next alert.
//
// Events after now are ignored, so a report can be computed for any moment
// of a ticket's history. Response stops at RespondedAt, or at ResolvedAt if
// no response was recorded, because a resolution also answers the customer.
// Pauses hold every clock; a WorkingDays target is turned into the working
// time it spans from the clock's start, and pauses extend it by their
// working part.
//
// Inconsistent tickets give an error matching ErrInvalidTicket, levels the
// policy does not know ErrUnknownLevel, a policy setting out of range
// (AtRisk) ErrInvalidPolicy.
func (p *Policy) Evaluate(t Ticket, now time.Time) (Report, error) {
	return p.evaluate(&t, now, true)
}

// evaluate is Evaluate; alerts == false skips the NextAlert times, which
// Summarize does not need.
func (p *Policy) evaluate(t *Ticket, now time.Time, alerts bool) (Report, error) {
	if err := p.check(); err != nil {
		return Report{}, err
	}
	if !t.Level.Valid() {
		return Report{}, fmt.Errorf("%slevel %v: %w", t.errPrefix(), t.Level, ErrUnknownLevel)
	}
	ts := t.Targets
	if ts.IsZero() {
		var err error
		if ts, err = p.TargetsFor(t.Level); err != nil {
			return Report{}, err
		}
	}
	if err := t.validate(); err != nil {
		return Report{}, err
	}
	if now.Before(t.Opened) {
		return Report{}, fmt.Errorf("%sevaluated at %s, before it was opened at %s",
			t.errPrefix(), stamp(now), stamp(t.Opened))
	}
	var buf [4]Interval // most tickets pause a few times at most
	pauses, paused := t.pausesAt(now, buf[:])

	respondedAt := t.RespondedAt
	if respondedAt.IsZero() {
		respondedAt = t.ResolvedAt
	}
	r := Report{Level: t.Level, Targets: ts}
	var err error
	if r.Response, err = p.clock(ts.Response, t.Opened, respondedAt, now, pauses, paused, alerts); err != nil {
		return Report{}, fmt.Errorf("%s%v: %w", t.errPrefix(), Response, err)
	}
	if r.Resolution, err = p.clock(ts.Resolution, t.Opened, t.ResolvedAt, now, pauses, paused, alerts); err != nil {
		return Report{}, fmt.Errorf("%s%v: %w", t.errPrefix(), Resolution, err)
	}
	if r.Feedback, err = p.clock(ts.Feedback, t.ResolvedAt, t.FeedbackAt, now, pauses, paused, alerts); err != nil {
		return Report{}, fmt.Errorf("%s%v: %w", t.errPrefix(), Feedback, err)
	}
	r.Response.Metric, r.Resolution.Metric, r.Feedback.Metric = Response, Resolution, Feedback
	for _, next := range [...]time.Time{r.Response.NextAlert, r.Resolution.NextAlert, r.Feedback.NextAlert} {
		if !next.IsZero() && (r.NextAlert.IsZero() || next.Before(r.NextAlert)) {
			r.NextAlert = next
		}
	}
	return r, nil
}

// clock evaluates the clock of target tg, which runs from start to stop
// (zero times: not yet), at now. pauses and paused come from
// Ticket.pausesAt; alerts says whether to compute NextAlert.
func (p *Policy) clock(tg Target, start, stop, now time.Time, pauses []Interval, paused, alerts bool) (Clock, error) {
	c := Clock{Target: tg}
	if tg.IsZero() || start.IsZero() || start.After(now) {
		return c, nil // Inactive
	}
	if err := tg.check(p.Calendar); err != nil {
		return Clock{}, err
	}
	c.Start = start
	m := meter{}
	if tg.kind != KindElapsed {
		m.cal = p.Calendar
	}
	budget, plainDue, err := m.budget(tg, start)
	if err != nil {
		return Clock{}, err
	}
	running := stop.IsZero() || stop.After(now)
	end := now
	if !running {
		c.Stop, end = stop, stop
	}
	if c.Due, err = m.due(start, end, budget, plainDue, pauses); err != nil {
		return Clock{}, err
	}
	used, err := m.between(start, end, pauses)
	if err != nil {
		return Clock{}, err
	}
	c.Remaining = budget - used
	c.Used = 1
	if budget > 0 {
		c.Used = float64(used) / float64(budget)
	}

	switch {
	case !running && stop.After(c.Due):
		c.State = Missed
	case !running:
		c.State = Met
	case now.After(c.Due):
		c.State = Breached
	case paused:
		c.State = Paused
	case c.Used >= p.atRisk():
		c.State = AtRisk
	default:
		c.State = Running
	}

	if alerts && running && !paused {
		// No pause is known after now, so each alert point is a plain
		// advance from now.
		for _, f := range p.alerts() {
			if !(f > 0 && f < 1000) { // also rejects NaN
				continue // not a usable alert point
			}
			w := budget
			if f != 1 {
				w = time.Duration(math.Round(f * float64(budget)))
			}
			if w <= used {
				continue // already crossed
			}
			at, err := m.advance(now, w-used)
			if errors.Is(err, ErrOutOfRange) {
				continue // beyond the calendar: nothing to schedule
			}
			if err != nil {
				return Clock{}, err
			}
			if c.NextAlert.IsZero() || at.Before(c.NextAlert) {
				c.NextAlert = at
			}
		}
	}
	return c, nil
}

// A meter measures time for one target: wall-clock time when cal is nil,
// else working time on cal.
type meter struct{ cal *Calendar }

// measure returns the time between a and b, a <= b.
func (m meter) measure(a, b time.Time) (time.Duration, error) {
	if m.cal == nil {
		return b.Sub(a), nil
	}
	return m.cal.WorkingTime(a, b)
}

// advance returns the earliest instant at which d has passed since t.
func (m meter) advance(t time.Time, d time.Duration) (time.Time, error) {
	if m.cal == nil {
		return t.Add(d), nil
	}
	return m.cal.AddWorkingTime(t, d)
}

// budget returns the time a target allows, in m's measure. A WorkingDays
// target allows the working time from start to its deadline, which is
// returned too since it is the due time when no pause intervenes.
// target allows the working time from start to its deadline.
func (m meter) budget(tg Target, start time.Time) (budget time.Duration, due time.Time, err error) {
	if tg.kind != KindWorkingDays {
		return tg.d, time.Time{}, nil
	}
	if due, err = m.cal.AddWorkingDays(start, tg.n); err != nil {
		return 0, time.Time{}, err
	}
	budget, err = m.cal.WorkingTime(start, due)
	return budget, due, err
}

// between returns the time from start to end not covered by pauses.
func (m meter) between(start, end time.Time, pauses []Interval) (time.Duration, error) {
	total, err := m.measure(start, end)
	if err != nil {
		return 0, err
	}
	for _, p := range pauses {
		from, to := later(p.Start, start), earlier(p.End, end)
		if !to.After(from) {
			continue
		}
		d, err := m.measure(from, to)
		if err != nil {
			return 0, err
		}
		total -= d
	}
	return total, nil
}

// due returns the instant at which budget has passed since start, not
// counting pauses that begin before until. plain, if not zero, is that
// instant without pauses, which saves a search when no pause intervenes.
func (m meter) due(start, until time.Time, budget time.Duration, plain time.Time, pauses []Interval) (time.Time, error) {
	cursor, left := start, budget
	for _, p := range pauses {
		if !p.Start.Before(until) {
			break // pauses are sorted; the rest come later still
		}
		if !p.End.After(cursor) {
			continue // over before the clock (or the last pause) ended
		}
		from := later(p.Start, cursor)
		d, err := m.measure(cursor, from)
		if err != nil {
			return time.Time{}, err
		}
		if d >= left {
			break // the deadline falls before this pause
		}
		left -= d
		cursor = p.End
	}
	if cursor.Equal(start) && !plain.IsZero() {
		return plain, nil
	}
	return m.advance(cursor, left)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
