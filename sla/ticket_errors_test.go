package sla_test

import (
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
)

// Issue 17, item 8: a ticket without an ID gives errors without `ticket ""`;
// one with an ID names it.
func TestTicketErrorsWithoutID(t *testing.T) {
	p := sla.Default(prc(t))
	for _, tk := range []sla.Ticket{
		{Level: sla.Level(9), Opened: at(2026, 9, 30, 17, 0)},
		{Level: sla.Level2, Opened: at(2026, 9, 30, 17, 0), Pauses: []sla.Interval{{Start: at(2026, 9, 30, 17, 20), End: at(2026, 9, 30, 17, 10)}}},
		{Level: sla.Level2, Opened: at(2026, 9, 30, 18, 0)},
	} {
		_, err := p.Evaluate(tk, at(2026, 9, 30, 17, 30))
		if err == nil || strings.Contains(err.Error(), `ticket ""`) || !strings.HasPrefix(err.Error(), "sla: ") {
			t.Errorf("%+v: %v", tk, err)
		}
		tk.ID = "t7"
		if _, err := p.Evaluate(tk, at(2026, 9, 30, 17, 30)); err == nil || !strings.HasPrefix(err.Error(), `sla: ticket "t7": `) {
			t.Errorf("%+v: %v", tk, err)
		}
	}
}
