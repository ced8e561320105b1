package celext

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Cmp is exact whatever the exponents, and agrees with decimal.Cmp.
func TestCmpAgreesWithDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		a := decimal.New(rng.Int64N(2e6)-1e6, int32(rng.IntN(6000)-3000))
		b := decimal.New(rng.Int64N(2e6)-1e6, int32(rng.IntN(6000)-3000))
		if rng.IntN(4) == 0 {
			b = a.Shift(int32(rng.IntN(5) - 2))
		}
		if got, want := Cmp(a, b), a.Cmp(b); got != want {
			t.Fatalf("Cmp(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
	huge := decimal.New(1, 100_000_000)
	if Cmp(huge, decimal.New(5, 0)) != 1 || Cmp(huge.Neg(), decimal.New(5, 0)) != -1 || Cmp(decimal.New(1, -100_000_000), decimal.Zero) != 1 {
		t.Error("huge comparisons wrong")
	}
}

// Arithmetic refuses decimals beyond MaxDecimalDigits or MaxDecimalExponent.
func TestDecimalBounds(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	for expr, want := range map[string]string{
		"decimal('1e1000') > 0":                                "",
		"decimal('1e1001') > 0":                                "out of range",
		"decimal('1e999') + decimal('1e-999') > 0":             "out of range",
		"item.price * decimal('1e999') * decimal('1e999') > 0": "out of range",
		"div(decimal('1e999'), decimal('3'), 32) > 0":          "out of range",
		"decimal('" + strings.Repeat("9", 3000) + "') > 0":     "out of range",
	} {
		prg, err := env.Compile(expr, nil)
		if err == nil {
			_, err = prg.Eval(context.Background(), testVars(in))
		}
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: err = %v, want %q", expr, err, want)
		}
	}
}

// A result larger than the size bound is an error, found in bounded time.
func TestValueSizeBound(t *testing.T) {
	env := testEnv(t, WithMaxValueSize(100))
	prg, err := env.Compile("item.tags + item.tags", nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sampleInput()
	if _, err := prg.Eval(context.Background(), testVars(in)); err != nil {
		t.Fatal(err)
	}
	in.Item.Tags = make([]string, 60)
	if _, err := prg.Eval(context.Background(), testVars(in)); !errors.Is(err, ErrValueTooLarge) {
		t.Errorf("err = %v, want ErrValueTooLarge", err)
	}
}
