package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/parser"

	"github.com/aftersales-go/aftersales/internal/boundedread"
	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// Policy is a compiled policy: every expression parsed, type-checked against
// the Input schema and planned once. A Policy is immutable and safe for
// concurrent use.
type Policy struct {
	id          string
	description string
	loc         *time.Location
	from, until time.Time // zero when open-ended; until is exclusive
	vars        []variable
	varIndex    map[string]int
	rules       []*rule
	def         *rule
	trace       bool
	floor       bool // `floor: true`: a baseline that other policies of a Set add to
	// chain is all the rules' conditions in one program, returning the
	// index of the first that holds (or -1): one evaluation per decision
	// instead of one per rule tried. Nil when it could not be built (a very
	// long policy); decide then walks the rules one by one.
	chain *celext.Program
}

type variable struct {
	name string
	prg  *celext.Program
}

type rule struct {
	id      string
	when    *celext.Program // nil for the default
	effect  Effect
	remedy  Remedy
	message []segment
	cite    string
	outputs []output
	// conjuncts are the top-level && parts of when, compiled only with
	// WithTrace, to say which part was false.
	conjuncts []*celext.Program
}

type output struct {
	name  string
	prg   *celext.Program
	value any // the value of a constant expression ('buyer', true), computed once
}

// segment is a literal piece of a message or, when prg is set, a ${…}
// expression; variable is set when the expression is just a policy
// variable's name, whose value the decision has already computed.
type segment struct {
	text     string
	prg      *celext.Program
	variable string
}

// ID returns the policy's id (`policy:` in YAML).
func (p *Policy) ID() string { return p.id }

// Description returns the policy's description.
func (p *Policy) Description() string { return p.description }

// Rules returns the ids of the rules in order.
func (p *Policy) Rules() []string {
	ids := make([]string, len(p.rules))
	for i, r := range p.rules {
		ids[i] = r.id
	}
	return ids
}

// Floor reports whether the policy is a floor (`floor: true`): a baseline,
// such as the statutory set, that the other policies of a Set add to. See Set.
func (p *Policy) Floor() bool { return p.floor }

// InEffect reports whether the policy's `effective` period contains t.
func (p *Policy) InEffect(t time.Time) bool {
	return (p.from.IsZero() || !t.Before(p.from)) && (p.until.IsZero() || t.Before(p.until))
}

// Compile compiles one YAML policy document. Every problem is reported at
// once as an ErrorList of *Error with file:line:col.
func Compile(src []byte, opts ...Option) (*Policy, error) {
	ps, err := compileAll(src, opts)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, ErrorList{{File: optionsFile(opts), Msg: fmt.Sprintf("want one policy document, found %d (use Load for several)", len(ps))}}
	}
	return ps[0], nil
}

// CompileAll compiles every policy document of one source (documents are
// separated by ---). Name the source with WithFilename for error positions.
func CompileAll(src []byte, opts ...Option) ([]*Policy, error) {
	return compileAll(src, opts)
}

// Load compiles every policy document in the files of fsys matching the
// patterns (path.Match syntax, e.g. "policies/*.yaml"). It returns all
// problems in all files at once.
func Load(fsys fs.FS, patterns ...string) ([]*Policy, error) {
	return LoadWith(fsys, nil, patterns...)
}

// LoadWith is Load with options applied to every policy.
func LoadWith(fsys fs.FS, opts []Option, patterns ...string) ([]*Policy, error) {
	var (
		out  []*Policy
		errs ErrorList
	)
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	seen := map[string]string{}
	for _, pat := range patterns {
		names, err := fs.Glob(fsys, pat)
		if err != nil {
			errs = append(errs, &Error{File: pat, Msg: err.Error()})
			continue
		}
		if len(names) == 0 {
			errs = append(errs, &Error{File: pat, Msg: "no files match"})
		}
		for _, name := range names {
			src, err := readFile(fsys, name, &o)
			if err != nil {
				errs = append(errs, &Error{File: name, Msg: err.Error()})
				continue
			}
			ps, err := compileAll(src, append(append([]Option{}, opts...), WithFilename(name)))
			var list ErrorList
			if errors.As(err, &list) {
				errs = append(errs, list...)
			} else if err != nil {
				errs = append(errs, &Error{File: name, Msg: err.Error()})
			}
			for _, p := range ps {
				if prev, dup := seen[p.id]; dup {
					errs = append(errs, &Error{File: name, Policy: p.id, Msg: fmt.Sprintf("policy %q is also defined in %s", p.id, prev)})
					continue
				}
				seen[p.id] = name
				out = append(out, p)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// readFile reads a regular file of fsys, no more than the source limit.
func readFile(fsys fs.FS, name string, o *options) ([]byte, error) {
	src, err := boundedread.File(fsys, name, o.maxSourceBytes())
	if errors.Is(err, boundedread.ErrTooLarge) {
		return nil, fmt.Errorf("%w (see WithMaxSourceBytes)", err)
	}
	return src, err
}

func optionsFile(opts []Option) string {
	var o options
	for _, opt := range opts {
		_ = opt(&o)
	}
	return o.filename
}

// compileAll compiles every document of one file.
func compileAll(src []byte, opts []Option) ([]*Policy, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if len(src) > o.maxSourceBytes() {
		return nil, ErrorList{{File: o.filename, Msg: fmt.Sprintf("source of %d bytes is larger than the limit of %d (see WithMaxSourceBytes)", len(src), o.maxSourceBytes())}}
	}
	r := &reader{file: o.filename, src: src, lines: yamlsrc.Lines(src)}
	var out []*Policy
	for _, n := range r.documents() {
		before := len(r.errs)
		d := r.doc(n)
		if p := r.compile(d, &o); p != nil {
			out = append(out, p)
		}
		for _, e := range r.errs[before:] {
			e.Policy = d.id.value
		}
	}
	if len(out) == 0 && len(r.errs) == 0 {
		r.errorf(nil, "", "no policy document")
	}
	end := yamlsrc.EndOf(src) // every error points into the file
	for _, e := range r.errs {
		e.Line, e.Column = end.Clamp(e.Line, e.Column)
	}
	if err := r.errs.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// compile turns one document into a Policy, or records why it cannot.
func (r *reader) compile(d sourceDoc, o *options) *Policy {
	before := len(r.errs)
	p := &Policy{id: d.id.value, description: d.description.value, trace: o.trace}

	p.loc = o.loc
	if p.loc == nil && d.timezone.set() {
		loc, err := time.LoadLocation(d.timezone.value)
		if err != nil {
			r.errorf(d.timezone.node, "timezone", "unknown time zone %q", d.timezone.value)
		}
		p.loc = loc
	}
	if p.loc == nil {
		p.loc = shanghai()
	}
	switch d.floor.value {
	case "", "false":
	case "true":
		p.floor = true
	default:
		r.errorf(d.floor.node, "floor", "want true or false, got %q", d.floor.value)
	}
	p.from = r.date(d.from, "effective.from", p.loc, false)
	p.until = r.date(d.until, "effective.until", p.loc, true)
	if !p.from.IsZero() && !p.until.IsZero() && !p.until.After(p.from) {
		r.errorf(d.until.node, "effective.until", "until is not after from")
	}

	env, err := newEnv(p.loc, o)
	if err != nil {
		r.errorf(nil, "", "%v", err)
		return nil
	}
	if n := len(d.variables); n > o.maxVariables() {
		r.errorf(d.variablesNode, "variables", "%d variables, more than the limit of %d (see WithMaxVariables)", n, o.maxVariables())
		return nil
	}
	if n := len(d.rules); n > o.maxRules() {
		r.errorf(d.rulesNode, "rules", "%d rules, more than the limit of %d (see WithMaxRules)", n, o.maxRules())
		return nil
	}
	// Each variable is checked in an environment declaring just the
	// earlier variables it names, and the rules in one declaring them all:
	// compiling stays linear in the number of variables.
	p.varIndex = map[string]int{}
	types := map[string]*cel.Type{}
	var decls []celext.Var
	for _, v := range d.variables {
		var uses []celext.Var
		seen := map[string]bool{}
		for _, name := range env.Idents(v.expr.value) {
			if t, ok := types[name]; ok && !seen[name] {
				seen[name] = true
				uses = append(uses, celext.Var{Name: name, Type: t})
			}
		}
		venv, err := env.ExtendVars(uses...)
		if err != nil {
			r.errorf(v.name.node, "variables."+v.name.value, "%v", err)
			continue
		}
		prg := r.expr(venv, v.expr, "", "variables."+v.name.value, nil)
		if prg == nil {
			continue
		}
		if _, dup := p.varIndex[v.name.value]; dup || reserved[v.name.value] {
			r.errorf(v.name.node, "variables", "variable name %q is already taken", v.name.value)
			continue
		}
		types[v.name.value] = prg.OutputType()
		decls = append(decls, celext.Var{Name: v.name.value, Type: prg.OutputType()})
		p.varIndex[v.name.value] = len(p.vars)
		p.vars = append(p.vars, variable{name: v.name.value, prg: prg})
	}
	if env, err = env.ExtendVars(decls...); err != nil {
		r.errorf(d.variablesNode, "variables", "%v", err)
		return nil
	}

	ids := map[string]bool{DefaultRule: true}
	for i, sr := range d.rules {
		field := fmt.Sprintf("rules[%d]", i)
		if !sr.id.set() || sr.id.value == "" {
			r.errorf(sr.node, field, "missing rule id")
		} else if ids[sr.id.value] {
			r.errorf(sr.id.node, field, "duplicate rule id %q", sr.id.value)
		}
		ids[sr.id.value] = true
		if !sr.when.set() {
			r.errorf(sr.node, field, "rule %q has no `when`", sr.id.value)
		}
		if ru := r.rule(env, sr, o, p.varIndex); ru != nil {
			p.rules = append(p.rules, ru)
		}
	}
	if d.def != nil {
		d.def.id = scalar{value: DefaultRule}
		p.def = r.rule(env, *d.def, o, p.varIndex)
	} else {
		p.def = &rule{id: DefaultRule, effect: Deny}
	}
	if len(r.errs) > before {
		return nil
	}
	p.chain = chain(env, d.rules)
	return p
}

// chain compiles `w0 ? 0 : w1 ? 1 : … : -1` from the rules' conditions,
// which have each compiled on their own already.
func chain(env *celext.Env, rules []sourceRule) *celext.Program {
	var b strings.Builder
	for i, r := range rules {
		fmt.Fprintf(&b, "(%s) ? %d : ", r.when.value, i)
	}
	b.WriteString("-1")
	prg, err := env.CompileInternal(b.String(), cel.IntType)
	if err != nil {
		return nil
	}
	return prg
}

// reserved names cannot be variables: they are the inputs.
var reserved = map[string]bool{"request": true, "order": true, "item": true, "customer": true, "now": true}

func (r *reader) rule(env *celext.Env, sr sourceRule, o *options, vars map[string]int) *rule {
	ru := &rule{id: sr.id.value, cite: sr.cite.value}
	ok := true
	if sr.when.set() {
		ru.when = r.expr(env, sr.when, ru.id, "when", cel.BoolType)
		ok = ru.when != nil
		if ok && o.trace {
			ru.conjuncts = r.conjuncts(env, sr.when)
		}
	}
	ru.effect = Effect(sr.effect.value)
	if !sr.effect.set() {
		r.errorf(sr.node, "effect", "rule %q: missing effect (allow, deny or review)", ru.id)
		ok = false
	} else if !ru.effect.valid() {
		r.errorf(sr.effect.node, "effect", "rule %q: unknown effect %q (want allow, deny or review)", ru.id, sr.effect.value)
		ok = false
	}
	ru.remedy = Remedy(sr.remedy.value)
	if !ru.remedy.valid() {
		r.errorf(sr.remedy.node, "remedy", "rule %q: unknown remedy %q (want return, exchange, repair or refund_only)", ru.id, sr.remedy.value)
		ok = false
	}
	if sr.message.set() {
		segs, good := r.template(env, sr.message, ru.id, vars)
		ru.message, ok = segs, ok && good
	}
	for _, out := range sr.outputs {
		prg := r.expr(env, out.expr, ru.id, "outputs."+out.name.value, nil)
		if prg == nil {
			ok = false
			continue
		}
		o := output{name: out.name.value, prg: prg}
		if v, ok := prg.Constant(); ok {
			o.value = native(v)
		}
		ru.outputs = append(ru.outputs, o)
	}
	if !ok {
		return nil
	}
	return ru
}

// expr compiles one expression, reporting problems at their file position.
func (r *reader) expr(env *celext.Env, s scalar, ruleID, field string, want *cel.Type) *celext.Program {
	prg, err := env.Compile(s.value, want)
	if err == nil {
		return prg
	}
	var ce *celext.CompileError
	if !errors.As(err, &ce) {
		r.errorf(s.node, field, "%v", err)
		return nil
	}
	for _, is := range ce.Issues {
		line, col := r.position(s, is.Line, is.Column)
		r.errs = append(r.errs, &Error{File: r.file, Line: line, Column: col, Rule: ruleID, Field: field, Msg: is.Message})
	}
	return nil
}

// template compiles a message: literal text with ${expr} parts.
var templatePart = regexp.MustCompile(`\$\{([^}]*)\}`)

func (r *reader) template(env *celext.Env, s scalar, ruleID string, vars map[string]int) ([]segment, bool) {
	var segs []segment
	ok := true
	last := 0
	for _, m := range templatePart.FindAllStringSubmatchIndex(s.value, -1) {
		if m[0] > last {
			segs = append(segs, segment{text: s.value[last:m[0]]})
		}
		expr := s.value[m[2]:m[3]]
		prg, err := env.Compile(expr, nil)
		if err != nil {
			r.templateError(s, m[2], err, ruleID)
			ok = false
		}
		seg := segment{text: expr, prg: prg}
		if _, isVar := vars[strings.TrimSpace(expr)]; isVar {
			seg.variable = strings.TrimSpace(expr)
		}
		segs = append(segs, seg)
		last = m[1]
	}
	if last < len(s.value) {
		if i := strings.Index(s.value[last:], "${"); i >= 0 {
			line, col := r.exprPosition(s, last+i, 1, 1)
			r.errs = append(r.errs, &Error{File: r.file, Line: line, Column: col, Rule: ruleID, Field: "message",
				Msg: "unclosed ${: write ${expression} (a literal \"${\" cannot appear in a message)"})
			ok = false
		}
		segs = append(segs, segment{text: s.value[last:]})
	}
	return segs, ok
}

// templateError reports the compile error of the ${…} expression starting
// at byte off of the message: each problem once, at its own file:line:col.
func (r *reader) templateError(s scalar, off int, err error, ruleID string) {
	var ce *celext.CompileError
	if !errors.As(err, &ce) || len(ce.Issues) == 0 {
		line, col := r.exprPosition(s, off, 1, 1)
		r.errs = append(r.errs, &Error{File: r.file, Line: line, Column: col, Rule: ruleID, Field: "message", Msg: err.Error()})
		return
	}
	for _, is := range ce.Issues {
		line, col := r.exprPosition(s, off, max(is.Line, 1), max(is.Column, 1))
		r.errs = append(r.errs, &Error{File: r.file, Line: line, Column: col, Rule: ruleID, Field: "message", Msg: is.Message})
	}
}

// exprPosition is the file line and column of the place at line and col
// (1-based) of the expression starting at byte off of the scalar's text.
func (r *reader) exprPosition(s scalar, off, line, col int) (int, int) {
	before := s.value[:off]
	exprLine := 1 + strings.Count(before, "\n")
	exprCol := 1 + len([]rune(before[strings.LastIndexByte(before, '\n')+1:]))
	if line == 1 {
		return r.position(s, exprLine, exprCol+col-1)
	}
	return r.position(s, exprLine+line-1, col)
}

// conjuncts compiles the top-level && parts of a condition separately, so
// a trace can name the part that was false.
func (r *reader) conjuncts(env *celext.Env, s scalar) []*celext.Program {
	parsed, iss := env.CEL().Parse(s.value)
	if iss.Err() != nil {
		return nil
	}
	var parts []ast.Expr
	var flatten func(e ast.Expr)
	flatten = func(e ast.Expr) {
		if e.Kind() == ast.CallKind && e.AsCall().FunctionName() == "_&&_" {
			for _, a := range e.AsCall().Args() {
				flatten(a)
			}
			return
		}
		parts = append(parts, e)
	}
	flatten(parsed.NativeRep().Expr())
	if len(parts) < 2 {
		return nil
	}
	info := parsed.NativeRep().SourceInfo()
	var out []*celext.Program
	for _, part := range parts {
		text, err := parser.Unparse(part, info)
		if err != nil {
			return nil
		}
		prg, err := env.Compile(text, cel.BoolType)
		if err != nil {
			return nil
		}
		out = append(out, prg)
	}
	return out
}

// date reads an effective date: 2026-01-01 (start of that day in loc) or
// an RFC 3339 time. An `until` date is inclusive, so it ends at 24:00.
func (r *reader) date(s scalar, field string, loc *time.Location, endOfDay bool) time.Time {
	if !s.set() || s.value == "" {
		return time.Time{}
	}
	if t, err := time.ParseInLocation("2006-01-02", s.value, loc); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	t, err := time.Parse(time.RFC3339, s.value)
	if err != nil {
		r.errorf(s.node, field, "want a date like 2026-01-01 or an RFC 3339 time, got %q", s.value)
	}
	return t
}

func newEnv(loc *time.Location, o *options) (*celext.Env, error) {
	opts := []celext.Option{
		celext.WithTimeZone(loc),
		celext.WithCostLimit(o.costLimit),
		celext.WithMaxValueSize(o.valueSize),
		celext.WithVariable("request", Request{}),
		celext.WithVariable("order", Order{}),
		celext.WithVariable("item", Item{}),
		celext.WithVariable("customer", Customer{}),
		celext.WithVariable("now", time.Time{}),
		celext.WithFunctions(o.functions...),
	}
	if o.workingDays != nil {
		opts = append(opts, celext.WithWorkingDays(o.workingDays))
	}
	return celext.NewEnv(opts...)
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600) // no tz database; China has no DST
}
