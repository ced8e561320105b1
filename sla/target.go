package sla

import (
	"fmt"
	"strings"
	"time"
)

// A Metric is one of the clocks run for every complaint.
type Metric int

// The metrics of the complaint-handling manual (§3.3, §4.3.3).
const (
	Response   Metric = 1 + iota // first response to the customer, from opening
	Resolution                   // resolution plan, from opening
	Feedback                     // result feedback to the customer, from resolution
)

// Valid reports whether m is Response, Resolution or Feedback.
func (m Metric) Valid() bool { return m >= Response && m <= Feedback }

// String returns "response", "resolution" or "feedback".
func (m Metric) String() string {
	switch m {
	case Response:
		return "response"
	case Resolution:
		return "resolution"
	case Feedback:
		return "feedback"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// A TargetKind says how a Target measures time.
type TargetKind uint8

// The kinds of Target. The zero TargetKind is an unset target.
const (
	KindNone        TargetKind = iota // no target
	KindElapsed                       // wall-clock time, 24×7
	KindWorkingTime                   // working time on the calendar
	KindWorkingDays                   // closing time of the n-th working day
)

// A Target is a time limit for one metric. Make one with Elapsed,
// WorkingTime or WorkingDays; the zero Target means "no target".
type Target struct {
	kind TargetKind
	d    time.Duration
	n    int
}

// Elapsed returns a target of d wall-clock time: nights, weekends and
// holidays count, as for a 24×7 service.
func Elapsed(d time.Duration) Target { return Target{kind: KindElapsed, d: d} }

// WorkingTime returns a target of d working time on the policy's calendar.
func WorkingTime(d time.Duration) Target { return Target{kind: KindWorkingTime, d: d} }

// WorkingDays returns a target of n working days: the working days strictly
// after the start's local date are counted and the target ends at closing
// time of the n-th one.
func WorkingDays(n int) Target { return Target{kind: KindWorkingDays, n: n} }

// Kind returns how t measures time.
func (t Target) Kind() TargetKind { return t.kind }

// Duration returns the time limit of an Elapsed or WorkingTime target, else 0.
func (t Target) Duration() time.Duration { return t.d }

// Days returns the number of days of a WorkingDays target, else 0.
func (t Target) Days() int { return t.n }

// IsZero reports whether t is the zero Target, that is no target.
func (t Target) IsZero() bool { return t.kind == KindNone }

// String describes t, e.g. "2h elapsed", "8h working time", "5 working days".
func (t Target) String() string {
	switch t.kind {
	case KindElapsed:
		return shortDuration(t.d) + " elapsed"
	case KindWorkingTime:
		return shortDuration(t.d) + " working time"
	case KindWorkingDays:
		if t.n == 1 {
			return "1 working day"
		}
		return fmt.Sprintf("%d working days", t.n)
	}
	return "no target"
}

// Due returns the deadline of t for a clock started at start, without
// pauses. Working targets need a calendar; Elapsed targets ignore it.
func (t Target) Due(c *Calendar, start time.Time) (time.Time, error) {
	if err := t.check(c); err != nil {
		return time.Time{}, err
	}
	switch t.kind {
	case KindWorkingTime:
		return c.AddWorkingTime(start, t.d)
	case KindWorkingDays:
		return c.AddWorkingDays(start, t.n)
	}
	return start.Add(t.d), nil
}

// check reports a target that cannot be evaluated.
func (t Target) check(c *Calendar) error {
	switch {
	case t.kind == KindNone:
		return fmt.Errorf("sla: %w", ErrNoTarget)
	case t.kind > KindWorkingDays:
		return fmt.Errorf("sla: target kind %d: %w", t.kind, ErrNoTarget)
	case t.d < 0 || t.n < 0:
		return fmt.Errorf("sla: target %v is negative", t)
	case t.kind != KindElapsed && c == nil:
		return fmt.Errorf("sla: target %v needs a calendar", t)
	}
	return nil
}

// Targets holds one Target per metric.
type Targets struct {
	Response   Target `json:"response,omitzero"`   // from opening to first response
	Resolution Target `json:"resolution,omitzero"` // from opening to the resolution plan
	Feedback   Target `json:"feedback,omitzero"`   // from resolution to result feedback
}

// For returns the target for m, or the zero Target for an invalid metric.
func (ts Targets) For(m Metric) Target {
	switch m {
	case Response:
		return ts.Response
	case Resolution:
		return ts.Resolution
	case Feedback:
		return ts.Feedback
	}
	return Target{}
}

// IsZero reports whether no target is set.
func (ts Targets) IsZero() bool { return ts == Targets{} }

// shortDuration formats d without trailing zero units: 2h, 90m → 1h30m, 45s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
