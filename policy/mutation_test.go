package policy_test

// Load's and LoadWith's error paths and the evaluation errors of outputs and
// messages: each test asserts the exact error a user would see.

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/aftersales-go/aftersales/policy"
)

func policyFile(id string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("policy: " + id + "\nrules:\n  - {id: r, when: 'item.quantity > 1', effect: allow}\ndefault: {effect: deny}\n")}
}

// errorsOf returns the *policy.Error list of err, failing if it is not one.
func errorsOf(t *testing.T, err error) policy.ErrorList {
	t.Helper()
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T %v, want a policy.ErrorList", err, err)
	}
	return list
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml":       policyFile("one"),
		"b.yaml":       policyFile("two"),
		"dup/c.yaml":   policyFile("one"),
		"bad/x.yaml":   {Data: []byte("policy: x\nrules: [{id: r, when: 'nope', effect: allow}]\n")},
		"other/d.yaml": policyFile("three"),
	}
	for _, tt := range []struct {
		name     string
		patterns []string
		want     []policy.Error // File, Line, Column, Policy and Msg compared
	}{
		{"bad glob", []string{"["}, []policy.Error{{File: "[", Msg: "syntax error in pattern"}}},
		{"no files match", []string{"*.yml"}, []policy.Error{{File: "*.yml", Msg: "no files match"}}},
		{"one id in two files", []string{"*.yaml", "dup/*.yaml"},
			[]policy.Error{{File: "dup/c.yaml", Policy: "one", Msg: `policy "one" is also defined in a.yaml`}}},
		{"a compile error names its file", []string{"bad/*.yaml"},
			[]policy.Error{{File: "bad/x.yaml", Line: 2, Column: 24, Policy: "x", Msg: "undeclared reference to 'nope'"}}},
		{"every problem at once", []string{"[", "*.yml", "bad/*.yaml"}, []policy.Error{
			{File: "[", Msg: "syntax error in pattern"},
			{File: "*.yml", Msg: "no files match"},
			{File: "bad/x.yaml", Line: 2, Column: 24, Policy: "x", Msg: "undeclared reference to 'nope'"},
		}},
	} {
		ps, err := policy.Load(fsys, tt.patterns...)
		if ps != nil || err == nil {
			t.Errorf("%s: Load returned %d policies, error %v", tt.name, len(ps), err)
			continue
		}
		list := errorsOf(t, err)
		if len(list) != len(tt.want) {
			t.Errorf("%s: %d errors, want %d:\n%v", tt.name, len(list), len(tt.want), err)
			continue
		}
		for i, e := range list {
			w := tt.want[i]
			if e.File != w.File || e.Line != w.Line || e.Column != w.Column || e.Policy != w.Policy || e.Msg != w.Msg {
				t.Errorf("%s: error %d = %+v\nwant %+v", tt.name, i, *e, w)
			}
		}
	}

	// A directory matched by a pattern cannot be read.
	_, err := policy.Load(fstest.MapFS{"dir.yaml/f": {Data: []byte("x")}}, "dir.yaml")
	if list := errorsOf(t, err); len(list) != 1 || list[0].File != "dir.yaml" || list[0].Msg == "" {
		t.Errorf("reading a directory: %v", err)
	}

	// What loads comes in pattern order, then file order.
	ps, err := policy.Load(fsys, "other/*.yaml", "*.yaml")
	if err != nil || len(ps) != 3 || ps[0].ID() != "three" || ps[1].ID() != "one" || ps[2].ID() != "two" {
		t.Errorf("Load = %v, %v; want three, one, two", ps, err)
	}
}

// LoadWith applies its options to every policy it loads.
func TestLoadWithOptions(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": policyFile("one"), "b.yaml": policyFile("two")}
	ps, err := policy.LoadWith(fsys, []policy.Option{policy.WithTrace()}, "*.yaml")
	if err != nil || len(ps) != 2 {
		t.Fatalf("LoadWith = %v, %v", ps, err)
	}
	in := input()
	in.Item.Quantity = 2
	for _, p := range ps {
		d, err := p.Decide(context.Background(), in)
		if err != nil || d.Effect != policy.Allow || len(d.Trace) != 1 || d.Trace[0].Rule != "r" || !d.Trace[0].Matched {
			t.Errorf("%s: %+v, %v; want allow by r with a one-step trace", p.ID(), d, err)
		}
	}
	// Without the option there is no trace; the file name is still known.
	ps, _ = policy.Load(fsys, "a.yaml")
	if d, _ := ps[0].Decide(context.Background(), in); d.Trace != nil {
		t.Errorf("Load without WithTrace: trace %v", d.Trace)
	}
	_, err = policy.LoadWith(fstest.MapFS{"a.yaml": {Data: []byte("policy: a\nrules: x\n")}}, []policy.Option{policy.WithTrace()}, "a.yaml")
	if list := errorsOf(t, err); len(list) != 1 || list[0].File != "a.yaml" || list[0].Line != 2 {
		t.Errorf("LoadWith compile error: %v", err)
	}
}

// An output or message that fails to evaluate makes Decide fail with an
// EvalError naming the rule and the field, not a partial decision.
func TestOutputAndMessageEvaluationErrors(t *testing.T) {
	p := mustCompile(t, `
policy: outs
variables:
  ratio: div(item.paid, item.price, 2)
rules:
  - id: out
    when: item.quantity == 1
    effect: allow
    outputs:
      ok: item.paid
      share: div(item.paid, item.price, 2)
  - id: via_variable
    when: item.quantity == 2
    effect: allow
    outputs:
      r: ratio
  - id: msg
    when: item.quantity == 3
    effect: deny
    message: "share ${div(item.paid, item.price, 2)}"
default: {effect: deny}
`)
	for _, tt := range []struct {
		qty   int
		rule  string
		field string
	}{
		{1, "out", "outputs.share"},
		{2, "via_variable", "outputs.r"},
		{3, "msg", "message"},
	} {
		in := input()
		in.Item.Quantity = tt.qty
		in.Item.Price = in.Item.Price.Sub(in.Item.Price) // zero: division by zero
		d, err := p.Decide(context.Background(), in)
		var ee *policy.EvalError
		if !errors.As(err, &ee) || ee.Policy != "outs" || ee.Rule != tt.rule || ee.Field != tt.field {
			t.Errorf("quantity %d: %+v, %v; want an EvalError in %s.%s", tt.qty, d, err, tt.rule, tt.field)
			continue
		}
		if d.Effect != "" || d.Outputs != nil {
			t.Errorf("quantity %d: a failed decision carries %+v", tt.qty, d)
		}
		if want := "policy outs: rule " + tt.rule + ": " + tt.field + ": "; len(err.Error()) <= len(want) || err.Error()[:len(want)] != want {
			t.Errorf("quantity %d: message %q, want it to start %q", tt.qty, err, want)
		}
	}
	// With a non-zero price the same rules decide.
	in := input()
	in.Item.Quantity = 1
	d, err := p.Decide(context.Background(), in)
	if err != nil || d.Rule != "out" || d.Outputs["share"] == nil || len(d.Outputs) != 2 {
		t.Errorf("decides: %+v, %v", d, err)
	}
}
