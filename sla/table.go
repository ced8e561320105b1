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
	// year by local dates even where a day is not 24 hours long.
	for d := 0; ; d++ {
		midnight := time.Date(year, time.January, 1+d, 0, 0, 0, 0, c.loc)
		if midnight.Year() != year {
			y.dayStart = append(y.dayStart, midnight.UnixNano())
			break
		}
		dayFrom := midnight.UnixNano()
		dayTo := time.Date(year, time.January, 2+d, 0, 0, 0, 0, c.loc).UnixNano()
		y.dayStart = append(y.dayStart, dayFrom)

		n := len(y.start)
		if c.bc.IsWorkday(midnight) {
			// Clip to the day so that tables stay sorted whatever the
			// calendar's WorkdayStartFunc/WorkdayEndFunc return.
			open := max(c.bc.WorkdayStart(midnight).UnixNano(), dayFrom)
			shut := min(c.bc.WorkdayEnd(midnight).UnixNano(), dayTo)
			if c.breakFrom < c.breakTo {
				// Like rickar/cal's working hours, the break is an
				// offset from midnight.
				y.addInterval(open, min(shut, midnight.Add(c.breakFrom).UnixNano()))
				y.addInterval(max(open, midnight.Add(c.breakTo).UnixNano()), shut)
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
