package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Text forms, so that reports, tickets and targets read well in JSON and
// YAML and round-trip: {"metric": "response", "target": "4h elapsed",
// "state": "at risk", …}.

// MarshalText writes m as String does.
func (m Metric) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("sla: invalid metric %d", int(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads "response", "resolution" or "feedback".
func (m *Metric) UnmarshalText(b []byte) error {
	for _, v := range []Metric{Response, Resolution, Feedback} {
		if string(b) == v.String() {
			*m = v
			return nil
		}
	}
	return fmt.Errorf("sla: unknown metric %q (want response, resolution or feedback)", b)
}

// MarshalText writes s as String does ("at risk").
func (s State) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(stateNames) {
		return nil, fmt.Errorf("sla: invalid state %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a state as String writes it.
func (s *State) UnmarshalText(b []byte) error {
	for i, name := range stateNames {
		if string(b) == name {
			*s = State(i)
			return nil
		}
	}
	return fmt.Errorf("sla: unknown state %q", b)
}

// MarshalText writes t as String does ("4h elapsed", "8h working time",
// "5 working days"), and the zero Target as "".
func (t Target) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return []byte{}, nil
	}
	if t.kind > KindWorkingDays {
		return nil, fmt.Errorf("sla: invalid target kind %d", t.kind)
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads what MarshalText writes; see ParseTarget.
func (t *Target) UnmarshalText(b []byte) error {
	v, err := ParseTarget(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ParseTarget parses a target as Target.String writes it: "2h elapsed",
// "8h working time", "5 working days" (or "1 working day"). The empty
// string and "no target" are the zero Target.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "no target" {
		return Target{}, nil
	}
	value, unit, ok := strings.Cut(s, " ")
	if !ok {
		return Target{}, fmt.Errorf("sla: target %q: want e.g. \"4h elapsed\", \"8h working time\" or \"5 working days\"", s)
	}
	switch unit {
	case "elapsed", "working time":
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return Target{}, fmt.Errorf("sla: target %q: bad duration %q", s, value)
		}
		if unit == "elapsed" {
			return Elapsed(d), nil
		}
		return WorkingTime(d), nil
	case "working days", "working day":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return Target{}, fmt.Errorf("sla: target %q: bad number of days %q", s, value)
		}
		return WorkingDays(n), nil
	}
	return Target{}, fmt.Errorf("sla: target %q: unknown unit %q (want elapsed, working time or working days)", s, unit)
}
