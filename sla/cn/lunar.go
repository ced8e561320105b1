package cn

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// The public holidays (全国年节及纪念日放假办法, as amended in 2024 for 2025 on),
// named as in the official schedule files.
var (
	newYear      = festival{"元旦", "New Year's Day"}
	springFest   = festival{"春节", "Spring Festival"}
	qingming     = festival{"清明", "Tomb-sweeping Day"}
	labourDay    = festival{"劳动节", "Labour Day"}
	dragonBoat   = festival{"端午", "Dragon Boat Festival"}
	midAutumn    = festival{"中秋", "Mid-autumn Festival"}
	nationalDay  = festival{"国庆节", "National Day"}
	lunarColumns = []string{"year", "chuxi", "spring_festival", "qingming", "dragon_boat", "mid_autumn"}
)

// A lunarYear holds the Gregorian dates of one year's lunar festivals (and
// of Qingming, a solar term).
type lunarYear struct {
	chuxi, springFestival, qingming, dragonBoat, midAutumn date
}

// parseLunar reads data/cn-lunar-festivals-*.csv.
func parseLunar(r io.Reader) (map[int]lunarYear, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(lunarColumns)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("cn: lunar table: %w", err)
	}
	if !slices.Equal(header, lunarColumns) {
		return nil, fmt.Errorf("cn: lunar table: header %q, want %q", header, lunarColumns)
	}
	years := make(map[int]lunarYear)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return years, nil
		}
		if err != nil {
			return nil, fmt.Errorf("cn: lunar table: %w", err)
		}
		line, _ := cr.FieldPos(0)
		year, err := strconv.Atoi(rec[0])
		if err != nil {
			return nil, fmt.Errorf("cn: lunar table line %d: year %q", line, rec[0])
		}
		var ds [5]date
		for i := range ds {
			if ds[i], err = parseDate(rec[i+1]); err != nil || ds[i].year != year {
				return nil, fmt.Errorf("cn: lunar table line %d: %s %q is not a date in %d",
					line, lunarColumns[i+1], rec[i+1], year)
			}
		}
		years[year] = lunarYear{ds[0], ds[1], ds[2], ds[3], ds[4]}
	}
}

// derivePlan returns the statutory days off of a year without an official
// schedule: New Year 1 day, Spring Festival 4 (除夕 and 初一–初三), Qingming 1,
// Labour Day 2 (1–2 May), Dragon Boat 1, Mid-Autumn 1, National Day 3
// (1–3 October), and — 全国年节及纪念日放假办法第六条 — for each of these days
// that falls on a Saturday or Sunday, a day off in lieu (补假) on the first
// working day after the holiday. The State Council's schedule will bridge
// these into longer breaks with make-up working days, which cannot be
// predicted; hence such years are provisional and have no make-up working
// days, and the official schedule, supplied with WithSchedule, replaces the
// derivation.
func derivePlan(year int, l lunarYear) *yearPlan {
	p := &yearPlan{}
	add := func(f festival, from date, days int) {
		for i := range days {
			p.off = append(p.off, dayOff{from.addDays(i), f})
		}
	}
	add(newYear, date{year, 1, 1}, 1)
	add(springFest, l.chuxi, 1)
	add(springFest, l.springFestival, 3)
	add(qingming, l.qingming, 1)
	add(labourDay, date{year, 5, 1}, 2)
	add(dragonBoat, l.dragonBoat, 1)
	add(midAutumn, l.midAutumn, 1)
	add(nationalDay, date{year, 10, 1}, 3)
	sortPlan(p)
	addDaysInLieu(p)
	return p
}

// addDaysInLieu applies 全国年节及纪念日放假办法第六条 to a derived plan: a
// holiday on a Saturday or Sunday is made up on a working day. Each run of
// consecutive days off (a festival, or festivals that touch) gets one day in
// lieu for each of its weekend days, on the first weekdays after the run that
// are not already days off, named after the festival of the run's weekend day.
func addDaysInLieu(p *yearPlan) {
	isOff := make(map[date]bool, len(p.off))
	for _, o := range p.off {
		isOff[o.date] = true
	}
	var lieu []dayOff
	for i := 0; i < len(p.off); {
		j := i + 1
		for j < len(p.off) && p.off[j].date == p.off[j-1].date.addDays(1) {
			j++
		}
		var owed []festival
		for _, o := range p.off[i:j] {
			if wd := o.date.weekday(); wd == time.Saturday || wd == time.Sunday {
				owed = append(owed, o.festival)
			}
		}
		for d := p.off[j-1].date.addDays(1); len(owed) > 0; d = d.addDays(1) {
			if wd := d.weekday(); wd == time.Saturday || wd == time.Sunday || isOff[d] {
				continue
			}
			isOff[d] = true
			lieu = append(lieu, dayOff{d, owed[0]})
			owed = owed[1:]
		}
		i = j
	}
	p.off = append(p.off, lieu...)
	sortPlan(p)
}

// sortPlan sorts p's days by date. When festivals share a day (Mid-Autumn on
// 1 October), the day is kept once, under the festival added first.
func sortPlan(p *yearPlan) {
	slices.SortStableFunc(p.off, func(a, b dayOff) int { return a.date.compare(b.date) })
	p.off = slices.CompactFunc(p.off, func(a, b dayOff) bool { return a.date == b.date })
	slices.SortFunc(p.makeup, date.compare)
}
