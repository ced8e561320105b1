package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/policy"
)

// A trace names the first conjunct of a rule's condition that was false,
// however many there are; a condition of one part is named whole.
func TestTraceNamesTheFalseConjunct(t *testing.T) {
	p := mustCompile(t, `
policy: conj
rules:
  - id: two
    when: item.quantity > 1 && request.reason == 'x'
    effect: allow
  - id: three
    when: "item.quantity > 1 && 'vip' in customer.tags && item.sku == 'other'"
    effect: allow
  - id: one
    when: item.quantity > 5
    effect: allow
  - id: first
    when: item.quantity > 5 && item.sku == 's1'
    effect: allow
default: {effect: deny}
`, policy.WithTrace())
	in := input()
	in.Item.Quantity = 2
	d, err := p.Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`conj/two: false: request.reason == "x"`,
		`conj/three: false: item.sku == "other"`,
		`conj/one: false: item.quantity > 5`,
		`conj/first: false: item.quantity > 5`,
		`conj/default: matched`,
	}
	if len(d.Trace) != len(want) {
		t.Fatalf("trace %v, want %d steps", d.Trace, len(want))
	}
	for i, s := range d.Trace {
		if s.String() != want[i] {
			t.Errorf("step %d = %q, want %q", i, s, want[i])
		}
	}
}

// A failing variable is named in the error, as the first thing that failed.
func TestVariableErrorIsNamed(t *testing.T) {
	p := mustCompile(t, `
policy: vars
variables:
  ratio: div(item.paid, item.price, 2)
  other: div(item.price, item.paid, 2)
rules:
  - id: r
    when: ratio > 0 && other >= 0
    effect: allow
default: {effect: deny}
`)
	in := input()
	in.Item.Price = in.Item.Price.Sub(in.Item.Price)
	_, err := p.Decide(context.Background(), in)
	var ee *policy.EvalError
	if !errors.As(err, &ee) || ee.Rule != "r" || ee.Field != "when" || !strings.HasPrefix(ee.Err.Error(), "variable ratio: ") {
		t.Errorf("error %v, want an EvalError in r.when naming variable ratio", err)
	}
}

// A rule without outputs decides with no Outputs map at all.
func TestNoOutputsIsNil(t *testing.T) {
	p := mustCompile(t, "policy: x\nrules:\n  - {id: r, when: 'true', effect: allow, message: hi}\ndefault: {effect: deny}\n")
	d, err := p.Decide(context.Background(), input())
	if err != nil || d.Outputs != nil || d.Message != "hi" {
		t.Errorf("decision %+v, %v; want message hi and nil Outputs", d, err)
	}
}

// The default zone is the real Asia/Shanghai, which kept summer time from
// 1986 to 1991: 1 June 1988 began at 15:00 UTC, not 16:00.
func TestDefaultZoneIsShanghai(t *testing.T) {
	p := mustCompile(t, "policy: old\neffective: {from: 1988-06-01}\nrules: []\ndefault: {effect: deny}\n")
	start := time.Date(1988, 5, 31, 15, 0, 0, 0, time.UTC)
	if !p.InEffect(start) || p.InEffect(start.Add(-time.Nanosecond)) {
		t.Errorf("1988-06-01 in Shanghai should begin at %v", start)
	}
}

// YAML syntax errors: the line the YAML library names, column 1; none when
// it names none (its errors on the first line).
func TestYAMLErrorPositions(t *testing.T) {
	for _, tt := range []struct {
		src       string
		line, col int
	}{
		{"policy: x\nrules: [\n", 2, 1},
		{"\"", 0, 0},
	} {
		_, err := policy.Compile([]byte(tt.src))
		list := errorsOf(t, err)
		if len(list) != 1 || list[0].Line != tt.line || list[0].Column != tt.col {
			t.Errorf("Compile(%q): %v at %d:%d, want %d:%d", tt.src, err, list[0].Line, list[0].Column, tt.line, tt.col)
		}
	}
}
