package compensation

import (
	"fmt"
	"math/big"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/shopspring/decimal"
)

// Order is what a refund plan needs to know about an order.
type Order struct {
	// Currency of every amount in the order; the zero Currency means CNY.
	Currency Currency `json:"currency"`
	// Lines are the order's goods lines; ids must be unique and non-empty.
	Lines []Line `json:"lines,omitempty"`
	// Discount is the order-level reduction (满减, coupons, points) that the
	// customer did not pay. It is spread over the lines pro rata to their
	// amounts, so a returned unit refunds only what was actually paid for it.
	// It must not exceed the sum of the line amounts.
	Discount decimal.Decimal `json:"discount"`
	// Freight is the order's shipping fee. If FreeShippingFrom is positive
	// and the paid goods reach it, the customer paid no freight, and Freight
	// is what the merchant waived — and may deduct again if a return drops
	// the kept goods below the threshold.
	Freight decimal.Decimal `json:"freight"`
	// FreeShippingFrom is the free-shipping threshold on paid goods (after
	// Discount); zero means the order has none.
	FreeShippingFrom decimal.Decimal `json:"free_shipping_from"`
}

// Line is one goods line of an order.
type Line struct {
	ID        string          `json:"id"`         // unique within the order
	UnitPrice decimal.Decimal `json:"unit_price"` // list price of one unit, >= 0, in whole minor units
	Quantity  int             `json:"quantity"`   // units bought, > 0
}

// Return asks to return Quantity units of the order line LineID.
type Return struct {
	LineID   string `json:"line_id"`
	Quantity int    `json:"quantity"`
}

// RefundKind tells goods lines from the freight line of a Plan.
type RefundKind uint8

const (
	// RefundGoods: units of an order line, refunded at their paid share.
	RefundGoods RefundKind = iota
	// RefundFreightDeduction: shipping that was free is charged back, because
	// the goods kept after this return no longer reach FreeShippingFrom.
	// Its Amount is negative.
	RefundFreightDeduction
)

// String returns "goods" or "freight-deduction".
func (k RefundKind) String() string {
	switch k {
	case RefundGoods:
		return "goods"
	case RefundFreightDeduction:
		return "freight-deduction"
	}
	return fmt.Sprintf("RefundKind(%d)", uint8(k))
}

// MarshalText writes the kind as its String, so JSON plans read "goods".
func (k RefundKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads "goods" or "freight-deduction".
func (k *RefundKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "goods":
		*k = RefundGoods
	case "freight-deduction":
		*k = RefundFreightDeduction
	default:
		return fmt.Errorf("compensation: unknown refund kind %q", b)
	}
	return nil
}

// RefundLine is one line of a refund plan. For goods, Amount = Price −
// Discount; for the freight deduction, Amount is minus the deduction and
// LineID is empty.
type RefundLine struct {
	Kind     RefundKind      `json:"kind"`
	LineID   string          `json:"line_id"`  // order line id; empty for the freight line
	Quantity int             `json:"quantity"` // units returned by this plan; 0 for the freight line
	Price    decimal.Decimal `json:"price"`    // UnitPrice × Quantity
	Discount decimal.Decimal `json:"discount"` // these units' share of the order discount
	Amount   decimal.Decimal `json:"amount"`   // what this line adds to the refund
	Note     string          `json:"note"`     // why a freight line exists; empty for goods
}

// Plan is the refund for one return request. Lines sum exactly to Total.
type Plan struct {
	Currency  Currency        `json:"currency"`
	Lines     []RefundLine    `json:"lines,omitempty"` // goods lines in request order, then any freight line
	Goods     decimal.Decimal `json:"goods"`           // sum of the goods lines
	Freight   decimal.Decimal `json:"freight"`         // freight adjustment: zero, or negative for a deduction
	Total     decimal.Decimal `json:"total"`           // Goods + Freight; never negative
	Remaining decimal.Decimal `json:"remaining"`       // paid goods still not refunded after this plan
}

// PlanOption adjusts PlanRefund.
type PlanOption func(*planConfig)

type planConfig struct {
	noFreightDeduction bool
	err                error
}

// WithoutFreightDeduction turns off the free-shipping deduction, for
// merchants that do not charge it.
func WithoutFreightDeduction() PlanOption {
	return func(c *planConfig) { c.noFreightDeduction = true }
}

// ForDefect marks the return as one for a defect (quality, not as
// described, damaged, wrong item, counterfeit): the merchant bears the
// transport and other necessary costs (消费者权益保护法第二十四条第二款), so no
// waived freight is deducted.
func ForDefect() PlanOption {
	return func(c *planConfig) { c.noFreightDeduction = true }
}

// WithFreightPayer takes the freight payer of a policy decision (the
// statutory set's output freight_payer): "merchant" — a defect return, see
// ForDefect — deducts no freight; "buyer" or "" keeps the free-shipping
// deduction of a no-reason return. Any other value makes PlanRefund return
// an ErrUnknownValue error rather than guess.
func WithFreightPayer(payer string) PlanOption {
	return func(c *planConfig) {
		switch payer {
		case "merchant":
			c.noFreightDeduction = true
		case "buyer", "":
		default:
			c.err = fieldErr("WithFreightPayer", ErrUnknownValue, fmt.Sprintf("%q (want \"buyer\" or \"merchant\")", payer))
		}
	}
}

// PlanRefund computes the refund for the units in now, given the units
// already returned in prior.
//
// The order Discount is allocated to lines pro rata to UnitPrice × Quantity
// (largest remainder, see Allocate), and each line's share to its units the
// same way, earlier units first; a unit's paid share is its UnitPrice minus
// its discount share. Returns take a line's units in order — prior returns
// the first ones, now the next — so a unit is never refunded twice, and when
// all units of an order are returned, across any number of requests, the
// refunds sum exactly to the paid goods (line amounts − Discount): the last
// unit takes the remainder. Every goods refund is >= 0.
//
// Free shipping: if FreeShippingFrom is positive, the goods kept before this
// return reached it, and the goods kept after it are below it but not zero,
// the plan deducts Freight as a line of its own (RefundFreightDeduction), at
// most the goods refund so that Total is never negative. A full return is not
// charged freight: the customer keeps nothing that shipping was free for.
// A return for a defect is never charged freight (消费者权益保护法第二十四条
// 第二款): say so with ForDefect, or pass the decision's freight payer with
// WithFreightPayer. WithoutFreightDeduction disables the deduction too.
//
// Errors (*FieldError naming the field): missing lines, empty or duplicate
// line ids, quantities <= 0, negative amounts, amounts with more decimal
// places than the currency, a malformed currency, a Discount above the goods
// total, a return naming an unknown line, and returns adding up to more
// units than were bought.
func PlanRefund(o Order, prior []Return, now []Return, opts ...PlanOption) (Plan, error) {
	var cfg planConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.err != nil {
		return Plan{}, cfg.err
	}
	cur, err := o.Currency.resolve("order.Currency")
	if err != nil {
		return Plan{}, err
	}
	lines, err := prepareLines(o, cur)
	if err != nil {
		return Plan{}, err
	}
	freight, err := amount("order.Freight", o.Freight, cur, false)
	if err != nil {
		return Plan{}, err
	}
	if o.FreeShippingFrom.Sign() < 0 {
		return Plan{}, fieldErr("order.FreeShippingFrom", ErrNegative, show(o.FreeShippingFrom))
	}
	if err := checkRange("order.FreeShippingFrom", o.FreeShippingFrom); err != nil {
		return Plan{}, err
	}

	// Count prior returns per line, then the new ones, rejecting any line
	// whose returns exceed what was bought.
	returned := make([]int, len(lines.lines))
	if err := countReturns("prior", prior, lines, returned); err != nil {
		return Plan{}, err
	}
	before := append([]int(nil), returned...)
	if err := countReturns("now", now, lines, returned); err != nil {
		return Plan{}, err
	}

	plan := Plan{Currency: cur}
	goodsNow := new(big.Int)
	seen := make([]bool, len(lines.lines))
	for _, r := range now {
		i := lines.index[r.LineID]
		if seen[i] {
			continue // merged: the first request line carries the whole quantity
		}
		seen[i] = true
		l := &lines.lines[i]
		from, to := before[i], returned[i]
		price := new(big.Int).Mul(l.price, big.NewInt(int64(to-from)))
		disc := new(big.Int).Sub(l.cumDiscount(to), l.cumDiscount(from))
		paid := new(big.Int).Sub(price, disc)
		goodsNow.Add(goodsNow, paid)
		plan.Lines = append(plan.Lines, RefundLine{
			Kind:     RefundGoods,
			LineID:   r.LineID,
			Quantity: to - from,
			Price:    fromMinor(price, cur.Digits),
			Discount: fromMinor(disc, cur.Digits),
			Amount:   fromMinor(paid, cur.Digits),
		})
	}

	// Paid goods kept by the customer before and after this return.
	keptBefore := new(big.Int).Set(lines.paid)
	for i := range lines.lines {
		if before[i] > 0 {
			keptBefore.Sub(keptBefore, lines.lines[i].paidUnits(0, before[i]))
		}
	}
	keptAfter := new(big.Int).Sub(keptBefore, goodsNow)

	freightAdj := new(big.Int)
	if !cfg.noFreightDeduction && freight.Sign() > 0 && o.FreeShippingFrom.Sign() > 0 && keptAfter.Sign() > 0 {
		threshold := o.FreeShippingFrom
		kb, ka := fromMinor(keptBefore, cur.Digits), fromMinor(keptAfter, cur.Digits)
		if celext.Cmp(kb, threshold) >= 0 && celext.Cmp(ka, threshold) < 0 {
			ded := new(big.Int).Set(freight)
			note := fmt.Sprintf("goods kept %s fall below the free-shipping threshold %s: freight %s deducted",
				ka.StringFixed(cur.Digits), cur.Format(threshold), fromMinor(freight, cur.Digits).StringFixed(cur.Digits))
			if ded.Cmp(goodsNow) > 0 {
				ded.Set(goodsNow)
				note += fmt.Sprintf(", capped at the goods refund %s", fromMinor(goodsNow, cur.Digits).StringFixed(cur.Digits))
			}
			freightAdj.Neg(ded)
			plan.Lines = append(plan.Lines, RefundLine{
				Kind:     RefundFreightDeduction,
				Price:    decimal.New(0, -cur.Digits),
				Discount: decimal.New(0, -cur.Digits),
				Amount:   fromMinor(freightAdj, cur.Digits),
				Note:     note,
			})
		}
	}
	plan.Goods = fromMinor(goodsNow, cur.Digits)
	plan.Freight = fromMinor(freightAdj, cur.Digits)
	plan.Total = fromMinor(new(big.Int).Add(goodsNow, freightAdj), cur.Digits)
	plan.Remaining = fromMinor(keptAfter, cur.Digits)
	return plan, nil
}

// preparedLine is an order line in minor units with its discount share.
type preparedLine struct {
	price    *big.Int // unit price
	qty      int64
	discount *big.Int // the line's share of the order discount
	q, r     *big.Int // discount = q×qty + r: units [0, r) carry q+1, the rest q
}

// cumDiscount is the discount carried by the first m units of the line.
func (l *preparedLine) cumDiscount(m int) *big.Int {
	mm := big.NewInt(int64(m))
	d := new(big.Int).Mul(l.q, mm)
	if mm.Cmp(l.r) < 0 {
		return d.Add(d, mm)
	}
	return d.Add(d, l.r)
}

// paidUnits is what the customer paid for units [from, to) of the line.
func (l *preparedLine) paidUnits(from, to int) *big.Int {
	p := new(big.Int).Mul(l.price, big.NewInt(int64(to-from)))
	p.Sub(p, l.cumDiscount(to))
	return p.Add(p, l.cumDiscount(from))
}

type preparedOrder struct {
	lines []preparedLine
	index map[string]int
	paid  *big.Int // goods total − discount
}

func prepareLines(o Order, cur Currency) (*preparedOrder, error) {
	if len(o.Lines) == 0 {
		return nil, fieldErr("order.Lines", ErrEmpty, "")
	}
	p := &preparedOrder{
		lines: make([]preparedLine, len(o.Lines)),
		index: make(map[string]int, len(o.Lines)),
	}
	amounts := make([]*big.Int, len(o.Lines))
	goods := new(big.Int)
	for i, l := range o.Lines {
		// Field paths are built only on error: Sprintf per line was most of
		// PlanRefund's cost.
		field := func(name string) string { return fmt.Sprintf("order.Lines[%d].%s", i, name) }
		if l.ID == "" {
			return nil, fieldErr(field("ID"), ErrEmpty, "")
		}
		if j, dup := p.index[l.ID]; dup {
			return nil, fieldErr(field("ID"), ErrDuplicate, fmt.Sprintf("%q is also order.Lines[%d]", l.ID, j))
		}
		p.index[l.ID] = i
		if l.Quantity <= 0 {
			return nil, fieldErr(field("Quantity"), ErrNotPositive, fmt.Sprint(l.Quantity))
		}
		price, err := toMinor(l.UnitPrice, cur.Digits)
		if err != nil || l.UnitPrice.Sign() < 0 {
			_, err = amount(field("UnitPrice"), l.UnitPrice, cur, false)
			return nil, err
		}
		p.lines[i] = preparedLine{price: price, qty: int64(l.Quantity)}
		amounts[i] = new(big.Int).Mul(price, big.NewInt(int64(l.Quantity)))
		goods.Add(goods, amounts[i])
	}
	discount, err := amount("order.Discount", o.Discount, cur, false)
	if err != nil {
		return nil, err
	}
	if discount.Cmp(goods) > 0 {
		return nil, fieldErr("order.Discount", ErrExceeds, fmt.Sprintf("%s > goods total %s",
			fromMinor(discount, cur.Digits).StringFixed(cur.Digits), fromMinor(goods, cur.Digits).StringFixed(cur.Digits)))
	}
	p.paid = new(big.Int).Sub(goods, discount)

	// Lines with a zero amount (gifts) take no discount; Allocate's weights
	// must be positive, so split over the others only.
	var weights []*big.Int
	var at []int
	for i, a := range amounts {
		p.lines[i].discount = new(big.Int)
		if a.Sign() > 0 {
			weights = append(weights, a)
			at = append(at, i)
		}
	}
	if discount.Sign() > 0 {
		for k, share := range largestRemainder(discount, weights) {
			p.lines[at[k]].discount = share
		}
	}
	for i := range p.lines {
		l := &p.lines[i]
		l.q, l.r = new(big.Int).QuoRem(l.discount, big.NewInt(l.qty), new(big.Int))
	}
	return p, nil
}

// countReturns adds the quantities of rs to returned, validating each.
func countReturns(name string, rs []Return, o *preparedOrder, returned []int) error {
	for k, r := range rs {
		field := func(f string) string { return fmt.Sprintf("%s[%d].%s", name, k, f) }
		i, ok := o.index[r.LineID]
		if !ok {
			if r.LineID == "" {
				return fieldErr(field("LineID"), ErrEmpty, "")
			}
			return fieldErr(field("LineID"), ErrUnknownLine, fmt.Sprintf("%q", r.LineID))
		}
		if r.Quantity <= 0 {
			return fieldErr(field("Quantity"), ErrNotPositive, fmt.Sprint(r.Quantity))
		}
		bought := int(o.lines[i].qty)
		if r.Quantity > bought-returned[i] {
			return fieldErr(field("Quantity"), ErrOverReturn, fmt.Sprintf("line %q: %d bought, %d returned before, %d more requested",
				r.LineID, bought, returned[i], r.Quantity))
		}
		returned[i] += r.Quantity
	}
	return nil
}
