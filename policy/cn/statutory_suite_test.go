package cn_test

import (
	"os"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
	"github.com/aftersales-go/aftersales/policy/policytest"
)

// TestStatutorySuites runs the YAML suites in testdata against the embedded
// statutory set: every rule, with the boundary days of each period.
func TestStatutorySuites(t *testing.T) {
	policytest.Run(t, os.DirFS("testdata"), "*_test.yaml")
}

// TestSuitesCoverEveryRule keeps the suites honest when the statutory set
// grows: each rule, and the default, must be the expected rule of some case.
func TestSuitesCoverEveryRule(t *testing.T) {
	suites, err := policytest.Load(os.DirFS("testdata"), "*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]int{}
	for _, s := range suites {
		for _, c := range s.Cases {
			if c.Expect.Rule != nil {
				covered[*c.Expect.Rule]++
			}
		}
	}
	ids := append(cn.Statutory().Rules(), cn.Platform().Rules()...)
	for _, id := range append(ids, policy.DefaultRule) {
		if covered[id] == 0 {
			t.Errorf("no case in testdata expects rule %s", id)
		}
	}
}
