package sla

import (
	"sort"
	"time"
)

// A yearTable is one calendar year compiled into sorted arrays, so that every
// question is a binary search. All instants are Unix nanoseconds.
//
// Working intervals [start[i], end[i]) are sorted and disjoint; before[i] is
// the working time of the year before interval i, and before[len(start)] the
// year's total. Local days are indexed from 0 (1 January): dayStart[d] is the
// midnight that begins day d (plus one closing element), ivBefore[d] the
// number of intervals on days 0..d-1 (so the index of day d's first one),
// wdBefore[d] the number of working days among days 0..d-1, and close[k] the
// closing time of the year's (k+1)-th working day.
type yearTable struct {
	start, end []int64
	before     []int64
	dayStart   []int64
	ivBefore   []int32
	wdBefore   []int32
	close      []int64
}

// compile asks the wrapped calendar about every day of year and builds its
// table. Callers hold c.mu.
func (c *Calendar) compile(year int) *yearTable {
	y := &yearTable{
		start:    make([]int64, 0, 262),
		end:      make([]int64, 0, 262),
		before:   make([]int64, 1, 263),
		dayStart: make([]int64, 0, 367),
		ivBefore: make([]int32, 1, 367),
		wdBefore: make([]int32, 1, 367),
		close:    make([]int64, 0, 262),
	}
	var workdays int32
	// time.Date normalises day 32 of January and so on, which walks the
	// year by local dates even where a day is not 24 hours long. A day is
	// asked about at its noon, which is on that date whatever the clocks do
	// around midnight; its bounds are its first instant and the next day's.
	for d := 0; ; d++ {
		noon := time.Date(year, time.January, 1+d, 12, 0, 0, 0, c.loc)
		if noon.Year() != year {
			y.dayStart = append(y.dayStart, civilStart(year+1, time.January, 1, c.loc).UnixNano())
			break
		}
		dayFrom := civilStart(year, time.January, 1+d, c.loc).UnixNano()
		dayTo := civilStart(year, time.January, 2+d, c.loc).UnixNano()
		y.dayStart = append(y.dayStart, dayFrom)

		n := len(y.start)
		if c.bc.IsWorkday(noon) {
			// Clip to the day so that tables stay sorted whatever the
			// calendar's WorkdayStartFunc/WorkdayEndFunc return.
			open := max(c.opening(noon, dayTo), dayFrom)
			shut := min(c.closing(noon, dayTo), dayTo)
			if c.breakFrom < c.breakTo {
				// The break is a time of day, like the working hours.
				y.addInterval(open, min(shut, wallClock(noon, c.breakFrom, dayTo)))
				y.addInterval(max(open, wallClock(noon, c.breakTo, dayTo)), shut)
			} else {
				y.addInterval(open, shut)
			}
		}
		if len(y.start) > n { // the day has working hours
			workdays++
			y.close = append(y.close, y.end[len(y.end)-1])
		}
		y.ivBefore = append(y.ivBefore, int32(len(y.start)))
		y.wdBefore = append(y.wdBefore, workdays)
	}
	return y
}

// opening and closing return when work starts and ends on the day of noon,
// as Unix nanoseconds. rickar/cal's own working hours (no WorkdayStartFunc
// or WorkdayEndFunc) are an elapsed time from the day's midnight, which on a
// day whose clocks change is not the time of day they mean (09:00 would be
// 10:00 after clocks go forward at 02:00), and where midnight itself is
// skipped (America/Havana) is on the wrong day: they are read as a time of
// day instead, and 24:00 is the end of the day, however long it is.
// Functions the caller set are taken as they return.
func (c *Calendar) opening(noon time.Time, dayTo int64) int64 {
	t := c.bc.WorkdayStart(noon)
	if c.bc.WorkdayStartFunc != nil {
		return t.UnixNano()
	}
	return wallClock(noon, t.Sub(naiveMidnight(noon)), dayTo)
}

func (c *Calendar) closing(noon time.Time, dayTo int64) int64 {
	t := c.bc.WorkdayEnd(noon)
	if c.bc.WorkdayEndFunc != nil {
		return t.UnixNano()
	}
	return wallClock(noon, t.Sub(naiveMidnight(noon)), dayTo)
}

// naiveMidnight is midnight as rickar/cal computes it: time.Date at 00:00.
func naiveMidnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// wallClock returns the instant the clocks show the time of day offset on
// the date of noon; 24:00 (or later) is dayTo, the start of the next day.
// A time the clocks show twice (they go back over it) is the first of the
// two; a time they skip is taken as time.Date takes it.
func wallClock(noon time.Time, offset time.Duration, dayTo int64) int64 {
	if offset >= 24*time.Hour {
		return dayTo
	}
	y, m, d := noon.Date()
	t := time.Date(y, m, d, 0, 0, 0, int(offset), noon.Location())
	for _, back := range [...]time.Duration{2 * time.Hour, time.Hour, 30 * time.Minute} {
		if e := t.Add(-back); sameClock(e, t) {
			return e.UnixNano()
		}
	}
	return t.UnixNano()
}

// sameClock reports whether the clocks show the same date and time at a and b.
func sameClock(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	ah, amin, as := a.Clock()
	bh, bmin, bs := b.Clock()
	return ay == by && am == bm && ad == bd && ah == bh && amin == bmin && as == bs && a.Nanosecond() == b.Nanosecond()
}

// civilStart returns the first instant of the local date year-month-day
// (normalised as time.Date does) in loc. It is that date's midnight, except
// where the clocks jump over midnight — America/Havana goes from 23:59:59 on
// 7 March 2026 to 01:00 on the 8th — or show it twice: then it is the first
// instant whose date is that day.
func civilStart(year int, month time.Month, day int, loc *time.Location) time.Time {
	noon := time.Date(year, month, day, 12, 0, 0, 0, loc)
	wy, wm, wd := noon.Date()
	onOrAfter := func(t time.Time) bool {
		y, m, d := t.Date()
		if y != wy {
			return y > wy
		}
		if m != wm {
			return m > wm
		}
		return d >= wd
	}
	t := time.Date(wy, wm, wd, 0, 0, 0, 0, loc)
	if ty, tm, td := t.Date(); ty == wy && tm == wm && td == wd && !onOrAfter(t.Add(-1)) {
		return t // the common case: midnight exists and the day begins there
	}
	// Search the 36 hours before noon for the first instant on the date.
	lo, hi := noon.Add(-36*time.Hour), noon // !onOrAfter(lo), onOrAfter(hi)
	for hi.Sub(lo) > 1 {
		mid := lo.Add(hi.Sub(lo) / 2)
		if onOrAfter(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// addInterval appends the working interval [from, to) unless it is empty.
func (y *yearTable) addInterval(from, to int64) {
	if to > from {
		y.start = append(y.start, from)
		y.end = append(y.end, to)
		y.before = append(y.before, y.total()+to-from)
	}
}

// total returns the year's working time.
func (y *yearTable) total() int64 { return y.before[len(y.before)-1] }

// worked returns the year's working time before ns, an instant within the year.
func (y *yearTable) worked(ns int64) int64 {
	// Find the first interval that ends after ns. Earlier days' intervals
	// all end before ns, so start from the day's first interval; a day has
	// one or two.
	i := int(y.ivBefore[y.day(ns)])
	for i < len(y.end) && y.end[i] <= ns {
		i++
	}
	switch {
	case i == len(y.end): // after the year's last working interval
		return y.total()
	case ns <= y.start[i]: // between intervals
		return y.before[i]
	default: // inside interval i
		return y.before[i] + ns - y.start[i]
	}
}

// instant returns the earliest instant at which w of the year's working time
// has passed; 0 < w <= y.total(). Because it finds the first interval whose
// end reaches w, a deadline that falls on a closing time stays there.
func (y *yearTable) instant(w int64) int64 {
	j := sort.Search(len(y.start), func(j int) bool { return y.before[j+1] >= w })
	return y.start[j] + w - y.before[j]
}

// day returns the index of the local day containing ns, an instant within the year.
func (y *yearTable) day(ns int64) int {
	return seek(y.dayStart, ns, int((ns-y.dayStart[0])/int64(24*time.Hour)))
}

// seek returns the i for which bounds[i] <= ns < bounds[i+1], given sorted
// bounds that enclose ns and a guess at i. Days and years are almost of
// equal length, so the guess from dividing by the usual length is at most
// one off (a daylight-saving hour, a leap day), and this is faster than a
// binary search.
func seek(bounds []int64, ns int64, guess int) int {
	i := max(0, min(guess, len(bounds)-2))
	for bounds[i] > ns {
		i--
	}
	for bounds[i+1] <= ns {
		i++
	}
	return i
}
