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

// maxPlaces bounds the places argument of round and div: beyond it a policy
// is asking for something no currency has, and big.Int work grows with it.
const maxPlaces = 32

// decimalLibrary declares the decimal type, its operators and its functions.
//
// Every signature takes decimals only. Where an int, uint or double is
// passed instead — item.price > 5, max(3 * item.price, 500) — the checker's
// complaint is turned into a decimal(…) conversion at compile time (see
// coerce.go), and a constant conversion is folded (fold.go). One signature
// per function keeps environments cheap to build and errors short.
func decimalLibrary() []cel.EnvOption {
	dec := DecimalType
	opts := []cel.EnvOption{
		cel.Types(DecimalType),
		cel.Function("decimal",
			cel.Overload("decimal_string", []*cel.Type{cel.StringType}, dec, cel.UnaryBinding(parseDecimal)),
			cel.Overload("decimal_int", []*cel.Type{cel.IntType}, dec, cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_uint", []*cel.Type{cel.UintType}, dec, cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_double", []*cel.Type{cel.DoubleType}, dec, cel.UnaryBinding(convertDecimal)),
			cel.Overload("decimal_decimal", []*cel.Type{dec}, dec, cel.UnaryBinding(convertDecimal)),
		),
		cel.Function("string",
			cel.Overload("string_decimal", []*cel.Type{dec}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return v.ConvertToType(types.StringType) }))),
		cel.Function("double",
			cel.Overload("double_decimal", []*cel.Type{dec}, cel.DoubleType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return v.ConvertToType(types.DoubleType) }))),
		cel.Function("round",
			cel.Overload("round_decimal_int", []*cel.Type{dec, cel.IntType}, dec,
				cel.BinaryBinding(rounder(decimal.Decimal.Round)))),
		cel.Function("round_even",
			cel.Overload("round_even_decimal_int", []*cel.Type{dec, cel.IntType}, dec,
				cel.BinaryBinding(rounder(decimal.Decimal.RoundBank)))),
		cel.Function("min",
			cel.Overload("min_decimal_decimal", []*cel.Type{dec, dec}, dec,
				cel.BinaryBinding(decimalOp(minDecimal))),
			cel.Overload("min_list_decimal", []*cel.Type{cel.ListType(dec)}, dec,
				cel.UnaryBinding(func(l ref.Val) ref.Val { return extremum(l, -1) }))),
		cel.Function("max",
			cel.Overload("max_decimal_decimal", []*cel.Type{dec, dec}, dec,
				cel.BinaryBinding(decimalOp(maxDecimal))),
			cel.Overload("max_list_decimal", []*cel.Type{cel.ListType(dec)}, dec,
				cel.UnaryBinding(func(l ref.Val) ref.Val { return extremum(l, 1) }))),
		cel.Function("clamp",
			cel.Overload("clamp_decimal_decimal_decimal", []*cel.Type{dec, dec, dec}, dec,
				cel.FunctionBinding(clamp))),
		cel.Function("div",
			cel.Overload("div_decimal_decimal_int", []*cel.Type{dec, dec, cel.IntType}, dec,
				cel.FunctionBinding(div))),
		cel.Macros(
			parser.NewGlobalVarArgMacro("min", pairwise("min")),
			parser.NewGlobalVarArgMacro("max", pairwise("max")),
		),
		// Operators: the standard dispatcher calls the Decimal's traits, so
		// these declarations carry no bindings.
		cel.Function(operators.Negate, cel.Overload("negate_decimal", []*cel.Type{dec}, dec)),
	}
	for op, name := range map[string]string{operators.Add: "add", operators.Subtract: "subtract", operators.Multiply: "multiply"} {
		opts = append(opts, cel.Function(op, cel.Overload(name+"_decimal_decimal", []*cel.Type{dec, dec}, dec)))
	}
	for op, name := range map[string]string{operators.Less: "less", operators.LessEquals: "less_equals",
		operators.Greater: "greater", operators.GreaterEquals: "greater_equals"} {
		opts = append(opts, cel.Function(op, cel.Overload(name+"_decimal_decimal", []*cel.Type{dec, dec}, cel.BoolType)))
	}
	return opts
}

// pairwise expands min(a, b, c, …) into min(min(a, b), c) …, so any number
// of arguments type-checks against the two-argument signature. A single
// argument (a list) is left to the list overload.
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
	if len(s) > 2*MaxDecimalDigits {
		return types.NewErr("decimal: literal of %d characters is out of range (at most %d digits)", len(s), MaxDecimalDigits)
	}
	d, err := decimal.NewFromString(string(s))
	if err != nil {
		return types.NewErr("decimal: invalid literal %q", string(s))
	}
	return checked(d)
}

func convertDecimal(v ref.Val) ref.Val {
	d, err := operand(v)
	if err != nil {
		return err
	}
	return checked(d)
}

func decimalOp(op func(a, b decimal.Decimal) decimal.Decimal) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		x, err := operand(a)
		if err != nil {
			return err
		}
		y, err := operand(b)
		if err != nil {
			return err
		}
		return arith(x, y, op)
	}
}

func clamp(args ...ref.Val) ref.Val {
	var ds [3]decimal.Decimal
	for i, a := range args {
		d, err := operand(a)
		if err != nil {
			return err
		}
		ds[i] = d
	}
	if Cmp(ds[1], ds[2]) > 0 {
		return types.NewErr("clamp: lower bound %s is above upper bound %s", FormatDecimal(ds[1]), FormatDecimal(ds[2]))
	}
	return checked(minDecimal(maxDecimal(ds[0], ds[1]), ds[2]))
}

func div(args ...ref.Val) ref.Val {
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
	if !inRange(a) {
		return errOutOfRange(a)
	}
	if !inRange(b) {
		return errOutOfRange(b)
	}
	// DivRound rounds half away from zero, which is what 四舍五入 means.
	return checked(a.DivRound(b, int32(places)))
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
		if !inRange(d) {
			return errOutOfRange(d)
		}
		return checked(round(d, int32(p)))
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
		if i == 0 || Cmp(d, best) == sign {
			best = d
		}
	}
	return Decimal{best}
}

func minDecimal(a, b decimal.Decimal) decimal.Decimal {
	if Cmp(a, b) <= 0 {
		return a
	}
	return b
}

func maxDecimal(a, b decimal.Decimal) decimal.Decimal {
	if Cmp(a, b) >= 0 {
		return a
	}
	return b
}
