package policytest_test

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy/policytest"
)

const callerChild = "AFTERSALES_POLICYTEST_CALLER_CHILD"

// Issue 17, item 9: a failing case is reported by go test at the line that
// called policytest.Run (t.Helper all the way down), and the report starts
// with the case's file:line in the suite — not at run.go.
func TestRunReportsAtCaller(t *testing.T) {
	if os.Getenv(callerChild) == "1" {
		policytest.Run(t, os.DirFS("testdata"), "fail_test.yaml") // the line reported
		return
	}
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	_, file, _, _ := runtime.Caller(0)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	runLine := 0 // the line of policytest.Run above
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, "// the line reported") {
			runLine = i + 1
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunReportsAtCaller$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), callerChild+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child passed a failing suite:\n%s", out)
	}
	want := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(baseName(file)+":"+strconv.Itoa(runLine)) +
		`: fail_test\.yaml:9: wrong expectations$`)
	if !want.Match(out) {
		t.Errorf("output lacks %s:\n%s", want, out)
	}
	if strings.Contains(string(out), "run.go:") {
		t.Errorf("a failure is attributed to run.go:\n%s", out)
	}
}

func baseName(p string) string { return p[strings.LastIndexAny(p, `/\`)+1:] }
