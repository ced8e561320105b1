package cn_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

var shanghai = time.FixedZone("CST", 8*3600)

// A no-reason return on day 5 after signing: the statutory set allows it,
// says who pays the return freight, and by when the refund is due once the
// goods are back.
func ExampleStatutory() {
	in := policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: policy.ReasonNoReason},
		Order:   policy.Order{ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)},
		Item:    policy.Item{Price: decimal.RequireFromString("399.00"), Paid: decimal.RequireFromString("359.00")},
		Now:     time.Date(2026, 3, 6, 15, 0, 0, 0, shanghai),
	}
	d, err := cn.Statutory().Decide(context.Background(), in)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Effect, d.Remedy, d.Rule)
	fmt.Println("freight:", d.Outputs["freight_payer"], "refund within days:", d.Outputs["refund_within_days"])
	back := time.Date(2026, 3, 10, 14, 0, 0, 0, shanghai) // the goods reach the merchant
	fmt.Println("refund due:", cn.RefundDue(back).Format("2006-01-02 15:04"))
	// Output:
	// allow return no_reason_7d
	// freight: buyer refund within days: 7
	// refund due: 2026-03-18 00:00
}

// Every statutory decision names the law behind it in Cite, and explains
// itself in Message: here a return asked for a defect on day 10, which the
// law answers with an exchange.
func ExampleStatutory_citation() {
	in := policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: policy.ReasonQuality},
		Order:   policy.Order{ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)},
		Item:    policy.Item{Paid: decimal.RequireFromString("3799.00"), WarrantyDays: 365, Durable: true},
		Now:     time.Date(2026, 3, 11, 9, 0, 0, 0, shanghai),
	}
	d, err := cn.Statutory().Decide(context.Background(), in)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Effect, d.Remedy, d.Rule)
	fmt.Println("cite:", d.Cite)
	fmt.Println("message:", d.Message)
	fmt.Println("burden of proof:", d.Outputs["burden_of_proof"])
	// Output:
	// allow exchange quality_exchange_15d
	// cite: 消费者权益保护法第二十四条; 部分商品修理更换退货责任规定第九条
	// message: 商品存在质量问题，签收后10天，十五日内可换货，运费由商家承担
	// burden of proof: merchant
}

// A merchant layers its own policy over the statutory floor: the law first,
// the merchant on top. The merchant's generosity (30 days for VIPs, free
// return freight) supplies the terms where both allow; its strictness
// cannot take a statutory right away; where no rule matches, the law's
// refusal and its citation decide.
func ExampleStatutory_layered() {
	merchant, err := policy.Compile([]byte(`
policy: merchant-vip
variables:
  days: calendar_days(order.received_at, now)
rules:
  - id: vip_return_30d
    when: "has(order.received_at) && 'vip' in customer.tags && days <= 30 && request.kind == 'return'"
    effect: allow
    remedy: return
    cite: 商家承诺：VIP 30 天无理由退货，免退货运费
    outputs:
      freight_payer: "'merchant'"
  - id: no_returns_on_sale
    when: "'sale' in item.tags"
    effect: deny
    message: 特价商品不退换
default: {effect: deny, message: 超出商家售后期限}
`), policy.WithFilename("merchant-vip.yaml"))
	if err != nil {
		panic(err)
	}
	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)

	received := time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)
	for _, c := range []struct {
		name string
		tags []string // the customer's
		sale bool
		day  int
	}{
		{"VIP, day 3", []string{"vip"}, false, 3},
		{"VIP, day 20", []string{"vip"}, false, 20},
		{"not VIP, day 3, on sale", nil, true, 3},
		{"not VIP, day 20", nil, false, 20},
	} {
		in := policy.Input{
			Request:  policy.Request{Kind: policy.Return, Reason: policy.ReasonNoReason},
			Order:    policy.Order{ReceivedAt: received},
			Item:     policy.Item{Paid: decimal.RequireFromString("359.00")},
			Customer: policy.Customer{Tags: c.tags},
			Now:      received.AddDate(0, 0, c.day),
		}
		if c.sale {
			in.Item.Tags = []string{"sale"}
		}
		d, err := set.Decide(context.Background(), in)
		if err != nil {
			panic(err)
		}
		if payer, ok := d.Outputs["freight_payer"]; ok {
			fmt.Printf("%s: %s by %s/%s, return freight paid by the %v\n", c.name, d.Effect, d.Policy, d.Rule, payer)
		} else {
			fmt.Printf("%s: %s by %s/%s [%s]\n", c.name, d.Effect, d.Policy, d.Rule, d.Cite)
		}
	}
	// Output:
	// VIP, day 3: allow by merchant-vip/vip_return_30d, return freight paid by the merchant
	// VIP, day 20: allow by merchant-vip/vip_return_30d, return freight paid by the merchant
	// not VIP, day 3, on sale: allow by cn-statutory/no_reason_7d, return freight paid by the buyer
	// not VIP, day 20: deny by cn-statutory/default [消费者权益保护法第二十四条、第二十五条]
}
