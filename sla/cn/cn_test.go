package cn_test

import (
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/aftersales-go/aftersales/sla/cn"
)

// scheduleRow is one line of the official schedule file, read independently
// of the package's own parser.
type scheduleRow struct {
	date    time.Time
	workday bool
	name    string
}

func readOfficial(t *testing.T) []scheduleRow {
	t.Helper()
	f, err := os.Open("data/cn-official-schedule-2024-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []scheduleRow
	for _, r := range recs[1:] {
		d, err := time.ParseInLocation(time.DateOnly, r[0], cn.Location())
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, scheduleRow{d, r[1] == "workday", r[2]})
	}
	return rows
}

func mustNew(t testing.TB, opts ...cn.Option) *sla.Calendar {
	t.Helper()
	c, err := cn.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, cn.Location())
}

// Every holiday and every make-up working day of the official schedule,
// at several times of day, through both the sla and the rickar/cal calendar;
// and every other day of 2024–2026 is a working day exactly when it is
// Monday to Friday.
func TestOfficialSchedule(t *testing.T) {
	c := mustNew(t)
	bc, err := cn.BusinessCalendar()
	if err != nil {
		t.Fatal(err)
	}
	rows := readOfficial(t)
	if len(rows) != 108 {
		t.Fatalf("read %d schedule rows, want 108", len(rows))
	}
	listed := make(map[time.Time]bool)
	for _, r := range rows {
		listed[r.date] = true
		for _, hour := range []int{0, 9, 12, 17, 23} {
			at := r.date.Add(time.Duration(hour) * time.Hour)
			if got := c.IsWorkday(at); got != r.workday {
				t.Errorf("IsWorkday(%v) = %v, want %v (%s)", at, got, r.workday, r.name)
			}
		}
		if got := bc.IsWorkday(r.date); got != r.workday {
			t.Errorf("BusinessCalendar().IsWorkday(%v) = %v, want %v (%s)", r.date, got, r.workday, r.name)
		}
		if !r.workday {
			if _, obs, h := bc.IsHoliday(r.date); !obs || h == nil || h.Name != r.name {
				t.Errorf("BusinessCalendar().IsHoliday(%v) = %v, %v, want %s", r.date, obs, h, r.name)
			}
		}
	}
	for d := day(2024, 1, 1); d.Year() <= 2026; d = d.AddDate(0, 0, 1) {
		if listed[d] {
			continue
		}
		want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if got := c.IsWorkday(d); got != want {
			t.Errorf("IsWorkday(%v, a %v not in the schedule) = %v, want %v", d, d.Weekday(), got, want)
		}
		if got := bc.IsWorkday(d); got != want {
			t.Errorf("BusinessCalendar().IsWorkday(%v) = %v, want %v", d, got, want)
		}
	}
}

func TestProvisional(t *testing.T) {
	for _, tc := range []struct {
		year int
		want bool
	}{
		{2023, true}, {2024, false}, {2025, false}, {2026, false}, {2027, true}, {2060, true}, {2061, true},
	} {
		if got := cn.Provisional(tc.year); got != tc.want {
			t.Errorf("Provisional(%d) = %v, want %v", tc.year, got, tc.want)
		}
	}
	// A schedule given to one calendar does not change the package's answer.
	mustNew(t, cn.WithSchedule(strings.NewReader(schedule2027)))
	if !cn.Provisional(2027) {
		t.Error("Provisional(2027) = false after WithSchedule, want true")
	}
}

// Years after 2026 get the statutory days from the lunar table and no
// make-up days.
func TestDerivedYears(t *testing.T) {
	c := mustNew(t)
	for _, tc := range []struct {
		date time.Time
		want bool
		why  string
	}{
		{day(2027, 1, 1), false, "New Year (Friday)"},
		{day(2027, 1, 4), true, "Monday after New Year"},
		{day(2027, 2, 4), true, "Thursday before 除夕"},
		{day(2027, 2, 5), false, "除夕 (Friday)"},
		{day(2027, 2, 8), false, "初三 (Monday)"},
		{day(2027, 2, 9), false, "初四 (Tuesday): in lieu of 初一 on Saturday (放假办法第六条)"},
		{day(2027, 2, 10), false, "Wednesday: in lieu of 初二 on Sunday"},
		{day(2027, 2, 11), true, "Thursday after the Spring Festival"},
		{day(2027, 4, 5), false, "Qingming (Monday)"},
		{day(2027, 5, 3), false, "Monday 3 May: in lieu of Labour Day on Saturday"},
		{day(2027, 5, 4), false, "Tuesday 4 May: in lieu of 2 May on Sunday"},
		{day(2027, 5, 5), true, "Wednesday 5 May"},
		{day(2028, 5, 3), true, "3 May 2028: Labour Day fell on weekdays"},
		{day(2028, 5, 1), false, "Labour Day 2028 (Monday)"},
		{day(2028, 5, 2), false, "Labour Day 2028 (Tuesday)"},
		{day(2027, 6, 9), false, "Dragon Boat (Wednesday)"},
		{day(2027, 9, 15), false, "Mid-Autumn (Wednesday)"},
		{day(2027, 10, 1), false, "National Day (Friday)"},
		{day(2027, 10, 4), false, "4 October (Monday): in lieu of 2 October, a Saturday"},
		{day(2027, 10, 5), false, "5 October (Tuesday): in lieu of 3 October, a Sunday"},
		{day(2027, 10, 6), true, "6 October (Wednesday)"},
		{day(2028, 1, 3), false, "Monday 3 January 2028: in lieu of New Year on Saturday"},
		{day(2028, 1, 4), true, "Tuesday 4 January 2028"},
		{day(2028, 5, 29), false, "Monday 29 May 2028: in lieu of Dragon Boat on Sunday"},
		{day(2028, 10, 4), false, "Wednesday 4 October 2028: in lieu of 1 October, a Sunday"},
		{day(2028, 10, 5), true, "Thursday 5 October 2028"},
		{day(2029, 6, 18), false, "Monday 18 June 2029: in lieu of Dragon Boat on Saturday"},
		{day(2029, 9, 24), false, "Monday 24 September 2029: in lieu of Mid-Autumn on Saturday"},
		{day(2029, 9, 25), true, "Tuesday 25 September 2029"},
		{day(2029, 1, 2), true, "New Year 2029 fell on a Monday: nothing in lieu"},
		{day(2030, 2, 6), false, "Wednesday 6 February 2030: in lieu of 除夕 on Saturday"},
		{day(2030, 2, 7), false, "Thursday 7 February 2030: in lieu of 初一 on Sunday"},
		{day(2030, 2, 8), true, "Friday 8 February 2030"},
		{day(2030, 4, 8), true, "Qingming 2030 fell on a Friday: Monday works"},
		{day(2031, 10, 1), false, "Mid-Autumn on National Day"},
		{day(2031, 10, 3), false, "National Day 2031 (Friday)"},
		{day(2060, 2, 2), false, "Spring Festival 2060 (Monday)"},
		{day(2060, 12, 31), true, "last day covered (Friday)"},
	} {
		if got := c.IsWorkday(tc.date); got != tc.want {
			t.Errorf("IsWorkday(%v) = %v, want %v: %s", tc.date.Format(time.DateOnly), got, tc.want, tc.why)
		}
	}
}

func TestOutOfRange(t *testing.T) {
	c := mustNew(t)
	if first, last := c.Years(); first != 2024 || last != 2060 {
		t.Errorf("Years() = %d, %d, want 2024, 2060", first, last)
	}
	before := time.Date(2023, 12, 31, 23, 59, 59, 0, cn.Location())
	// The instant that closes the range can end a span (WorkingTime), but
	// nothing can start there.
	end := day(2061, 1, 1)
	if got, err := c.WorkingTime(day(2060, 12, 31), end); err != nil || got != 9*time.Hour {
		t.Errorf("WorkingTime(last day, end of range) = %v, %v, want 9h", got, err)
	}
	if _, err := c.AddWorkingTime(end, time.Hour); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime(end of range): error %v, want ErrOutOfRange", err)
	}
	after := end.Add(time.Second)
	for _, at := range []time.Time{before, after, {}} {
		if _, err := c.AddWorkingTime(at, time.Hour); !errors.Is(err, sla.ErrOutOfRange) {
			t.Errorf("AddWorkingTime(%v): error %v, want ErrOutOfRange", at, err)
		}
		if _, err := c.AddWorkingDays(at, 1); !errors.Is(err, sla.ErrOutOfRange) {
			t.Errorf("AddWorkingDays(%v): error %v, want ErrOutOfRange", at, err)
		}
		if _, err := c.WorkingTime(day(2025, 1, 1), at); !errors.Is(err, sla.ErrOutOfRange) {
			t.Errorf("WorkingTime(…, %v): error %v, want ErrOutOfRange", at, err)
		}
		if c.IsWorkday(at) {
			t.Errorf("IsWorkday(%v) = true outside the range", at)
		}
	}
	// Deadlines that would run past 2060.
	last := time.Date(2060, 12, 31, 10, 0, 0, 0, cn.Location())
	if _, err := c.AddWorkingTime(last, 9*time.Hour); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime past 2060: error %v, want ErrOutOfRange", err)
	}
	if got, err := c.AddWorkingTime(last, 8*time.Hour); err != nil || !got.Equal(last.Add(8*time.Hour)) {
		t.Errorf("AddWorkingTime to the last closing time = %v, %v", got, err)
	}
	if _, err := c.AddWorkingDays(last, 1); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingDays past 2060: error %v, want ErrOutOfRange", err)
	}
	if _, err := c.AddWorkingTime(last, 1<<62); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingTime(huge): error %v, want ErrOutOfRange", err)
	}
	if _, err := c.AddWorkingDays(last, 1<<62); !errors.Is(err, sla.ErrOutOfRange) {
		t.Errorf("AddWorkingDays(huge): error %v, want ErrOutOfRange", err)
	}
}

// An invented 2027 schedule in the official format.
const schedule2027 = `date,kind,festival_zh,festival_en
2027-01-01,holiday,元旦,New Year's Day
2027-01-02,holiday,元旦,New Year's Day
2027-01-03,holiday,元旦,New Year's Day
2027-02-05,holiday,春节,Spring Festival
2027-02-06,holiday,春节,Spring Festival
2027-02-07,holiday,春节,Spring Festival
2027-02-08,holiday,春节,Spring Festival
2027-02-09,holiday,春节,Spring Festival
2027-02-10,holiday,春节,Spring Festival
2027-02-11,holiday,春节,Spring Festival
2027-02-12,holiday,春节,Spring Festival
2027-02-20,workday,春节,Spring Festival
`

func TestWithSchedule(t *testing.T) {
	c := mustNew(t, cn.WithSchedule(strings.NewReader(schedule2027)))
	for _, tc := range []struct {
		date time.Time
		want bool
	}{
		{day(2027, 2, 10), false}, // holiday in the new schedule, derived years had it working
		{day(2027, 2, 20), true},  // make-up Saturday
		{day(2027, 4, 5), true},   // the schedule replaces the whole year: no Qingming listed
		{day(2028, 1, 26), false}, // other years unchanged
	} {
		if got := c.IsWorkday(tc.date); got != tc.want {
			t.Errorf("IsWorkday(%v) = %v, want %v", tc.date.Format(time.DateOnly), got, tc.want)
		}
	}
	bc, err := cn.BusinessCalendar(cn.WithSchedule(strings.NewReader(schedule2027)))
	if err != nil {
		t.Fatal(err)
	}
	if !bc.IsWorkday(day(2027, 2, 20)) || bc.IsWorkday(day(2027, 2, 10)) {
		t.Error("BusinessCalendar ignores WithSchedule")
	}

	// A later year extends the range when no year is missing in between.
	c = mustNew(t, cn.WithSchedule(strings.NewReader("2061-01-01,holiday,元旦,New Year's Day\n")))
	if _, last := c.Years(); last != 2061 {
		t.Errorf("last year = %d, want 2061", last)
	}

	// Each error names what is wrong and what is wanted; the whole message is
	// compared so that a regression in the wording or the values shows.
	for name, tc := range map[string]struct {
		opts []cn.Option
		want string
	}{
		"gap":          {[]cn.Option{cn.WithSchedule(strings.NewReader("2070-01-01,holiday,元旦,New Year's Day\n"))}, "cn: no schedule or lunar dates for 2061, between 2024 and 2070"},
		"twice":        {[]cn.Option{cn.WithSchedule(strings.NewReader(schedule2027)), cn.WithSchedule(strings.NewReader(schedule2027))}, "cn: 2027 is in more than one WithSchedule schedule"},
		"bad kind":     {[]cn.Option{cn.WithSchedule(strings.NewReader("2027-01-01,off,元旦,New Year's Day\n"))}, `cn: schedule line 1: kind "off": want holiday or workday`},
		"bad date":     {[]cn.Option{cn.WithSchedule(strings.NewReader("2027-02-30,holiday,元旦,New Year's Day\n"))}, `cn: schedule line 1: date "2027-02-30": want YYYY-MM-DD`},
		"weekday":      {[]cn.Option{cn.WithSchedule(strings.NewReader("2027-01-04,workday,元旦,New Year's Day\n"))}, "cn: schedule line 1: make-up workday 2027-01-04 is a Monday, not a weekend day"},
		"duplicate":    {[]cn.Option{cn.WithSchedule(strings.NewReader("2027-01-01,holiday,元旦,x\n2027-01-01,holiday,元旦,x\n"))}, "cn: schedule line 2: 2027-01-01 already listed on line 1"},
		"empty":        {[]cn.Option{cn.WithSchedule(strings.NewReader("date,kind,festival_zh,festival_en\n"))}, "cn: schedule: no entries"},
		"fields":       {[]cn.Option{cn.WithSchedule(strings.NewReader("2027-01-01,holiday\n"))}, "cn: schedule: record on line 1: wrong number of fields"},
		"hours":        {[]cn.Option{cn.WithWorkHours(18*time.Hour, 9*time.Hour)}, "cn: work hours 18h0m0s–9h0m0s: want 0 <= start < end <= 24h"},
		"hours>24":     {[]cn.Option{cn.WithWorkHours(9*time.Hour, 25*time.Hour)}, "cn: work hours 9h0m0s–25h0m0s: want 0 <= start < end <= 24h"},
		"lunch":        {[]cn.Option{cn.WithLunchBreak(13*time.Hour, 12*time.Hour)}, "cn: lunch break 13h0m0s–12h0m0s: want start < end within the work hours 9h0m0s–18h0m0s"},
		"lunch out":    {[]cn.Option{cn.WithLunchBreak(8*time.Hour, 10*time.Hour)}, "cn: lunch break 8h0m0s–10h0m0s: want start < end within the work hours 9h0m0s–18h0m0s"},
		"read failure": {[]cn.Option{cn.WithSchedule(failingReader{})}, "cn: schedule: disk on fire"},
	} {
		if _, err := cn.New(tc.opts...); err == nil {
			t.Errorf("%s: New succeeded, want an error", name)
		} else if err.Error() != tc.want {
			t.Errorf("%s: error\n  %v\nwant\n  %s", name, err, tc.want)
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestWorkHoursAndLunch(t *testing.T) {
	loc := cn.Location()
	mon := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, loc) }
	c := mustNew(t, cn.WithWorkHours(8*time.Hour+30*time.Minute, 17*time.Hour+30*time.Minute),
		cn.WithLunchBreak(12*time.Hour, 13*time.Hour+30*time.Minute))
	for _, tc := range []struct {
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{mon(8, 30), 3*time.Hour + 30*time.Minute, mon(12, 0)}, // ends at lunch
		{mon(8, 30), 4 * time.Hour, mon(14, 0)},                // lunch skipped
		{mon(12, 15), time.Hour, mon(14, 30)},                  // starts in lunch
		{mon(8, 0), 7*time.Hour + 30*time.Minute, mon(17, 30)}, // a whole day
		{mon(17, 30), time.Minute, time.Date(2026, 3, 3, 8, 31, 0, 0, loc)},
	} {
		got, err := c.AddWorkingTime(tc.from, tc.d)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("AddWorkingTime(%v, %v) = %v, %v, want %v", tc.from, tc.d, got, err, tc.want)
		}
	}
	if got, _ := c.WorkingTime(mon(0, 0), mon(23, 0)); got != 7*time.Hour+30*time.Minute {
		t.Errorf("working time of a day with lunch = %v, want 7h30m", got)
	}
	if _, err := cn.BusinessCalendar(cn.WithLunchBreak(12*time.Hour, 13*time.Hour)); err == nil {
		t.Error("BusinessCalendar(WithLunchBreak) succeeded, want an error")
	}
}

// The rickar/cal calendar and the compiled one agree on every day they cover.
func TestBusinessCalendarAgrees(t *testing.T) {
	c := mustNew(t)
	bc, err := cn.BusinessCalendar()
	if err != nil {
		t.Fatal(err)
	}
	for d := day(2024, 1, 1); d.Year() <= 2030; d = d.AddDate(0, 0, 1) {
		if got, want := c.IsWorkday(d), bc.IsWorkday(d); got != want {
			t.Errorf("%v: sla says %v, rickar/cal says %v", d.Format(time.DateOnly), got, want)
		}
	}
	from := time.Date(2026, 2, 13, 10, 0, 0, 0, cn.Location())
	for _, h := range []time.Duration{1, 8, 17, 40, 100} {
		got, err := c.AddWorkingTime(from, h*time.Hour)
		want := bc.AddWorkHours(from, h*time.Hour)
		if err != nil || !got.Equal(want) {
			t.Errorf("AddWorkingTime(%v, %vh) = %v, %v; rickar/cal AddWorkHours = %v", from, int(h), got, err, want)
		}
	}
}

// 全国年节及纪念日放假办法第六条 in a provisional year: National Day 2027 has
// 2 and 3 October on a weekend, so Monday 4 and Tuesday 5 October are off;
// five working days from the afternoon of 30 September end on 12 October.
func TestProvisionalDaysInLieuDeadline(t *testing.T) {
	c := mustNew(t)
	got, err := c.AddWorkingDays(time.Date(2027, 9, 30, 17, 0, 0, 0, cn.Location()), 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 10, 12, 18, 0, 0, 0, cn.Location()); !got.Equal(want) {
		t.Errorf("5 working days from 2027-09-30 17:00 = %v, want %v", got, want)
	}
	// An official schedule supplied for the year replaces the derivation.
	sched := "date,kind,festival_zh,festival_en\n2027-10-01,holiday,国庆节,National Day\n"
	c = mustNew(t, cn.WithSchedule(strings.NewReader(sched)))
	if !c.IsWorkday(day(2027, 10, 4)) {
		t.Error("with an official 2027 schedule, 4 October is whatever it says (a working day)")
	}
}
