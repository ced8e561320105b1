package classify

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// t0 is an hour boundary, so that spike buckets (aligned to the epoch) are
// easy to reason about in the tables.
var watchT0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return watchT0.Add(d) }

// alertLine is a comparable summary of an alert for the tables.
func alertLine(a Alert) string {
	var codes []string
	for _, c := range a.Codes {
		codes = append(codes, fmt.Sprintf("%d×%d", c.Code, c.Count))
	}
	s := fmt.Sprintf("%s@%s n=%d", a.Rule, a.At.Sub(watchT0), a.Count)
	if a.Group != "" {
		s += " g=" + a.Group
	}
	if a.Kind == WatchSpike {
		s += fmt.Sprintf(" base=%.2f", a.Baseline)
	}
	return s + fmt.Sprintf(" first=%s [%s]", a.First.Sub(watchT0), strings.Join(codes, " "))
}

func observeAll(t *testing.T, w *Watch, events []Event) []string {
	t.Helper()
	var out []string
	for _, e := range events {
		for _, a := range w.Observe(e) {
			out = append(out, alertLine(a))
		}
	}
	return out
}

func mustWatch(t testing.TB, rules []WatchRule, opts ...WatchOption) *Watch {
	t.Helper()
	w, err := NewWatch(rules, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func ev(d time.Duration, c Code) Event { return Event{At: at(d), Code: c} }

func TestWatchThreshold(t *testing.T) {
	rule := WatchRule{Name: "q", Kind: WatchThreshold, Categories: []Category{CategoryProduct}, Window: time.Hour, AtLeast: 3}
	byKey := rule
	byKey.By = WatchByKey
	tests := []struct {
		name   string
		rule   WatchRule
		events []Event
		want   []string
	}{
		{"three within the hour", rule,
			[]Event{ev(0, 1001), ev(10*time.Minute, 1002), ev(59*time.Minute, 1001)},
			[]string{"q@59m0s n=3 first=0s [1001×2 1002×1]"}},
		// The window at t is (t−1h, t]: the first event is exactly 1h
		// before the third, so it is out.
		{"edge: exactly one window earlier is out", rule,
			[]Event{ev(0, 1001), ev(10*time.Minute, 1001), ev(time.Hour, 1001)},
			nil},
		{"edge: one nanosecond later is in", rule,
			[]Event{ev(0, 1001), ev(10*time.Minute, 1001), ev(time.Hour-time.Nanosecond, 1001)},
			[]string{"q@59m59.999999999s n=3 first=0s [1001×3]"}},
		{"other categories do not count", rule,
			[]Event{ev(0, 1001), ev(1, 2001), ev(2, 3001), ev(3, 1005)},
			nil},
		{"once per episode, again after the count fell below", rule,
			[]Event{
				ev(0, 1001), ev(1*time.Minute, 1001), ev(2*time.Minute, 1001), // fires
				ev(3*time.Minute, 1001), ev(30*time.Minute, 1001), // still ≥ 3: quiet
				ev(61*time.Minute, 1001),                                                // window (1m, 61m]: 2m, 3m, 30m, 61m: still ≥ 3
				ev(3*time.Hour, 1001), ev(3*time.Hour+1, 1001), ev(3*time.Hour+2, 1001), // new episode
			},
			[]string{
				"q@2m0s n=3 first=0s [1001×3]",
				"q@3h0m0.000000002s n=3 first=3h0m0s [1001×3]",
			}},
		{"equal times all count", rule,
			[]Event{ev(0, 1001), ev(0, 1003), ev(0, 1001)},
			[]string{"q@0s n=3 first=0s [1001×2 1003×1]"}},
		{"by key: keys counted apart", byKey,
			[]Event{
				{At: at(0), Code: 1001, Key: "kettle"}, {At: at(1), Code: 1001, Key: "phone"},
				{At: at(2), Code: 1001, Key: "kettle"}, {At: at(3), Code: 1001, Key: "phone"},
				{At: at(4), Code: 1002, Key: "kettle"}, {At: at(5), Code: 1001}, // no key: not counted
			},
			[]string{"q@4ns n=3 g=kettle first=0s [1001×2 1002×1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := observeAll(t, mustWatch(t, []WatchRule{tt.rule}), tt.events)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			// Scan gives the same.
			var scanned []string
			for _, a := range Scan(tt.events, []WatchRule{tt.rule}) {
				scanned = append(scanned, alertLine(a))
			}
			if !slices.Equal(scanned, tt.want) {
				t.Errorf("Scan: got %q", scanned)
			}
		})
	}
}

func TestWatchSpike(t *testing.T) {
	// Hourly buckets, baseline 3 hours; the window's count must be ≥ 2×
	// the baseline's hourly mean and ≥ 2.
	rule := WatchRule{Name: "s", Kind: WatchSpike, Codes: []Code{2001}, Window: time.Hour, Baseline: 3 * time.Hour, Factor: 2, AtLeast: 2}
	// history puts 1, 2 and 3 events in the hours [−4h,−3h), [−3h,−2h),
	// [−2h,−1h): at t in [0, 1h) the baseline is the hours −4h…−2h (the
	// three whole hours ending before the window (t−1h, t] begins): mean 2.
	history := []Event{
		ev(-4*time.Hour+time.Minute, 2001),
		ev(-3*time.Hour+time.Minute, 2001), ev(-3*time.Hour+2*time.Minute, 2001),
		ev(-2*time.Hour+time.Minute, 2001), ev(-2*time.Hour+2*time.Minute, 2001), ev(-2*time.Hour+3*time.Minute, 2001),
	}
	with := func(evs ...Event) []Event { return append(slices.Clone(history), evs...) }
	histAlerts := []string{
		"s@-2h58m0s n=2 base=0.00 first=-2h59m0s [2001×2]",
		"s@-1h59m0s n=2 base=0.33 first=-2h58m0s [2001×2]",
		"s@-1h58m0s n=2 base=0.33 first=-1h59m0s [2001×2]",
	}
	tests := []struct {
		name   string
		events []Event
		want   []string
	}{
		// The first alert has no baseline yet (buckets −7h…−5h are empty).
		// At −1h59m the window holds −2h58m and −1h59m: 2 ≥ 2×1/3, and
		// just before it held 1 < 2, so a new episode begins; likewise at
		// −1h58m, when −2h58m has left the window (exactly 1h earlier).
		{"history alone", history, histAlerts},
		{"three in the window: 3×3 < 2×6, no alert", with(ev(10*time.Minute, 2001), ev(20*time.Minute, 2001), ev(30*time.Minute, 2001)),
			histAlerts},
		{"four in the window: 4×3 ≥ 2×6", with(ev(10*time.Minute, 2001), ev(20*time.Minute, 2001), ev(30*time.Minute, 2001), ev(40*time.Minute, 2001)),
			append(slices.Clone(histAlerts), "s@40m0s n=4 base=2.00 first=10m0s [2001×4]")},
		// Window edge: at t = 1h10m the window is (10m, 1h10m] and the
		// baseline the hours −3h…−1h: (2+3+0)/3 = 5/3, so 4 events fire
		// (12 ≥ 10) and 3 do not (9 < 10). The event at exactly 10m is out.
		{"edge: exactly one window earlier is out", with(ev(10*time.Minute, 2001), ev(20*time.Minute, 2001), ev(30*time.Minute, 2001), ev(70*time.Minute, 2001)),
			histAlerts},
		{"edge: one nanosecond later is in", with(ev(10*time.Minute+1, 2001), ev(20*time.Minute, 2001), ev(30*time.Minute, 2001), ev(70*time.Minute, 2001)),
			append(slices.Clone(histAlerts), "s@1h10m0s n=4 base=1.67 first=10m0.000000001s [2001×4]")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := observeAll(t, mustWatch(t, []WatchRule{rule}), tt.events)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWatchSpikeBaselineEdge(t *testing.T) {
	// Window 1h, baseline 1h (one bucket): at t in [2h, 3h) the baseline is
	// the hour [0, 1h). An event at exactly 1h belongs to the hour [1h, 2h),
	// which overlaps the window, so it is not in the baseline; one at
	// 1h−1ns is.
	rule := WatchRule{Name: "s", Kind: WatchSpike, Window: time.Hour, Baseline: time.Hour, Factor: 2, AtLeast: 1}
	for _, tt := range []struct {
		name string
		hist time.Duration
		want []string
	}{
		{"event at 1h is in the hour [1h, 2h), not in the baseline", time.Hour, []string{"s@2h30m0s n=1 base=0.00 first=2h30m0s [5999×1]"}},
		{"event at 1h−1ns is in the baseline: 1 < 2×1", time.Hour - 1, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := mustWatch(t, []WatchRule{rule})
			// These fire on their own (no baseline yet); not what this
			// test is about.
			w.Observe(ev(-10*time.Hour, 5999))
			w.Observe(ev(tt.hist, 5999))
			got := observeAll(t, w, []Event{ev(150*time.Minute, 5999)})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWatchRepeat(t *testing.T) {
	rule := WatchRule{Name: "r", Kind: WatchRepeat, By: WatchByCustomer, Window: 30 * 24 * time.Hour, AtLeast: 2}
	three := rule
	three.Name, three.By, three.AtLeast = "r3", WatchByOrder, 3
	day := 24 * time.Hour
	c := func(d time.Duration, cust string, code Code) Event {
		return Event{At: at(d), Code: code, CustomerID: cust, OrderID: "o-" + cust}
	}
	tests := []struct {
		name   string
		rule   WatchRule
		events []Event
		want   []string
	}{
		{"same customer again within 30 days", rule,
			[]Event{c(0, "alice", 2001), c(day, "bob", 2001), c(29*day, "alice", 3002)},
			[]string{"r@696h0m0s n=2 g=alice first=0s [2001×1 3002×1]"}},
		{"edge: exactly 30 days later is not a repeat", rule,
			[]Event{c(0, "alice", 2001), c(30*day, "alice", 2001)},
			nil},
		{"edge: one nanosecond less is", rule,
			[]Event{c(0, "alice", 2001), c(30*day-1, "alice", 2001)},
			[]string{"r@719h59m59.999999999s n=2 g=alice first=0s [2001×2]"}},
		{"every repeat is alerted", rule,
			[]Event{c(0, "alice", 2001), c(day, "alice", 2001), c(2*day, "alice", 2001)},
			[]string{"r@24h0m0s n=2 g=alice first=0s [2001×2]", "r@48h0m0s n=2 g=alice first=24h0m0s [2001×2]"}},
		{"unknown customers are never repeats", rule,
			[]Event{{At: at(0), Code: 2001}, {At: at(1), Code: 2001}},
			nil},
		{"by order, third complaint", three,
			[]Event{c(0, "alice", 2001), c(day, "alice", 2001), c(2*day, "bob", 2001), c(3*day, "alice", 4002)},
			[]string{"r3@72h0m0s n=3 g=o-alice first=0s [2001×2 4002×1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := observeAll(t, mustWatch(t, []WatchRule{tt.rule}), tt.events)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWatchLateEvents(t *testing.T) {
	rule := WatchRule{Name: "q", Kind: WatchThreshold, Window: time.Hour, AtLeast: 2}
	events := []Event{ev(2*time.Hour, 1001), ev(0, 1002)} // the second is 2h late
	// Default: the late event counts as at 2h, so the two are together.
	w := mustWatch(t, []WatchRule{rule})
	got := observeAll(t, w, events)
	want := []string{"q@2h0m0s n=2 first=2h0m0s [1001×1 1002×1]"}
	if !slices.Equal(got, want) {
		t.Errorf("clamped: got %q, want %q", got, want)
	}
	if s := w.Stats(); s.Observed != 2 || s.Late != 1 {
		t.Errorf("stats %+v", s)
	}
	// WithDropLate: ignored.
	w = mustWatch(t, []WatchRule{rule}, WithDropLate())
	if got := observeAll(t, w, events); got != nil {
		t.Errorf("dropped: got %q", got)
	}
	if s := w.Stats(); s.Late != 1 {
		t.Errorf("stats %+v", s)
	}
	// Odd times never panic: zero, far past, far future.
	w = mustWatch(t, []WatchRule{rule, {Name: "s", Kind: WatchSpike, Window: time.Hour, Baseline: 24 * time.Hour, Factor: 3, AtLeast: 1}})
	for _, tm := range []time.Time{{}, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), watchT0, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), watchT0, {}} {
		w.Observe(Event{At: tm, Code: 1001})
	}
}

func TestWatchMemoryBound(t *testing.T) {
	rule := WatchRule{Name: "r", Kind: WatchRepeat, By: WatchByCustomer, Window: time.Hour, AtLeast: 2}
	w := mustWatch(t, []WatchRule{rule})
	// 100,000 distinct customers, one a second: at most 3600 in any window.
	for i := range 100_000 {
		w.Observe(Event{At: at(time.Duration(i) * time.Second), Code: 1001, CustomerID: fmt.Sprint("c", i)})
		if g := w.Stats().Groups; g > 3600 {
			t.Fatalf("after %d events: %d groups", i, g)
		}
	}
	if g := len(w.rules[0].groups.slots); g > 3601 {
		t.Errorf("%d slots allocated", g)
	}
	// WithMaxGroups caps outright.
	w = mustWatch(t, []WatchRule{rule}, WithMaxGroups(100))
	for i := range 1000 {
		w.Observe(Event{At: at(time.Duration(i) * time.Second), Code: 1001, CustomerID: fmt.Sprint("c", i)})
	}
	if s := w.Stats(); s.Groups != 100 || s.Evicted != 900 {
		t.Errorf("stats %+v", s)
	}
}

func TestNewWatchErrors(t *testing.T) {
	_, err := NewWatch([]WatchRule{
		{Name: "a", Kind: WatchThreshold, Window: time.Hour, AtLeast: 0},
		{Name: "a", Kind: WatchSpike, Window: time.Hour, Baseline: 90 * time.Minute, Factor: 0, AtLeast: 1},
		{Name: "", Kind: WatchRepeat, By: WatchByKey, Window: -1, AtLeast: 2, Codes: []Code{7000}},
		{Name: "k", Kind: 9, Window: time.Hour, AtLeast: 1},
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`rule 1 ("a"): at_least 0 out of range`,
		`rule 2 ("a"): baseline 1h30m is not a multiple of the window 1h`,
		`rule 2 ("a"): factor 0 out of range`,
		`rule 2: name "a" already used by rule 1`,
		`rule 3 (""): name is required`,
		`rule 3 (""): code 7000 out of range`,
		`rule 3 (""): window -1ns out of range`,
		`rule 3 (""): a repeat rule groups by customer or order, not by key`,
		`rule 4 ("k"): unknown kind WatchKind(9)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	if Scan([]Event{ev(0, 1001)}, []WatchRule{{Name: "bad"}}) != nil {
		t.Error("Scan with bad rules: want nil")
	}
}

// refAlerts is the reference model: for every event, the rules' answers
// computed from the whole history by brute force, straight from the
// definitions in the docs. Observe must agree with it on every stream.
func refAlerts(events []Event, rules []WatchRule, dropLate bool) []string {
	type seen struct {
		t    int64
		at   time.Time
		code Code
		e    Event
	}
	var hist []seen
	active := make([]bool, len(rules))
	var out []string
	var latest int64
	var latestAt time.Time
	for i, e := range events {
		t, tm := watchNanos(e.At), e.At
		if i > 0 && t < latest {
			if dropLate {
				continue
			}
			t, tm = latest, latestAt
		}
		latest, latestAt = t, tm
		hist = append(hist, seen{t, tm, e.Code, e})
		for ri, r := range rules {
			match := func(c Code) bool {
				return (len(r.Codes) == 0 && len(r.Categories) == 0) || slices.Contains(r.Codes, c) || slices.Contains(r.Categories, c.Category())
			}
			if !match(e.Code) {
				continue
			}
			key := r.By.key(&e)
			if r.By != WatchByAll && key == "" {
				continue
			}
			var win []seen // the window's matching events of the group, in order
			var baseSum int64
			w := int64(r.Window)
			b := watchFloorDiv(t, w)
			n := int64(r.Baseline / r.Window)
			for _, h := range hist {
				if !match(h.code) || r.By.key(&h.e) != key {
					continue
				}
				if h.t > t-w {
					win = append(win, h)
				}
				if r.Kind == WatchSpike {
					if hb := watchFloorDiv(h.t, w); hb >= b-n-1 && hb <= b-2 {
						baseSum++
					}
				}
			}
			count, before := len(win), len(win)-1
			fire := false
			switch r.Kind {
			case WatchThreshold:
				fire = min(count, r.AtLeast) >= r.AtLeast && min(before, r.AtLeast) < r.AtLeast
			case WatchRepeat:
				fire = count >= r.AtLeast
			case WatchSpike:
				cond := func(k int) bool { return k >= r.AtLeast && float64(k)*float64(n) >= r.Factor*float64(baseSum) }
				fire = cond(count) && !(active[ri] && cond(before))
				active[ri] = cond(count)
			}
			if !fire {
				continue
			}
			if r.Kind != WatchSpike {
				win = win[max(0, len(win)-r.AtLeast):]
			}
			var codes []Code
			for _, h := range win {
				codes = append(codes, h.code)
			}
			a := Alert{Rule: r.Name, Kind: r.Kind, At: tm, Window: r.Window, Count: len(win), First: watchTime(win[0].t, tm.Location()), Codes: watchCodeCounts(codes)}
			if r.By != WatchByAll {
				a.Group = key
			}
			if r.Kind == WatchSpike {
				a.Baseline = float64(baseSum) / float64(n)
			}
			out = append(out, alertLine(a))
		}
	}
	return out
}

// randomStream makes events with bursts, equal times, gaps of exactly a
// window, a few late events (if late), from small pools of codes,
// customers, orders and keys, so that every rule kind fires and stays
// quiet.
func randomStream(rng *rand.Rand, n int, late bool) []Event {
	codes := []Code{1001, 1002, 1005, 2001, 2004, 3002, 4001, 5999}
	steps := []time.Duration{0, time.Second, time.Minute, 5 * time.Minute, 10 * time.Minute, time.Hour, 3 * time.Hour}
	t := watchT0.Add(-time.Duration(rng.IntN(7200)) * time.Second)
	var out []Event
	for range n {
		t = t.Add(steps[rng.IntN(len(steps))] * time.Duration(rng.IntN(3)))
		e := Event{At: t, Code: codes[rng.IntN(len(codes))]}
		if rng.IntN(5) > 0 {
			e.CustomerID = fmt.Sprint("c", rng.IntN(6))
		}
		if rng.IntN(5) > 0 {
			e.OrderID = fmt.Sprint("o", rng.IntN(10))
		}
		if rng.IntN(3) > 0 {
			e.Key = fmt.Sprint("k", rng.IntN(3))
		}
		if late && rng.IntN(20) == 0 {
			e.At = t.Add(-time.Duration(rng.IntN(3600)) * time.Second)
		}
		out = append(out, e)
	}
	return out
}

func randomRules(rng *rand.Rand) []WatchRule {
	windows := []time.Duration{time.Minute, 10 * time.Minute, time.Hour, 2 * time.Hour}
	var rules []WatchRule
	for i := range 1 + rng.IntN(6) {
		r := WatchRule{Name: fmt.Sprint("r", i), Window: windows[rng.IntN(len(windows))]}
		switch rng.IntN(4) {
		case 0:
			r.Codes = []Code{1001, 2001}
		case 1:
			r.Categories = []Category{CategoryProduct}
		case 2:
			r.Categories, r.Codes = []Category{CategoryLogistics}, []Code{5999}
		}
		switch rng.IntN(3) {
		case 0:
			r.Kind, r.By, r.AtLeast = WatchThreshold, WatchBy(rng.IntN(4)), 1+rng.IntN(5)
		case 1:
			r.Kind, r.AtLeast = WatchSpike, 1+rng.IntN(4)
			r.Baseline = r.Window * time.Duration(1+rng.IntN(6))
			r.Factor = []float64{0.5, 1, 2, 3}[rng.IntN(4)]
		case 2:
			r.Kind, r.By, r.AtLeast = WatchRepeat, WatchByCustomer+WatchBy(rng.IntN(2)), 2+rng.IntN(3)
		}
		rules = append(rules, r)
	}
	return rules
}

func TestWatchMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	iters := 300
	if testing.Short() {
		iters = 50
	}
	fired := map[WatchKind]int{}
	for it := range iters {
		rules := randomRules(rng)
		late := it%2 == 1
		events := randomStream(rng, 200, late)
		for _, drop := range []bool{false, true} {
			var opts []WatchOption
			if drop {
				opts = append(opts, WithDropLate())
			}
			w := mustWatch(t, rules, opts...)
			var got []string
			for _, e := range events {
				for _, a := range w.Observe(e) {
					fired[a.Kind]++
					got = append(got, alertLine(a))
				}
			}
			if want := refAlerts(events, rules, drop); !slices.Equal(got, want) {
				t.Fatalf("iteration %d (late %v, drop %v): rules %+v\n got  %q\n want %q", it, late, drop, rules, got, want)
			}
		}
	}
	for _, k := range []WatchKind{WatchThreshold, WatchSpike, WatchRepeat} {
		if fired[k] == 0 {
			t.Errorf("no %s alert in the random streams: the test is too weak", k)
		}
	}
}

// TestScanEqualsObserve: Scan on a shuffled batch gives what Observe gives
// on the same events in time order.
func TestScanEqualsObserve(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for it := range 200 {
		rules := randomRules(rng)
		events := randomStream(rng, 150, false)
		shuffled := slices.Clone(events)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		inOrder := slices.Clone(shuffled)
		slices.SortStableFunc(inOrder, func(a, b Event) int { return a.At.Compare(b.At) })
		w := mustWatch(t, rules)
		var want []string
		for _, e := range inOrder {
			for _, a := range w.Observe(e) {
				want = append(want, alertLine(a))
			}
		}
		var got []string
		for _, a := range Scan(shuffled, rules) {
			got = append(got, alertLine(a))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: Scan %q\nObserve %q", it, got, want)
		}
		if w.Stats().Late != 0 {
			t.Fatal("sorted stream has late events")
		}
	}
}

const watchRulesYAML = `rules:
  - name: quality-burst
    kind: threshold
    categories: [product]
    by: key
    window: 1h
    at_least: 21
  - name: logistics-spike
    kind: spike
    codes: [2001, 2004]
    window: 1h
    baseline: 7d
    factor: 3
    at_least: 10
  - name: repeat-customer
    kind: repeat
    by: customer
    window: 30d
`

func TestParseWatchRules(t *testing.T) {
	rules, err := ParseWatchRules([]byte(watchRulesYAML))
	if err != nil {
		t.Fatal(err)
	}
	want := []WatchRule{
		{Name: "quality-burst", Kind: WatchThreshold, Categories: []Category{CategoryProduct}, By: WatchByKey, Window: time.Hour, AtLeast: 21},
		{Name: "logistics-spike", Kind: WatchSpike, Codes: []Code{2001, 2004}, Window: time.Hour, Baseline: 7 * 24 * time.Hour, Factor: 3, AtLeast: 10},
		{Name: "repeat-customer", Kind: WatchRepeat, By: WatchByCustomer, Window: 30 * 24 * time.Hour, AtLeast: 2},
	}
	if got, exp := fmt.Sprintf("%+v", rules), fmt.Sprintf("%+v", want); got != exp {
		t.Errorf("got  %s\nwant %s", got, exp)
	}
	if _, err := NewWatch(rules); err != nil {
		t.Error(err)
	}
	// Categories by name, in Chinese, or as a digit.
	rules, err = ParseWatchRules([]byte("rules:\n- {name: a, kind: threshold, categories: [物流问题, 3, Service], window: 90m, at_least: 1}\n"))
	if err != nil || !slices.Equal(rules[0].Categories, []Category{CategoryLogistics, CategoryPayment, CategoryService}) || rules[0].Window != 90*time.Minute {
		t.Errorf("%+v %v", rules, err)
	}
}

func TestParseWatchRulesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each must appear, in this order
	}{
		{"syntax", "rules:\n  - name: a\n    kind: [\n", []string{"watch rules:3:1: did not find expected node content"}},
		{"not a mapping", "- a\n", []string{"watch rules:1:1: want a mapping with rules"}},
		{"empty", "", []string{"watch rules: empty document"}},
		{"no rules", "rule: []\n", []string{`watch rules:1:1: unknown field "rule"`, "watch rules:1:1: rules: missing"}},
		{"fields", `rules:
  - name: a
    kind: treshold
    window: 1h
    at_least: 2
  - name: b
    kind: spike
    window: 1h
    baseline: 90m
    factor: 3
    at_least: 5
  - name: c
    kind: repeat
    by: sku
    window: 7 days
    colour: red
  - name: a
    kind: threshold
    codes: [1001, 6000, 1000]
    categories: [food]
    window: 1h
    at_least: many
  - name: d
    kind: threshold
    window: 1h
  - name: e
    kind: repeat
    by: key
    window: 1d
`, []string{
			`watch rules:3:11: unknown kind "treshold"`,
			`watch rules:9:15: rule "b": baseline 1h30m is not a multiple of the window 1h`,
			`watch rules:14:9: unknown grouping by "sku"`,
			`watch rules:15:13: window "7 days": want a duration`,
			`watch rules:16:5: unknown field "colour"`,
			`watch rules:19:19: code "6000" out of range`,
			`watch rules:19:25: code "1000" out of range`,
			`watch rules:20:18: unknown category "food"`,
			`watch rules:22:15: at_least: want a whole number, got "many"`,
			`watch rules:23:5: rule "d": at_least is required`,
			`watch rules:28:9: rule "e": a repeat rule groups by customer or order, not by key`,
		}},
		{"duplicate name", "rules:\n  - {name: a, kind: repeat, by: order, window: 1h}\n  - {name: a, kind: repeat, by: order, window: 1h}\n",
			[]string{`watch rules:3:5: rule "a": name already used on line 2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWatchRules([]byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			pos := 0
			for _, w := range tt.want {
				i := strings.Index(msg[pos:], w)
				if i < 0 {
					t.Errorf("missing (or out of order) %q in\n%s", w, msg)
					continue
				}
				pos += i + len(w)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("not a *ParseError: %T", err)
			}
		})
	}
}

func FuzzParseWatchRules(f *testing.F) {
	f.Add([]byte(watchRulesYAML))
	f.Add([]byte("rules:\n- {name: a, kind: spike, window: 1ns, baseline: 10000ns, factor: 1e-300, at_least: 1}\n"))
	f.Add([]byte("rules: [{name: x, kind: repeat, by: order, window: 3650d, at_least: 100000}]"))
	f.Add([]byte("rules:\n  - &a {name: a}\n  - *a\n"))
	f.Add([]byte("rules:\n- {name: a, kind: threshold, categories: [-1, 256], codes: 1001, window: 1h, at_least: 1}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rules, err := ParseWatchRules(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			checkParseErrorsInside(t, src, err)
			return
		}
		// What parses is accepted by NewWatch and can observe.
		w, err := NewWatch(rules)
		if err != nil {
			t.Fatalf("parsed rules rejected: %v", err)
		}
		for i := range 5 {
			w.Observe(Event{At: watchT0.Add(time.Duration(i) * time.Minute), Code: 1001, CustomerID: "c", OrderID: "o", Key: "k"})
		}
	})
}

// benchRules are ten rules of every kind, tuned so that the benchmark
// stream raises almost no alerts (an alert allocates; steady state should
// not).
func benchRules() []WatchRule {
	return []WatchRule{
		{Name: "quality", Kind: WatchThreshold, Categories: []Category{CategoryProduct}, Window: time.Hour, AtLeast: 5000},
		{Name: "quality-sku", Kind: WatchThreshold, Categories: []Category{CategoryProduct}, By: WatchByKey, Window: time.Hour, AtLeast: 200},
		{Name: "safety", Kind: WatchThreshold, Codes: []Code{1005, 1006}, Window: 24 * time.Hour, AtLeast: 100_000},
		{Name: "logistics", Kind: WatchThreshold, Categories: []Category{CategoryLogistics}, Window: 10 * time.Minute, AtLeast: 1000},
		{Name: "all", Kind: WatchThreshold, Window: time.Minute, AtLeast: 1000},
		{Name: "logistics-spike", Kind: WatchSpike, Categories: []Category{CategoryLogistics}, Window: time.Hour, Baseline: 7 * 24 * time.Hour, Factor: 3, AtLeast: 10_000},
		{Name: "payment-spike", Kind: WatchSpike, Categories: []Category{CategoryPayment}, Window: time.Hour, Baseline: 7 * 24 * time.Hour, Factor: 3, AtLeast: 10_000},
		{Name: "all-spike", Kind: WatchSpike, Window: 10 * time.Minute, Baseline: 24 * time.Hour, Factor: 5, AtLeast: 10_000},
		{Name: "repeat-customer", Kind: WatchRepeat, By: WatchByCustomer, Window: time.Hour, AtLeast: 2},
		{Name: "repeat-order", Kind: WatchRepeat, By: WatchByOrder, Window: time.Hour, AtLeast: 3},
	}
}

// benchStream is one complaint a second from 10,000 customers in turn (so
// none repeats within an hour, and customers keep entering and leaving
// the repeat rules' maps), over all codes and 50 SKU families.
type benchStream struct {
	customers, orders, keys []string
	codes                   []Code
}

func newBenchStream() *benchStream {
	s := &benchStream{codes: DefaultTaxonomy().Codes()}
	for i := range 10_000 {
		s.customers = append(s.customers, fmt.Sprint("cust-", i))
		s.orders = append(s.orders, fmt.Sprint("order-", i))
	}
	for i := range 50 {
		s.keys = append(s.keys, fmt.Sprint("sku-", i))
	}
	return s
}

func (s *benchStream) event(i int) Event {
	return Event{
		At:         watchT0.Add(time.Duration(i) * time.Second),
		Code:       s.codes[i%len(s.codes)],
		CustomerID: s.customers[i%len(s.customers)],
		OrderID:    s.orders[i%len(s.orders)],
		Key:        s.keys[i%len(s.keys)],
	}
}

func BenchmarkWatchObserve(b *testing.B) {
	s := newBenchStream()
	w := mustWatch(b, benchRules())
	// Warm up past the longest window (and a week of spike buckets' worth
	// of growth is not needed: buckets are allocated up front).
	const warm = 2 * 24 * 3600
	for i := range warm {
		w.Observe(s.event(i))
	}
	alerts := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		alerts += len(w.Observe(s.event(warm + i)))
	}
	if alerts > 0 {
		b.Logf("%d alerts", alerts)
	}
}

func TestWatchObserveNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := newBenchStream()
	w := mustWatch(t, benchRules())
	i := 0
	for ; i < 2*3600; i++ {
		w.Observe(s.event(i))
	}
	allocs := testing.AllocsPerRun(20_000, func() {
		if a := w.Observe(s.event(i)); a != nil {
			t.Fatalf("alert %v", a)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per Observe in steady state", allocs)
	}
}

// Concurrent observers on one Watch are serialised: every event is counted
// once and -race finds nothing.
func TestWatchConcurrent(t *testing.T) {
	w, err := NewWatch([]WatchRule{{Name: "burst", Kind: WatchThreshold, Window: time.Hour, AtLeast: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 250 {
				w.Observe(Event{At: base.Add(time.Duration(g*250+i) * time.Millisecond), Code: CodeQuality})
			}
		}()
	}
	wg.Wait()
	if got := w.Stats().Observed; got != 1000 {
		t.Errorf("observed %d events, want 1000", got)
	}
}
