// Package bench compares aftersales with the tools users would otherwise
// pick — OPA/Rego, expr-lang/expr, raw cel-go, rickar/cal alone and
// hand-written Go — on identical workloads. Every benchmark checks its answer
// against the expected one before timing, so a fast wrong answer fails the
// run instead of winning it.
//
// It is a separate module so that the library's own dependency list stays
// short; run it with ./run.sh (see README.md).
package bench
