// Command quickstart walks one complaint through the whole library on its
// embedded defaults, with no configuration:
//
//  1. classify: the complaint text → complaint code, severity level, evidence;
//  2. sla: the response / resolution / feedback deadlines on the PRC working
//     calendar (Spring Festival 2026 and its make-up Saturdays included);
//  3. policy: the statutory return decision, the rule and the law it cites;
//  4. compensation: the refund plan, split to the fen.
//
// Run it with `go run ./examples/quickstart`; -text, -now and -json change
// the complaint, the moment of evaluation and the output format.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/compensation"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// The story: a thermos flask bought before the 2026 Spring Festival stops
// keeping heat two days after delivery; the customer complains on the
// Friday evening before the holiday.
const defaultText = "买的保温杯才用了两天就不保温了，倒进去的开水一会儿就凉了，杯盖还漏水。要求退货退款！"

var shanghai = slacn.Location()

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	text := fs.String("text", defaultText, "the complaint text (simplified, traditional Chinese or English)")
	nowFlag := fs.String("now", "2026-02-13T21:00:00+08:00", "when to evaluate the deadlines (RFC 3339)")
	asJSON := fs.Bool("json", false, "print machine-readable JSON instead of text")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	now, err := time.Parse(time.RFC3339, *nowFlag)
	if err != nil {
		fmt.Fprintf(stderr, "quickstart: -now: %v\n", err)
		return 2
	}
	story, err := walk(*text, now)
	if err != nil {
		fmt.Fprintf(stderr, "quickstart: %v\n", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(story); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	story.print(stdout)
	return 0
}

// Story is everything the library said about the complaint.
type Story struct {
	Complaint string              `json:"complaint"`
	Opened    time.Time           `json:"opened"`
	Now       time.Time           `json:"now"`
	Class     classify.Result     `json:"classification"`
	SLA       sla.Report          `json:"sla"`
	Feedback  sla.Clock           `json:"feedback_if_resolved_now"`
	Decision  policy.Decision     `json:"decision"`
	Refund    compensation.Plan   `json:"refund"`
	Damages   compensation.Result `json:"statutory_compensation"`
}

func walk(text string, now time.Time) (*Story, error) {
	opened := time.Date(2026, 2, 13, 19, 30, 0, 0, shanghai) // Friday evening, the eve of the make-up Saturday
	if now.Before(opened) {
		return nil, fmt.Errorf("-now %s is before the complaint was opened (%s)", now.Format(time.RFC3339), opened.Format(time.RFC3339))
	}
	order := compensation.Order{
		Lines: []compensation.Line{
			{ID: "flask", UnitPrice: decimal.RequireFromString("199.00"), Quantity: 1},
			{ID: "mug", UnitPrice: decimal.RequireFromString("49.90"), Quantity: 2},
		},
		Discount:         decimal.RequireFromString("30.00"), // 满减: ¥30 off the order
		Freight:          decimal.RequireFromString("10.00"),
		FreeShippingFrom: decimal.RequireFromString("99.00"),
	}

	// 1. What is the complaint, and how severe?
	class := classify.Default().Classify(classify.Complaint{
		Text:        text,
		OrderAmount: decimal.RequireFromString("268.80"),
	})

	// 2. By when must we respond, resolve and report back?
	calendar, err := slacn.New()
	if err != nil {
		return nil, err
	}
	deadlines := sla.Default(calendar)
	report, err := deadlines.Evaluate(sla.Ticket{Level: class.Level, Opened: opened}, now)
	if err != nil {
		return nil, err
	}
	// Feedback runs from resolution: were the complaint resolved now, by
	// when would the customer have to hear back?
	resolved, err := deadlines.Evaluate(sla.Ticket{Level: class.Level, Opened: opened, RespondedAt: now, ResolvedAt: now}, now)
	if err != nil {
		return nil, err
	}
	feedback := resolved.Feedback

	// 3. May the customer return the flask? Which rule, which law? A
	// product problem (category 1) is a defect the merchant answers for;
	// anything else is asked as a no-reason return.
	reason := "no_reason"
	if class.Code.Category() == classify.CategoryProduct {
		reason = "quality"
	}
	decision, err := cn.Statutory().Decide(context.Background(), policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: reason, At: opened},
		Order: policy.Order{
			ID:         "E20260210001",
			PaidAt:     time.Date(2026, 2, 10, 21, 0, 0, 0, shanghai),
			ShippedAt:  time.Date(2026, 2, 11, 9, 0, 0, 0, shanghai),
			ReceivedAt: time.Date(2026, 2, 11, 16, 20, 0, 0, shanghai),
			Total:      decimal.RequireFromString("268.80"),
		},
		Item: policy.Item{SKU: "flask", Category: "kitchen", Price: decimal.RequireFromString("199.00"),
			Paid: decimal.RequireFromString("179.02"), Quantity: 1, WarrantyDays: 365}, // ¥199 less its share of the ¥30 discount (see 4.)
		Now: opened,
	})
	if err != nil {
		return nil, err
	}

	// 4. How much goes back? The merchant pays freight for a quality
	// return (消法24②), so no free-shipping deduction applies: the
	// decision's freight payer tells the plan.
	payer, _ := decision.Outputs["freight_payer"].(string)
	opts := []compensation.PlanOption{compensation.WithFreightPayer(payer)}
	plan, err := compensation.PlanRefund(order, nil, []compensation.Return{{LineID: "flask", Quantity: 1}}, opts...)
	if err != nil {
		return nil, err
	}
	// And is anything owed on top — fraud (消法55), food safety (食安法148),
	// late shipping? The statutory rules check all three; the complaint code
	// says which claim the customer makes.
	claim := map[classify.Code]string{
		classify.CodeCounterfeit:  "fraud",
		classify.CodeFoodSafety:   "food_safety",
		classify.CodeLateShipment: "late_shipping",
	}[class.Code]
	damages, err := compensation.Statutory().Calculate(context.Background(), compensation.Input{
		Reason: claim, Price: plan.Goods, Quantity: 1, // 消法55 counts the price actually paid
		OrderAmount: decimal.RequireFromString("268.80"),
		PaidAt:      time.Date(2026, 2, 10, 21, 0, 0, 0, shanghai),
		ShippedAt:   time.Date(2026, 2, 11, 9, 0, 0, 0, shanghai),
		Now:         opened,
	})
	if err != nil {
		return nil, err
	}
	return &Story{Complaint: text, Opened: opened, Now: now, Class: class, SLA: report,
		Feedback: feedback, Decision: decision, Refund: plan, Damages: damages}, nil
}

func (s *Story) print(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(shanghai).Format("Mon 2006-01-02 15:04")
	}
	p("Complaint, opened %s:", when(s.Opened))
	p("  %s", s.Complaint)
	p("")
	p("1. Classification (classify)")
	p("  code %d %s, category %s, level %d, confidence %.2f", s.Class.Code, s.Class.Name, s.Class.Code.Category(), s.Class.Level, s.Class.Confidence)
	for _, m := range s.Class.Evidence {
		switch m.Kind {
		case classify.KindModel:
			p("  evidence: %q (n-gram the model weighed, %+.2f) at bytes %d–%d", m.Phrase, m.Weight, m.Start, m.End)
		default:
			p("  evidence: %q (%s %s) at bytes %d–%d", m.Phrase, m.Kind, m.Keyword, m.Start, m.End)
		}
	}
	for _, e := range s.Class.Escalations {
		p("  raised: %s", e)
	}
	p("")
	p("2. Deadlines on the PRC working calendar (sla), evaluated at %s", when(s.Now))
	for _, c := range []sla.Clock{s.SLA.Response, s.SLA.Resolution} {
		p("  %-10s %-16s due %s  %s, %.0f%% used", c.Metric, c.Target, when(c.Due), c.State, c.Used*100)
	}
	p("  %-10s %-16s due %s  if resolved now: make-up Saturday 14 Feb counts, Spring Festival 15–23 Feb does not",
		s.Feedback.Metric, s.Feedback.Target, when(s.Feedback.Due))
	if !s.SLA.NextAlert.IsZero() {
		p("  next alert at %s", when(s.SLA.NextAlert))
	}
	p("")
	p("3. Return decision (policy, PRC statutory set)")
	p("  %s, remedy %s, by rule %s/%s", s.Decision.Effect, s.Decision.Remedy, s.Decision.Policy, s.Decision.Rule)
	p("  %s", s.Decision.Message)
	p("  law: %s", s.Decision.Cite)
	p("")
	p("4. Refund (compensation), in %s", s.Refund.Currency)
	for _, l := range s.Refund.Lines {
		if l.Kind == compensation.RefundFreightDeduction {
			p("  %-8s %39s refund %8s  (%s)", "freight", "", l.Amount.StringFixed(2), l.Note)
			continue
		}
		p("  %-8s ×%d  price %8s  discount share %7s  refund %8s", l.LineID, l.Quantity,
			l.Price.StringFixed(2), l.Discount.StringFixed(2), l.Amount.StringFixed(2))
	}
	p("  total refund %s (goods %s, freight %s); still paid for kept goods: %s",
		s.Refund.Total.StringFixed(2), s.Refund.Goods.StringFixed(2), s.Refund.Freight.StringFixed(2), s.Refund.Remaining.StringFixed(2))
	if len(s.Damages.Lines) == 0 {
		p("  statutory compensation: none owed (no fraud, food-safety or late-shipping claim)")
	}
	for _, l := range s.Damages.Lines {
		p("  compensation %s: %s  (%s; %s)", l.Rule, l.Amount.StringFixed(2), l.Description, l.Cite)
	}
	p("")
	p("%s", strings.Repeat("─", 60))
	p("Every answer above names its evidence: the phrases, the targets, the rule and law, the lines.")
}
