package celext

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/parser"
	"github.com/shopspring/decimal"
)

// numericTypes are the CEL types a decimal function accepts in any argument
// position; each argument is converted with ToDecimal.
var numericTypes = []*cel.Type{DecimalType, cel.IntType, cel.UintType, cel.DoubleType}

// maxPlaces bounds the places argument of round and div: beyond it a policy
// is asking for something no currency has, and big.Int work grows with it.
const maxPlaces = 32

// decimalLibrary declares the decimal type, its operators and its functions.
func decimalLibrary() []cel.EnvOption {
	opts := []cel.EnvOption{
		cel.Types(DecimalType),
		cel.Function("decimal",
			cel.Overload("decimal_string", []*cel.Type{cel.StringType}, DecimalType,
				cel.UnaryBinding(parseDecimal)),
			cel.Overload("decimal_int", []*cel.Type{cel.IntType}, DecimalType,
				cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_uint", []*cel.Type{cel.UintType}, DecimalType,
				cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_double", []*cel.Type{cel.DoubleType}, DecimalType,
				cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_decimal", []*cel.Type{DecimalType}, DecimalType,
				cel.UnaryBinding(convertDecimal)),
		),
		cel.Function(overloadString,
			cel.Overload("string_decimal", []*cel.Type{DecimalType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return v.ConvertToType(types.StringType) }))),
		cel.Function("double",
			cel.Overload("double_decimal", []*cel.Type{DecimalType}, cel.DoubleType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return v.ConvertToType(types.DoubleType) }))),
		cel.Function("round",
			cel.Overload("round_decimal_int", []*cel.Type{DecimalType, cel.IntType}, DecimalType,
				cel.BinaryBinding(rounder(decimal.Decimal.Round)))),
		cel.Function("round_even",
			cel.Overload("round_even_decimal_int", []*cel.Type{DecimalType, cel.IntType}, DecimalType,
				cel.BinaryBinding(rounder(decimal.Decimal.RoundBank)))),
		cel.Function("min",
			cel.Overload("min_list_decimal", []*cel.Type{cel.ListType(DecimalType)}, DecimalType,
				cel.UnaryBinding(func(l ref.Val) ref.Val { return extremum(l, -1) }))),
		cel.Function("max",
			cel.Overload("max_list_decimal", []*cel.Type{cel.ListType(DecimalType)}, DecimalType,
				cel.UnaryBinding(func(l ref.Val) ref.Val { return extremum(l, 1) }))),
		cel.Macros(
			parser.NewGlobalVarArgMacro("min", pairwise("min")),
			parser.NewGlobalVarArgMacro("max", pairwise("max")),
		),
	}
	// Operators on two decimals. The standard dispatcher calls the Decimal's
	// traits, so the declarations carry no bindings.
	for _, op := range []string{operators.Add, operators.Subtract, operators.Multiply} {
		opts = append(opts, cel.Function(op, binaryOverload(op, DecimalType)))
	}
	for _, op := range []string{operators.Less, operators.LessEquals, operators.Greater,
		operators.GreaterEquals} {
		opts = append(opts, cel.Function(op, binaryOverload(op, cel.BoolType)))
	}
	opts = append(opts,
		cel.Function(operators.Negate,
			cel.Overload("negate_decimal", []*cel.Type{DecimalType}, DecimalType)),
		cel.Function("min", numericOverloads("min", 2, func(a []decimal.Decimal) decimal.Decimal {
			return decimal.Min(a[0], a[1])
		})...),
		cel.Function("max", numericOverloads("max", 2, func(a []decimal.Decimal) decimal.Decimal {
			return decimal.Max(a[0], a[1])
		})...),
		cel.Function("clamp", numericOverloads("clamp", 3, func(a []decimal.Decimal) decimal.Decimal {
			return decimal.Min(decimal.Max(a[0], a[1]), a[2])
		})...),
		cel.Function("div", divOverloads()...),
	)
	return opts
}

var operatorNames = map[string]string{
	operators.Add: "add", operators.Subtract: "subtract", operators.Multiply: "multiply",
	operators.Less: "less", operators.LessEquals: "less_equals", operators.Greater: "greater",
	operators.GreaterEquals: "greater_equals",
}

// overloadString is the name of CEL's string() conversion.
const overloadString = "string"

// binaryOverload declares op for (decimal, decimal). A plain number on
// either side is wrapped in decimal(…) at compile time (see coerce.go), where
// a constant is then folded, so `item.price > 5` costs no conversion per call.
func binaryOverload(op string, result *cel.Type) cel.FunctionOpt {
	return cel.Overload(operatorNames[op]+"_decimal_decimal", []*cel.Type{DecimalType, DecimalType}, result)
}

// numericOverloads declares fn over every combination of numeric argument
// types, so min(item.paid, 500) type-checks without a cast.
func numericOverloads(fn string, arity int, impl func([]decimal.Decimal) decimal.Decimal) []cel.FunctionOpt {
	binding := cel.FunctionBinding(func(args ...ref.Val) ref.Val {
		ds := make([]decimal.Decimal, len(args))
		for i, a := range args {
			d, err := operand(a)
			if err != nil {
				return err
			}
			ds[i] = d
		}
		return Decimal{impl(ds)}
	})
	var out []cel.FunctionOpt
	for _, sig := range combinations(arity) {
		id := fn
		for _, t := range sig {
			id += "_" + typeName(t)
		}
		out = append(out, cel.Overload(id, sig, DecimalType, binding))
	}
	return out
}

func divOverloads() []cel.FunctionOpt {
	binding := cel.FunctionBinding(func(args ...ref.Val) ref.Val {
		a, err := operand(args[0])
		if err != nil {
			return err
		}
		b, err := operand(args[1])
		if err != nil {
			return err
		}
		places, ok := args[2].(types.Int)
		if !ok || places < 0 || places > maxPlaces {
			return types.NewErr("div: places must be an int from 0 to %d, got %v", maxPlaces, args[2])
		}
		if b.IsZero() {
			return types.NewErr("div: division by zero")
		}
		// One extra digit, then round half away from zero: DivRound rounds half up on
		// the absolute value, which is what 四舍五入 means.
		return Decimal{a.DivRound(b, int32(places))}
	})
	var out []cel.FunctionOpt
	for _, sig := range combinations(2) {
		id := "div_" + typeName(sig[0]) + "_" + typeName(sig[1]) + "_int"
		out = append(out, cel.Overload(id, append(sig, cel.IntType), DecimalType, binding))
	}
	return out
}

// combinations lists every sequence of n numeric types.
func combinations(n int) [][]*cel.Type {
	if n == 0 {
		return [][]*cel.Type{nil}
	}
	var out [][]*cel.Type
	for _, rest := range combinations(n - 1) {
		for _, t := range numericTypes {
			out = append(out, append(append([]*cel.Type{}, rest...), t))
		}
	}
	return out
}

func typeName(t *cel.Type) string { return t.String() }

// pairwise expands min(a, b, c, …) into min(min(a, b), c) …, so any number
// of arguments of mixed numeric types type-checks against the two-argument
// overloads. A single argument (a list) is left to the list overload.
func pairwise(fn string) parser.MacroExpander {
	return func(eh parser.ExprHelper, _ ast.Expr, args []ast.Expr) (ast.Expr, *common.Error) {
		if len(args) < 3 {
			return nil, nil
		}
		acc := eh.NewCall(fn, args[0], args[1])
		for _, a := range args[2:] {
			acc = eh.NewCall(fn, acc, a)
		}
		return acc, nil
	}
}

func parseDecimal(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(v)
	}
	d, err := decimal.NewFromString(string(s))
	if err != nil {
		return types.NewErr("decimal: invalid literal %q", string(s))
	}
	return Decimal{d}
}

func convertDecimal(v ref.Val) ref.Val {
	d, err := operand(v)
	if err != nil {
		return err
	}
	return Decimal{d}
}

func rounder(round func(decimal.Decimal, int32) decimal.Decimal) func(x, places ref.Val) ref.Val {
	return func(x, places ref.Val) ref.Val {
		d, err := operand(x)
		if err != nil {
			return err
		}
		p, ok := places.(types.Int)
		if !ok || p < -maxPlaces || p > maxPlaces {
			return types.NewErr("round: places must be an int from %d to %d, got %v", -maxPlaces, maxPlaces, places)
		}
		return Decimal{round(d, int32(p))}
	}
}

// extremum returns the least (sign -1) or greatest (sign 1) element of a list.
func extremum(l ref.Val, sign int) ref.Val {
	list, ok := l.(interface {
		Size() ref.Val
		Get(ref.Val) ref.Val
	})
	if !ok {
		return types.MaybeNoSuchOverloadErr(l)
	}
	n, _ := list.Size().(types.Int)
	if n == 0 {
		return types.NewErr("min/max of an empty list")
	}
	var best decimal.Decimal
	for i := types.Int(0); i < n; i++ {
		d, err := operand(list.Get(i))
		if err != nil {
			return err
		}
		if i == 0 || d.Cmp(best) == sign {
			best = d
		}
	}
	return Decimal{best}
}
