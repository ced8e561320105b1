package policy

import (
	"context"
	"errors"
	"fmt"
)

// Combining names how a Set combines the decisions of its policies.
type Combining int

const (
	// FirstApplicable: policies are asked in the order given; the first
	// whose rule matches decides. If none matches, the first policy in
	// effect decides by its default. Here the order is priority: list first
	// the policy that should decide.
	FirstApplicable Combining = iota
	// AllowOverrides is consumer-favourable: if any policy allows, the
	// decision allows; else if any sends to review, review; else deny.
	// Statutory rights cannot be taken away by a stricter merchant policy; a
	// merchant may add generosity on top. Which of the allowing policies
	// supplies remedy, message and outputs is said on Set.
	AllowOverrides
	// DenyOverrides: any policy that denies by a rule wins, then review,
	// then allow.
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
// a merchant policy, from the most general to the most specific — under a
// combining algorithm. Policies not in effect at Input.Now are skipped. A
// Set is immutable and safe for concurrent use.
//
// Under AllowOverrides and DenyOverrides the effect is decided first (the
// best one any policy's matching rule gives). When several policies give
// that effect, one decision supplies remedy, message, cite and outputs,
// chosen by, in turn:
//
//  1. the remedy asked for: a decision whose remedy is Request.Kind (or
//     that names no remedy) beats one that offers another remedy, so a
//     merchant's allow of an exchange cannot displace the statutory
//     return the customer asked for;
//  2. specificity: a policy that is not a floor (`floor: true` in its
//     YAML, as cn.Statutory and cn.Platform are) beats a floor, so the
//     merchant's terms apply on top of the law in whichever order the two
//     are layered;
//  3. order: the policy layered later (more specific) beats the earlier.
//
// So NewSet(AllowOverrides, cn.Statutory(), merchant) gives a VIP returning
// on day 3 the merchant's allow (free return freight, say), not the bare
// statutory one, while a merchant deny never beats the statutory allow.
// When no rule of any policy matched, the default of the first policy in
// effect decides under every algorithm: the most general answer (with the
// statutory floor first, the law's refusal and its citation). Under
// FirstApplicable the order alone decides, as said there.
//
// A policy that fails at decision time (a rule reads an attrs key that is
// not there, a cost limit, a division by zero) cannot decide, and is left
// out of the combination as if it had not applied: a broken merchant policy
// does not take the statutory floor away. Its error is listed in the
// Decision's Errors and, with WithTrace, as a step of the Trace. Set.Decide
// returns an error alone only when no policy could decide, or when the
// context ends. Per algorithm:
//
//   - FirstApplicable: the first policy in order whose rule matches
//     decides; a failed policy is passed over like one whose rules did not
//     match.
//   - AllowOverrides: the best effect among the policies that decided wins.
//     A failed policy might have allowed; the result is never more
//     restrictive than what the policies that decided say.
//   - DenyOverrides: likewise, the best (most restrictive) effect among the
//     policies that decided. A failed policy might have denied, so a caller
//     for whom that matters (fail closed) should treat a Decision with
//     Errors as needing review.
type Set struct {
	alg      Combining
	policies []*Policy
}

// NewSet combines policies with alg, in the order given: the most general
// first (cn.Statutory()), the most specific last (the merchant's policy).
func NewSet(alg Combining, ps ...*Policy) *Set {
	return &Set{alg: alg, policies: append([]*Policy(nil), ps...)}
}

// Decide asks every policy in effect and combines their decisions. The
// Decision names the policy and rule that won; with WithTrace on the
// policies its Trace has every policy's steps.
func (s *Set) Decide(ctx context.Context, in Input) (Decision, error) {
	if err := in.check(); err != nil {
		return Decision{}, err
	}
	var (
		fallback *Decision // the first policy's default, for when no rule matched
		best     *Decision
		bestRank int
		trace    []Step
		anyTrace bool
		failed   []*EvalError
	)
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
			if ctx.Err() != nil {
				return Decision{}, err
			}
			var ee *EvalError
			if !errors.As(err, &ee) {
				ee = &EvalError{Policy: p.id, Err: err}
			}
			failed = append(failed, ee)
			if p.trace {
				anyTrace = true
				trace = append(trace, Step{Policy: p.id, Rule: ee.Rule, Reason: "error: " + ee.Err.Error()})
			}
			continue
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
		// Later policies win ties: >=.
		if r := s.rank(d, in.Request.Kind, p); best == nil || r >= bestRank {
			best, bestRank = &d, r
		}
	}
	var out Decision
	switch {
	case best != nil:
		out = *best
	case fallback != nil:
		out = *fallback
	case len(failed) == 1:
		return Decision{}, failed[0]
	case len(failed) > 1:
		errs := make([]error, len(failed))
		for i, e := range failed {
			errs[i] = e
		}
		return Decision{}, errors.Join(errs...)
	default:
		out = Decision{Effect: Deny, Rule: DefaultRule, Message: fmt.Sprintf("no policy in effect at %s", in.Now.Format("2006-01-02 15:04"))}
	}
	out.Errors = failed
	if anyTrace {
		out.Trace = trace
	} else {
		out.Trace = nil
	}
	return out, nil
}

// rank orders the decisions of matching rules for the overriding
// algorithms: higher wins, and among equals the later policy (see Set).
func (s *Set) rank(d Decision, asked Remedy, p *Policy) int {
	r := 4 * s.effectRank(d.Effect)
	if d.Remedy == "" || asked == "" || d.Remedy == asked {
		r += 2
	}
	return r + specificity(p)
}

// specificity is 1 for a policy that is not a floor, 0 for a floor.
func specificity(p *Policy) int {
	if p.floor {
		return 0
	}
	return 1
}

// effectRank orders effects for the overriding algorithms: higher wins.
func (s *Set) effectRank(e Effect) int {
	switch {
	case e == Review:
		return 2
	case (e == Allow) == (s.alg == AllowOverrides):
		return 3
	}
	return 1
}
