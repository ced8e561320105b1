package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// maxBody bounds a request body: after-sales requests are small, and an
// unbounded decoder is a memory exhaustion waiting to happen.
const maxBody = 1 << 20

// service holds what every request shares. Everything in it is immutable
// and safe for concurrent use, so handlers need no locks.
type service struct {
	policies *policy.Set
}

// NewHandler builds the HTTP handler on the embedded defaults.
func NewHandler() (http.Handler, error) {
	s := &service{
		policies: policy.NewSet(policy.AllowOverrides, cn.Statutory()),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /decide", s.decide)
	return mux, nil
}

func (s *service) decide(w http.ResponseWriter, r *http.Request) {
	var in policy.Input
	if !decode(w, r, &in) {
		return
	}
	if err := validateInput(in); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	d, err := s.policies.Decide(r.Context(), in)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	reply(w, d)
}

func validateInput(in policy.Input) error {
	switch {
	case in.Now.IsZero():
		return errors.New("now: required (RFC 3339)")
	case in.Request.Kind == "":
		return errors.New("request.kind: required (return, exchange, repair or refund_only)")
	case in.Item.Paid.IsNegative() || in.Item.Price.IsNegative():
		return errors.New("item: price and paid must not be negative")
	case !in.Order.ReceivedAt.IsZero() && in.Order.ReceivedAt.After(in.Now):
		return errors.New("order.received_at: after now")
	}
	return nil
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors, so a typo in a field name is a 400, not a silently ignored value.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid JSON body: %w", err))
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		fail(w, http.StatusBadRequest, errors.New("invalid JSON body: trailing data"))
		return false
	}
	return true
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}
