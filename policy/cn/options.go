package cn

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/aftersales-go/aftersales/policy"
)

// Option configures StatutoryWith.
type Option func(*config)

type config struct {
	isWorkday func(time.Time) bool
	policy    []policy.Option
	errs      []error
}

// WithHolidayExtension applies 民法典第二百零三条 to the 7-day periods (the
// no-reason return and the quality return): when day 7 is not a working
// day, the period runs to the end of the next working day. isWorkday decides
// which days are working days — typically the IsWorkday method of the PRC
// calendar of package sla/cn, under which 法定休假日 are the public holidays
// and the weekends that are not make-up working days:
//
//	cal, _ := slacn.New()
//	p, err := cn.StatutoryWith(cn.WithHolidayExtension(cal.IsWorkday))
//
// It is off by default and contested: 第二百零四条 lets laws or agreements
// provide otherwise, and platforms count the 7 days as plain calendar days.
// Turning it on only ever gives the consumer more time. A calendar that
// reports no working day in the 31 days after day 7 (a date outside its
// years, say) makes the decision fail with an error rather than guess.
func WithHolidayExtension(isWorkday func(time.Time) bool) Option {
	return func(c *config) {
		if isWorkday == nil {
			c.errs = append(c.errs, errors.New("cn: WithHolidayExtension(nil)"))
			return
		}
		c.isWorkday = isWorkday
	}
}

// WithPolicyOptions passes options to policy.Compile, such as
// policy.WithTrace().
func WithPolicyOptions(opts ...policy.Option) Option {
	return func(c *config) { c.policy = append(c.policy, opts...) }
}

// The variable line of statutory.yaml that WithHolidayExtension replaces.
var (
	within7d         = []byte("\n  within_7d: days <= 7\n")
	within7dExtended = []byte("\n  within_7d: days <= 7 || days <= last_day_203(order.received_at)\n")
)

// StatutoryWith compiles the statutory policy with options; without any it
// decides exactly as Statutory, which is shared and should be preferred.
func StatutoryWith(opts ...Option) (*policy.Policy, error) {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	src := statutorySource
	popts := append([]policy.Option{policy.WithFilename("cn/statutory.yaml")}, c.policy...)
	if c.isWorkday != nil {
		if bytes.Count(src, within7d) != 1 {
			return nil, errors.New("cn: statutory.yaml has no single within_7d line to extend") // a build defect
		}
		src = bytes.Replace(src, within7d, within7dExtended, 1)
		popts = append(popts, policy.WithFunctions(lastDay203(c.isWorkday)))
	}
	return policy.Compile(src, popts...)
}

// lastDay203 declares last_day_203(received): the day number, counted like
// calendar_days from the date of receipt in Asia/Shanghai, of the last day of
// the 7-day period under 民法典第二百零三条 — day 7, or the first working day
// after it when day 7 is not one.
func lastDay203(isWorkday func(time.Time) bool) cel.EnvOption {
	loc := shanghai()
	return cel.Function("last_day_203",
		cel.Overload("last_day_203_timestamp", []*cel.Type{cel.TimestampType}, cel.IntType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				ts, ok := v.(types.Timestamp)
				if !ok {
					return types.NoSuchOverloadErr()
				}
				y, m, d := ts.Time.In(loc).Date()
				for n := 7; n <= 7+31; n++ {
					if isWorkday(time.Date(y, m, d+n, 12, 0, 0, 0, loc)) {
						return types.Int(n)
					}
				}
				return types.NewErr("cn: no working day within 31 days after day 7 of %s", fmt.Sprint(ts.Time.In(loc).Format(time.DateOnly)))
			})))
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}
