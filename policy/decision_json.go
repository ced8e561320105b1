package policy

import (
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
)

// moneyPlaces is the minor digits of the yuan: the policy package's inputs
// carry no currency, and its amounts (item.paid, order.total, …) are CNY.
const moneyPlaces = 2

// MarshalJSON writes the decision with readable outputs: a decimal output
// keeps the yuan's two decimal places ("refund": "359.00", never "359";
// a value with more places keeps them all, "0.125"), and a duration output
// is a Go duration string ("72h0m0s"), as everywhere in aftersales' JSON.
// Other values are written as encoding/json writes them.
func (d Decision) MarshalJSON() ([]byte, error) {
	type plain Decision // without the method
	p := plain(d)
	if d.Outputs != nil {
		p.Outputs = make(map[string]any, len(d.Outputs))
		for k, v := range d.Outputs {
			p.Outputs[k] = jsonOutput(v, 0)
		}
	}
	return json.Marshal(p)
}

func jsonOutput(v any, depth int) any {
	if depth > maxOutputDepth {
		return v
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return formatDecimal(x)
	case time.Duration:
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonOutput(e, depth+1)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonOutput(e, depth+1)
		}
		return out
	}
	return v
}

// formatDecimal writes d with at least two decimal places and never rounds.
func formatDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e > 40 || e < -60 {
		return d.String() // not an amount; never expand a huge exponent
	}
	if d.Exponent() >= -moneyPlaces || d.Round(moneyPlaces).Equal(d) {
		return d.StringFixed(moneyPlaces)
	}
	return d.String()
}
