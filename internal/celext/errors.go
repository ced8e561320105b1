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

// inputSizes sizes the strings, lists and maps that come from inputs (tags,
// attrs) for the static cost estimate. The danger of an untrusted expression
// is work that grows faster than its input — a comprehension nested in a
// comprehension — and that still estimates over the limit and is tracked at
// run time. A single pass such as 'vip' in customer.tags is linear in data
// the caller supplied, so it is estimated at an assumed size rather than
// treated as unbounded, and evaluates without a tracker.
//
// Only the declared inputs get that assumption. Anything else — a policy
// variable added with Extend, whose value another expression computed — may
// be as large as the expressions before it made it (v1: v0 + v0, v2: v1 + v1,
// …), so its size is unknown, the estimate unbounded, and the expression
// tracked and interruptible at run time.
type inputSizes struct{ inputs map[string]bool }

// assumedInputSize is the element count assumed for an input list or map.
const assumedInputSize = 1024

func (s inputSizes) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if p := n.Path(); len(p) > 0 && s.inputs[p[0]] {
		return &cost.SizeEstimate{Min: 0, Max: assumedInputSize}
	}
	return nil
}

func (inputSizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}
