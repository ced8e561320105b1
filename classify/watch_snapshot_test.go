package classify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// randomWatchOptions picks drop-late and a group cap at random.
func randomWatchOptions(rng *rand.Rand) []WatchOption {
	var opts []WatchOption
	if rng.IntN(2) == 0 {
		opts = append(opts, WithDropLate())
	}
	if rng.IntN(3) == 0 {
		opts = append(opts, WithMaxGroups(1+rng.IntN(4)))
	}
	return opts
}

// The property: Observe a stream, Snapshot in the middle, Restore into a
// new Watch and go on — the same alerts and stats as one Watch over the
// whole stream; and a restored Watch snapshots to the same bytes.
func TestWatchSnapshotRestoreContinues(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	iters := 400
	if testing.Short() {
		iters = 80
	}
	for it := range iters {
		rules := randomRules(rng)
		opts := randomWatchOptions(rng)
		events := randomStream(rng, 200, it%2 == 1)
		whole := mustWatch(t, rules, opts...)
		want := observeAll(t, whole, events)

		// Snapshot at a few points, restoring each time into a new Watch.
		w := mustWatch(t, rules, opts...)
		var got []string
		cuts := []int{rng.IntN(len(events) + 1), rng.IntN(len(events) + 1), rng.IntN(len(events) + 1)}
		slices.Sort(cuts)
		i := 0
		for _, cut := range append(cuts, len(events)) {
			got = append(got, observeAll(t, w, events[i:cut])...)
			i = cut
			snap := w.Snapshot()
			next := mustWatch(t, rules, opts...)
			if err := next.Restore(snap); err != nil {
				t.Fatalf("iteration %d: restore at %d: %v", it, cut, err)
			}
			if again := next.Snapshot(); !bytes.Equal(again, snap) {
				t.Fatalf("iteration %d: a restored watch snapshots differently at %d", it, cut)
			}
			if next.Stats() != w.Stats() {
				t.Fatalf("iteration %d: stats %+v, restored %+v", it, w.Stats(), next.Stats())
			}
			w = next
		}
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: rules %+v cuts %v\n got  %q\n want %q", it, rules, cuts, got, want)
		}
		if w.Stats() != whole.Stats() {
			t.Fatalf("iteration %d: stats %+v, want %+v", it, w.Stats(), whole.Stats())
		}
	}
}

// A late event after a restore is counted at the latest time seen before
// the snapshot, zone included.
func TestWatchSnapshotLatestTime(t *testing.T) {
	rules := []WatchRule{{Name: "r", Kind: WatchRepeat, By: WatchByCustomer, Window: time.Hour, AtLeast: 2}}
	zone := time.FixedZone("CST", 8*3600)
	w := mustWatch(t, rules)
	w.Observe(Event{At: watchT0.In(zone), Code: 1001, CustomerID: "c"})
	w2 := mustWatch(t, rules)
	if err := w2.Restore(w.Snapshot()); err != nil {
		t.Fatal(err)
	}
	as := w2.Observe(Event{At: watchT0.Add(-time.Minute), Code: 1001, CustomerID: "c"})
	if len(as) != 1 || !as[0].At.Equal(watchT0) || as[0].At.Format(time.RFC3339) != "2025-03-01T18:00:00+08:00" {
		t.Fatalf("alerts %v", as)
	}
}

func TestWatchRestoreErrors(t *testing.T) {
	rules := benchRules()
	w := mustWatch(t, rules)
	s := newBenchStream()
	for i := range 5000 {
		w.Observe(s.event(i))
	}
	snap := w.Snapshot()
	before := w.Snapshot()

	changed := slices.Clone(rules)
	changed[1].Window = 2 * time.Hour
	reordered := slices.Clone(rules)
	reordered[0], reordered[1] = reordered[1], reordered[0]
	// The same rules with filters in another order are the same rules.
	same := slices.Clone(rules)
	same[2].Codes = []Code{1006, 1005}

	// fixCRC recomputes the checksum of a changed snapshot, to reach the
	// checks behind it.
	fixCRC := func(b []byte) []byte {
		b = slices.Clone(b)
		return binary.LittleEndian.AppendUint32(b[:len(b)-4], crc32.Checksum(b[:len(b)-4], watchCRC))
	}
	version2 := append([]byte(watchSnapshotMagic), 2)
	version2 = append(version2, snap[len(watchSnapshotMagic)+1:]...)

	for _, tc := range []struct {
		name  string
		rules []WatchRule
		opts  []WatchOption
		data  []byte
		err   error
		msg   string
	}{
		{"wrong version", rules, nil, version2, ErrSnapshotVersion, "version 2; this build reads version 1"},
		{"a rule changed", changed, nil, snap, ErrSnapshotRules, `rule 2: snapshot "quality-sku" threshold by=key window=1h`},
		{"rules reordered", reordered, nil, snap, ErrSnapshotRules, `rule 1: snapshot "quality"`},
		{"a rule added", append(slices.Clone(rules), WatchRule{Name: "x", Kind: WatchThreshold, Window: time.Hour, AtLeast: 2}), nil, snap, ErrSnapshotRules, "snapshot has 10 rules, watch 11"},
		{"options changed", rules, []WatchOption{WithMaxGroups(100)}, snap, ErrSnapshotRules, "options: snapshot drop_late=false max_groups=0, watch drop_late=false max_groups=100"},
		{"empty", rules, nil, nil, ErrSnapshotCorrupt, "not a watch snapshot"},
		{"JSON", rules, nil, []byte(`{"rules":[]}`), ErrSnapshotCorrupt, "not a watch snapshot"},
		{"cut short", rules, nil, snap[:len(snap)/2], ErrSnapshotCorrupt, "checksum mismatch"},
		{"header only", rules, nil, snap[:len(watchSnapshotMagic)+1], ErrSnapshotCorrupt, "cut short"},
		{"a bit flipped", rules, nil, func() []byte { b := slices.Clone(snap); b[len(b)/2] ^= 4; return b }(), ErrSnapshotCorrupt, "checksum mismatch"},
		{"trailing bytes", rules, nil, fixCRC(append(slices.Clone(snap[:len(snap)-4]), 0, 0, 0, 0, 0)), ErrSnapshotCorrupt, "bytes after the state"},
		{"state cut", rules, nil, fixCRC(append(slices.Clone(snap[:len(snap)/2]), 0, 0, 0, 0)), ErrSnapshotCorrupt, ""},
		{"same rules", same, nil, snap, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w2 := mustWatch(t, tc.rules, tc.opts...)
			empty := w2.Snapshot()
			err := w2.Restore(tc.data)
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("error %q, want it to say %q", err, tc.msg)
				}
				if !bytes.Equal(w2.Snapshot(), empty) {
					t.Error("a failed Restore changed the watch")
				}
			}
		})
	}
	if !bytes.Equal(w.Snapshot(), before) {
		t.Error("Snapshot changed the watch")
	}
}

// The decoder never panics, and what it accepts is a state a Watch can go
// on from: it observes more events without panicking and snapshots to
// bytes that restore to the same state. The checksum is recomputed so that
// the fuzzer reaches the checks behind it.
func FuzzWatchRestore(f *testing.F) {
	rules := []WatchRule{
		{Name: "t", Kind: WatchThreshold, Categories: []Category{CategoryProduct}, Window: time.Hour, AtLeast: 3},
		{Name: "k", Kind: WatchThreshold, By: WatchByKey, Window: time.Hour, AtLeast: 5},
		{Name: "s", Kind: WatchSpike, Window: 10 * time.Minute, Baseline: time.Hour, Factor: 2, AtLeast: 2},
		{Name: "r", Kind: WatchRepeat, By: WatchByCustomer, Window: time.Hour, AtLeast: 2},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 5, 40, 200} {
		w := mustWatch(f, rules, WithMaxGroups(8))
		for _, e := range randomStream(rng, n, true) {
			w.Observe(e)
		}
		snap := w.Snapshot()
		f.Add(snap[:len(snap)-4])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(slices.Clone(body), crc32.Checksum(body, watchCRC))
		w := mustWatch(t, rules, WithMaxGroups(8))
		if err := w.Restore(data); err != nil {
			if !errors.Is(err, ErrSnapshotCorrupt) && !errors.Is(err, ErrSnapshotVersion) && !errors.Is(err, ErrSnapshotRules) {
				t.Fatalf("error %v wraps none of the snapshot errors", err)
			}
			return
		}
		snap := w.Snapshot()
		w2 := mustWatch(t, rules, WithMaxGroups(8))
		if err := w2.Restore(snap); err != nil {
			t.Fatalf("a restored watch's snapshot does not restore: %v", err)
		}
		for _, e := range randomStream(rand.New(rand.NewPCG(1, 1)), 50, true) {
			w.Observe(e)
			w2.Observe(e)
		}
		if !bytes.Equal(w.Snapshot(), w2.Snapshot()) {
			t.Fatal("two watches restored from one state went apart")
		}
	})
}

// bigWatch holds groups groups in a repeat rule by customer and a
// threshold rule by key, all in the window.
func bigWatch(tb testing.TB, groups int) *Watch {
	w := mustWatch(tb, []WatchRule{
		{Name: "repeat", Kind: WatchRepeat, By: WatchByCustomer, Window: 24 * time.Hour, AtLeast: 3},
		{Name: "sku", Kind: WatchThreshold, By: WatchByKey, Window: 24 * time.Hour, AtLeast: 100},
		{Name: "spike", Kind: WatchSpike, Window: time.Hour, Baseline: 7 * 24 * time.Hour, Factor: 3, AtLeast: MaxWatchAtLeast},
	})
	codes := DefaultTaxonomy().Codes()
	for i := range groups {
		w.Observe(Event{
			At:         watchT0.Add(time.Duration(i) * 100 * time.Millisecond),
			Code:       codes[i%len(codes)],
			CustomerID: fmt.Sprint("customer-", i),
			Key:        fmt.Sprint("sku-", i%1000),
		})
	}
	if got := w.Stats().Groups; got != groups+1000 {
		tb.Fatalf("%d groups", got)
	}
	return w
}

// Snapshot and Restore of a Watch holding 100k groups (the target is well
// under 100 ms each).
func BenchmarkWatchSnapshot100k(b *testing.B) {
	w := bigWatch(b, 100_000)
	buf := w.Snapshot()
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		buf = w.AppendSnapshot(buf[:0])
	}
}

func BenchmarkWatchRestore100k(b *testing.B) {
	w := bigWatch(b, 100_000)
	snap := w.Snapshot()
	w2 := mustWatch(b, w.ruleList())
	b.SetBytes(int64(len(snap)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := w2.Restore(snap); err != nil {
			b.Fatal(err)
		}
	}
}

func (w *Watch) ruleList() []WatchRule {
	var rs []WatchRule
	for _, r := range w.rules {
		rs = append(rs, r.WatchRule)
	}
	return rs
}
