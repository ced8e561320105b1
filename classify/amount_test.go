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
