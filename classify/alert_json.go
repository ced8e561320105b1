package classify

import (
	"encoding/json"
	"fmt"
	"time"
)

// MarshalJSON writes the alert with Window as a Go duration string
// ("1h0m0s"), the form durations take in all of aftersales' JSON.
func (a Alert) MarshalJSON() ([]byte, error) {
	type plain Alert // without the methods
	return json.Marshal(struct {
		plain
		Window string
	}{plain(a), a.Window.String()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Alert) UnmarshalJSON(b []byte) error {
	type plain Alert
	v := struct {
		*plain
		Window string
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Window == "" {
		a.Window = 0
		return nil
	}
	d, err := time.ParseDuration(v.Window)
	if err != nil {
		return fmt.Errorf("classify: alert window %q: want e.g. \"1h0m0s\"", v.Window)
	}
	a.Window = d
	return nil
}
