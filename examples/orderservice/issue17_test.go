package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
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

// do sends a request with a method, path, content type and body.
func do(t *testing.T, h http.Handler, method, path, contentType, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: response is not JSON: %q", method, path, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	return rec, out
}

// Issue 17, item 8: JSON errors for 404 and 405, 415 for a body that is
// not JSON, /refund without returns is a 400, errors use the JSON names.
func TestErrorsAreJSON(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	rec, out := do(t, h, http.MethodGet, "/nope", "", "")
	if rec.Code != http.StatusNotFound || out["error"] == nil {
		t.Errorf("404: %d %v", rec.Code, out)
	}
	for _, path := range []string{"/decide", "/deadline", "/refund", "/classify"} {
		rec, out := do(t, h, http.MethodGet, path, "", "")
		if rec.Code != http.StatusMethodNotAllowed || out["error"] == nil || rec.Header().Get("Allow") != http.MethodPost {
			t.Errorf("GET %s: %d %v %v", path, rec.Code, out, rec.Header())
		}
	}
	good := `{"text": "保温杯不保温"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ";;"} {
		rec, out := do(t, h, http.MethodPost, "/classify", ct, good)
		if rec.Code != http.StatusUnsupportedMediaType || out["error"] == nil {
			t.Errorf("%s: %d %v", ct, rec.Code, out)
		}
	}
	for _, ct := range []string{"", "application/json", "application/json; charset=utf-8", "application/problem+json"} {
		if rec, out := do(t, h, http.MethodPost, "/classify", ct, good); rec.Code != http.StatusOK {
			t.Errorf("%q: %d %v", ct, rec.Code, out)
		}
	}

	order := `{"lines":[{"id":"shirt","unit_price":"99.00","quantity":3}]}`
	for body, want := range map[string]string{
		`{"order":` + order + `}`:                                                                                     "returns: required",
		`{"order":` + order + `,"returns":[]}`:                                                                        "returns: required",
		`{"order":` + order + `,"returns":[{"line_id":"hat","quantity":1}]}`:                                          "returns[0].line_id",
		`{"order":` + order + `,"returns":[{"line_id":"shirt","quantity":0}]}`:                                        "returns[0].quantity",
		`{"order":` + order + `,"prior":[{"line_id":"x","quantity":1}],"returns":[{"line_id":"shirt","quantity":1}]}`: "prior[0].line_id",
		`{"order":{"lines":[{"id":"a","unit_price":"1.00","quantity":1},{"id":"b","unit_price":"-1","quantity":1}]},"returns":[{"line_id":"a","quantity":1}]}`: "order.lines[1].unit_price",
	} {
		rec, out := do(t, h, http.MethodPost, "/refund", "application/json", body)
		msg, _ := out["error"].(string)
		if rec.Code != http.StatusBadRequest || !strings.Contains(msg, want) || strings.Contains(msg, "LineID") || strings.Contains(msg, "now[") {
			t.Errorf("%s: %d %q, want it to mention %s", body, rec.Code, msg, want)
		}
	}

	rec, out = do(t, h, http.MethodPost, "/deadline", "", `{"level": 9, "opened": "2026-09-30T17:00:00+08:00", "now": "2026-09-30T17:30:00+08:00"}`)
	if msg, _ := out["error"].(string); rec.Code != http.StatusBadRequest || strings.Contains(msg, `ticket ""`) {
		t.Errorf("/deadline: %d %q", rec.Code, msg)
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"LineID": "line_id", "UnitPrice": "unit_price", "FreeShippingFrom": "free_shipping_from",
		"ID": "id", "Lines": "lines", "Quantity": "quantity"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%s) = %s, want %s", in, got, want)
		}
	}
}
