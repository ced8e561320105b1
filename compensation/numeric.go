package compensation

import (
	"math/big"
	"strconv"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/shopspring/decimal"
)

// maxIntDigits bounds the integer digits of any amount or weight the package
// accepts (|x| < 10^40). Beyond that no money amount is meaningful, and
// bounding it keeps every intermediate (powers of ten, products) small, so
// hostile inputs such as decimal.New(1, 2_000_000_000) are rejected instead of
// exhausting memory or tripping the panics decimal.Mul has on exponent
// overflow.
const maxIntDigits = 40

// maxScale bounds the decimal places of a weight (amounts are bounded by
// their currency's digits instead).
const maxScale = 40

// maxPow10 is the largest k with 10^k < 2^64.
const maxPow10 = 19

// pow10 returns 10^k for 0 <= k <= maxPow10. A function rather than a table
// so that the package has no mutable globals.
func pow10(k int64) uint64 {
	p := uint64(1)
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}

// bigPow10 returns 10^k as a new big.Int; k must be small (callers bound it).
func bigPow10(k int64) *big.Int {
	if k <= maxPow10 {
		return new(big.Int).SetUint64(pow10(k))
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil)
}

// magnitude returns m with 10^(m-1) <= |d| < 10^m for non-zero d. It is
// cheap and never expands the exponent.
func magnitude(d decimal.Decimal) int64 {
	return int64(d.NumDigits()) + int64(d.Exponent())
}

func safeMax(a, b decimal.Decimal) decimal.Decimal {
	if celext.Cmp(a, b) >= 0 {
		return a
	}
	return b
}

// roundTo rounds d to places decimal places with the given mode. decimal's
// Round rescales first, which for extreme exponents means a power of ten
// with billions of digits; roundTo short-cuts those cases.
func roundTo(d decimal.Decimal, places int32, mode Rounding) decimal.Decimal {
	e := int64(d.Exponent())
	p := int64(places)
	switch {
	case d.IsZero():
		return decimal.New(0, -places)
	case e == -p:
		return d
	case e > -p:
		// Already exact at this scale; only the representation would change.
		// Rescale when cheap so results print with the expected places.
		if e+p > 2*maxIntDigits {
			return d
		}
		return d.Round(places)
	case magnitude(d) < -p:
		// |d| < 10^(-places-1): rounds to zero in every mode.
		return decimal.New(0, -places)
	}
	if mode == HalfEven {
		return d.RoundBank(places)
	}
	return d.Round(places)
}

// show formats d for an error message without ever expanding a huge
// exponent and without echoing megabytes of digits.
func show(d decimal.Decimal) string {
	var s string
	if e := d.Exponent(); e >= -maxIntDigits && e <= maxIntDigits {
		s = d.String()
	} else {
		s = d.Coefficient().String() + "e" + strconv.Itoa(int(e))
	}
	if len(s) > 48 {
		s = s[:48] + "…"
	}
	return s
}

// toMinor converts d into an integer count of 10^-digits units. It returns
// ErrRange for |d| >= 10^maxIntDigits and ErrPrecision when d has a non-zero
// digit beyond the minor unit.
func toMinor(d decimal.Decimal, digits int32) (*big.Int, error) {
	if d.IsZero() {
		return new(big.Int), nil
	}
	e := int64(d.Exponent())
	nd := int64(d.NumDigits())
	if nd+e > maxIntDigits {
		return nil, ErrRange
	}
	v := d.Coefficient()
	shift := e + int64(digits)
	if shift == 0 { // the common case: already in minor units
		return v, nil
	}
	if shift > 0 {
		return v.Mul(v, bigPow10(shift)), nil
	}
	k := -shift
	if k > nd {
		// A non-zero coefficient shorter than k digits cannot be a multiple
		// of 10^k.
		return nil, ErrPrecision
	}
	q, r := new(big.Int).QuoRem(v, bigPow10(k), new(big.Int))
	if r.Sign() != 0 {
		return nil, ErrPrecision
	}
	return q, nil
}

// amount validates a money field and returns it in minor units.
func amount(field string, d decimal.Decimal, cur Currency, allowNegative bool) (*big.Int, error) {
	if !allowNegative && d.Sign() < 0 {
		return nil, fieldErr(field, ErrNegative, show(d))
	}
	v, err := toMinor(d, cur.Digits)
	switch err {
	case nil:
		return v, nil
	case ErrPrecision:
		return nil, fieldErr(field, ErrPrecision,
			show(d)+" has more than "+strconv.Itoa(int(cur.Digits))+" decimal places for "+cur.Code)
	default:
		return nil, fieldErr(field, err, show(d))
	}
}

// checkAmount validates a money field like amount but without converting
// it: for the common case (a coefficient that fits in int64) it allocates
// nothing, which matters on Calculate's per-call path.
func checkAmount(field string, d decimal.Decimal, cur Currency, allowNegative bool) error {
	if d.IsZero() {
		return nil
	}
	if allowNegative || d.Sign() > 0 {
		nd, e := int64(d.NumDigits()), int64(d.Exponent())
		k := -e - int64(cur.Digits) // places beyond the minor unit
		if nd <= 18 && nd+e <= maxIntDigits && (k <= 0 || (k <= maxPow10 && uint64(abs64(d.CoefficientInt64()))%pow10(k) == 0)) {
			return nil
		}
	}
	_, err := amount(field, d, cur, allowNegative)
	return err
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// checkRange validates a decimal that is not money (a rate, a threshold):
// bounded magnitude and scale.
func checkRange(field string, d decimal.Decimal) error {
	if d.IsZero() {
		return nil
	}
	if magnitude(d) > maxIntDigits || -int64(d.Exponent()) > maxScale+int64(d.NumDigits()) {
		return fieldErr(field, ErrRange, show(d))
	}
	return nil
}

func fromMinor(v *big.Int, digits int32) decimal.Decimal {
	return decimal.NewFromBigInt(v, -digits)
}
