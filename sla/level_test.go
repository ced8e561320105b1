package sla_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
)

func TestLevel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sla.Level
	}{
		{"L1", sla.Level1}, {"l2", sla.Level2}, {"3", sla.Level3}, {"四级", sla.Level4}, {"一级", sla.Level1},
	} {
		if got, err := sla.ParseLevel(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "L0", "L5", "5", "0", "L", "五级", "L11"} {
		if _, err := sla.ParseLevel(in); !errors.Is(err, sla.ErrUnknownLevel) {
			t.Errorf("ParseLevel(%q): %v, want ErrUnknownLevel", in, err)
		}
	}
	if s := sla.Level(7).String(); s != "Level(7)" {
		t.Errorf("String() = %q", s)
	}

	var v struct{ Level sla.Level }
	if err := json.Unmarshal([]byte(`{"Level":"二级"}`), &v); err != nil || v.Level != sla.Level2 {
		t.Errorf("unmarshal: %v, %v", v.Level, err)
	}
	if b, err := json.Marshal(v); err != nil || string(b) != `{"Level":"L2"}` {
		t.Errorf("marshal: %s, %v", b, err)
	}
	if _, err := json.Marshal(struct{ Level sla.Level }{9}); err == nil {
		t.Error("marshal of an invalid level: no error")
	}
}
