package main

import (
	"encoding/json"
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
