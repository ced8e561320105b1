package classify

import (
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

// TestHugeOrderAmount: an order amount of any size or exponent is compared
// with the high-value threshold in constant time and printed in bounded
// length (issue 16 M4: decimal.New(1, 100000000) hung Classify).
func TestHugeOrderAmount(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 256 << 20}, func(t *testing.T) {
		for _, c := range []struct {
			amount decimal.Decimal
			high   bool
		}{
			{decimal.New(1, 100000000), true},
			{decimal.New(-1, 100000000), false},
			{decimal.New(1, -100000000), false},
			{decimal.New(123456789, -2147483647), false},
			{decimal.New(5, 3), true},          // 5000: at the threshold
			{decimal.New(49999999, -4), false}, // 4999.9999
			{decimal.New(50000001, -4), true},  // 5000.0001
			{decimal.New(4999, 0), false},
			{decimal.Zero, false},
		} {
			r := Default().Classify(Complaint{Text: "耳机没声音", OrderAmount: c.amount})
			got := r.Level == sla.Level1
			if got != c.high {
				t.Errorf("%s: level %v (%v), want high value %v", amountString(c.amount), r.Level, r.Escalations, c.high)
			}
			for _, e := range r.Escalations {
				if len(e) > 200 {
					t.Errorf("escalation of %d bytes: %.80s…", len(e), e)
				}
			}
		}
		if s := amountString(decimal.New(1, 100000000)); s != "1e100000000" {
			t.Errorf("amountString: %q", s)
		}
		if s := amountString(decimal.RequireFromString("6999.50")); s != "6999.5" && !strings.HasPrefix(s, "6999.5") {
			t.Errorf("amountString: %q", s)
		}
	})
}

// TestHighValueThresholdForms: the comparison reads the threshold's
// digits and exponent both (5e3 is 5000), and amountString switches to the
// exponent form exactly past ±20 places or 40 digits.
func TestHighValueThresholdForms(t *testing.T) {
	c, err := New(nil, WithHighValue(decimal.New(5, 3)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		amount decimal.Decimal
		high   bool
	}{
		{decimal.NewFromInt(4999), false},
		{decimal.NewFromInt(5000), true},
		{decimal.New(49, 2), false}, // 4900
		{decimal.New(5001, 0), true},
		{decimal.New(500, 0), false},
	} {
		r := c.Classify(Complaint{Text: "耳机没声音", OrderAmount: tc.amount})
		if got := r.Level == sla.Level1; got != tc.high {
			t.Errorf("%s with threshold 5e3: level %v (%v), want high %v", tc.amount, r.Level, r.Escalations, tc.high)
		}
	}
	forty := strings.Repeat("9", 40)
	for _, tc := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(1, 20), "100000000000000000000"},
		{decimal.New(1, 21), "1e21"},
		{decimal.New(1, -20), "0.00000000000000000001"},
		{decimal.New(1, -21), "1e-21"},
		{decimal.RequireFromString(forty), forty},
		{decimal.RequireFromString(forty + "9"), "99999999999999999999…e0"},
		{decimal.RequireFromString("1.2345678901234567890e40"), "12345678901234567890e21"}, // 20 digits: not cut
	} {
		if got := amountString(tc.d); got != tc.want {
			t.Errorf("amountString(%s…) = %q, want %q", tc.d.Coefficient().String()[:1], got, tc.want)
		}
	}
}
