package classify

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// An Event is one classified complaint as the early warning sees it: when it
// was filed, its code, and who and what it is about.
type Event struct {
	// At is when the complaint was filed. It is the only clock a Watch has.
	At time.Time
	// Code is the complaint's code (usually Result.Code).
	Code Code
	// CustomerID and OrderID identify the customer and the order; repeat
	// rules group by one of them. Empty means unknown: such an event is
	// never a repeat of another one.
	CustomerID, OrderID string
	// Key is an optional grouping key such as the SKU family; rules with
	// By: WatchByKey count every key on its own. Empty means none.
	Key string
}

// WatchKind is the kind of a WatchRule.
type WatchKind uint8

const (
	// WatchThreshold alerts when at least AtLeast matching events fall in
	// the sliding window (per group when By is set): the manual's 投诉量达到
	// 一定阈值 (§9.2.2). It alerts once per episode: again only after the
	// count has fallen below AtLeast.
	WatchThreshold WatchKind = iota + 1
	// WatchSpike alerts when the window holds at least AtLeast matching
	// events and at least Factor times the mean per window over the
	// Baseline before it (e.g. ≥ 3× the previous 7 days' hourly mean). It
	// alerts once per episode.
	WatchSpike
	// WatchRepeat alerts on every complaint whose customer (By:
	// WatchByCustomer) or order (WatchByOrder) already complained
	// AtLeast−1 times within the window: the manual's 投诉重复率 (§7.1).
	// Every repeat is alerted, because the agent handling that complaint
	// needs to know.
	WatchRepeat
)

// String returns "threshold", "spike" or "repeat", as written in YAML.
func (k WatchKind) String() string {
	switch k {
	case WatchThreshold:
		return "threshold"
	case WatchSpike:
		return "spike"
	case WatchRepeat:
		return "repeat"
	}
	return "WatchKind(" + strconv.Itoa(int(k)) + ")"
}

// WatchBy says which events a rule counts together.
type WatchBy uint8

const (
	// WatchByAll counts all matching events together.
	WatchByAll WatchBy = iota
	// WatchByKey counts each Event.Key (e.g. SKU family) on its own.
	WatchByKey
	// WatchByCustomer counts each Event.CustomerID on its own.
	WatchByCustomer
	// WatchByOrder counts each Event.OrderID on its own.
	WatchByOrder
)

// String returns "all", "key", "customer" or "order", as written in YAML.
func (b WatchBy) String() string {
	switch b {
	case WatchByAll:
		return "all"
	case WatchByKey:
		return "key"
	case WatchByCustomer:
		return "customer"
	case WatchByOrder:
		return "order"
	}
	return "WatchBy(" + strconv.Itoa(int(b)) + ")"
}

// key returns the event's group key for b ("" for WatchByAll).
func (b WatchBy) key(e *Event) string {
	switch b {
	case WatchByKey:
		return e.Key
	case WatchByCustomer:
		return e.CustomerID
	case WatchByOrder:
		return e.OrderID
	}
	return ""
}

// Limits on rules, so that a rule file cannot ask for unbounded memory: a
// group remembers AtLeast events, a spike rule Baseline/Window+2 counters.
const (
	// MaxWatchAtLeast is the largest AtLeast a rule may have.
	MaxWatchAtLeast = 100_000
	// MaxWatchBuckets is the largest Baseline/Window of a spike rule
	// (e.g. a year of hourly buckets fits).
	MaxWatchBuckets = 10_000
	// MaxWatchWindow is the longest Window or Baseline (about ten years);
	// it keeps time arithmetic far from overflow.
	MaxWatchWindow = 10 * 366 * 24 * time.Hour
)

// A WatchRule is one early-warning rule. ParseWatchRules reads rules from
// YAML; NewWatch checks them.
type WatchRule struct {
	// Name identifies the rule in alerts; required and unique in a Watch.
	Name string
	// Kind is what the rule looks for.
	Kind WatchKind
	// Codes and Categories select the events the rule counts: an event
	// matches when its code is listed or its code's category is. Both
	// empty: every event matches.
	Codes      []Code
	Categories []Category
	// By groups the events: threshold rules may use any WatchBy; repeat
	// rules need WatchByCustomer or WatchByOrder; spike rules count all
	// matching events together (WatchByAll).
	By WatchBy
	// Window is the length of the sliding window. The window at time t is
	// (t−Window, t]: an event exactly Window before t is out of it.
	Window time.Duration
	// AtLeast is the count that raises an alert: ≥ 1 for threshold and
	// spike rules, ≥ 2 for repeat rules ("the same customer again" is 2).
	// "More than 20" is AtLeast 21.
	AtLeast int
	// Baseline (spike rules) is how far back the baseline reaches, a
	// multiple of Window (e.g. 168h for 7 days of hourly buckets).
	Baseline time.Duration
	// Factor (spike rules) is how many times the baseline's mean per
	// window the window's count must reach, > 0 (e.g. 3).
	Factor float64
}

// check returns the rule's problems, each with the YAML field it is about
// (so that ParseWatchRules can point at the line), or nil.
func (r *WatchRule) check() []watchProblem {
	var ps []watchProblem
	bad := func(field, format string, args ...any) {
		ps = append(ps, watchProblem{field, fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(r.Name) == "" {
		bad("name", "name is required")
	}
	for _, c := range r.Codes {
		if !c.Valid() {
			bad("codes", "code %d out of range: want 1001–5999, not x000", c)
		}
	}
	for _, c := range r.Categories {
		if !c.Valid() {
			bad("categories", "category %d out of range: want 1–5", c)
		}
	}
	if r.Window <= 0 || r.Window > MaxWatchWindow {
		bad("window", "window %s out of range: want > 0 and ≤ %s", watchDuration(r.Window), watchDuration(MaxWatchWindow))
	}
	minAtLeast := 1
	switch r.Kind {
	case WatchThreshold:
		if r.By > WatchByOrder {
			bad("by", "unknown grouping %s", r.By)
		}
	case WatchSpike:
		if r.By != WatchByAll {
			bad("by", "a spike rule counts all matching events together (by: all), not by %s", r.By)
		}
		switch {
		case r.Baseline <= 0 || r.Baseline > MaxWatchWindow:
			bad("baseline", "baseline %s out of range: want > 0 and ≤ %s", watchDuration(r.Baseline), watchDuration(MaxWatchWindow))
		case r.Window > 0 && r.Baseline%r.Window != 0:
			bad("baseline", "baseline %s is not a multiple of the window %s", watchDuration(r.Baseline), watchDuration(r.Window))
		case r.Window > 0 && r.Baseline/r.Window > MaxWatchBuckets:
			bad("baseline", "baseline %s is %d windows: at most %d", watchDuration(r.Baseline), r.Baseline/r.Window, MaxWatchBuckets)
		}
		if !(r.Factor > 0) || math.IsInf(r.Factor, 0) {
			bad("factor", "factor %v out of range: want a number > 0", r.Factor)
		}
	case WatchRepeat:
		minAtLeast = 2
		if r.By != WatchByCustomer && r.By != WatchByOrder {
			bad("by", "a repeat rule groups by customer or order, not by %s", r.By)
		}
	default:
		bad("kind", "unknown kind %s: want threshold, spike or repeat", r.Kind)
	}
	if r.Kind != WatchSpike && (r.Baseline != 0 || r.Factor != 0) {
		bad("baseline", "baseline and factor are only for spike rules")
	}
	if r.AtLeast < minAtLeast || r.AtLeast > MaxWatchAtLeast {
		bad("at_least", "at_least %d out of range: want %d–%d", r.AtLeast, minAtLeast, MaxWatchAtLeast)
	}
	return ps
}

type watchProblem struct{ field, msg string }

// A CodeCount is how many of an alert's events have one code.
type CodeCount struct {
	Code  Code
	Count int
}

// An Alert is one early warning.
type Alert struct {
	// Rule is the name of the rule that fired, Kind its kind.
	Rule string
	Kind WatchKind
	// Group is the key, customer or order the count is about; "" for rules
	// that count all events together.
	Group string
	// At is the time of the event that raised the alert (the latest time
	// seen, if that event was late); the window is (At−Window, At].
	At     time.Time
	Window time.Duration
	// First is the time of the oldest event counted.
	First time.Time
	// Count is the number of matching events in the window, this one
	// included. Threshold and repeat rules remember only the last AtLeast
	// events of a group (that is what bounds their memory), so for them
	// Count is at most AtLeast: read it as "at least Count".
	Count int
	// Baseline (spike rules) is the mean number of matching events per
	// window over the rule's baseline period; 0 for other kinds.
	Baseline float64
	// Codes are the codes of the counted events, ascending.
	Codes []CodeCount
}

// String formats the alert on one line, e.g.
// "quality: 21 events in 1h to 2025-03-01T10:00:00Z (1001×21)".
func (a Alert) String() string {
	var b strings.Builder
	b.WriteString(a.Rule)
	if a.Group != "" {
		b.WriteString(" [")
		b.WriteString(a.Group)
		b.WriteByte(']')
	}
	fmt.Fprintf(&b, ": %d events in %s to %s", a.Count, watchDuration(a.Window), a.At.Format(time.RFC3339))
	if a.Kind == WatchSpike {
		fmt.Fprintf(&b, ", baseline %.2f", a.Baseline)
	}
	b.WriteString(" (")
	for i, c := range a.Codes {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d×%d", c.Code, c.Count)
	}
	b.WriteByte(')')
	return b.String()
}

// watchDuration formats d briefly: whole days as "7d", else like
// time.Duration without trailing zero units ("1h", "1h30m").
func watchDuration(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// A WatchOption configures a Watch.
type WatchOption func(*watchConfig)

type watchConfig struct {
	dropLate  bool
	maxGroups int
}

// WithDropLate makes Observe ignore an event older than the latest time it
// has seen, instead of counting it as at that latest time (the default).
// Dropped events are counted in WatchStats.Late.
func WithDropLate() WatchOption {
	return func(c *watchConfig) { c.dropLate = true }
}

// WithMaxGroups caps the groups (keys, customers or orders) each grouped
// rule tracks at n (n ≤ 0: no cap, the default). Without a cap a grouped
// rule's memory is bounded by the number of distinct groups with an event
// in its window; the cap bounds it outright for hostile streams, at the
// price of exactness: when full, the group with the oldest latest event is
// forgotten (counted in WatchStats.Evicted).
func WithMaxGroups(n int) WatchOption {
	return func(c *watchConfig) { c.maxGroups = max(n, 0) }
}

// A Watch is the complaint-volume early warning (manual §9.2): it reads
// classified complaints one at a time, in time order, and raises an Alert
// when a rule fires. See WatchRule and WatchKind for the rules.
//
// Windows. A rule's window at time t is (t−Window, t]: an event exactly
// Window before t no longer counts, one a nanosecond later does. A spike
// rule's baseline is counted in buckets of Window aligned to the Unix
// epoch (clock hours for 1h, UTC days for 24h): the Baseline/Window whole
// buckets that end before the window begins, so the window's own events
// never inflate the baseline. Before the Watch has seen that much history
// the missing buckets count as zero, and AtLeast is the floor.
//
// Time. A Watch never reads the clock: time is the events' At. An event
// older than the latest one seen is counted as at that latest time (it
// arrived now, late), or dropped with WithDropLate; either way it never
// moves time back and never panics. Scan sorts first, so it sees no late
// events.
//
// Memory is bounded by the events in the windows, not by history or by the
// rules' thresholds: a threshold or repeat rule keeps, per group with an
// event in its window, the group's last min(AtLeast, events in the window)
// event times and codes — 16 bytes each, in a ring at most four times as
// large as what it holds (and at least 4) — plus about 100 bytes and the
// key per group, and forgets a group once its latest event leaves the
// window; a spike rule keeps Baseline/Window+2 bucket counters and the
// events of one window (in a ring at most twice their number). So a Watch
// holds O(groups + events) in its windows — O(events) overall, since every
// group held has an event — and WithMaxGroups bounds the groups outright.
// Observe is amortised O(1) per event (groups and events leave as they
// entered, once each; rings grow and shrink by halves; a spike rule steps at
// most Baseline/Window+2 buckets after a quiet period) and allocates
// nothing in steady state unless it returns alerts.
//
// Replicas. Snapshot and Restore move a Watch's state between processes
// (checkpoint and failover); PartitionBy says by which key a stream may be
// split so that a Watch per part raises exactly the whole stream's alerts
// (see WatchPartition).
//
// A Watch is safe for concurrent use: Observe and Stats serialise on a
// mutex, because a Watch is one stream's state and its events are taken one
// at a time, in the order the calls arrive.
type Watch struct {
	mu       sync.Mutex
	rules    []watchRule
	cfg      watchConfig
	seen     bool
	latest   int64 // nanoseconds since the Unix epoch, clamped (watchNanos)
	latestAt time.Time
	stats    WatchStats
}

// WatchStats counts what a Watch has seen.
type WatchStats struct {
	Observed int // events passed to Observe
	Late     int // of them, older than the latest time seen (counted as at that time, or dropped)
	Groups   int // groups tracked now, over all grouped rules
	Evicted  int // groups forgotten early because of WithMaxGroups, in total
}

// watchRule is a checked rule with its state.
type watchRule struct {
	WatchRule
	all    bool                // no code or category filter
	filter [5999/64 + 1]uint64 // bit c: code c matches
	window int64               // ns
	groups *watchGroups        // threshold and repeat rules
	spike  *watchSpike         // spike rules
}

// NewWatch checks the rules and returns a Watch with no history. All
// problems are reported, joined with errors.Join.
func NewWatch(rules []WatchRule, opts ...WatchOption) (*Watch, error) {
	w := &Watch{}
	for _, o := range opts {
		if o != nil {
			o(&w.cfg)
		}
	}
	var errs []error
	names := map[string]int{}
	for i := range rules {
		r := rules[i]
		for _, p := range r.check() {
			errs = append(errs, fmt.Errorf("classify: watch rule %d (%q): %s", i+1, r.Name, p.msg))
		}
		if j, dup := names[r.Name]; dup && r.Name != "" {
			errs = append(errs, fmt.Errorf("classify: watch rule %d: name %q already used by rule %d", i+1, r.Name, j+1))
		}
		names[r.Name] = i
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	w.rules = make([]watchRule, len(rules))
	for i, r := range rules {
		wr := &w.rules[i]
		wr.WatchRule = r
		wr.Codes = slices.Clone(r.Codes)
		wr.Categories = slices.Clone(r.Categories)
		wr.all = len(r.Codes) == 0 && len(r.Categories) == 0
		for _, c := range r.Codes {
			wr.filter[c/64] |= 1 << (c % 64)
		}
		for _, cat := range r.Categories {
			first, last := cat.Range()
			for c := first; c <= last; c++ {
				wr.filter[c/64] |= 1 << (c % 64)
			}
		}
		wr.window = int64(r.Window)
		if r.Kind == WatchSpike {
			wr.spike = newWatchSpike(int(r.Baseline / r.Window))
		} else {
			wr.groups = newWatchGroups(r.AtLeast, r.By == WatchByAll, w.cfg.maxGroups)
		}
	}
	return w, nil
}

// matches reports whether the rule counts code c.
func (r *watchRule) matches(c Code) bool {
	if r.all {
		return true
	}
	return int(c/64) < len(r.filter) && r.filter[c/64]&(1<<(c%64)) != 0
}

// Stats returns counts of what w has seen.
func (w *Watch) Stats() WatchStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.stats
	for i := range w.rules {
		if g := w.rules[i].groups; g != nil && !g.single {
			s.Groups += g.live
			s.Evicted += g.evicted
		}
	}
	return s
}

// Observe counts one event and returns the alerts it raises, in rule order
// (nil when none). Events should come in time order; see Watch for late
// ones.
func (w *Watch) Observe(e Event) []Alert {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stats.Observed++
	t, at := watchNanos(e.At), e.At
	if w.seen && t < w.latest {
		w.stats.Late++
		if w.cfg.dropLate {
			return nil
		}
		t, at = w.latest, w.latestAt
	}
	w.seen, w.latest, w.latestAt = true, t, at
	var out []Alert
	for i := range w.rules {
		r := &w.rules[i]
		if !r.matches(e.Code) {
			continue
		}
		if r.spike != nil {
			if a, ok := r.observeSpike(t, at, e.Code); ok {
				out = append(out, a)
			}
			continue
		}
		key := r.By.key(&e)
		if r.By != WatchByAll && key == "" {
			continue // unknown customer, order or key: nothing to group with
		}
		if a, ok := r.observeCount(key, t, at, e.Code); ok {
			out = append(out, a)
		}
	}
	return out
}

// Scan runs rules over a batch of events and returns the alerts, the same
// ones a new Watch's Observe returns for the events in time order (Scan
// sorts a copy, stably, so events with equal times keep their order). The
// rules must be valid; if NewWatch rejects them, Scan returns nil — call
// NewWatch (or ParseWatchRules) first to see why.
func Scan(events []Event, rules []WatchRule) []Alert {
	w, err := NewWatch(rules)
	if err != nil {
		return nil
	}
	sorted := events
	if !slices.IsSortedFunc(events, watchEventCmp) {
		sorted = slices.Clone(events)
		slices.SortStableFunc(sorted, watchEventCmp)
	}
	var out []Alert
	for _, e := range sorted {
		out = append(out, w.Observe(e)...)
	}
	return out
}

func watchEventCmp(a, b Event) int { return a.At.Compare(b.At) }

// Times are int64 nanoseconds since the Unix epoch, clamped to ±2^62 so that
// t−Window (Window ≤ MaxWatchWindow) never overflows; time.Time.UnixNano is
// undefined outside 1678–2262, and the zero time.Time is year 1.
const (
	watchMinNanos = -1 << 62
	watchMaxNanos = 1<<62 - 1
)

func watchNanos(t time.Time) int64 {
	const second = int64(time.Second)
	s := t.Unix()
	switch {
	case s < watchMinNanos/second:
		return watchMinNanos
	case s > watchMaxNanos/second:
		return watchMaxNanos
	}
	return min(max(s*second+int64(t.Nanosecond()), watchMinNanos), watchMaxNanos)
}

// watchTime converts back, in loc.
func watchTime(ns int64, loc *time.Location) time.Time {
	return time.Unix(0, ns).In(loc)
}

// observeCount handles a threshold or repeat rule.
func (r *watchRule) observeCount(key string, t int64, at time.Time, c Code) (Alert, bool) {
	g := r.groups
	cut := t - r.window
	g.prune(cut)
	i := g.get(key)
	before := g.expire(i, cut)
	n := g.push(i, t, c)
	g.touch(i, t)
	fire := n >= r.AtLeast
	if r.Kind == WatchThreshold {
		// Once per episode: counts only fall between events, so the
		// condition can only become true at an event.
		fire = fire && before < r.AtLeast
	}
	if !fire {
		return Alert{}, false
	}
	a := Alert{Rule: r.Name, Kind: r.Kind, At: at, Window: r.Window, Count: n}
	if !g.single {
		a.Group = key
	}
	s := &g.slots[i]
	codes := make([]Code, s.n)
	for k := range codes {
		codes[k] = s.ring[(int(s.start)+k)%len(s.ring)].code
	}
	a.First = watchTime(s.ring[s.start].at, at.Location())
	a.Codes = watchCodeCounts(codes)
	return a, true
}

// watchCodeCounts sorts codes and counts each one.
func watchCodeCounts(codes []Code) []CodeCount {
	slices.Sort(codes)
	var out []CodeCount
	for _, c := range codes {
		if len(out) > 0 && out[len(out)-1].Code == c {
			out[len(out)-1].Count++
			continue
		}
		out = append(out, CodeCount{c, 1})
	}
	return out
}

// watchGroups is the state of a threshold or repeat rule: per group, a ring
// of its last events' times and codes (at most size, the rule's AtLeast);
// and a list of the groups by latest event (oldest first), so that groups
// whose latest event left the window are dropped in O(1) each.
//
// A ring grows with the events it holds, doubling up to size, and halves
// when it is three-quarters empty, so it never holds more than
// max(watchMinRing, 4 × its events) entries whatever AtLeast is: memory
// follows the events in the windows, not the rules' thresholds.
type watchGroups struct {
	single     bool // WatchByAll: one group, slot 0, never dropped
	size       int  // ring capacity per group (the rule's AtLeast)
	max        int  // WithMaxGroups, 0: none
	index      map[string]int32
	slots      []watchSlot
	free       int32 // free slots, linked through next; -1: none
	head, tail int32 // live groups by latest event, oldest first; -1: none
	live       int
	evicted    int // groups dropped early because of max
}

// watchMinRing is the smallest ring a group with events has.
const watchMinRing = 4

type watchSlot struct {
	key        string
	prev, next int32
	start, n   int32 // ring: first entry, entries
	latest     int64
	ring       []watchEntry // len is the capacity
}

type watchEntry struct {
	at   int64
	code Code
}

func newWatchGroups(size int, single bool, maxGroups int) *watchGroups {
	g := &watchGroups{single: single, size: size, max: maxGroups, free: -1, head: -1, tail: -1}
	if single {
		g.slots = make([]watchSlot, 1)
	} else {
		g.index = map[string]int32{}
	}
	return g
}

// prune drops the groups whose latest event is at or before cut: their
// count is zero, the same as a group never seen.
func (g *watchGroups) prune(cut int64) {
	for g.head >= 0 && g.slots[g.head].latest <= cut {
		g.drop(g.head)
	}
}

// get returns key's slot, unlinked from the list (touch links it again).
func (g *watchGroups) get(key string) int32 {
	if g.single {
		return 0
	}
	if i, ok := g.index[key]; ok {
		g.unlink(i)
		return i
	}
	if g.max > 0 && g.live >= g.max {
		g.drop(g.head)
		g.evicted++
	}
	i := g.free
	if i >= 0 {
		g.free = g.slots[i].next
	} else {
		i = int32(len(g.slots))
		g.slots = append(g.slots, watchSlot{})
	}
	g.slots[i] = watchSlot{key: key, prev: -1, next: -1, ring: g.slots[i].ring}
	g.index[key] = i
	g.live++
	return i
}

func (g *watchGroups) unlink(i int32) {
	s := &g.slots[i]
	if s.prev >= 0 {
		g.slots[s.prev].next = s.next
	} else {
		g.head = s.next
	}
	if s.next >= 0 {
		g.slots[s.next].prev = s.prev
	} else {
		g.tail = s.prev
	}
	s.prev, s.next = -1, -1
}

func (g *watchGroups) drop(i int32) {
	g.unlink(i)
	delete(g.index, g.slots[i].key)
	// Let go of the key, and of the ring unless it is the smallest size,
	// which the next group reuses.
	ring := g.slots[i].ring
	if len(ring) > watchMinRing {
		ring = nil
	}
	g.slots[i] = watchSlot{next: g.free, prev: -1, ring: ring}
	g.free = i
	g.live--
}

// touch records slot i's latest event and moves it to the list's end.
func (g *watchGroups) touch(i int32, t int64) {
	s := &g.slots[i]
	s.latest = t
	if g.single {
		return
	}
	s.prev, s.next = g.tail, -1
	if g.tail >= 0 {
		g.slots[g.tail].next = i
	} else {
		g.head = i
	}
	g.tail = i
}

// expire drops slot i's events at or before cut and returns how many remain.
func (g *watchGroups) expire(i int32, cut int64) int {
	s := &g.slots[i]
	for s.n > 0 && s.ring[s.start].at <= cut {
		s.start++
		if int(s.start) == len(s.ring) {
			s.start = 0
		}
		s.n--
	}
	if c := len(s.ring); c > watchMinRing && int(s.n) <= c/4 {
		s.resize(max(c/2, watchMinRing))
	}
	return int(s.n)
}

// push adds an event to slot i's ring, forgetting the oldest when it holds
// size events, and returns the ring's length.
func (g *watchGroups) push(i int32, t int64, c Code) int {
	s := &g.slots[i]
	if int(s.n) == g.size {
		s.start++
		if int(s.start) == len(s.ring) {
			s.start = 0
		}
		s.n--
	} else if int(s.n) == len(s.ring) {
		s.resize(min(max(2*len(s.ring), watchMinRing), g.size))
	}
	p := int(s.start) + int(s.n)
	if p >= len(s.ring) {
		p -= len(s.ring)
	}
	s.ring[p] = watchEntry{t, c}
	s.n++
	return int(s.n)
}

// resize gives the ring capacity n ≥ its length, unrolled.
func (s *watchSlot) resize(n int) {
	ring := make([]watchEntry, n)
	for k := 0; k < int(s.n); k++ {
		ring[k] = s.ring[(int(s.start)+k)%len(s.ring)]
	}
	s.ring, s.start = ring, 0
}

// watchSpike is the state of a spike rule: the events of the current window
// (a growable ring, for the exact count and the alert's codes) and the
// counts of the last n+2 buckets of one window each.
type watchSpike struct {
	n       int     // baseline buckets
	buckets []int64 // bucket b at buckets[b mod (n+2)]
	cur     int64   // the latest bucket; buckets cur−n−1 … cur are held
	started bool
	baseSum int64 // sum of buckets cur−n−1 … cur−2: the baseline
	active  bool  // the condition held at the last matching event

	evAt   []int64 // ring of the window's events
	evCode []Code
	head   int
	len    int
}

func newWatchSpike(n int) *watchSpike {
	return &watchSpike{n: n, buckets: make([]int64, n+2)}
}

func (s *watchSpike) slot(b int64) *int64 {
	m := int64(len(s.buckets))
	return &s.buckets[((b%m)+m)%m]
}

// advance moves the current bucket to b ≥ cur, keeping baseSum the sum of
// buckets b−n−1 … b−2.
func (s *watchSpike) advance(b int64) {
	if !s.started || b-s.cur >= int64(len(s.buckets)) {
		clear(s.buckets)
		s.cur, s.baseSum, s.started = b, 0, true
		return
	}
	for s.cur < b {
		s.baseSum += *s.slot(s.cur - 1)
		s.baseSum -= *s.slot(s.cur - 1 - int64(s.n))
		s.cur++
		*s.slot(s.cur) = 0 // the slot of bucket cur−n−2, just subtracted
	}
}

func watchFloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// observeSpike handles a spike rule.
func (r *watchRule) observeSpike(t int64, at time.Time, c Code) (Alert, bool) {
	s := r.spike
	s.advance(watchFloorDiv(t, r.window))
	cut := t - r.window
	for s.len > 0 && s.evAt[s.head] <= cut {
		s.head++
		if s.head == len(s.evAt) {
			s.head = 0
		}
		s.len--
	}
	if s.len == len(s.evAt) {
		s.grow()
	}
	p := s.head + s.len
	if p >= len(s.evAt) {
		p -= len(s.evAt)
	}
	s.evAt[p], s.evCode[p] = t, c
	s.len++
	*s.slot(s.cur)++

	count := s.len
	cond := func(k int) bool {
		// k ≥ Factor × baseSum/n, multiplied out to stay exact for integers.
		return k >= r.AtLeast && float64(k)*float64(s.n) >= r.Factor*float64(s.baseSum)
	}
	now := cond(count)
	// Once per episode: not again while it held before this event and at
	// the last one. The baseline slides between events, so the condition
	// may have become true without an event; then this event reports it.
	fire := now && !(s.active && cond(count-1))
	s.active = now
	if !fire {
		return Alert{}, false
	}
	a := Alert{
		Rule: r.Name, Kind: r.Kind, At: at, Window: r.Window, Count: count,
		Baseline: float64(s.baseSum) / float64(s.n),
		First:    watchTime(s.evAt[s.head], at.Location()),
	}
	codes := make([]Code, 0, count)
	for k := 0; k < s.len; k++ {
		codes = append(codes, s.evCode[(s.head+k)%len(s.evCode)])
	}
	a.Codes = watchCodeCounts(codes)
	return a, true
}

// grow doubles the event ring, unrolling it.
func (s *watchSpike) grow() {
	n := max(2*len(s.evAt), 16)
	at, code := make([]int64, n), make([]Code, n)
	for k := 0; k < s.len; k++ {
		at[k] = s.evAt[(s.head+k)%len(s.evAt)]
		code[k] = s.evCode[(s.head+k)%len(s.evCode)]
	}
	s.evAt, s.evCode, s.head = at, code, 0
}
