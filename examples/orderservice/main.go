// Command orderservice is a small order-service back end that answers
// after-sales questions over HTTP with JSON, on the library's embedded
// defaults. It uses only the standard library besides aftersales.
//
//	go run ./examples/orderservice -addr :8080
//	curl -s localhost:8080/decide -d '{"request":{"kind":"return","reason":"no_reason"},
//	  "order":{"received_at":"2026-03-01T10:00:00+08:00"},"item":{"paid":"99.00"},
//	  "now":"2026-03-05T10:00:00+08:00"}'
//
// Endpoints (POST, JSON in and out; errors are 400 with {"error": "..."}):
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
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("orderservice listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}
