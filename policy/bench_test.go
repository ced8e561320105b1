package policy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// noReasonDay4 is decided by no_reason_7d, after seven rules failed.
func noReasonDay4() policy.Input {
	in := input()
	in.Now = at("2026-03-05T12:00:00+08:00")
	return in
}

func BenchmarkDecideStatutory(b *testing.B) {
	p := cn.Statutory()
	in := noReasonDay4()
	ctx := context.Background()
	if d, _ := p.Decide(ctx, in); d.Rule != "no_reason_7d" {
		b.Fatalf("rule = %s", d.Rule)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Decide(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecideStatutoryTraced(b *testing.B) {
	p, err := policy.Compile(cn.Source(), policy.WithTrace())
	if err != nil {
		b.Fatal(err)
	}
	in := noReasonDay4()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Decide(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// merchant20 is a 20-rule merchant policy none of whose rules match the
// benchmark input, so every rule is evaluated.
func merchant20(tb testing.TB) *policy.Policy {
	var b strings.Builder
	b.WriteString("policy: merchant20\nvariables:\n  days: calendar_days(order.received_at, now)\nrules:\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  - id: r%d\n    when: \"item.category == 'cat%d' && days <= %d && item.paid > %d\"\n    effect: allow\n    remedy: return\n", i, i, 10+i, i)
	}
	return mustCompile(tb, b.String())
}

func BenchmarkDecideSet(b *testing.B) {
	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant20(b))
	in := noReasonDay4()
	ctx := context.Background()
	if d, _ := set.Decide(ctx, in); d.Rule != "no_reason_7d" {
		b.Fatalf("rule = %s", d.Rule)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := set.Decide(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandWritten is the floor: the same statutory decision as a Go if-chain.
func BenchmarkHandWritten(b *testing.B) {
	in := noReasonDay4()
	b.ReportAllocs()
	var rule string
	for b.Loop() {
		rule = handWritten(&in)
	}
	if rule != "no_reason_7d" {
		b.Fatal(rule)
	}
}

func handWritten(in *policy.Input) string {
	received := !in.Order.ReceivedAt.IsZero()
	y1, m1, d1 := in.Order.ReceivedAt.In(shanghai).Date()
	y2, m2, d2 := in.Now.In(shanghai).Date()
	days := int(timeDate(y2, int(m2), d2).Sub(timeDate(y1, int(m1), d1)).Hours() / 24)
	quality := in.Request.Reason == "quality"
	window := in.Request.Reason == "no_reason" && received && days <= 7
	switch {
	case in.Request.Kind == policy.RefundOnly && in.Order.ShippedAt.IsZero():
		return "unshipped_refund"
	case quality && received && days <= 7 && in.Request.Kind == policy.Return:
		return "quality_return_7d"
	case quality && received && days <= 15 && (in.Request.Kind == policy.Return || in.Request.Kind == policy.Exchange):
		return "quality_exchange_15d"
	case quality && received && in.Item.WarrantyDays > 0 && days <= in.Item.WarrantyDays:
		return "warranty_repair"
	case window && in.Item.CustomMade:
		return "custom_made"
	case window && in.Item.Perishable:
		return "perishable"
	case window && in.Item.Digital && in.Item.Opened:
		return "digital_opened"
	case window && (in.Item.Category == "periodical" || in.Item.Category == "newspaper"):
		return "periodical"
	case window && in.Item.Opened:
		return "not_intact"
	case window && in.Request.Kind == policy.Return:
		return "no_reason_7d"
	}
	return "default"
}
