package sla_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/aftersales-go/aftersales/sla/cn"
)

var shanghai = cn.Location()

// at returns a time in Asia/Shanghai.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

func prc(t testing.TB, opts ...cn.Option) *sla.Calendar {
	t.Helper()
	c, err := cn.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddWorkingTime(t *testing.T) {
	c := prc(t)
	for _, tc := range []struct {
		name string
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"within a day", at(2026, 3, 2, 10, 0), 2 * time.Hour, at(2026, 3, 2, 12, 0)},
		{"ends exactly at closing", at(2026, 3, 2, 10, 0), 8 * time.Hour, at(2026, 3, 2, 18, 0)},
		{"a whole day from opening", at(2026, 3, 2, 9, 0), 9 * time.Hour, at(2026, 3, 2, 18, 0)},
		{"one minute past a day", at(2026, 3, 2, 9, 0), 9*time.Hour + time.Minute, at(2026, 3, 3, 9, 1)},
		{"before opening", at(2026, 3, 2, 7, 30), time.Hour, at(2026, 3, 2, 10, 0)},
		{"after closing", at(2026, 3, 2, 20, 0), time.Hour, at(2026, 3, 3, 10, 0)},
		{"from closing time", at(2026, 3, 2, 18, 0), time.Hour, at(2026, 3, 3, 10, 0)},
		{"over a weekend", at(2026, 3, 6, 17, 0), 2 * time.Hour, at(2026, 3, 9, 10, 0)},
		{"zero duration keeps the time", at(2026, 3, 7, 3, 0), 0, at(2026, 3, 7, 3, 0)},
		// Spring Festival 2026: make-up Saturday 14 Feb, days off 15–23 Feb.
		{"into the make-up Saturday", at(2026, 2, 13, 10, 0), 10 * time.Hour, at(2026, 2, 14, 11, 0)},
		{"across the Spring Festival 8h", at(2026, 2, 14, 12, 0), 8 * time.Hour, at(2026, 2, 24, 11, 0)},
		{"across the Spring Festival 40h", at(2026, 2, 13, 10, 0), 40 * time.Hour, at(2026, 2, 26, 14, 0)},
		{"opened during the festival", at(2026, 2, 18, 10, 0), 9 * time.Hour, at(2026, 2, 24, 18, 0)},
		{"make-up Saturday 28 Feb", at(2026, 2, 27, 17, 0), 2 * time.Hour, at(2026, 2, 28, 10, 0)},
		// National Day 2026: days off 1–7 Oct, make-up Saturday 10 Oct.
		{"across National Day", at(2026, 9, 30, 17, 0), 2 * time.Hour, at(2026, 10, 8, 10, 0)},
		{"across New Year", at(2025, 12, 31, 17, 0), 2 * time.Hour, at(2026, 1, 4, 10, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.AddWorkingTime(tc.from, tc.d)
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("AddWorkingTime(%v, %v) = %v, %v; want %v", tc.from, tc.d, got, err, tc.want)
			}
			if back, err := c.WorkingTime(tc.from, got); err != nil || back != tc.d {
				t.Errorf("WorkingTime back = %v, %v; want %v", back, err, tc.d)
			}
		})
	}
	if _, err := c.AddWorkingTime(at(2026, 3, 2, 10, 0), -time.Hour); err == nil {
		t.Error("negative duration: no error")
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := prc(t)
	for _, tc := range []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		// 8 Oct (Thu) and 9 Oct (Fri) work, then the make-up Saturday.
		{"National Day 2026", at(2026, 9, 30, 10, 0), 3, at(2026, 10, 10, 18, 0)},
		{"from a holiday", at(2026, 10, 3, 10, 0), 1, at(2026, 10, 8, 18, 0)},
		{"late evening counts from the next day", at(2026, 3, 2, 23, 59), 1, at(2026, 3, 3, 18, 0)},
		{"early morning too", at(2026, 3, 3, 0, 0), 1, at(2026, 3, 4, 18, 0)},
		{"over a weekend", at(2026, 3, 6, 10, 0), 1, at(2026, 3, 9, 18, 0)},
		{"Spring Festival 2026", at(2026, 2, 13, 10, 0), 2, at(2026, 2, 24, 18, 0)},
		{"make-up Saturday before it", at(2026, 2, 13, 10, 0), 1, at(2026, 2, 14, 18, 0)},
		{"five days, 28 Feb is a make-up day", at(2026, 2, 24, 10, 0), 5, at(2026, 3, 2, 18, 0)},
		{"across the year end", at(2025, 12, 30, 10, 0), 2, at(2026, 1, 4, 18, 0)},
		{"zero keeps the time", at(2026, 3, 7, 3, 0), 0, at(2026, 3, 7, 3, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.AddWorkingDays(tc.from, tc.n)
			if err != nil || !got.Equal(tc.want) {
				t.Errorf("AddWorkingDays(%v, %d) = %v, %v; want %v", tc.from, tc.n, got, err, tc.want)
			}
		})
	}
	if _, err := c.AddWorkingDays(at(2026, 3, 2, 10, 0), -1); err == nil {
		t.Error("negative count: no error")
	}
}

// Inputs in another zone are the same instants; days are still taken in
// Asia/Shanghai, and results come back in the input's zone.
func TestUTCInput(t *testing.T) {
	c := prc(t)
	from := time.Date(2026, 9, 30, 2, 0, 0, 0, time.UTC) // 10:00 in Shanghai
	got, err := c.AddWorkingDays(from, 3)
	if want := time.Date(2026, 10, 10, 10, 0, 0, 0, time.UTC); err != nil || got != want {
		t.Errorf("AddWorkingDays(%v, 3) = %v, %v; want %v", from, got, err, want)
	}
	// 20:00 UTC on Friday 13 Feb is 04:00 on the make-up Saturday in Shanghai.
	sat := time.Date(2026, 2, 13, 20, 0, 0, 0, time.UTC)
	if !c.IsWorkday(sat) {
		t.Errorf("IsWorkday(%v) = false; it is the make-up Saturday in Shanghai", sat)
	}
	got, err = c.AddWorkingTime(sat, 9*time.Hour)
	if want := time.Date(2026, 2, 14, 10, 0, 0, 0, time.UTC); err != nil || got != want {
		t.Errorf("AddWorkingTime(%v, 9h) = %v, %v; want %v (18:00 in Shanghai)", sat, got, err, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("result in %v, want UTC", got.Location())
	}
}

func TestWorkingTime(t *testing.T) {
	c := prc(t)
	for _, tc := range []struct {
		from, to time.Time
		want     time.Duration
	}{
		{at(2026, 3, 2, 10, 0), at(2026, 3, 2, 12, 30), 150 * time.Minute},
		{at(2026, 3, 2, 0, 0), at(2026, 3, 3, 0, 0), 9 * time.Hour},
		{at(2026, 3, 6, 17, 0), at(2026, 3, 9, 10, 0), 2 * time.Hour},
		{at(2026, 2, 14, 0, 0), at(2026, 2, 24, 0, 0), 9 * time.Hour}, // make-up Saturday only
		// 261 weekdays, 19 of them off, 6 make-up days
		{at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0), 248 * 9 * time.Hour},
		{at(2026, 3, 9, 10, 0), at(2026, 3, 6, 17, 0), -2 * time.Hour},
		{at(2026, 3, 7, 10, 0), at(2026, 3, 7, 10, 0), 0},
	} {
		got, err := c.WorkingTime(tc.from, tc.to)
		if err != nil || got != tc.want {
			t.Errorf("WorkingTime(%v, %v) = %v, %v; want %v", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestNewCalendarOptions(t *testing.T) {
	bc := cal.NewBusinessCalendar() // Monday–Friday 09:00–17:00, no holidays
	c, err := sla.NewCalendar(bc)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := c.Years(); first != 2000 || last != 2099 || c.Location() != time.UTC {
		t.Errorf("defaults: years %d–%d in %v", first, last, c.Location())
	}
	mon := time.Date(2030, 6, 3, 16, 0, 0, 0, time.UTC)
	if got, _ := c.AddWorkingTime(mon, 2*time.Hour); !got.Equal(mon.Add(18 * time.Hour)) {
		t.Errorf("AddWorkingTime(Mon 16:00, 2h) = %v", got)
	}

	c, err = sla.NewCalendar(bc, sla.WithYears(2030, 2030), sla.WithBreak(12*time.Hour, 13*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.WorkingTime(mon.Add(-16*time.Hour), mon.Add(8*time.Hour)); got != 7*time.Hour {
		t.Errorf("a day with a lunch break has %v of working time, want 7h", got)
	}
	if _, err := c.AddWorkingTime(time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("2031 with WithYears(2030, 2030): %v, want ErrOutOfRange", err)
	}

	for name, args := range map[string]struct {
		bc   *cal.BusinessCalendar
		opts []sla.CalendarOption
	}{
		"nil calendar":  {nil, nil},
		"nil location":  {bc, []sla.CalendarOption{sla.WithLocation(nil)}},
		"years swapped": {bc, []sla.CalendarOption{sla.WithYears(2030, 2029)}},
		"years too far": {bc, []sla.CalendarOption{sla.WithYears(2000, 3000)}},
		"break swapped": {bc, []sla.CalendarOption{sla.WithBreak(13*time.Hour, 12*time.Hour)}},
	} {
		if _, err := sla.NewCalendar(args.bc, args.opts...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A calendar whose zone has daylight saving time: days are 23 or 25 hours
// long and working hours follow the wall clock.
func TestDaylightSavingTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal("no time zone database (tzdata_test.go embeds one):", err)
	}
	c, err := sla.NewCalendar(cal.NewBusinessCalendar(), sla.WithLocation(ny), sla.WithYears(2026, 2026))
	if err != nil {
		t.Fatal(err)
	}
	// Clocks go forward on Sunday 8 March 2026.
	fri := time.Date(2026, 3, 6, 16, 0, 0, 0, ny)
	got, err := c.AddWorkingTime(fri, 2*time.Hour)
	if want := time.Date(2026, 3, 9, 10, 0, 0, 0, ny); err != nil || !got.Equal(want) {
		t.Errorf("AddWorkingTime across DST = %v, %v; want %v", got, err, want)
	}
	checkAgainstReference(t, c, cal.NewBusinessCalendar(), 0, 0, 2026, 2026, 300)
}

// reference is the slow, obvious implementation: walk day by day, asking the
// rickar/cal calendar whether each day works, with the working hours given
// as offsets from midnight and an optional break.
type reference struct {
	bc                 *cal.BusinessCalendar
	loc                *time.Location
	breakFrom, breakTo time.Duration
}

// intervals returns the working intervals of the day starting at midnight.
func (r reference) intervals(midnight time.Time) [][2]time.Time {
	if !r.bc.IsWorkday(midnight) {
		return nil
	}
	open, shut := r.bc.WorkdayStart(midnight), r.bc.WorkdayEnd(midnight)
	if r.breakFrom == r.breakTo {
		return [][2]time.Time{{open, shut}}
	}
	return [][2]time.Time{{open, midnight.Add(r.breakFrom)}, {midnight.Add(r.breakTo), shut}}
}

func (r reference) midnight(t time.Time) time.Time {
	y, m, d := t.In(r.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, r.loc)
}

func (r reference) next(midnight time.Time) time.Time {
	y, m, d := midnight.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, r.loc)
}

func (r reference) addWorkingTime(t time.Time, d time.Duration) time.Time {
	if d == 0 {
		return t
	}
	for day := r.midnight(t); ; day = r.next(day) {
		for _, iv := range r.intervals(day) {
			from := iv[0]
			if t.After(from) {
				from = t
			}
			if !iv[1].After(from) {
				continue
			}
			if avail := iv[1].Sub(from); d <= avail {
				return from.Add(d)
			} else {
				d -= avail
			}
		}
	}
}

func (r reference) workingTime(from, to time.Time) time.Duration {
	var sum time.Duration
	for day := r.midnight(from); day.Before(to); day = r.next(day) {
		for _, iv := range r.intervals(day) {
			a, b := iv[0], iv[1]
			if from.After(a) {
				a = from
			}
			if to.Before(b) {
				b = to
			}
			if b.After(a) {
				sum += b.Sub(a)
			}
		}
	}
	return sum
}

func (r reference) addWorkingDays(t time.Time, n int) time.Time {
	day := r.midnight(t)
	for n > 0 {
		day = r.next(day)
		if r.bc.IsWorkday(day) {
			n--
		}
	}
	ivs := r.intervals(day)
	return ivs[len(ivs)-1][1]
}

// workingDays counts working days after from's date up to to's date.
func (r reference) workingDays(from, to time.Time) int {
	n := 0
	for day, last := r.midnight(from), r.midnight(to); day.Before(last); {
		day = r.next(day)
		if r.bc.IsWorkday(day) {
			n++
		}
	}
	return n
}

// TestAgainstReference checks random starts and durations, including
// starts on opening and closing times, against the reference, and that
// WorkingTime undoes AddWorkingTime.
func TestAgainstReference(t *testing.T) {
	bc, err := cn.BusinessCalendar()
	if err != nil {
		t.Fatal(err)
	}
	n := 3000
	if testing.Short() {
		n = 300
	}
	checkAgainstReference(t, prc(t), bc, 0, 0, 2024, 2060, n)
	checkAgainstReference(t, prc(t, cn.WithLunchBreak(12*time.Hour, 13*time.Hour)), bc,
		12*time.Hour, 13*time.Hour, 2024, 2027, n/3)
}

func checkAgainstReference(t *testing.T, c *sla.Calendar, bc *cal.BusinessCalendar,
	breakFrom, breakTo time.Duration, firstYear, lastYear int, n int) {
	t.Helper()
	ref := reference{bc, c.Location(), breakFrom, breakTo}
	rng := rand.New(rand.NewPCG(2026, 10))
	lo := time.Date(firstYear, 1, 1, 0, 0, 0, 0, ref.loc)
	hi := time.Date(lastYear, 11, 1, 0, 0, 0, 0, ref.loc) // leave room for the deadline
	for i := range n {
		from := lo.Add(time.Duration(rng.Int64N(int64(hi.Sub(lo)))))
		d := time.Duration(rng.Int64N(int64(200 * time.Hour)))
		switch i % 4 { // aligned inputs hit opening and closing times exactly
		case 1:
			from = ref.midnight(from).Add(time.Duration(rng.IntN(25)) * time.Hour)
			d = time.Duration(rng.IntN(100)) * time.Hour
		case 2:
			from = ref.midnight(from).Add(time.Duration(rng.IntN(49)) * 30 * time.Minute)
			d = time.Duration(rng.IntN(400)) * 30 * time.Minute
		}
		got, err := c.AddWorkingTime(from, d)
		if want := ref.addWorkingTime(from, d); err != nil || !got.Equal(want) {
			t.Fatalf("AddWorkingTime(%v, %v) = %v, %v; reference %v", from, d, got, err, want)
		}
		back, err := c.WorkingTime(from, got)
		if err != nil || back != d {
			t.Fatalf("WorkingTime(%v, AddWorkingTime(…, %v)) = %v, %v", from, d, back, err)
		}
		to := from.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
		if got, want := mustWorkingTime(t, c, from, to), ref.workingTime(from, to); got != want {
			t.Fatalf("WorkingTime(%v, %v) = %v; reference %v", from, to, got, want)
		}
		days := rng.IntN(30)
		gotDay, err := c.AddWorkingDays(from, days)
		wantDay := from
		if days > 0 {
			wantDay = ref.addWorkingDays(from, days)
		}
		if err != nil || !gotDay.Equal(wantDay) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, %v; reference %v", from, days, gotDay, err, wantDay)
		}
		if n, err := c.WorkingDays(from, gotDay); err != nil || n != days {
			t.Fatalf("WorkingDays(%v, AddWorkingDays(…, %d)) = %d, %v", from, days, n, err)
		}
		if n, err := c.WorkingDays(to, from); err != nil || n != -ref.workingDays(from, to) {
			t.Fatalf("WorkingDays(%v, %v) = %d, %v; reference %d", to, from, n, err, -ref.workingDays(from, to))
		}
		if got, want := c.IsWorkday(from), bc.IsWorkday(ref.midnight(from)); got != want {
			t.Fatalf("IsWorkday(%v) = %v; rickar/cal says %v", from, got, want)
		}
	}
}

func mustWorkingTime(t *testing.T, c *sla.Calendar, from, to time.Time) time.Duration {
	t.Helper()
	d, err := c.WorkingTime(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Many goroutines on one fresh Calendar, so that they race to compile the
// same years; run with -race.
func TestConcurrentUse(t *testing.T) {
	c := prc(t)
	want := make(map[int]time.Time) // year → 40h from the first Monday of March
	ref := prc(t)
	for y := 2024; y <= 2060; y += 4 {
		want[y], _ = ref.AddWorkingTime(at(y, 3, 1, 10, 0), 40*time.Hour)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				y := 2024 + 4*((g+i)%10)
				from := at(y, 3, 1, 10, 0)
				got, err := c.AddWorkingTime(from, 40*time.Hour)
				if err != nil || !got.Equal(want[y]) {
					errs <- fmt.Errorf("goroutine %d: AddWorkingTime(%v) = %v, %v; want %v", g, from, got, err, want[y])
					return
				}
				_ = c.IsWorkday(from)
				if _, err := c.AddWorkingDays(from, 5); err != nil {
					errs <- err
					return
				}
				if _, err := c.WorkingTime(from, got); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// National Day 2026: from Wed 30 Sep, the working days up to Sat 10 Oct
// (a make-up day) are 8, 9 and 10 October.
func TestWorkingDays(t *testing.T) {
	c := prc(t)
	for _, tt := range []struct {
		from, to time.Time
		want     int
	}{
		{at(2026, 9, 30, 10, 0), at(2026, 10, 10, 9, 0), 3},
		{at(2026, 9, 30, 10, 0), at(2026, 9, 30, 23, 0), 0},
		{at(2026, 9, 30, 10, 0), at(2026, 10, 7, 12, 0), 0},
		{at(2026, 2, 13, 19, 30), at(2026, 2, 25, 0, 0), 3}, // make-up Sat 14 Feb, then 24 and 25 Feb
		{at(2025, 12, 31, 12, 0), at(2026, 1, 5, 12, 0), 2}, // 4 Jan (Sun) is a make-up day, 1–3 Jan a holiday
		{at(2026, 10, 10, 9, 0), at(2026, 9, 30, 10, 0), -3},
	} {
		if got, err := c.WorkingDays(tt.from, tt.to); err != nil || got != tt.want {
			t.Errorf("WorkingDays(%v, %v) = %d, %v; want %d", tt.from, tt.to, got, err, tt.want)
		}
	}
	if _, err := c.WorkingDays(at(2026, 1, 1, 0, 0), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("out of range: %v", err)
	}
}
