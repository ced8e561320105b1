package compensation

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// benchAmounts are ten line amounts in fen; the workload splits a ¥100.00
// discount over them (PEERS.md workload D).
var benchAmounts = [...]int64{12990, 5990, 29900, 990, 4500, 8800, 15800, 2390, 69900, 1200}

func benchWeights() []decimal.Decimal {
	ws := make([]decimal.Decimal, len(benchAmounts))
	for i, a := range benchAmounts {
		ws[i] = decimal.New(a, -2)
	}
	return ws
}

func BenchmarkAllocate10(b *testing.B) {
	total, ws := decimal.New(10000, -2), benchWeights()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(total, ws, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocate10BigPath forces the big.Int path (weights beyond int64).
func BenchmarkAllocate10BigPath(b *testing.B) {
	total, ws := decimal.New(10000, -2), benchWeights()
	// A weight with 22 decimal places makes the scaled weights exceed 2^64.
	ws[0] = ws[0].Add(decimal.New(1, -22))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(total, ws, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// allocateFen is the hand-written floor: the same largest-remainder split in
// int64 fen, no decimals, no validation.
func allocateFen(total int64, weights []int64, out []int64) {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	var rems [16]int64
	left := total
	for i, w := range weights {
		out[i] = total * w / sum
		rems[i] = total * w % sum
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range weights {
			if rems[i] > rems[best] {
				best = i
			}
		}
		out[best]++
		rems[best] = -1
	}
}

func BenchmarkAllocate10FenFloor(b *testing.B) {
	ws := benchAmounts[:]
	var out [len(benchAmounts)]int64
	b.ReportAllocs()
	for b.Loop() {
		allocateFen(10000, ws, out[:])
	}
}

// allocateQuoRem is the peer: largest remainder with decimal.QuoRem, what a
// user of shopspring/decimal would write.
func allocateQuoRem(total decimal.Decimal, weights []decimal.Decimal) []decimal.Decimal {
	sum := decimal.Zero
	for _, w := range weights {
		sum = sum.Add(w)
	}
	out := make([]decimal.Decimal, len(weights))
	rems := make([]decimal.Decimal, len(weights))
	left := total
	for i, w := range weights {
		q, r := total.Mul(w).QuoRem(sum, 2)
		out[i], rems[i] = q, r
		left = left.Sub(q)
	}
	cent := decimal.New(1, -2)
	for left.IsPositive() {
		best := 0
		for i := range rems {
			if rems[i].GreaterThan(rems[best]) {
				best = i
			}
		}
		out[best] = out[best].Add(cent)
		rems[best] = decimal.New(-1, 0)
		left = left.Sub(cent)
	}
	return out
}

func BenchmarkAllocate10DecimalQuoRemPeer(b *testing.B) {
	total, ws := decimal.New(10000, -2), benchWeights()
	b.ReportAllocs()
	for b.Loop() {
		allocateQuoRem(total, ws)
	}
}

func TestBenchmarkBaselinesAgree(t *testing.T) {
	got, err := Allocate(decimal.New(10000, -2), benchWeights(), 2)
	if err != nil {
		t.Fatal(err)
	}
	var fen [len(benchAmounts)]int64
	allocateFen(10000, benchAmounts[:], fen[:])
	peer := allocateQuoRem(decimal.New(10000, -2), benchWeights())
	for i := range got {
		if !got[i].Equal(decimal.New(fen[i], -2)) || !got[i].Equal(peer[i]) {
			t.Fatalf("part %d: Allocate %s, fen %d, peer %s", i, got[i], fen[i], peer[i])
		}
	}
}

func benchOrder() Order {
	o := Order{Currency: CNY, Discount: decimal.New(10000, -2), Freight: decimal.New(800, -2), FreeShippingFrom: decimal.New(9900, -2)}
	for i, a := range benchAmounts {
		o.Lines = append(o.Lines, Line{ID: string(rune('a' + i)), UnitPrice: decimal.New(a, -2), Quantity: 1 + i%3})
	}
	return o
}

func BenchmarkPlanRefund10(b *testing.B) {
	o := benchOrder()
	prior := []Return{{"c", 1}}
	now := []Return{{"a", 1}, {"c", 1}, {"i", 1}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanRefund(o, prior, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCalculate3 runs the three-rule statutory set on a case where two
// rules apply (fraud, and late shipping from the timestamps).
func BenchmarkCalculate3(b *testing.B) {
	r := Statutory()
	paid := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	in := Input{Reason: "fraud", Price: decimal.New(29900, -2), PaidAt: paid, ShippedAt: paid.Add(80 * time.Hour)}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Calculate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompileStatutory(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if r := Statutory(); r.Err() != nil {
			b.Fatal(r.Err())
		}
	}
}
