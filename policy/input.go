package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Input is everything a decision looks at. Rules see its parts as the CEL
// variables request, order, item, customer and now, with snake_case field
// names (Order.ReceivedAt is order.received_at). Zero values mean "not known
// yet": has(order.received_at) is false until the order is signed for.
type Input struct {
	Request  Request  `json:"request,omitzero"`
	Order    Order    `json:"order,omitzero"`
	Item     Item     `json:"item,omitzero"`
	Customer Customer `json:"customer,omitzero"`
	// Now is the moment of the decision. It is always passed in: the package
	// never reads the clock.
	Now time.Time `json:"now,omitzero"`
}

// Request is what the customer asks for.
type Request struct {
	Kind Remedy `json:"kind,omitempty"` // return, exchange, repair or refund_only ("" not stated)
	// Reason is why: one of the Reason… constants, or "" (not stated).
	// Decide refuses any other value with an *InputError listing the valid
	// ones: a misspelt "qualty" must not be decided as a no-reason request.
	// Further detail belongs in attrs.
	Reason string `json:"reason,omitempty"`
	// At is when the customer made the request — gave notice. Time limits
	// such as the 7-day return are judged at this moment, not at the
	// decision (网络购买商品七日无理由退货暂行办法第十条): a request made on day 7
	// and handled on day 9 is in time. Zero means "now". It must not be
	// after Input.Now.
	At       time.Time `json:"at,omitzero"`
	Quantity int       `json:"quantity,omitempty"` // units asked about; 0 means all
}

// Order is the order the item belongs to.
type Order struct {
	ID         string          `json:"id,omitempty"`
	PaidAt     time.Time       `json:"paid_at,omitzero"`
	ShippedAt  time.Time       `json:"shipped_at,omitzero"`
	ReceivedAt time.Time       `json:"received_at,omitzero"` // signed for; the 7-day periods count from the next day
	Total      decimal.Decimal `json:"total,omitzero"`
	Freight    decimal.Decimal `json:"freight,omitzero"`
	Channel    string          `json:"channel,omitempty"`
	Attrs      map[string]any  `json:"attrs,omitempty"` // extension data: order.attrs.key in rules
}

// Item is the order line asked about.
type Item struct {
	SKU      string          `json:"sku,omitempty"`
	Category string          `json:"category,omitempty"`
	Price    decimal.Decimal `json:"price,omitzero"` // list price of one unit
	Paid     decimal.Decimal `json:"paid,omitzero"`  // what the customer actually paid for the line
	Quantity int             `json:"quantity,omitempty"`
	// Opened: the packaging was opened (for digital goods: unsealed). Opening
	// alone is no ground to refuse a no-reason return — opening to inspect,
	// or reasonable trial, is allowed (消费者权益保护法实施条例第十九条); the
	// statutory set sends an opened item whose Condition is unknown to review.
	Opened bool `json:"opened,omitempty"`
	// Condition is the state of the goods as the merchant found them, for the
	// no-reason return (网络购买商品七日无理由退货暂行办法第八条、第九条): "" not
	// known yet, ConditionInspected, ConditionDamaged or ConditionIncomplete.
	Condition  string `json:"condition,omitempty"`
	CustomMade bool   `json:"custom_made,omitempty"` // 定作
	Perishable bool   `json:"perishable,omitempty"`  // 鲜活易腐
	Digital    bool   `json:"digital,omitempty"`     // audio-video, software and other digital goods
	// Downloaded marks digital goods the consumer downloaded online: excluded
	// from the no-reason return whether or not anything was unsealed
	// (消费者权益保护法第二十五条第一款第（三）项: 在线下载 or 拆封).
	Downloaded bool `json:"downloaded,omitempty"`
	// NoReturnConfirmed records that the consumer, at purchase, expressly
	// confirmed for this item that it cannot be returned without reason
	// (消费者权益保护法第二十五条第二款; 网络购买商品七日无理由退货暂行办法第七条;
	// 消费者权益保护法实施条例第十九条): goods that once unsealed may affect
	// safety or health or change in quality, goods that lose much value once
	// activated or tried, goods near expiry or with disclosed flaws, marked
	// prominently by the merchant. Set it only from a confirmation the
	// consumer made: never from the category, and never from a pre-selected
	// "not returnable" default, which the law does not accept.
	NoReturnConfirmed bool `json:"no_return_confirmed,omitempty"`
	// Durable marks durable goods (耐用商品: motor vehicles, computers,
	// televisions, refrigerators, air conditioners, washing machines …) and
	// renovation services: for a defect found within 6 months of receipt the
	// merchant bears the burden of proof (消费者权益保护法第二十三条第三款).
	Durable      bool     `json:"durable,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	WarrantyDays int      `json:"warranty_days,omitempty"` // length of the repair warranty (三包有效期), in days
	// The repair history under the warranty (三包, 部分商品修理更换退货责任规定),
	// counted from receipt like WarrantyDays, which should already include
	// the days spent in repair (the warranty does not run while the goods
	// are being repaired).
	FailedRepairs int            `json:"failed_repairs,omitempty"` // repairs after which the goods still did not work normally
	RepairDays    int            `json:"repair_days,omitempty"`    // days since the goods were sent for a repair not yet done (自送修之日起)
	AwaitingParts bool           `json:"awaiting_parts,omitempty"` // that repair waits for parts the producer has not supplied
	Attrs         map[string]any `json:"attrs,omitempty"`
}

// The values of Item.Condition.
const (
	// ConditionInspected: opened only to inspect, or tried as far as needed
	// to check quality and function, without harming original quality,
	// function or appearance — still complete (完好).
	ConditionInspected = "inspected"
	// ConditionDamaged: the original quality, function or appearance is
	// harmed beyond inspection and reasonable trial (used, worn, washed,
	// scratched, activated).
	ConditionDamaged = "damaged"
	// ConditionIncomplete: the item, accessories, gifts, trademark labels or
	// other parts are missing.
	ConditionIncomplete = "incomplete"
)

// The values of Request.Reason. The first five are defects the merchant
// answers for; the last two, and "", ask without a defect.
const (
	ReasonQuality        = "quality"          // does not work, or not as it should (质量问题)
	ReasonNotAsDescribed = "not_as_described" // 描述不符
	ReasonDamaged        = "damaged"          // arrived damaged
	ReasonWrongItem      = "wrong_item"       // 错发漏发
	ReasonCounterfeit    = "counterfeit"      // 假冒伪劣
	ReasonNoReason       = "no_reason"        // 七日无理由
	ReasonChangedMind    = "changed_mind"
)

// Reasons lists the valid values of Request.Reason other than "".
func Reasons() []string {
	return []string{ReasonQuality, ReasonNotAsDescribed, ReasonDamaged, ReasonWrongItem,
		ReasonCounterfeit, ReasonNoReason, ReasonChangedMind}
}

// Remedies lists the valid values of Request.Kind and Decision.Remedy
// other than "".
func Remedies() []Remedy { return []Remedy{Return, Exchange, Repair, RefundOnly} }

// Customer is who asks.
type Customer struct {
	ID          string         `json:"id,omitempty"`
	CreditScore int            `json:"credit_score,omitempty"`
	Tier        string         `json:"tier,omitempty"`
	Tags        []string       `json:"tags,omitempty"`
	Attrs       map[string]any `json:"attrs,omitempty"`
}

// InputError is an Input that cannot be decided on, naming the field.
type InputError struct {
	Field string // CEL name, e.g. "request.at"
	Msg   string
}

func (e *InputError) Error() string { return "policy: input " + e.Field + ": " + e.Msg }

// oneOf lists the valid values of an enumeration for an error message:
// "a", "b" or "c".
func oneOf[S ~string](vals []S, orEmpty bool) string {
	var b strings.Builder
	for i, v := range vals {
		switch {
		case i == 0:
		case i == len(vals)-1 && !orEmpty:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", string(v))
	}
	if orEmpty {
		b.WriteString(" or empty")
	}
	return b.String()
}

// check rejects inputs that contradict themselves or name values no rule
// knows (a misspelt request kind, reason or item condition), so that a rule
// never decides on them: a typo is an error listing the valid values, not
// a silent deny. It is cheap: a few comparisons per decision.
func (in *Input) check() error {
	if !in.Request.Kind.valid() {
		return &InputError{Field: "request.kind", Msg: fmt.Sprintf("%q: want %s", in.Request.Kind, oneOf(Remedies(), true))}
	}
	switch in.Request.Reason {
	case "", ReasonQuality, ReasonNotAsDescribed, ReasonDamaged, ReasonWrongItem, ReasonCounterfeit, ReasonNoReason, ReasonChangedMind:
	default:
		return &InputError{Field: "request.reason", Msg: fmt.Sprintf("%q: want %s", in.Request.Reason, oneOf(Reasons(), true))}
	}
	if !in.Request.At.IsZero() && !in.Now.IsZero() && in.Request.At.After(in.Now) {
		return &InputError{Field: "request.at", Msg: fmt.Sprintf("the request (%s) is after now (%s)",
			in.Request.At.Format(time.RFC3339), in.Now.Format(time.RFC3339))}
	}
	switch in.Item.Condition {
	case "", ConditionInspected, ConditionDamaged, ConditionIncomplete:
	default:
		return &InputError{Field: "item.condition", Msg: fmt.Sprintf("%q: want %s",
			in.Item.Condition, oneOf([]string{ConditionInspected, ConditionDamaged, ConditionIncomplete}, true))}
	}
	for _, f := range [...]struct {
		name string
		n    int
	}{
		{"request.quantity", in.Request.Quantity},
		{"item.quantity", in.Item.Quantity}, {"item.warranty_days", in.Item.WarrantyDays},
		{"item.failed_repairs", in.Item.FailedRepairs}, {"item.repair_days", in.Item.RepairDays},
	} {
		if f.n < 0 {
			return &InputError{Field: f.name, Msg: fmt.Sprintf("%d is negative", f.n)}
		}
	}
	return checkAttrs(in)
}
