// Package policy decides after-sales requests — return, exchange, repair,
// refund — with rules written in CEL inside YAML, and says which rule and
// which law decided.
//
// A policy is a YAML document:
//
//	policy: merchant-returns          # id
//	description: …
//	timezone: Asia/Shanghai           # for calendar_days and effective dates
//	floor: false                      # true for a baseline others add to, like the statutory set (see Set)
//	effective: {from: 2026-01-01, until: 2026-12-31}   # optional, decided by Input.Now
//	variables:                        # named CEL expressions, computed at most once per decision
//	  days: calendar_days(order.received_at, now)
//	rules:                            # the first rule whose `when` is true decides
//	  - id: vip_return_30d
//	    when: "'vip' in customer.tags && days <= 30 && request.kind == 'return'"
//	    effect: allow                 # allow | deny | review
//	    remedy: return                # return | exchange | repair | refund_only
//	    message: "VIP: ${days} days since receipt, within 30"
//	    cite: 商家承诺
//	    outputs:                      # CEL expressions -> typed values in Decision.Outputs
//	      refund: item.paid
//	default: {effect: deny, message: 超出售后期限}
//
// Rules see the Input as the variables request, order, item, customer and
// now (snake_case fields: order.received_at, item.warranty_days), plus the
// policy's variables. Money fields are exact decimals (see internal/celext
// for the dialect: decimal('12.30'), div, round, min, max, clamp,
// calendar_days). A field not known yet is its zero value, and has() tells:
// has(order.received_at) is false until the order is signed for. Counting
// days from an unset time is an error naming the field
// ("calendar_days: order.received_at is not set"), so guard such a count:
//
//	when: has(order.received_at) && calendar_days(order.received_at, now) <= 7
//
// Compile type-checks every expression against this schema,
// so a typo such as item.prise is a load-time error with its file:line:col,
// and all problems are reported at once.
//
// Policies layer with NewSet, from the most general to the most specific:
// the statutory floor (package policy/cn), a platform policy and a merchant
// policy, combined by FirstApplicable, AllowOverrides (consumer-favourable:
// nobody can take statutory rights away, anybody can add generosity) or
// DenyOverrides:
//
//	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)
//
// When several policies allow, the one that grants what was asked for
// supplies remedy and outputs; among those, a policy that is not a floor
// (`floor: true`, as the statutory set is) beats a floor, and a later one
// an earlier. So the merchant's better terms reach the customer, and a
// merchant deny never takes a statutory allow away (see Set).
//
// A compiled Policy or Set is immutable and safe for concurrent use; each
// expression is parsed and planned once, so a decision costs a few hundred
// nanoseconds per rule tried. Untrusted policies are bounded by a CEL cost
// limit per expression and by the context passed to Decide.
package policy
