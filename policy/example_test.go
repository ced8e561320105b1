package policy_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

var shanghai = time.FixedZone("CST", 8*3600)

func timeDate(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// A merchant layers a 30-day no-reason return for VIP customers over the
// statutory set: the law first, the merchant on top. AllowOverrides keeps
// every statutory right and adds the merchant's generosity; where both
// allow (day 5), the merchant's rule, the more specific, supplies the
// terms; where no rule matches (day 31), the law's default explains the
// refusal.
func Example_layering() {
	merchant, err := policy.Compile([]byte(`
policy: merchant-vip
variables:
  days: calendar_days(order.received_at, now)
rules:
  - id: vip_return_30d
    when: "'vip' in customer.tags && days <= 30 && request.kind == 'return'"
    effect: allow
    remedy: return
    message: VIP 会员签收后 ${days} 天内可无理由退货（30 天）
    cite: 商家承诺
    outputs:
      refund: item.paid
default: {effect: deny, message: 超出商家售后期限}
`))
	if err != nil {
		panic(err)
	}
	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)

	in := policy.Input{
		Request:  policy.Request{Kind: policy.Return, Reason: "no_reason"},
		Order:    policy.Order{ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)},
		Item:     policy.Item{Price: decimal.RequireFromString("399.00"), Paid: decimal.RequireFromString("359.00")},
		Customer: policy.Customer{Tags: []string{"vip"}},
	}
	for _, day := range []int{5, 20, 31} {
		in.Now = in.Order.ReceivedAt.AddDate(0, 0, day)
		d, err := set.Decide(context.Background(), in)
		if err != nil {
			panic(err)
		}
		fmt.Printf("day %d: %s by %s/%s (%s)\n", day, d.Effect, d.Policy, d.Rule, d.Cite)
	}
	// Output:
	// day 5: allow by merchant-vip/vip_return_30d (商家承诺)
	// day 20: allow by merchant-vip/vip_return_30d (商家承诺)
	// day 31: deny by cn-statutory/default (消费者权益保护法第二十四条、第二十五条)
}

// Compile reports every problem at once, with file positions.
func ExampleCompile_errors() {
	_, err := policy.Compile([]byte(`policy: typo
rules:
  - id: cheap
    when: item.prise < 100
    effect: alow
`), policy.WithFilename("merchant.yaml"))
	fmt.Println(err)
	// Output:
	// merchant.yaml:4:15: rule cheap: when: undefined field 'prise'
	// merchant.yaml:5:13: effect: rule "cheap": unknown effect "alow" (want allow, deny or review)
}

// The statutory set explains itself: the rule, the law and the message.
func ExamplePolicy_Decide() {
	in := policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: "quality"},
		Order:   policy.Order{ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai)},
		Item:    policy.Item{Paid: decimal.RequireFromString("3799.00"), WarrantyDays: 365},
		Now:     time.Date(2026, 3, 10, 9, 0, 0, 0, shanghai), // day 9: too late to return, not to exchange
	}
	d, err := cn.Statutory().Decide(context.Background(), in)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Effect, d.Remedy, d.Rule)
	fmt.Println(d.Message)
	fmt.Println(d.Cite)
	// Output:
	// allow exchange quality_exchange_15d
	// 商品存在质量问题，签收后9天，十五日内可换货，运费由商家承担
	// 消费者权益保护法第二十四条; 部分商品修理更换退货责任规定第九条
}
