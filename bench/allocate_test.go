package bench

// Workload D: money. Splitting a ¥100.00 order discount over 10 order lines
// in proportion to their prices, to the fen, by largest remainder (earlier
// lines win ties), so that the parts sum exactly to the discount; and the
// fraud damages of 消费者权益保护法第五十五条, max(3 × price, 500).
//
// Peers: the same algorithm in int64 fen (the floor: what a service that
// keeps every amount in fen would write), and a straightforward
// shopspring/decimal version (QuoRem per line, then the remainders).

import (
	"math/big"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/compensation"
)

var (
	discount   = "100.00"
	linePrices = []string{"129.90", "59.00", "35.50", "12.80", "299.00", "9.90", "45.00", "88.80", "19.90", "66.60"}
)

// exactSplit is the reference, in exact rationals: floor of each quota, the
// leftover fen to the largest remainders, earlier lines first on ties.
func exactSplit(total int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	parts := make([]int64, len(weights))
	rems := make([]*big.Rat, len(weights))
	left := total
	for i, w := range weights {
		q := new(big.Rat).SetFrac64(total*w, sum)
		fl := new(big.Int).Quo(q.Num(), q.Denom())
		parts[i] = fl.Int64()
		rems[i] = new(big.Rat).Sub(q, new(big.Rat).SetInt(fl))
		left -= parts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order[:left] {
		parts[i]++
	}
	return parts
}

// allocateFen is the int64 floor: the same largest-remainder split in fen,
// into dst, without allocating (for up to 16 lines).
func allocateFen(dst []int64, total int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	var rbuf [16]int64
	rems := rbuf[:0]
	dst = dst[:0]
	left := total
	for _, w := range weights {
		// total*w fits: ¥100.00 × a ¥299.00 line is 3e6.
		q, r := total*w/sum, total*w%sum
		dst = append(dst, q)
		rems = append(rems, r)
		left -= q
	}
	for ; left > 0; left-- {
		best := 0
		for i, r := range rems {
			if r > rems[best] {
				best = i
			}
		}
		dst[best]++
		rems[best] = -1
	}
	return dst
}

// allocateDecimal is the naive decimal peer: each quota as a decimal
// division to the fen with its remainder, then the leftover fen.
func allocateDecimal(total decimal.Decimal, weights []decimal.Decimal) []decimal.Decimal {
	sum := decimal.Zero
	for _, w := range weights {
		sum = sum.Add(w)
	}
	parts := make([]decimal.Decimal, len(weights))
	rems := make([]decimal.Decimal, len(weights))
	left := total
	for i, w := range weights {
		q, r := total.Mul(w).QuoRem(sum, 2)
		parts[i], rems[i] = q, r
		left = left.Sub(q)
	}
	fen := decimal.New(1, -2)
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for _, i := range order {
		if !left.IsPositive() {
			break
		}
		parts[i] = parts[i].Add(fen)
		left = left.Sub(fen)
	}
	return parts
}

func moneyInputs(tb testing.TB) (total decimal.Decimal, weights []decimal.Decimal, totalFen int64, weightsFen []int64, want []int64) {
	total = decimal.RequireFromString(discount)
	totalFen = total.Shift(2).IntPart()
	for _, p := range linePrices {
		w := decimal.RequireFromString(p)
		weights = append(weights, w)
		weightsFen = append(weightsFen, w.Shift(2).IntPart())
	}
	want = exactSplit(totalFen, weightsFen)
	var sum int64
	for _, p := range want {
		sum += p
	}
	if sum != totalFen {
		tb.Fatalf("reference split %v sums to %d", want, sum)
	}
	return
}

func sameFen(got []decimal.Decimal, want []int64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !got[i].Equal(decimal.New(want[i], -2)) {
			return false
		}
	}
	return true
}

func BenchmarkAllocate(b *testing.B) {
	total, weights, totalFen, weightsFen, want := moneyInputs(b)
	b.Run("aftersales", func(b *testing.B) {
		got, err := compensation.Allocate(total, weights, 2)
		if err != nil || !sameFen(got, want) {
			b.Fatalf("Allocate = %v, %v; want %v fen", got, err, want)
		}
		b.ReportAllocs()
		for b.Loop() {
			got, _ = compensation.Allocate(total, weights, 2)
		}
		if !sameFen(got, want) {
			b.Fatal(got)
		}
	})
	b.Run("int64", func(b *testing.B) {
		dst := make([]int64, 0, len(weightsFen))
		if got := allocateFen(dst, totalFen, weightsFen); !slices.Equal(got, want) {
			b.Fatalf("allocateFen = %v, want %v", got, want)
		}
		b.ReportAllocs()
		for b.Loop() {
			dst = allocateFen(dst, totalFen, weightsFen)
		}
		if !slices.Equal(dst, want) {
			b.Fatal(dst)
		}
	})
	// The int64 split plus building the decimal.Decimal results: the least
	// a decimal-in, decimal-out Allocate can cost (each decimal holds a
	// *big.Int, so each part allocates).
	b.Run("int64_decimal_out", func(b *testing.B) {
		var dst []int64
		toDecimal := func() []decimal.Decimal {
			ws := make([]int64, len(weights))
			for i, w := range weights {
				ws[i] = w.Shift(2).IntPart()
			}
			dst = allocateFen(dst, total.Shift(2).IntPart(), ws)
			out := make([]decimal.Decimal, len(dst))
			for i, f := range dst {
				out[i] = decimal.New(f, -2)
			}
			return out
		}
		got := toDecimal()
		if !sameFen(got, want) {
			b.Fatalf("got %v, want %v fen", got, want)
		}
		b.ReportAllocs()
		for b.Loop() {
			got = toDecimal()
		}
		if !sameFen(got, want) {
			b.Fatal(got)
		}
	})
	b.Run("decimal_naive", func(b *testing.B) {
		got := allocateDecimal(total, weights)
		if !sameFen(got, want) {
			b.Fatalf("allocateDecimal = %v, want %v fen", got, want)
		}
		b.ReportAllocs()
		for b.Loop() {
			got = allocateDecimal(total, weights)
		}
		if !sameFen(got, want) {
			b.Fatal(got)
		}
	})
}

// BenchmarkFraudDamages: max(3 × ¥129.90, ¥500) = ¥500.00.
func BenchmarkFraudDamages(b *testing.B) {
	price := decimal.RequireFromString("129.90")
	want := decimal.RequireFromString("500.00")
	b.Run("aftersales", func(b *testing.B) {
		got := compensation.FraudDamages(price)
		if !got.Equal(want) {
			b.Fatalf("FraudDamages = %v", got)
		}
		b.ReportAllocs()
		for b.Loop() {
			got = compensation.FraudDamages(price)
		}
		if !got.Equal(want) {
			b.Fatal(got)
		}
	})
	b.Run("int64", func(b *testing.B) {
		fen := int64(12990)
		got := fraudFen(fen)
		if got != 50000 {
			b.Fatalf("fraudFen = %d", got)
		}
		b.ReportAllocs()
		for b.Loop() {
			got = fraudFen(fen)
		}
		if got != 50000 {
			b.Fatal(got)
		}
	})
	b.Run("decimal_naive", func(b *testing.B) {
		three, floor := decimal.NewFromInt(3), decimal.NewFromInt(500)
		got := decimal.Max(price.Mul(three), floor)
		if !got.Equal(want) {
			b.Fatal(got)
		}
		b.ReportAllocs()
		for b.Loop() {
			got = decimal.Max(price.Mul(three), floor)
		}
		if !got.Equal(want) {
			b.Fatal(got)
		}
	})
}

func fraudFen(price int64) int64 { return max(3*price, 50000) }

// TestAllocateAgreement: all three splits equal the exact reference.
func TestAllocateAgreement(t *testing.T) {
	total, weights, totalFen, weightsFen, want := moneyInputs(t)
	if got, err := compensation.Allocate(total, weights, 2); err != nil || !sameFen(got, want) {
		t.Errorf("Allocate = %v, %v; want %v fen", got, err, want)
	}
	if got := allocateFen(nil, totalFen, weightsFen); !slices.Equal(got, want) {
		t.Errorf("allocateFen = %v, want %v", got, want)
	}
	if got := allocateDecimal(total, weights); !sameFen(got, want) {
		t.Errorf("allocateDecimal = %v, want %v fen", got, want)
	}
	t.Logf("¥%s over %v = %v fen", discount, linePrices, want)
}
