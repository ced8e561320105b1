package celext

import (
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
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
					n, err := workingDays(f.Time, t.Time)
					if err != nil {
						return types.WrapErr(err)
					}
					return types.Int(n)
				}))))
	}
	return opts
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
