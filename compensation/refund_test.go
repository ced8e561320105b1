package compensation

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func sampleOrder() Order {
	return Order{
		Currency: CNY,
		Lines: []Line{
			{ID: "shirt", UnitPrice: d("59.90"), Quantity: 3},
			{ID: "socks", UnitPrice: d("9.90"), Quantity: 5},
			{ID: "gift", UnitPrice: d("0"), Quantity: 1},
		},
		Discount:         d("20.00"),
		Freight:          d("8.00"),
		FreeShippingFrom: d("99.00"),
	}
}

func planString(p Plan) string {
	var b strings.Builder
	for _, l := range p.Lines {
		fmt.Fprintf(&b, "%s %s×%d %s-%s=%s; ", l.Kind, l.LineID, l.Quantity, l.Price.StringFixed(2), l.Discount.StringFixed(2), l.Amount.StringFixed(2))
	}
	fmt.Fprintf(&b, "goods %s freight %s total %s remaining %s", p.Goods.StringFixed(2), p.Freight.StringFixed(2), p.Total.StringFixed(2), p.Remaining.StringFixed(2))
	return b.String()
}

func TestPlanRefund(t *testing.T) {
	// Goods: 179.70 + 49.50 = 229.20, paid 209.20. The 20.00 discount splits
	// 15.6806… / 4.3193… → floors 15.68 and 4.31, and the spare fen goes to
	// the larger remainder: shirt 15.68, socks 4.32. Per unit, earlier units
	// first: shirts 5.23, 5.23, 5.22; socks 0.87, 0.87, 0.86, 0.86, 0.86.
	tests := []struct {
		name       string
		prior, now []Return
		opts       []PlanOption
		want       string
	}{
		{"one shirt", nil, []Return{{"shirt", 1}}, nil,
			"goods shirt×1 59.90-5.23=54.67; goods 54.67 freight 0.00 total 54.67 remaining 154.53"},
		{"last shirt takes the remainder", []Return{{"shirt", 2}}, []Return{{"shirt", 1}}, []PlanOption{WithoutFreightDeduction()},
			"goods shirt×1 59.90-5.22=54.68; goods 54.68 freight 0.00 total 54.68 remaining 45.18"},
		{"merged request lines", nil, []Return{{"socks", 2}, {"shirt", 1}, {"socks", 1}}, nil,
			"goods socks×3 29.70-2.60=27.10; goods shirt×1 59.90-5.23=54.67; goods 81.77 freight 0.00 total 81.77 remaining 127.43"},
		{"kept goods stay above free shipping", []Return{{"shirt", 1}}, []Return{{"shirt", 1}}, nil,
			"goods shirt×1 59.90-5.23=54.67; goods 54.67 freight 0.00 total 54.67 remaining 99.86"},
		{"crossing the threshold deducts freight", []Return{{"shirt", 2}}, []Return{{"socks", 1}}, nil,
			"goods socks×1 9.90-0.87=9.03; freight-deduction ×0 0.00-0.00=-8.00; goods 9.03 freight -8.00 total 1.03 remaining 90.83"},
		{"deduction disabled", []Return{{"shirt", 2}}, []Return{{"socks", 1}}, []PlanOption{WithoutFreightDeduction()},
			"goods socks×1 9.90-0.87=9.03; goods 9.03 freight 0.00 total 9.03 remaining 90.83"},
		{"already below: no second deduction", []Return{{"shirt", 2}, {"socks", 1}}, []Return{{"socks", 1}}, nil,
			"goods socks×1 9.90-0.87=9.03; goods 9.03 freight 0.00 total 9.03 remaining 81.80"},
		{"full return is not charged freight", nil, []Return{{"shirt", 3}, {"socks", 5}, {"gift", 1}}, nil,
			"goods shirt×3 179.70-15.68=164.02; goods socks×5 49.50-4.32=45.18; goods gift×1 0.00-0.00=0.00; goods 209.20 freight 0.00 total 209.20 remaining 0.00"},
		{"empty request", nil, nil, nil, "goods 0.00 freight 0.00 total 0.00 remaining 209.20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PlanRefund(sampleOrder(), tt.prior, tt.now, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := planString(p); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPlanRefundFreightCap(t *testing.T) {
	o := Order{
		Lines:            []Line{{ID: "a", UnitPrice: d("95.00"), Quantity: 1}, {ID: "b", UnitPrice: d("5.00"), Quantity: 1}},
		Freight:          d("10.00"),
		FreeShippingFrom: d("99"),
	}
	p, err := PlanRefund(o, nil, []Return{{"b", 1}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total.Sign() != 0 || !p.Freight.Equal(d("-5")) || len(p.Lines) != 2 || p.Lines[1].Note == "" {
		t.Errorf("plan %s, note %q", planString(p), p.Lines[len(p.Lines)-1].Note)
	}
	if p.Currency != CNY {
		t.Errorf("zero currency resolved to %v", p.Currency)
	}
}

func TestPlanRefundJPY(t *testing.T) {
	o := Order{Currency: JPY, Lines: []Line{{ID: "a", UnitPrice: d("1000"), Quantity: 3}}, Discount: d("100")}
	var got []string
	var prior []Return
	for range 3 {
		p, err := PlanRefund(o, prior, []Return{{"a", 1}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Total.String())
		prior = append(prior, Return{"a", 1})
	}
	if strings.Join(got, " ") != "966 967 967" {
		t.Errorf("JPY unit refunds %v", got)
	}
}

func TestPlanRefundErrors(t *testing.T) {
	base := sampleOrder
	tests := []struct {
		name       string
		order      func() Order
		prior, now []Return
		field      string
		err        error
	}{
		{"no lines", func() Order { return Order{} }, nil, nil, "order.Lines", ErrEmpty},
		{"negative price", func() Order { o := base(); o.Lines[1].UnitPrice = d("-1"); return o }, nil, nil, "order.Lines[1].UnitPrice", ErrNegative},
		{"sub-fen price", func() Order { o := base(); o.Lines[0].UnitPrice = d("1.005"); return o }, nil, nil, "order.Lines[0].UnitPrice", ErrPrecision},
		{"zero quantity", func() Order { o := base(); o.Lines[2].Quantity = 0; return o }, nil, nil, "order.Lines[2].Quantity", ErrNotPositive},
		{"negative quantity", func() Order { o := base(); o.Lines[0].Quantity = -2; return o }, nil, nil, "order.Lines[0].Quantity", ErrNotPositive},
		{"empty id", func() Order { o := base(); o.Lines[1].ID = ""; return o }, nil, nil, "order.Lines[1].ID", ErrEmpty},
		{"duplicate id", func() Order { o := base(); o.Lines[2].ID = "shirt"; return o }, nil, nil, "order.Lines[2].ID", ErrDuplicate},
		{"negative discount", func() Order { o := base(); o.Discount = d("-1"); return o }, nil, nil, "order.Discount", ErrNegative},
		{"discount above goods", func() Order { o := base(); o.Discount = d("229.21"); return o }, nil, nil, "order.Discount", ErrExceeds},
		{"negative freight", func() Order { o := base(); o.Freight = d("-8"); return o }, nil, nil, "order.Freight", ErrNegative},
		{"negative threshold", func() Order { o := base(); o.FreeShippingFrom = d("-8"); return o }, nil, nil, "order.FreeShippingFrom", ErrNegative},
		{"bad currency", func() Order { o := base(); o.Currency = Currency{Code: "CNY", Digits: 3}; return o }, nil, nil, "order.Currency.Digits", ErrCurrency},
		{"JPY with fractional price", func() Order { o := base(); o.Currency = JPY; return o }, nil, nil, "order.Lines[0].UnitPrice", ErrPrecision},
		{"unknown line", base, nil, []Return{{"hat", 1}}, "now[0].LineID", ErrUnknownLine},
		{"unknown prior line", base, []Return{{"shirt", 1}, {"hat", 1}}, nil, "prior[1].LineID", ErrUnknownLine},
		{"empty line id", base, nil, []Return{{"", 1}}, "now[0].LineID", ErrEmpty},
		{"zero return", base, nil, []Return{{"shirt", 0}}, "now[0].Quantity", ErrNotPositive},
		{"negative return", base, nil, []Return{{"shirt", -1}}, "now[0].Quantity", ErrNotPositive},
		{"more than bought", base, nil, []Return{{"shirt", 4}}, "now[0].Quantity", ErrOverReturn},
		{"more than bought over time", base, []Return{{"shirt", 2}}, []Return{{"shirt", 2}}, "now[0].Quantity", ErrOverReturn},
		{"more than bought within a request", base, nil, []Return{{"shirt", 2}, {"shirt", 2}}, "now[1].Quantity", ErrOverReturn},
		{"prior already too many", base, []Return{{"gift", 1}, {"gift", 1}}, nil, "prior[1].Quantity", ErrOverReturn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PlanRefund(tt.order(), tt.prior, tt.now)
			if err == nil {
				t.Fatalf("want error, got %s", planString(p))
			}
			var fe *FieldError
			if !errors.Is(err, tt.err) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("error %q: want field %q and %q", err, tt.field, tt.err)
			}
		})
	}
}

// randomOrder builds an order with 1–8 lines (some free gifts), quantities
// 1–12 and a discount anywhere from zero to the whole goods amount.
func randomOrder(r *rand.Rand, cur Currency) Order {
	o := Order{Currency: cur}
	goods := decimal.Zero
	for i := range 1 + r.IntN(8) {
		price := decimal.New(r.Int64N(100_000), -cur.Digits)
		if r.IntN(10) == 0 {
			price = decimal.Zero
		}
		q := 1 + r.IntN(12)
		o.Lines = append(o.Lines, Line{ID: fmt.Sprintf("L%d", i), UnitPrice: price, Quantity: q})
		goods = goods.Add(price.Mul(decimal.NewFromInt(int64(q))))
	}
	units, _ := toMinor(goods, cur.Digits)
	if units.Sign() > 0 {
		switch r.IntN(4) {
		case 0:
		case 1:
			o.Discount = goods // everything free
		default:
			o.Discount = decimal.New(r.Int64N(units.Int64()+1), -cur.Digits)
		}
	}
	if r.IntN(2) == 0 {
		o.Freight = decimal.New(r.Int64N(2000), -cur.Digits)
		o.FreeShippingFrom = decimal.New(r.Int64N(units.Int64()+1), -cur.Digits)
	}
	return o
}

func TestPlanRefundProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := range 2000 {
		cur := CNY
		if iter%4 == 3 {
			cur = JPY
		}
		o := randomOrder(r, cur)
		paid := o.Discount.Neg()
		left := map[string]int{}
		var ids []string
		for _, l := range o.Lines {
			paid = paid.Add(l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Quantity))))
			left[l.ID] = l.Quantity
			ids = append(ids, l.ID)
		}
		var prior []Return
		refunded := decimal.Zero
		deductions := 0
		for len(ids) > 0 {
			// A random request: one or more (possibly repeated) lines,
			// random quantities within what is left.
			var now []Return
			want := map[string]int{}
			for range 1 + r.IntN(3) {
				id := ids[r.IntN(len(ids))]
				if n := left[id] - want[id]; n > 0 {
					q := 1 + r.IntN(n)
					now = append(now, Return{id, q})
					want[id] += q
				}
			}
			p, err := PlanRefund(o, prior, now)
			if err != nil {
				t.Fatalf("order %+v prior %v now %v: %v", o, prior, now, err)
			}
			sum := decimal.Zero
			for _, l := range p.Lines {
				sum = sum.Add(l.Amount)
				if l.Kind == RefundGoods {
					if l.Amount.Sign() < 0 || !l.Amount.Equal(l.Price.Sub(l.Discount)) {
						t.Fatalf("bad goods line %+v", l)
					}
					if l.Quantity != want[l.LineID] {
						t.Fatalf("line %s quantity %d, want %d", l.LineID, l.Quantity, want[l.LineID])
					}
				} else {
					deductions++
				}
			}
			if !sum.Equal(p.Total) || !p.Total.Equal(p.Goods.Add(p.Freight)) || p.Total.Sign() < 0 || p.Freight.Sign() > 0 {
				t.Fatalf("inconsistent plan %s", planString(p))
			}
			refunded = refunded.Add(p.Goods)
			if !p.Remaining.Equal(paid.Sub(refunded)) {
				t.Fatalf("remaining %s, want %s", p.Remaining, paid.Sub(refunded))
			}
			prior = append(prior, now...)
			for id, q := range want {
				left[id] -= q
			}
			ids = ids[:0]
			for _, l := range o.Lines {
				if left[l.ID] > 0 {
					ids = append(ids, l.ID)
				}
			}
		}
		if !refunded.Equal(paid) {
			t.Fatalf("order %+v: refunds sum to %s, paid %s", o, refunded, paid)
		}
		if deductions > 1 {
			t.Fatalf("order %+v: freight deducted %d times", o, deductions)
		}
	}
}

// Plans and orders travel as JSON with snake_case names and exact amounts.
func TestPlanJSON(t *testing.T) {
	var o Order
	err := json.Unmarshal([]byte(`{"lines":[{"id":"a","unit_price":"10.00","quantity":3}],"discount":"1.00"}`), &o)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlanRefund(o, nil, []Return{{LineID: "a", Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind":"goods"`, `"line_id":"a"`, `"total":"9.66"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
}

// 消费者权益保护法第二十四条第二款: for a return for a defect the merchant bears
// the transport costs, so a return that crosses the free-shipping threshold
// deducts nothing — told by ForDefect or by the decision's freight payer.
func TestPlanRefundDefectNoFreightDeduction(t *testing.T) {
	prior, now := []Return{{"shirt", 2}}, []Return{{"socks", 1}}
	base, err := PlanRefund(sampleOrder(), prior, now)
	if err != nil {
		t.Fatal(err)
	}
	if !base.Freight.Equal(d("-8.00")) {
		t.Fatalf("no-reason return: freight %s, want -8.00", base.Freight)
	}
	for name, opt := range map[string]PlanOption{
		"ForDefect":                  ForDefect(),
		"WithFreightPayer(merchant)": WithFreightPayer("merchant"),
	} {
		p, err := PlanRefund(sampleOrder(), prior, now, opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !p.Freight.IsZero() || !p.Total.Equal(d("9.03")) || len(p.Lines) != 1 {
			t.Errorf("%s: %s, want the goods 9.03 and no freight line", name, planString(p))
		}
	}
	for _, payer := range []string{"buyer", ""} {
		p, err := PlanRefund(sampleOrder(), prior, now, WithFreightPayer(payer))
		if err != nil || !p.Freight.Equal(d("-8.00")) {
			t.Errorf("WithFreightPayer(%q): %s %v, want the deduction", payer, planString(p), err)
		}
	}
	_, err = PlanRefund(sampleOrder(), prior, now, WithFreightPayer("platform"))
	var fe *FieldError
	if !errors.Is(err, ErrUnknownValue) || !errors.As(err, &fe) || fe.Field != "WithFreightPayer" {
		t.Errorf("unknown payer: %v, want an ErrUnknownValue FieldError", err)
	}
}
