package compensation

import (
	"encoding/json"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/shopspring/decimal"
)

// Money in JSON and text: every amount the package writes out carries its
// currency's minor digits, "359.00" and "0.00" for CNY, "1200" for JPY, so
// that a reader never has to guess whether "359" lost its fen. decimal's
// own String drops trailing zeros; Format and the MarshalJSON methods below
// do not. Decoding accepts any plain decimal string or number, as before.

// Format writes d with the currency's minor digits ("359.00", "-8.00",
// "0.00" for CNY; "1200" for JPY). It never rounds: an amount with more
// places than the currency allows (which the package rejects as input)
// keeps them, so what is printed is always the exact value. The zero
// Currency formats as CNY.
func (c Currency) Format(d decimal.Decimal) string {
	e := int64(d.Exponent())
	if e > maxIntDigits || e < -maxIntDigits-int64(MaxDigits) {
		// Not a real amount; never expand a huge exponent.
		return show(d)
	}
	if r := c.Round(d); celext.Cmp(r, d) == 0 {
		return r.StringFixed(c.digits())
	}
	return d.String()
}

// The JSON forms of Order, Line, Plan, RefundLine, Result and ResultLine
// write their amounts with the currency's digits. Lines have no currency
// of their own: inside an Order, Plan or Result they use its currency;
// marshalled alone they use CNY's two digits. The field names and order are
// those of the struct tags.

type lineJSON struct {
	ID        string `json:"id"`
	UnitPrice string `json:"unit_price"`
	Quantity  int    `json:"quantity"`
}

type orderJSON struct {
	Currency         Currency   `json:"currency"`
	Lines            []lineJSON `json:"lines,omitempty"`
	Discount         string     `json:"discount"`
	Freight          string     `json:"freight"`
	FreeShippingFrom string     `json:"free_shipping_from"`
}

func (l Line) json(c Currency) lineJSON {
	return lineJSON{ID: l.ID, UnitPrice: c.Format(l.UnitPrice), Quantity: l.Quantity}
}

// MarshalJSON writes the line's unit price with two decimal places (CNY);
// inside an Order it uses the order's currency.
func (l Line) MarshalJSON() ([]byte, error) { return json.Marshal(l.json(Currency{})) }

// MarshalJSON writes the order with every amount in its currency's minor
// digits: "discount": "20.00".
func (o Order) MarshalJSON() ([]byte, error) {
	c := o.Currency
	v := orderJSON{Currency: o.Currency, Discount: c.Format(o.Discount), Freight: c.Format(o.Freight),
		FreeShippingFrom: c.Format(o.FreeShippingFrom)}
	if o.Lines != nil {
		v.Lines = make([]lineJSON, len(o.Lines))
		for i, l := range o.Lines {
			v.Lines[i] = l.json(c)
		}
	}
	return json.Marshal(v)
}

type refundLineJSON struct {
	Kind     RefundKind `json:"kind"`
	LineID   string     `json:"line_id"`
	Quantity int        `json:"quantity"`
	Price    string     `json:"price"`
	Discount string     `json:"discount"`
	Amount   string     `json:"amount"`
	Note     string     `json:"note"`
}

type planJSON struct {
	Currency  Currency         `json:"currency"`
	Lines     []refundLineJSON `json:"lines,omitempty"`
	Goods     string           `json:"goods"`
	Freight   string           `json:"freight"`
	Total     string           `json:"total"`
	Remaining string           `json:"remaining"`
}

func (l RefundLine) json(c Currency) refundLineJSON {
	return refundLineJSON{Kind: l.Kind, LineID: l.LineID, Quantity: l.Quantity,
		Price: c.Format(l.Price), Discount: c.Format(l.Discount), Amount: c.Format(l.Amount), Note: l.Note}
}

// MarshalJSON writes the line's amounts with two decimal places (CNY);
// inside a Plan they use the plan's currency.
func (l RefundLine) MarshalJSON() ([]byte, error) { return json.Marshal(l.json(Currency{})) }

// MarshalJSON writes the plan with every amount in its currency's minor
// digits: "price": "198.00", "freight": "0.00".
func (p Plan) MarshalJSON() ([]byte, error) {
	c := p.Currency
	v := planJSON{Currency: p.Currency, Goods: c.Format(p.Goods), Freight: c.Format(p.Freight),
		Total: c.Format(p.Total), Remaining: c.Format(p.Remaining)}
	if p.Lines != nil {
		v.Lines = make([]refundLineJSON, len(p.Lines))
		for i, l := range p.Lines {
			v.Lines[i] = l.json(c)
		}
	}
	return json.Marshal(v)
}

type resultLineJSON struct {
	Rule        string `json:"rule"`
	Description string `json:"description"`
	Cite        string `json:"cite"`
	Amount      string `json:"amount"`
	Capped      bool   `json:"capped"`
}

type resultJSON struct {
	Currency Currency         `json:"currency"`
	Lines    []resultLineJSON `json:"lines,omitempty"`
	Total    string           `json:"total"`
	Capped   bool             `json:"capped"`
}

func (l ResultLine) json(c Currency) resultLineJSON {
	return resultLineJSON{Rule: l.Rule, Description: l.Description, Cite: l.Cite, Amount: c.Format(l.Amount), Capped: l.Capped}
}

// MarshalJSON writes the line's amount with two decimal places (CNY);
// inside a Result it uses the result's currency.
func (l ResultLine) MarshalJSON() ([]byte, error) { return json.Marshal(l.json(Currency{})) }

// MarshalJSON writes the result with every amount in its currency's minor
// digits: "total": "1000.00".
func (r Result) MarshalJSON() ([]byte, error) {
	c := r.Currency
	v := resultJSON{Currency: r.Currency, Total: c.Format(r.Total), Capped: r.Capped}
	if r.Lines != nil {
		v.Lines = make([]resultLineJSON, len(r.Lines))
		for i, l := range r.Lines {
			v.Lines[i] = l.json(c)
		}
	}
	return json.Marshal(v)
}

// MarshalJSON writes the input with its amounts in the currency's minor
// digits (the zero Currency: CNY's).
func (in Input) MarshalJSON() ([]byte, error) {
	type plain Input // without the method
	c := in.Currency
	return json.Marshal(struct {
		plain
		Price       string `json:"price"`
		Loss        string `json:"loss"`
		OrderAmount string `json:"order_amount"`
	}{plain(in), c.Format(in.Price), c.Format(in.Loss), c.Format(in.OrderAmount)})
}
