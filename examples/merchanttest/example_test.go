package merchanttest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/examples/merchanttest"
	"github.com/aftersales-go/aftersales/policy"
)

// The service decides with the same layered set the suite tests.
func ExampleReturns() {
	set, err := merchanttest.Returns()
	if err != nil {
		panic(err)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	in := policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: "no_reason"},
		Order: policy.Order{
			ShippedAt:  time.Date(2026, 2, 27, 9, 0, 0, 0, shanghai),
			ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai),
		},
		Item:     policy.Item{Category: "cosmetics", Price: decimal.RequireFromString("399.00"), Paid: decimal.RequireFromString("359.00")},
		Customer: policy.Customer{Tier: "vip"},
	}
	for _, c := range []struct {
		day    int
		opened bool
	}{{3, false}, {3, true}, {20, false}, {20, true}} {
		in.Now = in.Order.ReceivedAt.AddDate(0, 0, c.day)
		in.Item.Opened = c.opened
		d, err := set.Decide(context.Background(), in)
		if err != nil {
			panic(err)
		}
		fmt.Printf("day %d, opened %v: %s by %s/%s freight=%v\n", c.day, c.opened, d.Effect, d.Policy, d.Rule, d.Outputs["freight_payer"])
	}
	// Output:
	// day 3, opened false: allow by merchant-returns/vip_return_30d freight=merchant
	// day 3, opened true: review by cn-statutory/not_intact freight=<nil>
	// day 20, opened false: allow by merchant-returns/vip_return_30d freight=merchant
	// day 20, opened true: deny by merchant-returns/opened_cosmetics freight=<nil>
}
