// Package merchanttest is an example of a merchant testing its own
// after-sales policy.
//
// merchant-returns.yaml is the merchant's policy: 30-day returns for VIP
// customers, free return freight from ¥299, and a stricter "opened
// cosmetics are not returnable" rule. Production layers it over the PRC
// statutory set (policy/cn) with policy.AllowOverrides, which Returns does,
// so the merchant's generosity adds to the customer's rights and its
// strictness cannot remove them: a statutory allow or review always beats a
// merchant deny.
//
// merchant-returns_test.yaml pins down what the layered set decides, case by
// case, in YAML; merchant_test.go runs it with policytest.Run, so
// `go test ./examples/merchanttest/` checks the policy the service uses.
// See README.md for how to write such a suite.
package merchanttest
