package policy

import (
	"errors"
	"time"

	"cel.dev/cel-go/cel"
)

// Option configures Compile and Load.
type Option func(*options) error

type options struct {
	trace       bool
	loc         *time.Location
	costLimit   uint64
	functions   []cel.EnvOption
	workingDays func(from, to time.Time) (int, error)
	filename    string
}

// WithTrace makes every Decision list the rules tried and, for each that
// did not match, the part of its `when` that was false. It costs time and
// allocations per decision; use it for tests, audits and explanations.
func WithTrace() Option {
	return func(o *options) error { o.trace = true; return nil }
}

// WithTimeZone sets the zone for calendar_days and effective dates,
// overriding the policy's `timezone`. The default is Asia/Shanghai.
func WithTimeZone(loc *time.Location) Option {
	return func(o *options) error {
		if loc == nil {
			return errors.New("policy: WithTimeZone(nil)")
		}
		o.loc = loc
		return nil
	}
}

// WithCostLimit bounds the CEL cost of evaluating one expression; a rule
// that exceeds it fails the decision with ErrCostLimit. 0 means the default
// (celext.DefaultCostLimit).
func WithCostLimit(limit uint64) Option {
	return func(o *options) error { o.costLimit = limit; return nil }
}

// WithFunctions adds CEL declarations, such as a merchant's own functions
// (cel.Function with bindings) or constants (cel.Constant).
func WithFunctions(fns ...cel.EnvOption) Option {
	return func(o *options) error { o.functions = append(o.functions, fns...); return nil }
}

// WithWorkingDays makes working_days(from, to) available in rules, counted
// by fn — typically the WorkingDays method of an sla.Calendar, such as the
// PRC calendar of package sla/cn:
//
//	cal, _ := cn.New()
//	p, err := policy.Compile(src, policy.WithWorkingDays(cal.WorkingDays))
func WithWorkingDays(fn func(from, to time.Time) (int, error)) Option {
	return func(o *options) error { o.workingDays = fn; return nil }
}

// WithFilename names the source in error positions (Load sets it per file).
func WithFilename(name string) Option {
	return func(o *options) error { o.filename = name; return nil }
}
