package classify

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
)

// C3: a Watch's memory follows the events it holds, not AtLeast: a
// threshold rule with at_least 100000 fed 10,000 keys holds 10,000 events.
func TestWatchMemoryFollowsEvents(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 300 << 20}, func(t *testing.T) {
		for _, opts := range [][]WatchOption{nil, {WithMaxGroups(1000)}} {
			rule := WatchRule{Name: "big", Kind: WatchThreshold, By: WatchByKey, Window: 24 * time.Hour, AtLeast: MaxWatchAtLeast}
			w := mustWatch(t, []WatchRule{rule}, opts...)
			before := heapInUse()
			start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
			for i := range 10_000 {
				w.Observe(Event{At: start.Add(time.Duration(i) * time.Second), Code: 1001, Key: fmt.Sprintf("k%d", i)})
			}
			// One group with many events grows its ring with them.
			for i := range 50_000 {
				w.Observe(Event{At: start.Add(10_000*time.Second + time.Duration(i)*time.Millisecond), Code: 1001, Key: "hot"})
			}
			grew := heapInUse() - before
			t.Logf("%d groups: %d KiB", w.Stats().Groups, grew>>10)
			// 60,000 events: about 1 MiB of entries, 2 MiB of groups.
			if grew > 16<<20 {
				t.Errorf("heap grew by %d MiB for 60,000 events", grew>>20)
			}
			runtime.KeepAlive(w)
		}
	})
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// M6: rules: given twice is an error, not the first list dropped silently;
// so are merge keys and explicit tags.
func TestWatchRulesYAMLStrictness(t *testing.T) {
	for src, want := range map[string]string{
		"rules:\n  - {name: a, kind: threshold, window: 1h, at_least: 2}\nrules:\n  - {name: b, kind: threshold, window: 1h, at_least: 3}": `watch rules:3:1: duplicate key "rules" (first on line 1)`,
		"rules:\n  - {name: a, kind: threshold, window: 1h, at_least: 2, at_least: 3}":                                                     `watch rules:2:57: duplicate key "at_least"`,
		"rules:\n  - {name: a, kind: !!str threshold, window: 1h, at_least: 2}":                                                            "watch rules:2:21: explicit YAML tag !!str is not supported",
		"base: &b {kind: threshold}\nrules:\n  - {name: a, <<: *b, window: 1h, at_least: 2}":                                               "watch rules:3:15: merge keys (<<) are not supported",
	} {
		_, err := ParseWatchRules([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %s", src, err, want)
		}
	}
}
