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
	Request  Request
	Order    Order
	Item     Item
	Customer Customer
	// Now is the moment of the decision. It is always passed in: the package
	// never reads the clock.
	Now time.Time
}

// Request is what the customer asks for.
type Request struct {
	Kind     Remedy    // return, exchange, repair or refund_only
	Reason   string    // e.g. "quality", "no_reason", "not_as_described"
	At       time.Time // when the request was made
	Quantity int       // units asked about; 0 means all
}

// Order is the order the item belongs to.
type Order struct {
	ID         string
	PaidAt     time.Time
	ShippedAt  time.Time
	ReceivedAt time.Time // signed for; the 7-day periods count from the next day
	Total      decimal.Decimal
	Freight    decimal.Decimal
	Channel    string
	Attrs      map[string]any // extension data: order.attrs.key in rules
}

// Item is the order line asked about.
type Item struct {
	SKU          string
	Category     string
	Price        decimal.Decimal // list price of one unit
	Paid         decimal.Decimal // what the customer actually paid for the line
	Quantity     int
	Opened       bool // packaging opened beyond what inspection needs
	CustomMade   bool // 定作
	Perishable   bool // 鲜活易腐
	Digital      bool // audio-video, software and other digital goods
	Tags         []string
	WarrantyDays int // length of the repair warranty (三包有效期), in days
	Attrs        map[string]any
}

// Customer is who asks.
type Customer struct {
	ID          string
	CreditScore int
	Tier        string
	Tags        []string
	Attrs       map[string]any
}
