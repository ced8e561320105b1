package sla_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
)

// Issue 17, item 5: durations in JSON are Go duration strings, and reports
// still round-trip.
func TestDurationsJSONReadable(t *testing.T) {
	p := sla.Default(prc(t))
	ticket := sla.Ticket{ID: "t1", Level: sla.Level4, Opened: at(2026, 9, 30, 17, 0)}
	r, err := p.Evaluate(ticket, at(2026, 10, 20, 17, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `"remaining":"` + r.Response.Remaining.String() + `"`
	if r.Response.Remaining >= 0 || !strings.Contains(string(b), want) || strings.Contains(string(b), `"remaining":-`) {
		t.Errorf("%s lacks %s", b, want)
	}
	var back sla.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, m := range []sla.Metric{sla.Response, sla.Resolution, sla.Feedback} {
		got, w := back.Clock(m), r.Clock(m)
		if got.Remaining != w.Remaining || got.State != w.State || got.Target != w.Target || !got.Due.Equal(w.Due) || got.Used != w.Used {
			t.Errorf("%s round trip: %+v, want %+v", m, got, w)
		}
	}

	var c sla.Clock
	if err := json.Unmarshal([]byte(`{"metric":"response","remaining":-43200000000000}`), &c); err != nil || c.Remaining != -12*time.Hour {
		t.Errorf("nanoseconds: %v %v", c.Remaining, err)
	}
	if err := json.Unmarshal([]byte(`{"remaining":"soon"}`), &c); err == nil {
		t.Error("bad duration accepted")
	}

	d := sla.Durations{N: 2, Mean: 90 * time.Minute, Max: 2 * time.Hour}
	db, _ := json.Marshal(d)
	if string(db) != `{"n":2,"mean":"1h30m0s","median":"0s","p90":"0s","max":"2h0m0s"}` {
		t.Errorf("durations: %s", db)
	}
	var dback sla.Durations
	if err := json.Unmarshal(db, &dback); err != nil || dback != d {
		t.Errorf("durations round trip: %+v %v", dback, err)
	}
}
