package bench

import (
	"time"
)

// shanghai is Asia/Shanghai, the time zone of every workload.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// No tzdata on the machine: China has used UTC+8 without DST since 1991.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// at parses an RFC 3339 time and panics on a typo: inputs are constants.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.In(shanghai)
}

// civil returns the date of t in Shanghai as days since 1970-01-01.
func civil(t time.Time) int {
	y, m, d := t.In(shanghai).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// calendarDays is the policy dialect's calendar_days: whole days between the
// two local dates in Shanghai. Every Go-hosted peer (cel-go, expr, the
// hand-written chain) calls this same function, so they differ only in how
// they evaluate the rules around it.
func calendarDays(from, to time.Time) int { return civil(to) - civil(from) }
