package main

import (
	"net/http"
	"testing"
)

// Issue 17, item 4: money in answers keeps the currency's minor digits.
func TestMoneyDigits(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	order := `{"lines":[{"id":"shirt","unit_price":"99","quantity":3}]}`
	code, out := post(t, h, "/refund", `{"order":`+order+`,"returns":[{"line_id":"shirt","quantity":2}]}`)
	if code != http.StatusOK || out["total"] != "198.00" || out["freight"] != "0.00" {
		t.Errorf("/refund: %d %v", code, out)
	}
	if line := out["lines"].([]any)[0].(map[string]any); line["price"] != "198.00" || line["discount"] != "0.00" {
		t.Errorf("/refund line: %v", line)
	}
	code, out = post(t, h, "/decide", `{"request":{"kind":"return","reason":"quality"},
		"order":{"received_at":"2026-03-01T10:00:00+08:00"},"item":{"price":"359","paid":"359"},"now":"2026-03-04T10:00:00+08:00"}`)
	if outputs, _ := out["outputs"].(map[string]any); code != http.StatusOK || outputs["refund"] != "359.00" {
		t.Errorf("/decide: %d %v", code, out)
	}
}

// Issue 17, item 5: durations in answers are Go duration strings.
func TestDurationStrings(t *testing.T) {
	h, _ := NewHandler()
	code, out := post(t, h, "/deadline", `{"level": 2, "opened": "2026-09-30T17:00:00+08:00", "now": "2026-10-20T17:00:00+08:00"}`)
	resp, _ := out["response"].(map[string]any)
	if s, ok := resp["remaining"].(string); code != http.StatusOK || !ok || s == "" || s[0] != '-' {
		t.Errorf("%d %v", code, out)
	}
}
