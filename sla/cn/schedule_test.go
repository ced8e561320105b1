package cn

import (
	"bytes"
	"encoding/csv"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"
)

// formatSchedule writes plans in the format parseSchedule reads.
func formatSchedule(t *testing.T, plans map[int]*yearPlan) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"date", "kind", "festival_zh", "festival_en"})
	for _, y := range sortedYears(plans) {
		for _, o := range plans[y].off {
			_ = w.Write([]string{o.date.String(), "holiday", o.zh, o.en})
		}
		for _, d := range plans[y].makeup {
			_ = w.Write([]string{d.String(), "workday", "", ""})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzParseSchedule checks that the parser never panics, that whatever it
// accepts is a valid schedule, and that writing that schedule out and
// reading it back gives the same schedule.
func FuzzParseSchedule(f *testing.F) {
	f.Add([]byte(officialCSV))
	f.Add([]byte("2027-01-01,holiday,元旦,New Year's Day\n2027-02-20,workday,春节,Spring Festival\n"))
	f.Add([]byte("date,kind,festival_zh,festival_en\n2027-02-30,holiday,,\n"))
	f.Add([]byte("\ufeffdate,kind,a,b\n 2027-01-02 , workday ,\"x,y\",\"\"\"\"\n"))
	f.Add([]byte("2027-01-01,holiday\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		plans, err := parseSchedule(bytes.NewReader(data))
		if err != nil {
			return
		}
		for y, p := range plans {
			if !p.official || y < minScheduleYear || y > maxScheduleYear {
				t.Fatalf("year %d: official %v", y, p.official)
			}
			for _, d := range p.makeup {
				if wd := d.weekday(); d.year != y || (wd != time.Saturday && wd != time.Sunday) {
					t.Fatalf("make-up day %v in %d is a %v", d, y, wd)
				}
			}
			for i, o := range p.off {
				if o.date.year != y || (i > 0 && p.off[i-1].date.compare(o.date) >= 0) {
					t.Fatalf("days off of %d not sorted and unique: %v", y, p.off)
				}
			}
		}
		again, err := parseSchedule(bytes.NewReader(formatSchedule(t, plans)))
		if err != nil {
			t.Fatalf("re-reading a written schedule: %v", err)
		}
		if !maps.EqualFunc(plans, again, func(a, b *yearPlan) bool { return reflect.DeepEqual(a, b) }) {
			t.Fatalf("round trip changed the schedule")
		}
	})
}

func TestEmbeddedData(t *testing.T) {
	plans, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	years := sortedYears(plans)
	if years[0] != 2024 || years[len(years)-1] != 2060 || len(years) != 37 {
		t.Fatalf("embedded years %v…%v (%d)", years[0], years[len(years)-1], len(years))
	}
	for _, y := range years {
		p := plans[y]
		if p.official != (y <= 2026) {
			t.Errorf("%d: official = %v", y, p.official)
		}
		// Derived: 13 statutory days (12 if two festivals meet), plus one
		// weekday in lieu for each that falls on a weekend (放假办法第六条).
		if !p.official && (len(p.makeup) != 0 || statutoryDays(p) < 12 || statutoryDays(p) > 13) {
			t.Errorf("%d (derived): %d days off (%d statutory), %d make-up days; want 13 (12 if two festivals meet) statutory, 0",
				y, len(p.off), statutoryDays(p), len(p.makeup))
		}
	}
	// 2031: Mid-Autumn falls on 1 October, and the shared day counts once.
	if n := statutoryDays(plans[2031]); n != 12 {
		t.Errorf("2031: %d statutory days off, want 12", n)
	}
}

// statutoryDays is the number of days off of a derived plan less its days
// in lieu: those are weekdays, one per statutory day on a weekend.
func statutoryDays(p *yearPlan) int {
	weekend := 0
	for _, o := range p.off {
		if wd := o.date.weekday(); wd == time.Saturday || wd == time.Sunday {
			weekend++
		}
	}
	return len(p.off) - weekend
}

func TestParseLunarErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"year,chuxi\n",
		"year,chuxi,spring_festival,qingming,dragon_boat,mid_autumn\nx,2027-02-05,2027-02-06,2027-04-05,2027-06-09,2027-09-15\n",
		"year,chuxi,spring_festival,qingming,dragon_boat,mid_autumn\n2027,2028-02-05,2027-02-06,2027-04-05,2027-06-09,2027-09-15\n",
	} {
		if _, err := parseLunar(strings.NewReader(in)); err == nil {
			t.Errorf("parseLunar(%q) succeeded, want an error", in)
		}
	}
}
