package policytest

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
)

// Result is the outcome of one case.
type Result struct {
	File   string // the suite file
	Name   string // the case name
	Line   int    // line of the case in File
	Passed bool
	// Diff lists what differs, one field a line with the expected and the
	// actual value; it is empty when the case passed.
	Diff     string
	Decision policy.Decision
	Err      error         // the error Decide returned, if any
	Trace    []policy.Step // every rule tried, in order
}

// String is the report of a case: a header, the diff for a failure, the
// decision and the trace — what a policy author needs to see why.
func (r Result) String() string {
	var b strings.Builder
	status := "ok"
	if !r.Passed {
		status = "FAIL"
	}
	fmt.Fprintf(&b, "%s: %s:%d: %s\n", status, r.File, r.Line, r.Name)
	if r.Diff != "" {
		b.WriteString(r.Diff)
	}
	if r.Err != nil {
		fmt.Fprintf(&b, "error: %v\n", r.Err)
	} else {
		b.WriteString("got: ")
		b.WriteString(describe(r.Decision))
		b.WriteByte('\n')
	}
	if len(r.Trace) > 0 {
		b.WriteString("trace:\n")
		for _, s := range r.Trace {
			if s.Rule == "" {
				// A policy skipped as a whole (not in effect) has no rule;
				// Step.String would print "id/: …".
				fmt.Fprintf(&b, "  %s: %s\n", s.Policy, s.Reason)
				continue
			}
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	return b.String()
}

// Run decides every case of the suite, in order, and compares each decision
// with what the case expects. A cancelled ctx fails the remaining cases.
func (s Suite) Run(ctx context.Context) []Result {
	out := make([]Result, len(s.Cases))
	for i, c := range s.Cases {
		out[i] = s.runCase(ctx, c)
	}
	return out
}

func (s Suite) runCase(ctx context.Context, c Case) Result {
	r := Result{File: s.File, Name: c.Name, Line: c.Line}
	if s.decider == nil {
		r.Err = fmt.Errorf("policytest: suite %s has no compiled policy (build suites with Load)", s.File)
		r.Diff = "error: want none, got " + r.Err.Error() + "\n"
		return r
	}
	d, err := s.decider.Decide(ctx, c.Input)
	r.Decision, r.Err, r.Trace = d, err, d.Trace
	r.Diff = diff(c.Expect, d, err)
	r.Passed = r.Diff == ""
	return r
}

// diff renders, as an aligned table, every expected field that the decision
// does not have.
func diff(e Expect, d policy.Decision, err error) string {
	var rows [][3]string
	add := func(field, want, got string) { rows = append(rows, [3]string{field, want, got}) }
	if e.Error != nil {
		switch {
		case err == nil:
			add("error", "containing "+quote(*e.Error), "none")
		case !strings.Contains(err.Error(), *e.Error):
			add("error", "containing "+quote(*e.Error), quote(err.Error()))
		}
	} else if err != nil {
		add("error", "none", quote(err.Error()))
	}
	if err == nil {
		str := func(field string, want *string, got string) {
			if want != nil && *want != got {
				add(field, quote(*want), quote(got))
			}
		}
		if e.Effect != nil {
			str("effect", (*string)(e.Effect), string(d.Effect))
		}
		if e.Remedy != nil {
			str("remedy", (*string)(e.Remedy), string(d.Remedy))
		}
		str("policy", e.Policy, d.Policy)
		str("rule", e.Rule, d.Rule)
		str("message", e.Message, d.Message)
		str("cite", e.Cite, d.Cite)
		for _, name := range sortedKeys(e.Outputs) {
			want := e.Outputs[name]
			got, ok := d.Outputs[name]
			switch {
			case !ok:
				add("outputs."+name, quote(want), "(not set)")
			case !sameValue(want, got):
				add("outputs."+name, quote(want), formatValue(got))
			}
		}
		for _, name := range e.Absent {
			if got, ok := d.Outputs[name]; ok {
				add("outputs."+name, "(not set)", formatValue(got))
			}
		}
	}
	if len(rows) == 0 {
		return ""
	}
	rows = append([][3]string{{"", "want", "got"}}, rows...)
	// Columns are padded by display width, not bytes or runes, so that
	// Chinese messages (two columns a character) still line up.
	var w [2]int
	for _, r := range rows {
		w[0], w[1] = max(w[0], width(r[0])), max(w[1], width(r[1]))
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r[0])
		b.WriteString(strings.Repeat(" ", w[0]-width(r[0])+2))
		b.WriteString(r[1])
		b.WriteString(strings.Repeat(" ", w[1]-width(r[1])+2))
		b.WriteString(r[2])
		b.WriteByte('\n')
	}
	return b.String()
}

// width is the display width of s in a terminal: East Asian wide and
// full-width characters take two columns.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, // CJK radicals … Yi
		r >= 0xAC00 && r <= 0xD7A3,                // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,                // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,                // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60,                // full-width forms (，（）)
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// sameValue compares an expected value, as written, with an output by the
// output's type, so that "10" equals a decimal 10.00 and "true" a bool.
func sameValue(want string, got any) bool {
	switch g := got.(type) {
	case decimal.Decimal:
		w, err := decimal.NewFromString(want)
		return err == nil && w.Equal(g)
	case string:
		return want == g
	case bool:
		w, err := strconv.ParseBool(want)
		return err == nil && w == g
	case int64:
		w, err := decimal.NewFromString(want)
		return err == nil && w.Equal(decimal.NewFromInt(g))
	case uint64:
		w, err := decimal.NewFromString(want)
		return err == nil && w.Equal(decimal.NewFromUint64(g))
	case float64:
		w, err := strconv.ParseFloat(want, 64)
		return err == nil && w == g
	case time.Time:
		w, err := time.Parse(time.RFC3339Nano, want)
		return err == nil && w.Equal(g)
	case time.Duration:
		w, err := time.ParseDuration(want)
		return err == nil && w == g
	}
	return want == fmt.Sprint(got)
}

// formatValue renders an actual output with its type where that helps.
func formatValue(v any) string {
	switch x := v.(type) {
	case decimal.Decimal:
		return "decimal " + x.StringFixed(max(0, -x.Exponent()))
	case string:
		return quote(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%T %v", v, v)
}

// describe is a decision on one line: effect, remedy, policy/rule, message,
// cite and outputs.
func describe(d policy.Decision) string {
	var b strings.Builder
	b.WriteString(string(d.Effect))
	if d.Remedy != "" {
		b.WriteString(" " + string(d.Remedy))
	}
	fmt.Fprintf(&b, " by %s/%s", d.Policy, d.Rule)
	if d.Message != "" {
		fmt.Fprintf(&b, " %s", quote(d.Message))
	}
	if d.Cite != "" {
		fmt.Fprintf(&b, " [%s]", d.Cite)
	}
	for _, name := range sortedKeys(d.Outputs) {
		fmt.Fprintf(&b, " %s=%s", name, formatValue(d.Outputs[name]))
	}
	return b.String()
}

// quote quotes only when needed, so the usual identifiers read plainly.
func quote(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"'") {
		return strconv.Quote(s)
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Run runs the suite files of fsys matching the patterns as subtests of t:
// one per file, named after it, and one per case inside. A failing case
// reports, first, the case's file:line in the suite and its name, then the
// diff and the trace; a problem in a file (bad YAML, unknown field, missing
// policy) fails that file's subtest with file:line:col. Run and its
// subtests are test helpers, so go test attributes every failure to the
// line that called Run, not to this package.
//
//	func TestReturns(t *testing.T) {
//		policytest.Run(t, os.DirFS("."), "testdata/*.yaml")
//	}
func Run(t *testing.T, fsys fs.FS, patterns ...string) {
	t.Helper()
	run(testingT{t}, t.Context(), fsys, patterns...)
}

// reporter is the part of *testing.T that run uses, so the package's own
// tests can watch failures without failing.
type reporter interface {
	Helper()
	Error(args ...any)
	Run(name string, f func(reporter)) bool
}

type testingT struct{ *testing.T }

func (t testingT) Run(name string, f func(reporter)) bool {
	t.Helper()
	return t.T.Run(name, func(t *testing.T) {
		t.Helper()
		f(testingT{t})
	})
}

func run(t reporter, ctx context.Context, fsys fs.FS, patterns ...string) {
	t.Helper()
	l := newLoader(fsys)
	files, errs := l.files(patterns)
	for _, e := range errs {
		t.Error(e)
	}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), path.Ext(file))
		t.Run(name, func(t reporter) {
			t.Helper()
			s, errs := l.load(file)
			for _, e := range errs {
				t.Error(e)
			}
			if errs != nil {
				return
			}
			for _, c := range s.Cases {
				t.Run(c.Name, func(t reporter) {
					t.Helper()
					if r := s.runCase(ctx, c); !r.Passed {
						t.Error(failure(r))
					}
				})
			}
		})
	}
}

// failure is the report of a failed case for go test: the case's position
// in the suite first, where go test prints it after the caller's file:line
// (merchant_test.go:12: merchant-returns_test.yaml:39: VIP on day 8), then
// the diff, the decision and the trace.
func failure(r Result) string {
	report := r.String()
	if i := strings.IndexByte(report, '\n'); i >= 0 {
		report = report[i+1:] // the header, said first below
	}
	return fmt.Sprintf("%s:%d: %s\n%s", r.File, r.Line, r.Name, report)
}
