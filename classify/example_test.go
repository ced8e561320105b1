package classify_test

import (
	"context"
	"fmt"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/shopspring/decimal"
)

func Example() {
	r := classify.Default().Classify(classify.Complaint{
		Text: "质量没问题，就是快递太慢了，等了半个月才送到",
	})
	fmt.Println(r.Code, r.Name, r.Level, r.Code.Category())
	for _, m := range r.Evidence {
		if m.Kind == classify.KindKeyword {
			fmt.Printf("%q at %d–%d\n", m.Phrase, m.Start, m.End)
		}
	}
	// Output:
	// 2001 配送延迟 L3 物流问题 (logistics)
	// "快递太慢" at 24–36
	// "太慢了" at 30–39
	// "等了半个月" at 42–57
	// "才送到" at 57–66
}

// Every answer is explained: keywords of the taxonomy, and the character
// n-grams that weighed most in the learned model, each with byte offsets
// into the text.
func Example_evidence() {
	r := classify.Default().Classify(classify.Complaint{Text: "骑手送了三个小时才到，饭菜全凉了"})
	fmt.Println(r.Code, r.Name, r.Level)
	for _, m := range r.Evidence {
		fmt.Printf("%s %q at %d–%d\n", m.Kind, m.Phrase, m.Start, m.End)
	}
	// Output:
	// 2001 配送延迟 L3
	// keyword "送了三个小时才到" at 6–30
	// keyword "才到" at 24–30
	// model "凉了" at 42–48
}

func Example_traditional() {
	a := classify.Default().Classify(classify.Complaint{Text: "不是品質問題，是顏色跟圖片不一樣"})
	b := classify.Default().Classify(classify.Complaint{Text: "不是质量问题，是颜色跟图片不一样"})
	fmt.Println(a.Code, a.Name, b.Code)
	// Output:
	// 1002 描述不符 1002
}

func Example_escalations() {
	r := classify.Default().Classify(classify.Complaint{
		Text:        "买的手机充电的时候电池突然鼓包，我的手被烫伤了，我要去12315投诉",
		OrderAmount: decimal.RequireFromString("6999.00"),
	})
	fmt.Println(r.Code, r.Level)
	for _, e := range r.Escalations {
		fmt.Println(e)
	}
	// Output:
	// 1005 L1
	// injury or safety incident: 被烫 → L1
	// regulator/media/court threat: 12315投诉 → L1
	// high-value product: order amount 6999 ≥ 5000 → L1
}

func ExampleParseTaxonomy() {
	tax, err := classify.ParseTaxonomy([]byte(`
codes:
  - code: 1101
    name: 屏幕划痕
    name_en: scratched screen
    level: 2
    keywords:
      zh-Hans: [屏幕划痕^3, 屏幕...划^2]
      zh-Hant: [螢幕刮痕^3]
      en: [scratched screen^3]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := classify.New(tax)
	fmt.Println(c.Classify(classify.Complaint{Text: "新手机的螢幕刮痕很明显"}).Code)

	_, err = classify.ParseTaxonomy([]byte("codes:\n  - code: 6001\n    name: x\n    level: 9\n"))
	fmt.Println(err)
	// Output:
	// 1101
	// taxonomy:2:11: code 6001 out of range: want 1001–5999, not x000 (1xxx 商品问题, 2xxx 物流问题, 3xxx 支付问题, 4xxx 售后服务问题, 5xxx 其他问题)
}

func ExampleParseCode() {
	c, err := classify.ParseCode("4005")
	fmt.Println(c, c.Category(), err)
	_, err = classify.ParseCode("4000")
	fmt.Println(err)
	// Output:
	// 4005 售后服务问题 (after-sales service) <nil>
	// classify: invalid complaint code "4000" (want 1001–5999, not x000)
}

func ExampleNew() {
	c, err := classify.New(nil, classify.WithHighValue(decimal.NewFromInt(1000)), classify.WithGroupSize(5))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := c.Classify(classify.Complaint{Text: "耳机右边没声音", OrderAmount: decimal.NewFromInt(1299)})
	fmt.Println(r.Code, r.Level, r.Escalations)
	// Output:
	// 1001 L1 [high-value product: order amount 1299 ≥ 1000 → L1]
}

// A merchant that would rather answer a few complaints too fast than one
// counterfeit or safety complaint too slowly lowers the share of the
// level-1 codes from which a complaint is raised to level 1. Here a
// shampoo the reviewer calls fake, in two characters before the defect
// they dwell on, is read as a quality defect, and the model gives the
// level-1 codes 20 %: enough at 0.15, not at the default.
func ExampleWithLevel1Share() {
	const text = "假的，用完头发又干又涩"
	cautious, err := classify.New(nil, classify.WithLevel1Share(0.15))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []*classify.Classifier{classify.Default(), cautious} {
		r := c.Classify(classify.Complaint{Text: text})
		fmt.Println(r.Code, r.Level, r.Escalations)
	}
	// Output:
	// 1001 L2 []
	// 1001 L1 [possibly level 1: the model gives counterfeit, safety or food-safety codes 20 % → L1]
}

// A merchant trains a model on its labelled tickets, here in its own
// jargon: "ZK7" is its warehouse's code for a parcel stuck in transit,
// which neither the lexicon nor the embedded model knows. MarshalBinary
// gives the model's bytes to keep; ParseModel reads them back.
func ExampleTrain() {
	tickets := []classify.Example{
		{ID: "t1", Text: "订单又ZK7了", Code: 2004, Level: 3},
		{ID: "t2", Text: "包裹显示ZK7，三天没动", Code: 2004, Level: 3},
		{ID: "t3", Text: "ZK7两次了，什么时候能到", Code: 2004, Level: 3},
		{ID: "t4", Text: "我的快递ZK7一周了", Code: 2004, Level: 3},
		{ID: "t5", Text: "杯子用了两天就漏水", Code: 1001, Level: 3},
		{ID: "t6", Text: "耳机右边没声音，质量太差", Code: 1001, Level: 3},
		{ID: "t7", Text: "退款申请了十天还没到账", Code: 3002, Level: 3},
		{ID: "t8", Text: "退货寄回去了，钱还没退", Code: 3002, Level: 3},
	}
	model, err := classify.Train(context.Background(), nil, tickets)
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := model.MarshalBinary() // to keep in a file
	saved, err := classify.ParseModel(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := classify.New(nil, classify.WithModel(saved))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := c.Classify(classify.Complaint{Text: "我买的东西也ZK7了，怎么回事"})
	fmt.Println(r.Code, r.Name)

	_, err = classify.Train(context.Background(), nil, []classify.Example{{ID: "t9", Text: "屏幕有划痕", Code: 1101}, tickets[0]})
	fmt.Println(err)
	// Output:
	// 2004 丢件/物流停滞
	// classify: train: example "t9": code 1101 is not in the taxonomy
}
