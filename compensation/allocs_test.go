//go:build !race

package compensation

import (
	"testing"

	"github.com/shopspring/decimal"
)

// The fast paths are promises about cost: Allocate splits in machine words
// whenever every coefficient fits in 18 digits (allocating only the result),
// and checkAmount validates such an amount without allocating. A change that
// sends these cases to the big-integer path gives the same numbers, so only
// counting allocations shows it. (Not under -race, which adds allocations;
// .ci/run runs the Allocs tests in a pass without it.)
func TestAllocateAllocs(t *testing.T) {
	for _, tt := range []struct {
		total string
		ws    []string
	}{
		{"0", []string{"1", "2"}},
		{"10.00", []string{"1", "2", "3"}},
		{"1234567890123456.78", []string{"1", "2", "3"}}, // an 18-digit total
		{"10.000", []string{"1", "1"}},
		{"10.00", []string{"1", "0.0000000000000000001"}}, // exponents 19 apart
		{"10.00", []string{"123456789012345678", "1"}},    // an 18-digit weight
		{"1.00", []string{"1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "3"}},
	} {
		total := d(tt.total)
		ws := make([]decimal.Decimal, len(tt.ws))
		for i, w := range tt.ws {
			ws[i] = d(w)
		}
		// The result slice, and per part what decimal.New allocates (two
		// allocations); the big-integer path takes several times that.
		limit := float64(1 + 2*len(ws))
		if n := testing.AllocsPerRun(50, func() { _, _ = Allocate(total, ws, 2) }); n > limit {
			t.Errorf("Allocate(%s, %v): %.0f allocations, want at most %.0f (the fast path)", tt.total, tt.ws, n, limit)
		}
	}
}

func TestCheckAmountAllocs(t *testing.T) {
	for _, s := range []string{"129.90", "999999999999999999", "9999999999999999.99", "0.10", "-5.00", "-5.000", "9e39", "1.10000"} {
		v := d(s)
		if n := testing.AllocsPerRun(50, func() { _ = checkAmount("f", v, CNY, true) }); n != 0 {
			t.Errorf("checkAmount(%s): %.0f allocations, want 0", s, n)
		}
	}
}
