package sla

import (
	"fmt"
	"slices"
	"time"
)

// An Interval is a span of time [Start, End). A zero End means the interval
// has not ended yet.
type Interval struct {
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
}

// A Ticket is the SLA view of a complaint: when it was opened, responded to,
// resolved and reported back on, and when it waited on the customer. Zero
// times mean "not yet".
type Ticket struct {
	// ID identifies the ticket in summaries; the package does not use it otherwise.
	ID string `json:"id"`

	Level       Level     `json:"level"`
	Opened      time.Time `json:"opened,omitzero"`       // starts the Response and Resolution clocks
	RespondedAt time.Time `json:"responded_at,omitzero"` // stops Response; if zero, ResolvedAt does
	ResolvedAt  time.Time `json:"resolved_at,omitzero"`  // stops Resolution and starts Feedback
	FeedbackAt  time.Time `json:"feedback_at,omitzero"`  // stops Feedback

	// Pauses are spans of waiting on the customer. Paused time counts
	// towards no target (for working-time targets only its working part is
	// excluded). They may be unsorted or overlap; a pause with a zero End
	// is still going on.
	Pauses []Interval `json:"pauses,omitempty"`

	// Targets, when set, are used instead of the policy's targets for
	// Level, so that a ticket keeps the targets it was opened under (see
	// Policy.TargetsFor).
	Targets Targets `json:"targets,omitzero"`

	// Tags are free-form labels (code, agent, channel…) that Summarize can
	// group by.
	Tags map[string]string `json:"tags,omitempty"`
}

// errPrefix begins the ticket's errors: `sla: ticket "t1": `, or just
// "sla: " for a ticket without an ID (never `ticket ""`).
func (t *Ticket) errPrefix() string {
	if t.ID == "" {
		return "sla: "
	}
	return fmt.Sprintf("sla: ticket %q: ", t.ID)
}

// validate reports inconsistent ticket data.
func (t *Ticket) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s%s: %w", t.errPrefix(), fmt.Sprintf(format, args...), ErrInvalidTicket)
	}
	switch {
	case t.Opened.IsZero():
		return bad("no opening time")
	case !t.RespondedAt.IsZero() && t.RespondedAt.Before(t.Opened):
		return bad("responded at %s, before it was opened at %s", stamp(t.RespondedAt), stamp(t.Opened))
	case !t.ResolvedAt.IsZero() && t.ResolvedAt.Before(t.Opened):
		return bad("resolved at %s, before it was opened at %s", stamp(t.ResolvedAt), stamp(t.Opened))
	case !t.FeedbackAt.IsZero() && t.ResolvedAt.IsZero():
		return bad("feedback at %s but never resolved", stamp(t.FeedbackAt))
	case !t.FeedbackAt.IsZero() && t.FeedbackAt.Before(t.ResolvedAt):
		return bad("feedback at %s, before resolution at %s", stamp(t.FeedbackAt), stamp(t.ResolvedAt))
	}
	for i, p := range t.Pauses {
		switch {
		case p.Start.IsZero():
			return bad("pause %d has no start", i)
		case !p.End.IsZero() && p.End.Before(p.Start):
			return bad("pause %d ends at %s, before it starts at %s", i, stamp(p.End), stamp(p.Start))
		}
	}
	return nil
}

// pausesAt returns the ticket's pauses as known at now: sorted, merged, with
// the parts after now dropped. A pause still going on at now is cut at now,
// so deadlines are projected as if the clock resumed now; paused reports
// whether one was. The result is appended to buf. Call validate first.
func (t *Ticket) pausesAt(now time.Time, buf []Interval) (pauses []Interval, paused bool) {
	pauses = buf[:0]
	for _, p := range t.Pauses {
		if p.Start.After(now) {
			continue // not happened yet
		}
		if p.End.IsZero() || p.End.After(now) {
			p.End = now
			paused = true
		}
		pauses = append(pauses, p)
	}
	slices.SortFunc(pauses, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	merged := pauses[:0]
	for _, p := range pauses {
		if n := len(merged); n > 0 && !p.Start.After(merged[n-1].End) {
			if p.End.After(merged[n-1].End) {
				merged[n-1].End = p.End
			}
			continue
		}
		merged = append(merged, p)
	}
	return merged, paused
}

// stamp formats t for error messages.
func stamp(t time.Time) string { return t.Format(time.RFC3339) }
