package compensation

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxDigits is the largest number of minor-unit digits a Currency or an
// Allocate call may use. Real currencies use 0–4.
const MaxDigits = 18

// Currency is an ISO 4217 currency and the number of decimal places of its
// minor unit: CNY has 2 (fen), JPY has 0.
//
// The zero Currency stands for CNY, the library's home currency, so an Order
// that leaves Currency unset is priced in yuan.
type Currency struct {
	Code   string `json:"code"`   // ISO 4217 code, three upper-case letters
	Digits int32  `json:"digits"` // decimal places of the minor unit, 0…MaxDigits
}

// Predefined currencies. They are plain struct values: using one copies it.
// Validate rejects a known code with the wrong Digits, so even if a program
// reassigned one of these variables, the library would refuse the result
// rather than compute with it.
var (
	CNY = Currency{Code: "CNY", Digits: 2}
	JPY = Currency{Code: "JPY", Digits: 0}
	USD = Currency{Code: "USD", Digits: 2}
)

// knownDigits is a function rather than a map so there is no package-level
// state a caller could alter.
func knownDigits(code string) (int32, bool) {
	switch code {
	case "CNY", "USD", "EUR", "HKD", "GBP", "TWD", "SGD", "AUD", "CAD", "CHF", "MOP":
		return 2, true
	case "JPY", "KRW", "VND":
		return 0, true
	}
	return 0, false
}

// LookupCurrency returns the currency with the given ISO 4217 code if the
// package knows its minor unit (CNY, USD, EUR, HKD, GBP, TWD, SGD, AUD, CAD,
// CHF, MOP with 2 digits; JPY, KRW, VND with 0). The result is a fresh value
// built from constants, independent of the CNY/JPY/USD variables.
func LookupCurrency(code string) (Currency, bool) {
	d, ok := knownDigits(code)
	if !ok {
		return Currency{}, false
	}
	return Currency{Code: code, Digits: d}, true
}

// resolve maps the zero Currency to CNY and validates the rest.
func (c Currency) resolve(field string) (Currency, error) {
	if c == (Currency{}) {
		return Currency{Code: "CNY", Digits: 2}, nil
	}
	return c, c.validate(field)
}

// Validate reports whether c is usable: a three-letter upper-case code,
// Digits within 0…MaxDigits, and, for a code the package knows, the
// standard number of digits (Currency{"CNY", 3} is an error).
func (c Currency) Validate() error { return c.validate("currency") }

func (c Currency) validate(field string) error {
	if len(c.Code) != 3 || strings.IndexFunc(c.Code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return fieldErr(field+".Code", ErrCurrency, fmt.Sprintf("%q is not a three-letter ISO 4217 code", c.Code))
	}
	if c.Digits < 0 || c.Digits > MaxDigits {
		return fieldErr(field+".Digits", ErrRange, fmt.Sprintf("%d not in 0…%d", c.Digits, MaxDigits))
	}
	if d, ok := knownDigits(c.Code); ok && d != c.Digits {
		return fieldErr(field+".Digits", ErrCurrency, fmt.Sprintf("%s has %d decimal places, not %d", c.Code, d, c.Digits))
	}
	return nil
}

// String returns the currency code.
func (c Currency) String() string {
	if c == (Currency{}) {
		return "CNY"
	}
	return c.Code
}

// Round rounds d to the currency's minor unit, half away from zero (四舍五入).
func (c Currency) Round(d decimal.Decimal) decimal.Decimal {
	return HalfAwayFromZero.Round(d, c.digits())
}

func (c Currency) digits() int32 {
	if c == (Currency{}) {
		return 2
	}
	return min(max(c.Digits, 0), MaxDigits)
}

// maxAmountLen bounds the strings Parse accepts; no real amount needs more.
const maxAmountLen = 64

// Parse also bounds the integer digits by maxIntDigits, as the rest of the
// package does, so that whatever it accepts, written back with a minus and
// MaxDigits places, still fits maxAmountLen and parses again (the fuzzer
// found a 62-digit amount whose two-place form it then refused).
var _ [maxAmountLen - (2 + maxIntDigits + MaxDigits)]struct{} // compile-time: the bound fits

// Parse reads an amount written as plain decimal digits with an optional
// leading minus and at most Digits decimal places, such as "129.90", "-5",
// "0.5". Surrounding spaces are ignored. Everything else is rejected with
// ErrSyntax, ErrRange or ErrPrecision: "NaN", "Inf", "1e3", "1,000", ".5",
// "5.", "+5" and full-width digits (ErrSyntax), more than 40 digits before
// the point (ErrRange), "12.345" for a 2-digit currency (ErrPrecision). Callers
// holding untrusted strings should parse with this rather than
// decimal.NewFromString, which accepts exponents.
func (c Currency) Parse(s string) (decimal.Decimal, error) {
	cur, err := c.resolve("currency")
	if err != nil {
		return decimal.Decimal{}, err
	}
	s = strings.TrimSpace(s)
	bad := func() (decimal.Decimal, error) {
		shown := s
		if len(shown) > maxAmountLen {
			shown = shown[:maxAmountLen] + "…"
		}
		return decimal.Decimal{}, fieldErr("amount", ErrSyntax, fmt.Sprintf("%q", shown))
	}
	if s == "" || len(s) > maxAmountLen {
		return bad()
	}
	body := s
	if body[0] == '-' {
		body = body[1:]
	}
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if intPart == "" || (hasPoint && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return bad()
	}
	if len(intPart) > maxIntDigits {
		return decimal.Decimal{}, fieldErr("amount", ErrRange,
			fmt.Sprintf("%q has %d digits before the point, at most %d", s, len(intPart), maxIntDigits))
	}
	if int32(len(frac)) > cur.Digits {
		return decimal.Decimal{}, fieldErr("amount", ErrPrecision,
			fmt.Sprintf("%q has %d decimal places, %s allows %d", s, len(frac), cur.Code, cur.Digits))
	}
	d, err := decimal.NewFromString(s)
	if err != nil { // unreachable after the checks above; kept so a library change cannot slip through
		return bad()
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Rounding selects how amounts are rounded to the minor unit.
type Rounding uint8

const (
	// HalfAwayFromZero rounds ties away from zero (四舍五入): 0.125 → 0.13,
	// -0.125 → -0.13. It is the default everywhere in the package.
	HalfAwayFromZero Rounding = iota
	// HalfEven rounds ties to the even neighbour (banker's rounding):
	// 0.125 → 0.12, 0.135 → 0.14.
	HalfEven
)

// String returns "half-away-from-zero" or "half-even".
func (r Rounding) String() string {
	switch r {
	case HalfAwayFromZero:
		return "half-away-from-zero"
	case HalfEven:
		return "half-even"
	}
	return fmt.Sprintf("Rounding(%d)", uint8(r))
}

// Round rounds d to places decimal places. Unknown modes round half away from
// zero. It never panics and never allocates huge intermediates, whatever the
// exponent of d.
func (r Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	return roundTo(d, places, r)
}
