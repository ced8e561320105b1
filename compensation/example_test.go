package compensation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aftersales-go/aftersales/compensation"
	"github.com/shopspring/decimal"
)

func ExampleAllocate() {
	// A ¥10.00 coupon over three equally priced lines: the parts add up to
	// the coupon exactly, and the spare fen goes to the first line.
	parts, err := compensation.Allocate(decimal.RequireFromString("10.00"),
		[]decimal.Decimal{decimal.NewFromInt(1), decimal.NewFromInt(1), decimal.NewFromInt(1)},
		compensation.CNY.Digits)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		fmt.Println(p.StringFixed(2))
	}
	// Output:
	// 3.34
	// 3.33
	// 3.33
}

func ExamplePlanRefund() {
	order := compensation.Order{
		Currency: compensation.CNY,
		Lines: []compensation.Line{
			{ID: "shirt", UnitPrice: decimal.RequireFromString("59.90"), Quantity: 3},
			{ID: "socks", UnitPrice: decimal.RequireFromString("9.90"), Quantity: 5},
		},
		Discount:         decimal.RequireFromString("20.00"), // 满200减20
		Freight:          decimal.RequireFromString("8.00"),
		FreeShippingFrom: decimal.RequireFromString("99.00"),
	}
	// Two shirts came back last week; now one pair of socks.
	prior := []compensation.Return{{LineID: "shirt", Quantity: 2}}
	now := []compensation.Return{{LineID: "socks", Quantity: 1}}
	plan, err := compensation.PlanRefund(order, prior, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range plan.Lines {
		fmt.Printf("%-17s %-5s %s\n", l.Kind, l.LineID, l.Amount.StringFixed(2))
	}
	fmt.Println("total", plan.Total.StringFixed(2), "kept", plan.Remaining.StringFixed(2))
	// Output:
	// goods             socks 9.03
	// freight-deduction       -8.00
	// total 1.03 kept 90.83
}

func ExampleFraudDamages() {
	// 消费者权益保护法第五十五条: three times the price, at least ¥500.
	for _, price := range []string{"129.90", "450.00"} {
		fmt.Println(price, "→", compensation.FraudDamages(decimal.RequireFromString(price)).StringFixed(2))
	}
	// Output:
	// 129.90 → 500.00
	// 450.00 → 1350.00
}

func ExampleFoodSafetyDamages() {
	// 食品安全法第一百四十八条: ten times the price or three times the loss, at least ¥1000.
	fmt.Println(compensation.FoodSafetyDamages(decimal.RequireFromString("158.00"), decimal.RequireFromString("300.00")).StringFixed(2))
	// Output: 1580.00
}

func ExampleLateShipping() {
	// 5 % of the price, at least ¥5, at most ¥30.
	rate, lo, hi := decimal.RequireFromString("0.05"), decimal.NewFromInt(5), decimal.NewFromInt(30)
	for _, price := range []string{"49.00", "299.00", "1299.00"} {
		fmt.Println(compensation.LateShipping(decimal.RequireFromString(price), rate, lo, hi).StringFixed(2))
	}
	// Output:
	// 5.00
	// 14.95
	// 30.00
}

func ExampleCurrency_Parse() {
	for _, s := range []string{"129.90", "NaN", "12.345"} {
		v, err := compensation.CNY.Parse(s)
		fmt.Println(v.StringFixed(2), err)
	}
	// Output:
	// 129.90 <nil>
	// 0.00 compensation: amount: not a decimal amount: "NaN"
	// 0.00 compensation: amount: has more decimal places than allowed: "12.345" has 3 decimal places, CNY allows 2
}

func ExampleCompile() {
	rules, err := compensation.Compile([]byte(`
id: goodwill
mode: sum
cap: "100.00"
rules:
  - id: apology
    description: 致歉补偿
    amount: 5
    cite: 商家承诺
  - id: vip
    description: 会员加赔价款一成
    when: "'vip' in tags"
    amount: round(price * decimal('0.1'), 2)
    cite: 会员服务协议
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rules.Calculate(context.Background(), compensation.Input{
		Price: decimal.RequireFromString("129.90"),
		Tags:  []string{"vip"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range res.Lines {
		fmt.Println(l.Rule, l.Amount.StringFixed(2), l.Cite)
	}
	fmt.Println("total", res.Total.StringFixed(2))
	// Output:
	// apology 5.00 商家承诺
	// vip 12.99 会员服务协议
	// total 17.99
}

func ExampleCompile_errors() {
	_, err := compensation.Compile([]byte(`id: typo
rules:
  - id: fraud
    when: reason == 'fraud'
    amount: max(prise * 3, 500)
`), compensation.WithFilename("merchant.yaml"))
	fmt.Println(err)
	// Output:
	// compensation: merchant.yaml:5:17: rule fraud: amount: undeclared reference to 'prise' (did you mean 'price'?)
}

func ExampleStatutory() {
	paid := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	res, err := compensation.Statutory().Calculate(context.Background(), compensation.Input{
		Reason:    "fraud",
		Price:     decimal.RequireFromString("299.00"),
		PaidAt:    paid,
		ShippedAt: paid.Add(80 * time.Hour), // past the 72 h ship-by time
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range res.Lines {
		fmt.Println(l.Rule, l.Amount.StringFixed(2), l.Cite)
	}
	fmt.Println("total", res.Total.StringFixed(2))
	// Output:
	// fraud 897.00 消费者权益保护法第五十五条
	// late_shipping 14.95 平台发货规则（延迟发货赔付）
	// total 911.95
}
