package merchanttest

import (
	_ "embed"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// The service decides with the very file the suite tests; embedding it
// keeps the two from drifting apart.
//
//go:embed merchant-returns.yaml
var source []byte

// Returns compiles the merchant policy and layers it over the statutory set
// the way the suite does: statutory first, merchant on top, under
// AllowOverrides, so that no merchant deny can override a statutory allow
// or review, and the merchant's more generous terms decide when both allow
// (see policy.Set). Options (policy.WithTrace, …) apply to the merchant
// policy.
func Returns(opts ...policy.Option) (*policy.Set, error) {
	p, err := policy.Compile(source, append([]policy.Option{policy.WithFilename("merchant-returns.yaml")}, opts...)...)
	if err != nil {
		return nil, err
	}
	return policy.NewSet(policy.AllowOverrides, cn.Statutory(), p), nil
}
