package sla

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// describe, which selects instead of sorting, agrees with sorting on
// random, duplicate-heavy, sorted and reversed inputs of every small size.
func TestDescribeAgreesWithSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 3000; n += 1 + n/10 {
		for kind := range 4 {
			ds := make([]time.Duration, n)
			for i := range ds {
				switch kind {
				case 0:
					ds[i] = time.Duration(rng.Int64N(1e15))
				case 1:
					ds[i] = time.Duration(rng.IntN(3)) * time.Hour
				case 2:
					ds[i] = time.Duration(i)
				case 3:
					ds[i] = time.Duration(n - i)
				}
			}
			sorted := slices.Sorted(slices.Values(ds))
			rank := func(pct int) time.Duration { return sorted[(pct*n+99)/100-1] }
			got := describe(ds)
			if got.N != n || got.Median != rank(50) || got.P90 != rank(90) || got.Max != sorted[n-1] {
				t.Fatalf("n=%d kind %d: %+v; want median %v p90 %v max %v", n, kind, got, rank(50), rank(90), sorted[n-1])
			}
		}
	}
}
