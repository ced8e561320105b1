package main

import (
	"net/http"
	"strings"
	"testing"
)

// Issue 17, item 2: a misspelt request kind is a 400 listing the valid
// values, not a 200 deny.
func TestDecideMisspeltKind(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	code, out := post(t, h, "/decide", `{"request":{"kind":"retrun","reason":"no_reason"},
		"order":{"shipped_at":"2026-02-28T10:00:00+08:00","received_at":"2026-03-01T10:00:00+08:00"},
		"item":{"price":"129.90","paid":"119.90"},"now":"2026-03-03T12:00:00+08:00"}`)
	msg, _ := out["error"].(string)
	if code != http.StatusBadRequest || !strings.Contains(msg, "request.kind") || !strings.Contains(msg, `"refund_only"`) {
		t.Errorf("%d %v", code, out)
	}
}
