package celext

import (
	"context"
	"testing"

	"cel.dev/cel-go/cel"
)

func benchProgram(b *testing.B, expr string) {
	env := testEnv(b)
	prg, err := env.Compile(expr, cel.BoolType)
	if err != nil {
		b.Fatal(err)
	}
	vars := testVars(sampleInput())
	ctx := context.Background()
	if ok, err := prg.Bool(ctx, vars); err != nil || !ok {
		b.Fatalf("got %v, %v; want true", ok, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prg.Bool(ctx, vars); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecimalRule(b *testing.B) {
	benchProgram(b, "item.price * decimal('0.05') > decimal('5')")
}

func BenchmarkDecimalRuleMixed(b *testing.B) {
	benchProgram(b, "item.price * decimal('0.05') > 5")
}

func BenchmarkCalendarDaysRule(b *testing.B) {
	benchProgram(b, "calendar_days(order.received_at, now) <= 7")
}

func BenchmarkCompile(b *testing.B) {
	env := testEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := env.Compile("item.price * decimal('0.05') > 5 && calendar_days(order.received_at, now) <= 7", cel.BoolType); err != nil {
			b.Fatal(err)
		}
	}
}
