package celext

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
)

// Defaults for the safety knobs.
const (
	// DefaultCostLimit bounds one evaluation of one expression. The statutory
	// rules cost under 100; a limit a thousand times that still stops a
	// runaway comprehension in well under a millisecond.
	DefaultCostLimit = 100_000
	// DefaultMaxExpressionLength bounds the source of one expression, in code points.
	DefaultMaxExpressionLength = 4096
)

// interruptAbove is the estimated cost above which an evaluation watches its
// context: tens of microseconds of work.
const interruptAbove = 10_000

// ErrCostLimit is returned (wrapped) when an evaluation exceeds its cost limit.
var ErrCostLimit = errors.New("cost limit exceeded")

// Option configures an Env.
type Option func(*config) error

type config struct {
	loc         *time.Location
	costLimit   uint64
	maxLen      int
	maxSize     int
	workingDays func(from, to time.Time) (int, error)
	vars        []variable
	functions   []cel.EnvOption
}

type variable struct {
	name string
	typ  reflect.Type
}

// WithTimeZone sets the zone calendar_days counts local dates in. The default
// is Asia/Shanghai.
func WithTimeZone(loc *time.Location) Option {
	return func(c *config) error {
		if loc == nil {
			return errors.New("celext: WithTimeZone(nil)")
		}
		c.loc = loc
		return nil
	}
}

// WithCostLimit bounds the cost of one evaluation of one expression (CEL cost
// units; 0 restores DefaultCostLimit).
func WithCostLimit(limit uint64) Option {
	return func(c *config) error {
		if limit == 0 {
			limit = DefaultCostLimit
		}
		c.costLimit = limit
		return nil
	}
}

// WithMaxValueSize bounds the size of the value of one expression whose
// result is a string, bytes, a list or a map: bytes and elements counted
// through every level (0 restores DefaultMaxValueSize). A larger result is
// an error wrapping ErrValueTooLarge.
func WithMaxValueSize(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("celext: WithMaxValueSize(%d): must not be negative", n)
		}
		if n == 0 {
			n = DefaultMaxValueSize
		}
		c.maxSize = n
		return nil
	}
}

// WithMaxExpressionLength bounds the length of one expression in code points.
func WithMaxExpressionLength(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("celext: WithMaxExpressionLength(%d): must be positive", n)
		}
		c.maxLen = n
		return nil
	}
}

// WithWorkingDays makes working_days(from, to) available, counted by fn
// (typically an sla.Calendar). Without it working_days is not declared, so a
// policy using it fails to compile rather than guessing.
func WithWorkingDays(fn func(from, to time.Time) (int, error)) Option {
	return func(c *config) error {
		c.workingDays = fn
		return nil
	}
}

// WithVariable declares a variable of the Go type of sample. Structs are
// exposed field by field with snake_case names (see FieldName);
// decimal.Decimal is a decimal, time.Time a timestamp.
func WithVariable(name string, sample any) Option {
	return func(c *config) error {
		if sample == nil {
			return fmt.Errorf("celext: WithVariable(%q, nil)", name)
		}
		c.vars = append(c.vars, variable{name: name, typ: reflect.TypeOf(sample)})
		return nil
	}
}

// WithFunctions adds CEL declarations (cel.Function, cel.Constant, …), for
// example a merchant's own functions.
func WithFunctions(opts ...cel.EnvOption) Option {
	return func(c *config) error {
		c.functions = append(c.functions, opts...)
		return nil
	}
}

// Env compiles expressions of the aftersales CEL dialect. It is immutable
// once built and safe for concurrent use.
type Env struct {
	env       *cel.Env
	costLimit uint64
	maxSize   int
	loc       *time.Location
	sizes     inputSizes
}

// NewEnv builds an Env with the decimal type, the date functions, the
// declared variables and the safety limits.
func NewEnv(opts ...Option) (*Env, error) {
	cfg := config{costLimit: DefaultCostLimit, maxLen: DefaultMaxExpressionLength, maxSize: DefaultMaxValueSize}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.loc == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			// No tz database: China has had no DST since 1991, so UTC+8 is exact
			// for every date a policy deals with.
			loc = time.FixedZone("CST", 8*3600)
		}
		cfg.loc = loc
	}

	reg := &structRegistry{byType: map[reflect.Type]*structType{}}
	envOpts := []cel.EnvOption{
		cel.OptionalTypes(),
		cel.ParserExpressionSizeLimit(cfg.maxLen),
		cel.CrossTypeNumericComparisons(true),
	}
	for _, v := range cfg.vars {
		t, err := reg.celType(v.typ)
		if err != nil {
			return nil, fmt.Errorf("celext: variable %q: %w", v.name, err)
		}
		envOpts = append(envOpts, cel.Variable(v.name, t))
	}
	adapter := &decimalAdapter{}
	for _, st := range reg.order {
		st.adapter = adapter
		envOpts = append(envOpts, cel.Types(st))
	}
	envOpts = append(envOpts, decimalLibrary()...)
	envOpts = append(envOpts, dateLibrary(cfg.loc, cfg.workingDays)...)
	envOpts = append(envOpts, cfg.functions...)
	env, err := cel.NewEnv(envOpts...)
	if err != nil {
		return nil, fmt.Errorf("celext: %w", err)
	}
	adapter.next = env.CELTypeAdapter()
	if env, err = env.Extend(cel.CustomTypeAdapter(adapter)); err != nil {
		return nil, fmt.Errorf("celext: %w", err)
	}
	sizes := inputSizes{inputs: map[string]bool{}}
	for _, v := range cfg.vars {
		sizes.inputs[v.name] = true
	}
	return &Env{env: env, costLimit: cfg.costLimit, maxSize: cfg.maxSize, loc: cfg.loc, sizes: sizes}, nil
}

// decimalAdapter converts decimal.Decimal values found in maps and lists
// (attrs) to Decimal, and hands everything else to the registry.
type decimalAdapter struct{ next types.Adapter }

func (a *decimalAdapter) NativeToValue(v any) ref.Val {
	switch d := v.(type) {
	case ref.Val: // most field reads are converted already
		return d
	case decimal.Decimal:
		return Decimal{d}
	case *decimal.Decimal:
		if d != nil {
			return Decimal{*d}
		}
	}
	return a.next.NativeToValue(v)
}

// CEL returns the underlying cel.Env, for callers that need cel-go directly.
func (e *Env) CEL() *cel.Env { return e.env }

// CompileInternal compiles an expression generated by a caller from
// expressions that already compiled on their own, such as a chain of rule
// conditions: the expression length limit, meant for authored text, does not
// apply.
func (e *Env) CompileInternal(expr string, want *cel.Type) (*Program, error) {
	unlimited, err := e.env.Extend(cel.ParserExpressionSizeLimit(-1), cel.ParserRecursionLimit(10_000))
	if err != nil {
		return nil, fmt.Errorf("celext: %w", err)
	}
	return e.compile(expr, want, unlimited)
}

// Compile parses and type-checks expr and plans it for evaluation. want, if
// not nil, is the type the expression must have (cel.BoolType for a
// condition, DecimalType for an amount). Errors are *CompileError with every
// problem and its position in expr.
func (e *Env) Compile(expr string, want *cel.Type) (*Program, error) {
	return e.compile(expr, want, e.env)
}

func (e *Env) compile(expr string, want *cel.Type, parseEnv *cel.Env) (*Program, error) {
	parsed, iss := parseEnv.Parse(expr)
	if iss.Err() != nil {
		return nil, newCompileError(expr, iss)
	}
	checked, iss := e.check(parsed)
	if iss.Err() != nil {
		return nil, newCompileError(expr, iss)
	}
	if want != nil && !checked.OutputType().IsAssignableType(want) {
		return nil, &CompileError{Expr: expr, Issues: []Issue{{Line: 1, Column: 1,
			Message: fmt.Sprintf("expression has type %s, want %s", checked.OutputType(), want)}}}
	}
	// An expression whose worst case is provably under the limit needs no
	// run-time cost tracking, which would otherwise cost every evaluation;
	// one that may loop for long checks the context as it goes.
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize), cel.CustomDecoratorV2(foldConstants)}
	est, err := e.env.EstimateCost(checked, e.sizes)
	tracked := err != nil || est.Max > e.costLimit
	interruptible := err != nil || est.Max > interruptAbove
	if tracked {
		opts = append(opts, cel.CostLimit(e.costLimit))
	}
	if interruptible {
		opts = append(opts, cel.InterruptCheckFrequency(64))
	}
	prg, err := e.env.Program(checked, opts...)
	if err != nil {
		return nil, &CompileError{Expr: expr, Issues: []Issue{{Line: 1, Column: 1, Message: err.Error()}}}
	}
	out := &Program{prg: prg, expr: expr, interruptible: interruptible, out: checked.OutputType(),
		timeArgs: timeArgs(checked.NativeRep())}
	switch checked.OutputType().Kind() {
	case types.StringKind, types.BytesKind, types.ListKind, types.MapKind, types.DynKind, types.AnyKind:
		out.maxSize = e.maxSize
	}
	if !tracked && !interruptible {
		fc := &fastCompiler{a: checked.NativeRep(), provider: e.env.CELTypeProvider(),
			adapter: e.env.CELTypeAdapter(), loc: e.loc}
		out.fast = fc.compile(checked.NativeRep().Expr())
	}
	if e := checked.NativeRep().Expr(); e.Kind() == ast.LiteralKind {
		out.constant = e.AsLiteral()
	}
	return out, nil
}

// Program is a compiled expression, safe for concurrent use.
type Program struct {
	prg           cel.Program
	expr          string
	interruptible bool
	out           *cel.Type
	constant      ref.Val // the value of a literal expression, else nil
	fast          fastFn  // the closure tree of fast.go, when the expression allows one
	maxSize       int     // the bound on the size of the result, when it may be large; else 0
	// timeArgs names the arguments of calendar_days and working_days for
	// an *UnsetTimeError (see timeArgs).
	timeArgs map[string][2]string
}

// Constant returns the value of an expression that is a literal, such as
// 'buyer' or true, so callers can skip evaluating it.
func (p *Program) Constant() (ref.Val, bool) { return p.constant, p.constant != nil }

// Expr returns the expression's source.
func (p *Program) Expr() string { return p.expr }

// OutputType returns the checked type of the expression.
func (p *Program) OutputType() *cel.Type { return p.out }

// Eval evaluates the program. Programs whose cost is not bounded statically
// stop at the cost limit (ErrCostLimit); programs that may run long stop when
// ctx is done (ctx.Err()). Short ones run to completion: they take less time
// than a context check.
func (p *Program) Eval(ctx context.Context, vars interpreter.Activation) (ref.Val, error) {
	var (
		out ref.Val
		err error
	)
	if p.fast != nil {
		if out = p.fast(vars); types.IsError(out) {
			return nil, nameUnset(out.(*types.Err), p.timeArgs)
		}
		return p.sized(out)
	}
	if p.interruptible && ctx.Done() != nil {
		out, _, err = p.prg.ContextEval(ctx, vars)
	} else {
		out, _, err = p.prg.Eval(vars)
	}
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case strings.Contains(err.Error(), "cost limit exceeded"):
			return nil, fmt.Errorf("%w: %v", ErrCostLimit, err)
		}
		return nil, nameUnset(err, p.timeArgs)
	}
	return p.sized(out)
}

// sized checks the size of a result that may be large.
func (p *Program) sized(v ref.Val) (ref.Val, error) {
	if p.maxSize > 0 {
		if err := checkSize(v, p.maxSize); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Bool evaluates a boolean program.
func (p *Program) Bool(ctx context.Context, vars interpreter.Activation) (bool, error) {
	v, err := p.Eval(ctx, vars)
	if err != nil {
		return false, err
	}
	b, ok := v.(types.Bool)
	if !ok {
		return false, fmt.Errorf("expression returned %s, want bool", v.Type().TypeName())
	}
	return bool(b), nil
}

// Decimal evaluates a numeric program as a decimal.
func (p *Program) Decimal(ctx context.Context, vars interpreter.Activation) (decimal.Decimal, error) {
	v, err := p.Eval(ctx, vars)
	if err != nil {
		return decimal.Decimal{}, err
	}
	d, ok := ToDecimal(v)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("expression returned %s, want a number", v.Type().TypeName())
	}
	return d, nil
}

// Var is a variable for ExtendVars: a name and its CEL type.
type Var struct {
	Name string
	Type *cel.Type
}

// ExtendVars returns an Env that also declares vars, for example policy
// variables whose types are the output types of their programs. It is one
// step whatever the number of variables: extending once per variable would
// make declaring n variables cost n² (every extension copies and re-indexes
// every declaration before it).
func (e *Env) ExtendVars(vars ...Var) (*Env, error) {
	if len(vars) == 0 {
		return e, nil
	}
	opts := make([]cel.EnvOption, len(vars))
	for i, v := range vars {
		opts[i] = cel.Variable(v.Name, v.Type)
	}
	env, err := e.env.Extend(opts...)
	if err != nil {
		return nil, fmt.Errorf("celext: %w", err)
	}
	return &Env{env: env, costLimit: e.costLimit, maxSize: e.maxSize, loc: e.loc, sizes: e.sizes}, nil
}

// Idents returns the names expr uses as identifiers (the variables it may
// read), without checking it; nil when it does not parse.
func (e *Env) Idents(expr string) []string {
	parsed, iss := e.env.Parse(expr)
	if iss.Err() != nil {
		return nil
	}
	var names []string
	ast.PostOrderVisit(parsed.NativeRep().Expr(), ast.NewExprVisitor(func(x ast.Expr) {
		if x.Kind() == ast.IdentKind {
			names = append(names, x.AsIdent())
		}
	}))
	return names
}

// HasFast reports whether the program evaluates on the fast path (tests, diagnostics).
func (p *Program) HasFast() bool { return p.fast != nil }
