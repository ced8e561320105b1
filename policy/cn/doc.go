// Package cn holds the PRC statutory after-sales policy: the floor of rights
// that the law gives every online buyer in China, as a policy.Policy.
//
//   - 消费者权益保护法第二十四条 and 三包: a quality problem may be returned within
//     7 days of receipt. Goods with a warranty (Item.WarrantyDays: 三包 or an
//     agreed quality guarantee period) are then exchanged within 15 days and
//     repaired until the warranty ends. Goods without one are exchanged or
//     repaired as asked, with no 15-day cutoff, and a return after day 7 goes
//     to review (due where the contract may lawfully be terminated, else
//     exchange or repair), until two years after receipt (民法典第六百二十一条);
//     a refund_only request is answered the same way, never with a bare deny.
//     Under 三包, two failed repairs within the warranty give an exchange or a
//     return, and a repair over 30 days (90 waiting for parts) an exchange
//     (Item.FailedRepairs, RepairDays, AwaitingParts). The merchant pays the
//     freight. Every defect decision has the output burden_of_proof:
//     "merchant" for durable goods (Item.Durable) within 6 months of receipt
//     (消费者权益保护法第二十三条第三款), else "consumer".
//   - 消费者权益保护法第二十五条 and 网络购买商品七日无理由退货暂行办法: online purchases
//     may be returned without reason within 7 days of receipt (counted from the
//     day after signing, ending 24:00 on day 7), except custom-made and
//     perishable goods, digital goods downloaded online (Item.Downloaded) or
//     unsealed, delivered periodicals, and goods the consumer confirmed at
//     purchase as not returnable (Item.NoReturnConfirmed, 第二十五条第二款: an
//     explicit confirmation, never inferred from the category). Opening to
//     inspect or a reasonable trial is no ground to refuse (实施条例第十九条):
//     Item.Condition "inspected" is returnable, "damaged" or "incomplete" is
//     not (暂行办法第八条、第九条), and opened goods not yet inspected go to
//     review. The buyer pays the return freight; the merchant refunds within
//     7 days of receiving the goods back (第二十五条第三款: output
//     refund_within_days, and RefundDue for the instant).
//
// The statutory set holds law only. Platform practice that is not law —
// refund of unshipped orders, fast refund for customers with a credit score
// of at least 700 and at most ¥500 paid — is a separate policy, Platform,
// that a platform opts into by layering it over the floor.
//
// Request.Reason vocabulary: "quality", "not_as_described", "damaged",
// "wrong_item" and "counterfeit" are defects the merchant answers for (the
// quality rules, merchant pays freight); "no_reason", "changed_mind" and ""
// are no-reason requests. Decide refuses any other reason, as any other
// request kind, with a *policy.InputError listing the valid values.
//
// The 7 days are plain calendar days. 民法典第二百零三条 (a period whose last
// day is a statutory holiday ends on the next working day) is contested for
// them; StatutoryWith(WithHolidayExtension(cal.IsWorkday)) applies it on
// request. Every period is judged at the customer's notice (Request.At,
// 暂行办法第十条), not at the decision.
//
// Merchants layer their own policies on top with policy.NewSet and
// policy.AllowOverrides, statutory first and merchant last:
//
//	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)
//
// so their generosity adds to these rights and their strictness cannot
// remove them. The statutory set is a floor (`floor: true`): where it and a
// merchant rule both allow what was asked, the merchant's decision supplies
// remedy and outputs, in whichever order the two are layered (see policy.Set). The YAML is embedded (see Source) and is
// the best documentation of exactly what each rule checks.
package cn
