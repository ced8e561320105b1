package cn_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/aftersales-go/aftersales/sla/cn"
)

func ExampleNew() {
	c, err := cn.New()
	if err != nil {
		panic(err)
	}
	for _, d := range []string{"2026-02-14", "2026-02-16", "2026-10-10", "2027-02-08"} {
		t, _ := time.ParseInLocation(time.DateOnly, d, cn.Location())
		fmt.Printf("%s %-9v working day: %-5v provisional: %v\n",
			d, t.Weekday(), c.IsWorkday(t), cn.Provisional(t.Year()))
	}
	// Output:
	// 2026-02-14 Saturday  working day: true  provisional: false
	// 2026-02-16 Monday    working day: false provisional: false
	// 2026-10-10 Saturday  working day: true  provisional: false
	// 2027-02-08 Monday    working day: false provisional: true
}

// A schedule published after this release, in the format of the embedded
// files. It replaces the provisional dates of its year.
func ExampleWithSchedule() {
	const published = `date,kind,festival_zh,festival_en
2027-02-06,holiday,春节,Spring Festival
2027-02-07,holiday,春节,Spring Festival
2027-02-08,holiday,春节,Spring Festival
2027-02-09,holiday,春节,Spring Festival
2027-02-10,holiday,春节,Spring Festival
2027-02-11,holiday,春节,Spring Festival
2027-02-12,holiday,春节,Spring Festival
2027-02-13,holiday,春节,Spring Festival
2027-02-20,workday,春节,Spring Festival
`
	c, err := cn.New(cn.WithSchedule(strings.NewReader(published)))
	if err != nil {
		panic(err)
	}
	fri := time.Date(2027, 2, 5, 10, 0, 0, 0, cn.Location())
	due, _ := c.AddWorkingDays(fri, 1)
	fmt.Println(due.Format("Mon 2 Jan 15:04"))
	// Output:
	// Mon 15 Feb 18:00
}

func ExampleWithLunchBreak() {
	c, err := cn.New(cn.WithLunchBreak(12*time.Hour, 13*time.Hour+30*time.Minute))
	if err != nil {
		panic(err)
	}
	mon := time.Date(2026, 3, 2, 11, 0, 0, 0, cn.Location())
	due, _ := c.AddWorkingTime(mon, 2*time.Hour)
	fmt.Println(due.Format("15:04"))
	// Output:
	// 14:30
}
