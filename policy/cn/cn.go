package cn

import (
	_ "embed"
	"sync"

	"github.com/aftersales-go/aftersales/policy"
)

var (
	//go:embed statutory.yaml
	statutorySource []byte

	//go:embed platform.yaml
	platformSource []byte
)

// Source returns the YAML of the statutory set, for reading, printing, or
// compiling with options of one's own (policy.Compile(cn.Source(), policy.WithTrace())).
func Source() []byte { return append([]byte(nil), statutorySource...) }

// PlatformSource returns the YAML of the platform practice policy (see Platform).
func PlatformSource() []byte { return append([]byte(nil), platformSource...) }

// Statutory returns the PRC statutory policy — the law and nothing else —
// compiled once and shared (a Policy is immutable). Rule ids, in order:
// custom_made, perishable, digital_opened, periodical,
// confirmed_not_returnable, not_intact_confirmed, not_intact, no_reason_7d, quality_return_7d,
// sanbao_return_after_repairs, sanbao_exchange_after_repairs,
// sanbao_repair_overdue, quality_exchange_15d, warranty_repair, defect_exchange, defect_repair,
// defect_return_review, quality_time_limit, not_yet_received; else the
// default denies.
func Statutory() *policy.Policy { return statutory() }

// Platform returns the policy "cn-platform": common platform practice that
// is not law — unshipped_refund (refund-only before shipment) and
// fast_refund (极速退款: credit score >= 700, at most ¥500 paid, in transit
// or within 7 days of receipt, goods not opened). A platform opts into it
// by layering it over the statutory floor:
//
//	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), cn.Platform())
//
// Its default denies, so on its own it answers only what its rules cover.
func Platform() *policy.Policy { return platform() }

var statutory = sync.OnceValue(func() *policy.Policy {
	return mustCompile(statutorySource, "cn/statutory.yaml")
})

var platform = sync.OnceValue(func() *policy.Policy {
	return mustCompile(platformSource, "cn/platform.yaml")
})

func mustCompile(src []byte, name string) *policy.Policy {
	p, err := policy.Compile(src, policy.WithFilename(name))
	if err != nil {
		// The embedded source is tested; this is a build defect, not bad input.
		panic(err)
	}
	return p
}
