package sla_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/aftersales-go/aftersales/sla"
)

// everyDay is a business calendar with every day working, from to to.
func everyDay(from, to time.Duration) *cal.BusinessCalendar {
	bc := cal.NewBusinessCalendar()
	bc.SetWorkday(time.Saturday, true)
	bc.SetWorkday(time.Sunday, true)
	bc.SetWorkHours(from, to)
	return bc
}

func zone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	return loc
}

// M5: days are civil dates in every zone, working hours times of day.
func TestCivilDays(t *testing.T) {
	// Havana's clocks skip midnight on 8 March 2026: the day begins at 01:00
	// and is a working day like any other.
	havana := zone(t, "America/Havana")
	c, err := sla.NewCalendar(everyDay(9*time.Hour, 17*time.Hour), sla.WithLocation(havana), sla.WithYears(2026, 2026))
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(time.Date(2026, 3, 8, 10, 0, 0, 0, havana)) {
		t.Error("Havana: 2026-03-08 is not a working day")
	}
	got, err := c.AddWorkingTime(time.Date(2026, 3, 7, 16, 0, 0, 0, havana), 2*time.Hour)
	if want := time.Date(2026, 3, 8, 10, 0, 0, 0, havana); err != nil || !got.Equal(want) {
		t.Errorf("Havana: AddWorkingTime = %v, %v; want %v", got, err, want)
	}
	if n, err := c.WorkingDays(time.Date(2026, 3, 1, 12, 0, 0, 0, havana), time.Date(2026, 3, 15, 12, 0, 0, 0, havana)); err != nil || n != 14 {
		t.Errorf("Havana: WorkingDays over two weeks = %d, %v", n, err)
	}
	for _, day := range []int{7, 8, 9} {
		from := time.Date(2026, 3, day, 0, 0, 0, 0, havana)
		if w, err := c.WorkingTime(from, from.Add(30*time.Hour)); err != nil || w != 8*time.Hour {
			t.Errorf("Havana: 8 March ± 1: working time of day %d = %v, %v", day, w, err)
		}
	}

	// A 00:00–24:00 day is 25 hours on the day New York's clocks go back,
	// and 23 on the day they go forward.
	ny := zone(t, "America/New_York")
	c, err = sla.NewCalendar(everyDay(0, 24*time.Hour), sla.WithLocation(ny), sla.WithYears(2026, 2026))
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[time.Time]time.Duration{
		time.Date(2026, 11, 1, 0, 0, 0, 0, ny): 25 * time.Hour,
		time.Date(2026, 3, 8, 0, 0, 0, 0, ny):  23 * time.Hour,
		time.Date(2026, 6, 1, 0, 0, 0, 0, ny):  24 * time.Hour,
	} {
		next := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, ny)
		if w, err := c.WorkingTime(day, next); err != nil || w != want {
			t.Errorf("New York %s: %v, %v; want %v", day.Format("2006-01-02"), w, err, want)
		}
	}

	// A 01:00 start is 01:00 on the clocks all year in London (not 02:00
	// after clocks go forward), so a year of days holds 16 h each.
	london := zone(t, "Europe/London")
	c, err = sla.NewCalendar(everyDay(time.Hour, 17*time.Hour), sla.WithLocation(london), sla.WithYears(2026, 2027))
	if err != nil {
		t.Fatal(err)
	}
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, london); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		open, err := c.AddWorkingTime(d, time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		if h := open.In(london).Hour(); h != 1 && !(d.Month() == 3 && d.Day() == 29) {
			t.Errorf("London %s opens at %v", d.Format("2006-01-02"), open.In(london))
		}
	}
	// 29 March: 01:00 does not exist; the day opens when the clocks say
	// 02:00 (15 h). 25 October: 01:00 comes twice; the day opens at the first
	// (17 h). The year holds 365 × 16 h.
	oct25 := time.Date(2026, 10, 25, 0, 0, 0, 0, london)
	if w, err := c.WorkingTime(oct25, oct25.Add(25*time.Hour)); err != nil || w != 17*time.Hour {
		t.Errorf("London 25 October: %v, %v; want 17h", w, err)
	}
	w, err := c.WorkingTime(time.Date(2026, 1, 1, 0, 0, 0, 0, london), time.Date(2027, 1, 1, 0, 0, 0, 0, london))
	if want := 365 * 16 * time.Hour; err != nil || w != want {
		t.Errorf("London: a year of 01:00–17:00 days = %v, %v; want %v", w, err, want)
	}
}
