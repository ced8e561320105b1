package celext

import (
	"regexp"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
)

// CEL's standard operators dispatch on the left operand, and CEL's equality
// is declared once as equals(A, A): neither can be overloaded for
// `500 >= item.price` or `item.price == 129.9`. Rather than fail at run time,
// Compile lets the checker say where a plain number meets a decimal and wraps
// that number in decimal(…), then checks again. Only the operands the checker
// itself named are touched, so `item.sku == 1` stays a type error.

// mismatch matches the checker's message for an operator applied to a
// decimal and a plain number, in either order.
var mismatch = regexp.MustCompile(`found no matching overload for '(_==_|_!=_|_<_|_<=_|_>_|_>=_|_\+_|_-_|_\*_)' applied to '\((\w+), (\w+)\)'`)

// maxCoercions bounds the check-rewrite loop: each round fixes every
// operator the checker reported, so only nesting needs further rounds.
const maxCoercions = 8

// check type-checks parsed, coercing plain numbers beside decimals.
func (e *Env) check(parsed *cel.Ast) (*cel.Ast, *cel.Issues) {
	for range maxCoercions {
		checked, iss := e.env.Check(parsed)
		if iss.Err() == nil || !coerce(parsed.NativeRep(), iss) {
			return checked, iss
		}
	}
	return e.env.Check(parsed)
}

// coerce wraps the number side of each reported decimal/number operator
// in decimal(…) and reports whether it changed anything.
func coerce(a *ast.AST, iss *cel.Issues) bool {
	changed := false
	nextID := ast.MaxID(a) + 1
	for _, err := range iss.Errors() {
		m := mismatch.FindStringSubmatch(err.Message)
		if m == nil {
			continue
		}
		var side int
		switch {
		case m[2] == "decimal" && isNumberName(m[3]):
			side = 1
		case m[3] == "decimal" && isNumberName(m[2]):
			side = 0
		default:
			continue
		}
		call, ok := findCall(a, err.ExprID, m[1])
		if !ok {
			continue
		}
		arg := call.Args()[side]
		wrapped := ast.NewExprFactory().NewCall(nextID, "decimal", arg)
		if r, ok := a.SourceInfo().GetOffsetRange(arg.ID()); ok {
			a.SourceInfo().SetOffsetRange(nextID, r)
		}
		nextID++
		call.Args()[side] = wrapped
		changed = true
	}
	return changed
}

func isNumberName(t string) bool { return t == "int" || t == "uint" || t == "double" }

// findCall returns the call to fn with expression id, as stored in the AST
// (navigable views copy their argument lists).
func findCall(a *ast.AST, id int64, fn string) (ast.CallExpr, bool) {
	var found ast.CallExpr
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.ID() == id && e.Kind() == ast.CallKind {
			if c := e.AsCall(); c.FunctionName() == fn && len(c.Args()) == 2 {
				found = c
			}
		}
	}))
	return found, found != nil
}
