package celext

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/parser"
)

// dateLibrary declares calendar_days and, when a counter is given, working_days.
func dateLibrary(loc *time.Location, workingDays func(from, to time.Time) (int, error)) []cel.EnvOption {
	opts := []cel.EnvOption{
		cel.Function("calendar_days",
			cel.Overload("calendar_days_timestamp_timestamp",
				[]*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(func(from, to ref.Val) ref.Val {
					f, ok1 := from.(types.Timestamp)
					t, ok2 := to.(types.Timestamp)
					if !ok1 || !ok2 {
						return types.NoSuchOverloadErr()
					}
					if err := unsetTime("calendar_days", f.Time, t.Time); err != nil {
						return err
					}
					return types.Int(CalendarDays(f.Time, t.Time, loc))
				}))),
	}
	if workingDays != nil {
		opts = append(opts, cel.Function("working_days",
			cel.Overload("working_days_timestamp_timestamp",
				[]*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(func(from, to ref.Val) ref.Val {
					f, ok1 := from.(types.Timestamp)
					t, ok2 := to.(types.Timestamp)
					if !ok1 || !ok2 {
						return types.NoSuchOverloadErr()
					}
					if err := unsetTime("working_days", f.Time, t.Time); err != nil {
						return err
					}
					n, err := workingDays(f.Time, t.Time)
					if err != nil {
						return types.WrapErr(err)
					}
					return types.Int(n)
				}))))
	}
	return opts
}

// UnsetTimeError is calendar_days or working_days given an unset time (the
// zero time.Time: order.received_at before the order is signed for, say).
// Counting from year 1 would give 739,678 days, a number no rule should
// decide on; the call is an error instead, which && and || absorb as CEL
// does when the other side decides, so has(order.received_at) && … guards
// it.
type UnsetTimeError struct {
	Func string // "calendar_days" or "working_days"
	Arg  int    // 0 for from, 1 for to
	// Expr is the argument's source, e.g. "order.received_at"; empty when
	// the expression calls Func with different arguments there.
	Expr string
}

func (e *UnsetTimeError) Error() string {
	if e.Expr == "" {
		return fmt.Sprintf("%s: its %s argument is not set (the zero time); guard it with has()", e.Func, [2]string{"first", "second"}[e.Arg&1])
	}
	if strings.ContainsAny(e.Expr, " ()") {
		return fmt.Sprintf("%s: %s is not set (the zero time)", e.Func, e.Expr)
	}
	return fmt.Sprintf("%s: %s is not set (the zero time); guard it with has(%s)", e.Func, e.Expr, e.Expr)
}

// unsetTime is the error for a zero from or to, or nil.
func unsetTime(fn string, from, to time.Time) ref.Val {
	switch {
	case from.IsZero():
		return types.WrapErr(&UnsetTimeError{Func: fn, Arg: 0})
	case to.IsZero():
		return types.WrapErr(&UnsetTimeError{Func: fn, Arg: 1})
	}
	return nil
}

// nameUnset names the argument of an *UnsetTimeError from the expression's
// call sites (args), the same whichever path evaluated the call.
func nameUnset(err error, args map[string][2]string) error {
	var ue *UnsetTimeError
	if args == nil || !errors.As(err, &ue) || ue.Expr != "" {
		return err
	}
	named := *ue
	named.Expr = args[ue.Func][ue.Arg&1]
	if named.Expr == "" {
		return err
	}
	return &named
}

// CalendarDays returns the number of whole days from the local date of from
// to the local date of to in loc, negative if to is earlier. Times of day do
// not matter: received at 23:59 on 1 March, 8 March is day 7, which is how
// "within 7 days of receipt" is counted (the day after signing is day 1).
func CalendarDays(from, to time.Time, loc *time.Location) int64 {
	return civilDay(to.In(loc)) - civilDay(from.In(loc))
}

// civilDay numbers the local date of t as days since 1970-01-01.
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

// daysFromCivil is Howard Hinnant's algorithm: the proleptic Gregorian date
// to a day number, without building a time.Time.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// timeArgs is, for calendar_days and working_days, the source of each
// argument where every call of the expression passes the same one ("" where
// they differ), for naming an unset time in an *UnsetTimeError. Nil when the
// expression calls neither.
func timeArgs(a *ast.AST) map[string][2]string {
	var out map[string][2]string
	seen := map[string]bool{}
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.CallKind {
			return
		}
		call := e.AsCall()
		fn := call.FunctionName()
		if (fn != "calendar_days" && fn != "working_days") || call.IsMemberFunction() || len(call.Args()) != 2 {
			return
		}
		var texts [2]string
		for i, arg := range call.Args() {
			if s, err := parser.Unparse(arg, a.SourceInfo()); err == nil {
				texts[i] = s
			}
		}
		if out == nil {
			out = map[string][2]string{}
		}
		if !seen[fn] {
			seen[fn], out[fn] = true, texts
			return
		}
		prev := out[fn]
		for i := range prev {
			if prev[i] != texts[i] {
				prev[i] = ""
			}
		}
		out[fn] = prev
	}))
	return out
}
