package celext

import (
	"testing"
	"time"
)

// daysFromCivil agrees with Go's own calendar on every day from 1599 to
// 2401 (four whole 400-year-cycle boundaries, every leap rule) and on a
// sample of days back to year -1200, where the era arithmetic goes negative.
func TestDaysFromCivil(t *testing.T) {
	check := func(day time.Time) bool {
		y, m, d := day.Date()
		want := day.Unix() / 86400
		if day.Unix() < 0 && day.Unix()%86400 != 0 {
			want-- // floor, not truncation (days start at midnight UTC here anyway)
		}
		if got := daysFromCivil(int64(y), int64(m), int64(d)); got != want {
			t.Errorf("daysFromCivil(%d, %d, %d) = %d, want %d", y, m, d, got, want)
			return false
		}
		return true
	}
	for day := time.Date(1599, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2401; day = day.AddDate(0, 0, 1) {
		if !check(day) {
			return
		}
	}
	for day := time.Date(-1200, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 1599; day = day.AddDate(0, 0, 13) {
		if !check(day) {
			return
		}
	}
	for _, tt := range []struct {
		y, m, d int64
		want    int64
	}{
		{1970, 1, 1, 0}, {1970, 1, 2, 1}, {1969, 12, 31, -1}, {2000, 3, 1, 11017}, {2000, 2, 29, 11016},
		{1900, 3, 1, -25508}, {0, 3, 1, -719468}, {-1, 12, 31, -719529}, {-400, 3, 1, -865565},
	} {
		if got := daysFromCivil(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("daysFromCivil(%d, %d, %d) = %d, want %d", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}
