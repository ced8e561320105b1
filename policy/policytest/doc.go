// Package policytest runs YAML test suites of policies, so that whoever
// writes a policy — a merchant, a platform, the maintainers of the statutory
// set — can pin down what it decides without writing Go.
//
// A suite file names the policy under test and lists cases:
//
//	policy: merchant-returns.yaml       # relative to this file, or "cn:statutory", "cn:platform"
//	# or layer several, general first:  policies: [cn:statutory, merchant-returns.yaml]
//	#                                   combine: allow-overrides   (the default; or deny-overrides, first-applicable)
//	now: 2026-03-05T12:00:00+08:00      # optional: the default `now` of every case
//	input:                              # optional: the base input of every case
//	  order: {received_at: 2026-03-01T10:00:00+08:00}
//	cases:
//	  - name: unopened phone on day 7
//	    now: 2026-03-08T23:59:00+08:00
//	    input: {request: {kind: return, reason: no_reason}, item: {price: "3999.00", paid: "3799.00"}}
//	    expect: {effect: allow, remedy: return, rule: no_reason_7d, outputs: {freight_payer: buyer}}
//
// Input keys are the CEL names the rules use (request.kind,
// order.received_at, item.warranty_days, customer.credit_score, the attrs
// maps). A case's input is laid over the suite's, key by key; null resets a
// field to "not known" (order: {received_at: null}). Money is read exactly
// from its text, quoted or not, and never passes through float64; times are
// RFC 3339 with an offset, since day counts depend on the zone. A key that is
// not a field is an error with its file and line, not a silently zero value.
// In attrs, whole numbers are ints, other numbers exact decimals.
//
// Only the expected fields given are compared: effect, remedy ("" for none),
// policy, rule, message, cite, error (a substring of a Decide error), and
// each listed output by value with the output's type, so "10" equals a
// decimal 10.00; an output written as null must not be set.
//
// Run(t, fsys, patterns...) runs the suites as subtests of a Go test, one
// per file and one per case. A failing case prints a table of expected
// against actual values, the whole decision and the trace of every rule
// tried, with the part of each `when` that was false — the policies are
// compiled with policy.WithTrace for that. Problems in a suite file fail the
// file's subtest with file:line:col. Load and Suite.Run do the same without
// a *testing.T, for a command-line runner.
package policytest
