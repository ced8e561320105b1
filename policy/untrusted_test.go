package policy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
	"github.com/aftersales-go/aftersales/policy"
)

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
		for _, tc := range []struct{ name, src string }{
			{"strings", chain(36, "'aaaaaaaaaa'", "PREV + PREV", "size(v36) > 0", "")},
			{"message", chain(36, "'aaaaaaaaaa'", "PREV + PREV", "true", "${v16} ${v36}")},
			{"decimals", chain(34, "decimal('12345.6789')", "PREV * PREV", "v34 > 0", "")},
			{"decimal sums", chain(34, "decimal('1e999')", "PREV + decimal('1e-999')", "v34 > 0", "")},
			{"lists", chain(40, "['a']", "[PREV, PREV]", "v40 == v40", "")},
			{"list sizes", chain(40, "['a']", "PREV + PREV", "size(v40) > 0", "")},
			{"maps", chain(40, "{'a': 1}", "{'x': PREV, 'y': PREV}", "v40 == v40", "")},
		} {
			p, err := policy.Compile([]byte(tc.src))
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
			if el := time.Since(start); el > 1500*time.Millisecond {
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
