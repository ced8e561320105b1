package sla

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rickar/cal/v2"
)

// The years a Calendar may cover. Instants are kept as Unix nanoseconds,
// which int64 can represent from 1678 to 2262; these bounds stay well inside.
const (
	minYear = 1800
	maxYear = 2200
)

// Default years compiled by NewCalendar when WithYears is not given.
const (
	defaultFirstYear = 2000
	defaultLastYear  = 2099
)

// A Calendar answers working-time questions (is this a working day, when do
// 8 working hours from now end, how much working time lies between two
// instants) for a *cal.BusinessCalendar.
//
// The wrapped calendar is asked about each day once: the first question that
// touches a year compiles that year into a sorted table of working intervals
// with prefix sums of working time and of working days. Every later question
// is a binary search in that table, so it costs the same whether the span
// crosses a weekend or a nine-day Spring Festival.
//
// Days are taken in the Calendar's location (WithLocation), by civil date: a
// day runs from its first instant to the next day's, 23 or 25 hours where
// the clocks change, and starts at 01:00 where they skip midnight. Working
// hours and breaks are times of day on the clocks: 09:00 is 09:00 on the
// day clocks go forward too, and 24:00 is the end of the day however long
// it is. Times outside the compiled years give an error matching
// ErrOutOfRange rather than a guess.
//
// A Calendar is safe for concurrent use. The wrapped *cal.BusinessCalendar
// must not be changed after NewCalendar: years compiled later would disagree
// with years compiled earlier.
type Calendar struct {
	bc        *cal.BusinessCalendar
	loc       *time.Location
	first     int           // first compiled year
	breakFrom time.Duration // daily break [breakFrom, breakTo), as times of day;
	breakTo   time.Duration // equal values mean no break

	// yearStart[i] is the first instant of 1 January of year first+i in Unix
	// nanoseconds; the last element closes the range. minSec and maxSec are
	// the same bounds in seconds, used to reject times before converting
	// them to nanoseconds (t.UnixNano is undefined far outside the range).
	yearStart      []int64
	minSec, maxSec int64

	// years[i] holds the compiled table of year first+i, nil until needed.
	// Readers load it without locking; mu makes sure each year is compiled
	// once and that the wrapped calendar is never called concurrently by us.
	years []atomic.Pointer[yearTable]
	mu    sync.Mutex
}

// A CalendarOption configures NewCalendar.
type CalendarOption func(*calendarConfig)

type calendarConfig struct {
	loc                *time.Location
	first, last        int
	breakFrom, breakTo time.Duration
}

// WithLocation sets the time zone in which days begin and end. The default
// is UTC, because the process's local zone would make results depend on the
// machine.
func WithLocation(loc *time.Location) CalendarOption {
	return func(c *calendarConfig) { c.loc = loc }
}

// WithYears sets the years the Calendar covers, first and last included.
// The default is 2000–2099. Questions about other years fail with
// ErrOutOfRange.
func WithYears(first, last int) CalendarOption {
	return func(c *calendarConfig) { c.first, c.last = first, last }
}

// WithBreak removes a daily break, such as lunch from 12:00 to 13:00, from
// every working day. Start and end are times of day (12*time.Hour is 12:00
// on the clocks).
// rickar/cal has no notion of a break, hence an option here.
func WithBreak(start, end time.Duration) CalendarOption {
	return func(c *calendarConfig) { c.breakFrom, c.breakTo = start, end }
}

// NewCalendar returns a Calendar for bc: a day is a working day when
// bc.IsWorkday says so (holidays, weekends and any WorkdayFunc included),
// and its working hours run from bc.WorkdayStart to bc.WorkdayEnd, clipped to
// the day and less any WithBreak break. A working day whose hours are empty
// counts as a day off.
func NewCalendar(bc *cal.BusinessCalendar, opts ...CalendarOption) (*Calendar, error) {
	if bc == nil {
		return nil, fmt.Errorf("sla: NewCalendar: nil business calendar")
	}
	cfg := calendarConfig{loc: time.UTC, first: defaultFirstYear, last: defaultLastYear}
	for _, opt := range opts {
		opt(&cfg)
	}
	switch {
	case cfg.loc == nil:
		return nil, fmt.Errorf("sla: NewCalendar: nil location")
	case cfg.first > cfg.last || cfg.first < minYear || cfg.last > maxYear:
		return nil, fmt.Errorf("sla: NewCalendar: years %d–%d: want first <= last within %d–%d",
			cfg.first, cfg.last, minYear, maxYear)
	case cfg.breakFrom < 0 || cfg.breakTo > 24*time.Hour || cfg.breakFrom > cfg.breakTo:
		return nil, fmt.Errorf("sla: NewCalendar: break %v–%v: want 0 <= start <= end <= 24h",
			cfg.breakFrom, cfg.breakTo)
	}

	n := cfg.last - cfg.first + 1
	c := &Calendar{
		bc:        bc,
		loc:       cfg.loc,
		first:     cfg.first,
		breakFrom: cfg.breakFrom,
		breakTo:   cfg.breakTo,
		yearStart: make([]int64, n+1),
		years:     make([]atomic.Pointer[yearTable], n),
	}
	for i := range c.yearStart {
		c.yearStart[i] = civilStart(cfg.first+i, time.January, 1, cfg.loc).UnixNano()
	}
	c.minSec = c.yearStart[0] / int64(time.Second)
	c.maxSec = c.yearStart[n] / int64(time.Second)
	return c, nil
}

// Location returns the time zone in which the Calendar's days are taken.
func (c *Calendar) Location() *time.Location { return c.loc }

// Years returns the first and last year the Calendar covers.
func (c *Calendar) Years() (first, last int) { return c.first, c.first + len(c.years) - 1 }

// IsWorkday reports whether t falls on a working day, taking t's date in the
// Calendar's location. Make-up working days on weekends are working days.
// Times outside the Calendar's years are reported as not working days.
func (c *Calendar) IsWorkday(t time.Time) bool {
	yi, ns, ok := c.locate(t)
	if !ok {
		return false
	}
	y := c.table(yi)
	d := y.day(ns)
	return y.wdBefore[d+1] > y.wdBefore[d]
}

// AddWorkingTime returns the earliest instant at which d of working time has
// passed since t. Counting starts at t if t lies within working hours, else at
// the next opening; so a deadline that ends exactly at closing time is that
// closing time, not the next morning. A zero d returns t unchanged.
//
// The result is in t's location. A negative d is an error, and so is a
// result beyond the Calendar's last year (ErrOutOfRange).
func (c *Calendar) AddWorkingTime(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("sla: AddWorkingTime: negative duration %v", d)
	}
	yi, w, ok := c.position(t)
	if !ok {
		return time.Time{}, c.rangeError(t)
	}
	if d == 0 {
		return t, nil
	}
	// Working time can never exceed wall-clock time, so a d longer than the
	// whole range cannot be satisfied; checking first also keeps need from
	// overflowing.
	if int64(d) > c.yearStart[len(c.years)]-c.yearStart[0] {
		return time.Time{}, c.pastEndError(t, d.String()+" of working time")
	}
	need := w + int64(d) // working nanoseconds into year yi at which the deadline falls
	for {
		y := c.table(yi)
		if need <= y.total() {
			return time.Unix(0, y.instant(need)).In(t.Location()), nil
		}
		need -= y.total()
		if yi++; yi == len(c.years) {
			return time.Time{}, c.pastEndError(t, d.String()+" of working time")
		}
	}
}

// AddWorkingDays returns the closing time of the n-th working day after t's
// local date: working days strictly after that date are counted, whatever
// the time of day of t. A zero n returns t unchanged.
//
// The result is in t's location. A negative n is an error, and so is a
// result beyond the Calendar's last year (ErrOutOfRange).
func (c *Calendar) AddWorkingDays(t time.Time, n int) (time.Time, error) {
	if n < 0 {
		return time.Time{}, fmt.Errorf("sla: AddWorkingDays: negative count %d", n)
	}
	yi, ns, ok := c.locate(t)
	if !ok {
		return time.Time{}, c.rangeError(t)
	}
	if n == 0 {
		return t, nil
	}
	if n > 366*len(c.years) { // cannot fit, and would overflow k below
		return time.Time{}, c.pastEndError(t, fmt.Sprint(n, " working days"))
	}
	y := c.table(yi)
	k := int(y.wdBefore[y.day(ns)+1]) + n - 1 // index of the wanted day among year yi's working days
	for k >= len(y.close) {
		k -= len(y.close)
		if yi++; yi == len(c.years) {
			return time.Time{}, c.pastEndError(t, fmt.Sprint(n, " working days"))
		}
		y = c.table(yi)
	}
	return time.Unix(0, y.close[k]).In(t.Location()), nil
}

// WorkingTime returns the working time between from and to. It is negative
// when to is before from, so that WorkingTime(a, b) == -WorkingTime(b, a).
func (c *Calendar) WorkingTime(from, to time.Time) (time.Duration, error) {
	if to.Before(from) {
		d, err := c.WorkingTime(to, from)
		return -d, err
	}
	fy, fw, ok := c.position(from)
	if !ok {
		return 0, c.rangeError(from)
	}
	ty, tw, ok := c.position(to)
	if !ok {
		return 0, c.rangeError(to)
	}
	sum := tw - fw
	for yi := fy; yi < ty; yi++ {
		sum += c.table(yi).total()
	}
	return time.Duration(sum), nil
}

// WorkingDays counts the working days after from's local date up to and
// including to's local date: the measure AddWorkingDays adds, so when
// AddWorkingDays(t, n) falls on u's date, WorkingDays(t, u) == n. It is
// negative when to is before from. Its signature fits
// policy.WithWorkingDays, which makes working_days(from, to) available to
// policy rules.
func (c *Calendar) WorkingDays(from, to time.Time) (int, error) {
	if to.Before(from) {
		n, err := c.WorkingDays(to, from)
		return -n, err
	}
	fy, fns, ok := c.locate(from)
	if !ok {
		return 0, c.rangeError(from)
	}
	ty, tns, ok := c.locate(to)
	if !ok {
		return 0, c.rangeError(to)
	}
	f, t := c.table(fy), c.table(ty)
	n := int(t.wdBefore[t.day(tns)+1]) - int(f.wdBefore[f.day(fns)+1])
	for yi := fy; yi < ty; yi++ {
		n += len(c.table(yi).close)
	}
	return n, nil
}

// locate returns the index of the year containing t and t in Unix
// nanoseconds, or ok == false when t lies outside the Calendar's years.
func (c *Calendar) locate(t time.Time) (yi int, ns int64, ok bool) {
	if len(c.years) == 0 { // a zero Calendar, not made by NewCalendar
		return 0, 0, false
	}
	if sec := t.Unix(); sec < c.minSec || sec > c.maxSec {
		return 0, 0, false
	}
	ns = t.UnixNano()
	last := len(c.years)
	if ns < c.yearStart[0] || ns >= c.yearStart[last] {
		return 0, 0, false
	}
	const year = 365.2425 * 24 * float64(time.Hour) // Gregorian mean
	return seek(c.yearStart, ns, int(float64(ns-c.yearStart[0])/year)), ns, true
}

// position returns the year containing t and the working time of that year
// before t. Unlike locate it accepts the instant that closes the range (as
// the end of the last year), so that a deadline at the very end of the range
// can be measured again.
func (c *Calendar) position(t time.Time) (yi int, worked int64, ok bool) {
	yi, ns, ok := c.locate(t)
	if ok {
		return yi, c.table(yi).worked(ns), true
	}
	last := len(c.years)
	if sec := t.Unix(); last > 0 && sec == c.maxSec && t.UnixNano() == c.yearStart[last] {
		return last - 1, c.table(last - 1).total(), true
	}
	return 0, 0, false
}

// table returns the compiled table of year index yi, compiling it on first use.
func (c *Calendar) table(yi int) *yearTable {
	if y := c.years[yi].Load(); y != nil {
		return y
	}
	return c.compileSlow(yi)
}

func (c *Calendar) compileSlow(yi int) *yearTable {
	c.mu.Lock()
	defer c.mu.Unlock()
	if y := c.years[yi].Load(); y != nil { // compiled while we waited
		return y
	}
	y := c.compile(c.first + yi)
	c.years[yi].Store(y)
	return y
}

func (c *Calendar) rangeError(t time.Time) error {
	first, last := c.Years()
	return fmt.Errorf("sla: %s: %w (years %d–%d in %s)",
		t.Format(time.RFC3339), ErrOutOfRange, first, last, c.loc)
}

func (c *Calendar) pastEndError(t time.Time, what string) error {
	_, last := c.Years()
	return fmt.Errorf("sla: %s plus %s runs past the end of %d: %w",
		t.Format(time.RFC3339), what, last, ErrOutOfRange)
}
