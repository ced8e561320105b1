package cn

import (
	_ "embed"
	"sync"

	"github.com/aftersales-go/aftersales/policy"
)

//go:embed statutory.yaml
var statutorySource []byte

// Source returns the YAML of the statutory set, for reading, printing, or
// compiling with options of one's own (policy.Compile(cn.Source(), policy.WithTrace())).
func Source() []byte { return append([]byte(nil), statutorySource...) }

// Statutory returns the PRC statutory policy, compiled once and shared (a
// Policy is immutable). Rule ids, in order: unshipped_refund,
// quality_return_7d, quality_exchange_15d, warranty_repair, defect_exchange,
// defect_repair, defect_return_review, quality_time_limit, custom_made,
// perishable, digital_opened, periodical, confirmed_not_returnable, not_intact, no_reason_7d,
// fast_refund, not_yet_received; else the default denies.
func Statutory() *policy.Policy { return statutory() }

var statutory = sync.OnceValue(func() *policy.Policy {
	p, err := policy.Compile(statutorySource, policy.WithFilename("cn/statutory.yaml"))
	if err != nil {
		// The embedded source is tested; this is a build defect, not bad input.
		panic(err)
	}
	return p
})
