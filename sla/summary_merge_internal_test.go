package sla

import (
	"math"
	"testing"
	"time"
)

// The 128-bit sum is exact and its mean agrees with float64 arithmetic on
// small sums.
func TestSum128(t *testing.T) {
	var s sum128
	for range 1000 {
		s.add(math.MaxInt64)
	}
	s.add(-math.MaxInt64)
	if want := 999 * float64(math.MaxInt64); math.Abs(s.float()-want)/want > 1e-15 {
		t.Errorf("sum %g, want %g", s.float(), want)
	}
	var n sum128
	n.add(-3 * time.Second)
	n.add(time.Second)
	if n.float() != float64(-2*time.Second) || n.mean(2) != -time.Second {
		t.Errorf("negative sum %g mean %v", n.float(), n.mean(2))
	}
}
