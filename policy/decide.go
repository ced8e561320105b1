package policy

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/aftersales-go/aftersales/internal/celext"
)

// activation resolves the CEL variables of one decision. Policy variables
// are evaluated on first use and kept, so each is computed at most once per
// decision and not at all if no rule reaches it.
type activation struct {
	in   Input
	now  ref.Val
	p    *Policy
	ctx  context.Context
	vals []ref.Val
	err  error // the first variable that failed
}

var activations = sync.Pool{New: func() any { return new(activation) }}

func newActivation(ctx context.Context, p *Policy, in *Input) *activation {
	a := activations.Get().(*activation)
	a.in, a.p, a.ctx, a.err = *in, p, ctx, nil
	a.now = types.Timestamp{Time: in.Now}
	if cap(a.vals) < len(p.vars) {
		a.vals = make([]ref.Val, len(p.vars))
	}
	a.vals = a.vals[:len(p.vars)]
	return a
}

// reset forgets the variables computed so far.
func (a *activation) reset() {
	clear(a.vals)
	a.err = nil
}

func (a *activation) release() {
	clear(a.vals)
	a.in, a.p, a.ctx, a.now = Input{}, nil, nil, nil
	activations.Put(a)
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "request":
		return &a.in.Request, true
	case "order":
		return &a.in.Order, true
	case "item":
		return &a.in.Item, true
	case "customer":
		return &a.in.Customer, true
	case "now":
		return a.now, true
	}
	i, ok := a.p.varIndex[name]
	if !ok {
		return nil, false
	}
	if a.vals[i] == nil {
		prg := a.p.vars[i].prg
		var (
			v   ref.Val
			err error
		)
		if !prg.HasFast() {
			// A chain of variables each under the cost limit can still add
			// up; the decision's context bounds the whole.
			err = a.ctx.Err()
		}
		if err == nil {
			v, err = prg.Eval(a.ctx, a)
		}
		if err != nil {
			if a.err == nil {
				a.err = fmt.Errorf("variable %s: %w", name, err)
			}
			v = types.WrapErr(err)
		}
		a.vals[i] = v
	}
	return a.vals[i], true
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// Decide runs the policy's rules in order; the first whose `when` is true
// decides, else the default does. A policy not in effect at in.Now still
// decides (a Set skips it); check InEffect when that matters. An input
// that contradicts itself (a request after now) is an *InputError.
func (p *Policy) Decide(ctx context.Context, in Input) (Decision, error) {
	if err := in.check(); err != nil {
		return Decision{}, err
	}
	a := newActivation(ctx, p, &in)
	defer a.release()
	d, _, err := p.decide(a)
	return d, err
}

// decide reports whether a rule (rather than the default) decided.
func (p *Policy) decide(a *activation) (Decision, bool, error) {
	if p.chain != nil && !p.trace {
		if err := a.ctx.Err(); err != nil {
			return Decision{}, false, err
		}
		v, err := p.chain.Eval(a.ctx, a)
		if i, ok := v.(types.Int); err == nil && ok {
			if i < 0 {
				d, err := p.decision(a, p.def)
				return d, false, err
			}
			d, err := p.decision(a, p.rules[i])
			return d, true, err
		}
		// Walk the rules one by one to say which one failed, and how.
		a.reset()
	}
	var trace []Step
	for _, r := range p.rules {
		if err := a.ctx.Err(); err != nil {
			return Decision{}, false, err
		}
		ok, err := r.when.Bool(a.ctx, a)
		if err != nil {
			return Decision{}, false, p.evalError(a, r.id, "when", err)
		}
		if p.trace {
			trace = append(trace, p.step(a, r, ok))
		}
		if ok {
			d, err := p.decision(a, r)
			d.Trace = trace
			return d, true, err
		}
	}
	d, err := p.decision(a, p.def)
	if p.trace {
		d.Trace = append(trace, Step{Policy: p.id, Rule: DefaultRule, Matched: true})
	}
	return d, false, err
}

func (p *Policy) evalError(a *activation, ruleID, field string, err error) error {
	if a.err != nil {
		err = a.err // a variable failed; name it rather than the symptom
	}
	return &EvalError{Policy: p.id, Rule: ruleID, Field: field, Err: err}
}

// step explains one rule tried.
func (p *Policy) step(a *activation, r *rule, matched bool) Step {
	s := Step{Policy: p.id, Rule: r.id, Matched: matched}
	if matched {
		return s
	}
	for _, c := range r.conjuncts {
		if ok, err := c.Bool(a.ctx, a); err != nil || !ok {
			s.Reason = "false: " + c.Expr()
			return s
		}
	}
	s.Reason = "false: " + r.when.Expr()
	return s
}

// decision builds the Decision of the rule that decided.
func (p *Policy) decision(a *activation, r *rule) (Decision, error) {
	d := Decision{Effect: r.effect, Remedy: r.remedy, Policy: p.id, Rule: r.id, Cite: r.cite}
	if len(r.message) > 0 {
		msg, err := p.message(a, r)
		if err != nil {
			return Decision{}, err
		}
		d.Message = msg
	}
	if len(r.outputs) > 0 {
		d.Outputs = make(map[string]any, len(r.outputs))
		for _, o := range r.outputs {
			if o.value != nil {
				d.Outputs[o.name] = o.value
				continue
			}
			v, err := o.prg.Eval(a.ctx, a)
			if err == nil {
				d.Outputs[o.name], err = owned(v)
			}
			if err != nil {
				return Decision{}, p.evalError(a, r.id, "outputs."+o.name, err)
			}
		}
	}
	return d, nil
}

func (p *Policy) message(a *activation, r *rule) (string, error) {
	if len(r.message) == 1 && r.message[0].prg == nil {
		return r.message[0].text, nil
	}
	var buf [256]byte // most messages fit: one allocation, for the string
	b := buf[:0]
	for _, s := range r.message {
		if s.prg == nil {
			b = append(b, s.text...)
			continue
		}
		var (
			v   ref.Val
			err error
		)
		if s.variable != "" {
			// Already computed for the rule's condition, most likely.
			got, _ := a.ResolveName(s.variable)
			v = got.(ref.Val)
			if types.IsError(v) {
				err = a.err
			}
		} else {
			v, err = s.prg.Eval(a.ctx, a)
		}
		if err != nil {
			return "", p.evalError(a, r.id, "message", err)
		}
		b = appendValue(b, v)
	}
	return string(b), nil
}

// native converts a CEL value to the Go value a Decision carries.
func native(v ref.Val) any {
	switch x := v.(type) {
	case celext.Decimal:
		return x.Decimal
	case types.String:
		return string(x)
	case types.Int:
		return int64(x)
	case types.Uint:
		return uint64(x)
	case types.Bool:
		return bool(x)
	case types.Double:
		return float64(x)
	case types.Timestamp:
		return x.Time
	case types.Duration:
		return x.Duration
	}
	if out, err := owned(v); err == nil {
		return out
	}
	return v.Value()
}

// appendValue renders a CEL value inside a message.
func appendValue(b []byte, v ref.Val) []byte {
	switch x := v.(type) {
	case types.Int:
		return strconv.AppendInt(b, int64(x), 10)
	case types.String:
		return append(b, x...)
	case celext.Decimal:
		return append(b, x.String()...)
	}
	switch x := native(v).(type) {
	case time.Time:
		return x.AppendFormat(b, "2006-01-02 15:04")
	case fmt.Stringer:
		return append(b, x.String()...)
	default:
		return fmt.Append(b, x)
	}
}
