package celext

import (
	"errors"
	"testing"

	"cel.dev/cel-go/cel"
)

// Compile errors carry the 1-based line and column of the problem within
// the expression, counted in code points.
func TestCompileErrorPositions(t *testing.T) {
	env := testEnv(t)
	for _, tt := range []struct {
		expr      string
		want      *cel.Type
		line, col int
		msg       string
	}{
		{"item.sku == nope", nil, 1, 13, "undeclared reference to 'nope'"},
		{"item.quantity > 1 &&\n  nope", nil, 2, 3, "undeclared reference to 'nope'"},
		{"'退货' == nope", nil, 1, 9, "undeclared reference to 'nope'"},
		{"item.sku", cel.BoolType, 1, 1, "expression has type string, want bool"},
	} {
		_, err := env.Compile(tt.expr, tt.want)
		var ce *CompileError
		if !errors.As(err, &ce) || len(ce.Issues) != 1 || ce.Expr != tt.expr {
			t.Errorf("%q: %v, want one issue", tt.expr, err)
			continue
		}
		if is := ce.Issues[0]; is.Line != tt.line || is.Column != tt.col || is.Message != tt.msg {
			t.Errorf("%q: issue %v, want %d:%d: %s", tt.expr, is, tt.line, tt.col, tt.msg)
		}
	}
}
