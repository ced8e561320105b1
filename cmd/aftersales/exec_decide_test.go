package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Issue 17, item 1: the README's order (the law first, the merchant on
// top) gives the VIP on day 3 the merchant's free return freight — and so
// does the other order.
func TestExecDecideLayering(t *testing.T) {
	for _, order := range [][]string{
		{"-policy", "cn:statutory", "-policy", "testdata/layering/merchant.yaml"},
		{"-policy", "testdata/layering/merchant.yaml", "-policy", "cn:statutory"},
	} {
		args := append(append([]string{"decide"}, order...), "-input", "testdata/layering/vip_day3.json")
		code, out, errOut := execCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var d struct {
			Effect, Policy, Rule string
			Outputs              map[string]any
		}
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		if d.Effect != "allow" || d.Policy != "merchant-vip" || d.Rule != "vip_return_30d" || d.Outputs["freight_payer"] != "merchant" {
			t.Errorf("%v: %s", args, out)
		}
	}
}

// Issue 17, item 2: a misspelt request kind or reason is an input error
// (exit 2) listing the valid values, not a silent deny.
func TestExecDecideMisspelt(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{`{"request":{"kind":"retrun","reason":"no_reason"},"order":{"received_at":"2026-03-01T10:00:00+08:00"},"now":"2026-03-03T10:00:00+08:00"}`,
			`invalid input: policy: input request.kind: "retrun": want "return", "exchange", "repair", "refund_only" or empty`},
		{`{"request":{"kind":"return","reason":"qualty"},"order":{"received_at":"2026-03-01T10:00:00+08:00"},"now":"2026-03-03T10:00:00+08:00"}`,
			`request.reason: "qualty": want "quality", `},
	} {
		code, out, errOut := execCLI(t, tc.input, "decide")
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, tc.want)
		}
	}
}
