package celext

import (
	"regexp"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
)

// CEL's standard operators dispatch on the left operand, and CEL's equality
// is declared once as equals(A, A): neither can be overloaded for
// `500 >= item.price` or `item.price == 129.9`, and declaring every mix of
// argument types for min, max and clamp would make environments slow to
// build. Instead, Compile lets the checker say where a plain number is passed
// where a decimal is wanted, wraps that number in decimal(…), and checks
// again. Only the arguments the checker itself reported are touched, and
// only in decimal positions, so `item.sku == 1` stays a type error and the
// places of round(x, 2) stay an int.

// decimalArgs lists, per function, the argument positions that take a
// decimal; nil means every position.
var decimalArgs = map[string][]int{
	operators.Equals: nil, operators.NotEquals: nil,
	operators.Less: nil, operators.LessEquals: nil, operators.Greater: nil, operators.GreaterEquals: nil,
	operators.Add: nil, operators.Subtract: nil, operators.Multiply: nil,
	"min": nil, "max": nil, "clamp": nil,
	"div": {0, 1}, "round": {0}, "round_even": {0},
}

// mismatch matches the checker's message for a call no overload accepts.
var mismatch = regexp.MustCompile(`^found no matching overload for '([^']+)' applied to '\((.*)\)'`)

// maxCoercions bounds the check-rewrite loop: each round fixes every call
// the checker reported, so only nesting needs further rounds.
const maxCoercions = 8

// check type-checks parsed, coercing plain numbers to decimals where needed.
func (e *Env) check(parsed *cel.Ast) (*cel.Ast, *cel.Issues) {
	for range maxCoercions {
		checked, iss := e.env.Check(parsed)
		if iss.Err() == nil || !coerce(parsed.NativeRep(), iss) {
			return checked, iss
		}
	}
	return e.env.Check(parsed)
}

// coerce wraps the plain-number arguments of each reported call in
// decimal(…) and reports whether it changed anything.
func coerce(a *ast.AST, iss *cel.Issues) bool {
	changed := false
	nextID := ast.MaxID(a) + 1
	for _, err := range iss.Errors() {
		m := mismatch.FindStringSubmatch(err.Message)
		if m == nil {
			continue
		}
		positions, ok := decimalArgs[m[1]]
		if !ok {
			continue
		}
		argTypes := strings.Split(m[2], ", ")
		call, ok := findCall(a, err.ExprID, m[1], len(argTypes))
		if !ok {
			continue
		}
		// Only a call that mixes numbers, at least one of them a decimal
		// (or a decimal-only function), is a coercion; anything else is a
		// real type error for the user to see.
		hasDecimal, onlyNumbers := m[1] == "min" || m[1] == "max" || m[1] == "clamp", true
		for i, t := range argTypes {
			if !wantsDecimal(positions, i) {
				continue
			}
			hasDecimal = hasDecimal || t == "decimal"
			onlyNumbers = onlyNumbers && (t == "decimal" || isNumberName(t))
		}
		if !hasDecimal || !onlyNumbers {
			continue
		}
		args := call.Args()
		for i, t := range argTypes {
			if !wantsDecimal(positions, i) || !isNumberName(t) {
				continue
			}
			wrapped := ast.NewExprFactory().NewCall(nextID, "decimal", args[i])
			if r, ok := a.SourceInfo().GetOffsetRange(args[i].ID()); ok {
				a.SourceInfo().SetOffsetRange(nextID, r)
			}
			nextID++
			args[i] = wrapped
			changed = true
		}
	}
	return changed
}

func wantsDecimal(positions []int, i int) bool {
	if positions == nil {
		return true
	}
	for _, p := range positions {
		if p == i {
			return true
		}
	}
	return false
}

func isNumberName(t string) bool { return t == "int" || t == "uint" || t == "double" }

// findCall returns the call to fn with n arguments and expression id, as
// stored in the AST (navigable views copy their argument lists).
func findCall(a *ast.AST, id int64, fn string, n int) (ast.CallExpr, bool) {
	var found ast.CallExpr
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.ID() == id && e.Kind() == ast.CallKind {
			if c := e.AsCall(); c.FunctionName() == fn && len(c.Args()) == n {
				found = c
			}
		}
	}))
	return found, found != nil
}
