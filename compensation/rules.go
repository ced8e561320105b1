package compensation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/celext"
)

// Mode says how the matching rules of a set combine.
type Mode uint8

const (
	// FirstMatch: the first rule whose `when` holds gives the only line.
	// It is the default, as in policy: rules are written most specific first.
	FirstMatch Mode = iota
	// Sum: every rule whose `when` holds adds a line.
	Sum
)

// String returns "first-match" or "sum", the spellings used in YAML.
func (m Mode) String() string {
	switch m {
	case FirstMatch:
		return "first-match"
	case Sum:
		return "sum"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// DefaultShipWithin is the ship-by window after payment when an Input has no
// ShipBy and the rule set no ship_within (RULES.md: 72 h by default, 48 h on
// some channels).
const DefaultShipWithin = 72 * time.Hour

// Input is the case a rule set calculates compensation for. Each field is a
// CEL variable of the same name in snake_case:
//
//	reason        string     what is claimed: 'fraud', 'food_safety', 'late_shipping', …
//	price         decimal    price actually paid for the goods concerned
//	quantity      int        units concerned
//	loss          decimal    the consumer's proven loss
//	order_amount  decimal    amount paid for the whole order
//	paid_at, ship_by, shipped_at, now   timestamps (zero time when unset)
//	shipped       bool       shipped_at is set
//	late          bool       shipped after the ship-by time, or not shipped and now is past it
//	label_flaw_only bool     the food's only defect is its label or instructions, affecting neither safety nor the consumer's choice
//	tags          list(string)
//	attrs         map(string, dyn)   anything else
//
// The ship-by time is ShipBy, or else PaidAt plus the rule set's
// ship_within (DefaultShipWithin); without either, late is false.
type Input struct {
	// Currency of the amounts; the zero value means the rule set's currency.
	// Any other currency is an error (ErrCurrency), never converted.
	Currency    Currency        `json:"currency"`
	Reason      string          `json:"reason"`
	Price       decimal.Decimal `json:"price"`
	Quantity    int             `json:"quantity"`
	Loss        decimal.Decimal `json:"loss"`
	OrderAmount decimal.Decimal `json:"order_amount"`
	PaidAt      time.Time       `json:"paid_at,omitzero"`
	ShipBy      time.Time       `json:"ship_by,omitzero"`
	ShippedAt   time.Time       `json:"shipped_at,omitzero"`
	Now         time.Time       `json:"now,omitzero"`
	// LabelFlawOnly says that the food's only defect is in its label or
	// instructions and neither affects food safety nor misleads consumers:
	// 食品安全法第一百四十八条第二款 then gives no punitive damages (the
	// built-in food_safety rule does not apply).
	LabelFlawOnly bool           `json:"label_flaw_only,omitempty"`
	Tags          []string       `json:"tags,omitempty"`
	Attrs         map[string]any `json:"attrs,omitempty"`
}

// ResultLine is the compensation one rule contributed.
type ResultLine struct {
	Rule        string          `json:"rule"`        // rule id
	Description string          `json:"description"` // the rule's description
	Cite        string          `json:"cite"`        // the law or platform rule it applies
	Amount      decimal.Decimal `json:"amount"`      // in the currency's minor unit, after caps
	Capped      bool            `json:"capped"`      // the rule's cap or the set's cap reduced it
}

// Result is the outcome of Calculate. Lines sum exactly to Total.
type Result struct {
	Currency Currency        `json:"currency"`
	Lines    []ResultLine    `json:"lines,omitempty"` // every rule that applied, in rule order
	Total    decimal.Decimal `json:"total"`
	Capped   bool            `json:"capped"` // some cap (a rule's or the set's) reduced the amount
}

// Option configures Compile.
type Option func(*compileConfig) error

type compileConfig struct {
	file      string
	costLimit uint64
	maxRules  int
	maxBytes  int
}

// Defaults for the limits on a rule-set source; each can be changed with
// an option.
const (
	// DefaultMaxRules bounds the rules of one rule set (WithMaxRules).
	DefaultMaxRules = 1000
	// DefaultMaxSourceBytes bounds the size of one source (WithMaxSourceBytes).
	DefaultMaxSourceBytes = 1 << 20
)

// WithMaxRules bounds the number of rules in a rule set (0 means
// DefaultMaxRules). A set with more does not compile.
func WithMaxRules(n int) Option {
	return func(c *compileConfig) error {
		if n < 0 {
			return fmt.Errorf("compensation: WithMaxRules(%d): must not be negative", n)
		}
		c.maxRules = n
		return nil
	}
}

// WithMaxSourceBytes bounds the size in bytes of the source given to
// Compile (0 means DefaultMaxSourceBytes).
func WithMaxSourceBytes(n int) Option {
	return func(c *compileConfig) error {
		if n < 0 {
			return fmt.Errorf("compensation: WithMaxSourceBytes(%d): must not be negative", n)
		}
		c.maxBytes = n
		return nil
	}
}

// WithFilename names the source in error messages ("rules.yaml:3:12: …").
func WithFilename(name string) Option {
	return func(c *compileConfig) error { c.file = name; return nil }
}

// WithCostLimit bounds the CEL cost of evaluating one expression
// (default celext.DefaultCostLimit, 100000). Rule sets from untrusted
// merchants should keep a limit.
func WithCostLimit(limit uint64) Option {
	return func(c *compileConfig) error { c.costLimit = limit; return nil }
}

// Rules is a compiled rule set. It is immutable and safe for concurrent use.
type Rules struct {
	id, description string
	currency        Currency
	mode            Mode
	rounding        Rounding
	cap             decimal.Decimal
	hasCap          bool
	shipWithin      time.Duration
	rules           []rule
	adapter         types.Adapter
	err             error // set by Statutory for invalid options; Calculate returns it
}

type rule struct {
	id, description, cite string
	when, amount          *celext.Program // when is nil for "always"
	cap                   decimal.Decimal
	hasCap                bool
}

// ID returns the rule set's id.
func (r *Rules) ID() string { return r.id }

// Description returns the rule set's description.
func (r *Rules) Description() string { return r.description }

// Currency returns the currency the rule set calculates in.
func (r *Rules) Currency() Currency { return r.currency }

// Mode returns how matching rules combine.
func (r *Rules) Mode() Mode { return r.mode }

// Err reports a problem found building the rule set (only Statutory with
// invalid options produces one); Calculate returns the same error.
func (r *Rules) Err() error { return r.err }

// Compile reads a rule set from YAML:
//
//	id: merchant-goodwill           # required
//	description: …
//	currency: CNY                   # default CNY
//	mode: sum                       # first-match (default) | sum
//	rounding: half-away-from-zero   # default; or half-even
//	cap: "800.00"                   # optional cap on the total
//	ship_within: 48h                # optional, for `late` (default 72h)
//	rules:
//	  - id: fraud                   # required, unique
//	    description: 退一赔三
//	    when: reason == 'fraud'     # CEL bool; optional, default true
//	    amount: max(price * 3, 500) # CEL decimal (ints mix freely), required
//	    cite: 消费者权益保护法第五十五条
//	    cap: "5000"                 # optional cap on this rule
//
// Expressions use the CEL dialect of internal/celext (decimal arithmetic,
// min, max, clamp, round, div with explicit places, calendar_days) over the
// variables listed on Input. Each amount is rounded to the currency's minor
// unit with the set's rounding, then capped. If the total exceeds the set's
// cap, the cap is split over the lines in proportion to their amounts
// (Allocate), so the lines still sum exactly to Total.
//
// Unknown fields, duplicate keys or ids, type errors (`prise`, a `when`
// that is not a bool, an `amount` that is not a number) and malformed caps
// are all reported at once as RuleErrors, each with line:column.
//
// For rule sets from untrusted sources: a set has at most DefaultMaxRules
// rules and DefaultMaxSourceBytes bytes of source (WithMaxRules,
// WithMaxSourceBytes); each expression evaluation is bounded by the cost
// limit (WithCostLimit); decimals in expressions are bounded to
// celext.MaxDecimalDigits digits and an exponent of ±celext.MaxDecimalExponent
// (decimal('1e10000') is an error, not seconds of big-number work).
func Compile(src []byte, opts ...Option) (*Rules, error) {
	var cfg compileConfig
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.maxRules == 0 {
		cfg.maxRules = DefaultMaxRules
	}
	if cfg.maxBytes == 0 {
		cfg.maxBytes = DefaultMaxSourceBytes
	}
	rd := &reader{file: cfg.file}
	if len(src) > cfg.maxBytes {
		rd.errorf(nil, "", "", "source of %d bytes is larger than the limit of %d (see WithMaxSourceBytes)", len(src), cfg.maxBytes)
		return nil, rd.errs
	}
	n := rd.document(src)
	if n == nil {
		return nil, rd.errs
	}
	ss := rd.set(n)
	rs := &Rules{id: ss.id.value, description: ss.description.value, currency: CNY, shipWithin: DefaultShipWithin}
	if !ss.id.set() || ss.id.value == "" {
		rd.errorf(n, "", "id", "missing rule-set id")
	}
	if ss.currency.set() {
		c, ok := LookupCurrency(ss.currency.value)
		if !ok {
			rd.errorf(ss.currency.node, "", "currency", "unknown currency %q", ss.currency.value)
		}
		rs.currency = c
	}
	switch ss.mode.value {
	case "", "first-match":
	case "sum":
		rs.mode = Sum
	default:
		rd.errorf(ss.mode.node, "", "mode", "unknown mode %q (want first-match or sum)", ss.mode.value)
	}
	switch ss.rounding.value {
	case "", "half-away-from-zero":
	case "half-even":
		rs.rounding = HalfEven
	default:
		rd.errorf(ss.rounding.node, "", "rounding", "unknown rounding %q (want half-away-from-zero or half-even)", ss.rounding.value)
	}
	if ss.cap.set() {
		rs.cap, rs.hasCap = rd.capValue(ss.cap, "", rs.currency)
	}
	if ss.shipWithin.set() {
		d, err := time.ParseDuration(ss.shipWithin.value)
		if err != nil || d <= 0 {
			rd.errorf(ss.shipWithin.node, "", "ship_within", "want a positive duration such as 72h, got %q", ss.shipWithin.value)
		}
		rs.shipWithin = d
	}
	if len(ss.rules) == 0 && len(rd.errs) == 0 {
		rd.errorf(n, "", "rules", "no rules")
	}
	if len(ss.rules) > cfg.maxRules {
		rd.errorf(ss.rulesNode, "", "rules", "%d rules, more than the limit of %d (see WithMaxRules)", len(ss.rules), cfg.maxRules)
		return nil, rd.errs
	}

	env, err := celext.NewEnv(
		celext.WithCostLimit(cfg.costLimit),
		celext.WithVariable("reason", ""),
		celext.WithVariable("price", decimal.Decimal{}),
		celext.WithVariable("quantity", 0),
		celext.WithVariable("loss", decimal.Decimal{}),
		celext.WithVariable("order_amount", decimal.Decimal{}),
		celext.WithVariable("paid_at", time.Time{}),
		celext.WithVariable("ship_by", time.Time{}),
		celext.WithVariable("shipped_at", time.Time{}),
		celext.WithVariable("now", time.Time{}),
		celext.WithVariable("shipped", false),
		celext.WithVariable("late", false),
		celext.WithVariable("label_flaw_only", false),
		celext.WithVariable("tags", []string{}),
		celext.WithVariable("attrs", map[string]any{}),
	)
	if err != nil {
		return nil, fmt.Errorf("compensation: %w", err)
	}
	rs.adapter = env.CEL().CELTypeAdapter()

	ids := map[string]bool{}
	for _, sr := range ss.rules {
		ru := rule{id: sr.id.value, description: sr.description.value, cite: sr.cite.value}
		switch {
		case !sr.id.set() || sr.id.value == "":
			rd.errorf(sr.node, "", "id", "missing rule id")
		case ids[sr.id.value]:
			rd.errorf(sr.id.node, sr.id.value, "id", "duplicate rule id %q", sr.id.value)
		}
		ids[sr.id.value] = true
		if sr.when.set() {
			ru.when = rd.expr(env, sr.when, ru.id, "when", cel.BoolType)
		}
		if sr.amount.set() {
			ru.amount = rd.expr(env, sr.amount, ru.id, "amount", nil)
			if ru.amount != nil && !numeric(ru.amount.OutputType()) {
				rd.errorf(sr.amount.node, ru.id, "amount", "expression has type %s, want a decimal", ru.amount.OutputType())
			}
		} else if sr.node.Kind == yaml.MappingNode {
			rd.errorf(sr.node, ru.id, "amount", "missing amount")
		}
		if sr.cap.set() {
			ru.cap, ru.hasCap = rd.capValue(sr.cap, ru.id, rs.currency)
		}
		rs.rules = append(rs.rules, ru)
	}
	if len(rd.errs) > 0 {
		return nil, rd.errs
	}
	return rs, nil
}

// numeric reports whether a CEL type can be read as a decimal.
func numeric(t *cel.Type) bool {
	return t.IsExactType(celext.DecimalType) || t.IsExactType(cel.IntType) ||
		t.IsExactType(cel.UintType) || t.IsExactType(cel.DynType)
}

// capValue reads a cap: a plain decimal in the currency's minor unit, >= 0.
func (r *reader) capValue(s scalar, ruleID string, cur Currency) (decimal.Decimal, bool) {
	v, err := cur.Parse(s.value)
	if err == nil && v.Sign() < 0 {
		err = fieldErr("cap", ErrNegative, "") // unwrapped below: the message names ErrNegative
	}
	if err != nil {
		r.errorf(s.node, ruleID, "cap", "want a non-negative amount such as \"500.00\", got %q (%v)", s.value, errors.Unwrap(err))
		return decimal.Decimal{}, false
	}
	return roundTo(v, cur.Digits, HalfAwayFromZero), true
}

// expr compiles one expression, reporting problems at their source position.
func (r *reader) expr(env *celext.Env, s scalar, ruleID, field string, want *cel.Type) *celext.Program {
	prg, err := env.Compile(s.value, want)
	if err == nil {
		return prg
	}
	var ce *celext.CompileError
	if !errors.As(err, &ce) {
		r.errorf(s.node, ruleID, field, "%v", err)
		return nil
	}
	for _, is := range ce.Issues {
		line, col := r.position(s, is.Line, is.Column)
		r.add(&RuleError{File: r.file, Line: line, Column: col, Rule: ruleID, Field: field, Msg: is.Message})
	}
	return nil
}

// Calculate applies the rule set to in. It returns a *FieldError for bad
// input (negative or over-precise amounts, a different currency, a negative
// quantity) and an *EvalError when a rule fails (a CEL runtime error, the
// cost limit, a cancelled ctx, or a negative amount).
func (r *Rules) Calculate(ctx context.Context, in Input) (Result, error) {
	if r == nil {
		return Result{}, errors.New("compensation: Calculate on nil *Rules")
	}
	if r.err != nil {
		return Result{}, r.err
	}
	cur := r.currency
	if in.Currency != (Currency{}) && in.Currency != cur {
		return Result{}, fieldErr("in.Currency", ErrCurrency, fmt.Sprintf("rules %s calculate in %s, input is in %s", r.id, cur, in.Currency))
	}
	for _, f := range [...]struct {
		name string
		v    decimal.Decimal
	}{{"in.Price", in.Price}, {"in.Loss", in.Loss}, {"in.OrderAmount", in.OrderAmount}} {
		if err := checkAmount(f.name, f.v, cur, false); err != nil {
			return Result{}, err
		}
	}
	if in.Quantity < 0 {
		return Result{}, fieldErr("in.Quantity", ErrNegative, fmt.Sprint(in.Quantity))
	}

	act := activation{in: &in, r: r}
	res := Result{Currency: cur}
	for i := range r.rules {
		ru := &r.rules[i]
		if err := ctx.Err(); err != nil {
			return Result{}, &EvalError{Rules: r.id, Rule: ru.id, Field: "when", Err: err}
		}
		if ru.when != nil {
			ok, err := ru.when.Bool(ctx, &act)
			if err != nil {
				return Result{}, &EvalError{Rules: r.id, Rule: ru.id, Field: "when", Err: err}
			}
			if !ok {
				continue
			}
		}
		v, err := ru.amount.Decimal(ctx, &act)
		if err == nil {
			switch {
			case v.Sign() < 0:
				err = fmt.Errorf("%w: %s", ErrNegative, show(v))
			case !v.IsZero() && magnitude(v) > maxIntDigits:
				err = fmt.Errorf("%w: %s", ErrRange, show(v))
			}
		}
		if err != nil {
			return Result{}, &EvalError{Rules: r.id, Rule: ru.id, Field: "amount", Err: err}
		}
		line := ResultLine{Rule: ru.id, Description: ru.description, Cite: ru.cite, Amount: roundTo(v, cur.Digits, r.rounding)}
		if ru.hasCap && line.Amount.Cmp(ru.cap) > 0 {
			line.Amount, line.Capped, res.Capped = ru.cap, true, true
		}
		res.Lines = append(res.Lines, line)
		if r.mode == FirstMatch {
			break
		}
	}
	// Every line is rounded to the minor unit, so plain decimal addition is
	// exact and keeps the exponent at -digits.
	res.Total = decimal.New(0, -cur.Digits)
	for _, l := range res.Lines {
		res.Total = res.Total.Add(l.Amount)
	}
	if r.hasCap && res.Total.Cmp(r.cap) > 0 {
		r.applyCap(&res)
	}
	return res, nil
}

// applyCap scales the lines down so they sum exactly to the set's cap, each
// in proportion to its amount (largest remainder).
func (r *Rules) applyCap(res *Result) {
	var weights []decimal.Decimal
	var at []int
	for i, l := range res.Lines {
		if l.Amount.Sign() > 0 {
			weights = append(weights, l.Amount)
			at = append(at, i)
		}
	}
	parts, err := Allocate(r.cap, weights, r.currency.Digits)
	if err != nil {
		// Unreachable: the cap is a validated non-negative amount and the
		// total above it is positive, so some weight is. Keep the total
		// honest anyway rather than return lines that exceed the cap.
		return
	}
	for k, p := range parts {
		l := &res.Lines[at[k]]
		if !p.Equal(l.Amount) {
			l.Amount, l.Capped = p, true
		}
	}
	res.Total, res.Capped = r.cap, true
}

// activation resolves the CEL variables of one Calculate call, converting
// each Input field once, on first use.
type activation struct {
	in   *Input
	r    *Rules
	vals [numVars]ref.Val
}

const (
	varReason = iota
	varPrice
	varQuantity
	varLoss
	varOrderAmount
	varPaidAt
	varShipBy
	varShippedAt
	varNow
	varShipped
	varLate
	varLabelFlawOnly
	varTags
	varAttrs
	numVars
)

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	var i int
	switch name {
	case "reason":
		i = varReason
	case "price":
		i = varPrice
	case "quantity":
		i = varQuantity
	case "loss":
		i = varLoss
	case "order_amount":
		i = varOrderAmount
	case "paid_at":
		i = varPaidAt
	case "ship_by":
		i = varShipBy
	case "shipped_at":
		i = varShippedAt
	case "now":
		i = varNow
	case "shipped":
		i = varShipped
	case "late":
		i = varLate
	case "label_flaw_only":
		i = varLabelFlawOnly
	case "tags":
		i = varTags
	case "attrs":
		i = varAttrs
	default:
		return nil, false
	}
	if a.vals[i] == nil {
		a.vals[i] = a.value(i)
	}
	return a.vals[i], true
}

func (a *activation) value(i int) ref.Val {
	in := a.in
	switch i {
	case varReason:
		return types.String(in.Reason)
	case varPrice:
		return celext.DecimalOf(in.Price)
	case varQuantity:
		return types.Int(in.Quantity)
	case varLoss:
		return celext.DecimalOf(in.Loss)
	case varOrderAmount:
		return celext.DecimalOf(in.OrderAmount)
	case varPaidAt:
		return types.Timestamp{Time: in.PaidAt}
	case varShipBy:
		return types.Timestamp{Time: a.shipBy()}
	case varShippedAt:
		return types.Timestamp{Time: in.ShippedAt}
	case varNow:
		return types.Timestamp{Time: in.Now}
	case varShipped:
		return types.Bool(!in.ShippedAt.IsZero())
	case varLate:
		return types.Bool(a.late())
	case varLabelFlawOnly:
		return types.Bool(in.LabelFlawOnly)
	case varTags:
		return types.NewStringList(a.r.adapter, in.Tags)
	case varAttrs:
		if in.Attrs == nil {
			return types.NewStringInterfaceMap(a.r.adapter, map[string]any{})
		}
		return types.NewStringInterfaceMap(a.r.adapter, in.Attrs)
	}
	return types.NewErr("unknown variable")
}

// shipBy is the promised ship-by time: ShipBy, or PaidAt + ship_within.
func (a *activation) shipBy() time.Time {
	if !a.in.ShipBy.IsZero() || a.in.PaidAt.IsZero() {
		return a.in.ShipBy
	}
	return a.in.PaidAt.Add(a.r.shipWithin)
}

func (a *activation) late() bool {
	by := a.shipBy()
	switch {
	case by.IsZero():
		return false
	case !a.in.ShippedAt.IsZero():
		return a.in.ShippedAt.After(by)
	default:
		return !a.in.Now.IsZero() && a.in.Now.After(by)
	}
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }
