package compensation

// More edges found by mutation testing: rule-set errors, the statutory
// options' limits, LateShipping's branches, and the exact representation
// (places) of amounts and error details.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func ruleErrs(t *testing.T, src string) RuleErrors {
	t.Helper()
	_, err := Compile([]byte(src))
	var list RuleErrors
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("Compile(%q) = %v, want RuleErrors", src, err)
	}
	return list
}

func TestCompileSourceErrorPositions(t *testing.T) {
	for _, tt := range []struct {
		src        string
		line, col  int
		field, msg string
	}{
		{"# only a comment\n", 0, 0, "", "empty source: want a rule set"},
		{"id: a\nrules: [{id: r, amount: '1'}]\n---\nid: b\n", 4, 1, "", "a source holds one rule set, found 2 documents"},
		{"id: a\nrules:\n  - {id: r, amount: '1'\n", 2, 1, "", "did not find expected ',' or '}'"},
		{"id: a\nrules:\n  - {id: '', amount: '1'}\n", 3, 5, "id", "missing rule id"},
		{"id: a\ncap: '-1'\nrules:\n  - {id: r, amount: '1'}\n", 2, 6, "cap", `want a non-negative amount such as "500.00", got "-1" (must not be negative)`},
	} {
		list := ruleErrs(t, tt.src)
		e := list[0]
		if len(list) != 1 || e.Line != tt.line || e.Column != tt.col || e.Field != tt.field || !strings.HasSuffix(e.Msg, tt.msg) {
			t.Errorf("Compile(%q):\n got %v (%d:%d field %q)\nwant %d:%d field %q: …%s", tt.src, list, e.Line, e.Column, e.Field, tt.line, tt.col, tt.field, tt.msg)
		}
	}
}

// Amounts a rule computes: negative is an error, 10^40 and beyond is out of
// range, a cap of 0 is a valid cap, and a zero line takes no share of the
// set's cap.
func TestCalculateAmountEdges(t *testing.T) {
	r := mustCompile(t, `id: x
mode: first-match
rules:
  - {id: neg, when: "reason == 'neg'", amount: price - 100}
  - {id: huge, when: "reason == 'huge'", amount: "price * decimal('1e40')"}
  - {id: edge, when: "reason == 'edge'", amount: "price * decimal('1e39')"}
  - {id: zero_cap, when: "reason == 'zero_cap'", amount: price, cap: "0"}
`)
	ctx := context.Background()
	for _, tt := range []struct {
		reason string
		err    error
		total  string
	}{
		{"neg", ErrNegative, ""},
		{"huge", ErrRange, ""},
		{"edge", nil, "9" + strings.Repeat("0", 39) + ".00"},
		{"zero_cap", nil, "0.00"},
	} {
		res, err := r.Calculate(ctx, Input{Reason: tt.reason, Price: d("9.00")})
		var ee *EvalError
		switch {
		case tt.err != nil && (!errors.As(err, &ee) || ee.Rule != tt.reason || ee.Field != "amount" || !errors.Is(err, tt.err)):
			t.Errorf("%s: %v, want an EvalError in its amount wrapping %v", tt.reason, err, tt.err)
		case tt.err == nil && (err != nil || res.Total.StringFixed(2) != tt.total):
			t.Errorf("%s: total %v, %v; want %s", tt.reason, res.Total, err, tt.total)
		}
	}
	res, _ := r.Calculate(ctx, Input{Reason: "zero_cap", Price: d("9.00")})
	if !res.Capped || !res.Lines[0].Capped {
		t.Errorf("a cap of 0 reduced 9.00 without saying so: %+v", res)
	}

	capped := mustCompile(t, "id: y\nmode: sum\ncap: '100'\nrules:\n  - {id: nothing, amount: '0'}\n  - {id: all, amount: price}\n")
	res, err := capped.Calculate(ctx, Input{Price: d("150.00")})
	if err != nil || res.Total.StringFixed(2) != "100.00" || !res.Lines[1].Amount.Equal(d("100")) || !res.Lines[1].Capped ||
		!res.Lines[0].Amount.IsZero() || res.Lines[0].Capped {
		t.Errorf("set cap with a zero line: %+v, %v", res, err)
	}
}

// The default ship-by window is 72 hours after payment.
func TestDefaultShipWithin(t *testing.T) {
	if DefaultShipWithin != 72*time.Hour {
		t.Errorf("DefaultShipWithin = %v", DefaultShipWithin)
	}
	r := mustCompile(t, "id: x\nrules:\n  - {id: r, when: late, amount: '1'}\n")
	paid := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		shipped time.Duration
		late    bool
	}{{72 * time.Hour, false}, {72*time.Hour + time.Nanosecond, true}} {
		res, err := r.Calculate(context.Background(), Input{PaidAt: paid, ShippedAt: paid.Add(tt.shipped)})
		if err != nil || (len(res.Lines) == 1) != tt.late {
			t.Errorf("shipped after %v: %d lines, %v; want late %v", tt.shipped, len(res.Lines), err, tt.late)
		}
	}
}

func TestStatutoryOptionLimits(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []StatutoryOption
		err  error
	}{
		{"zero rate, min and max", []StatutoryOption{WithLateShipping(decimal.Zero, decimal.Zero, decimal.Zero)}, nil},
		{"12 places", []StatutoryOption{WithLateShipping(d("0.000000000001"), d("0"), d("30"))}, nil},
		{"13 places", []StatutoryOption{WithLateShipping(d("0.0000000000001"), d("0"), d("30"))}, ErrPrecision},
		{"min above max", []StatutoryOption{WithLateShipping(d("0.05"), d("30.01"), d("30"))}, ErrExceeds},
		{"min equal to max", []StatutoryOption{WithLateShipping(d("0.05"), d("30"), d("30"))}, nil},
		{"zero window", []StatutoryOption{WithShipWithin(0)}, ErrNotPositive},
		{"1ns window", []StatutoryOption{WithShipWithin(time.Nanosecond)}, nil},
	} {
		r := Statutory(tt.opts...)
		if err := r.Err(); !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%s: Err() = %v, want %v", tt.name, err, tt.err)
		}
	}
	// With a zero tier, late shipping pays 0.00.
	res, err := Statutory(WithLateShipping(decimal.Zero, decimal.Zero, decimal.Zero)).
		Calculate(context.Background(), Input{Reason: "late_shipping", Price: d("100.00")})
	if err != nil || len(res.Lines) != 1 || res.Total.StringFixed(2) != "0.00" {
		t.Errorf("zero tier: %+v, %v", res, err)
	}
}

// LateShipping through each of its branches, with the fen it must return.
func TestLateShippingBranches(t *testing.T) {
	for _, tt := range []struct {
		amount, rate, min, max decimal.Decimal
		want                   string
	}{
		{d("100"), d("0.05"), d("0"), d("30"), "5.00"},
		{d("100"), d("0.05"), d("5.01"), d("30"), "5.01"},
		{d("1000"), d("0.05"), d("5"), d("30"), "30.00"},
		{d("0"), d("0.05"), d("0"), d("30"), "0.00"},
		{d("-5"), d("0.05"), d("1"), d("30"), "1.00"},
		{d("0.001"), d("0.01"), d("0"), d("30"), "0.00"},                     // product 10^-5: below a tenth of a fen
		{d("0.5"), d("0.01"), d("0"), d("30"), "0.01"},                       // 0.005 rounds up
		{decimal.New(1, 100), decimal.New(1, 100), d("0"), d("30"), "30.00"}, // astronomically large: the cap
		{decimal.New(1, 30), d("1"), d("0"), decimal.New(1, 40), "1" + strings.Repeat("0", 30) + ".00"},
		{d("100"), d("0.05"), d("-3"), d("30"), "5.00"},
		{d("100"), d("0.05"), d("40"), d("30"), "30.00"}, // min > max: max wins
	} {
		got := LateShipping(tt.amount, tt.rate, tt.min, tt.max)
		if got.Exponent() != -2 || got.StringFixed(2) != tt.want {
			t.Errorf("LateShipping(%v, %v, %v, %v) = %s (exponent %d), want %s", tt.amount, tt.rate, tt.min, tt.max, got, got.Exponent(), tt.want)
		}
	}
}

// roundTo's branches, including the places of the result.
func TestRoundToBranches(t *testing.T) {
	for _, tt := range []struct {
		d      decimal.Decimal
		places int32
		mode   Rounding
		want   string
		exp    int32
	}{
		{decimal.Zero, 2, HalfAwayFromZero, "0", -2},
		{d("1.25"), 2, HalfAwayFromZero, "1.25", -2},
		{d("1.125"), 2, HalfAwayFromZero, "1.13", -2},
		{d("1.125"), 2, HalfEven, "1.12", -2},
		{d("-1.125"), 2, HalfAwayFromZero, "-1.13", -2},
		{d("7"), 2, HalfAwayFromZero, "7", -2},
		{decimal.New(1, 78), 2, HalfAwayFromZero, "1" + strings.Repeat("0", 78), -2}, // rescaled: 80 places of difference
		{decimal.New(1, 80), 2, HalfAwayFromZero, "1" + strings.Repeat("0", 80), 80}, // left alone beyond that
		{decimal.New(1, -10), 2, HalfAwayFromZero, "0", -2},
		{d("0.005"), 2, HalfAwayFromZero, "0.01", -2},
		{d("0.005"), 2, HalfEven, "0", -2},
		{d("0.0049"), 2, HalfAwayFromZero, "0", -2},
	} {
		got := tt.mode.Round(tt.d, tt.places)
		if got.String() != tt.want || got.Exponent() != tt.exp {
			t.Errorf("%v.Round(%v, %d) = %s (exponent %d), want %s (exponent %d)", tt.mode, tt.d, tt.places, got, got.Exponent(), tt.want, tt.exp)
		}
	}
}

func TestNumericHelpers(t *testing.T) {
	// show: plain below |exponent| 40, coefficient and exponent beyond;
	// cut at 48 characters.
	for _, tt := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(5, 0), "5"},
		{decimal.New(1, -40), "0." + strings.Repeat("0", 39) + "1"},
		{decimal.New(1, 40), "1" + strings.Repeat("0", 40)},
		{decimal.New(1, -41), "1e-41"},
		{decimal.New(1, 41), "1e41"},
		{d(strings.Repeat("9", 48)), strings.Repeat("9", 48)},
		{d(strings.Repeat("9", 49)), strings.Repeat("9", 48) + "…"},
	} {
		if got := show(tt.d); got != tt.want {
			t.Errorf("show(%s) = %q, want %q", tt.d.Coefficient(), got, tt.want)
		}
	}
	// toMinor: exact conversions, and the bounds.
	for _, tt := range []struct {
		d      decimal.Decimal
		digits int32
		want   string
		err    error
	}{
		{d("1.00"), 0, "1", nil},
		{d("1.50"), 0, "", ErrPrecision},
		{d("0.05"), 0, "", ErrPrecision},
		{d("12.3"), 2, "1230", nil},
		{decimal.New(9, 39), 2, "9" + strings.Repeat("0", 41), nil},
		{decimal.New(1, 40), 2, "", ErrRange},
		{d("100"), 0, "100", nil},
	} {
		got, err := toMinor(tt.d, tt.digits)
		if err != tt.err || (err == nil && got.String() != tt.want) {
			t.Errorf("toMinor(%s, %d) = %v, %v; want %s, %v", tt.d, tt.digits, got, err, tt.want, tt.err)
		}
	}
	// checkRange: magnitude up to 10^40, scale up to 40 places past the
	// coefficient.
	for _, tt := range []struct {
		d  decimal.Decimal
		ok bool
	}{
		{decimal.New(9, 39), true}, {decimal.New(1, 40), false},
		{decimal.New(1, -41), true}, {decimal.New(1, -42), false},
		{decimal.New(12, -42), true}, {decimal.New(-12, -42), true}, {decimal.New(0, -99), true},
	} {
		if err := checkRange("f", tt.d); (err == nil) != tt.ok {
			t.Errorf("checkRange(%s) = %v, want ok %v", tt.d, err, tt.ok)
		}
	}
	// checkAmount agrees with amount for currencies of 0, 2 and 4 digits.
	four := Currency{Code: "XTS", Digits: 4}
	for _, cur := range []Currency{JPY, CNY, four} {
		for _, s := range []string{"1", "1.0", "1.00", "1.000", "1.0000", "1.00000", "0.0001", "0.00001", "-1.100", "-1.101",
			"12345678901234.5678", "123456789012345678", "1234567890123456789"} {
			for _, neg := range []bool{false, true} {
				v := d(s)
				_, want := amount("f", v, cur, neg)
				if got := checkAmount("f", v, cur, neg); (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
					t.Errorf("%s: checkAmount(%s, negative ok %v) = %v, amount says %v", cur.Code, s, neg, got, want)
				}
			}
		}
	}
}

// Free shipping needs freight to deduct; the freight line is in minor units.
func TestPlanRefundFreightLineShape(t *testing.T) {
	o := Order{
		Lines:            []Line{{ID: "a", UnitPrice: d("60.00"), Quantity: 1}, {ID: "b", UnitPrice: d("40.00"), Quantity: 1}},
		FreeShippingFrom: d("100"),
	}
	p, err := PlanRefund(o, nil, []Return{{"b", 1}})
	if err != nil || len(p.Lines) != 1 || !p.Total.Equal(d("40")) {
		t.Errorf("no freight: %s, %v; want no deduction line", planString(p), err)
	}
	o.Freight = d("8.00")
	p, _ = PlanRefund(o, nil, []Return{{"b", 1}})
	fl := p.Lines[len(p.Lines)-1]
	if fl.Kind != RefundFreightDeduction || fl.Price.Exponent() != -2 || fl.Discount.Exponent() != -2 || fl.Amount.StringFixed(2) != "-8.00" {
		t.Errorf("freight line %+v", fl)
	}
}

// Currency codes are three letters A–Z, the first included; Digits run
// from 0 to MaxDigits, both included.
func TestCurrencyValidateEdges(t *testing.T) {
	for _, tt := range []struct {
		c  Currency
		ok bool
	}{
		{Currency{"AZZ", 2}, true}, {Currency{"ZAA", 0}, true},
		{Currency{"cNY", 2}, false}, {Currency{"1AB", 2}, false}, {Currency{"AB@", 2}, false}, {Currency{"AB[", 2}, false},
		{Currency{"XTS", MaxDigits}, true}, {Currency{"XTS", MaxDigits + 1}, false}, {Currency{"XTS", 0}, true}, {Currency{"XTS", -1}, false},
	} {
		if err := tt.c.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok %v", tt.c, err, tt.ok)
		}
	}
}
