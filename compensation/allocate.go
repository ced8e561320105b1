package compensation

import (
	"fmt"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

// Allocate splits total into len(weights) parts proportional to weights,
// each a whole number of 10^-digits units, with the largest-remainder
// (Hamilton) method: every part first gets the floor of its exact quota, and
// the units left over go one each to the parts with the largest remainders,
// earlier weights first on ties. The parts always sum exactly to total, and
// no part differs from its exact quota by a whole unit or more.
//
// 10.00 over three equal weights is 3.34, 3.33, 3.33 — never 3 × 3.33.
//
// Errors (all *FieldError): digits outside 0…MaxDigits; empty weights; a
// weight that is zero or negative ("weights[i]"); a negative total; a total
// with more decimal places than digits (it cannot be split into whole units);
// numbers of 10^40 or more. A zero total is not an error: every part is zero.
//
// Every part has exactly digits decimal places (exponent -digits).
func Allocate(total decimal.Decimal, weights []decimal.Decimal, digits int32) ([]decimal.Decimal, error) {
	if digits < 0 || digits > MaxDigits {
		return nil, fieldErr("digits", ErrRange, fmt.Sprintf("%d not in 0…%d", digits, MaxDigits))
	}
	if len(weights) == 0 {
		return nil, fieldErr("weights", ErrEmpty, "")
	}
	if total.Sign() < 0 {
		return nil, fieldErr("total", ErrNegative, show(total))
	}
	// One pass validates the weights and, while every coefficient fits in
	// a machine word, collects them for the fast path: decimal's accessors
	// (NumDigits especially) were a tenth of Allocate's time when called
	// again per step.
	var cbuf [stackWeights]uint64
	var ebuf [stackWeights]int32
	coefs, exps := cbuf[:0], ebuf[:0]
	if len(weights) > stackWeights {
		coefs, exps = make([]uint64, 0, len(weights)), make([]int32, 0, len(weights))
	}
	fast := true
	minExp := int32(0)
	for i, w := range weights {
		if w.Sign() <= 0 {
			return nil, fieldErr(fmt.Sprintf("weights[%d]", i), ErrNotPositive, show(w))
		}
		nd, e := w.NumDigits(), w.Exponent()
		if m := int64(nd) + int64(e); m > maxIntDigits || m < -maxScale {
			return nil, fieldErr(fmt.Sprintf("weights[%d]", i), ErrRange, show(w))
		}
		if i == 0 || e < minExp {
			minExp = e
		}
		if fast = fast && nd <= 18; fast {
			coefs = append(coefs, uint64(w.CoefficientInt64()))
			exps = append(exps, e)
		}
	}
	if fast {
		if parts, ok := allocateFast(total, coefs, exps, digits, minExp); ok {
			return parts, nil
		}
	}
	units, err := toMinor(total, digits)
	if err != nil {
		if err == ErrPrecision {
			return nil, fieldErr("total", ErrPrecision, fmt.Sprintf("%s has more than %d decimal places", show(total), digits))
		}
		return nil, fieldErr("total", err, show(total))
	}
	ws := make([]*big.Int, len(weights))
	for i, w := range weights {
		v := w.Coefficient()
		ws[i] = v.Mul(v, bigPow10(int64(w.Exponent())-int64(minExp)))
	}
	parts := largestRemainder(units, ws)
	out := make([]decimal.Decimal, len(parts))
	for i, p := range parts {
		out[i] = fromMinor(p, digits)
	}
	return out, nil
}

// largestRemainder splits units (>= 0) over positive integer weights. It is
// the exact reference the int64 fast path must agree with.
func largestRemainder(units *big.Int, weights []*big.Int) []*big.Int {
	sum := new(big.Int)
	for _, w := range weights {
		sum.Add(sum, w)
	}
	parts := make([]*big.Int, len(weights))
	rems := make([]*big.Int, len(weights))
	left := new(big.Int).Set(units)
	for i, w := range weights {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(units, w), sum, new(big.Int))
		parts[i], rems[i] = q, r
		left.Sub(left, q)
	}
	// left < len(weights): each floor loses less than one unit.
	n := int(left.Int64())
	if n == 0 {
		return parts
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	// Stable sort: equal remainders keep index order, so earlier weights win ties.
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order[:n] {
		parts[i].Add(parts[i], big.NewInt(1))
	}
	return parts
}

// stackWeights is how many weights the fast path handles without a heap
// allocation for its scratch space; an order rarely has more lines.
const stackWeights = 16

// allocateFast does the largest-remainder arithmetic in uint64 minor units
// with 128-bit intermediate products. It reports false when the numbers do
// not fit, or when the input needs an error message; the big-integer path
// then decides. Profiling showed decimal arithmetic spending most of its time
// allocating big.Ints for quotients and remainders; in machine words the
// whole split costs about as much as building the result slice.
func allocateFast(total decimal.Decimal, coefs []uint64, exps []int32, digits, minExp int32) ([]decimal.Decimal, bool) {
	units, ok := fitUnits(total, int64(digits))
	if !ok {
		return nil, false
	}
	var rbuf, qbuf [stackWeights]uint64
	ws, rems, quos := coefs, rbuf[:0], qbuf[:0]
	if len(coefs) > stackWeights {
		rems = make([]uint64, 0, len(coefs))
		quos = make([]uint64, 0, len(coefs))
	}
	// Scale the weights to a common exponent in place (coefs is Allocate's
	// scratch), checking for overflow.
	var sum uint64
	for i, c := range coefs {
		if k := int64(exps[i]) - int64(minExp); k > 0 {
			if k > maxPow10 {
				return nil, false
			}
			hi, lo := bits.Mul64(c, pow10(k))
			if hi != 0 {
				return nil, false
			}
			ws[i] = lo
		}
		s, carry := bits.Add64(sum, ws[i], 0)
		if carry != 0 {
			return nil, false
		}
		sum = s
	}
	left := units
	for _, w := range ws {
		// units*w < 2^64*sum because w <= sum, so the high word is below
		// sum and Div64 cannot panic.
		hi, lo := bits.Mul64(units, w)
		q, r := bits.Div64(hi, lo, sum)
		quos = append(quos, q)
		rems = append(rems, r)
		left -= q
	}
	if left > 0 {
		if len(ws) <= stackWeights {
			// Selection is O(n·left) with left < n: cheaper than sorting
			// for the short lists orders have, and allocation-free.
			for ; left > 0; left-- {
				best := -1
				for i, r := range rems {
					if best < 0 || r > rems[best] {
						best = i
					}
				}
				quos[best]++
				rems[best] = 0
				// A zero remainder can be chosen again only if every
				// remainder is zero, and then left would be zero.
			}
		} else {
			order := make([]int, len(ws))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int {
				switch {
				case rems[a] > rems[b]:
					return -1
				case rems[a] < rems[b]:
					return 1
				}
				return 0
			})
			for _, i := range order[:left] {
				quos[i]++
			}
		}
	}
	out := make([]decimal.Decimal, len(quos))
	for i, q := range quos { // q <= units < 2^63
		out[i] = decimal.New(int64(q), -digits)
	}
	return out, true
}

// fitUnits returns d × 10^shift as a uint64 below 2^63. It reports false when
// that is negative, not an integer, or too large for the fast path.
func fitUnits(d decimal.Decimal, shift int64) (uint64, bool) {
	if d.Sign() < 0 || d.NumDigits() > 18 {
		return 0, false
	}
	c := uint64(d.CoefficientInt64())
	if c == 0 {
		return 0, true
	}
	e := int64(d.Exponent()) + shift
	switch {
	case e >= 0:
		if e > maxPow10 {
			return 0, false
		}
		hi, lo := bits.Mul64(c, pow10(e))
		if hi != 0 || lo > 1<<63-1 {
			return 0, false
		}
		return lo, true
	case -e <= maxPow10:
		p := pow10(-e)
		if c%p != 0 {
			return 0, false
		}
		return c / p, true
	}
	return 0, false
}
