package sla_test

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/sla"
)

// mergeTickets sets the size of TestMergedPercentiles16Shards; the issue's
// figure is go test -run MergedPercentiles16Shards -merge.tickets=1000000 -v ./sla.
var mergeTickets = flag.Int("merge.tickets", 100_000, "tickets split into 16 shards by TestMergedPercentiles16Shards")

// shardTickets returns n random tickets with an agent tag, a few invalid.
func shardTickets(n int, seed uint64) []sla.Ticket {
	ts := randomTickets(n)
	rng := rand.New(rand.NewPCG(seed, 99))
	for i := range ts {
		ts[i].ID = "t" + string(rune('a'+i%26))
		if rng.IntN(4) > 0 {
			ts[i].Tags = map[string]string{"agent": []string{"li", "wang", "zhao", "chen"}[rng.IntN(4)]}
		}
		if rng.IntN(200) == 0 {
			ts[i].ResolvedAt = ts[i].Opened.Add(-time.Hour) // invalid
		}
	}
	return ts
}

// split assigns each ticket to one of k shards at random.
func split(ts []sla.Ticket, k int, rng *rand.Rand) [][]sla.Ticket {
	shards := make([][]sla.Ticket, k)
	for _, t := range ts {
		i := rng.IntN(k)
		shards[i] = append(shards[i], t)
	}
	return shards
}

// sameFigures checks that merged has exactly whole's counts, on-time rates,
// N, Mean and Max, and Median and P90 within the stated bound; it returns
// the largest relative error of a percentile.
func sameFigures(t *testing.T, what string, merged, whole sla.Stats) float64 {
	t.Helper()
	worst := 0.0
	for _, d := range []struct {
		name string
		m, w *sla.Durations
	}{{"handling", &merged.HandlingTime, &whole.HandlingTime}, {"working", &merged.HandlingWorkingTime, &whole.HandlingWorkingTime}} {
		if d.m.N != d.w.N || d.m.Mean != d.w.Mean || d.m.Max != d.w.Max {
			t.Errorf("%s %s: N %d mean %v max %v; want %d %v %v", what, d.name, d.m.N, d.m.Mean, d.m.Max, d.w.N, d.w.Mean, d.w.Max)
		}
		for _, p := range [][2]time.Duration{{d.m.Median, d.w.Median}, {d.m.P90, d.w.P90}} {
			e := math.Abs(float64(p[0]-p[1])) / math.Max(float64(p[1]), 1)
			if e > sla.PercentileRelativeError {
				t.Errorf("%s %s: percentile %v, exact %v: error %.4f%%", what, d.name, p[0], p[1], 100*e)
			}
			worst = max(worst, e)
		}
	}
	merged.HandlingTime, merged.HandlingWorkingTime = sla.Durations{}, sla.Durations{}
	whole.HandlingTime, whole.HandlingWorkingTime = sla.Durations{}, sla.Durations{}
	if merged != whole {
		t.Errorf("%s: merged %+v\nwant %+v", what, merged, whole)
	}
	for _, m := range []sla.Metric{sla.Response, sla.Resolution, sla.Feedback} {
		if a, b := outcomes(merged, m).OnTimeRate(), outcomes(whole, m).OnTimeRate(); a != b {
			t.Errorf("%s: %v on-time rate %v, want %v", what, m, a, b)
		}
	}
	return worst
}

func outcomes(s sla.Stats, m sla.Metric) sla.Outcomes {
	return [...]sla.Outcomes{s.Response, s.Resolution, s.Feedback}[m-sla.Response]
}

// sameSummary compares a merged summary with Summarize over the union.
func sameSummary(t *testing.T, merged, whole sla.Summary) float64 {
	t.Helper()
	worst := sameFigures(t, "overall", merged.Overall, whole.Overall)
	if len(merged.ByLevel) != len(whole.ByLevel) || len(merged.Groups) != len(whole.Groups) || len(merged.Invalid) != len(whole.Invalid) {
		t.Fatalf("merged has %d levels, %d groups, %d invalid; want %d, %d, %d", len(merged.ByLevel), len(merged.Groups),
			len(merged.Invalid), len(whole.ByLevel), len(whole.Groups), len(whole.Invalid))
	}
	for l, w := range whole.ByLevel {
		worst = max(worst, sameFigures(t, l.String(), merged.ByLevel[l], w))
	}
	for k, w := range whole.Groups {
		worst = max(worst, sameFigures(t, "group "+k, merged.Groups[k], w))
	}
	return worst
}

// Property: however the tickets are split, the merged shard summaries have
// exactly the counts and on-time rates of Summarize over all of them, and
// percentiles within the bound — merged directly, through JSON or through
// YAML, in any order.
func TestMergeRandomSplits(t *testing.T) {
	p := sla.Default(prc(t))
	now := at(2026, 12, 1, 0, 0)
	rng := rand.New(rand.NewPCG(5, 6))
	all := shardTickets(6000, 1)
	for round := range 24 {
		ts := all[:1+rng.IntN(len(all))]
		var opts []sla.SummaryOption
		if round%2 == 0 {
			opts = append(opts, sla.GroupByTag("agent"))
		}
		whole := p.Summarize(ts, now, opts...)
		shards := split(ts, 1+rng.IntN(12), rng)
		sums := make([]sla.Summary, len(shards))
		for i, sh := range shards {
			sums[i] = p.Summarize(sh, now, opts...)
			switch round % 3 {
			case 1: // shipped as JSON
				b, err := json.Marshal(sums[i])
				if err != nil {
					t.Fatal(err)
				}
				sums[i] = sla.Summary{}
				if err := json.Unmarshal(b, &sums[i]); err != nil {
					t.Fatal(err)
				}
			case 2: // shipped as YAML
				b, err := yaml.Marshal(sums[i].MergeState)
				if err != nil {
					t.Fatal(err)
				}
				sums[i].MergeState = new(sla.MergeState)
				if err := yaml.Unmarshal(b, sums[i].MergeState); err != nil {
					t.Fatal(err)
				}
			}
		}
		rng.Shuffle(len(sums), func(i, j int) { sums[i], sums[j] = sums[j], sums[i] })
		merged, err := sla.MergeSummaries(sums...)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		sameSummary(t, merged, whole)
		if t.Failed() {
			t.Fatalf("round %d: %d tickets in %d shards", round, len(ts), len(shards))
		}
	}
}

// The check: tickets split into 16 shards, the merged p90 within
// 1 % of the exact one (and within PercentileRelativeError). 100k tickets
// by default; -merge.tickets=1000000 for the 1M figure.
func TestMergedPercentiles16Shards(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	p := sla.Default(prc(t))
	now := at(2026, 12, 1, 0, 0)
	ts := randomTickets(*mergeTickets)
	shards := split(ts, 16, rand.New(rand.NewPCG(16, 16)))
	var merged sla.Summary
	for _, sh := range shards {
		s := p.Summarize(sh, now)
		if err := merged.Merge(&s); err != nil {
			t.Fatal(err)
		}
	}
	whole := p.Summarize(ts, now)
	worst := sameSummary(t, merged, whole)
	m, w := merged.Overall.HandlingTime, whole.Overall.HandlingTime
	p90err := math.Abs(float64(m.P90-w.P90)) / float64(w.P90)
	if p90err > 0.01 {
		t.Errorf("merged p90 %v, exact %v: error %.4f%%, want < 1%%", m.P90, w.P90, 100*p90err)
	}
	t.Logf("%d tickets, 16 shards: overall handling p90 merged %v exact %v (error %.4f%%); worst percentile error over all levels and both times %.4f%% (bound %.4f%%)",
		len(ts), m.P90, w.P90, 100*p90err, 100*worst, 100*sla.PercentileRelativeError)
}

func TestMergeErrors(t *testing.T) {
	p := sla.Default(prc(t))
	now := at(2026, 12, 1, 0, 0)
	ts := shardTickets(200, 2)
	a := p.Summarize(ts[:100], now, sla.GroupByTag("agent"))
	other := func(s sla.Summary) error {
		c := a
		return c.Merge(&s)
	}
	p2 := sla.Default(prc(t))
	p2.Targets[sla.Level2] = sla.Targets{Response: sla.Elapsed(6 * time.Hour)}
	p3 := sla.Default(prc(t))
	p3.AtRisk = 0.5
	tampered := p.Summarize(ts[100:], now, sla.GroupByTag("agent"))
	tampered.Overall.HandlingTime.N++
	for _, c := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"instant", other(p.Summarize(ts[100:], now.Add(time.Hour), sla.GroupByTag("agent"))), sla.ErrSummaryMismatch, "evaluated at"},
		{"targets", other(p2.Summarize(ts[100:], now, sla.GroupByTag("agent"))), sla.ErrSummaryMismatch, "L2: response 6h elapsed"},
		{"at risk", other(p3.Summarize(ts[100:], now, sla.GroupByTag("agent"))), sla.ErrSummaryMismatch, "at risk 0.5"},
		{"no calendar", other((&sla.Policy{Targets: p.Targets}).Summarize(nil, now, sla.GroupByTag("agent"))), sla.ErrSummaryMismatch, "no calendar"},
		{"grouping", other(p.Summarize(ts[100:], now)), sla.ErrSummaryMismatch, "grouped by tag \"agent\" and by nothing"},
		{"tag", other(p.Summarize(ts[100:], now, sla.GroupByTag("code"))), sla.ErrSummaryMismatch, "tag \"code\""},
		{"func", other(p.Summarize(ts[100:], now, sla.GroupBy(func(sla.Ticket) string { return "" }))), sla.ErrSummaryMismatch, "GroupBy function"},
		{"by hand", other(sla.Summary{Overall: sla.Stats{Tickets: 1}}), sla.ErrNotMergeable, "no MergeState"},
		{"tampered", other(tampered), sla.ErrNotMergeable, "handling time: N"},
	} {
		if !errors.Is(c.err, c.want) || !strings.Contains(fmtErr(c.err), c.msg) {
			t.Errorf("%s: %v; want %v mentioning %q", c.name, c.err, c.want, c.msg)
		}
	}
	// On error the receiver is unchanged.
	before, _ := json.Marshal(a)
	b := p.Summarize(ts[100:], now)
	if err := a.Merge(&b); err == nil {
		t.Fatal("merged summaries of different groupings")
	}
	if after, _ := json.Marshal(a); string(after) != string(before) {
		t.Error("a failed Merge changed the receiver")
	}
	// The zero Summary is the empty set; merging it into nothing is fine.
	if got, err := sla.MergeSummaries(); err != nil || got.MergeState != nil || got.Overall.Tickets != 0 {
		t.Errorf("MergeSummaries() = %+v, %v", got, err)
	}
	var z sla.Summary
	if err := z.Merge(&a); err != nil || z.Overall != a.Overall {
		t.Errorf("zero.Merge(a): %v, %+v", err, z.Overall)
	}
	if _, err := sla.MergeSummaries(a, sla.Summary{}); !errors.Is(err, sla.ErrNotMergeable) || !strings.Contains(err.Error(), "summary 1") {
		t.Errorf("merging a zero Summary into one: %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// A merged summary shares nothing with its inputs: merging more into it
// does not change them.
func TestMergeDoesNotAlias(t *testing.T) {
	p := sla.Default(prc(t))
	now := at(2026, 12, 1, 0, 0)
	ts := shardTickets(300, 3)
	a, b := p.Summarize(ts[:100], now), p.Summarize(ts[100:200], now)
	c := p.Summarize(ts[200:], now)
	aJSON, _ := json.Marshal(a)
	var m sla.Summary
	for _, s := range []*sla.Summary{&a, &b, &c} {
		if err := m.Merge(s); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := json.Marshal(a); string(got) != string(aJSON) {
		t.Error("Merge changed an input")
	}
	sameSummary(t, m, p.Summarize(ts, now))
}

func TestMergeStateEncoding(t *testing.T) {
	p := sla.Default(prc(t))
	s := p.Summarize(shardTickets(500, 4), at(2026, 12, 1, 0, 0), sla.GroupByTag("agent"))
	b, err := s.MergeState.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back sla.MergeState
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if again, _ := back.MarshalBinary(); string(again) != string(b) {
		t.Error("decoding and encoding again changed the bytes")
	}
	// Summary JSON carries the state and the invalid tickets' messages.
	j, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON sla.Summary
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if len(s.Invalid) == 0 || fromJSON.Invalid[0].Err.Error() != s.Invalid[0].Err.Error() || fromJSON.Invalid[0].ID != s.Invalid[0].ID {
		t.Errorf("invalid tickets after JSON: %+v, want %+v", fromJSON.Invalid, s.Invalid)
	}

	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, sla.ErrMergeStateCorrupt},
		{"other", []byte("aftersales.watch\x00\x01\x00\x00\x00\x00\x00"), sla.ErrMergeStateCorrupt},
		{"truncated", b[:len(b)/2], sla.ErrMergeStateCorrupt},
		{"flipped", flip(b, len(b)/2), sla.ErrMergeStateCorrupt},
		{"newer", append([]byte("aftersales.summary\x00\x02"), make([]byte, 8)...), sla.ErrMergeStateVersion},
	} {
		if err := back.UnmarshalBinary(c.b); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if again, _ := back.MarshalBinary(); string(again) != string(b) {
			t.Errorf("%s: a failed decode changed the state", c.name)
		}
	}
	if err := back.UnmarshalText([]byte("not base64!")); !errors.Is(err, sla.ErrMergeStateCorrupt) {
		t.Errorf("bad base64: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x10
	return c
}

// No input makes the decoder panic; what it accepts encodes back to the
// same bytes.
func FuzzMergeStateUnmarshal(f *testing.F) {
	p := sla.Default(prc(f))
	for i, opts := range [][]sla.SummaryOption{nil, {sla.GroupByTag("agent")}} {
		s := p.Summarize(shardTickets(50, uint64(i)), at(2026, 12, 1, 0, 0), opts...)
		b, _ := s.MergeState.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m sla.MergeState
		if err := m.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := m.MarshalBinary()
		if err != nil || string(again) != string(b) {
			t.Fatalf("accepted %x but encodes it as %x", b, again)
		}
	})
}

// BenchmarkMergeSummaries16 merges the summaries (grouped by agent) of 16
// shards of 100,000 tickets: the collector's cost.
func BenchmarkMergeSummaries16(b *testing.B) {
	p := sla.Default(prc(b))
	now := at(2026, 12, 1, 0, 0)
	shards := split(shardTickets(100_000, 7), 16, rand.New(rand.NewPCG(1, 1)))
	sums := make([]sla.Summary, len(shards))
	for i, sh := range shards {
		sums[i] = p.Summarize(sh, now, sla.GroupByTag("agent"))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sla.MergeSummaries(sums...); err != nil {
			b.Fatal(err)
		}
	}
}
