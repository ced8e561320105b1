package cn_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func base() policy.Input {
	return policy.Input{
		Request: policy.Request{Kind: policy.Return, Reason: "no_reason"},
		Order: policy.Order{
			ID: "o1", PaidAt: at("2026-02-26T09:00:00+08:00"), ShippedAt: at("2026-02-27T09:00:00+08:00"),
			ReceivedAt: at("2026-03-01T10:00:00+08:00"), Total: decimal.RequireFromString("3799.00"),
		},
		Item:     policy.Item{SKU: "phone", Category: "electronics", Price: decimal.RequireFromString("3999.00"), Paid: decimal.RequireFromString("3799.00"), Quantity: 1, WarrantyDays: 365},
		Customer: policy.Customer{ID: "c1", CreditScore: 650},
		Now:      at("2026-03-05T12:00:00+08:00"),
	}
}

// TestStatutoryRules decides with the statutory floor and the platform
// practice layered as a platform would (the refund cases are the platform's).
func TestStatutoryRules(t *testing.T) {
	p := policy.NewSet(policy.AllowOverrides, cn.Statutory(), cn.Platform())
	tests := []struct {
		name   string
		modify func(*policy.Input)
		effect policy.Effect
		remedy policy.Remedy
		rule   string
	}{
		{"no reason day 4", func(in *policy.Input) {}, policy.Allow, policy.Return, "no_reason_7d"},
		{"no reason day 7 at 23:59", func(in *policy.Input) { in.Now = at("2026-03-08T23:59:59+08:00") }, policy.Allow, policy.Return, "no_reason_7d"},
		{"no reason day 8 at 00:00", func(in *policy.Input) { in.Now = at("2026-03-09T00:00:00+08:00") }, policy.Deny, "", "default"},
		{"day 8 in Shanghai is still day 7 in UTC terms", func(in *policy.Input) { in.Now = at("2026-03-08T16:30:00Z") }, policy.Deny, "", "default"},
		{"day 7 given in UTC", func(in *policy.Input) { in.Now = at("2026-03-08T15:59:00Z") }, policy.Allow, policy.Return, "no_reason_7d"},
		{"received late evening, day 7", func(in *policy.Input) {
			in.Order.ReceivedAt = at("2026-03-01T23:59:00+08:00")
			in.Now = at("2026-03-08T23:00:00+08:00")
		}, policy.Allow, policy.Return, "no_reason_7d"},
		{"quality day 7", func(in *policy.Input) { in.Request.Reason = "quality"; in.Now = at("2026-03-08T20:00:00+08:00") }, policy.Allow, policy.Return, "quality_return_7d"},
		{"quality day 8 → exchange", func(in *policy.Input) { in.Request.Reason = "quality"; in.Now = at("2026-03-09T08:00:00+08:00") }, policy.Allow, policy.Exchange, "quality_exchange_15d"},
		{"quality day 15 → exchange", func(in *policy.Input) { in.Request.Reason = "quality"; in.Now = at("2026-03-16T23:00:00+08:00") }, policy.Allow, policy.Exchange, "quality_exchange_15d"},
		{"quality day 16 → repair", func(in *policy.Input) { in.Request.Reason = "quality"; in.Now = at("2026-03-17T00:30:00+08:00") }, policy.Allow, policy.Repair, "warranty_repair"},
		{"quality day 16, no warranty", func(in *policy.Input) {
			in.Request.Reason = "quality"
			in.Item.WarrantyDays = 0
			in.Now = at("2026-03-17T00:30:00+08:00")
		}, policy.Review, policy.Return, "defect_return_review"},
		{"quality after warranty", func(in *policy.Input) { in.Request.Reason = "quality"; in.Now = at("2027-03-02T10:00:00+08:00") }, policy.Deny, "", "quality_time_limit"},
		{"custom made", func(in *policy.Input) { in.Item.CustomMade = true }, policy.Deny, "", "custom_made"},
		{"custom made but quality", func(in *policy.Input) { in.Item.CustomMade = true; in.Request.Reason = "quality" }, policy.Allow, policy.Return, "quality_return_7d"},
		{"perishable", func(in *policy.Input) { in.Item.Perishable = true }, policy.Deny, "", "perishable"},
		{"digital opened", func(in *policy.Input) { in.Item.Digital = true; in.Item.Opened = true }, policy.Deny, "", "digital_opened"},
		{"digital sealed", func(in *policy.Input) { in.Item.Digital = true }, policy.Allow, policy.Return, "no_reason_7d"},
		{"periodical", func(in *policy.Input) { in.Item.Category = "periodical" }, policy.Deny, "", "periodical"},
		{"opened", func(in *policy.Input) { in.Item.Opened = true }, policy.Review, "", "not_intact"},
		{"opened after day 7", func(in *policy.Input) { in.Item.Opened = true; in.Now = at("2026-03-10T10:00:00+08:00") }, policy.Deny, "", "default"},
		{"not yet received", func(in *policy.Input) { in.Order.ReceivedAt = time.Time{} }, policy.Deny, "", "not_yet_received"},
		{"unshipped refund", func(in *policy.Input) {
			in.Order.ShippedAt, in.Order.ReceivedAt = time.Time{}, time.Time{}
			in.Request.Kind = policy.RefundOnly
		}, policy.Allow, policy.RefundOnly, "unshipped_refund"},
		{"fast refund in transit", func(in *policy.Input) {
			in.Order.ReceivedAt = time.Time{}
			in.Request = policy.Request{Kind: policy.RefundOnly, Reason: "changed_mind"}
			in.Customer.CreditScore = 720
			in.Item.Paid = decimal.RequireFromString("199.00")
		}, policy.Allow, policy.RefundOnly, "fast_refund"},
		{"fast refund needs credit", func(in *policy.Input) {
			in.Order.ReceivedAt = time.Time{}
			in.Request = policy.Request{Kind: policy.RefundOnly, Reason: "changed_mind"}
			in.Item.Paid = decimal.RequireFromString("199.00")
		}, policy.Deny, "", "default"},
		{"fast refund limit 500 inclusive", func(in *policy.Input) {
			in.Request = policy.Request{Kind: policy.RefundOnly, Reason: "changed_mind"}
			in.Customer.CreditScore = 700
			in.Item.Paid = decimal.RequireFromString("500.00")
		}, policy.Allow, policy.RefundOnly, "fast_refund"},
		{"fast refund over 500", func(in *policy.Input) {
			in.Request = policy.Request{Kind: policy.RefundOnly, Reason: "changed_mind"}
			in.Customer.CreditScore = 700
			in.Item.Paid = decimal.RequireFromString("500.01")
		}, policy.Deny, "", "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.modify(&in)
			d, err := p.Decide(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if d.Effect != tt.effect || d.Remedy != tt.remedy || d.Rule != tt.rule {
				t.Errorf("got %s/%s by %s (%s), want %s/%s by %s", d.Effect, d.Remedy, d.Rule, d.Message, tt.effect, tt.remedy, tt.rule)
			}
			if d.Cite == "" {
				t.Errorf("rule %s cites no law", d.Rule)
			}
		})
	}
}

// 消法25②: goods the consumer confirmed at purchase as not returnable are
// excluded by the statutory set itself, so a merchant's exclusion layered
// with AllowOverrides takes effect for them — and only for them.
func TestConfirmedExclusionUnderAllowOverrides(t *testing.T) {
	merchant, err := policy.Compile([]byte(`policy: merchant
rules:
  - id: no_cosmetics
    when: item.category == 'cosmetics'
    effect: deny
`))
	if err != nil {
		t.Fatal(err)
	}
	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)
	in := base()
	in.Item.Category = "cosmetics"
	d, err := set.Decide(context.Background(), in)
	if err != nil || d.Effect != policy.Allow || d.Rule != "no_reason_7d" {
		t.Errorf("unconfirmed: %s by %s (%v), want the statutory allow", d.Effect, d.Rule, err)
	}
	in.Item.NoReturnConfirmed = true
	d, err = set.Decide(context.Background(), in)
	if err != nil || d.Effect != policy.Deny {
		t.Errorf("confirmed: %s by %s (%v), want deny", d.Effect, d.Rule, err)
	}
}
