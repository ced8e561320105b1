package policy_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// Issue 17, items 4 and 5: decimal outputs keep the yuan's two places and
// durations are Go duration strings.
func TestDecisionJSONMoneyAndDurations(t *testing.T) {
	d := policy.Decision{Effect: policy.Allow, Policy: "p", Rule: "r", Outputs: map[string]any{
		"refund": decimal.RequireFromString("359"), "rate": decimal.RequireFromString("0.125"),
		"zero": decimal.Zero, "wait": 72 * time.Hour, "n": int64(7),
		"list": []any{decimal.RequireFromString("1.5")}, "map": map[string]any{"fee": decimal.RequireFromString("8")},
	}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"refund":"359.00"`, `"rate":"0.125"`, `"zero":"0.00"`, `"wait":"72h0m0s"`, `"n":7`,
		`"list":["1.50"]`, `"map":{"fee":"8.00"}`, `"effect":"allow"`, `"rule":"r"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	if _, ok := d.Outputs["refund"].(decimal.Decimal); !ok {
		t.Error("MarshalJSON changed the decision's outputs")
	}

	in := policy.Input{Request: policy.Request{Kind: policy.Return, Reason: "quality"},
		Order: policy.Order{ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
		Item:  policy.Item{Price: decimal.RequireFromString("359"), Paid: decimal.RequireFromString("359")},
		Now:   time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	dec, err := cn.Statutory().Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(dec)
	if !strings.Contains(string(out), `"refund":"359.00"`) {
		t.Errorf("statutory decision: %s", out)
	}
}
