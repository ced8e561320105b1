package policytest_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/aftersales-go/aftersales/policy/policytest"
)

// A command-line runner loads suites and runs them without a *testing.T.
// In a Go test, policytest.Run(t, os.DirFS("."), "testdata/*_test.yaml")
// does the same with one subtest per case.
func ExampleLoad() {
	fsys := fstest.MapFS{"returns_test.yaml": {Data: []byte(`
policy: cn:statutory
input:
  request: {kind: return, reason: no_reason}
  order: {shipped_at: 2026-02-27T09:00:00+08:00, received_at: 2026-03-01T10:00:00+08:00}
  item: {price: "3999.00", paid: "3799.00"}
cases:
  - name: unopened phone on day 7
    now: 2026-03-08T23:59:00+08:00
    expect: {effect: allow, remedy: return, rule: no_reason_7d, outputs: {freight_payer: buyer, refund: 3799}}
  - name: day 8 (this expectation is wrong on purpose)
    now: 2026-03-09T00:00:00+08:00
    expect: {effect: allow, rule: no_reason_7d}
`)}}
	suites, err := policytest.Load(fsys, "*_test.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range suites {
		for _, r := range s.Run(context.Background()) {
			fmt.Printf("%s %s passed=%v\n", r.File, r.Name, r.Passed)
			fmt.Print(r.Diff)
		}
	}
	// Output:
	// returns_test.yaml unopened phone on day 7 passed=true
	// returns_test.yaml day 8 (this expectation is wrong on purpose) passed=false
	//         want          got
	// effect  allow         deny
	// rule    no_reason_7d  default
}
