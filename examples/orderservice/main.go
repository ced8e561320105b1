// Command orderservice is a small order-service back end that answers
// after-sales questions over HTTP with JSON, on the library's embedded
// defaults. It uses only the standard library besides aftersales.
//
//	go run ./examples/orderservice -addr :8080
//	curl -s localhost:8080/decide -H 'Content-Type: application/json' \
//	  -d '{"request":{"kind":"return","reason":"no_reason"},
//	  "order":{"received_at":"2026-03-01T10:00:00+08:00"},"item":{"paid":"99.00"},
//	  "now":"2026-03-05T10:00:00+08:00"}'
//
// Endpoints (POST, JSON in and out; errors are JSON, {"error": "..."}: 400
// for a bad request, 404 and 405 for a wrong path or method, 413 for a body
// over 1 MiB, 415 for a body that is not JSON, 431 for headers over 64 KiB;
// slow and idle connections are closed, see limits; README.md has more):
//
//	/decide    policy.Input              -> policy.Decision (statutory set)
//	/deadline  {level, opened, now, …}   -> the SLA clocks of a complaint
//	/classify  {text, reason, …}         -> complaint code, level, evidence
//	/refund    {order, prior, returns}   -> refund plan
package main

import (
	"flag"
	"log"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	flag.Parse()
	h, err := NewHandler()
	if err != nil {
		log.Fatal(err)
	}
	srv := newServer(*addr, h, defaultLimits)
	log.Printf("orderservice listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}

// limits bound what one client can hold of the server: every phase of a
// connection has a deadline, so slow or idle clients are cut off instead of
// piling up, and headers and bodies have a size limit (bodies: maxBody,
// answered 413).
type limits struct {
	readHeader time.Duration // to read a request's headers
	read       time.Duration // to read a whole request, body included
	handle     time.Duration // to compute the answer (503 after it)
	write      time.Duration // from the end of the headers to the end of the answer
	idle       time.Duration // a kept-alive connection waiting for its next request
	maxHeader  int           // bytes of request line and headers (431 beyond)
}

var defaultLimits = limits{
	readHeader: 5 * time.Second,
	read:       10 * time.Second,
	handle:     10 * time.Second,
	write:      30 * time.Second,
	idle:       60 * time.Second,
	maxHeader:  64 << 10,
}

// newServer wraps h in the limits.
func newServer(addr string, h http.Handler, l limits) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           http.TimeoutHandler(h, l.handle, `{"error": "timeout"}`),
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeader,
	}
}
