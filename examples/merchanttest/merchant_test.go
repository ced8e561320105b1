package merchanttest_test

import (
	"os"
	"testing"

	"github.com/aftersales-go/aftersales/policy/policytest"
)

// TestMerchantReturns runs the merchant's YAML suite: its policy layered
// over the statutory set, one subtest per case.
func TestMerchantReturns(t *testing.T) {
	policytest.Run(t, os.DirFS("."), "*_test.yaml")
}
