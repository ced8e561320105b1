package classify

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Issue 17, item 5: an alert's window is a Go duration string in JSON.
func TestAlertJSONWindow(t *testing.T) {
	a := Alert{Rule: "quality", Group: "g", At: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), Window: 90 * time.Minute, Count: 3,
		Codes: []CodeCount{{Code: 1001, Count: 3}}}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Window":"1h30m0s"`) || strings.Count(string(b), `"Window"`) != 1 {
		t.Errorf("%s", b)
	}
	var back Alert
	if err := json.Unmarshal(b, &back); err != nil || back.Window != a.Window || back.Rule != a.Rule || back.Count != 3 || !back.At.Equal(a.At) {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
