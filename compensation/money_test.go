package compensation

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Issue 17, item 4: money keeps the currency's minor digits in JSON.
func TestFormatMinorDigits(t *testing.T) {
	for _, c := range []struct {
		cur  Currency
		in   string
		want string
	}{
		{CNY, "359", "359.00"}, {CNY, "0", "0.00"}, {CNY, "-8", "-8.00"}, {CNY, "9.5", "9.50"},
		{Currency{}, "12", "12.00"}, {JPY, "1200", "1200"}, {JPY, "1200.00", "1200"},
		{CNY, "12.345", "12.345"}, // not a valid amount: printed exactly, never rounded
		{CNY, "10.500", "10.50"},
	} {
		if got := c.cur.Format(decimal.RequireFromString(c.in)); got != c.want {
			t.Errorf("%s.Format(%s) = %q, want %q", c.cur, c.in, got, c.want)
		}
	}
	if got := CNY.Format(decimal.New(1, 2_000_000_000)); len(got) > 60 {
		t.Errorf("huge exponent expanded: %d bytes", len(got))
	}
}

func TestPlanJSONMinorDigits(t *testing.T) {
	o := Order{Lines: []Line{{ID: "shirt", UnitPrice: decimal.RequireFromString("99"), Quantity: 3},
		{ID: "socks", UnitPrice: decimal.RequireFromString("359"), Quantity: 1}}}
	p, err := PlanRefund(o, nil, []Return{{LineID: "shirt", Quantity: 2}, {LineID: "socks", Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"price":"198.00"`, `"price":"359.00"`, `"discount":"0.00"`, `"freight":"0.00"`,
		`"total":"557.00"`, `"goods":"557.00"`, `"remaining":"99.00"`, `"kind":"goods"`, `"line_id":"shirt"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	var back Plan
	if err := json.Unmarshal(b, &back); err != nil || !back.Total.Equal(p.Total) || len(back.Lines) != 2 || !back.Lines[1].Amount.Equal(p.Lines[1].Amount) {
		t.Errorf("round trip: %+v %v", back, err)
	}
	if b, _ := json.Marshal(p.Lines[0]); !strings.Contains(string(b), `"amount":"198.00"`) {
		t.Errorf("line alone: %s", b)
	}

	ob, _ := json.Marshal(o)
	if !strings.Contains(string(ob), `"unit_price":"99.00"`) || !strings.Contains(string(ob), `"freight":"0.00"`) {
		t.Errorf("order: %s", ob)
	}
	jp, err := PlanRefund(Order{Currency: JPY, Lines: []Line{{ID: "a", UnitPrice: decimal.NewFromInt(1200), Quantity: 1}}}, nil, []Return{{"a", 1}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(jp); !strings.Contains(string(b), `"total":"1200"`) {
		t.Errorf("JPY: %s", b)
	}
}

func TestResultJSONMinorDigits(t *testing.T) {
	r := Result{Currency: CNY, Lines: []ResultLine{{Rule: "fraud", Amount: decimal.RequireFromString("500")}}, Total: decimal.RequireFromString("500")}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"amount":"500.00"`) || !strings.Contains(string(b), `"total":"500.00"`) {
		t.Errorf("%s", b)
	}
}

func TestInputJSONMinorDigits(t *testing.T) {
	in := Input{Reason: "fraud", Price: decimal.RequireFromString("129.9"), Quantity: 1}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"price":"129.90"`, `"loss":"0.00"`, `"reason":"fraud"`, `"quantity":1`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	if strings.Count(string(b), `"price"`) != 1 {
		t.Errorf("price twice: %s", b)
	}
	var back Input
	if err := json.Unmarshal(b, &back); err != nil || !back.Price.Equal(in.Price) {
		t.Errorf("round trip %+v %v", back, err)
	}
}
