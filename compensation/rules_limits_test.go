package compensation

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
)

// M7: a formula of huge decimals is refused, quickly, with a clear error;
// one that stays in range but grows is stopped at the bound.
func TestHugeDecimalFormulas(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second}, func(t *testing.T) {
		big := "decimal('1e10000')" + strings.Repeat(" + decimal('1e10000')", 150)
		_, err := Compile([]byte("id: x\nrules: [{id: r, amount: \"" + big + "\"}]"))
		if err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("err = %v, want out of range", err)
		}
		// In range on their own, out of range together: an error at Calculate,
		// after a bounded amount of work.
		grow := "price" + strings.Repeat(" * decimal('1e999')", 150)
		r := mustCompile(t, "id: x\nrules: [{id: r, amount: \""+grow+"\"}]")
		start := time.Now()
		for range 100 {
			_, err = r.Calculate(bg, Input{})
		}
		if err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("err = %v, want out of range", err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("100 Calculates took %v", el)
		}
	})
}

// M8: the number of rules and the source size are limited, and compiling
// below the limits is linear.
func TestRuleSetLimits(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 30 * time.Second}, func(t *testing.T) {
		src := func(n int) []byte {
			var b strings.Builder
			b.WriteString("id: many\nmode: sum\nrules:\n")
			for i := range n {
				fmt.Fprintf(&b, "  - {id: r%d, when: \"quantity == %d\", amount: price}\n", i, i)
			}
			return []byte(b.String())
		}
		timed := func(n int) time.Duration {
			start := time.Now()
			if _, err := Compile(src(n)); err != nil {
				t.Fatal(err)
			}
			return time.Since(start)
		}
		timed(50)
		small, large := timed(250), timed(1000)
		t.Logf("250 rules: %v, 1000: %v", small, large)
		if large > 8*small {
			t.Errorf("4× the rules took %.1f× the time", float64(large)/float64(small))
		}
		_, err := Compile(src(1001), WithFilename("many.yaml"))
		if err == nil || !strings.Contains(err.Error(), "many.yaml:4:3: rules: 1001 rules, more than the limit of 1000") {
			t.Errorf("err = %v", err)
		}
		if _, err := Compile(src(11), WithMaxRules(10)); err == nil {
			t.Error("WithMaxRules(10) accepted 11 rules")
		}
		if _, err := Compile(src(100_000)); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
			t.Errorf("err = %v", err)
		}
		if _, err := Compile(src(1), WithMaxRules(-1)); err == nil {
			t.Error("negative limit accepted")
		}
	})
}

// M6: repeated keys, merge keys and explicit tags are errors.
func TestRulesYAMLStrictness(t *testing.T) {
	for src, want := range map[string]string{
		"id: x\nrules: [{id: r, amount: 1}]\nrules: [{id: s, amount: 2}]": `3:1: duplicate key "rules" (first on line 2)`,
		"id: x\nrules: [{id: r, amount: !!int 1}]":                        "2:25: explicit YAML tag !!int is not supported",
		"id: x\nbase: &b {amount: 1}\nrules: [{id: r, <<: *b}]":           "3:17: merge keys (<<) are not supported",
	} {
		_, err := Compile([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %s", src, err, want)
		}
	}
}
