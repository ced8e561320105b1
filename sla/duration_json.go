package sla

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Durations in JSON are Go duration strings, as time.Duration.String
// writes them and time.ParseDuration reads them: "-12h0m0s", "1h30m0s",
// "0s". A person reads them, and every language can parse them; targets
// use the same numbers ("8h working time"). Decoding also accepts a JSON
// number of nanoseconds, the form encoding/json wrote before.

// jsonDuration is a time.Duration that reads and writes the string form.
type jsonDuration time.Duration

func (d jsonDuration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *jsonDuration) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		if bytes.Equal(b, []byte("null")) {
			return nil
		}
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("sla: duration %s: want a string such as \"12h0m0s\"", b)
		}
		*d = jsonDuration(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("sla: duration %q: want e.g. \"12h0m0s\" or \"-30m0s\"", s)
	}
	*d = jsonDuration(v)
	return nil
}

// MarshalJSON writes the clock with Remaining as a Go duration string:
// "remaining": "-12h0m0s".
func (c Clock) MarshalJSON() ([]byte, error) {
	type plain Clock // without the methods
	return json.Marshal(struct {
		plain
		Remaining jsonDuration `json:"remaining"`
	}{plain(c), jsonDuration(c.Remaining)})
}

// UnmarshalJSON reads what MarshalJSON writes (and a number of nanoseconds
// for Remaining).
func (c *Clock) UnmarshalJSON(b []byte) error {
	type plain Clock
	v := struct {
		*plain
		Remaining jsonDuration `json:"remaining"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	c.Remaining = time.Duration(v.Remaining)
	return nil
}

type durationsJSON struct {
	N      int          `json:"n"`
	Mean   jsonDuration `json:"mean"`
	Median jsonDuration `json:"median"`
	P90    jsonDuration `json:"p90"`
	Max    jsonDuration `json:"max"`
}

// MarshalJSON writes {"n": 3, "mean": "2h30m0s", "median": …, "p90": …, "max": …}.
func (d Durations) MarshalJSON() ([]byte, error) {
	return json.Marshal(durationsJSON{d.N, jsonDuration(d.Mean), jsonDuration(d.Median), jsonDuration(d.P90), jsonDuration(d.Max)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Durations) UnmarshalJSON(b []byte) error {
	var v durationsJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Durations{v.N, time.Duration(v.Mean), time.Duration(v.Median), time.Duration(v.P90), time.Duration(v.Max)}
	return nil
}
