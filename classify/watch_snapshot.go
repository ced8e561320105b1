package classify

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Errors of Watch.Restore; the error returned wraps one of them (test with
// errors.Is) and says what is wrong.
var (
	// ErrSnapshotVersion: the snapshot was written in a format version this
	// build does not read (a newer library wrote it).
	ErrSnapshotVersion = errors.New("classify: watch snapshot: unsupported version")
	// ErrSnapshotRules: the snapshot is of a Watch with other rules or
	// options than the one restoring it. Its counts would mean something
	// else, so it is refused; start that Watch empty or with the old rules.
	ErrSnapshotRules = errors.New("classify: watch snapshot: rules differ")
	// ErrSnapshotCorrupt: the bytes are not a watch snapshot, are cut
	// short, fail the checksum or hold an impossible state.
	ErrSnapshotCorrupt = errors.New("classify: watch snapshot: corrupt")
)

// watchSnapshotMagic starts every snapshot; watchSnapshotVersion follows it.
const (
	watchSnapshotMagic   = "aftersales.watch\x00"
	watchSnapshotVersion = 1
)

var watchCRC = crc32.MakeTable(crc32.Castagnoli)

// Snapshot returns w's state — every group's and spike rule's events in
// their windows, the latest time seen and the stats — so that a Watch made
// with the same rules and options can Restore it and go on exactly where w
// stopped: the same alerts as if it had seen w's events itself. A stream
// consumer stores a snapshot with the offset of the next event (in one
// record, or one transaction) and, on failover, restores it and reads on
// from that offset.
//
// The format is compact binary: a version, a description of the rules and
// options (checked by Restore), the state, and a CRC-32C of it all. It is
// O(events in the windows) in size and time, like the Watch's memory.
// Snapshot does not change w; it holds w's lock while it runs.
func (w *Watch) Snapshot() []byte {
	return w.AppendSnapshot(nil)
}

// AppendSnapshot appends Snapshot's bytes to dst and returns the result.
func (w *Watch) AppendSnapshot(dst []byte) []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	start := len(dst)
	b := append(dst, watchSnapshotMagic...)
	b = binary.AppendUvarint(b, watchSnapshotVersion)
	b = appendSnapString(b, w.describe())
	b = appendSnapBool(b, w.seen)
	if w.seen {
		b = binary.AppendVarint(b, w.latest)
		b = appendSnapTime(b, w.latestAt)
	}
	b = binary.AppendUvarint(b, uint64(w.stats.Observed))
	b = binary.AppendUvarint(b, uint64(w.stats.Late))
	for i := range w.rules {
		r := &w.rules[i]
		if r.spike != nil {
			b = r.spike.appendState(b)
		} else {
			b = r.groups.appendState(b)
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[start:], watchCRC))
}

// describe is the canonical text of w's rules and options: Restore refuses
// a snapshot whose description differs. Filters are sets, so their order
// does not matter.
func (w *Watch) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "drop_late=%v max_groups=%d\n", w.cfg.dropLate, w.cfg.maxGroups)
	for i := range w.rules {
		b.WriteString(w.rules[i].describe())
		b.WriteByte('\n')
	}
	return b.String()
}

func (r *watchRule) describe() string {
	codes := slices.Clone(r.Codes)
	slices.Sort(codes)
	codes = slices.Compact(codes)
	cats := slices.Clone(r.Categories)
	slices.Sort(cats)
	cats = slices.Compact(cats)
	s := fmt.Sprintf("%q %s by=%s window=%s at_least=%d codes=%v categories=%v",
		r.Name, r.Kind, r.By, watchDuration(r.Window), r.AtLeast, codes, cats)
	if r.Kind == WatchSpike {
		s += fmt.Sprintf(" baseline=%s factor=%s", watchDuration(r.Baseline), strconv.FormatFloat(r.Factor, 'g', -1, 64))
	}
	return s
}

// appendState: evicted; then (unless single) the number of groups, their
// keys' lengths and their keys in one run (so that Restore allocates them
// at once), oldest group first; then each group's events.
func (g *watchGroups) appendState(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(g.evicted))
	if g.single {
		return g.slots[0].appendEvents(b)
	}
	b = binary.AppendUvarint(b, uint64(g.live))
	total := 0
	for i := g.head; i >= 0; i = g.slots[i].next {
		b = binary.AppendUvarint(b, uint64(len(g.slots[i].key)))
		total += len(g.slots[i].key)
	}
	b = binary.AppendUvarint(b, uint64(total))
	for i := g.head; i >= 0; i = g.slots[i].next {
		b = append(b, g.slots[i].key...)
	}
	for i := g.head; i >= 0; i = g.slots[i].next {
		b = g.slots[i].appendEvents(b)
	}
	return b
}

func (s *watchSlot) appendEvents(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(s.n))
	var prev int64
	for k := 0; k < int(s.n); k++ {
		e := s.ring[(int(s.start)+k)%len(s.ring)]
		b = appendSnapTimeDelta(b, k, prev, e.at)
		b = binary.AppendUvarint(b, uint64(e.code))
		prev = e.at
	}
	return b
}

// appendState: started; then the current bucket, active, the n+2 buckets
// oldest first and the window's events.
func (s *watchSpike) appendState(b []byte) []byte {
	b = appendSnapBool(b, s.started)
	if !s.started {
		return b
	}
	b = binary.AppendVarint(b, s.cur)
	b = appendSnapBool(b, s.active)
	for k := s.cur - int64(s.n) - 1; k <= s.cur; k++ {
		b = binary.AppendUvarint(b, uint64(*s.slot(k)))
	}
	b = binary.AppendUvarint(b, uint64(s.len))
	var prev int64
	for k := 0; k < s.len; k++ {
		p := (s.head + k) % len(s.evAt)
		b = appendSnapTimeDelta(b, k, prev, s.evAt[p])
		b = binary.AppendUvarint(b, uint64(s.evCode[p]))
		prev = s.evAt[p]
	}
	return b
}

// Times of a group or window ascend: the first is written whole, the
// others as the step from the one before.
func appendSnapTimeDelta(b []byte, k int, prev, t int64) []byte {
	if k == 0 {
		return binary.AppendVarint(b, t)
	}
	return binary.AppendUvarint(b, uint64(t-prev))
}

func appendSnapBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendSnapString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendSnapTime writes t's instant and its zone's name and offset (a
// restored time is in UTC, time.Local or a fixed zone with that name and
// offset, which is all an alert's At uses).
func appendSnapTime(b []byte, t time.Time) []byte {
	name, offset := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	b = appendSnapString(b, name)
	return binary.AppendVarint(b, int64(offset))
}

// Restore replaces w's state with a snapshot's, taken by Snapshot of a
// Watch with the same rules (in the same order) and options. It checks
// everything first: on error w is unchanged, and the error wraps
// ErrSnapshotVersion, ErrSnapshotRules or ErrSnapshotCorrupt. No input makes
// it panic or allocate much more than the input's size. To be fast (100k
// groups in tens of milliseconds) a rule's restored keys share one string
// and its groups' rings a few slabs; each is freed once the groups cut from
// it have left their windows (or grown their rings).
func (w *Watch) Restore(snapshot []byte) error {
	st, err := w.decodeSnapshot(snapshot, true)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen, w.latest, w.latestAt = st.seen, st.latest, st.latestAt
	w.stats = WatchStats{Observed: st.observed, Late: st.late}
	for i := range w.rules {
		w.rules[i].groups, w.rules[i].spike = st.groups[i], st.spikes[i]
	}
	return nil
}

type watchSnapState struct {
	seen           bool
	latest         int64
	latestAt       time.Time
	observed, late int
	groups         []*watchGroups
	spikes         []*watchSpike
}

// snapDecoder reads a snapshot; the first problem sticks in err and every
// read after it returns zero.
type snapDecoder struct {
	b       []byte
	err     error
	scratch []watchEntry // a group's events, reused
	rule    string       // the rule being read, for errors
	slab    []watchEntry // rings are cut from it
}

// ring returns a ring of n entries, cut from a slab shared by the rings of
// many groups (one allocation for them instead of one each; a slab is freed
// once its groups have left their windows or grown their rings).
func (d *snapDecoder) ring(n int) []watchEntry {
	if cap(d.slab)-len(d.slab) < n {
		if n > 256 {
			return make([]watchEntry, n)
		}
		d.slab = make([]watchEntry, 0, 4096)
	}
	k := len(d.slab)
	d.slab = d.slab[:k+n]
	return d.slab[k : k+n : k+n]
}

func (d *snapDecoder) fail(format string, args ...any) {
	if d.err == nil {
		if d.rule != "" {
			format = "rule %q: " + format
			args = append([]any{d.rule}, args...)
		}
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrSnapshotCorrupt}, args...)...)
	}
}

func (d *snapDecoder) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("%s: cut short or overflows", what)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *snapDecoder) varint(what string) int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("%s: cut short or overflows", what)
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length whose items take at least each bytes, so that a
// corrupt length cannot ask for more memory than the input justifies.
func (d *snapDecoder) count(what string, each int) int {
	v := d.uvarint(what)
	if d.err == nil && v > uint64(len(d.b)/each) {
		d.fail("%s %d: more than the %d bytes left hold", what, v, len(d.b))
		return 0
	}
	return int(v)
}

func (d *snapDecoder) bool(what string) bool {
	if d.err != nil {
		return false
	}
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail("%s: want 0 or 1", what)
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *snapDecoder) string(what string) string {
	n := d.count(what, 1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// nanos reads a time in nanoseconds, in the range watchNanos gives.
func (d *snapDecoder) nanos(what string) int64 {
	t := d.varint(what)
	if t < watchMinNanos || t > watchMaxNanos {
		d.fail("%s %d out of range", what, t)
		return 0
	}
	return t
}

// events reads an ascending run of n (time, code) pairs, each at most
// latest and a code the rule counts, calling add for each.
func (d *snapDecoder) events(what string, r *watchRule, latest int64, add func(t int64, c Code)) int {
	n := d.count(what, 2)
	var prev int64
	for k := 0; k < n && d.err == nil; k++ {
		var t int64
		if k == 0 {
			t = d.nanos("event time")
		} else {
			step := d.uvarint("event time")
			if step > uint64(watchMaxNanos-prev) {
				d.fail("%s: time step %d out of range", what, step)
			}
			t = prev + int64(step)
		}
		c := d.uvarint("event code")
		if d.err != nil {
			break
		}
		if t > latest {
			d.fail("%s: event at %d after the latest time %d", what, t, latest)
			break
		}
		if c > math.MaxUint16 || !Code(c).Valid() || !r.matches(Code(c)) {
			d.fail("%s: code %d is not one the rule counts", what, c)
			break
		}
		add(t, Code(c))
		prev = t
	}
	return n
}

// decodeSnapshot reads and checks a snapshot against w's rules and options
// (which never change after NewWatch, so it needs no lock). check is false
// only in the fuzz test, to reach past the checksum.
func (w *Watch) decodeSnapshot(b []byte, check bool) (*watchSnapState, error) {
	if !strings.HasPrefix(string(b), watchSnapshotMagic) {
		return nil, fmt.Errorf("%w: not a watch snapshot (no %q header)", ErrSnapshotCorrupt, strings.TrimSuffix(watchSnapshotMagic, "\x00"))
	}
	d := &snapDecoder{b: b[len(watchSnapshotMagic):]}
	if v := d.uvarint("version"); d.err != nil {
		return nil, d.err
	} else if v != watchSnapshotVersion {
		return nil, fmt.Errorf("%w: version %d; this build reads version %d", ErrSnapshotVersion, v, watchSnapshotVersion)
	}
	if len(b) < len(watchSnapshotMagic)+5 {
		return nil, fmt.Errorf("%w: cut short (%d bytes)", ErrSnapshotCorrupt, len(b))
	}
	body := b[:len(b)-4]
	if check {
		if sum := binary.LittleEndian.Uint32(b[len(b)-4:]); sum != crc32.Checksum(body, watchCRC) {
			return nil, fmt.Errorf("%w: checksum mismatch (the bytes were changed or cut)", ErrSnapshotCorrupt)
		}
	}
	d.b = d.b[:len(d.b)-4]
	desc := d.string("rules")
	if d.err != nil {
		return nil, d.err
	}
	if want := w.describe(); desc != want {
		return nil, fmt.Errorf("%w: %s", ErrSnapshotRules, describeDiff(desc, want))
	}

	st := &watchSnapState{
		groups: make([]*watchGroups, len(w.rules)),
		spikes: make([]*watchSpike, len(w.rules)),
	}
	st.seen = d.bool("seen")
	if st.seen {
		st.latest = d.nanos("latest time")
		st.latestAt = d.time("latest time")
		if d.err == nil && watchNanos(st.latestAt) != st.latest {
			d.fail("latest time %s does not match %d", st.latestAt, st.latest)
		}
	} else {
		st.latest = math.MinInt64 // no event can be at or before it
	}
	obs, late := d.uvarint("observed"), d.uvarint("late")
	if d.err == nil && (obs > math.MaxInt || late > obs || st.seen != (obs > 0)) {
		d.fail("stats: %d observed, %d late, seen %v", obs, late, st.seen)
	}
	st.observed, st.late = int(obs), int(late)
	for i := range w.rules {
		if d.err != nil {
			break
		}
		r := &w.rules[i]
		d.rule = r.Name
		if r.Kind == WatchSpike {
			st.spikes[i] = d.spike(r, st)
		} else {
			st.groups[i] = d.groups(r, st, w.cfg.maxGroups)
		}
	}
	d.rule = ""
	if d.err == nil && len(d.b) > 0 {
		d.fail("%d bytes after the state", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return st, nil
}

func (d *snapDecoder) time(what string) time.Time {
	sec := d.varint(what + " seconds")
	nsec := d.uvarint(what + " nanoseconds")
	name := d.string(what + " zone")
	offset := d.varint(what + " offset")
	if d.err != nil {
		return time.Time{}
	}
	if nsec >= 1e9 || offset < -24*3600 || offset > 24*3600 {
		d.fail("%s: nanoseconds %d or zone offset %d out of range", what, nsec, offset)
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	switch {
	case name == "UTC" && offset == 0:
		return t.UTC()
	default:
		if n, o := t.In(time.Local).Zone(); n == name && int64(o) == offset {
			return t.In(time.Local)
		}
		return t.In(time.FixedZone(name, int(offset)))
	}
}

// groups reads a threshold or repeat rule's state.
func (d *snapDecoder) groups(r *watchRule, st *watchSnapState, maxGroups int) *watchGroups {
	g := newWatchGroups(r.AtLeast, r.By == WatchByAll, maxGroups)
	evicted := d.uvarint("evicted")
	if evicted > uint64(st.observed) {
		d.fail("%d groups evicted of %d events", evicted, st.observed)
	}
	g.evicted = int(evicted)
	total := 0
	if g.single {
		total = d.slot(r, st, &g.slots[0])
	} else {
		n := d.count("groups", 4)
		if d.err == nil && maxGroups > 0 && n > maxGroups {
			d.fail("%d groups, more than the cap of %d", n, maxGroups)
		}
		if d.err != nil {
			return g
		}
		// The keys' lengths, then the keys: one string, cut.
		g.slots = make([]watchSlot, n)
		g.index = make(map[string]int32, n)
		sum := uint64(0)
		for i := range g.slots {
			l := d.uvarint("key length")
			g.slots[i].prev = int32(min(l, math.MaxInt32)) // the length, for now
			sum += min(l, uint64(len(d.b)))
		}
		keys := d.string("keys")
		if d.err == nil && sum != uint64(len(keys)) {
			d.fail("keys of %d bytes, their lengths add up to %d", len(keys), sum)
		}
		if d.err != nil {
			return g
		}
		for i := range g.slots {
			l := g.slots[i].prev
			g.slots[i] = watchSlot{key: keys[:l], prev: -1, next: -1}
			keys = keys[l:]
		}
		last := int64(math.MinInt64)
		for i := int32(0); int(i) < n && d.err == nil; i++ {
			key := g.slots[i].key
			total += d.slot(r, st, &g.slots[i])
			if d.err != nil {
				break
			}
			s := &g.slots[i]
			if key == "" {
				d.fail("a group with no key")
			} else if g.index[key] = i; len(g.index) != int(i)+1 {
				d.fail("group %q twice", key)
			} else if s.n == 0 {
				d.fail("group %q has no events", key)
			} else if s.latest < last {
				d.fail("groups out of order")
			}
			last = s.latest
			g.live++
			g.touch(i, s.latest)
		}
	}
	if d.err == nil && total > st.observed {
		d.fail("%d events of %d observed", total, st.observed)
	}
	return g
}

// slot reads one group's events into s, in a ring of the size the group's
// growth would have given it, and returns how many.
func (d *snapDecoder) slot(r *watchRule, st *watchSnapState, s *watchSlot) int {
	d.scratch = d.scratch[:0]
	n := d.events("group events", r, st.latest, func(t int64, c Code) {
		d.scratch = append(d.scratch, watchEntry{t, c})
	})
	if d.err != nil {
		return 0
	}
	if n > r.AtLeast {
		d.fail("a group holds %d events, more than at_least %d", n, r.AtLeast)
		return 0
	}
	if n == 0 {
		return 0
	}
	size := watchMinRing
	for size < n {
		size *= 2
	}
	s.ring = d.ring(max(min(size, r.AtLeast), n))
	copy(s.ring, d.scratch)
	s.start, s.n, s.latest = 0, int32(n), d.scratch[n-1].at
	return n
}

// spike reads a spike rule's state.
func (d *snapDecoder) spike(r *watchRule, st *watchSnapState) *watchSpike {
	s := newWatchSpike(int(r.Baseline / r.Window))
	s.started = d.bool("started")
	if !s.started || d.err != nil {
		return s
	}
	s.cur = d.varint("current bucket")
	if d.err == nil && (!st.seen || s.cur > watchFloorDiv(st.latest, r.window) || s.cur < watchFloorDiv(watchMinNanos, r.window)) {
		d.fail("current bucket %d out of range", s.cur)
	}
	s.active = d.bool("active")
	var sum uint64
	for k := s.cur - int64(s.n) - 1; k <= s.cur && d.err == nil; k++ {
		v := d.uvarint("bucket")
		sum += min(v, uint64(st.observed)+1)
		if sum > uint64(st.observed) {
			d.fail("buckets count more events than the %d observed", st.observed)
		}
		*s.slot(k) = int64(v)
	}
	for k := s.cur - int64(s.n) - 1; k <= s.cur-2; k++ {
		s.baseSum += *s.slot(k)
	}
	var at []int64
	var code []Code
	n := d.events("window events", r, st.latest, func(t int64, c Code) {
		at, code = append(at, t), append(code, c)
	})
	if d.err == nil && n > st.observed {
		d.fail("%d window events of %d observed", n, st.observed)
	}
	if d.err != nil {
		return s
	}
	if n > 0 {
		size := 16
		for size < n {
			size *= 2
		}
		s.evAt, s.evCode = make([]int64, size), make([]Code, size)
		copy(s.evAt, at)
		copy(s.evCode, code)
		s.len = n
	}
	return s
}

// describeDiff says how the snapshot's rules (have) differ from the
// Watch's (want), line by line.
func describeDiff(have, want string) string {
	h, w := strings.Split(strings.TrimSuffix(have, "\n"), "\n"), strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	if h[0] != w[0] {
		return fmt.Sprintf("options: snapshot %s, watch %s", h[0], w[0])
	}
	h, w = h[1:], w[1:]
	for i := 0; i < min(len(h), len(w)); i++ {
		if h[i] != w[i] {
			return fmt.Sprintf("rule %d: snapshot %s, watch %s", i+1, h[i], w[i])
		}
	}
	return fmt.Sprintf("snapshot has %d rules, watch %d", len(h), len(w))
}
