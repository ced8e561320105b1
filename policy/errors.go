package policy

import (
	"encoding/json"
	"fmt"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// Error is one problem in a policy source, with its position.
type Error struct {
	File   string // as given to Load or WithFilename; "" for Compile without a name
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Policy string // policy id, when known
	Rule   string // rule id, when the problem is inside a rule
	Field  string // e.g. "when", "outputs.refund", "effect"
	Msg    string
}

func (e *Error) Error() string {
	return yamlsrc.Describe(e.File, e.Line, e.Column, e.Rule, e.Field, e.Msg)
}

// ErrorList is every problem found loading policies. Compile and Load
// return one (as an error) rather than stopping at the first problem.
type ErrorList []*Error

func (l ErrorList) Error() string { return yamlsrc.Join(l) }

// Unwrap lets errors.As find each *Error.
func (l ErrorList) Unwrap() []error { return yamlsrc.Unwrap(l) }

// err returns l as an error, or nil when it is empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// ErrCostLimit is returned (wrapped, naming the rule) when a rule's
// evaluation exceeds the cost limit.
var ErrCostLimit = celext.ErrCostLimit

// EvalError is a rule that failed to evaluate at decision time.
type EvalError struct {
	Policy, Rule, Field string
	Err                 error
}

func (e *EvalError) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("policy %s: %v", e.Policy, e.Err)
	}
	return fmt.Sprintf("policy %s: rule %s: %s: %v", e.Policy, e.Rule, e.Field, e.Err)
}

// MarshalJSON writes the error as {"policy", "rule", "field", "error"}.
func (e *EvalError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Policy string `json:"policy"`
		Rule   string `json:"rule,omitempty"`
		Field  string `json:"field,omitempty"`
		Error  string `json:"error"`
	}{e.Policy, e.Rule, e.Field, fmt.Sprint(e.Err)})
}

func (e *EvalError) Unwrap() error { return e.Err }
