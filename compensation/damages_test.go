package compensation

import (
	"errors"
	"math"
	"testing"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/shopspring/decimal"
)

func TestFraudDamages(t *testing.T) {
	tests := []struct{ price, want string }{
		{"129.90", "500.00"}, // 389.70 < 500
		{"166.66", "500.00"},
		{"166.67", "500.01"},
		{"200.00", "600.00"},
		{"0", "500.00"},
		{"-10", "500.00"},
		{"1000.005", "3000.02"}, // 3000.015 half away from zero
		{"99999999.99", "299999999.97"},
	}
	for _, tt := range tests {
		got := FraudDamages(d(tt.price))
		if got.StringFixed(2) != tt.want || got.Exponent() != -2 {
			t.Errorf("FraudDamages(%s) = %s (exp %d), want %s", tt.price, got, got.Exponent(), tt.want)
		}
	}
}

func TestFoodSafetyDamages(t *testing.T) {
	tests := []struct{ price, loss, want string }{
		{"9.90", "0", "1000.00"},        // 99 < 1000
		{"150.00", "0", "1500.00"},      // ten times the price
		{"50.00", "2000.00", "6000.00"}, // three times the loss
		{"120.00", "400.00", "1200.00"},
		{"-1", "-1", "1000.00"},
		{"0.0005", "500", "1500.00"},
	}
	for _, tt := range tests {
		got := FoodSafetyDamages(d(tt.price), d(tt.loss))
		if got.StringFixed(2) != tt.want {
			t.Errorf("FoodSafetyDamages(%s, %s) = %s, want %s", tt.price, tt.loss, got, tt.want)
		}
	}
}

func TestLateShipping(t *testing.T) {
	tests := []struct{ amount, rate, min, max, want string }{
		{"200.00", "0.05", "5", "30", "10.00"},
		{"50.00", "0.05", "5", "30", "5.00"},    // 2.50 raised to the minimum
		{"1000.00", "0.05", "5", "30", "30.00"}, // 50 capped
		{"1000.00", "0.30", "5", "500", "300.00"},
		{"123.45", "0.05", "0", "30", "6.17"}, // 6.1725 → 6.17
		{"123.50", "0.05", "0", "30", "6.18"}, // 6.175 → 6.18, half away from zero
		{"-100", "0.05", "5", "30", "5.00"},   // negative amount counts as zero
		{"100", "-0.05", "5", "30", "5.00"},
		{"100", "0.05", "-5", "30", "5.00"},
		{"100", "0.05", "40", "30", "30.00"}, // min > max: the cap wins
		{"0", "0.05", "0", "30", "0.00"},
	}
	for _, tt := range tests {
		got := LateShipping(d(tt.amount), d(tt.rate), d(tt.min), d(tt.max))
		if got.StringFixed(2) != tt.want {
			t.Errorf("LateShipping(%s, %s, %s, %s) = %s, want %s", tt.amount, tt.rate, tt.min, tt.max, got, tt.want)
		}
	}
}

// TestDamagesExtremeExponents: no panic, no runaway memory, sensible answers.
func TestDamagesExtremeExponents(t *testing.T) {
	huge := decimal.New(1, math.MaxInt32)
	tiny := decimal.New(1, math.MinInt32)
	if got := FraudDamages(huge); celext.Cmp(got, decimal.New(500, 0)) <= 0 {
		t.Errorf("FraudDamages(huge) = %s", show(got))
	}
	if got := FraudDamages(tiny); got.StringFixed(2) != "500.00" {
		t.Errorf("FraudDamages(tiny) = %s", show(got))
	}
	if got := FoodSafetyDamages(tiny, huge); celext.Cmp(got, decimal.New(1000, 0)) <= 0 {
		t.Errorf("FoodSafetyDamages(tiny, huge) = %s", show(got))
	}
	if got := LateShipping(huge, huge, d("5"), d("30")); got.StringFixed(2) != "30.00" {
		t.Errorf("LateShipping(huge, huge) = %s", show(got))
	}
	if got := LateShipping(tiny, tiny, d("5"), d("30")); got.StringFixed(2) != "5.00" {
		t.Errorf("LateShipping(tiny, tiny) = %s", show(got))
	}
	if got := LateShipping(huge, tiny, d("0"), d("30")); got.StringFixed(2) != "0.10" { // 10^max × 10^min = 0.1
		t.Errorf("LateShipping(huge, tiny) = %s", show(got))
	}
}

// 消费者权益保护法第五十五条第二款: punitive damages up to twice the loss.
func TestHarmDamages(t *testing.T) {
	loss := decimal.RequireFromString("12345.67")
	if got := HarmDamagesCap(loss); !got.Equal(decimal.RequireFromString("24691.34")) || got.Exponent() != -2 {
		t.Errorf("cap = %s, want 24691.34", got)
	}
	if got := HarmDamagesCap(decimal.RequireFromString("-5")); !got.IsZero() {
		t.Errorf("cap of a negative loss = %s, want 0", got)
	}
	for _, tt := range []struct {
		multiple, want string
	}{{"2", "24691.34"}, {"1.5", "18518.51"}, {"0", "0.00"}, {"0.333", "4111.11"}} {
		got, err := HarmDamages(loss, decimal.RequireFromString(tt.multiple))
		if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("HarmDamages(%s, %s) = %s, %v; want %s", loss, tt.multiple, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		loss, multiple string
		want           error
	}{{"100", "2.01", ErrRange}, {"100", "-1", ErrRange}, {"-1", "1", ErrNegative}, {"1e100", "1", ErrRange}} {
		_, err := HarmDamages(decimal.RequireFromString(tt.loss), decimal.RequireFromString(tt.multiple))
		if !errors.Is(err, tt.want) {
			t.Errorf("HarmDamages(%s, %s): %v, want %v", tt.loss, tt.multiple, err, tt.want)
		}
	}
	// The built-in rule computes the cap.
	res, err := Statutory().Calculate(bg, Input{Reason: "serious_harm", Price: decimal.RequireFromString("99"), Loss: loss})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lines) != 1 || res.Lines[0].Rule != "serious_harm" || res.Lines[0].Cite != CiteHarm || !res.Total.Equal(HarmDamagesCap(loss)) {
		t.Errorf("serious_harm: %s", resultString(res))
	}
}

func TestHarmDamagesCapExtremes(t *testing.T) {
	for _, d := range []decimal.Decimal{decimal.New(1, -2147483000), decimal.New(9, 2147483000), decimal.New(5, -3)} {
		_ = HarmDamagesCap(d) // must not panic
	}
	if got := HarmDamagesCap(decimal.RequireFromString("0.0025")); !got.Equal(decimal.RequireFromString("0.01")) {
		t.Errorf("cap of 0.0025 = %s, want 0.01 (0.005 rounded half away from zero)", got)
	}
}
