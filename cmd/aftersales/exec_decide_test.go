package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildCLI builds the aftersales binary into a temporary directory, for
// tests that run the CLI as a user does.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "aftersales")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// execCLI runs the built binary and returns its exit status and output.
func execCLI(t *testing.T, bin, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// Issue 17, item 1: the README's order (the law first, the merchant on
// top) gives the VIP on day 3 the merchant's free return freight — and so
// does the other order.
func TestExecDecideLayering(t *testing.T) {
	bin := buildCLI(t)
	for _, order := range [][]string{
		{"-policy", "cn:statutory", "-policy", "testdata/layering/merchant.yaml"},
		{"-policy", "testdata/layering/merchant.yaml", "-policy", "cn:statutory"},
	} {
		args := append(append([]string{"decide"}, order...), "-input", "testdata/layering/vip_day3.json")
		code, out, errOut := execCLI(t, bin, "", args...)
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
	bin := buildCLI(t)
	for _, tc := range []struct{ input, want string }{
		{`{"request":{"kind":"retrun","reason":"no_reason"},"order":{"received_at":"2026-03-01T10:00:00+08:00"},"now":"2026-03-03T10:00:00+08:00"}`,
			`invalid input: policy: input request.kind: "retrun": want "return", "exchange", "repair", "refund_only" or empty`},
		{`{"request":{"kind":"return","reason":"qualty"},"order":{"received_at":"2026-03-01T10:00:00+08:00"},"now":"2026-03-03T10:00:00+08:00"}`,
			`request.reason: "qualty": want "quality", `},
	} {
		code, out, errOut := execCLI(t, bin, tc.input, "decide")
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, tc.want)
		}
	}
}
