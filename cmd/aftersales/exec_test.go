package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the aftersales command built once by TestMain, so the issue-17
// tests run what a user runs: exit status, stdout and stderr of a process.
var binary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	// A childtest child re-runs one test that does not need the binary.
	if os.Getenv("AFTERSALES_CHILDTEST") == "" {
		dir, err := os.MkdirTemp("", "aftersales-cli-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "aftersales")
		if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// execCLI runs the built binary and returns its exit status, stdout and stderr.
func execCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if binary == "" {
		t.Fatal("the aftersales binary was not built")
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%v: %v", args, err)
		}
		code = exit.ExitCode()
	}
	if strings.Contains(errOut.String(), "goroutine ") {
		t.Errorf("%v: stack trace on stderr:\n%s", args, errOut.String())
	}
	return code, out.String(), errOut.String()
}

// Issue 17, item 4: refund prints money with the currency's minor digits,
// as text and as JSON.
func TestExecRefundMoneyDigits(t *testing.T) {
	code, out, errOut := execCLI(t, "", "refund", "-order", "testdata/order.json", "-return", "shirt:2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"price": "198.00"`, `"freight": "-10.00"`, `threshold 199.00: freight 10.00 deducted`} {
		if !strings.Contains(out, want) {
			t.Errorf("refund -json lacks %s:\n%s", want, out)
		}
	}
	code, out, errOut = execCLI(t, "", "refund", "-order", "testdata/order.json", "-return", "shirt:2", "-defect", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"price": "198.00"`, `"freight": "0.00"`} {
		if !strings.Contains(out, want) {
			t.Errorf("refund -json lacks %s:\n%s", want, out)
		}
	}
	code, out, errOut = execCLI(t, "", "refund", "-order", "testdata/order.json", "-return", "shirt:2")
	if code != 0 || !strings.Contains(out, "198.00") || !strings.Contains(out, "goods") {
		t.Errorf("text: exit %d\n%s%s", code, out, errOut)
	}
}

// Issue 17, item 4: a decision's money output keeps its places.
func TestExecDecideMoneyDigits(t *testing.T) {
	in := `{"request":{"kind":"return","reason":"quality"},"order":{"received_at":"2026-03-01T10:00:00+08:00"},
		"item":{"price":"359","paid":"359"},"now":"2026-03-04T10:00:00+08:00"}`
	code, out, errOut := execCLI(t, in, "decide")
	if code != 0 || !strings.Contains(out, `"refund": "359.00"`) {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// Issue 17, item 5: durations in JSON are Go duration strings.
func TestExecDeadlineDurations(t *testing.T) {
	code, out, errOut := execCLI(t, "", "deadline", "-level", "2", "-opened", "2026-09-30T17:00:00+08:00", "-now", "2026-10-20T17:00:00+08:00", "-json")
	if code != 0 || !strings.Contains(out, `"remaining": "-`) || strings.Contains(out, `"remaining": -`) {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// Issue 17, item 6: exit 2 for usage and input errors, help on standard
// output with exit 0, each command's flags in its help, one name per
// option, problems in file:line:col order.
func TestExecConventions(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"lint", "nonexist.yaml"}, 2},
		{[]string{"lint", "testdata/bad.yaml", "nonexist.yaml"}, 2},
		{[]string{"lint"}, 2},
		{[]string{"test", "/nonexistent"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"help", "frobnicate"}, 2},
		{[]string{}, 2},
		{[]string{"decide", "-combine", "first", "-input", "testdata/day20.json"}, 2},
		{[]string{"refund", "-nope"}, 2},
		{[]string{"lint", "testdata/bad.yaml"}, 1},
	} {
		code, out, errOut := execCLI(t, "", c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.code, out, errOut)
		}
		if code == 2 && errOut == "" {
			t.Errorf("%v: exit 2 with nothing on stderr", c.args)
		}
	}

	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errOut := execCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage: aftersales COMMAND") || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	for name := range commands() {
		for _, args := range [][]string{{"help", name}, {name, "-h"}, {name, "--help"}} {
			code, out, errOut := execCLI(t, "", args...)
			if code != 0 || errOut != "" || !strings.Contains(out, "usage: aftersales "+name) ||
				!strings.Contains(out, "flags:\n  ") || !strings.Contains(out, "example:") {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
			}
		}
	}
	if _, out, _ := execCLI(t, "", "help", "lint"); !strings.Contains(out, "flags:\n  none") {
		t.Errorf("help lint: %q", out)
	}
	if _, out, _ := execCLI(t, "", "help", "decide"); !strings.Contains(out, "-combine") || !strings.Contains(out, "first-applicable") {
		t.Errorf("help decide: %q", out)
	}
	code, out, errOut := execCLI(t, "", "decide", "-combine", "first-applicable", "-policy", "testdata/merchant.yaml", "-policy", "cn:statutory", "-input", "testdata/day20.json")
	if code != 0 || !strings.Contains(out, `"rule": "vip_return_30d"`) {
		t.Errorf("-combine first-applicable: exit %d\n%s%s", code, out, errOut)
	}
}

func TestExecLintSortedAndTemplates(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "order.yaml")
	src := "policy: order\ndefault: {effect: nope}\nvariables:\n  d: item.prise\nrules:\n  - id: a\n    when: item.nope\n    effect: alow\n    message: \"x ${oops\"\n    cite: \"${item.paid}\"\n  - id: b\n    when: true\n    effect: allow\n    message: \"paid ${item.prise}\"\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := execCLI(t, "", "lint", file, "testdata/bad.yaml")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		file + ":2:19: ", file + ":4:10: ", file + ":7:15: ", file + ":8:13: ",
		file + ":9:17: rule a: message: unclosed ${",
		file + ":14:26: rule b: message: undefined field 'prise'",
		"testdata/bad.yaml:4:15: ", "testdata/bad.yaml:5:13: ", "testdata/bad.yaml:6:5: ",
	}
	if file > "testdata" {
		want = append(want[6:], want[:6]...)
	}
	if len(lines) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d: %q, want it to start %q\n%s", i, lines[i], w, out)
		}
	}
}
