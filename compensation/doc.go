// Package compensation answers "how much do we refund or compensate, to the
// fen, and how is it split across order lines?" — in exact decimals
// (github.com/shopspring/decimal), never float64.
//
// # Money
//
// A Currency knows its minor unit: CNY and USD have 2 decimal places, JPY 0.
// Results are whole minor units. Rounding is half away from zero (四舍五入)
// unless HalfEven (banker's rounding) is selected. Amounts that arrive as
// strings should go through Currency.Parse, which accepts only plain decimal
// notation and rejects NaN, infinities and exponents.
//
// # Splitting
//
// Allocate splits a total over weights with the largest-remainder method, so
// the parts always add up to the total: 10.00 over three equal weights is
// 3.34 + 3.33 + 3.33. PlanRefund builds on it: an order-level discount is
// spread over the lines pro rata to their amounts and then over each line's
// units, so a returned unit refunds exactly what was paid for it. Returns
// consume a line's units in order, so across any sequence of partial returns
// no unit is refunded twice and a full return refunds exactly the paid goods.
// A return that drops the kept goods below the free-shipping threshold gets
// the freight deducted on a line of its own.
//
// # Statutory compensation
//
// FraudDamages (消费者权益保护法第五十五条: max(3 × price, 500)),
// FoodSafetyDamages (食品安全法第一百四十八条: max(10 × price, 3 × loss, 1000)) and
// LateShipping (a platform rate with a minimum and a cap) are the formulas
// RULES.md lists.
//
// # Compensation rules
//
// Merchants write compensation rules in YAML with CEL formulas over exact
// decimals (the dialect of internal/celext, shared with policy): each rule
// has an id, a `when` condition, an `amount`, a citation and a description.
// Compile checks every expression against the Input variables and reports
// every problem with its line and column; Calculate applies the rules
// (first-match or sum), rounds each amount to the minor unit, applies the
// per-rule and total caps, and returns lines that each name their rule and
// citation and sum exactly to the total. Statutory is the built-in set for
// fraud, food safety and late shipping.
//
// # Errors
//
// Bad input never panics and never yields a silently wrong number: it gets a
// *FieldError naming the field ("order.Lines[2].UnitPrice",
// "now[0].LineID") that wraps a sentinel such as ErrNegative or
// ErrUnknownLine for errors.Is. Rule sources get RuleErrors (each a
// *RuleError with line:column), failing rules an *EvalError.
//
// In JSON (Order, Plan, Result, Input) every amount is a string with its
// currency's minor digits, "359.00" and "0.00" for CNY, as Currency.Format
// writes it; decoding takes any plain decimal string.
//
// Everything is a pure function of its arguments; there is no clock and no
// mutable package state, and every exported value is safe for concurrent use.
package compensation
