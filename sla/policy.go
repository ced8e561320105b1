package sla

import (
	"fmt"
	"time"
)

// defaultAlerts are the fractions of a target at which Evaluate schedules
// alerts when a Policy sets none: half used, three quarters used, due.
var defaultAlerts = [...]float64{0.5, 0.75, 1}

// DefaultAtRisk is the fraction of a target from which a running clock is
// AtRisk when a Policy does not say.
const DefaultAtRisk = 0.75

// A Policy sets the targets for each complaint level and the alert points.
// A Policy is a plain value: build it, then share it read-only; it is then
// safe for concurrent use.
type Policy struct {
	// Calendar measures working time; it may be nil when every target is
	// Elapsed.
	Calendar *Calendar

	// Targets holds the targets per level. A level missing here is
	// rejected with ErrUnknownLevel.
	Targets map[Level]Targets

	// Alerts are the fractions of a target (0.5 = half used, 1 = due,
	// 1.5 = half as long again) at which Evaluate reports a NextAlert. Nil
	// means 0.5, 0.75 and 1; points outside (0, 1000) are ignored.
	Alerts []float64

	// AtRisk is the fraction of a target from which a running clock's state
	// is AtRisk, from 0 to 1. Zero means DefaultAtRisk; a value below 0,
	// above 1 or NaN makes Evaluate fail with ErrInvalidPolicy.
	AtRisk float64
}

// Default returns the complaint manual's policy (§3.3, §4.3.3) on c:
//
//	level  response          resolution plan
//	L1     2h elapsed        24h elapsed
//	L2     4h elapsed        48h elapsed
//	L3     6h elapsed        72h elapsed
//	L4     8h working time   5 working days
//
// and for every level result feedback within 3 working days of resolution.
// Hours for L1–L3 are elapsed because those complaints are handled 24×7.
func Default(c *Calendar) *Policy {
	feedback := WorkingDays(3)
	return &Policy{
		Calendar: c,
		Targets: map[Level]Targets{
			Level1: {Response: Elapsed(2 * time.Hour), Resolution: Elapsed(24 * time.Hour), Feedback: feedback},
			Level2: {Response: Elapsed(4 * time.Hour), Resolution: Elapsed(48 * time.Hour), Feedback: feedback},
			Level3: {Response: Elapsed(6 * time.Hour), Resolution: Elapsed(72 * time.Hour), Feedback: feedback},
			Level4: {Response: WorkingTime(8 * time.Hour), Resolution: WorkingDays(5), Feedback: feedback},
		},
	}
}

// TargetsFor returns the targets for level l. Store them with a ticket when
// it is opened (Ticket.Targets) to keep them if the policy changes later.
func (p *Policy) TargetsFor(l Level) (Targets, error) {
	ts, ok := p.Targets[l]
	if !l.Valid() || !ok {
		return Targets{}, fmt.Errorf("sla: level %v: %w", l, ErrUnknownLevel)
	}
	return ts, nil
}

// Due returns the deadline for metric m of a level-l complaint whose clock
// starts at start (opening for Response and Resolution, resolution for
// Feedback), without pauses.
func (p *Policy) Due(l Level, m Metric, start time.Time) (time.Time, error) {
	ts, err := p.TargetsFor(l)
	if err != nil {
		return time.Time{}, err
	}
	if !m.Valid() {
		return time.Time{}, fmt.Errorf("sla: metric %v: %w", m, ErrNoTarget)
	}
	return ts.For(m).Due(p.Calendar, start)
}

func (p *Policy) alerts() []float64 {
	if p.Alerts == nil {
		return defaultAlerts[:]
	}
	return p.Alerts
}

// check reports a setting out of range.
func (p *Policy) check() error {
	if !(p.AtRisk >= 0 && p.AtRisk <= 1) { // NaN fails both
		return fmt.Errorf("sla: policy AtRisk %v: want a fraction from 0 to 1: %w", p.AtRisk, ErrInvalidPolicy)
	}
	return nil
}

func (p *Policy) atRisk() float64 {
	if p.AtRisk == 0 {
		return DefaultAtRisk
	}
	return p.AtRisk
}
