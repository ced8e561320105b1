package cn

import (
	_ "embed"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla"
)

var (
	//go:embed data/cn-official-schedule-2024-2026.csv
	officialCSV string

	//go:embed data/cn-lunar-festivals-2024-2060.csv
	lunarCSV string
)

// builtin holds the embedded data, parsed once and never modified: the
// official plans by year, and a derived plan for every other year of the
// lunar table.
var builtin = sync.OnceValues(func() (map[int]*yearPlan, error) {
	official, err := parseSchedule(strings.NewReader(officialCSV))
	if err != nil {
		return nil, fmt.Errorf("embedded %w", err)
	}
	lunar, err := parseLunar(strings.NewReader(lunarCSV))
	if err != nil {
		return nil, fmt.Errorf("embedded %w", err)
	}
	plans := make(map[int]*yearPlan, len(lunar))
	for y, l := range lunar {
		plans[y] = derivePlan(y, l)
	}
	maps.Copy(plans, official)
	return plans, nil
})

// Location returns Asia/Shanghai, the calendar's time zone. Where the system
// has no time zone database it returns a fixed UTC+8 zone of the same name,
// which agrees with it for every year since 1992.
func Location() *time.Location { return shanghai() }

var shanghai = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Shanghai", 8*60*60)
})

// Provisional reports whether year has no official schedule embedded in
// this package, so that its holidays, if the calendar covers the year at all,
// are derived from the law (with the days in lieu of 放假办法第六条) and the
// lunar table and may move when the State Council publishes the year's
// schedule, usually in November — pass that to WithSchedule. Schedules passed to WithSchedule
// do not change the answer.
func Provisional(year int) bool {
	plans, err := builtin()
	if err != nil {
		return true
	}
	p, ok := plans[year]
	return !ok || !p.official
}

// New returns the PRC working calendar: Monday to Friday, 09:00–18:00 in
// Asia/Shanghai unless WithWorkHours says otherwise, less the public
// holidays, plus the make-up working weekend days of the official schedules.
// It covers every year of the embedded data (official 2024–2026, provisional
// up to 2060) and of WithSchedule; other years give sla.ErrOutOfRange.
func New(opts ...Option) (*sla.Calendar, error) {
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	bc, first, last, err := cfg.businessCalendar()
	if err != nil {
		return nil, err
	}
	calOpts := []sla.CalendarOption{sla.WithLocation(Location()), sla.WithYears(first, last)}
	if cfg.lunchSet {
		calOpts = append(calOpts, sla.WithBreak(cfg.lunchFrom, cfg.lunchTo))
	}
	return sla.NewCalendar(bc, calOpts...)
}

// BusinessCalendar returns the same calendar as New as a rickar/cal
// calendar, for code that already uses that package. Holidays are cal.Holiday
// values named after their festival; make-up working days come through
// WorkdayFunc, since rickar/cal has no notion of them. rickar/cal has no
// lunch break either, so WithLunchBreak is an error here rather than a
// silently different answer.
func BusinessCalendar(opts ...Option) (*cal.BusinessCalendar, error) {
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	if cfg.lunchSet {
		return nil, fmt.Errorf("cn: BusinessCalendar: rickar/cal calendars have no lunch break; use New")
	}
	bc, _, _, err := cfg.businessCalendar()
	return bc, err
}

// businessCalendar builds the rickar/cal calendar of cfg and returns the
// years it covers.
func (cfg *config) businessCalendar() (bc *cal.BusinessCalendar, first, last int, err error) {
	plans, err := cfg.plans()
	if err != nil {
		return nil, 0, 0, err
	}
	years := sortedYears(plans)
	first, last = years[0], years[len(years)-1]
	if len(years) != last-first+1 {
		for y := first; ; y++ {
			if plans[y] == nil {
				return nil, 0, 0, fmt.Errorf("cn: no schedule or lunar dates for %d, between %d and %d", y, first, last)
			}
		}
	}

	bc = cal.NewBusinessCalendar()
	bc.Name = "CN"
	bc.Description = "People's Republic of China: public holidays and make-up working days"
	bc.SetWorkHours(cfg.workFrom, cfg.workTo)
	bc.Cacheable = true

	// One cal.Holiday per festival and day of that festival: rickar/cal
	// asks a Holiday for one date a year, and a festival lasts up to nine
	// days. This keeps the list short (some 35 entries for 2024–2060)
	// where one entry per date would be over 500, each tried on every
	// IsHoliday call.
	type key struct {
		festival
		nth int
	}
	var order []key
	dates := make(map[key][]date) // indexed by year-first; the zero date means none
	makeup := make(map[date]bool)
	for _, y := range years {
		p := plans[y]
		count := make(map[festival]int)
		for _, o := range p.off {
			k := key{o.festival, count[o.festival]}
			count[o.festival]++
			if dates[k] == nil {
				dates[k] = make([]date, len(years))
				order = append(order, k)
			}
			dates[k][y-first] = o.date
		}
		for _, d := range p.makeup {
			makeup[d] = true
		}
	}
	for _, k := range order {
		byYear := dates[k]
		name := k.zh
		if name == "" {
			name = k.en
		}
		bc.AddHoliday(&cal.Holiday{
			Name:        name,
			Description: k.en,
			Type:        cal.ObservancePublic,
			StartYear:   first,
			EndYear:     last,
			Func: func(_ *cal.Holiday, year int) time.Time {
				var d date
				if i := year - first; i >= 0 && i < len(byYear) {
					d = byYear[i]
				}
				if d == (date{}) {
					return time.Time{} // not a year of ours, or the festival is shorter that year
				}
				return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC)
			},
		})
	}
	bc.WorkdayFunc = func(t time.Time) bool {
		y, m, d := t.Date()
		if makeup[date{y, m, d}] {
			return true
		}
		wd := t.Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	return bc, first, last, nil
}

// plans returns the embedded plans overlaid with the WithSchedule years.
func (cfg *config) plans() (map[int]*yearPlan, error) {
	base, err := builtin()
	if err != nil {
		return nil, fmt.Errorf("cn: %w", err)
	}
	plans := maps.Clone(base)
	given := make(map[int]bool)
	for _, extra := range cfg.schedules {
		for y, p := range extra {
			if given[y] {
				return nil, fmt.Errorf("cn: %d is in more than one WithSchedule schedule", y)
			}
			given[y] = true
			plans[y] = p
		}
	}
	return plans, nil
}

func sortedYears(plans map[int]*yearPlan) []int {
	return slices.Sorted(maps.Keys(plans))
}

// Option configures New and BusinessCalendar.
type Option func(*config)

type config struct {
	workFrom, workTo   time.Duration
	lunchFrom, lunchTo time.Duration
	lunchSet           bool
	schedules          []map[int]*yearPlan
	errs               []error
}

func configure(opts []Option) (*config, error) {
	cfg := &config{workFrom: 9 * time.Hour, workTo: 18 * time.Hour}
	for _, opt := range opts {
		opt(cfg)
	}
	if len(cfg.errs) > 0 {
		return nil, cfg.errs[0]
	}
	if cfg.workFrom < 0 || cfg.workTo > 24*time.Hour || cfg.workFrom >= cfg.workTo {
		return nil, fmt.Errorf("cn: work hours %v–%v: want 0 <= start < end <= 24h", cfg.workFrom, cfg.workTo)
	}
	if cfg.lunchSet && (cfg.lunchFrom < cfg.workFrom || cfg.lunchTo > cfg.workTo || cfg.lunchFrom >= cfg.lunchTo) {
		return nil, fmt.Errorf("cn: lunch break %v–%v: want start < end within the work hours %v–%v",
			cfg.lunchFrom, cfg.lunchTo, cfg.workFrom, cfg.workTo)
	}
	return cfg, nil
}

// WithWorkHours sets the working hours of every working day as offsets from
// midnight, e.g. 9*time.Hour and 18*time.Hour (the default).
func WithWorkHours(start, end time.Duration) Option {
	return func(c *config) { c.workFrom, c.workTo = start, end }
}

// WithLunchBreak removes a daily break, e.g. 12*time.Hour to 13*time.Hour,
// from the working hours. Only New supports it.
func WithLunchBreak(start, end time.Duration) Option {
	return func(c *config) { c.lunchFrom, c.lunchTo, c.lunchSet = start, end, true }
}

// WithSchedule adds official schedules, such as the State Council's
// schedule for a new year, in the CSV format of the embedded
// data/cn-official-schedule-*.csv (date,kind,festival_zh,festival_en; kind
// holiday or workday). Each year in r replaces whatever the calendar knew of
// it — for a provisional year, the derived holidays and days in lieu — so a
// year must be listed completely. r is read when WithSchedule is
// called; a read or format error is returned by New or BusinessCalendar.
func WithSchedule(r io.Reader) Option {
	plans, err := parseSchedule(r)
	return func(c *config) {
		if err != nil {
			c.errs = append(c.errs, err)
			return
		}
		c.schedules = append(c.schedules, plans)
	}
}
