package bench

// Workload B: deadlines on the PRC working calendar — Monday to Friday,
// 09:00–18:00 Asia/Shanghai, less the 2026 public holidays, plus the make-up
// working weekend days of the State Council's 2026 schedule.
//
// The peers:
//   - cal_cn_nocache / cal_cn_cached: rickar/cal AddWorkHours and WorkdaysFrom
//     on cn.BusinessCalendar() — the holidays as cal.Holiday values, the
//     make-up days through WorkdayFunc — with rickar's holiday cache off and on;
//   - cal_map: rickar/cal with every day decided by a map-backed WorkdayFunc
//     built from the official CSV (no cal.Holiday at all), the fastest way
//     we found to use rickar/cal;
//   - daywalk: the hand-written floor, a day-by-day loop over the same map.
//
// The expected answers below were worked out by hand from the schedule and
// every tool must give them before it is timed.

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla/cn"
)

// scheduleCSV is the official schedule the library embeds, read here
// independently for the map-backed peers.
const scheduleCSV = "../sla/cn/data/cn-official-schedule-2024-2026.csv"

type deadlineCase struct {
	name  string
	start time.Time
	hours time.Duration // working time to add; 0 for a working-days case
	days  int           // working days to add
	want  time.Time     // for days: only the date counts (rickar keeps the clock, sla closes at 18:00)
}

func cst(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, cn.Location())
}

var deadlineCases = []deadlineCase{
	// Friday 13 Feb 15:00: 3 h on Friday, 5 h on the make-up Saturday 14 Feb.
	{name: "hours8_spring", start: cst(2026, 2, 13, 15, 0), hours: 8 * time.Hour, want: cst(2026, 2, 14, 14, 0)},
	// Then the break 15–23 Feb: 3 + 9 (Sat 14) + 9 + 9 + 9 (24–26 Feb) + 1 h on Friday 27 Feb.
	{name: "hours40_spring", start: cst(2026, 2, 13, 15, 0), hours: 40 * time.Hour, want: cst(2026, 2, 27, 10, 0)},
	// Wednesday 30 Sep 16:00: 2 h, then National Day 1–7 Oct, 6 h on Thursday 8 Oct.
	{name: "hours8_national", start: cst(2026, 9, 30, 16, 0), hours: 8 * time.Hour, want: cst(2026, 10, 8, 15, 0)},
	// From 30 Sep: 8 Oct, 9 Oct, Saturday 10 Oct (make-up), 12 Oct, 13 Oct.
	{name: "days5_national", start: cst(2026, 9, 30, 10, 0), days: 5, want: cst(2026, 10, 13, 18, 0)},
}

// Extra checks, not timed.
var deadlineChecks = []deadlineCase{
	{start: cst(2026, 2, 13, 17, 0), hours: time.Hour, want: cst(2026, 2, 13, 18, 0)}, // ends at closing time
	{start: cst(2026, 2, 14, 20, 0), hours: 2 * time.Hour, want: cst(2026, 2, 24, 11, 0)},
	{start: cst(2026, 9, 19, 12, 0), hours: 9 * time.Hour, want: cst(2026, 9, 20, 18, 0)}, // Sunday 20 Sep is a make-up day, 9 h to closing
	{start: cst(2026, 2, 13, 15, 0), days: 1, want: cst(2026, 2, 14, 18, 0)},
	{start: cst(2026, 2, 14, 9, 0), days: 1, want: cst(2026, 2, 24, 18, 0)},
}

// deadliner answers one case.
type deadliner struct {
	name string
	add  func(start time.Time, hours time.Duration, days int) time.Time
}

// schedule is the official CSV as date -> workday (true) or holiday (false),
// keyed by packed civil date.
type schedule map[int32]bool

func pack(y int, m time.Month, d int) int32 { return int32(y)<<9 | int32(m)<<5 | int32(d) }

func loadSchedule(tb testing.TB) schedule {
	f, err := os.Open(scheduleCSV)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s := make(schedule)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) < 2 || fields[0] == "date" {
			continue
		}
		d, err := time.Parse(time.DateOnly, fields[0])
		if err != nil {
			tb.Fatal(err)
		}
		s[pack(d.Date())] = fields[1] == "workday"
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return s
}

// workday reports whether t's date (in t's location) is worked: the
// schedule's word, else Monday to Friday. It is the map-backed WorkdayFunc.
func (s schedule) workday(t time.Time) bool {
	if w, ok := s[pack(t.Date())]; ok {
		return w
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

const (
	opening = 9 * time.Hour
	closing = 18 * time.Hour
)

// dayWalk adds working time or working days one day at a time. Shanghai has
// no DST, so a day is always 24 h.
func (s schedule) dayWalk(start time.Time, hours time.Duration, days int) time.Time {
	y, m, d := start.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, start.Location())
	if days > 0 {
		for days > 0 {
			midnight = midnight.Add(24 * time.Hour)
			if s.workday(midnight) {
				days--
			}
		}
		return midnight.Add(closing)
	}
	t := start
	for {
		if s.workday(midnight) {
			open, shut := midnight.Add(opening), midnight.Add(closing)
			if t.Before(open) {
				t = open
			}
			if t.Before(shut) {
				left := shut.Sub(t)
				if hours <= left {
					return t.Add(hours)
				}
				hours -= left
			}
		}
		midnight = midnight.Add(24 * time.Hour)
		t = midnight
	}
}

func rickar(bc *cal.BusinessCalendar) func(time.Time, time.Duration, int) time.Time {
	return func(start time.Time, hours time.Duration, days int) time.Time {
		if days > 0 {
			t := bc.WorkdaysFrom(start, days)
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, t.Location()).Add(closing) // close of that day, as sla
		}
		return bc.AddWorkHours(start, hours)
	}
}

func deadliners(tb testing.TB) []deadliner {
	c, err := cn.New()
	if err != nil {
		tb.Fatal(err)
	}
	nocache, err := cn.BusinessCalendar()
	if err != nil {
		tb.Fatal(err)
	}
	nocache.Cacheable = false
	cached, err := cn.BusinessCalendar()
	if err != nil {
		tb.Fatal(err)
	}
	cached.Cacheable = true
	s := loadSchedule(tb)
	mapped := cal.NewBusinessCalendar()
	mapped.SetWorkHours(opening, closing)
	mapped.WorkdayFunc = s.workday
	return []deadliner{
		{"aftersales", func(start time.Time, hours time.Duration, days int) time.Time {
			var t time.Time
			var err error
			if days > 0 {
				t, err = c.AddWorkingDays(start, days)
			} else {
				t, err = c.AddWorkingTime(start, hours)
			}
			if err != nil {
				tb.Fatal(err)
			}
			return t
		}},
		{"daywalk", s.dayWalk},
		{"cal_cn_nocache", rickar(nocache)},
		{"cal_cn_cached", rickar(cached)},
		{"cal_map", rickar(mapped)},
	}
}

func checkDeadlines(tb testing.TB, ds []deadliner, cases []deadlineCase) {
	tb.Helper()
	for _, d := range ds {
		for _, c := range cases {
			if got := d.add(c.start, c.hours, c.days); !got.Equal(c.want) {
				tb.Errorf("%s: %v + %v / %d days = %v, want %v", d.name, c.start, c.hours, c.days, got, c.want)
			}
		}
	}
}

// BenchmarkDeadline times one deadline per tool and input; sub-benchmarks
// are Deadline/<input>/<tool>.
func BenchmarkDeadline(b *testing.B) {
	ds := deadliners(b)
	checkDeadlines(b, ds, deadlineCases)
	checkDeadlines(b, ds, deadlineChecks)
	if b.Failed() {
		b.FailNow()
	}
	for _, c := range deadlineCases {
		for _, d := range ds {
			b.Run(c.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				var got time.Time
				for b.Loop() {
					got = d.add(c.start, c.hours, c.days)
				}
				if !got.Equal(c.want) {
					b.Fatalf("got %v, want %v", got, c.want)
				}
			})
		}
	}
}

// BenchmarkDeadlineBuild is the one-off cost of a ready calendar: for sla,
// building it and compiling 2026 (its first question about the year).
func BenchmarkDeadlineBuild(b *testing.B) {
	start := deadlineCases[0].start
	b.Run("aftersales", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := cn.New()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.AddWorkingTime(start, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cal_cn", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bc, err := cn.BusinessCalendar()
			if err != nil {
				b.Fatal(err)
			}
			bc.AddWorkHours(start, time.Hour)
		}
	})
	b.Run("cal_map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := loadSchedule(b)
			bc := cal.NewBusinessCalendar()
			bc.SetWorkHours(opening, closing)
			bc.WorkdayFunc = s.workday
			bc.AddWorkHours(start, time.Hour)
		}
	})
}

// TestDeadlineAgreement: every tool gives the hand-worked answers.
func TestDeadlineAgreement(t *testing.T) {
	ds := deadliners(t)
	checkDeadlines(t, ds, deadlineCases)
	checkDeadlines(t, ds, deadlineChecks)
}
