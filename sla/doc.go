// Package sla computes complaint-handling deadlines on a business calendar
// and tells whether a complaint is on track.
//
// # Targets and policies
//
// Every complaint (a Ticket) runs three clocks, one per Metric: Response and
// Resolution from opening, Feedback from resolution. A Target limits each
// clock in one of three ways:
//
//   - Elapsed(d): wall-clock time, for 24×7 service;
//   - WorkingTime(d): only working hours count;
//   - WorkingDays(n): until closing time of the n-th working day after the
//     start's date.
//
// A Policy maps each complaint Level to its Targets. Default is the table of
// the complaint-handling manual: level 1 responds within 2 hours and plans a
// resolution within 24, … level 4 within 8 working hours and 5 working days;
// result feedback follows within 3 working days.
//
// Policy.Due gives a single deadline. Policy.Evaluate gives a Report at a
// given instant: per clock the deadline, the time remaining (negative once
// breached), the fraction used and a State (Running, Paused, AtRisk,
// Breached, Met, Missed), and the NextAlert time at which a service should
// look again. Time spent waiting on the customer (Ticket.Pauses) does not
// count. Policy.Summarize turns many tickets into on-time rates and
// handling-time percentiles.
//
// # Across replicas
//
// Summaries of disjoint ticket sets, computed at the same instant under the
// same policy, merge (Summary.Merge, MergeSummaries) into the summary of
// their union: counts and on-time rates exactly, handling-time percentiles
// from mergeable sketches within PercentileRelativeError (1/256) of the
// exact ones. Each Summary carries its MergeState, which encodes into a
// versioned, checksummed form (in its JSON and YAML as one string), so
// shards can ship their summaries to a collector.
//
// The package never reads the clock: "now" is always a parameter, so the
// same inputs give the same answers, in tests as in production.
//
// # Calendars
//
// A Calendar wraps any *cal.BusinessCalendar of github.com/rickar/cal/v2, so
// rickar's country packages work, and package sla/cn provides the PRC
// calendar with its make-up working days. The first question about a year
// compiles that year into a table of working intervals with prefix sums, so
// that AddWorkingTime, AddWorkingDays and WorkingTime are binary searches,
// not day-by-day loops: adding 40 working hours across the Spring Festival
// costs the same as adding one. Times outside the years a Calendar covers
// give ErrOutOfRange rather than a guess.
//
// A Calendar, and a Policy once built, are safe for concurrent use.
//
// # JSON
//
// Reports, clocks, tickets and targets read well in JSON and round-trip:
// levels as "L2", states as "at risk", targets as "8h working time", and
// durations (Clock.Remaining, Durations) as Go duration strings,
// "remaining": "-12h0m0s", which time.ParseDuration reads back. Durations
// take that form in the JSON of every aftersales package.
package sla
