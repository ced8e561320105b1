package sla

import "fmt"

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
