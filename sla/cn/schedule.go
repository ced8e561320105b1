package cn

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// A date is a civil date, without a time zone.
type date struct {
	year  int
	month time.Month
	day   int
}

func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day) }

// weekday returns the day of the week of d.
func (d date) weekday() time.Weekday {
	return time.Date(d.year, d.month, d.day, 12, 0, 0, 0, time.UTC).Weekday()
}

// addDays returns the date n days after d.
func (d date) addDays(n int) date {
	t := time.Date(d.year, d.month, d.day+n, 12, 0, 0, 0, time.UTC)
	return date{t.Year(), t.Month(), t.Day()}
}

// parseDate parses YYYY-MM-DD strictly: time.Parse rejects 2026-02-30.
func parseDate(s string) (date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return date{}, err
	}
	return date{t.Year(), t.Month(), t.Day()}, nil
}

// A festival names a public holiday, in Chinese and English.
type festival struct{ zh, en string }

// A dayOff is one day of a public holiday.
type dayOff struct {
	date date
	festival
}

// A yearPlan is one year's deviations from the Monday–Friday week: days off
// and make-up working weekend days (调休).
type yearPlan struct {
	official bool     // from a State Council schedule, not derived
	off      []dayOff // sorted by date
	makeup   []date   // sorted
}

// The years a schedule may describe; wide enough for any real schedule and
// inside what sla.Calendar accepts.
const (
	minScheduleYear = 1900
	maxScheduleYear = 2199
)

// parseSchedule reads an official schedule in the CSV format of
// data/cn-official-schedule-*.csv:
//
//	date,kind,festival_zh,festival_en
//	2026-02-14,workday,春节,Spring Festival
//	2026-02-15,holiday,春节,Spring Festival
//
// The header line is optional. kind is "holiday" (a day off) or "workday"
// (a make-up working day, which must fall on a weekend). Each date may appear
// once. It returns the plans by year; each year is complete, replacing
// anything else known about it.
func parseSchedule(r io.Reader) (map[int]*yearPlan, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.TrimLeadingSpace = true
	plans := make(map[int]*yearPlan)
	seen := make(map[date]int) // date → line
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cn: schedule: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first && strings.EqualFold(strings.TrimPrefix(rec[0], "\ufeff"), "date") {
			continue // header
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("cn: schedule line %d: %s", line, fmt.Sprintf(format, args...))
		}
		d, err := parseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, bad("date %q: want YYYY-MM-DD", rec[0])
		}
		if d.year < minScheduleYear || d.year > maxScheduleYear {
			return nil, bad("year %d outside %d–%d", d.year, minScheduleYear, maxScheduleYear)
		}
		if prev, dup := seen[d]; dup {
			return nil, bad("%v already listed on line %d", d, prev)
		}
		seen[d] = line
		p := plans[d.year]
		if p == nil {
			p = &yearPlan{official: true}
			plans[d.year] = p
		}
		switch kind := strings.TrimSpace(rec[1]); kind {
		case "holiday":
			p.off = append(p.off, dayOff{d, festival{strings.TrimSpace(rec[2]), strings.TrimSpace(rec[3])}})
		case "workday":
			if wd := d.weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, bad("make-up workday %v is a %v, not a weekend day", d, wd)
			}
			p.makeup = append(p.makeup, d)
		default:
			return nil, bad("kind %q: want holiday or workday", kind)
		}
	}
	if len(plans) == 0 {
		return nil, errors.New("cn: schedule: no entries")
	}
	for _, p := range plans {
		sortPlan(p)
	}
	return plans, nil
}

// compare orders dates: -1 if d is before e, 0 if equal, +1 if after.
func (d date) compare(e date) int {
	switch {
	case d.year != e.year:
		return cmp.Compare(d.year, e.year)
	case d.month != e.month:
		return cmp.Compare(d.month, e.month)
	}
	return cmp.Compare(d.day, e.day)
}
