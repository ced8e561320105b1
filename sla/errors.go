package sla

import "errors"

// Errors returned by this package, wrapped with context; match them with
// errors.Is.
var (
	// ErrOutOfRange reports a time, or a deadline, outside the years a
	// Calendar covers. The package never guesses about days it was not told
	// about.
	ErrOutOfRange = errors.New("outside the calendar's range")

	// ErrUnknownLevel reports a Level that is not Level1…Level4, or one the
	// Policy has no targets for.
	ErrUnknownLevel = errors.New("unknown level")

	// ErrNoTarget reports a metric for which no target is set.
	ErrNoTarget = errors.New("no target")

	// ErrInvalidTicket reports inconsistent ticket data, such as a ticket
	// resolved before it was opened or a pause that ends before it starts.
	ErrInvalidTicket = errors.New("invalid ticket")

	// ErrInvalidPolicy reports a Policy setting out of its range, such as
	// an AtRisk fraction below 0 or above 1.
	ErrInvalidPolicy = errors.New("invalid policy")
)
