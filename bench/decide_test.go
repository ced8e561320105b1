package bench

// Workload A: the PRC statutory return decision as it stood in November 2026
// (statutory12.yaml, a frozen copy of policy/cn/statutory.yaml then: 12 rules
// and a default) written once per tool, on the same inputs. The copy keeps the
// peers comparable while the library's statutory set evolves; the library's
// own benchmark (policy: BenchmarkDecideStatutory) measures the current set.
//
// Every peer computes the same variables the YAML does (received, days,
// quality, the no-reason window) from the raw timestamps, and answers with the
// id of the deciding rule. aftersales does more per call — it also renders
// the rule's message template and its typed outputs (refund as an exact
// decimal, freight payer) — so the comparison does not flatter it.

import (
	"context"
	_ "embed"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
)

//go:embed statutory12.yaml
var statutory12 []byte

// decideCase is one input with the rule every tool must answer.
type decideCase struct {
	name string // sub-benchmark name; empty: checked, not timed
	rule string
	in   policy.Input
}

// baseInput is a no-reason return of a ¥119.90 line received on 1 March
// 2026 by a customer whose credit (650) is below the fast-refund bar.
func baseInput() policy.Input {
	return policy.Input{
		Request:  policy.Request{Kind: policy.Return, Reason: "no_reason"},
		Order:    policy.Order{ID: "o1", ShippedAt: at("2026-02-27T09:00:00+08:00"), ReceivedAt: at("2026-03-01T10:00:00+08:00")},
		Item:     policy.Item{SKU: "s1", Category: "apparel", Price: decimal.RequireFromString("129.90"), Paid: decimal.RequireFromString("119.90"), Quantity: 1},
		Customer: policy.Customer{ID: "c1", CreditScore: 650, Tags: []string{"vip"}},
		Now:      at("2026-03-05T12:00:00+08:00"),
	}
}

// decideCases: the two timed inputs first, then inputs that reach every
// other rule, so the peers' rule sets are checked for the same answers too.
func decideCases() []decideCase {
	with := func(f func(*policy.Input)) policy.Input {
		in := baseInput()
		f(&in)
		return in
	}
	return []decideCase{
		// Day 4 of the no-reason window: nine rules fail before no_reason_7d.
		{"no_reason_7d", "no_reason_7d", baseInput()},
		// Day 19: every rule fails, the default denies.
		{"default", "default", with(func(in *policy.Input) { in.Now = at("2026-03-20T12:00:00+08:00") })},

		{"", "no_reason_7d", with(func(in *policy.Input) { in.Now = at("2026-03-08T23:59:00+08:00") })},
		{"", "default", with(func(in *policy.Input) { in.Now = at("2026-03-09T00:01:00+08:00") })},
		{"", "unshipped_refund", with(func(in *policy.Input) {
			in.Request.Kind = policy.RefundOnly
			in.Order.ShippedAt, in.Order.ReceivedAt = time.Time{}, time.Time{}
		})},
		{"", "quality_return_7d", with(func(in *policy.Input) { in.Request.Reason = "quality" })},
		{"", "quality_return_7d", with(func(in *policy.Input) { in.Request.Reason = "not_as_described" })},
		{"", "quality_return_7d", with(func(in *policy.Input) {
			in.Request.Reason, in.Request.Kind = "damaged", policy.RefundOnly
		})},
		{"", "no_reason_7d", with(func(in *policy.Input) { in.Request.Reason = "changed_mind" })},
		{"", "quality_exchange_15d", with(func(in *policy.Input) {
			in.Request.Reason = "quality"
			in.Now = at("2026-03-12T12:00:00+08:00")
		})},
		{"", "warranty_repair", with(func(in *policy.Input) {
			in.Request.Reason, in.Request.Kind = "quality", policy.Repair
			in.Item.WarrantyDays = 365
			in.Now = at("2026-06-01T12:00:00+08:00")
		})},
		{"", "custom_made", with(func(in *policy.Input) { in.Item.CustomMade = true })},
		{"", "perishable", with(func(in *policy.Input) { in.Item.Perishable = true })},
		{"", "digital_opened", with(func(in *policy.Input) { in.Item.Digital, in.Item.Opened = true, true })},
		{"", "periodical", with(func(in *policy.Input) { in.Item.Category = "期刊" })},
		{"", "periodical", with(func(in *policy.Input) { in.Item.Tags = []string{"gift", "periodical"} })},
		{"", "not_intact", with(func(in *policy.Input) { in.Item.Opened = true })},
		{"", "fast_refund", with(func(in *policy.Input) {
			in.Request.Reason = "changed_mind"
			in.Order.ReceivedAt = time.Time{}
			in.Customer.CreditScore = 750
		})},
		{"", "not_yet_received", with(func(in *policy.Input) {
			in.Request.Reason = "changed_mind"
			in.Order.ReceivedAt = time.Time{}
			in.Item.Paid = decimal.RequireFromString("600.00")
			in.Customer.CreditScore = 750
		})},
		{"", "default", with(func(in *policy.Input) {
			in.Request.Reason = "quality"
			in.Now = at("2026-04-01T12:00:00+08:00")
		})},
	}
}

// decider is one tool: prepare turns an Input into whatever the tool
// evaluates (outside the timed loop, as a service would hold it), and decide
// answers with a rule id.
type decider struct {
	name    string
	prepare func(tb testing.TB, in policy.Input) func() string
}

func deciders(tb testing.TB) []decider {
	return []decider{
		{"aftersales", aftersalesDecider(tb)},
		{"handwritten", func(_ testing.TB, in policy.Input) func() string {
			return func() string { return handWritten(&in) }
		}},
		{"cel_per_rule_map", celDecider(tb, false)},
		{"cel_combined_map", celDecider(tb, true)},
		{"expr_per_rule", exprDecider(tb, false)},
		{"expr_combined", exprDecider(tb, true)},
		{"opa_eval_input", opaDecider(tb, false)},
		{"opa_eval_parsed", opaDecider(tb, true)},
	}
}

// BenchmarkDecide times one decision per tool and input. Sub-benchmarks are
// Decide/<input>/<tool>.
func BenchmarkDecide(b *testing.B) {
	cases := decideCases()
	for _, d := range deciders(b) {
		for _, c := range cases {
			if got := d.prepare(b, c.in)(); got != c.rule {
				b.Fatalf("%s: %s: decided by %q, want %q", d.name, describe(c), got, c.rule)
			}
		}
	}
	for _, c := range cases {
		if c.name == "" {
			continue
		}
		for _, d := range deciders(b) {
			b.Run(c.name+"/"+d.name, func(b *testing.B) {
				decide := d.prepare(b, c.in)
				if got := decide(); got != c.rule {
					b.Fatalf("decided by %q, want %q", got, c.rule)
				}
				b.ReportAllocs()
				var got string
				for b.Loop() {
					got = decide()
				}
				if got != c.rule {
					b.Fatalf("decided by %q, want %q", got, c.rule)
				}
			})
		}
	}
}

// BenchmarkDecideCompile is the one-off cost of loading the rule set.
func BenchmarkDecideCompile(b *testing.B) {
	b.Run("aftersales", func(b *testing.B) {
		src := statutory12
		b.ReportAllocs()
		for b.Loop() {
			if _, err := policy.Compile(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cel_per_rule_map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			compileCEL(b, false)
		}
	})
	b.Run("cel_combined_map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			compileCEL(b, true)
		}
	})
	b.Run("expr_combined", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			compileExpr(b, true)
		}
	})
	b.Run("opa_prepare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			prepareOPA(b)
		}
	})
}

// TestDecideAgreement runs the same check as the benchmark setup, so that
// `go test` alone catches a peer that drifted from the statutory rules.
func TestDecideAgreement(t *testing.T) {
	for _, d := range deciders(t) {
		for _, c := range decideCases() {
			if got := d.prepare(t, c.in)(); got != c.rule {
				t.Errorf("%s: %s: decided by %q, want %q", d.name, describe(c), got, c.rule)
			}
		}
	}
}

func describe(c decideCase) string {
	return fmt.Sprintf("%s/%s received %v now %v", c.in.Request.Kind, c.in.Request.Reason,
		c.in.Order.ReceivedAt.Format(time.DateTime), c.in.Now.Format(time.DateTime))
}

// --- aftersales -----------------------------------------------------------

func aftersalesDecider(tb testing.TB) func(testing.TB, policy.Input) func() string {
	p, err := policy.Compile(statutory12, policy.WithFilename("statutory12.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	return func(tb testing.TB, in policy.Input) func() string {
		return func() string {
			d, err := p.Decide(ctx, in)
			if err != nil {
				tb.Fatal(err)
			}
			return d.Rule
		}
	}
}

// --- hand-written ---------------------------------------------------------

// handWritten is the floor: statutory.yaml as a Go if-chain.
func handWritten(in *policy.Input) string {
	received := !in.Order.ReceivedAt.IsZero()
	days := 0
	if received {
		days = calendarDays(in.Order.ReceivedAt, in.Now)
	}
	kind := in.Request.Kind
	quality := defect(in.Request.Reason)
	window := !quality && received && days <= 7
	shipped := !in.Order.ShippedAt.IsZero()
	switch {
	case kind == policy.RefundOnly && !shipped:
		return "unshipped_refund"
	case quality && received && days <= 7 && (kind == policy.Return || kind == policy.RefundOnly):
		return "quality_return_7d"
	case quality && received && days <= 15 && (kind == policy.Return || kind == policy.Exchange):
		return "quality_exchange_15d"
	case quality && received && in.Item.WarrantyDays > 0 && days <= in.Item.WarrantyDays &&
		(kind == policy.Return || kind == policy.Exchange || kind == policy.Repair):
		return "warranty_repair"
	case window && in.Item.CustomMade:
		return "custom_made"
	case window && in.Item.Perishable:
		return "perishable"
	case window && in.Item.Digital && in.Item.Opened:
		return "digital_opened"
	case window && periodical(&in.Item):
		return "periodical"
	case window && in.Item.Opened:
		return "not_intact"
	case window && kind == policy.Return:
		return "no_reason_7d"
	case (kind == policy.Return || kind == policy.RefundOnly) && shipped && (!received || days <= 7) &&
		in.Customer.CreditScore >= 700 && in.Item.Paid.LessThanOrEqual(fiveHundred):
		return "fast_refund"
	case kind == policy.Return && !received:
		return "not_yet_received"
	}
	return "default"
}

var fiveHundred = decimal.NewFromInt(500)

// defect reports whether the stated reason is a defect the merchant answers
// for; any other reason is a no-reason return.
func defect(reason string) bool {
	switch reason {
	case "quality", "not_as_described", "damaged", "wrong_item", "counterfeit":
		return true
	}
	return false
}

func periodical(it *policy.Item) bool {
	switch it.Category {
	case "periodical", "newspaper", "报纸", "期刊":
		return true
	}
	for _, t := range it.Tags {
		if t == "periodical" {
			return true
		}
	}
	return false
}

// --- the rules as text, for the expression languages ----------------------

// A rule's condition refers to the policy's variables as {received}, {days},
// {quality} and {window}: the combined programs bind each once, the
// per-rule programs inline them (raw CEL and expr have no shared variables
// between programs).
type textRule struct{ id, cond string }

var celRules = []textRule{
	{"unshipped_refund", "request.kind == 'refund_only' && !has(order.shipped_at)"},
	{"quality_return_7d", "{quality} && {received} && {days} <= 7 && request.kind in ['return', 'refund_only']"},
	{"quality_exchange_15d", "{quality} && {received} && {days} <= 15 && request.kind in ['return', 'exchange']"},
	{"warranty_repair", "{quality} && {received} && item.warranty_days > 0 && {days} <= item.warranty_days && request.kind in ['return', 'exchange', 'repair']"},
	{"custom_made", "{window} && item.custom_made"},
	{"perishable", "{window} && item.perishable"},
	{"digital_opened", "{window} && item.digital && item.opened"},
	{"periodical", "{window} && (item.category in ['periodical', 'newspaper', '报纸', '期刊'] || 'periodical' in item.tags)"},
	{"not_intact", "{window} && item.opened"},
	{"no_reason_7d", "{window} && request.kind == 'return'"},
	{"fast_refund", "request.kind in ['return', 'refund_only'] && has(order.shipped_at) && (!{received} || {days} <= 7) && customer.credit_score >= 700 && item.paid <= 500.0"},
	{"not_yet_received", "request.kind == 'return' && !{received}"},
}

var celVars = [][2]string{
	{"received", "has(order.received_at)"},
	{"days", "({received} ? calendar_days(order.received_at, now) : 0)"},
	{"quality", "(request.reason in ['quality', 'not_as_described', 'damaged', 'wrong_item', 'counterfeit'])"},
	{"window", "(!{quality} && {received} && {days} <= 7)"},
}

var exprRules = []textRule{
	{"unshipped_refund", "request.kind == 'refund_only' && order.shipped_at == nil"},
	{"quality_return_7d", "{quality} && {received} && {days} <= 7 && request.kind in ['return', 'refund_only']"},
	{"quality_exchange_15d", "{quality} && {received} && {days} <= 15 && request.kind in ['return', 'exchange']"},
	{"warranty_repair", "{quality} && {received} && item.warranty_days > 0 && {days} <= item.warranty_days && request.kind in ['return', 'exchange', 'repair']"},
	{"custom_made", "{window} && item.custom_made"},
	{"perishable", "{window} && item.perishable"},
	{"digital_opened", "{window} && item.digital && item.opened"},
	{"periodical", "{window} && (item.category in ['periodical', 'newspaper', '报纸', '期刊'] || 'periodical' in item.tags)"},
	{"not_intact", "{window} && item.opened"},
	{"no_reason_7d", "{window} && request.kind == 'return'"},
	{"fast_refund", "request.kind in ['return', 'refund_only'] && order.shipped_at != nil && (!{received} || {days} <= 7) && customer.credit_score >= 700 && item.paid <= 500"},
	{"not_yet_received", "request.kind == 'return' && !{received}"},
}

var exprVars = [][2]string{
	{"received", "(order.received_at != nil)"},
	{"days", "calendar_days(order.received_at, now)"},
	{"quality", "(request.reason in ['quality', 'not_as_described', 'damaged', 'wrong_item', 'counterfeit'])"},
	{"window", "(!{quality} && {received} && {days} <= 7)"},
}

// inline replaces every {var} by its definition, recursively.
func inline(s string, vars [][2]string) string {
	for i := len(vars) - 1; i >= 0; i-- {
		s = strings.ReplaceAll(s, "{"+vars[i][0]+"}", vars[i][1])
	}
	for _, v := range vars {
		s = strings.ReplaceAll(s, "{"+v[0]+"}", v[1])
	}
	return s
}

// bare replaces every {var} by the variable's name.
func bare(s string, vars [][2]string) string {
	for _, v := range vars {
		s = strings.ReplaceAll(s, "{"+v[0]+"}", v[0])
	}
	return s
}

// --- raw cel-go -----------------------------------------------------------

// celProgram is either one program per rule (rules[i] evaluates to bool) or
// one program for the whole chain (evaluates to the rule id).
type celProgram struct {
	rules    []cel.Program
	combined cel.Program
}

func compileCEL(tb testing.TB, combined bool) celProgram {
	env, err := cel.NewEnv(
		cel.Variable("request", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("order", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("item", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("customer", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("now", cel.TimestampType),
		ext.Bindings(),
		cel.Function("calendar_days",
			cel.Overload("calendar_days_timestamp_timestamp",
				[]*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(func(a, b ref.Val) ref.Val {
					return types.Int(calendarDays(a.(types.Timestamp).Time, b.(types.Timestamp).Time))
				}))),
	)
	if err != nil {
		tb.Fatal(err)
	}
	program := func(src string) cel.Program {
		ast, iss := env.Compile(src)
		if iss.Err() != nil {
			tb.Fatalf("%s: %v", src, iss.Err())
		}
		prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			tb.Fatal(err)
		}
		return prg
	}
	var p celProgram
	if !combined {
		for _, r := range celRules {
			p.rules = append(p.rules, program(inline(r.cond, celVars)))
		}
		return p
	}
	// cel.bind(name, init, body) for each variable around one ternary chain.
	var chain strings.Builder
	for _, r := range celRules {
		fmt.Fprintf(&chain, "%s ? '%s' : ", bare(r.cond, celVars), r.id)
	}
	chain.WriteString("'default'")
	src := chain.String()
	for i := len(celVars) - 1; i >= 0; i-- {
		src = fmt.Sprintf("cel.bind(%s, %s, %s)", celVars[i][0], bare(celVars[i][1], celVars), src)
	}
	p.combined = program(src)
	return p
}

func celInput(in policy.Input) map[string]any {
	order := map[string]any{"id": in.Order.ID}
	if !in.Order.ShippedAt.IsZero() {
		order["shipped_at"] = in.Order.ShippedAt
	}
	if !in.Order.ReceivedAt.IsZero() {
		order["received_at"] = in.Order.ReceivedAt
	}
	tags := in.Item.Tags
	if tags == nil {
		tags = []string{}
	}
	return map[string]any{
		"request": map[string]any{"kind": string(in.Request.Kind), "reason": in.Request.Reason},
		"order":   order,
		"item": map[string]any{
			"category": in.Item.Category, "paid": in.Item.Paid.InexactFloat64(),
			"opened": in.Item.Opened, "custom_made": in.Item.CustomMade, "perishable": in.Item.Perishable,
			"digital": in.Item.Digital, "tags": tags, "warranty_days": in.Item.WarrantyDays,
		},
		"customer": map[string]any{"credit_score": in.Customer.CreditScore},
		"now":      in.Now,
	}
}

func celDecider(tb testing.TB, combined bool) func(testing.TB, policy.Input) func() string {
	p := compileCEL(tb, combined)
	return func(tb testing.TB, in policy.Input) func() string {
		act, err := interpreter.NewActivation(celInput(in))
		if err != nil {
			tb.Fatal(err)
		}
		if combined {
			return func() string {
				v, _, err := p.combined.Eval(act)
				if err != nil {
					tb.Fatal(err)
				}
				return string(v.(types.String))
			}
		}
		return func() string {
			for i, prg := range p.rules {
				v, _, err := prg.Eval(act)
				if err != nil {
					tb.Fatalf("%s: %v", celRules[i].id, err)
				}
				if v == types.True {
					return celRules[i].id
				}
			}
			return "default"
		}
	}
}

// --- expr-lang/expr -------------------------------------------------------

type exprEnv struct {
	Request  exprRequest  `expr:"request"`
	Order    exprOrder    `expr:"order"`
	Item     exprItem     `expr:"item"`
	Customer exprCustomer `expr:"customer"`
	Now      time.Time    `expr:"now"`
}

type exprRequest struct {
	Kind   string `expr:"kind"`
	Reason string `expr:"reason"`
}

type exprOrder struct {
	ShippedAt  *time.Time `expr:"shipped_at"`
	ReceivedAt *time.Time `expr:"received_at"`
}

type exprItem struct {
	Category     string   `expr:"category"`
	Paid         float64  `expr:"paid"`
	Opened       bool     `expr:"opened"`
	CustomMade   bool     `expr:"custom_made"`
	Perishable   bool     `expr:"perishable"`
	Digital      bool     `expr:"digital"`
	Tags         []string `expr:"tags"`
	WarrantyDays int      `expr:"warranty_days"`
}

type exprCustomer struct {
	CreditScore int `expr:"credit_score"`
}

func exprInput(in policy.Input) *exprEnv {
	e := &exprEnv{
		Request: exprRequest{Kind: string(in.Request.Kind), Reason: in.Request.Reason},
		Item: exprItem{
			Category: in.Item.Category, Paid: in.Item.Paid.InexactFloat64(), Opened: in.Item.Opened,
			CustomMade: in.Item.CustomMade, Perishable: in.Item.Perishable, Digital: in.Item.Digital,
			Tags: in.Item.Tags, WarrantyDays: in.Item.WarrantyDays,
		},
		Customer: exprCustomer{CreditScore: in.Customer.CreditScore},
		Now:      in.Now,
	}
	if !in.Order.ShippedAt.IsZero() {
		t := in.Order.ShippedAt
		e.Order.ShippedAt = &t
	}
	if !in.Order.ReceivedAt.IsZero() {
		t := in.Order.ReceivedAt
		e.Order.ReceivedAt = &t
	}
	return e
}

// exprCalendarDays is calendar_days for expr; a nil receipt time counts 0
// (the rules check received first, as the YAML does).
var exprCalendarDays = expr.Function("calendar_days", func(params ...any) (any, error) {
	from, _ := params[0].(*time.Time)
	if from == nil {
		return 0, nil
	}
	return calendarDays(*from, params[1].(time.Time)), nil
}, new(func(*time.Time, time.Time) int))

func compileExpr(tb testing.TB, combined bool) []*vm.Program {
	program := func(src string, out expr.Option) *vm.Program {
		prg, err := expr.Compile(src, expr.Env(&exprEnv{}), exprCalendarDays, out)
		if err != nil {
			tb.Fatalf("%s: %v", src, err)
		}
		return prg
	}
	if !combined {
		var ps []*vm.Program
		for _, r := range exprRules {
			ps = append(ps, program(inline(r.cond, exprVars), expr.AsBool()))
		}
		return ps
	}
	var src strings.Builder
	for _, v := range exprVars {
		fmt.Fprintf(&src, "let %s = %s;\n", v[0], bare(v[1], exprVars))
	}
	for _, r := range exprRules {
		fmt.Fprintf(&src, "%s ? '%s' :\n", bare(r.cond, exprVars), r.id)
	}
	src.WriteString("'default'")
	return []*vm.Program{program(src.String(), expr.AsKind(reflect.String))}
}

func exprDecider(tb testing.TB, combined bool) func(testing.TB, policy.Input) func() string {
	ps := compileExpr(tb, combined)
	return func(tb testing.TB, in policy.Input) func() string {
		env := exprInput(in)
		var machine vm.VM // reused, as expr's docs advise for hot loops
		if combined {
			return func() string {
				v, err := machine.Run(ps[0], env)
				if err != nil {
					tb.Fatal(err)
				}
				return v.(string)
			}
		}
		return func() string {
			for i, p := range ps {
				v, err := machine.Run(p, env)
				if err != nil {
					tb.Fatalf("%s: %v", exprRules[i].id, err)
				}
				if v.(bool) {
					return exprRules[i].id
				}
			}
			return "default"
		}
	}
}

// --- OPA / Rego -----------------------------------------------------------

// The Rego module takes times as Unix seconds and computes calendar days on
// Shanghai dates with the fixed UTC+8 offset (China has had no DST since
// 1991), which is cheaper for OPA than parsing RFC 3339 strings.
const statutoryRego = `package aftersales

received if input.order.received_at

days := floor((input.now + 28800) / 86400) - floor((input.order.received_at + 28800) / 86400)

quality if input.request.reason in {"quality", "not_as_described", "damaged", "wrong_item", "counterfeit"}

window if {
	not quality
	received
	days <= 7
}

recent if not received

recent if days <= 7

periodical if input.item.category in {"periodical", "newspaper", "报纸", "期刊"}

periodical if "periodical" in input.item.tags

default rule := "default"

rule := "unshipped_refund" if {
	input.request.kind == "refund_only"
	not input.order.shipped_at
} else := "quality_return_7d" if {
	quality
	received
	days <= 7
	input.request.kind in {"return", "refund_only"}
} else := "quality_exchange_15d" if {
	quality
	received
	days <= 15
	input.request.kind in {"return", "exchange"}
} else := "warranty_repair" if {
	quality
	received
	input.item.warranty_days > 0
	days <= input.item.warranty_days
	input.request.kind in {"return", "exchange", "repair"}
} else := "custom_made" if {
	window
	input.item.custom_made
} else := "perishable" if {
	window
	input.item.perishable
} else := "digital_opened" if {
	window
	input.item.digital
	input.item.opened
} else := "periodical" if {
	window
	periodical
} else := "not_intact" if {
	window
	input.item.opened
} else := "no_reason_7d" if {
	window
	input.request.kind == "return"
} else := "fast_refund" if {
	input.request.kind in {"return", "refund_only"}
	input.order.shipped_at
	recent
	input.customer.credit_score >= 700
	input.item.paid <= 500
} else := "not_yet_received" if {
	input.request.kind == "return"
	not received
}
`

func prepareOPA(tb testing.TB) rego.PreparedEvalQuery {
	pq, err := rego.New(
		rego.Query("data.aftersales.rule"),
		rego.Module("statutory.rego", statutoryRego),
	).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return pq
}

func opaInput(in policy.Input) map[string]any {
	order := map[string]any{"id": in.Order.ID}
	if !in.Order.ShippedAt.IsZero() {
		order["shipped_at"] = in.Order.ShippedAt.Unix()
	}
	if !in.Order.ReceivedAt.IsZero() {
		order["received_at"] = in.Order.ReceivedAt.Unix()
	}
	tags := make([]any, len(in.Item.Tags))
	for i, t := range in.Item.Tags {
		tags[i] = t
	}
	return map[string]any{
		"request": map[string]any{"kind": string(in.Request.Kind), "reason": in.Request.Reason},
		"order":   order,
		"item": map[string]any{
			"category": in.Item.Category, "paid": in.Item.Paid.InexactFloat64(),
			"opened": in.Item.Opened, "custom_made": in.Item.CustomMade, "perishable": in.Item.Perishable,
			"digital": in.Item.Digital, "tags": tags, "warranty_days": in.Item.WarrantyDays,
		},
		"customer": map[string]any{"credit_score": in.Customer.CreditScore},
		"now":      in.Now.Unix(),
	}
}

func opaDecider(tb testing.TB, parsed bool) func(testing.TB, policy.Input) func() string {
	pq := prepareOPA(tb)
	ctx := context.Background()
	return func(tb testing.TB, in policy.Input) func() string {
		m := opaInput(in)
		opt := rego.EvalInput(m)
		if parsed {
			v, err := ast.InterfaceToValue(m)
			if err != nil {
				tb.Fatal(err)
			}
			opt = rego.EvalParsedInput(v)
		}
		return func() string {
			rs, err := pq.Eval(ctx, opt)
			if err != nil {
				tb.Fatal(err)
			}
			if len(rs) != 1 || len(rs[0].Expressions) != 1 {
				tb.Fatalf("result set %v", rs)
			}
			s, _ := rs[0].Expressions[0].Value.(string)
			return s
		}
	}
}
