package policytest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
)

func TestRunPasses(t *testing.T) {
	Run(t, os.DirFS("testdata"), "pass_test.yaml", "layered_test.yaml")
}

// fakeT records what run reports instead of failing, so failures can be
// tested while the test itself stays green.
type fakeT struct {
	name string
	errs map[string][]string // by subtest path, shared by the whole tree
}

func newFakeT() *fakeT { return &fakeT{errs: map[string][]string{}} }

func (f *fakeT) Helper() {}

func (f *fakeT) Error(args ...any) { f.errs[f.name] = append(f.errs[f.name], fmt.Sprint(args...)) }

func (f *fakeT) Run(name string, fn func(reporter)) bool {
	sub := &fakeT{name: strings.TrimPrefix(f.name+"/"+name, "/"), errs: f.errs}
	fn(sub)
	return len(f.errs[sub.name]) == 0
}

func TestRunReportsFailingCase(t *testing.T) {
	f := newFakeT()
	run(f, context.Background(), os.DirFS("testdata"), "fail_test.yaml")
	if len(f.errs) != 1 {
		t.Fatalf("want failures in one subtest, got %q", f.errs)
	}
	got := f.errs["fail_test/wrong expectations"]
	if len(got) != 1 {
		t.Fatalf("want one error in fail_test/wrong expectations, got %q", f.errs)
	}
	if !strings.HasPrefix(got[0], "fail_test.yaml:9: wrong expectations\n") {
		t.Errorf("the report does not start with the case's position:\n%s", got[0])
	}
	for _, want := range []string{
		"effect                deny     allow",
		"outputs.refund        359.01   decimal 359.00",
		"got: allow return by demo-merchant/vip_return_30d",
		"trace:\n  demo-merchant/vip_return_30d: matched",
	} {
		if !strings.Contains(got[0], want) {
			t.Errorf("report lacks %q:\n%s", want, got[0])
		}
	}
}

func TestResultDiff(t *testing.T) {
	suites, err := Load(os.DirFS("testdata"), "fail_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	results := suites[0].Run(context.Background())
	if len(results) != 2 {
		t.Fatalf("want 2 results, got %d", len(results))
	}
	r := results[0]
	if r.Passed || r.Name != "wrong expectations" || r.Line != 9 || r.File != "fail_test.yaml" {
		t.Errorf("result = %+v", r)
	}
	const want = `                      want     got
effect                deny     allow
rule                  default  vip_return_30d
outputs.freight_free  false    bool true
outputs.missing       x        (not set)
outputs.refund        359.01   decimal 359.00
`
	if r.Diff != want {
		t.Errorf("diff:\n%s\nwant:\n%s", r.Diff, want)
	}
	if len(r.Trace) != 1 || !r.Trace[0].Matched || r.Trace[0].Rule != "vip_return_30d" {
		t.Errorf("trace = %v", r.Trace)
	}
	if ok := results[1]; !ok.Passed || ok.Diff != "" {
		t.Errorf("359.000 should equal 359.00: %s", ok)
	}
}

func TestBadSuiteFiles(t *testing.T) {
	tests := []struct{ file, want string }{
		{"bad/unknown_field.yaml", `bad/unknown_field.yaml:6:15: cases[0].input.order: unknown field "recieved_at" (want one of attrs, channel, freight, id, paid_at, received_at, shipped_at, total)`},
		{"bad/bad_time.yaml", `bad/bad_time.yaml:4:10: cases[0].now: want an RFC 3339 time with offset such as 2026-03-01T10:00:00+08:00, got "2026-03-20 12:00"`},
		{"bad/missing_policy.yaml", `bad/missing_policy.yaml:2:9: policy: policy file nowhere.yaml does not exist (looked for bad/nowhere.yaml)`},
		// A directory is the suite's mistake, reported at its policy line
		// (it was an error of the file "bad", found by FuzzLoad).
		{"bad/directory_policy.yaml", `bad/directory_policy.yaml:2:9: policy: policy file . is not a regular file (bad is d---------)`},
		{"bad/bad_money.yaml", `bad/bad_money.yaml:5:26: cases[0].input.item.paid: want an exact amount such as "3799.00", got "12,50"`},
		{"bad/bad_yaml.yaml", `bad/bad_yaml.yaml:2:1: did not find expected '-' indicator`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			suites, err := Load(os.DirFS("testdata"), tt.file)
			if len(suites) != 0 {
				t.Errorf("a bad file loaded: %+v", suites)
			}
			var list policy.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("want a policy.ErrorList, got %T %v", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			// Through Run, the file's subtest fails with the same message.
			f := newFakeT()
			run(f, context.Background(), os.DirFS("testdata"), tt.file)
			name := strings.TrimSuffix(strings.TrimPrefix(tt.file, "bad/"), ".yaml")
			if got := f.errs[name]; len(got) != 1 || got[0] != tt.want {
				t.Errorf("run reported %q", f.errs)
			}
		})
	}
}

// policyFS is a file system with one small policy, for inline suites.
func policyFS(suite string) fstest.MapFS {
	pol, err := os.ReadFile("testdata/merchant.yaml")
	if err != nil {
		panic(err)
	}
	return fstest.MapFS{
		"p/merchant.yaml":   {Data: pol},
		"p/suite_test.yaml": {Data: []byte(suite)},
	}
}

func TestSuiteErrors(t *testing.T) {
	const cases = `
cases:
  - name: a
    now: 2026-03-20T12:00:00+08:00
    expect: {effect: allow}
`
	tests := []struct{ name, src, want string }{
		{"no policy", cases[1:], `p/suite_test.yaml:1:1: policy: missing policy: a policy file relative to the suite, or "cn:statutory"`},
		{"both", "policy: merchant.yaml\npolicies: [merchant.yaml]" + cases, `p/suite_test.yaml:2:1: policies: give either policy or policies, not both`},
		{"unknown built-in", "policy: cn:merchant" + cases, `p/suite_test.yaml:1:9: policy: unknown built-in policy "cn:merchant" (want "cn:statutory" or "cn:platform")`},
		{"outside", "policy: ../../x.yaml" + cases, `p/suite_test.yaml:1:9: policy: policy file "../../x.yaml" is outside the file system of the suite`},
		{"combine", "policy: merchant.yaml\ncombine: best" + cases, `p/suite_test.yaml:2:10: combine: unknown combining algorithm "best" (want first-applicable, allow-overrides or deny-overrides)`},
		{"no cases", "policy: merchant.yaml\ncases: []", `p/suite_test.yaml:2:8: cases: want a list of cases, got a list`},
		{"duplicate names", "policy: merchant.yaml\nnow: 2026-03-20T12:00:00+08:00\ncases:\n  - {name: a, expect: {}}\n  - {name: a, expect: {}}",
			`p/suite_test.yaml:5:5: cases[1].name: duplicate case name "a" (also on line 4)`},
		{"missing now", "policy: merchant.yaml\ncases:\n  - {name: a, expect: {effect: allow}}",
			`p/suite_test.yaml:3:5: cases[0].now: missing now (give it in the case or for the whole suite)`},
		{"missing name and expect", "policy: merchant.yaml\ncases:\n  - {now: 2026-03-20T12:00:00+08:00}",
			"p/suite_test.yaml:3:5: cases[0].name: missing case name\np/suite_test.yaml:3:5: cases[0].expect: missing expect"},
		{"bad effect", "policy: merchant.yaml\nnow: 2026-03-20T12:00:00+08:00\ncases:\n  - {name: a, expect: {effect: alow, remedy: refund}}",
			"p/suite_test.yaml:4:32: cases[0].expect.effect: unknown effect \"alow\" (want allow, deny or review)\n" +
				"p/suite_test.yaml:4:46: cases[0].expect.remedy: unknown remedy \"refund\" (want return, exchange, repair, refund_only or \"\")"},
		{"bad kind and int", "policy: merchant.yaml\nnow: 2026-03-20T12:00:00+08:00\ninput: {request: {kind: refund}, item: {warranty_days: 1.5}}\ncases:\n  - {name: a, expect: {}}",
			"p/suite_test.yaml:3:25: input.request.kind: unknown kind \"refund\" (want return, exchange, repair or refund_only)\n" +
				"p/suite_test.yaml:3:56: input.item.warranty_days: want a whole number, got \"1.5\""},
		{"duplicate key", "policy: merchant.yaml\nnow: 2026-03-20T12:00:00+08:00\ncases:\n  - {name: a, input: {item: {paid: 1, paid: 2}}, expect: {}}",
			`p/suite_test.yaml:4:39: duplicate key "paid" (first on line 4)`},
		{"merge key", "policy: merchant.yaml\nnow: 2026-03-20T12:00:00+08:00\ninput: {customer: {attrs: &b {vip: true}}}\ncases:\n  - {name: a, input: {order: {attrs: {<<: *b}}}, expect: {}}",
			`p/suite_test.yaml:5:39: merge keys (<<) are not supported`},
		{"tag", "policy: merchant.yaml\nnow: !!timestamp 2026-03-20T12:00:00+08:00\ncases:\n  - {name: a, expect: {}}",
			`p/suite_test.yaml:2:6: explicit YAML tag !!timestamp is not supported`},
		{"two documents", "policy: merchant.yaml" + cases + "---\npolicy: x\n", `p/suite_test.yaml:6:1: a suite file holds one YAML document; found another`},
		{"empty", "", `p/suite_test.yaml: empty suite file`},
		{"policy errors", "policy: broken.yaml" + cases, `p/broken.yaml:3:23: rule r: when: undefined field 'prise'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := policyFS(tt.src)
			fsys["p/broken.yaml"] = &fstest.MapFile{Data: []byte("policy: broken\nrules:\n  - {id: r, when: item.prise > 1, effect: allow}\n")}
			_, err := Load(fsys, "p/*_test.yaml")
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestNoFilesMatch(t *testing.T) {
	_, err := Load(os.DirFS("testdata"), "nothing/*.yaml")
	if err == nil || err.Error() != "nothing/*.yaml: no suite files match" {
		t.Errorf("err = %v", err)
	}
	f := newFakeT()
	run(f, context.Background(), os.DirFS("testdata"))
	if got := f.errs[""]; len(got) != 1 || !strings.Contains(got[0], "no suite file patterns") {
		t.Errorf("run without patterns reported %q", f.errs)
	}
}

// Money is read from its text, never through float64, and attrs keep
// exact decimals and ints.
func TestExactInput(t *testing.T) {
	suites, err := Load(policyFS(`
policy: merchant.yaml
now: 2026-03-20T12:00:00Z
input:
  item: {paid: 1234567890.123456789012, price: "0.10", tags: [a, b]}
  order: {total: 0.3, attrs: {fee: 0.1, n: 7, ok: true, note: hi, at: 2026-03-01T10:00:00+08:00, list: [1, x]}}
cases:
  - name: override
    input: {item: {price: 9}, order: {total: null}}
    expect: {}
`), "p/*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := suites[0].Cases[0].Input
	if got := in.Item.Paid.String(); got != "1234567890.123456789012" {
		t.Errorf("paid = %s", got)
	}
	if !in.Item.Price.Equal(decimalOf("9")) || !in.Order.Total.IsZero() {
		t.Errorf("overlay: price %s total %s", in.Item.Price, in.Order.Total)
	}
	if got := fmt.Sprint(in.Item.Tags); got != "[a b]" {
		t.Errorf("tags = %s", got)
	}
	a := in.Order.Attrs
	if d, ok := a["fee"].(interface{ String() string }); !ok || d.String() != "0.1" {
		t.Errorf("attrs.fee = %T %v", a["fee"], a["fee"])
	}
	if a["n"] != int64(7) || a["ok"] != true || a["note"] != "hi" {
		t.Errorf("attrs = %#v", a)
	}
	if in.Now.Hour() != 12 {
		t.Errorf("now = %v", in.Now)
	}
}

func TestZeroSuite(t *testing.T) {
	r := Suite{File: "x.yaml", Cases: []Case{{Name: "a"}}}.Run(context.Background())
	if len(r) != 1 || r[0].Passed || r[0].Err == nil {
		t.Errorf("a Suite not built by Load must fail, not panic: %+v", r)
	}
}

func TestCancelled(t *testing.T) {
	suites, err := Load(os.DirFS("testdata"), "pass_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range suites[0].Run(ctx) {
		if r.Passed || !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: passed=%v err=%v", r.Name, r.Passed, r.Err)
		}
	}
}

func TestExpectError(t *testing.T) {
	suites, err := Load(policyFS(`
policy: merchant.yaml
now: 2026-03-20T12:00:00Z
cases:
  - name: wants an error that does not come
    expect: {error: cost}
`), "p/*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := suites[0].Run(context.Background())[0]
	if r.Passed || !strings.Contains(r.Diff, "error  containing cost  none") {
		t.Errorf("diff:\n%s", r.Diff)
	}
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Chinese text takes two columns a character; the diff must still line up.
func TestDiffAlignsChinese(t *testing.T) {
	suites, err := Load(policyFS(`
policy: cn:statutory
now: 2026-03-20T12:00:00+08:00
cases:
  - name: wrong message
    expect: {effect: deny, rule: not_yet_received, message: 超出期限}
`), "p/*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := suites[0].Run(context.Background())[0]
	const want = `         want              got
rule     not_yet_received  default
message  超出期限          不符合法定退换货条件：已超出售后期限，或不属于法定退换货情形
`
	if r.Diff != want {
		t.Errorf("diff:\n%s\nwant:\n%s", r.Diff, want)
	}
}

// A policy out of effect is skipped by a set, and the trace says so.
func TestTraceSkippedPolicy(t *testing.T) {
	fsys := policyFS(`
policies: [old.yaml, merchant.yaml]
now: 2026-03-20T12:00:00+08:00
cases:
  - name: old policy skipped
    expect: {effect: allow, policy: old}
`)
	fsys["p/old.yaml"] = &fstest.MapFile{Data: []byte("policy: old\neffective: {until: 2025-12-31}\nrules: [{id: r, when: 'true', effect: allow}]\n")}
	suites, err := Load(fsys, "p/*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := suites[0].Run(context.Background())[0]
	if r.Passed {
		t.Fatal("a policy out of effect decided")
	}
	if want := "trace:\n  old: not in effect at 2026-03-20 12:00\n  demo-merchant/vip_return_30d: false:"; !strings.Contains(r.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, r)
	}
}
