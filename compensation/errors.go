package compensation

import (
	"errors"
	"strings"
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
