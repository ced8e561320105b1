// Package celext is the CEL dialect shared by policy and compensation: the
// environment in which eligibility rules and compensation formulas are
// compiled and evaluated.
//
// On top of standard CEL (cel-go) it adds:
//
//   - decimal, an exact decimal type backed by decimal.Decimal:
//     decimal('12.30'), + - * and comparisons, div(a, b, places) (division
//     always names its places), min and max (any number of arguments, or a
//     list), clamp(x, lo, hi), round(x, places) (half away from zero, 四舍五入),
//     round_even(x, places) (bankers'), string(x) (places preserved: "12.30").
//     decimal('0.1') + decimal('0.2') == decimal('0.3') is true.
//     Plain numbers mix freely: in `500 >= item.price` or `item.price == 129.9`
//     the checker reports where an int or double meets a decimal, Compile wraps
//     that number in decimal(…) and checks again, so the comparison is exact and
//     can never fail at run time. Calls to these functions with constant
//     arguments are computed once at compile time; decimal('abc') is a compile
//     error.
//   - calendar_days(from, to): whole days between the local dates of two
//     timestamps in the environment's time zone (default Asia/Shanghai), and
//     working_days(from, to) when a working calendar is attached. An unset
//     (zero) timestamp is an *UnsetTimeError naming the argument
//     ("calendar_days: order.received_at is not set"), never a count from
//     year 1; has(order.received_at) && … guards it.
//   - Go structs as inputs: WithVariable exposes a struct's exported fields
//     under snake_case names (or a `cel` tag), nested structs, slices and maps
//     included; decimal.Decimal fields are decimals and time.Time timestamps.
//     has(x.f) is false for a zero field, and a nil slice or map reads as empty.
//   - Safety: a cost limit per evaluation, a maximum expression length, and
//     context cancellation. Expressions whose worst-case cost is provably under
//     the limit (no loops over inputs) skip run-time cost tracking entirely.
//     No function reaches the network, the file system or the clock.
//
// Compile errors are *CompileError values listing every problem with its
// line and column within the expression; callers add the file position.
package celext
