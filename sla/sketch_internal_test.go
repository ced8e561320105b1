package sla

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Bucket indices are monotonic and contiguous, every duration lies within
// its bucket's bounds, and the representative is within the stated
// relative error of every duration of the bucket.
func TestSketchBuckets(t *testing.T) {
	prevHi := time.Duration(-1)
	for i := int32(0); i < sketchBuckets; i++ {
		lo, hi := sketchBounds(i)
		if lo != prevHi+1 || hi < lo {
			t.Fatalf("bucket %d: [%d, %d] after %d", i, lo, hi, prevHi)
		}
		if sketchIndex(lo) != i || sketchIndex(hi) != i {
			t.Fatalf("bucket %d: index of bounds %d, %d", i, sketchIndex(lo), sketchIndex(hi))
		}
		v := sketchValue(i)
		for _, d := range []time.Duration{lo, hi} {
			if e := math.Abs(float64(v-d)) / math.Max(float64(d), 1); e > PercentileRelativeError {
				t.Fatalf("bucket %d: value %d is %g from %d", i, v, e, d)
			}
		}
		prevHi = hi
		if i == sketchBuckets-1 && hi != math.MaxInt64 {
			t.Fatalf("last bucket ends at %d", hi)
		}
	}
	if sketchIndex(-5) != 0 {
		t.Errorf("negative duration in bucket %d", sketchIndex(-5))
	}
}

// Percentiles of a sketch, and of merged sketches of any split, are within
// the bound of the exact nearest-rank percentiles; count, min and max are
// exact.
func TestSketchPercentiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var scratch []uint64
	for round := range 300 {
		n := 1 + rng.IntN(3000)
		ds := make([]time.Duration, n)
		for i := range ds {
			switch round % 4 {
			case 0: // minutes to days, log-uniform
				ds[i] = time.Duration(math.Exp(rng.Float64()*math.Log(float64(30*24*time.Hour)/float64(time.Minute)))) * time.Minute
			case 1: // few distinct values
				ds[i] = time.Duration(rng.IntN(4)) * time.Hour
			case 2: // tiny, exact buckets
				ds[i] = time.Duration(rng.IntN(300))
			case 3: // anything
				ds[i] = time.Duration(rng.Int64())
			}
		}
		// Split into shards and merge their sketches.
		shards := 1 + rng.IntN(8)
		var merged sketch
		for k := range shards {
			part := ds[k*n/shards : (k+1)*n/shards]
			sk := sketchOf(part, &scratch)
			merged = merged.merge(&sk)
		}
		whole := sketchOf(ds, &scratch)
		if !slices.Equal(merged.idx, whole.idx) || !slices.Equal(merged.cnt, whole.cnt) || merged.n != whole.n ||
			merged.min != whole.min || merged.max != whole.max {
			t.Fatalf("round %d: merged sketch differs from the whole's", round)
		}
		sorted := slices.Sorted(slices.Values(ds))
		for _, p := range []int{1, 10, 50, 90, 99, 100} {
			exact := sorted[(p*n+99)/100-1]
			got := merged.percentile(p)
			if e := math.Abs(float64(got-exact)) / math.Max(float64(exact), 1); e > PercentileRelativeError {
				t.Fatalf("round %d n %d p%d: %d, exact %d (error %g)", round, n, p, got, exact, e)
			}
		}
		if merged.percentile(100) != sorted[n-1] || merged.min != sorted[0] {
			t.Fatalf("round %d: max %d min %d, want %d %d", round, merged.percentile(100), merged.min, sorted[n-1], sorted[0])
		}
	}
}
