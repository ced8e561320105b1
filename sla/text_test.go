package sla_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
)

func TestParseTarget(t *testing.T) {
	for _, tt := range []sla.Target{
		sla.Elapsed(2 * time.Hour), sla.Elapsed(90 * time.Minute), sla.WorkingTime(8 * time.Hour),
		sla.WorkingDays(5), sla.WorkingDays(1), {},
	} {
		got, err := sla.ParseTarget(tt.String())
		if err != nil || got != tt {
			t.Errorf("ParseTarget(%q) = %v, %v; want %v", tt.String(), got, err, tt)
		}
	}
	for _, bad := range []string{"2h", "2x elapsed", "-1h elapsed", "five working days", "3 fortnights", "-2 working days"} {
		if _, err := sla.ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q): want an error", bad)
		}
	}
}

// A report and its ticket travel as JSON with readable names and round-trip.
func TestReportJSON(t *testing.T) {
	p := sla.Default(prc(t))
	ticket := sla.Ticket{ID: "t1", Level: sla.Level4, Opened: at(2026, 9, 30, 17, 0),
		Pauses: []sla.Interval{{Start: at(2026, 9, 30, 17, 10), End: at(2026, 9, 30, 17, 20)}}}
	r, err := p.Evaluate(ticket, at(2026, 9, 30, 17, 30))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"level":"L4"`, `"metric":"response"`, `"target":"8h working time"`, `"state":"running"`, `"targets":{"response":"8h working time","resolution":"5 working days","feedback":"3 working days"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	var back sla.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Targets != r.Targets || back.Response.State != r.Response.State || !back.Response.Due.Equal(r.Response.Due) {
		t.Errorf("round trip: %+v\nwant %+v", back, r)
	}
	tb, _ := json.Marshal(ticket)
	var tback sla.Ticket
	if err := json.Unmarshal(tb, &tback); err != nil || tback.Level != sla.Level4 || len(tback.Pauses) != 1 {
		t.Errorf("ticket round trip: %s → %+v, %v", tb, tback, err)
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"2h elapsed", "8h working time", "5 working days", "", "1 working day", "9999999999h elapsed"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := sla.ParseTarget(s)
		if err != nil {
			return
		}
		again, err := sla.ParseTarget(tg.String())
		if err != nil || again != tg {
			t.Errorf("%q → %v → %q → %v, %v", s, tg, tg.String(), again, err)
		}
	})
}
