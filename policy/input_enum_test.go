package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// Issue 17, item 2: a misspelt enumeration is an *InputError naming the
// field and listing the valid values, through Policy.Decide and
// Set.Decide alike — never a silent deny.
func TestInputEnumerations(t *testing.T) {
	deciders := map[string]func(context.Context, policy.Input) (policy.Decision, error){
		"policy": cn.Statutory().Decide,
		"set":    policy.NewSet(policy.AllowOverrides, cn.Statutory(), mustCompile(t, vip)).Decide,
	}
	for _, tc := range []struct {
		name  string
		edit  func(*policy.Input)
		field string
		want  []string
	}{
		{"kind", func(in *policy.Input) { in.Request.Kind = "retrun" }, "request.kind",
			[]string{`"retrun": want "return", "exchange", "repair", "refund_only" or empty`}},
		{"kind case", func(in *policy.Input) { in.Request.Kind = "Return" }, "request.kind", []string{`"Return"`}},
		{"reason", func(in *policy.Input) { in.Request.Reason = "qualty" }, "request.reason",
			[]string{`"qualty": want "quality", "not_as_described", "damaged", "wrong_item", "counterfeit", "no_reason", "changed_mind" or empty`}},
		{"condition", func(in *policy.Input) { in.Item.Condition = "used" }, "item.condition",
			[]string{`"used": want "inspected", "damaged", "incomplete" or empty`}},
		{"quantity", func(in *policy.Input) { in.Request.Quantity = -1 }, "request.quantity", []string{"-1 is negative"}},
	} {
		for name, decide := range deciders {
			in := input()
			tc.edit(&in)
			d, err := decide(context.Background(), in)
			var ie *policy.InputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("%s/%s: %+v, %v; want an *InputError on %s", tc.name, name, d, err, tc.field)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s/%s: %q lacks %q", tc.name, name, err, w)
				}
			}
		}
	}
	// Every listed value, and "", is accepted.
	for _, k := range append(policy.Remedies(), "") {
		for _, r := range append(policy.Reasons(), "") {
			in := input()
			in.Request.Kind, in.Request.Reason = k, r
			if _, err := cn.Statutory().Decide(context.Background(), in); err != nil {
				t.Errorf("kind %q, reason %q: %v", k, r, err)
			}
		}
	}
}

// The statutory set's defect vocabulary is exactly the defect reasons.
func TestStatutoryDefectReasons(t *testing.T) {
	src := string(cn.Source())
	want := "quality: request.reason in ['" + strings.Join([]string{policy.ReasonQuality, policy.ReasonNotAsDescribed,
		policy.ReasonDamaged, policy.ReasonWrongItem, policy.ReasonCounterfeit}, "', '") + "']"
	if !strings.Contains(src, want) {
		t.Errorf("statutory.yaml does not define %s", want)
	}
}
