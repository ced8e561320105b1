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
