package celext

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
)

// Issue is one problem found compiling an expression. Line and Column are
// 1-based and count code points within the expression's own source.
type Issue struct {
	Line, Column int
	Message      string
}

func (i Issue) String() string { return fmt.Sprintf("%d:%d: %s", i.Line, i.Column, i.Message) }

// CompileError lists every problem found in one expression.
type CompileError struct {
	Expr   string
	Issues []Issue
}

func (e *CompileError) Error() string {
	msgs := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		msgs[i] = is.String()
	}
	return strings.Join(msgs, "; ")
}

func newCompileError(expr string, iss *cel.Issues) *CompileError {
	ce := &CompileError{Expr: expr}
	for _, e := range iss.Errors() {
		line, col := e.Location.Line(), e.Location.Column()+1
		if line < 1 {
			line, col = 1, 1
		}
		ce.Issues = append(ce.Issues, Issue{Line: line, Column: col, Message: e.Message})
	}
	if len(ce.Issues) == 0 {
		ce.Issues = []Issue{{Line: 1, Column: 1, Message: iss.Err().Error()}}
	}
	return ce
}

// noEstimates lets cel-go's defaults size everything: unknown lists and maps
// are unbounded, so an expression iterating over one is cost-tracked at run time.
type noEstimates struct{}

func (noEstimates) EstimateSize(cost.AstNode) *cost.SizeEstimate { return nil }
func (noEstimates) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}
