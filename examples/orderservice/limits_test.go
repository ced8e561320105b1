package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// M2: an oversized body is 413.
func TestBodyTooLarge(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	body := `{"item": {"sku": "` + strings.Repeat("x", maxBody) + `"}}`
	code, out := post(t, h, "/decide", body)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(out["error"].(string), "larger than") {
		t.Errorf("%d %v", code, out)
	}
}

// M2: slow bodies, idle connections and huge headers are cut off.
func TestServerLimits(t *testing.T) {
	h, err := NewHandler()
	if err != nil {
		t.Fatal(err)
	}
	l := limits{readHeader: 200 * time.Millisecond, read: 300 * time.Millisecond, handle: time.Second,
		write: time.Second, idle: 300 * time.Millisecond, maxHeader: 4 << 10}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = newServer("", h, l)
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	// closed reports whether the server closes conn within d.
	closed := func(conn net.Conn, d time.Duration) bool {
		_ = conn.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, conn)
		return err == nil // EOF: the server closed it; a timeout is an error
	}
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	slow := dial()
	defer slow.Close()
	_, _ = io.WriteString(slow, "POST /decide HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
	if !closed(slow, 3*time.Second) {
		t.Error("a slow body kept its connection")
	}

	idle := dial()
	defer idle.Close()
	if !closed(idle, 3*time.Second) {
		t.Error("an idle connection stayed open")
	}

	kept := dial()
	defer kept.Close()
	_, _ = io.WriteString(kept, "POST /decide HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	resp, err := http.ReadResponse(bufio.NewReader(kept), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !closed(kept, 3*time.Second) {
		t.Error("a kept-alive connection stayed open past the idle timeout")
	}

	big := dial()
	defer big.Close()
	_, _ = io.WriteString(big, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 64<<10)+"\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(big), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("huge header: %d", resp.StatusCode)
	}
}
