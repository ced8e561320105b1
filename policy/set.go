package policy

import (
	"context"
	"fmt"
)

// Combining names how a Set combines the decisions of its policies.
type Combining int

const (
	// FirstApplicable: policies are asked in order; the first whose rule
	// matches decides. If none matches, the first policy in effect decides by
	// its default.
	FirstApplicable Combining = iota
	// AllowOverrides is consumer-favourable: any policy that allows wins
	// (the first, in order), then any review, then deny. Statutory rights
	// cannot be taken away by a stricter merchant policy; a merchant may add
	// generosity on top.
	AllowOverrides
	// DenyOverrides: any policy that denies by a rule wins, then review, then allow.
	DenyOverrides
)

func (c Combining) String() string {
	switch c {
	case FirstApplicable:
		return "first-applicable"
	case AllowOverrides:
		return "allow-overrides"
	case DenyOverrides:
		return "deny-overrides"
	}
	return fmt.Sprintf("Combining(%d)", int(c))
}

// ParseCombining parses "first-applicable" (or "first"), "allow-overrides"
// and "deny-overrides".
func ParseCombining(s string) (Combining, error) {
	switch s {
	case "first", "first-applicable", "first_applicable":
		return FirstApplicable, nil
	case "allow-overrides", "allow_overrides":
		return AllowOverrides, nil
	case "deny-overrides", "deny_overrides":
		return DenyOverrides, nil
	}
	return 0, fmt.Errorf("policy: unknown combining algorithm %q (want first-applicable, allow-overrides or deny-overrides)", s)
}

// Set layers policies — typically the statutory floor, a platform policy and
// a merchant policy — under a combining algorithm. Policies not in effect at
// Input.Now are skipped. A Set is immutable and safe for concurrent use.
type Set struct {
	alg      Combining
	policies []*Policy
}

// NewSet combines policies with alg, in the order given.
func NewSet(alg Combining, ps ...*Policy) *Set {
	return &Set{alg: alg, policies: append([]*Policy(nil), ps...)}
}

// Decide asks every policy in effect and combines their decisions. The
// Decision names the policy and rule that won; with WithTrace on the
// policies its Trace has every policy's steps.
func (s *Set) Decide(ctx context.Context, in Input) (Decision, error) {
	var (
		fallback *Decision // the first policy's default, for when no rule matched
		best     *Decision
		bestRank int
		trace    []Step
		anyTrace bool
	)
	if err := checkInput(&in); err != nil {
		return Decision{}, err
	}
	for _, p := range s.policies {
		if !p.InEffect(in.Now) {
			if p.trace {
				trace = append(trace, Step{Policy: p.id, Reason: "not in effect at " + in.Now.Format("2006-01-02 15:04")})
			}
			continue
		}
		a := newActivation(ctx, p, &in)
		d, matched, err := p.decide(a)
		a.release()
		if err != nil {
			return Decision{}, err
		}
		anyTrace = anyTrace || p.trace
		trace = append(trace, d.Trace...)
		if !matched {
			if fallback == nil {
				fallback = &d
			}
			continue
		}
		if s.alg == FirstApplicable {
			best = &d
			break
		}
		if r := s.rank(d.Effect); best == nil || r > bestRank {
			best, bestRank = &d, r
		}
	}
	var out Decision
	switch {
	case best != nil:
		out = *best
	case fallback != nil:
		out = *fallback
	default:
		out = Decision{Effect: Deny, Rule: DefaultRule, Message: fmt.Sprintf("no policy in effect at %s", in.Now.Format("2006-01-02 15:04"))}
	}
	if anyTrace {
		out.Trace = trace
	} else {
		out.Trace = nil
	}
	return out, nil
}

// rank orders effects for the overriding algorithms: higher wins.
func (s *Set) rank(e Effect) int {
	switch {
	case e == Review:
		return 2
	case (e == Allow) == (s.alg == AllowOverrides):
		return 3
	}
	return 1
}
