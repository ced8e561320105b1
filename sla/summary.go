package sla

import (
	"math/bits"
	"slices"
	"time"
)

// A Summary is the handling quality of a set of tickets at one instant, the
// figures of the complaint manual's evaluation (§7.1, §8.3.1): how many
// complaints met their deadlines and how long handling took.
type Summary struct {
	Overall Stats
	ByLevel map[Level]Stats  // only levels with tickets
	Groups  map[string]Stats // by the GroupBy key; nil without GroupBy

	// Invalid lists the tickets left out because Evaluate rejected them
	// (resolved before opened, unknown level, outside the calendar…).
	Invalid []InvalidTicket

	// MergeState is what Merge needs to add another shard's summary to
	// this one (exact sums, handling-time sketches, and what the figures
	// were computed with). Summarize and Merge set it; it is nil on a
	// Summary built by hand, which does not merge.
	MergeState *MergeState `json:",omitempty"`
}

// An InvalidTicket is a ticket Summarize left out, and why.
type InvalidTicket struct {
	Index int    // position in the slice passed to Summarize
	ID    string // Ticket.ID
	Err   error
}

// Stats are the figures for one set of valid tickets.
type Stats struct {
	Tickets  int // valid tickets
	Open     int // not resolved at the time of evaluation
	Breached int // tickets with a clock breached (still open) or missed (stopped late)
	AtRisk   int // tickets with a clock at risk and none breached or missed

	// Outcomes of each clock. A clock not started yet (feedback before
	// resolution) or without a target is not counted.
	Response, Resolution, Feedback Outcomes

	// HandlingTime is opening to resolution of the resolved tickets, in
	// wall-clock time; HandlingWorkingTime the same in working time (empty
	// when the policy has no calendar). Pauses are not deducted: this is
	// the time the customer waited.
	HandlingTime, HandlingWorkingTime Durations
}

// Outcomes count the clocks of one metric by state.
type Outcomes struct {
	Met      int // stopped on time
	Missed   int // stopped late
	Breached int // running, past the deadline
	AtRisk   int // running, past the policy's at-risk fraction
	Running  int // running (or paused) within target
}

// Decided returns the number of clocks whose punctuality is known: met,
// missed, or breached while still running.
func (o Outcomes) Decided() int { return o.Met + o.Missed + o.Breached }

// OnTimeRate returns Met / Decided, the on-time rate (及时率) of the manual,
// or 0 when nothing is decided yet.
func (o Outcomes) OnTimeRate() float64 {
	if n := o.Decided(); n > 0 {
		return float64(o.Met) / float64(n)
	}
	return 0
}

func (o *Outcomes) add(s State) {
	switch s {
	case Met:
		o.Met++
	case Missed:
		o.Missed++
	case Breached:
		o.Breached++
	case AtRisk:
		o.AtRisk++
	case Running, Paused:
		o.Running++
	}
}

// Durations describe a set of durations. Percentiles use the nearest-rank
// method: the median of 1, 2, 3, 4 is 2. Summarize reports them exactly; in
// a Summary merged from shards (Summary.Merge) Median and P90 are estimates
// within PercentileRelativeError of the exact values, and N, Mean and Max
// stay exact.
type Durations struct {
	N                      int
	Mean, Median, P90, Max time.Duration
}

// A SummaryOption configures Summarize.
type SummaryOption func(*summaryConfig)

type summaryConfig struct {
	key      func(Ticket) string
	grouping string // MergeState.grouping
}

// GroupBy adds Summary.Groups, one Stats per distinct key(ticket), for
// instance per complaint code or per agent.
func GroupBy(key func(Ticket) string) SummaryOption {
	return func(c *summaryConfig) {
		c.key, c.grouping = key, "func"
		if key == nil {
			c.grouping = ""
		}
	}
}

// GroupByTag groups by the value of Ticket.Tags[name]; tickets without the
// tag form the group "".
func GroupByTag(name string) SummaryOption {
	return func(c *summaryConfig) {
		c.key = func(t Ticket) string { return t.Tags[name] }
		c.grouping = "tag:" + name
	}
}

// Summarize evaluates every ticket at now and adds up the results, overall,
// per level and per group. Tickets that Evaluate rejects are listed in
// Summary.Invalid and left out of every figure; they never stop the others.
//
// It also sets Summary.MergeState, so that the summaries of disjoint shards
// of tickets, taken at the same now, merge into that of all of them
// (Summary.Merge).
func (p *Policy) Summarize(tickets []Ticket, now time.Time, opts ...SummaryOption) Summary {
	var cfg summaryConfig
	for _, opt := range opts {
		opt(&cfg)
	}
	overall := tally{handling: make([]time.Duration, 0, len(tickets))}
	if p.Calendar != nil {
		overall.working = make([]time.Duration, 0, len(tickets))
	}
	levels := make(map[Level]*tally)
	var groups map[string]*tally
	if cfg.key != nil {
		groups = make(map[string]*tally)
	}
	var s Summary
	for i := range tickets {
		t := &tickets[i] // tickets are large; do not copy them
		r, err := p.evaluate(t, now, false)
		var handling, working time.Duration
		resolved := err == nil && !t.ResolvedAt.IsZero() && !t.ResolvedAt.After(now)
		if resolved {
			handling = t.ResolvedAt.Sub(t.Opened)
			if p.Calendar != nil {
				working, err = p.Calendar.WorkingTime(t.Opened, t.ResolvedAt)
			}
		}
		if err != nil {
			s.Invalid = append(s.Invalid, InvalidTicket{Index: i, ID: t.ID, Err: err})
			continue
		}
		add := func(tl *tally) {
			tl.add(&r, resolved, handling, working, p.Calendar != nil)
		}
		add(&overall)
		add(tallyFor(levels, t.Level))
		if groups != nil {
			add(tallyFor(groups, cfg.key(*t)))
		}
	}

	st := &MergeState{at: now, policy: p.describe(), grouping: cfg.grouping}
	var scratch []uint64
	s.Overall, st.overall = overall.stats(&scratch)
	s.ByLevel = make(map[Level]Stats, len(levels))
	st.levels = make(map[Level]statsState, len(levels))
	for l, tl := range levels {
		s.ByLevel[l], st.levels[l] = tl.stats(&scratch)
	}
	if groups != nil {
		s.Groups = make(map[string]Stats, len(groups))
		st.groups = make(map[string]statsState, len(groups))
		for k, tl := range groups {
			s.Groups[k], st.groups[k] = tl.stats(&scratch)
		}
	}
	s.MergeState = st
	return s
}

// A tally accumulates Stats, keeping the handling times for percentiles.
type tally struct {
	s                 Stats
	handling, working []time.Duration
}

func tallyFor[K comparable](m map[K]*tally, k K) *tally {
	tl := m[k]
	if tl == nil {
		tl = new(tally)
		m[k] = tl
	}
	return tl
}

func (tl *tally) add(r *Report, resolved bool, handling, working time.Duration, hasCalendar bool) {
	s := &tl.s
	s.Tickets++
	if !resolved {
		s.Open++
	}
	s.Response.add(r.Response.State)
	s.Resolution.add(r.Resolution.State)
	s.Feedback.add(r.Feedback.State)
	var breached, atRisk bool
	for _, st := range [...]State{r.Response.State, r.Resolution.State, r.Feedback.State} {
		breached = breached || st == Breached || st == Missed
		atRisk = atRisk || st == AtRisk
	}
	switch {
	case breached:
		s.Breached++
	case atRisk:
		s.AtRisk++
	}
	if resolved {
		tl.handling = append(tl.handling, handling)
		if hasCalendar {
			tl.working = append(tl.working, working)
		}
	}
}

// stats returns the figures and their mergeable state; scratch is reused
// between calls.
func (tl *tally) stats(scratch *[]uint64) (Stats, statsState) {
	s := tl.s
	var st statsState
	s.HandlingTime, st.handling = describeMergeable(tl.handling, scratch)
	s.HandlingWorkingTime, st.working = describeMergeable(tl.working, scratch)
	return s, st
}

// describeMergeable returns describe(ds) and its mergeable state: the
// sketch (taken before describe reorders ds, which does not change it) and
// the exact sum.
func describeMergeable(ds []time.Duration, scratch *[]uint64) (Durations, durationsState) {
	st := durationsState{sk: sketchOf(ds, scratch)}
	for _, d := range ds {
		st.sum.add(d)
	}
	return describeSum(ds, st.sum), st
}

// describe returns the statistics of ds, reordering it.
func describe(ds []time.Duration) Durations {
	var sum sum128
	for _, d := range ds {
		sum.add(d)
	}
	return describeSum(ds, sum)
}

// describeSum is describe with the sum of ds given. The sum is exact (in
// 128 bits: 100,000 durations of a month would overflow int64
// nanoseconds), so the Mean of a merged Summary is the same.
func describeSum(ds []time.Duration, sum sum128) Durations {
	n := len(ds)
	if n == 0 {
		return Durations{}
	}
	// Nearest rank: the p-th percentile is the ⌈p·n/100⌉-th smallest.
	// Selecting them is linear where sorting is not, which matters for the
	// 100,000-ticket summaries of a busy platform.
	med := (50*n+99)/100 - 1
	p90 := (90*n+99)/100 - 1
	selectNth(ds, med)
	selectNth(ds[med:], p90-med) // everything from med on is >= ds[med]
	return Durations{
		N:      n,
		Mean:   sum.mean(uint64(n)),
		Median: ds[med],
		P90:    ds[p90],
		Max:    slices.Max(ds[p90:]),
	}
}

// selectNth reorders ds so that ds[k] is the element a sort would put there,
// with nothing greater before it and nothing smaller after it (quickselect).
// Should the pivots keep being poor, it sorts what is left, so the cost
// stays O(n log n) at worst.
func selectNth(ds []time.Duration, k int) {
	lo, hi := 0, len(ds) // k is within ds[lo:hi]
	for budget := 2 * bits.Len(uint(len(ds))); hi-lo > 16; budget-- {
		if budget == 0 {
			slices.Sort(ds[lo:hi])
			return
		}
		// Median of three as pivot, then a three-way partition:
		// [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot.
		a, b, c := ds[lo], ds[lo+(hi-lo)/2], ds[hi-1]
		pivot := max(min(a, b), min(max(a, b), c))
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch {
			case ds[i] < pivot:
				ds[lt], ds[i] = ds[i], ds[lt]
				lt++
				i++
			case ds[i] > pivot:
				gt--
				ds[gt], ds[i] = ds[i], ds[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return // ds[k] == pivot, in place
		}
	}
	slices.Sort(ds[lo:hi])
}
