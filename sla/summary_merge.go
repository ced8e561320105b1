package sla

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Errors of Merge and of decoding a MergeState; the error returned wraps
// one of them (test with errors.Is) and says what is wrong.
var (
	// ErrSummaryMismatch: the summaries were computed at different
	// instants, under different policies or with different GroupBy
	// options, so their figures do not add up to anything.
	ErrSummaryMismatch = errors.New("sla: summaries do not merge")
	// ErrNotMergeable: a summary has no MergeState (it was not made by
	// Summarize or Merge, or was decoded from a form without it), or its
	// figures do not match its MergeState.
	ErrNotMergeable = errors.New("sla: summary not mergeable")
	// ErrMergeStateVersion: an encoded MergeState of a format version this
	// build does not read (a newer library wrote it).
	ErrMergeStateVersion = errors.New("sla: merge state: unsupported version")
	// ErrMergeStateCorrupt: the bytes are not an encoded MergeState, are
	// cut short, fail the checksum or hold an impossible state.
	ErrMergeStateCorrupt = errors.New("sla: merge state: corrupt")
)

// A MergeState is what Summary.Merge needs beyond a Summary's figures: the
// instant and the policy of the evaluation, the grouping, and for each
// Stats the exact sums and the sketches of its handling times. Summarize
// sets it; it is opaque, and travels with the Summary in JSON and YAML as
// a versioned, checksummed string (MarshalText), or in binary
// (MarshalBinary).
type MergeState struct {
	at       time.Time
	policy   string // Policy.describe
	grouping string // "" without GroupBy, "tag:NAME" for GroupByTag, "func" for GroupBy
	overall  statsState
	levels   map[Level]statsState
	groups   map[string]statsState // nil without GroupBy
}

// statsState is the mergeable part of one Stats.
type statsState struct {
	handling, working durationsState
}

// durationsState is the mergeable part of one Durations: the exact sum (for
// the mean) and the sketch (count, min, max and buckets).
type durationsState struct {
	sum sum128
	sk  sketch
}

// sum128 is an exact sum of durations, two's complement over 128 bits: no
// order of addition and no number of tickets changes it.
type sum128 struct{ hi, lo uint64 }

func (s *sum128) add(d time.Duration) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(d), 0)
	s.hi += carry
	if d < 0 {
		s.hi-- // sign extension of d
	}
}

func (s sum128) plus(t sum128) sum128 {
	lo, carry := bits.Add64(s.lo, t.lo, 0)
	return sum128{s.hi + t.hi + carry, lo}
}

func (s sum128) float() float64 {
	if int64(s.hi) < 0 {
		neg := sum128{^s.hi, ^s.lo}.plus(sum128{0, 1})
		return -neg.float()
	}
	return float64(s.hi)*(1<<64) + float64(s.lo)
}

// mean is the sum divided by n > 0, as Durations.Mean reports it.
func (s sum128) mean(n uint64) time.Duration { return time.Duration(s.float() / float64(n)) }

// Merge adds other's figures to s's, so that s becomes the summary of the
// union of the two ticket sets, which must be disjoint (a ticket in both
// is counted twice). Both must come from Summarize (or Merge) at the same
// instant with the same policy and the same GroupBy option, or Merge
// returns an error wrapping ErrSummaryMismatch; a summary without a
// MergeState gives ErrNotMergeable. A zero Summary merges as the empty set,
// so summaries can be folded into a var of type Summary. Merge checks
// everything first: on error s is unchanged. It never changes other, and s
// shares nothing with other afterwards.
//
// Every count (tickets, open, breached, at risk, each clock's outcomes, and
// so each on-time rate) is exactly that of Summarize over the union, and so
// are N, Mean (from exact sums) and Max of the handling times. Median and
// P90 are estimates from mergeable sketches, each within
// PercentileRelativeError (1/256, about 0.39 %) of the exact nearest-rank
// percentile of the union, however the tickets were split; where one side
// has no handling times, the other side's figures are kept as they are.
//
// Invalid is the concatenation of both lists; an InvalidTicket's Index is
// its position in the slice its own shard passed to Summarize.
//
// The calendar's holidays are not compared (only whether there is one, its
// location and its break): shards must use the same calendar data.
func (s *Summary) Merge(other *Summary) error {
	if err := other.checkMergeable("other"); err != nil {
		return err
	}
	if s.isZero() {
		*s = other.clone()
		return nil
	}
	if err := s.checkMergeable("receiver"); err != nil {
		return err
	}
	a, b := s.MergeState, other.MergeState
	if !a.at.Equal(b.at) {
		return fmt.Errorf("%w: evaluated at %v and at %v", ErrSummaryMismatch, a.at, b.at)
	}
	if a.policy != b.policy {
		return fmt.Errorf("%w: different policies: %s", ErrSummaryMismatch, firstDifference(a.policy, b.policy))
	}
	if a.grouping != b.grouping {
		return fmt.Errorf("%w: grouped by %s and by %s", ErrSummaryMismatch, groupingName(a.grouping), groupingName(b.grouping))
	}

	st := &MergeState{at: a.at, policy: a.policy, grouping: a.grouping}
	out := Summary{MergeState: st}
	out.Overall, st.overall = mergeStats(s.Overall, other.Overall, &a.overall, &b.overall)
	out.ByLevel, st.levels = mergeMaps(s.ByLevel, other.ByLevel, a.levels, b.levels)
	if a.groups != nil {
		out.Groups, st.groups = mergeMaps(s.Groups, other.Groups, a.groups, b.groups)
	}
	out.Invalid = slices.Concat(s.Invalid, other.Invalid)
	*s = out
	return nil
}

// MergeSummaries returns the merge of summaries (see Summary.Merge), the
// zero Summary when there are none. The error names the first summary
// that does not merge.
func MergeSummaries(summaries ...Summary) (Summary, error) {
	var out Summary
	for i := range summaries {
		if err := out.Merge(&summaries[i]); err != nil {
			return Summary{}, fmt.Errorf("summary %d: %w", i, err)
		}
	}
	return out, nil
}

func (s *Summary) isZero() bool {
	return s.MergeState == nil && s.Overall == (Stats{}) && len(s.ByLevel) == 0 && s.Groups == nil && len(s.Invalid) == 0
}

func (s *Summary) clone() Summary {
	c := Summary{Overall: s.Overall, ByLevel: maps.Clone(s.ByLevel), Groups: maps.Clone(s.Groups),
		Invalid: slices.Clone(s.Invalid)}
	if s.MergeState != nil {
		c.MergeState = s.MergeState.clone()
	}
	return c
}

func (m *MergeState) clone() *MergeState {
	c := *m
	c.overall = m.overall.clone()
	c.levels = make(map[Level]statsState, len(m.levels))
	for k, v := range m.levels {
		c.levels[k] = v.clone()
	}
	if m.groups != nil {
		c.groups = make(map[string]statsState, len(m.groups))
		for k, v := range m.groups {
			c.groups[k] = v.clone()
		}
	}
	return &c
}

func (s statsState) clone() statsState {
	return statsState{
		handling: durationsState{s.handling.sum, s.handling.sk.clone()},
		working:  durationsState{s.working.sum, s.working.sk.clone()},
	}
}

// checkMergeable reports a summary without a MergeState or whose figures
// do not match it (edited, or put together from different summaries).
func (s *Summary) checkMergeable(which string) error {
	m := s.MergeState
	if m == nil {
		return fmt.Errorf("%w: %s summary has no MergeState", ErrNotMergeable, which)
	}
	if err := m.overall.matches(&s.Overall); err != nil {
		return fmt.Errorf("%w: %s summary, overall: %v", ErrNotMergeable, which, err)
	}
	if err := mapsMatch(s.ByLevel, m.levels); err != nil {
		return fmt.Errorf("%w: %s summary, level %v", ErrNotMergeable, which, err)
	}
	if (s.Groups == nil) != (m.groups == nil) && len(s.Groups)+len(m.groups) > 0 {
		return fmt.Errorf("%w: %s summary: groups without a GroupBy state, or the reverse", ErrNotMergeable, which)
	}
	if err := mapsMatch(s.Groups, m.groups); err != nil {
		return fmt.Errorf("%w: %s summary, group %v", ErrNotMergeable, which, err)
	}
	return nil
}

func mapsMatch[K comparable](stats map[K]Stats, states map[K]statsState) error {
	if len(stats) != len(states) {
		return fmt.Errorf("count: %d figures, %d states", len(stats), len(states))
	}
	for k, st := range stats {
		ss, ok := states[k]
		if !ok {
			return fmt.Errorf("%v: no state", k)
		}
		if err := ss.matches(&st); err != nil {
			return fmt.Errorf("%v: %v", k, err)
		}
	}
	return nil
}

func (ss *statsState) matches(st *Stats) error {
	for _, c := range [...]struct {
		name string
		d    *Durations
		s    *durationsState
	}{{"handling time", &st.HandlingTime, &ss.handling}, {"handling working time", &st.HandlingWorkingTime, &ss.working}} {
		if uint64(c.d.N) != c.s.sk.n || c.d.N > 0 && c.d.Max != c.s.sk.max {
			return fmt.Errorf("%s: N %d and Max %v, state %d and %v", c.name, c.d.N, c.d.Max, c.s.sk.n, c.s.sk.max)
		}
	}
	return nil
}

func mergeStats(a, b Stats, sa, sb *statsState) (Stats, statsState) {
	out := Stats{
		Tickets:    a.Tickets + b.Tickets,
		Open:       a.Open + b.Open,
		Breached:   a.Breached + b.Breached,
		AtRisk:     a.AtRisk + b.AtRisk,
		Response:   a.Response.plus(b.Response),
		Resolution: a.Resolution.plus(b.Resolution),
		Feedback:   a.Feedback.plus(b.Feedback),
	}
	var st statsState
	out.HandlingTime, st.handling = mergeDurations(a.HandlingTime, b.HandlingTime, &sa.handling, &sb.handling)
	out.HandlingWorkingTime, st.working = mergeDurations(a.HandlingWorkingTime, b.HandlingWorkingTime, &sa.working, &sb.working)
	return out, st
}

func mergeDurations(a, b Durations, sa, sb *durationsState) (Durations, durationsState) {
	m := durationsState{sum: sa.sum.plus(sb.sum), sk: sa.sk.merge(&sb.sk)}
	switch {
	case sb.sk.n == 0:
		return a, m
	case sa.sk.n == 0:
		return b, m
	}
	return Durations{N: int(m.sk.n), Mean: m.sum.mean(m.sk.n), Median: m.sk.percentile(50),
		P90: m.sk.percentile(90), Max: m.sk.max}, m
}

func mergeMaps[K comparable](a, b map[K]Stats, sa, sb map[K]statsState) (map[K]Stats, map[K]statsState) {
	out := make(map[K]Stats, max(len(a), len(b)))
	st := make(map[K]statsState, max(len(a), len(b)))
	var empty statsState
	for k, v := range a {
		ka, kb := sa[k], sb[k]
		if _, ok := sb[k]; !ok {
			kb = empty
		}
		out[k], st[k] = mergeStats(v, b[k], &ka, &kb)
	}
	for k, v := range b {
		if _, ok := a[k]; ok {
			continue
		}
		ka, kb := empty, sb[k]
		out[k], st[k] = mergeStats(Stats{}, v, &ka, &kb)
	}
	return out, st
}

func (o Outcomes) plus(p Outcomes) Outcomes {
	return Outcomes{o.Met + p.Met, o.Missed + p.Missed, o.Breached + p.Breached, o.AtRisk + p.AtRisk, o.Running + p.Running}
}

// describe is the canonical text of what a policy's evaluations depend on,
// for Merge to refuse summaries of different policies: the targets of
// every level, the at-risk fraction and the calendar's location and break
// (not its holidays). Alerts do not change a Summary.
func (p *Policy) describe() string {
	var b strings.Builder
	for _, l := range slices.Sorted(maps.Keys(p.Targets)) {
		ts := p.Targets[l]
		fmt.Fprintf(&b, "%v: response %v, resolution %v, feedback %v; ", l, ts.Response, ts.Resolution, ts.Feedback)
	}
	fmt.Fprintf(&b, "at risk %s; ", strconv.FormatFloat(p.atRisk(), 'g', -1, 64))
	if c := p.Calendar; c == nil {
		b.WriteString("no calendar")
	} else {
		fmt.Fprintf(&b, "calendar in %s, break %v–%v", c.loc, c.breakFrom, c.breakTo)
	}
	return b.String()
}

// firstDifference names the first part of two descriptions that differs.
func firstDifference(a, b string) string {
	pa, pb := strings.Split(a, "; "), strings.Split(b, "; ")
	for i := range min(len(pa), len(pb)) {
		if pa[i] != pb[i] {
			return fmt.Sprintf("%q and %q", pa[i], pb[i])
		}
	}
	return fmt.Sprintf("%q and %q", a, b)
}

func groupingName(g string) string {
	switch {
	case g == "":
		return "nothing (no GroupBy)"
	case strings.HasPrefix(g, "tag:"):
		return fmt.Sprintf("tag %q", g[len("tag:"):])
	}
	return "a GroupBy function"
}
