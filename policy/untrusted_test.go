package policy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// slowdown is how much slower code runs in this build: more under -race.
var slowdown time.Duration = 1

// chain writes a policy whose variables grow: v0 is first, vN is step(vN-1).
func chain(n int, first, step, when, message string) string {
	var b strings.Builder
	b.WriteString("policy: grow\nvariables:\n")
	fmt.Fprintf(&b, "  v0: %q\n", first)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  v%d: %q\n", i, strings.ReplaceAll(step, "PREV", fmt.Sprintf("v%d", i-1)))
	}
	fmt.Fprintf(&b, "rules:\n  - id: r\n    when: %q\n    effect: allow\n", when)
	if message != "" {
		fmt.Fprintf(&b, "    message: %q\n", message)
	}
	return b.String()
}

// C1: variables that grow are tracked at run time: a decision that would
// build gigabytes stops at the cost limit (or its deadline) promptly.
func TestGrowingVariablesAreBounded(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 400 << 20}, func(t *testing.T) {
		// The default limits for strings and decimals; smaller ones for the
		// lists and maps, whose size checks take most of the time.
		small := []policy.Option{policy.WithMaxValueSize(1 << 16)}
		for _, tc := range []struct {
			name, src string
			opts      []policy.Option
		}{
			{"strings", chain(36, "'aaaaaaaaaa'", "PREV + PREV", "size(v36) > 0", ""), nil},
			{"message", chain(36, "'aaaaaaaaaa'", "PREV + PREV", "true", "${v16} ${v36}"), nil},
			{"decimals", chain(34, "decimal('12345.6789')", "PREV * PREV", "v34 > 0", ""), nil},
			{"decimal sums", chain(34, "decimal('1e999')", "PREV + decimal('1e-999')", "v34 > 0", ""), nil},
			{"lists", chain(40, "['a']", "[PREV, PREV]", "v40 == v40", ""), small},
			{"list sizes", chain(40, "['a']", "PREV + PREV", "size(v40) > 0", ""), small},
			{"maps", chain(40, "{'a': 1}", "{'x': PREV, 'y': PREV}", "v40 == v40", ""), small},
		} {
			p, err := policy.Compile([]byte(tc.src), tc.opts...)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			start := time.Now()
			_, err = p.Decide(ctx, input())
			cancel()
			if err == nil {
				t.Errorf("%s: decided without error", tc.name)
			}
			if el := time.Since(start); el > 1500*time.Millisecond*slowdown {
				t.Errorf("%s: took %v", tc.name, el)
			}
			t.Logf("%s: %v", tc.name, err)
		}
	})
}

// C1: decimals are bounded in digits and exponent.
func TestHugeDecimalLiterals(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second}, func(t *testing.T) {
		_, err := policy.Compile([]byte(`policy: p
rules: [{id: r, when: "decimal('1e10000') + 1 > 0", effect: allow}]`))
		if err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("err = %v, want out of range", err)
		}
		p := mustCompile(t, `policy: p
rules: [{id: r, when: "item.price + 1 > 0", effect: allow}, {id: s, when: "item.price > 5", effect: review}]`)
		in := input()
		in.Item.Price = in.Item.Price.Shift(100_000_000)
		if _, err := p.Decide(context.Background(), in); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("err = %v, want out of range", err)
		}
		// A comparison of a huge input with a constant is exact and quick.
		p = mustCompile(t, `policy: p
rules: [{id: s, when: "item.price > 5", effect: review}]`)
		if d, err := p.Decide(context.Background(), in); err != nil || d.Effect != policy.Review {
			t.Errorf("%v %v", d, err)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Error(err)
		}
	})
}

// C4: outputs are deep copies the caller owns: nothing in them changes when
// the next decision runs or when the caller changes its input.
func TestOutputsAreOwned(t *testing.T) {
	p := mustCompile(t, `policy: p
rules: [{id: r, when: "true", effect: allow, outputs: {list: "[item]", tags: item.tags, attrs: order.attrs, m: "{'it': item, 'n': [item.tags]}"}}]`)
	in := input()
	in.Item.Tags = []string{"a", "b"}
	in.Order.Attrs = map[string]any{"k": []any{"x", map[string]any{"y": 1}}}
	d, err := p.Decide(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	list, ok := d.Outputs["list"].([]any)
	if !ok || len(list) != 1 {
		t.Fatalf("list = %#v", d.Outputs["list"])
	}
	it, ok := list[0].(policy.Item)
	if !ok {
		t.Fatalf("list[0] = %#v, want a policy.Item", list[0])
	}
	in.Item.Tags[0] = "changed"
	in.Order.Attrs["k"].([]any)[1].(map[string]any)["y"] = 2
	in.Item.SKU = "other"
	if _, err := p.Decide(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if it.SKU != "s1" || it.Tags[0] != "a" {
		t.Errorf("list item changed: %+v", it)
	}
	if tags := d.Outputs["tags"].([]string); tags[0] != "a" {
		t.Errorf("tags changed: %v", tags)
	}
	if y := d.Outputs["attrs"].(map[string]any)["k"].([]any)[1].(map[string]any)["y"]; y != 1 {
		t.Errorf("attrs changed: %v", y)
	}
	m := d.Outputs["m"].(map[string]any)
	if m["it"].(policy.Item).Tags[0] != "a" || m["n"].([]any)[0].([]string)[0] != "a" {
		t.Errorf("map output changed: %#v", m)
	}
}

// C4: no data race between a decision's outputs and the next decisions.
func TestOutputsRaceFree(t *testing.T) {
	p := mustCompile(t, `policy: p
rules: [{id: r, when: "true", effect: allow, outputs: {list: "[item]"}}]`)
	done := make(chan policy.Decision)
	go func() {
		d, _ := p.Decide(context.Background(), input())
		done <- d
	}()
	d := <-done
	var stop = make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				in := input()
				in.Item.SKU = "x"
				_, _ = p.Decide(context.Background(), in)
			}
		}
	}()
	for range 1000 {
		if it := d.Outputs["list"].([]any)[0].(policy.Item); it.SKU != "s1" {
			t.Fatalf("output changed to %q", it.SKU)
		}
	}
	close(stop)
}

// M9: an attrs map that contains itself is an error, not a stack overflow.
func TestSelfReferencingAttrs(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second}, func(t *testing.T) {
		p := mustCompile(t, `policy: p
rules: [{id: r, when: "order.attrs == order.attrs", effect: allow}]`)
		in := input()
		m := map[string]any{}
		m["self"] = m
		in.Order.Attrs = m
		if _, err := p.Decide(context.Background(), in); err == nil || !strings.Contains(err.Error(), "order.attrs") {
			t.Errorf("err = %v", err)
		}
		s := []any{nil}
		s[0] = s
		in.Order.Attrs = map[string]any{"s": s}
		if _, err := policy.NewSet(policy.AllowOverrides, p).Decide(context.Background(), in); err == nil {
			t.Error("self-referencing slice accepted")
		}
		var x any
		x = &x
		in.Order.Attrs = map[string]any{"p": x}
		if _, err := p.Decide(context.Background(), in); err == nil {
			t.Error("self-referencing pointer accepted")
		}
		// 30 levels are fine.
		deep := map[string]any{}
		for range 30 {
			deep = map[string]any{"d": deep}
		}
		in.Order.Attrs = deep
		if _, err := p.Decide(context.Background(), in); err != nil {
			t.Error(err)
		}
	})
}

// M1: a merchant policy failing at run time does not erase the statutory
// decision in a Set; its error is on the Decision and in the trace.
func TestFailingPolicyInSet(t *testing.T) {
	broken := mustCompile(t, `policy: broken
rules: [{id: vip, when: "order.attrs.vip == true", effect: deny}]`, policy.WithTrace())
	statutory := cn.Statutory()
	in := input()
	in.Now = at("2026-03-05T12:00:00+08:00") // day 4: the no-reason return holds
	for _, alg := range []policy.Combining{policy.AllowOverrides, policy.DenyOverrides, policy.FirstApplicable} {
		for _, order := range [][]*policy.Policy{{broken, statutory}, {statutory, broken}} {
			d, err := policy.NewSet(alg, order...).Decide(context.Background(), in)
			if err != nil {
				t.Fatalf("%v: %v", alg, err)
			}
			if d.Effect != policy.Allow || d.Rule != "no_reason_7d" {
				t.Errorf("%v: %+v", alg, d)
			}
			if alg == policy.FirstApplicable && order[0] == statutory {
				if len(d.Errors) != 0 {
					t.Errorf("first-applicable asked a policy after the one that decided: %v", d.Errors)
				}
				continue
			}
			if len(d.Errors) != 1 || d.Errors[0].Policy != "broken" || d.Errors[0].Rule != "vip" || !strings.Contains(d.Errors[0].Error(), "vip") {
				t.Errorf("%v: errors %v", alg, d.Errors)
			}
			found := false
			for _, s := range d.Trace {
				found = found || (s.Policy == "broken" && strings.HasPrefix(s.Reason, "error: "))
			}
			if !found {
				t.Errorf("%v: trace %v has no error step", alg, d.Trace)
			}
			b, _ := json.Marshal(d)
			if !strings.Contains(string(b), `"errors":[{"policy":"broken","rule":"vip","field":"when","error":`) {
				t.Errorf("json: %s", b)
			}
		}
	}
	// Alone, or with every policy failing, the error is the answer.
	if _, err := policy.NewSet(policy.AllowOverrides, broken).Decide(context.Background(), in); err == nil {
		t.Error("a set whose only policy fails decided")
	}
	if _, err := policy.NewSet(policy.AllowOverrides, broken, broken).Decide(context.Background(), in); err == nil {
		t.Error("a set whose policies all fail decided")
	}
	// A context that ends is an error, not a skipped policy.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := policy.NewSet(policy.AllowOverrides, statutory, broken).Decide(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

// C2: compiling is linear in the number of variables, and the counts and
// the source size have limits with clear errors.
func TestManyVariablesCompileLinearly(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 30 * time.Second, MaxHeap: 1 << 30}, func(t *testing.T) {
		src := func(n int) []byte {
			var b strings.Builder
			b.WriteString("policy: p\nvariables:\n  v0: item.quantity\n")
			for i := 1; i < n; i++ {
				fmt.Fprintf(&b, "  v%d: v%d + 1\n", i, i-1)
			}
			fmt.Fprintf(&b, "rules: [{id: r, when: 'v%d > 0', effect: allow}]\n", n-1)
			return []byte(b.String())
		}
		measure := func(n int) time.Duration {
			start := time.Now()
			p, err := policy.Compile(src(n), policy.WithMaxVariables(n))
			if err != nil {
				t.Fatal(err)
			}
			if d, err := p.Decide(context.Background(), input()); err != nil || d.Effect != policy.Allow {
				t.Fatalf("%d variables: %+v %v", n, d, err)
			}
			return time.Since(start)
		}
		measure(100) // warm up
		small, large := measure(500), measure(2000)
		t.Logf("500 variables: %v, 2000: %v", small, large)
		if large > 8*small {
			t.Errorf("4× the variables took %.1f× the time", float64(large)/float64(small))
		}
		if _, err := policy.Compile(src(1001)); err == nil || !strings.Contains(err.Error(), "1001 variables, more than the limit of 1000") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestPolicyLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("policy: p\nrules:\n")
	for i := range 11 {
		fmt.Fprintf(&b, "  - {id: r%d, when: 'true', effect: allow}\n", i)
	}
	_, err := policy.Compile([]byte(b.String()), policy.WithMaxRules(10), policy.WithFilename("p.yaml"))
	if err == nil || !strings.Contains(err.Error(), "p.yaml:2:1: rules: 11 rules, more than the limit of 10") {
		t.Errorf("err = %v", err)
	}
	_, err = policy.Compile([]byte(b.String()), policy.WithMaxSourceBytes(100))
	if err == nil || !strings.Contains(err.Error(), "larger than the limit of 100") {
		t.Errorf("err = %v", err)
	}
	if _, err := policy.Compile([]byte(b.String()), policy.WithMaxRules(-1)); err == nil {
		t.Error("negative limit accepted")
	}
}

// M6: one YAML strictness: repeated keys, merge keys and explicit tags are
// errors with their position.
func TestYAMLStrictness(t *testing.T) {
	for src, want := range map[string]string{
		"policy: p\nrules: [{id: r, when: 'true', effect: allow}]\nrules: [{id: s, when: 'true', effect: deny}]": `p.yaml:3:1: duplicate key "rules" (first on line 2)`,
		"policy: p\nrules: [{id: r, when: !!str 'true', effect: allow}]":                                         "p.yaml:2:23: explicit YAML tag !!str is not supported",
		"policy: p\nd: &d {effect: allow}\nrules: [{id: r, when: 'true', <<: *d}]":                               "p.yaml:3:31: merge keys (<<) are not supported",
	} {
		_, err := policy.Compile([]byte(src), policy.WithFilename("p.yaml"))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %s", src, err, want)
		}
	}
}

func TestMaxValueSize(t *testing.T) {
	src := `policy: p
variables: {tags: "customer.tags + customer.tags"}
rules: [{id: r, when: "size(tags) > 1", effect: allow}]`
	if _, err := mustCompile(t, src).Decide(context.Background(), input()); err != nil {
		t.Fatal(err)
	}
	_, err := mustCompile(t, src, policy.WithMaxValueSize(1)).Decide(context.Background(), input())
	if err == nil || !strings.Contains(err.Error(), "value too large") || !strings.Contains(err.Error(), "variable tags") {
		t.Errorf("err = %v", err)
	}
}
