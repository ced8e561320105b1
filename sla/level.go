package sla

import (
	"fmt"
	"strconv"
	"strings"
)

// Level is a complaint severity level. Level 1 (一级投诉) is the most severe,
// Level 4 (四级投诉, suggestions and opinions) the least.
type Level int

// The four complaint levels of the complaint-handling manual (§3.2).
const (
	Level1 Level = 1 + iota // major quality/safety problem, serious harm to consumer rights
	Level2                  // general quality or service problem
	Level3                  // minor problem
	Level4                  // suggestion or opinion
)

// Valid reports whether l is one of Level1 … Level4.
func (l Level) Valid() bool { return l >= Level1 && l <= Level4 }

// String returns "L1" … "L4", or "Level(n)" for an invalid level.
func (l Level) String() string {
	if l.Valid() {
		return fmt.Sprintf("L%d", int(l))
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// levelNames are the manual's names of the levels, index Level-1.
var levelNames = [...]string{"一级", "二级", "三级", "四级"}

// ParseLevel parses "L1"…"L4" (as String writes them, any case), "1"…"4"
// or the manual's "一级"…"四级".
func ParseLevel(s string) (Level, error) {
	for l := Level1; l <= Level4; l++ {
		if strings.EqualFold(s, l.String()) || s == strconv.Itoa(int(l)) || s == levelNames[l-1] {
			return l, nil
		}
	}
	return 0, fmt.Errorf("sla: level %q: %w", s, ErrUnknownLevel)
}

// MarshalText writes l as String does, so that levels read well in JSON
// and YAML; an invalid level is an error.
func (l Level) MarshalText() ([]byte, error) {
	if !l.Valid() {
		return nil, fmt.Errorf("sla: %v: %w", l, ErrUnknownLevel)
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads any form ParseLevel accepts.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
