package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func post(t *testing.T, h http.Handler, path, body string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: response is not JSON: %q", path, rec.Body.String())
	}
	return rec.Code, out
}

func TestDecide(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	code, out := post(t, h, "/decide", `{"request":{"kind":"return","reason":"no_reason"},
		"order":{"shipped_at":"2026-02-28T10:00:00+08:00","received_at":"2026-03-01T10:00:00+08:00"},
		"item":{"price":"129.90","paid":"119.90"},"now":"2026-03-08T23:59:00+08:00"}`)
	if code != http.StatusOK || out["rule"] != "no_reason_7d" || out["effect"] != "allow" {
		t.Errorf("%d %v", code, out)
	}
	for _, bad := range []string{
		`{`, `{"request":{"kind":"return"}}`, `{"request":{"kind":"return"},"now":"2026-03-08T23:59:00+08:00","colour":1}`,
		`{"request":{"kind":"return"},"item":{"paid":"-1"},"now":"2026-03-08T23:59:00+08:00"}`,
		`{"request":{"kind":"return"},"item":{"paid":"abc"},"now":"2026-03-08T23:59:00+08:00"}`,
		`{"request":{"kind":"return"},"now":"2026-03-08T23:59:00+08:00"} {}`,
	} {
		code, out := post(t, h, "/decide", bad)
		if code != http.StatusBadRequest || out["error"] == "" {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
}

func TestDeadline(t *testing.T) {
	h, _ := NewHandler()
	code, out := post(t, h, "/deadline", `{"level": 4, "opened": "2026-09-30T17:00:00+08:00", "now": "2026-09-30T17:30:00+08:00"}`)
	if code != http.StatusOK {
		t.Fatalf("%d %v", code, out)
	}
	resp := out["response"].(map[string]any)
	if resp["due"] != "2026-10-08T16:00:00+08:00" {
		t.Errorf("level 4 response due %v, want Thu 8 Oct 16:00 (National Day skipped)", resp["due"])
	}
	for _, bad := range []string{
		`{"level": 9, "opened": "2026-09-30T17:00:00+08:00", "now": "2026-09-30T17:30:00+08:00"}`,
		`{"level": 2, "now": "2026-09-30T17:30:00+08:00"}`,
		`{"level": 2, "opened": "2026-09-30T17:00:00+08:00", "now": "2026-09-30T17:30:00+08:00",
		  "pauses": [{"Start": "2026-09-30T17:20:00+08:00", "End": "2026-09-30T17:10:00+08:00"}]}`,
		`{"level": 4, "opened": "2099-09-30T17:00:00+08:00", "now": "2099-09-30T17:30:00+08:00"}`,
	} {
		if code, out := post(t, h, "/deadline", bad); code != http.StatusBadRequest || out["error"] == "" {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
}

func TestRefund(t *testing.T) {
	h, _ := NewHandler()
	order := `{"lines":[{"id":"flask","unit_price":"199.00","quantity":1},{"id":"mug","unit_price":"49.90","quantity":2}],
		"discount":"30.00","freight":"10.00","free_shipping_from":"99.00"}`
	code, out := post(t, h, "/refund", `{"order":`+order+`,"returns":[{"line_id":"flask","quantity":1}],"merchant_at_fault":true}`)
	if code != http.StatusOK || out["total"] != "179.02" {
		t.Errorf("%d %v", code, out)
	}
	for _, bad := range []string{
		`{"order":` + order + `,"returns":[{"line_id":"hat","quantity":1}]}`,
		`{"order":` + order + `,"returns":[{"line_id":"mug","quantity":3}]}`,
		`{"order":{"lines":[{"id":"a","unit_price":"-1","quantity":1}]},"returns":[{"line_id":"a","quantity":1}]}`,
	} {
		if code, out := post(t, h, "/refund", bad); code != http.StatusBadRequest || out["error"] == "" {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
}

func TestClassify(t *testing.T) {
	h, _ := NewHandler()
	code, out := post(t, h, "/classify", `{"text": "買的手機螢幕有壞點，要求換貨", "order_amount": "5999.00"}`)
	if code != http.StatusOK {
		t.Fatalf("%d %v", code, out)
	}
	if fmt.Sprint(out["Code"], out["code"]) == "<nil> <nil>" {
		t.Errorf("no code in %v", out)
	}
	for _, bad := range []string{`{"text": ""}`, `{"text": "x", "order_amount": "-1"}`, `{"text": 5}`, `{"txt": "x"}`} {
		if code, out := post(t, h, "/classify", bad); code != http.StatusBadRequest || out["error"] == "" {
			t.Errorf("%s: %d %v", bad, code, out)
		}
	}
}
