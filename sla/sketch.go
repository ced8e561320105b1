package sla

import (
	"math/bits"
	"time"
)

// PercentileRelativeError bounds the error of the Median and P90 of a
// merged Summary: each is within this fraction (1/256, about 0.39 %) of the
// exact nearest-rank percentile of the union's durations. Summarize itself
// reports exact percentiles; Merge estimates them from the sketches it
// keeps in Summary.MergeState.
const PercentileRelativeError = 1.0 / 256

// A sketch is a mergeable summary of durations with a relative error bound,
// on the idea of DDSketch (Masson, Rim, Lee, VLDB 2019) but with log-linear
// buckets on the integer nanoseconds instead of logarithmic ones on floats:
// a duration d >= 2^7 ns is put in the bucket of d's top 8 bits (its
// leading 1 and the 7 bits after it), so that within each power of two
// there are 128 buckets of equal width, each at most 1/128 of its lower
// bound; durations below 2^8 ns each have a bucket of their own (exact).
// A bucket index is monotonic in d and the indices of every int64 fit in
// [0, 7296).
//
// The nearest-rank percentile of the durations lies in the bucket where the
// cumulative count reaches its rank; the sketch answers the bucket's
// representative value, the harmonic mean of its smallest and largest
// duration, whose distance to any duration in the bucket is less than 1/257
// of it (1/256 with the rounding to nanoseconds). The count, minimum and
// maximum are exact. Merging two sketches adds their bucket counts, so a
// merge of the sketches of disjoint sets is exactly the sketch of their
// union: the bound holds however the durations were split.
//
// Why not github.com/DataDog/sketches-go: it would be the library's fifth
// direct dependency for ~150 lines; its quantiles are of rank q·(n−1) on
// float64 values where Summarize reports nearest-rank percentiles of
// integer durations, so its bound would be about a neighbouring element;
// and its wire format would tie the shipped summaries to its version. This
// sketch has one bound, about Summarize's own definition, and the
// versioned encoding of Summary.MergeState.
//
// Buckets are kept sparse (sorted indices of the non-empty buckets), so a
// small group costs a few words; handling times from a minute to a month
// span at most ~2,300 buckets.
type sketch struct {
	n        uint64
	min, max time.Duration
	idx      []int32  // non-empty buckets, ascending
	cnt      []uint64 // their counts, all > 0
}

const (
	sketchBits    = 7 // bits after the leading 1 kept in an index
	sketchSub     = 1 << sketchBits
	sketchBuckets = 57 * sketchSub // index of 2^63-1 is 7295
)

// sketchIndex returns the bucket of d (d < 0 counts as 0; Summarize never
// has negative durations).
func sketchIndex(d time.Duration) int32 {
	if d < 2*sketchSub {
		return int32(max(d, 0))
	}
	shift := bits.Len64(uint64(d)) - 1 - sketchBits // >= 1
	return int32(shift*sketchSub) + int32(uint64(d)>>shift)
}

// sketchBounds returns the smallest and the largest duration of bucket i.
func sketchBounds(i int32) (lo, hi time.Duration) {
	if i < 2*sketchSub {
		return time.Duration(i), time.Duration(i)
	}
	shift := int(i)/sketchSub - 1
	top := int64(i) - int64(shift*sketchSub) // in [sketchSub, 2*sketchSub)
	lo = time.Duration(top << shift)
	return lo, lo + time.Duration(int64(1)<<shift) - 1
}

// sketchValue is the representative of bucket i: the harmonic mean of its
// bounds, which is as close, relatively, to both.
func sketchValue(i int32) time.Duration {
	lo, hi := sketchBounds(i)
	if lo == hi {
		return lo
	}
	fl, fh := float64(lo), float64(hi)
	return time.Duration(2*fl*fh/(fl+fh) + 0.5)
}

// sketchOf returns the sketch of ds. scratch is reused between calls.
func sketchOf(ds []time.Duration, scratch *[]uint64) sketch {
	if len(ds) == 0 {
		return sketch{}
	}
	lo, hi := ds[0], ds[0]
	for _, d := range ds[1:] {
		lo = min(lo, d)
		hi = max(hi, d)
	}
	first, last := sketchIndex(lo), sketchIndex(hi)
	counts := *scratch
	if w := int(last-first) + 1; cap(counts) < w {
		counts = make([]uint64, w)
		*scratch = counts
	} else {
		counts = counts[:w]
		clear(counts)
	}
	for _, d := range ds {
		counts[sketchIndex(d)-first]++
	}
	nonEmpty := 0
	for _, c := range counts {
		if c > 0 {
			nonEmpty++
		}
	}
	s := sketch{n: uint64(len(ds)), min: lo, max: hi,
		idx: make([]int32, 0, nonEmpty), cnt: make([]uint64, 0, nonEmpty)}
	for i, c := range counts {
		if c > 0 {
			s.idx = append(s.idx, first+int32(i))
			s.cnt = append(s.cnt, c)
		}
	}
	return s
}

// merge returns the sketch of the union of the sets a and b describe.
func (a *sketch) merge(b *sketch) sketch {
	switch {
	case b.n == 0:
		return a.clone()
	case a.n == 0:
		return b.clone()
	}
	m := sketch{n: a.n + b.n, min: min(a.min, b.min), max: max(a.max, b.max),
		idx: make([]int32, 0, len(a.idx)+len(b.idx)), cnt: make([]uint64, 0, len(a.idx)+len(b.idx))}
	i, j := 0, 0
	for i < len(a.idx) || j < len(b.idx) {
		switch {
		case j == len(b.idx) || i < len(a.idx) && a.idx[i] < b.idx[j]:
			m.idx, m.cnt = append(m.idx, a.idx[i]), append(m.cnt, a.cnt[i])
			i++
		case i == len(a.idx) || b.idx[j] < a.idx[i]:
			m.idx, m.cnt = append(m.idx, b.idx[j]), append(m.cnt, b.cnt[j])
			j++
		default:
			m.idx, m.cnt = append(m.idx, a.idx[i]), append(m.cnt, a.cnt[i]+b.cnt[j])
			i++
			j++
		}
	}
	return m
}

func (a *sketch) clone() sketch {
	c := *a
	c.idx = append([]int32(nil), a.idx...)
	c.cnt = append([]uint64(nil), a.cnt...)
	return c
}

// rank returns an estimate of the k-th smallest duration (1 <= k <= n),
// within PercentileRelativeError of it; the n-th is the exact maximum.
func (a *sketch) rank(k uint64) time.Duration {
	if k >= a.n {
		return a.max
	}
	var seen uint64
	for i, c := range a.cnt {
		if seen += c; seen >= k {
			// The representative, kept within the exact extremes (both
			// closer to the k-th smallest when they are in its bucket).
			return min(max(sketchValue(a.idx[i]), a.min), a.max)
		}
	}
	return a.max
}

// percentile returns the nearest-rank p-th percentile estimate, the
// ⌈p·n/100⌉-th smallest as describe defines it.
func (a *sketch) percentile(p int) time.Duration {
	if a.n == 0 {
		return 0
	}
	return a.rank((uint64(p)*a.n + 99) / 100)
}
