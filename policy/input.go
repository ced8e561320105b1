package policy

import (
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
	Kind     Remedy    `json:"kind,omitempty"`     // return, exchange, repair or refund_only
	Reason   string    `json:"reason,omitempty"`   // e.g. "quality", "no_reason", "not_as_described"
	At       time.Time `json:"at,omitzero"`        // when the request was made
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
	SKU          string          `json:"sku,omitempty"`
	Category     string          `json:"category,omitempty"`
	Price        decimal.Decimal `json:"price,omitzero"` // list price of one unit
	Paid         decimal.Decimal `json:"paid,omitzero"`  // what the customer actually paid for the line
	Quantity     int             `json:"quantity,omitempty"`
	Opened       bool            `json:"opened,omitempty"`      // packaging opened beyond what inspection needs
	CustomMade   bool            `json:"custom_made,omitempty"` // 定作
	Perishable   bool            `json:"perishable,omitempty"`  // 鲜活易腐
	Digital      bool            `json:"digital,omitempty"`     // audio-video, software and other digital goods
	Tags         []string        `json:"tags,omitempty"`
	WarrantyDays int             `json:"warranty_days,omitempty"` // length of the repair warranty (三包有效期), in days
	Attrs        map[string]any  `json:"attrs,omitempty"`
}

// Customer is who asks.
type Customer struct {
	ID          string         `json:"id,omitempty"`
	CreditScore int            `json:"credit_score,omitempty"`
	Tier        string         `json:"tier,omitempty"`
	Tags        []string       `json:"tags,omitempty"`
	Attrs       map[string]any `json:"attrs,omitempty"`
}
