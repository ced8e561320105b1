package compensation

// Tests that pin the boundaries mutation testing found unguarded: each
// asserts the value the law, the platform rule or the arithmetic gives at
// an edge (an amount exactly at a threshold or a cap, the largest accepted
// size), so an off-by-one in a comparison gives a wrong answer here.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// Free shipping at exactly the threshold: goods worth the threshold still
// ship free, so the freight is deducted only when the kept goods drop below
// it — never when they stay exactly at it, and always when they were exactly
// at it before.
func TestPlanRefundFreeShippingThresholdExactly(t *testing.T) {
	o := Order{
		Lines:            []Line{{ID: "a", UnitPrice: d("60.00"), Quantity: 1}, {ID: "b", UnitPrice: d("40.00"), Quantity: 1}, {ID: "c", UnitPrice: d("50.00"), Quantity: 1}},
		Freight:          d("8.00"),
		FreeShippingFrom: d("100"),
	}
	tests := []struct {
		name       string
		prior, now []Return
		want       string
	}{
		// Kept 150 → 100: exactly the threshold, still free shipping.
		{"kept goods land exactly on the threshold", nil, []Return{{"c", 1}},
			"goods c×1 50.00-0.00=50.00; goods 50.00 freight 0.00 total 50.00 remaining 100.00"},
		// Kept 100 (exactly the threshold, shipping was free) → 60: deduct.
		{"kept goods were exactly at the threshold", []Return{{"c", 1}}, []Return{{"b", 1}},
			"goods b×1 40.00-0.00=40.00; freight-deduction ×0 0.00-0.00=-8.00; goods 40.00 freight -8.00 total 32.00 remaining 60.00"},
		// Kept 150 → 99.99 would deduct; 150 → 110 does not.
		{"kept goods stay above", nil, []Return{{"b", 1}},
			"goods b×1 40.00-0.00=40.00; goods 40.00 freight 0.00 total 40.00 remaining 110.00"},
	}
	for _, tt := range tests {
		p, err := PlanRefund(o, tt.prior, tt.now)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := planString(p); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, got, tt.want)
		}
	}
	// The note says what was deducted and why.
	p, _ := PlanRefund(o, []Return{{"c", 1}}, []Return{{"b", 1}})
	if want := "goods kept 60.00 fall below the free-shipping threshold 100.00: freight 8.00 deducted"; p.Lines[1].Note != want {
		t.Errorf("note %q, want %q", p.Lines[1].Note, want)
	}
	// A deduction equal to the goods refund is not capped.
	o2 := Order{
		Lines:            []Line{{ID: "a", UnitPrice: d("95.00"), Quantity: 1}, {ID: "b", UnitPrice: d("10.00"), Quantity: 1}},
		Freight:          d("10.00"),
		FreeShippingFrom: d("99"),
	}
	p, err := PlanRefund(o2, nil, []Return{{"b", 1}})
	if err != nil || !p.Total.Equal(decimal.Zero) || strings.Contains(p.Lines[1].Note, "capped") {
		t.Errorf("deduction equal to the refund: %s, note %q, %v", planString(p), p.Lines[1].Note, err)
	}
}

// A line's paid share with a discount: units carry q+1 while their index is
// below the remainder, so the m-th unit boundary matters.
func TestPlanRefundDiscountUnitShares(t *testing.T) {
	// One line, 3 units of 10.00, discount 1.00: 0.34, 0.33, 0.33.
	o := Order{Lines: []Line{{ID: "a", UnitPrice: d("10.00"), Quantity: 3}}, Discount: d("1.00")}
	for _, tt := range []struct {
		prior, now int
		want       string
	}{
		{0, 1, "9.66"}, {1, 1, "9.67"}, {2, 1, "9.67"}, {0, 2, "19.33"}, {1, 2, "19.34"}, {0, 3, "29.00"},
	} {
		var prior []Return
		if tt.prior > 0 {
			prior = []Return{{"a", tt.prior}}
		}
		p, err := PlanRefund(o, prior, []Return{{"a", tt.now}})
		if err != nil || p.Total.StringFixed(2) != tt.want {
			t.Errorf("after %d, return %d: total %v, %v; want %s", tt.prior, tt.now, p.Total, err, tt.want)
		}
	}
}

func TestPlanRefundOverReturnMessage(t *testing.T) {
	o := Order{Lines: []Line{{ID: "a", UnitPrice: d("10.00"), Quantity: 3}}}
	// Exactly the units left is allowed; one more is not.
	if _, err := PlanRefund(o, []Return{{"a", 1}}, []Return{{"a", 2}}); err != nil {
		t.Errorf("returning exactly the units left: %v", err)
	}
	_, err := PlanRefund(o, []Return{{"a", 1}}, []Return{{"a", 3}})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "now[0].Quantity" || !errors.Is(err, ErrOverReturn) ||
		fe.Detail != `line "a": 3 bought, 1 returned before, 3 more requested` {
		t.Errorf("over-return: %v", err)
	}
}

// ship_within must be positive: 0 would make every order late the moment it
// is paid.
func TestCompileShipWithinZero(t *testing.T) {
	for _, v := range []string{"0s", "0", "-1h"} {
		_, err := Compile([]byte("id: x\nship_within: " + v + "\nrules:\n  - {id: r, amount: '1'}\n"))
		var list RuleErrors
		if !errors.As(err, &list) || len(list) != 1 || list[0].Field != "ship_within" || list[0].Line != 2 {
			t.Errorf("ship_within %s: %v", v, err)
		}
	}
	r := mustCompile(t, "id: x\nship_within: 1ns\nrules:\n  - {id: r, when: late, amount: '1'}\n")
	paid := mustTime("2026-03-01T10:00:00Z")
	for _, tt := range []struct {
		shipped string
		want    int
	}{{"2026-03-01T10:00:00Z", 0}, {"2026-03-01T10:00:00.000000001Z", 0}, {"2026-03-01T10:00:00.000000002Z", 1}} {
		res, err := r.Calculate(context.Background(), Input{PaidAt: paid, ShippedAt: mustTime(tt.shipped)})
		if err != nil || len(res.Lines) != tt.want {
			t.Errorf("shipped %s: %d lines, %v; want %d", tt.shipped, len(res.Lines), err, tt.want)
		}
	}
}

// A line exactly at its rule's cap, or a total exactly at the set's cap, is
// not reduced and so not Capped; one fen more is.
func TestCalculateExactlyAtCap(t *testing.T) {
	r := mustCompile(t, `id: caps
mode: sum
cap: "150.00"
rules:
  - {id: a, amount: price, cap: "100.00"}
  - {id: b, amount: loss}
`)
	for _, tt := range []struct {
		price, loss         string
		a, b, total         string
		aCapped, bCapped, c bool
	}{
		{"100.00", "50.00", "100.00", "50.00", "150.00", false, false, false},
		{"100.01", "50.00", "100.00", "50.00", "150.00", true, false, true},
		{"100.00", "50.01", "99.99", "50.01", "150.00", true, false, true},
		{"99.99", "50.00", "99.99", "50.00", "149.99", false, false, false},
	} {
		res, err := r.Calculate(context.Background(), Input{Price: d(tt.price), Loss: d(tt.loss)})
		if err != nil {
			t.Fatal(err)
		}
		got := []any{res.Lines[0].Amount.StringFixed(2), res.Lines[1].Amount.StringFixed(2), res.Total.StringFixed(2),
			res.Lines[0].Capped, res.Lines[1].Capped, res.Capped}
		want := []any{tt.a, tt.b, tt.total, tt.aCapped, tt.bCapped, tt.c}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("price %s loss %s: got %v, want %v", tt.price, tt.loss, got, want)
				break
			}
		}
	}
}

// Amounts of 18 digits — the most an int64 coefficient holds — are valid
// input and are computed exactly, as are 19 and 40 digits on the slow path.
func TestEighteenDigitAmounts(t *testing.T) {
	r := mustCompile(t, "id: x\nmode: sum\nrules:\n  - {id: p, amount: price}\n  - {id: l, amount: loss * 2}\n")
	for _, tt := range []struct{ price, loss, total string }{
		{"9999999999999999.99", "0.01", "10000000000000000.01"},   // 18 digits
		{"99999999999999999.99", "0.01", "100000000000000000.01"}, // 19 digits
		{"1234567890123456.78", "1234567890123456.78", "3703703670370370.34"},
	} {
		res, err := r.Calculate(context.Background(), Input{Price: d(tt.price), Loss: d(tt.loss)})
		if err != nil || res.Total.StringFixed(2) != tt.total {
			t.Errorf("price %s loss %s: total %v, %v; want %s", tt.price, tt.loss, res.Total, err, tt.total)
		}
	}
	// 10^40 and beyond is out of range; just below it is not.
	if _, err := r.Calculate(context.Background(), Input{Price: decimal.New(1, 40)}); !errors.Is(err, ErrRange) {
		t.Errorf("price 1e40: %v, want ErrRange", err)
	}
	if _, err := r.Calculate(context.Background(), Input{Price: decimal.New(9, 39)}); err != nil {
		t.Errorf("price 9e39: %v", err)
	}
	// checkAmount agrees with amount on every edge of its fast test.
	for _, s := range []string{"0", "1", "-1", "0.01", "0.001", "123456789012345678", "12345678901234567.8",
		"1234567890123456789", "0.000000000000000000001", "-0.001", "1.10", "1.100", "1.101", "10000000000000000000.00"} {
		for _, neg := range []bool{false, true} {
			v := d(s)
			_, want := amount("f", v, CNY, neg)
			if got := checkAmount("f", v, CNY, neg); (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
				t.Errorf("checkAmount(%s, negative ok %v) = %v, amount says %v", s, neg, got, want)
			}
		}
	}
}

// Allocate at the edges of its input ranges, with values from the
// largest-remainder arithmetic.
func TestAllocateEdges(t *testing.T) {
	ws := func(ss ...string) []decimal.Decimal {
		out := make([]decimal.Decimal, len(ss))
		for i, s := range ss {
			out[i] = d(s)
		}
		return out
	}
	for _, tt := range []struct {
		total  string
		w      []decimal.Decimal
		digits int32
		want   string
	}{
		{"10.000", ws("1", "1"), 2, "5.00 5.00"},
		{"1", ws("1", "2"), MaxDigits, "0.333333333333333333 0.666666666666666667"},
		{"10.00", ws("1", "0.0000000000000000001"), 2, "10.00 0.00"},
		{"10.00", ws("0.0000000000000000001", "0.0000000000000000001"), 2, "5.00 5.00"},
		{"1.00", ws("9990000000000000000000000000000000000000", "1"), 2, "1.00 0.00"},
		{"1.00", []decimal.Decimal{decimal.New(1, -41), decimal.New(3, -41)}, 2, "0.25 0.75"}, // smallest weights accepted
		{"1234567890123456.78", ws("1", "1"), 2, "617283945061728.39 617283945061728.39"},
		{"0.17", ws(strings.Split(strings.Repeat("1 ", 17), " ")[:17]...), 2,
			strings.TrimSpace(strings.Repeat("0.01 ", 17))},
		// 1.00 over 17 equal weights: 5 each, the 15 spare fen to the first 15.
		{"1.00", ws(strings.Split(strings.Repeat("1 ", 17), " ")[:17]...), 2,
			strings.TrimSpace(strings.Repeat("0.06 ", 15) + "0.05 0.05")},
		// Remainders decide, not order: weights 1, 3, 2 of 1.00.
		{"1.00", ws("1", "3", "2", "1", "3", "2", "1", "3", "2", "1", "3", "2", "1", "3", "2", "1", "3"), 2,
			"0.03 0.09 0.06 0.03 0.09 0.06 0.03 0.09 0.06 0.03 0.09 0.06 0.03 0.08 0.06 0.03 0.08"},
	} {
		parts, err := Allocate(d(tt.total), tt.w, tt.digits)
		if err != nil {
			t.Errorf("Allocate(%s, %v): %v", tt.total, tt.w, err)
			continue
		}
		var got []string
		for _, p := range parts {
			got = append(got, p.StringFixed(tt.digits))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Allocate(%s, %v, %d)\n = %s\nwant %s", tt.total, tt.w, tt.digits, g, tt.want)
		}
	}
	for _, tt := range []struct {
		name   string
		total  string
		w      []decimal.Decimal
		digits int32
		field  string
		err    error
	}{
		{"weight of 10^40", "1", []decimal.Decimal{decimal.New(1, 40)}, 2, "weights[0]", ErrRange},
		{"weight below 10^-41", "1", []decimal.Decimal{decimal.New(9, -42)}, 2, "weights[0]", ErrRange},
		{"digits above MaxDigits", "1", ws("1"), MaxDigits + 1, "digits", ErrRange},
	} {
		_, err := Allocate(d(tt.total), tt.w, tt.digits)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %s: %v", tt.name, err, tt.field, tt.err)
		}
	}
}

func TestCurrencyEdges(t *testing.T) {
	if CNY.String() != "CNY" || USD.String() != "USD" || (Currency{}).String() != "CNY" {
		t.Errorf("String: %s %s %s", CNY, USD, Currency{})
	}
	// 40 integer digits is the most Parse reads (maxIntDigits), 41 are
	// rejected; a string past 64 characters is rejected and shown cut at 64.
	forty := "1" + strings.Repeat("0", 39)
	if v, err := JPY.Parse(forty); err != nil || v.String() != forty {
		t.Errorf("Parse of 40 digits = %v, %v", v, err)
	}
	if _, err := JPY.Parse(forty + "0"); !errors.Is(err, ErrRange) || !strings.Contains(err.Error(), "41 digits before the point, at most 40") {
		t.Errorf("Parse of 41 digits: %v", err)
	}
	long := "1" + strings.Repeat("0", 63)
	_, err := JPY.Parse(long + "0")
	if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), `"`+long+`…"`) {
		t.Errorf("Parse of 65 digits: %v", err)
	}
	bad := strings.Repeat("x", 64)
	if _, err := CNY.Parse(bad); !errors.Is(err, ErrSyntax) || !strings.HasSuffix(err.Error(), `"`+bad+`"`) {
		t.Errorf("Parse of 64 bad characters: %v", err)
	}
}

func TestDamagesAtZero(t *testing.T) {
	// Results are amounts in fen: exponent -2, so they print as 0.00.
	fen := func(v decimal.Decimal, want string) bool { return v.Exponent() == -2 && v.StringFixed(2) == want }
	if got := HarmDamagesCap(decimal.Zero); !fen(got, "0.00") {
		t.Errorf("HarmDamagesCap(0) = %s, want 0.00", got)
	}
	if got, err := HarmDamages(decimal.Zero, d("2")); err != nil || !fen(got, "0.00") {
		t.Errorf("HarmDamages(0, 2) = %s, %v; want 0.00", got, err)
	}
	if got, err := HarmDamages(d("100"), d("2")); err != nil || !fen(got, "200.00") {
		t.Errorf("HarmDamages(100, 2) = %s, %v; want 200.00 (twice the loss is allowed)", got, err)
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}
