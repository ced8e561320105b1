package compensation

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// Sentinel errors. Every error returned for bad input wraps one of these in a
// *FieldError, so callers can branch with errors.Is and still show the user
// which field was wrong.
var (
	// ErrNegative: an amount, weight or quantity is below zero.
	ErrNegative = errors.New("must not be negative")
	// ErrNotPositive: a weight or quantity is zero or below.
	ErrNotPositive = errors.New("must be positive")
	// ErrPrecision: an amount has more decimal places than the currency (or
	// the requested digits) allows, so it cannot be paid out exactly.
	ErrPrecision = errors.New("has more decimal places than allowed")
	// ErrRange: a number is too large, too finely scaled, or an option is
	// outside its documented range.
	ErrRange = errors.New("out of range")
	// ErrEmpty: a required list or string is empty.
	ErrEmpty = errors.New("must not be empty")
	// ErrSyntax: a string is not a plain decimal amount (NaN, Inf, exponents,
	// thousands separators and the like are rejected).
	ErrSyntax = errors.New("not a decimal amount")
	// ErrCurrency: a currency is malformed or does not match the one expected.
	ErrCurrency = errors.New("currency mismatch")
	// ErrUnknownLine: a return names an order line that does not exist.
	ErrUnknownLine = errors.New("unknown order line")
	// ErrDuplicate: two order lines share an id.
	ErrDuplicate = errors.New("duplicate")
	// ErrOverReturn: the returns of a line add up to more units than were bought.
	ErrOverReturn = errors.New("more units returned than bought")
	// ErrExceeds: an amount exceeds the amount it is taken from (a discount
	// larger than the goods it discounts).
	ErrExceeds = errors.New("exceeds the amount it applies to")
	// ErrUnknownValue: a value outside its vocabulary, such as a freight
	// payer other than "buyer" or "merchant".
	ErrUnknownValue = errors.New("unknown value")
)

// FieldError reports bad input in one named field, such as
// "order.Lines[2].UnitPrice" or "now[0].LineID".
type FieldError struct {
	Field  string // path of the offending field, Go-style
	Err    error  // one of the package's sentinel errors
	Detail string // the offending value and context, for humans; may be empty
}

// Error formats as "compensation: <field>: <problem>[: <detail>]".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("compensation: ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field string, err error, detail string) error {
	return &FieldError{Field: field, Err: err, Detail: detail}
}

// RuleError is one problem in a rule-set source, with its position.
type RuleError struct {
	File   string // as given by WithFilename; may be empty
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Rule   string // rule id, when the problem is inside a rule
	Field  string // e.g. "when", "amount", "cap", "mode"
	Msg    string
}

// Error formats as "compensation: file:line:col: rule id: field: message".
func (e *RuleError) Error() string {
	return "compensation: " + yamlsrc.Describe(e.File, e.Line, e.Column, e.Rule, e.Field, e.Msg)
}

// RuleErrors is every problem found compiling a rule set: Compile reports
// them all at once rather than stopping at the first.
type RuleErrors []*RuleError

// Error lists the problems one per line.
func (l RuleErrors) Error() string { return yamlsrc.Join(l) }

// Unwrap lets errors.As find each *RuleError.
func (l RuleErrors) Unwrap() []error { return yamlsrc.Unwrap(l) }

// EvalError is a rule that failed while calculating: its expression raised an
// error, exceeded the cost limit, or produced an unusable amount.
type EvalError struct {
	Rules string // rule-set id
	Rule  string // rule id
	Field string // "when" or "amount"
	Err   error
}

// Error formats as "compensation: rules <set>: rule <id>: <field>: <err>".
func (e *EvalError) Error() string {
	return fmt.Sprintf("compensation: rules %s: rule %s: %s: %v", e.Rules, e.Rule, e.Field, e.Err)
}

// Unwrap returns the cause, so errors.Is(err, ErrNegative) or
// errors.Is(err, context.Canceled) work.
func (e *EvalError) Unwrap() error { return e.Err }
