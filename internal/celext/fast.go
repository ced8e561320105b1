package celext

import (
	"math"
	"reflect"
	"time"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
)

// The fast path. Rules are mostly field reads, comparisons, membership in
// constant lists, && and ||, has() and calendar_days: the shapes a
// hand-written if-chain has. cel-go's interpreter pays for generality on each
// of them (attribute resolution, execution frames, dispatch); for
// expressions made only of these shapes, Compile also builds a tree of Go
// closures over the checked AST that computes the same values with the same
// CEL semantics (errors absorbed by && and || as CEL does, errors propagated
// by strict operators). Anything else — macros, maps, arithmetic, other
// functions — leaves the expression to cel-go alone. Tests evaluate every
// expression both ways and require identical results.

// fastFn evaluates a compiled expression against an activation.
type fastFn func(vars interpreter.Activation) ref.Val

// rawFn evaluates an identifier or field read to its Go value (a struct
// pointer, say), without adapting it to a CEL value.
type rawFn func(vars interpreter.Activation) (any, ref.Val)

type fastCompiler struct {
	a        *ast.AST
	provider types.Provider
	adapter  types.Adapter
	loc      *time.Location
}

// compileFast returns the closure tree for a checked expression, or nil when
// the expression uses anything outside the fast path's shapes.
func (c *fastCompiler) compile(e ast.Expr) fastFn {
	switch e.Kind() {
	case ast.LiteralKind:
		v := e.AsLiteral()
		return func(interpreter.Activation) ref.Val { return v }
	case ast.IdentKind:
		if r, ok := c.a.ReferenceMap()[e.ID()]; ok && r.Value != nil {
			return nil // a constant or enum: rare, leave it to cel-go
		}
		if c.a.GetType(e.ID()).Kind() == types.TypeKind {
			return nil // a type name such as decimal or int, not a variable
		}
		raw := c.raw(e)
		if raw == nil {
			return nil
		}
		return c.adapt(raw)
	case ast.SelectKind:
		sel := e.AsSelect()
		if sel.IsTestOnly() {
			return c.has(sel)
		}
		raw := c.raw(e)
		if raw == nil {
			return nil
		}
		return c.adapt(raw)
	case ast.CallKind:
		return c.call(e)
	}
	return nil
}

func (c *fastCompiler) adapt(raw rawFn) fastFn {
	return func(vars interpreter.Activation) ref.Val {
		v, err := raw(vars)
		if err != nil {
			return err
		}
		return c.adapter.NativeToValue(v)
	}
}

// raw compiles an identifier or a chain of struct field reads.
func (c *fastCompiler) raw(e ast.Expr) rawFn {
	switch e.Kind() {
	case ast.IdentKind:
		name := e.AsIdent()
		return func(vars interpreter.Activation) (any, ref.Val) {
			v, ok := vars.ResolveName(name)
			if !ok {
				return nil, types.NewErr("no such attribute: %s", name)
			}
			return v, nil
		}
	case ast.SelectKind:
		sel := e.AsSelect()
		if sel.IsTestOnly() {
			return nil
		}
		if _, ok := c.a.ReferenceMap()[e.ID()]; ok {
			return nil // a qualified name the checker resolved, not a field read
		}
		ft := c.field(sel)
		operand := c.raw(sel.Operand())
		if ft == nil || operand == nil {
			return nil
		}
		return func(vars interpreter.Activation) (any, ref.Val) {
			obj, err := operand(vars)
			if err != nil {
				return nil, err
			}
			if rv, ok := obj.(ref.Val); ok {
				if types.IsUnknownOrError(rv) {
					return nil, rv
				}
				obj = rv.Value()
			}
			v, gerr := ft.GetFrom(obj)
			if gerr != nil {
				return nil, types.WrapErr(gerr)
			}
			return v, nil
		}
	}
	return nil
}

// field finds the field read by sel on a struct type, or nil.
func (c *fastCompiler) field(sel ast.SelectExpr) *types.FieldType {
	t := c.a.GetType(sel.Operand().ID())
	if t == nil || t.Kind() != types.StructKind {
		return nil // maps (attrs) and dyn values take cel-go's path
	}
	ft, ok := c.provider.FindStructFieldType(t.TypeName(), sel.FieldName())
	if !ok || ft.GetFrom == nil || ft.IsSet == nil {
		return nil
	}
	return ft
}

func (c *fastCompiler) has(sel ast.SelectExpr) fastFn {
	ft := c.field(sel)
	operand := c.raw(sel.Operand())
	if ft == nil || operand == nil {
		return nil
	}
	return func(vars interpreter.Activation) ref.Val {
		obj, err := operand(vars)
		if err != nil {
			return err
		}
		if rv, ok := obj.(ref.Val); ok {
			if types.IsUnknownOrError(rv) {
				return rv
			}
			obj = rv.Value()
		}
		return types.Bool(ft.IsSet(obj))
	}
}

func (c *fastCompiler) call(e ast.Expr) fastFn {
	call := e.AsCall()
	if call.IsMemberFunction() {
		return nil
	}
	fn := call.FunctionName()
	if !c.implemented(e.ID(), fn) {
		return nil
	}
	switch fn {
	case operators.In:
		return c.in(call.Args())
	case "decimal":
		// decimal(500), as coercion writes it: computed once, here.
		arg := call.Args()[0]
		if arg.Kind() != ast.LiteralKind {
			return nil
		}
		v := convertLiteral(arg.AsLiteral())
		if types.IsError(v) {
			return nil // cel-go reports it
		}
		return func(interpreter.Activation) ref.Val { return v }
	}
	args := make([]fastFn, len(call.Args()))
	for i, a := range call.Args() {
		if args[i] = c.compile(a); args[i] == nil {
			return nil
		}
	}
	switch fn {
	case operators.LogicalAnd:
		return logical(args, types.False)
	case operators.LogicalOr:
		return logical(args, types.True)
	case operators.LogicalNot:
		x := args[0]
		return func(vars interpreter.Activation) ref.Val {
			v := x(vars)
			if b, ok := v.(types.Bool); ok {
				return !b
			}
			return types.MaybeNoSuchOverloadErr(v)
		}
	case operators.Conditional:
		cond, yes, no := args[0], args[1], args[2]
		return func(vars interpreter.Activation) ref.Val {
			v := cond(vars)
			if b, ok := v.(types.Bool); ok {
				if b {
					return yes(vars)
				}
				return no(vars)
			}
			return types.MaybeNoSuchOverloadErr(v)
		}
	case operators.Equals, operators.NotEquals:
		l, r, negate := args[0], args[1], fn == operators.NotEquals
		return func(vars interpreter.Activation) ref.Val {
			lv, rv, err := strict(vars, l, r)
			if err != nil {
				return err
			}
			eq := types.Equal(lv, rv)
			if b, ok := eq.(types.Bool); ok && negate {
				return !b
			}
			return eq
		}
	case operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		return compare(fn, args[0], args[1])
	case "calendar_days":
		from, to, loc := args[0], args[1], c.loc
		return func(vars interpreter.Activation) ref.Val {
			f, t, err := timestamps(from(vars), to(vars))
			if err != nil {
				return err
			}
			if err := unsetTime("calendar_days", f, t); err != nil {
				return err
			}
			return types.Int(CalendarDays(f, t, loc))
		}
	}
	return nil
}

// fastOverloads are the overloads the fast path implements, by function:
// the standard ones and the decimal and date library's. A call the checker
// resolved to any other overload — a merchant's calendar_days(timestamp,
// timestamp, string), say, added with WithFunctions — is left to cel-go,
// which calls the merchant's binding.
var fastOverloads = func() map[string]map[string]bool {
	m := map[string]map[string]bool{
		operators.LogicalAnd:  {overloads.LogicalAnd: true},
		operators.LogicalOr:   {overloads.LogicalOr: true},
		operators.LogicalNot:  {overloads.LogicalNot: true},
		operators.Conditional: {overloads.Conditional: true},
		operators.Equals:      {overloads.Equals: true},
		operators.NotEquals:   {overloads.NotEquals: true},
		operators.In:          {overloads.InList: true, overloads.InMap: true},
		"decimal":             {"decimal_string": true, "decimal_int": true, "decimal_uint": true, "decimal_double": true, "decimal_decimal": true},
		"calendar_days":       {"calendar_days_timestamp_timestamp": true},
	}
	for op, name := range map[string]string{operators.Less: "less", operators.LessEquals: "less_equals",
		operators.Greater: "greater", operators.GreaterEquals: "greater_equals"} {
		m[op] = map[string]bool{}
		for _, args := range []string{"bool", "int64", "uint64", "double", "string", "bytes", "timestamp", "duration",
			"int64_double", "int64_uint64", "uint64_double", "uint64_int64", "double_int64", "double_uint64", "decimal_decimal"} {
			m[op][name+"_"+args] = true
		}
	}
	return m
}()

// implemented reports whether every overload the checker found for call id
// is one the fast path implements.
func (c *fastCompiler) implemented(id int64, fn string) bool {
	want := fastOverloads[fn]
	r, ok := c.a.ReferenceMap()[id]
	if !ok || len(r.OverloadIDs) == 0 || want == nil {
		return false
	}
	for _, o := range r.OverloadIDs {
		if !want[o] {
			return false
		}
	}
	return true
}

// strict evaluates the operands of a strict operator left to right; the
// first error or unknown is the operator's result.
func strict(vars interpreter.Activation, l, r fastFn) (lv, rv, err ref.Val) {
	if lv = l(vars); types.IsUnknownOrError(lv) {
		return nil, nil, lv
	}
	if rv = r(vars); types.IsUnknownOrError(rv) {
		return nil, nil, rv
	}
	return lv, rv, nil
}

// logical is && (stop on false) or || (stop on true), with CEL's rule that
// the deciding value wins over an error or unknown in another term.
func logical(terms []fastFn, decides types.Bool) fastFn {
	return func(vars interpreter.Activation) ref.Val {
		var err ref.Val
		for _, t := range terms {
			v := t(vars)
			b, ok := v.(types.Bool)
			if ok && b == decides {
				return decides
			}
			if !ok && err == nil {
				if types.IsUnknownOrError(v) {
					err = v
				} else {
					err = types.MaybeNoSuchOverloadErr(v)
				}
			}
		}
		if err != nil {
			return err
		}
		return !decides
	}
}

func compare(fn string, l, r fastFn) fastFn {
	want := map[string]func(types.Int) bool{
		operators.Less:          func(c types.Int) bool { return c < 0 },
		operators.LessEquals:    func(c types.Int) bool { return c <= 0 },
		operators.Greater:       func(c types.Int) bool { return c > 0 },
		operators.GreaterEquals: func(c types.Int) bool { return c >= 0 },
	}[fn]
	return func(vars interpreter.Activation) ref.Val {
		lv, rv, err := strict(vars, l, r)
		if err != nil {
			return err
		}
		// As cel-go's standard binding: the left operand must be
		// comparable, and then a NaN on either side is false.
		cmp, ok := lv.(traits.Comparer)
		if !ok || !lv.Type().HasTrait(traits.ComparerType) {
			return types.NoSuchOverloadErr()
		}
		if isNaN(lv) || isNaN(rv) {
			return types.False
		}
		c, ok := cmp.Compare(rv).(types.Int)
		if !ok {
			return cmp.Compare(rv) // the comparison's own error
		}
		return types.Bool(want(c))
	}
}

// in compiles membership; a list of constants becomes a set looked up once.
func (c *fastCompiler) in(args []ast.Expr) fastFn {
	elem := c.compile(args[0])
	if elem == nil {
		return nil
	}
	if list := args[1]; list.Kind() == ast.ListKind && len(list.AsList().OptionalIndices()) == 0 {
		if list.AsList().Size() == 0 {
			// cel-go folds x in [] to false without evaluating x; one
			// semantics for both paths is cel-go's alone.
			return nil
		}
		set := map[ref.Val]bool{}
		for _, e := range list.AsList().Elements() {
			if e.Kind() != ast.LiteralKind {
				return nil
			}
			switch v := e.AsLiteral().(type) {
			case types.String, types.Bool:
				set[v] = true
			default:
				return nil // numbers compare across types; leave them to cel-go
			}
		}
		return func(vars interpreter.Activation) ref.Val {
			switch v := elem(vars).(type) {
			case types.String, types.Bool:
				return types.Bool(set[v])
			case types.Int, types.Uint, types.Double, types.Null, types.Timestamp, types.Duration, Decimal:
				return types.False
			default:
				if types.IsUnknownOrError(v) {
					return v
				}
				// A list, map or bytes value cannot be a set key (Go
				// panics hashing it); cel-go's own set lookup fails the
				// same way, as an error.
				if !reflect.TypeOf(v).Comparable() {
					return types.NewErr("no such overload: %s in a list of constants", v.Type().TypeName())
				}
				return types.False
			}
		}
	}
	container := c.compile(args[1])
	if container == nil {
		return nil
	}
	return func(vars interpreter.Activation) ref.Val {
		v, r, err := strict(vars, elem, container)
		if err != nil {
			return err
		}
		if r.Type().HasTrait(traits.ContainerType) {
			return r.(traits.Container).Contains(v)
		}
		return types.NoSuchOverloadErr()
	}
}

func timestamps(a, b ref.Val) (time.Time, time.Time, ref.Val) {
	if types.IsUnknownOrError(a) {
		return time.Time{}, time.Time{}, a
	}
	if types.IsUnknownOrError(b) {
		return time.Time{}, time.Time{}, b
	}
	f, ok1 := a.(types.Timestamp)
	t, ok2 := b.(types.Timestamp)
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}, types.NoSuchOverloadErr()
	}
	return f.Time, t.Time, nil
}

// convertLiteral is decimal() of a literal: a string is parsed, a number converted.
func convertLiteral(v ref.Val) ref.Val {
	if _, ok := v.(types.String); ok {
		return parseDecimal(v)
	}
	return convertDecimal(v)
}

func isNaN(v ref.Val) bool {
	d, ok := v.(types.Double)
	return ok && math.IsNaN(float64(d))
}
