package compensation

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

var bg = context.Background()

func mustCompile(t testing.TB, src string, opts ...Option) *Rules {
	t.Helper()
	r, err := Compile([]byte(src), opts...)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return r
}

func resultString(r Result) string {
	var b strings.Builder
	for _, l := range r.Lines {
		fmt.Fprintf(&b, "%s=%s", l.Rule, l.Amount.StringFixed(r.Currency.Digits))
		if l.Capped {
			b.WriteString("(capped)")
		}
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "total=%s capped=%v", r.Total.StringFixed(r.Currency.Digits), r.Capped)
	return b.String()
}

const goodwill = `id: goodwill
description: merchant goodwill on top of the law
mode: sum
cap: "100.00"
rules:
  - id: apology
    description: a small apology for any complaint
    amount: 5
    cite: 商家承诺
  - id: vip
    when: "'vip' in tags"
    amount: round(price * decimal('0.1'), 2)
    cap: "50"
  - id: broken
    when: reason == 'broken' && attrs.photo_count > 0
    amount: price * 0.5
    cite: 商家承诺·破损
`

func TestCalculateSum(t *testing.T) {
	r := mustCompile(t, goodwill)
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"only the apology", Input{Price: d("30")}, "apology=5.00 total=5.00 capped=false"},
		{"vip", Input{Price: d("123.45"), Tags: []string{"vip"}}, "apology=5.00 vip=12.35 total=17.35 capped=false"},
		{"vip rule cap", Input{Price: d("999.00"), Tags: []string{"vip"}}, "apology=5.00 vip=50.00(capped) total=55.00 capped=true"},
		{"total cap split pro rata", Input{Reason: "broken", Price: d("999.00"), Tags: []string{"vip"}, Attrs: map[string]any{"photo_count": 2}},
			// 5 + 50 + 499.50 = 554.50 → 100.00 in proportion: 0.90, 9.02, 90.08.
			"apology=0.90(capped) vip=9.02(capped) broken=90.08(capped) total=100.00 capped=true"},
		{"broken without photos", Input{Reason: "broken", Price: d("10"), Attrs: map[string]any{"photo_count": 0}}, "apology=5.00 total=5.00 capped=false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Calculate(bg, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := resultString(res); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			sum := decimal.Zero
			for _, l := range res.Lines {
				sum = sum.Add(l.Amount)
			}
			if !sum.Equal(res.Total) {
				t.Errorf("lines sum to %s, total %s", sum, res.Total)
			}
		})
	}
}

func TestCalculateFirstMatchAndRounding(t *testing.T) {
	r := mustCompile(t, `id: tiers
currency: CNY
rounding: half-even
rules:
  - id: big
    when: price >= 1000
    amount: price * decimal('0.125')
  - id: small
    when: price > 0
    amount: price * decimal('0.125')
  - id: never-reached
    amount: 1
`)
	for _, tt := range []struct{ price, want string }{
		{"1000.20", "big=125.02 total=125.02 capped=false"}, // 125.025 → half-even 125.02
		{"100.20", "small=12.52 total=12.52 capped=false"},  // 12.525 → 12.52
		{"100.28", "small=12.54 total=12.54 capped=false"},  // 12.535 → 12.54
		{"0", "never-reached=1.00 total=1.00 capped=false"},
	} {
		res, err := r.Calculate(bg, Input{Price: d(tt.price)})
		if err != nil {
			t.Fatal(err)
		}
		if got := resultString(res); got != tt.want {
			t.Errorf("price %s: got %s, want %s", tt.price, got, tt.want)
		}
	}
	if r.Mode() != FirstMatch || r.ID() != "tiers" || r.Currency() != CNY {
		t.Error("accessors")
	}
}

func TestCalculateNoMatch(t *testing.T) {
	res, err := Statutory().Calculate(bg, Input{Reason: "quality", Price: d("10")})
	if err != nil || len(res.Lines) != 0 || !res.Total.IsZero() || res.Total.Exponent() != -2 {
		t.Errorf("%s, %v", resultString(res), err)
	}
}

func TestStatutoryMatchesFormulas(t *testing.T) {
	r := Statutory()
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		price := decimal.New(rnd.Int64N(1_000_000), -2)
		loss := decimal.New(rnd.Int64N(1_000_000), -2)
		check := func(reason string, want decimal.Decimal) {
			res, err := r.Calculate(bg, Input{Reason: reason, Price: price, Loss: loss})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Lines) != 1 || !res.Total.Equal(want) {
				t.Fatalf("%s price %s loss %s: %s, want %s", reason, price, loss, resultString(res), want)
			}
		}
		check("fraud", FraudDamages(price))
		check("food_safety", FoodSafetyDamages(price, loss))
		check("late_shipping", LateShipping(price, d("0.05"), d("5"), d("30")))
	}
	res, _ := r.Calculate(bg, Input{Reason: "fraud", Price: d("100")})
	if l := res.Lines[0]; l.Cite != CiteFraud || l.Description == "" || l.Rule != "fraud" {
		t.Errorf("fraud line %+v", l)
	}
}

func TestStatutoryLate(t *testing.T) {
	paid := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts []StatutoryOption
		in   Input
		want string
	}{
		{"shipped in time", nil, Input{Price: d("200"), PaidAt: paid, ShippedAt: paid.Add(72 * time.Hour)}, "total=0.00 capped=false"},
		{"shipped late", nil, Input{Price: d("200"), PaidAt: paid, ShippedAt: paid.Add(73 * time.Hour)}, "late_shipping=10.00 total=10.00 capped=false"},
		{"not shipped, now past", nil, Input{Price: d("2000"), PaidAt: paid, Now: paid.Add(100 * time.Hour)}, "late_shipping=30.00 total=30.00 capped=false"},
		{"not shipped, now before", nil, Input{Price: d("2000"), PaidAt: paid, Now: paid.Add(10 * time.Hour)}, "total=0.00 capped=false"},
		{"explicit ship-by", nil, Input{Price: d("50"), PaidAt: paid, ShipBy: paid.Add(24 * time.Hour), ShippedAt: paid.Add(25 * time.Hour)}, "late_shipping=5.00 total=5.00 capped=false"},
		{"48h channel", []StatutoryOption{WithShipWithin(48 * time.Hour)}, Input{Price: d("200"), PaidAt: paid, ShippedAt: paid.Add(50 * time.Hour)}, "late_shipping=10.00 total=10.00 capped=false"},
		{"stricter tier", []StatutoryOption{WithLateShipping(d("0.30"), d("5"), d("500"))}, Input{Reason: "late_shipping", Price: d("1000")}, "late_shipping=300.00 total=300.00 capped=false"},
		{"fraud and late", nil, Input{Reason: "fraud", Price: d("200"), PaidAt: paid, ShippedAt: paid.Add(80 * time.Hour)}, "fraud=600.00 late_shipping=10.00 total=610.00 capped=false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Statutory(tt.opts...).Calculate(bg, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := resultString(res); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestStatutoryBadOptions(t *testing.T) {
	for _, opts := range [][]StatutoryOption{
		{WithLateShipping(d("-0.05"), d("5"), d("30"))},
		{WithLateShipping(d("0.05"), d("50"), d("30"))},
		{WithLateShipping(d("0.05"), d("5.001"), d("30"))},
		{WithShipWithin(0)},
	} {
		r := Statutory(opts...)
		if r.Err() == nil {
			t.Errorf("no error for %v", opts)
			continue
		}
		if _, err := r.Calculate(bg, Input{Reason: "fraud", Price: d("1")}); err == nil {
			t.Errorf("Calculate succeeded with bad options")
		}
	}
}

func TestCalculateInputErrors(t *testing.T) {
	r := Statutory()
	tests := []struct {
		in    Input
		field string
		err   error
	}{
		{Input{Currency: USD, Price: d("1")}, "in.Currency", ErrCurrency},
		{Input{Price: d("-1")}, "in.Price", ErrNegative},
		{Input{Price: d("1.001")}, "in.Price", ErrPrecision},
		{Input{Loss: d("-0.01")}, "in.Loss", ErrNegative},
		{Input{OrderAmount: decimal.New(1, 1_000_000)}, "in.OrderAmount", ErrRange},
		{Input{Quantity: -1}, "in.Quantity", ErrNegative},
	}
	for _, tt := range tests {
		_, err := r.Calculate(bg, tt.in)
		var fe *FieldError
		if !errors.Is(err, tt.err) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%+v: error %v, want %s %v", tt.in, err, tt.field, tt.err)
		}
	}
	if _, err := r.Calculate(bg, Input{Currency: CNY, Price: d("1")}); err != nil {
		t.Errorf("explicit CNY: %v", err)
	}
}

func TestCalculateEvalErrors(t *testing.T) {
	r := mustCompile(t, `id: bad
mode: sum
rules:
  - id: negative
    when: reason == 'neg'
    amount: price - 100
  - id: boom
    when: reason == 'boom'
    amount: div(price, decimal('0'), 2)
  - id: missing
    when: reason == 'missing'
    amount: attrs.bonus
  - id: loop
    when: reason == 'loop'
    amount: decimal(size(tags.map(a, tags.map(b, tags.map(c, a + b + c)))))
`, WithCostLimit(10_000))
	var many []string
	for i := range 100 {
		many = append(many, fmt.Sprint(i))
	}
	tests := []struct {
		in   Input
		rule string
		is   error
	}{
		{Input{Reason: "neg", Price: d("1")}, "negative", ErrNegative},
		{Input{Reason: "boom", Price: d("1")}, "boom", nil},
		{Input{Reason: "missing", Price: d("1")}, "missing", nil},
		{Input{Reason: "loop", Tags: many}, "loop", nil},
	}
	for _, tt := range tests {
		_, err := r.Calculate(bg, tt.in)
		var ee *EvalError
		if !errors.As(err, &ee) || ee.Rule != tt.rule || ee.Rules != "bad" {
			t.Errorf("%s: error %v", tt.rule, err)
			continue
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: error %v is not %v", tt.rule, err, tt.is)
		}
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := r.Calculate(ctx, Input{Reason: "neg"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// attrs with a decimal value works.
	res, err := r.Calculate(bg, Input{Reason: "missing", Attrs: map[string]any{"bonus": d("2.505")}})
	if err != nil || res.Total.StringFixed(2) != "2.51" {
		t.Errorf("attrs decimal: %s %v", resultString(res), err)
	}
}

func TestCompileErrors(t *testing.T) {
	src := `id: broken
mode: all
rounding: up
cap: NaN
colour: red
rules:
  - id: a
    when: prise > 5
    amount: price * 3
  - id: a
    amount: "'ten'"
  - id: c
    when: price
    amount: price * 3
    bogus: 1
  - id: d
    cap: "-5"
  - id: e
    amount: price * 0.5 / 2.0
`
	_, err := Compile([]byte(src), WithFilename("rules.yaml"))
	var list RuleErrors
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T) is not RuleErrors", err, err)
	}
	want := []string{
		"rules.yaml:2:7: mode: unknown mode \"all\"",
		"rules.yaml:3:11: rounding: unknown rounding \"up\"",
		"rules.yaml:4:6: cap: want a non-negative amount",
		"rules.yaml:5:1: unknown field \"colour\"",
		"rules.yaml:15:5: rule c: unknown field \"bogus\"",
		"rules.yaml:8:11: rule a: when: undeclared reference to 'prise'",
		"rules.yaml:10:9: rule a: id: duplicate rule id \"a\"",
		"rules.yaml:11:13: rule a: amount: expression has type string, want a decimal",
		"rules.yaml:13:11: rule c: when: expression has type decimal, want bool",
		"rules.yaml:16:5: rule d: amount: missing amount",
		"rules.yaml:17:10: rule d: cap: want a non-negative amount",
		"rule e: amount:",
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in\n%s", w, msg)
		}
	}
	for _, e := range list {
		if e.Line == 0 {
			t.Errorf("no position: %v", e)
		}
	}
}

func TestCompileSourceErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"", "empty source"},
		{"id: a\nrules: []\n---\nid: b\n", "one rule set"},
		{"id: [\n", "1:1: did not find expected node content"},
		{"- 1\n", "want a mapping"},
		{"rules:\n  - id: x\n    amount: 1\n", "missing rule-set id"},
		{"id: x\nrules: {}\n", "want a list of rules"},
		{"id: x\n", "no rules"},
		{"id: x\ncurrency: XYZ\nrules:\n  - id: a\n    amount: 1\n", "unknown currency"},
		{"id: x\nship_within: soon\nrules:\n  - id: a\n    amount: 1\n", "positive duration"},
		{"id: x\nrules:\n  - id: a\n    amount: |\n      price *\n        nope\n", "6:9: rule a: amount: undeclared reference to 'nope'"},
		{"id: x\nrules:\n  - amount: 1\n", "missing rule id"},
		{"id: x\nrules:\n  - id: a\n    when:\n      x: 1\n    amount: 1\n", "want a single value"},
		{"id: x\nid: y\nrules:\n  - id: a\n    amount: 1\n", "duplicate key"},
		{"\xff", "UTF-8"},
	} {
		_, err := Compile([]byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestCalculateConcurrent(t *testing.T) {
	r := Statutory()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				price := decimal.New(int64(g*1000+i), -2)
				res, err := r.Calculate(bg, Input{Reason: "fraud", Price: price})
				if err != nil || !res.Total.Equal(FraudDamages(price)) {
					t.Errorf("%s: %v %v", price, resultString(res), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzCompile(f *testing.F) {
	f.Add(goodwill, "fraud", "129.90")
	f.Add(statutorySource, "food_safety", "1")
	f.Add("id: x\nrules:\n  - id: a\n    amount: div(price, loss, 2)\n", "", "0")
	f.Fuzz(func(t *testing.T, src, reason, price string) {
		r, err := Compile([]byte(src), WithCostLimit(10_000))
		if err != nil {
			checkInside(t, src, err)
			return
		}
		p, err := CNY.Parse(price)
		if err != nil {
			return
		}
		res, err := r.Calculate(bg, Input{Reason: reason, Price: p, Tags: []string{"a", "b"}})
		if err != nil {
			return
		}
		sum := decimal.Zero
		for _, l := range res.Lines {
			if l.Amount.Sign() < 0 {
				t.Fatalf("negative line %+v", l)
			}
			sum = sum.Add(l.Amount)
		}
		if !sum.Equal(res.Total) {
			t.Fatalf("lines %s ≠ total %s", sum, res.Total)
		}
	})
}

// checkInside fails when an error of Compile points past the end of src.
func checkInside(t *testing.T, src string, err error) {
	t.Helper()
	var list RuleErrors
	if !errors.As(err, &list) {
		return // an option's error, before any source is read
	}
	end := yamlsrc.EndOf([]byte(src))
	for _, e := range list {
		if e.Line > end.Line || e.Line == end.Line && e.Column > end.Column || e.Line > 0 && e.Column < 1 {
			t.Errorf("%v: outside the source, which ends at %d:%d", e, end.Line, end.Column)
		}
	}
}

// Every error points into the source, even where yaml.v3 or an expression's
// escaped line break would put it past the end (regression: "---" gave 2:1
// in a one-line source).
func TestErrorsInsideSource(t *testing.T) {
	for _, src := range []string{
		"---",
		"id: x\nrules: []\n---",
		"id: x\nrules:\n  - id: a\n    amount: \"1 +\\n\"",
	} {
		_, err := Compile([]byte(src))
		if err == nil {
			t.Fatalf("%q compiled", src)
		}
		checkInside(t, src, err)
	}
}

// 食品安全法第一百四十八条第二款: a label or instruction flaw that neither
// affects food safety nor misleads gets no punitive damages; 第一款: the line
// says that whoever is asked first pays first.
func TestStatutoryFoodSafetyLabelException(t *testing.T) {
	r := Statutory()
	res, err := r.Calculate(bg, Input{Reason: "food_safety", Price: d("38.00"), Loss: d("0")})
	if err != nil {
		t.Fatal(err)
	}
	if got := resultString(res); got != "food_safety=1000.00 total=1000.00 capped=false" {
		t.Errorf("food safety: %s", got)
	}
	if desc := res.Lines[0].Description; !strings.Contains(desc, "首先接到赔偿要求的应当先行赔付") {
		t.Errorf("description %q does not state 首负责任制 (第一款)", desc)
	}
	res, err = r.Calculate(bg, Input{Reason: "food_safety", Price: d("38.00"), LabelFlawOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := resultString(res); got != "total=0.00 capped=false" {
		t.Errorf("label flaw only: %s, want no punitive damages", got)
	}
	// A merchant rule set can use the same variable.
	m, err := Compile([]byte("id: m\nrules:\n  - id: goodwill\n    when: label_flaw_only\n    amount: 20\n"))
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := m.Calculate(bg, Input{LabelFlawOnly: true}); !res.Total.Equal(d("20")) {
		t.Errorf("label_flaw_only in a merchant rule: %s", resultString(res))
	}
}
