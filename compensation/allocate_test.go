package compensation

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ds(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = d(s)
	}
	return out
}

func fixed(parts []decimal.Decimal, places int32) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.StringFixed(places)
	}
	return strings.Join(s, " ")
}

func TestAllocateTable(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		weights []string
		digits  int32
		want    string
	}{
		{"classic three ways", "10.00", []string{"1", "1", "1"}, 2, "3.34 3.33 3.33"},
		{"ties go to earlier weights", "0.02", []string{"1", "1", "1"}, 2, "0.01 0.01 0.00"},
		{"proportional", "100.00", []string{"50", "30", "20"}, 2, "50.00 30.00 20.00"},
		{"decimal weights", "10.00", []string{"33.33", "33.33", "33.34"}, 2, "3.33 3.33 3.34"},
		{"largest remainder wins over order", "1.00", []string{"1", "2"}, 2, "0.33 0.67"},
		{"JPY whole yen", "1000", []string{"1", "1", "1"}, 0, "334 333 333"},
		{"single weight takes all", "7.77", []string{"0.001"}, 2, "7.77"},
		{"zero total", "0", []string{"1", "2"}, 2, "0.00 0.00"},
		{"total written with more places but whole fen", "10.000", []string{"1", "1", "1"}, 2, "3.34 3.33 3.33"},
		{"integer total with exponent", "1E+3", []string{"1", "1", "1"}, 2, "333.34 333.33 333.33"},
		{"four places", "1.0000", []string{"3", "3", "3"}, 4, "0.3334 0.3333 0.3333"},
		{"tiny weights with huge ones", "100.00", []string{"0.0000001", "1000000000"}, 2, "0.00 100.00"},
		{"big numbers take the big.Int path", "123456789012345678901234.56", []string{"1", "1", "1"}, 2,
			"41152263004115226300411.52 41152263004115226300411.52 41152263004115226300411.52"},
		{"big weights", "10.00", []string{"99999999999999999999", "99999999999999999999", "99999999999999999999"}, 2, "3.34 3.33 3.33"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := Allocate(d(tt.total), ds(tt.weights...), tt.digits)
			if err != nil {
				t.Fatal(err)
			}
			if got := fixed(parts, tt.digits); got != tt.want {
				t.Errorf("Allocate(%s, %v, %d) = %s, want %s", tt.total, tt.weights, tt.digits, got, tt.want)
			}
			for i, p := range parts {
				if p.Exponent() != -tt.digits {
					t.Errorf("part %d = %s has exponent %d, want %d", i, p, p.Exponent(), -tt.digits)
				}
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name    string
		total   decimal.Decimal
		weights []decimal.Decimal
		digits  int32
		field   string
		err     error
	}{
		{"empty weights", d("1"), nil, 2, "weights", ErrEmpty},
		{"zero weight", d("1"), ds("1", "0"), 2, "weights[1]", ErrNotPositive},
		{"negative weight", d("1"), ds("-1", "2"), 2, "weights[0]", ErrNotPositive},
		{"negative total", d("-1"), ds("1"), 2, "total", ErrNegative},
		{"total finer than digits", d("10.005"), ds("1", "1"), 2, "total", ErrPrecision},
		{"total finer than digits, big path", d("123456789012345678901234.005"), ds("1"), 2, "total", ErrPrecision},
		{"negative digits", d("1"), ds("1"), -1, "digits", ErrRange},
		{"too many digits", d("1"), ds("1"), 19, "digits", ErrRange},
		{"absurd total", decimal.New(1, 60), ds("1"), 2, "total", ErrRange},
		{"absurd exponent", decimal.New(1, 2_000_000_000), ds("1"), 2, "total", ErrRange},
		{"absurd weight", d("1"), []decimal.Decimal{decimal.New(1, 2_000_000_000)}, 2, "weights[0]", ErrRange},
		{"absurdly small weight", d("1"), []decimal.Decimal{decimal.New(1, -2_000_000_000)}, 2, "weights[0]", ErrRange},
		{"zero weight with zero total", d("0"), ds("0"), 2, "weights[0]", ErrNotPositive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := Allocate(tt.total, tt.weights, tt.digits)
			if err == nil {
				t.Fatalf("want error, got %v", parts)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("error %q is not %q", err, tt.err)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("error %q: want field %q", err, tt.field)
			}
		})
	}
}

// checkAllocation verifies the largest-remainder contract independently of
// the implementation, with exact rationals: the parts sum to total, each part
// is the floor or the floor + 1 of its exact quota, and the +1s went to the
// largest remainders, earlier weights first on ties.
func checkAllocation(t *testing.T, total decimal.Decimal, weights, parts []decimal.Decimal, digits int32) {
	t.Helper()
	if len(parts) != len(weights) {
		t.Fatalf("%d parts for %d weights", len(parts), len(weights))
	}
	sum := decimal.Zero
	for _, p := range parts {
		sum = sum.Add(p)
	}
	if !sum.Equal(total) {
		t.Fatalf("parts %v sum to %s, want %s", parts, sum, total)
	}
	unit := new(big.Rat).SetFrac(big.NewInt(1), bigPow10(int64(digits)))
	W := new(big.Rat)
	for _, w := range weights {
		W.Add(W, w.Rat())
	}
	type rem struct {
		r      *big.Rat
		bumped bool
	}
	rems := make([]rem, len(parts))
	for i, w := range weights {
		quota := new(big.Rat).Mul(total.Rat(), w.Rat())
		quota.Quo(quota, W)
		quota.Quo(quota, unit) // in units
		fl := new(big.Int).Quo(quota.Num(), quota.Denom())
		frac := new(big.Rat).Sub(quota, new(big.Rat).SetInt(fl))
		got := new(big.Rat).Quo(parts[i].Rat(), unit)
		if !got.IsInt() {
			t.Fatalf("part %d = %s is not a whole unit", i, parts[i])
		}
		switch got.Num().Cmp(fl) {
		case 0:
		case 1:
			if new(big.Int).Sub(got.Num(), fl).Cmp(big.NewInt(1)) != 0 {
				t.Fatalf("part %d = %s, quota %s units", i, parts[i], quota.FloatString(6))
			}
			rems[i].bumped = true
		default:
			t.Fatalf("part %d = %s below floor of quota %s units", i, parts[i], quota.FloatString(6))
		}
		rems[i].r = frac
	}
	for i := range rems {
		for j := range rems {
			if !rems[i].bumped || rems[j].bumped {
				continue
			}
			// i got a unit, j did not: i's remainder must be larger, or equal and earlier.
			if c := rems[i].r.Cmp(rems[j].r); c < 0 || (c == 0 && i > j) {
				t.Fatalf("weights %v total %s: part %d bumped over part %d (remainders %s vs %s)",
					weights, total, i, j, rems[i].r.FloatString(6), rems[j].r.FloatString(6))
			}
		}
	}
}

func randDecimal(r *rand.Rand, maxCoef int64, maxPlaces int32) decimal.Decimal {
	return decimal.New(r.Int64N(maxCoef), -r.Int32N(maxPlaces+1))
}

func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 3000 {
		digits := r.Int32N(5)
		n := 1 + r.IntN(25)
		weights := make([]decimal.Decimal, n)
		for i := range weights {
			w := randDecimal(r, 1_000_000, 4)
			if w.IsZero() {
				w = decimal.New(1, -r.Int32N(5))
			}
			if iter%7 == 0 {
				w = decimal.New(1, 0) // many ties
			}
			weights[i] = w
		}
		var total decimal.Decimal
		switch iter % 5 {
		case 0:
			total = decimal.New(r.Int64N(10), -digits) // fewer units than weights
		case 1:
			// Huge: forces the big.Int path.
			c := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(20+r.IntN(15))), nil)
			c.Add(c, big.NewInt(r.Int64N(1_000_000)))
			total = decimal.NewFromBigInt(c, -digits)
		default:
			total = decimal.New(r.Int64N(100_000_000), -digits)
		}
		parts, err := Allocate(total, weights, digits)
		if err != nil {
			t.Fatalf("Allocate(%s, %v, %d): %v", total, weights, digits, err)
		}
		checkAllocation(t, total, weights, parts, digits)
	}
}

// TestAllocateFastMatchesBig pins the int64 fast path to the big.Int
// reference on inputs both can handle.
func TestAllocateFastMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		digits := r.Int32N(4)
		n := 1 + r.IntN(40) // crosses stackWeights
		weights := make([]decimal.Decimal, n)
		minExp := int32(0)
		for i := range weights {
			weights[i] = decimal.New(1+r.Int64N(int64(1)<<uint(1+r.IntN(40))), -r.Int32N(4))
			minExp = min(minExp, weights[i].Exponent())
		}
		total := decimal.New(r.Int64N(int64(1)<<uint(1+r.IntN(50))), -digits)
		coefs, exps := make([]uint64, n), make([]int32, n)
		for i, w := range weights {
			coefs[i], exps[i] = uint64(w.CoefficientInt64()), w.Exponent()
		}
		fast, ok := allocateFast(total, coefs, exps, digits, minExp)
		if !ok {
			continue
		}
		units, _ := toMinor(total, digits)
		ws := make([]*big.Int, n)
		for i, w := range weights {
			v := w.Coefficient()
			ws[i] = v.Mul(v, bigPow10(int64(w.Exponent()-minExp)))
		}
		for i, p := range largestRemainder(units, ws) {
			if !fromMinor(p, digits).Equal(fast[i]) {
				t.Fatalf("total %s weights %v: fast %v, big part %d = %s", total, weights, fast, i, fromMinor(p, digits))
			}
		}
	}
}

func FuzzAllocate(f *testing.F) {
	f.Add("10.00", "1", "1", "1", uint8(2))
	f.Add("0.02", "1", "1", "1", uint8(2))
	f.Add("123456789012345678901234.56", "0.5", "7", "99999999999999999999", uint8(2))
	f.Add("1000", "3", "0.0001", "5", uint8(0))
	f.Add("-1", "1", "1", "1", uint8(2))
	f.Add("1e30", "1e-30", "1", "1", uint8(18))
	f.Fuzz(func(t *testing.T, total, w1, w2, w3 string, digits uint8) {
		tot, err := decimal.NewFromString(total)
		if err != nil {
			return
		}
		var weights []decimal.Decimal
		for _, s := range []string{w1, w2, w3} {
			if w, err := decimal.NewFromString(s); err == nil {
				weights = append(weights, w)
			}
		}
		dg := int32(digits % 24) // includes out-of-range digits
		parts, err := Allocate(tot, weights, dg)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			return
		}
		checkAllocation(t, tot, weights, parts, dg)
	})
}
