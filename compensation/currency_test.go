package compensation

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestCurrencyValidate(t *testing.T) {
	for _, c := range []Currency{CNY, JPY, USD, {Code: "XAU", Digits: 4}} {
		if err := c.Validate(); err != nil {
			t.Errorf("%v: %v", c, err)
		}
	}
	bad := []struct {
		c   Currency
		err error
	}{
		{Currency{Code: "CNY", Digits: 3}, ErrCurrency},
		{Currency{Code: "JPY", Digits: 2}, ErrCurrency},
		{Currency{Code: "cny", Digits: 2}, ErrCurrency},
		{Currency{Code: "", Digits: 2}, ErrCurrency},
		{Currency{Code: "ABC", Digits: -1}, ErrRange},
		{Currency{Code: "ABC", Digits: 19}, ErrRange},
	}
	for _, tt := range bad {
		if err := tt.c.Validate(); !errors.Is(err, tt.err) {
			t.Errorf("%+v: error %v, want %v", tt.c, err, tt.err)
		}
	}
	if c, ok := LookupCurrency("JPY"); !ok || c != JPY {
		t.Errorf("LookupCurrency(JPY) = %v, %v", c, ok)
	}
	if _, ok := LookupCurrency("XXX"); ok {
		t.Error("LookupCurrency(XXX) found")
	}
}

func TestCurrencyParse(t *testing.T) {
	good := []struct {
		c    Currency
		s    string
		want string
	}{
		{CNY, "129.90", "129.9"},
		{CNY, " 5 ", "5"},
		{CNY, "-0.5", "-0.5"},
		{JPY, "1000", "1000"},
		{Currency{}, "1.23", "1.23"},
	}
	for _, tt := range good {
		got, err := tt.c.Parse(tt.s)
		if err != nil || !got.Equal(d(tt.want)) {
			t.Errorf("%v.Parse(%q) = %s, %v; want %s", tt.c, tt.s, got, err, tt.want)
		}
	}
	bad := []struct {
		c   Currency
		s   string
		err error
	}{
		{CNY, "NaN", ErrSyntax}, {CNY, "nan", ErrSyntax}, {CNY, "Inf", ErrSyntax}, {CNY, "-Infinity", ErrSyntax},
		{CNY, "1e3", ErrSyntax}, {CNY, "1,000.00", ErrSyntax}, {CNY, ".5", ErrSyntax}, {CNY, "5.", ErrSyntax},
		{CNY, "+5", ErrSyntax}, {CNY, "", ErrSyntax}, {CNY, "--5", ErrSyntax}, {CNY, "１２", ErrSyntax},
		{CNY, "0x10", ErrSyntax}, {CNY, "1.2.3", ErrSyntax},
		// Found by FuzzCurrencyParse: 62 digits parsed, but their two-place
		// form (65 bytes) did not. 40 integer digits is the most.
		{CNY, "1" + strings.Repeat("0", 61), ErrRange}, {CNY, "-1" + strings.Repeat("0", 40) + ".5", ErrRange},
		{CNY, "12.345", ErrPrecision}, {JPY, "1.5", ErrPrecision},
		{Currency{Code: "CNY", Digits: 0}, "1", ErrCurrency},
	}
	for _, tt := range bad {
		if got, err := tt.c.Parse(tt.s); !errors.Is(err, tt.err) {
			t.Errorf("%v.Parse(%q) = %s, %v; want %v", tt.c, tt.s, got, err, tt.err)
		}
	}
}

func FuzzCurrencyParse(f *testing.F) {
	for _, s := range []string{"129.90", "NaN", "1e3", "-0.01", "  7 ", "9999999999999999999999999.99", "1" + strings.Repeat("0", 61), "-" + strings.Repeat("9", 40) + ".99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := CNY.Parse(s)
		if err != nil {
			return
		}
		// Anything accepted round-trips through the canonical 2-place form.
		back, err := CNY.Parse(v.StringFixed(2))
		if err != nil || !back.Equal(v) {
			t.Fatalf("Parse(%q) = %s does not round-trip: %s, %v", s, v, back, err)
		}
		if v.Exponent() < -2 {
			t.Fatalf("Parse(%q) = %s has %d places", s, v, -v.Exponent())
		}
	})
}

func TestRounding(t *testing.T) {
	tests := []struct {
		in         string
		places     int32
		away, even string
	}{
		{"0.125", 2, "0.13", "0.12"},
		{"0.135", 2, "0.14", "0.14"},
		{"-0.125", 2, "-0.13", "-0.12"},
		{"2.5", 0, "3", "2"},
		{"3.5", 0, "4", "4"},
		{"1.005", 2, "1.01", "1.00"},
		{"1.0051", 2, "1.01", "1.01"},
		{"7", 2, "7.00", "7.00"},
	}
	for _, tt := range tests {
		if got := HalfAwayFromZero.Round(d(tt.in), tt.places); got.StringFixed(tt.places) != tt.away || got.Exponent() != -tt.places {
			t.Errorf("HalfAwayFromZero.Round(%s, %d) = %s", tt.in, tt.places, got)
		}
		if got := HalfEven.Round(d(tt.in), tt.places); got.StringFixed(tt.places) != tt.even {
			t.Errorf("HalfEven.Round(%s, %d) = %s", tt.in, tt.places, got)
		}
	}
	if got := CNY.Round(d("2.345")); got.String() != "2.35" {
		t.Errorf("CNY.Round(2.345) = %s", got)
	}
	if got := JPY.Round(d("2.5")); got.String() != "3" {
		t.Errorf("JPY.Round(2.5) = %s", got)
	}
	// Extreme exponents neither panic nor allocate gigabytes.
	if got := HalfEven.Round(decimal.New(1, math.MinInt32), 2); !got.IsZero() {
		t.Errorf("tiny rounds to %s", show(got))
	}
	if got := HalfAwayFromZero.Round(decimal.New(1, math.MaxInt32), 2); !got.Equal(decimal.New(1, math.MaxInt32)) {
		t.Errorf("huge rounds to %s", show(got))
	}
	if HalfEven.String() != "half-even" || Rounding(9).String() != "Rounding(9)" {
		t.Error("Rounding.String")
	}
}
