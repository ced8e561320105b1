package policy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// The merchant of issue 17: VIP customers return within 30 days and the
// merchant pays the return freight.
const vipFreeFreight = `
policy: merchant-vip
variables:
  days: calendar_days(order.received_at, now)
rules:
  - id: vip_return_30d
    when: "'vip' in customer.tags && days <= 30 && request.kind == 'return'"
    effect: allow
    remedy: return
    cite: 商家承诺
    outputs:
      refund: item.paid
      freight_payer: "'merchant'"
default: {effect: deny, message: 超出商家售后期限}
`

func decide(t *testing.T, alg policy.Combining, in policy.Input, ps ...*policy.Policy) policy.Decision {
	t.Helper()
	d, err := policy.NewSet(alg, ps...).Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ids(ps []*policy.Policy) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.ID())
	}
	return strings.Join(s, ",")
}

// Issue 17, item 1: a VIP on day 3. Both the statute (no_reason_7d, buyer
// pays freight) and the merchant (vip_return_30d, merchant pays) allow; the
// merchant's terms must reach the customer in the README's order
// (statutory first) and in the other one.
func TestLayeringVIPOnDay3(t *testing.T) {
	merchant := mustCompile(t, vipFreeFreight)
	in := input()
	in.Now = at("2026-03-04T12:00:00+08:00") // day 3
	if d := decide(t, policy.AllowOverrides, in, cn.Statutory()); d.Rule != "no_reason_7d" || d.Outputs["freight_payer"] != "buyer" {
		t.Fatalf("the statute alone: %+v", d)
	}
	for _, order := range [][]*policy.Policy{{cn.Statutory(), merchant}, {merchant, cn.Statutory()}} {
		d := decide(t, policy.AllowOverrides, in, order...)
		if d.Effect != policy.Allow || d.Remedy != policy.Return || d.Policy != "merchant-vip" || d.Rule != "vip_return_30d" || d.Outputs["freight_payer"] != "merchant" {
			t.Errorf("%s: %+v, want the merchant's allow with freight_payer=merchant", ids(order), d)
		}
	}
	// Not a VIP: only the statute allows, and it decides.
	in.Customer.Tags = nil
	for _, order := range [][]*policy.Policy{{cn.Statutory(), merchant}, {merchant, cn.Statutory()}} {
		if d := decide(t, policy.AllowOverrides, in, order...); d.Rule != "no_reason_7d" || d.Outputs["freight_payer"] != "buyer" {
			t.Errorf("%s, not VIP: %+v", ids(order), d)
		}
	}
	// Day 31: nobody's rule matches; the first policy's default — the law's,
	// in the README's order — explains the refusal.
	in.Customer.Tags = []string{"vip"}
	in.Now = at("2026-04-01T12:00:00+08:00")
	if d := decide(t, policy.AllowOverrides, in, cn.Statutory(), merchant); d.Effect != policy.Deny || d.Policy != "cn-statutory" || d.Rule != policy.DefaultRule || d.Cite == "" {
		t.Errorf("day 31: %+v", d)
	}
}

// The floor stays: a merchant deny, or a merchant failing, never beats a
// statutory allow, in either order; and a merchant allow offering another
// remedy does not displace the statutory grant of what was asked.
func TestLayeringKeepsTheFloor(t *testing.T) {
	in := input()
	in.Now = at("2026-03-04T12:00:00+08:00") // day 3: the no-reason return holds
	strict := mustCompile(t, `policy: strict
rules: [{id: no_returns, when: "true", effect: deny, message: 本店不退换}]`)
	broken := mustCompile(t, `policy: broken
rules: [{id: vip, when: "order.attrs.vip == true", effect: allow, remedy: return}]`)
	exchangeOnly := mustCompile(t, `policy: exchange-only
rules: [{id: exchange, when: "true", effect: allow, remedy: exchange, outputs: {freight_payer: "'merchant'"}}]`)
	for _, m := range []*policy.Policy{strict, broken, exchangeOnly} {
		for _, order := range [][]*policy.Policy{{cn.Statutory(), m}, {m, cn.Statutory()}} {
			d := decide(t, policy.AllowOverrides, in, order...)
			if d.Effect != policy.Allow || d.Remedy != policy.Return || d.Rule != "no_reason_7d" {
				t.Errorf("%s: %+v, want the statutory return", ids(order), d)
			}
		}
	}
	// Asked for an exchange, the merchant's exchange is what was asked: it
	// decides (the statute has no no-reason exchange and denies).
	in.Request.Kind = policy.Exchange
	for _, order := range [][]*policy.Policy{{cn.Statutory(), exchangeOnly}, {exchangeOnly, cn.Statutory()}} {
		if d := decide(t, policy.AllowOverrides, in, order...); d.Rule != "exchange" || d.Remedy != policy.Exchange {
			t.Errorf("%s, exchange asked: %+v", ids(order), d)
		}
	}
}

// Among policies that are not floors (a platform's own policy and a
// merchant's), the one layered later supplies the terms, under both
// overriding algorithms; under FirstApplicable the first decides.
func TestLayeringLaterWins(t *testing.T) {
	platform := mustCompile(t, `policy: platform
rules: [{id: p, when: "true", effect: allow, remedy: return, outputs: {by: "'platform'"}},]`)
	merchant := mustCompile(t, `policy: merchant
rules: [{id: m, when: "true", effect: allow, remedy: return, outputs: {by: "'merchant'"}}]`)
	in := input()
	for _, tc := range []struct {
		alg   policy.Combining
		order []*policy.Policy
		want  string
	}{
		{policy.AllowOverrides, []*policy.Policy{platform, merchant}, "merchant"},
		{policy.AllowOverrides, []*policy.Policy{merchant, platform}, "platform"},
		{policy.DenyOverrides, []*policy.Policy{platform, merchant}, "merchant"},
		{policy.FirstApplicable, []*policy.Policy{platform, merchant}, "platform"},
		{policy.FirstApplicable, []*policy.Policy{merchant, platform}, "merchant"},
	} {
		if d := decide(t, tc.alg, in, tc.order...); d.Policy != tc.want {
			t.Errorf("%v %s: %s decided, want %s", tc.alg, ids(tc.order), d.Policy, tc.want)
		}
	}
	// Two denies under DenyOverrides: the later, more specific message.
	a := mustCompile(t, `policy: a
rules: [{id: a, when: "true", effect: deny, message: a}]`)
	b := mustCompile(t, `policy: b
rules: [{id: b, when: "true", effect: deny, message: b}]`)
	if d := decide(t, policy.DenyOverrides, in, a, b); d.Policy != "b" {
		t.Errorf("deny-overrides a,b: %+v", d)
	}
}

func TestFloorKey(t *testing.T) {
	if !cn.Statutory().Floor() || !cn.Platform().Floor() {
		t.Error("cn.Statutory and cn.Platform are floors")
	}
	if mustCompile(t, vipFreeFreight).Floor() {
		t.Error("a policy without floor: true is no floor")
	}
	p := mustCompile(t, "policy: f\nfloor: true\nrules: []")
	if !p.Floor() {
		t.Error("floor: true")
	}
	_, err := policy.Compile([]byte("policy: f\nfloor: yes please\n"), policy.WithFilename("f.yaml"))
	if err == nil || !strings.Contains(err.Error(), `f.yaml:2:8: floor: want true or false, got "yes please"`) {
		t.Errorf("err = %v", err)
	}
}
