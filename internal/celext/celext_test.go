package celext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
)

type testOrder struct {
	ID         string
	ReceivedAt time.Time
	Total      decimal.Decimal
	Lines      []testLine
	Attrs      map[string]any
}

type testLine struct {
	SKU      string
	Price    decimal.Decimal
	Quantity int
	Opened   bool
	Tags     []string
	Hidden   string `cel:"-"`
	Renamed  int    `cel:"qty2"`
}

type testInput struct {
	Order testOrder
	Item  testLine
	Now   time.Time
}

func testEnv(t testing.TB, opts ...Option) *Env {
	t.Helper()
	opts = append([]Option{
		WithVariable("order", testOrder{}),
		WithVariable("item", testLine{}),
		WithVariable("now", time.Time{}),
	}, opts...)
	env, err := NewEnv(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func testVars(in *testInput) interpreter.Activation {
	act, _ := interpreter.NewActivation(map[string]any{"order": &in.Order, "item": &in.Item, "now": in.Now})
	return act
}

func sampleInput() *testInput {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	return &testInput{
		Order: testOrder{
			ID:         "o-1",
			ReceivedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai),
			Total:      decimal.RequireFromString("129.90"),
			Attrs:      map[string]any{"channel": "app", "bonus": decimal.RequireFromString("2.50"), "n": 3},
		},
		Item: testLine{SKU: "sku-1", Price: decimal.RequireFromString("129.90"), Quantity: 2, Tags: []string{"gift", "fragile"}},
		Now:  time.Date(2026, 3, 8, 23, 59, 0, 0, shanghai),
	}
}

func eval(t *testing.T, env *Env, expr string, in *testInput) (string, error) {
	t.Helper()
	prg, err := env.Compile(expr, nil)
	if err != nil {
		return "", err
	}
	v, err := prg.Eval(context.Background(), testVars(in))
	if err != nil {
		return "", err
	}
	if d, ok := v.(Decimal); ok {
		return d.String(), nil
	}
	return fmt.Sprint(v.Value()), nil
}

func TestExpressions(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	tests := []struct {
		expr, want string
	}{
		// Exactness: no float detour.
		{"decimal('0.1') + decimal('0.2') == decimal('0.3')", "true"},
		{"string(decimal('0.1') + decimal('0.2'))", "0.3"},
		{"string(decimal('12.30'))", "12.30"},
		{"string(decimal('12.30') * 2)", "24.60"},
		{"string(decimal('10') - decimal('0.01'))", "9.99"},
		{"string(-decimal('1.50'))", "-1.50"},
		{"string(item.price * decimal('0.05'))", "6.4950"},
		// Mixed comparisons, decimal on either side.
		{"item.price > 100", "true"},
		{"item.price > 129.9", "false"},
		{"item.price >= 129.9", "true"},
		{"500 >= item.price", "true"},
		{"129.9 == item.price", "true"},
		{"item.price == 129.9", "true"},
		{"130u > item.price", "true"},
		{"decimal('1.50') == decimal('1.5')", "true"},
		{"decimal('1.50') != 1", "true"},
		{"string(3 * item.price)", "389.70"},
		{"string(1000 - item.price)", "870.10"},
		{"string(0.5 + decimal('0.25'))", "0.75"},
		// Functions.
		{"string(max(3 * item.price, 500))", "500"},
		{"string(max(10 * item.price, 3 * decimal('100'), 1000))", "1299.00"},
		{"string(min(item.price, 50, decimal('60')))", "50"},
		{"string(min([decimal('3'), decimal('1.5'), decimal('2')]))", "1.5"},
		{"string(max([decimal('3'), decimal('1.5')]))", "3"},
		{"string(clamp(item.price * decimal('0.05'), 5, 30))", "6.4950"},
		{"string(clamp(item.price * decimal('0.01'), 5, 30))", "5"},
		{"string(clamp(decimal('1000'), 5, 30))", "30"},
		{"string(round(decimal('2.345'), 2))", "2.35"},
		{"string(round(decimal('-2.345'), 2))", "-2.35"},
		{"string(round_even(decimal('2.345'), 2))", "2.34"},
		{"string(round_even(decimal('2.355'), 2))", "2.36"},
		{"string(div(decimal('10'), 3, 2))", "3.33"},
		{"string(div(decimal('20'), 3, 2))", "6.67"},
		{"string(div(-20, decimal('3'), 2))", "-6.67"},
		{"string(decimal(7))", "7"},
		{"string(decimal(0.1))", "0.1"},
		{"double(decimal('1.25')) == 1.25", "true"},
		// Dates: received 2026-03-01 10:00 Shanghai; 2026-03-08 23:59 is day 7.
		{"string(calendar_days(order.received_at, now))", "7"},
		{"calendar_days(order.received_at, now) <= 7", "true"},
		{"string(calendar_days(now, order.received_at))", "-7"},
		{"string(calendar_days(timestamp('2026-03-01T15:59:59Z'), timestamp('2026-03-01T16:00:00Z')))", "1"},
		{"string(calendar_days(timestamp('2026-03-01T16:30:00Z'), timestamp('2026-03-02T00:10:00+08:00')))", "0"},
		// Structs: snake_case, tags, nested lists, maps, has().
		{"item.sku", "sku-1"},
		{"string(item.quantity)", "2"},
		{"string(item.qty2)", "0"},
		{"'gift' in item.tags", "true"},
		{"string(size(item.tags))", "2"},
		{"order.attrs['channel']", "app"},
		{"string(decimal(order.attrs.bonus) + 1)", "3.50"},
		{"has(order.attrs.channel)", "true"},
		{"has(order.attrs.missing)", "false"},
		{"has(order.received_at)", "true"},
		{"has(item.opened)", "false"},
		{"string(size(order.lines))", "0"},
		{"order.?attrs.missing.orValue('none')", "none"},
	}
	for _, tt := range tests {
		got, err := eval(t, env, tt.expr, in)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

func TestCalendarDaysTimeZone(t *testing.T) {
	// 2026-03-01T16:30Z is already 2 March in Shanghai but still 1 March in UTC.
	from := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)
	to := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	if got := CalendarDays(from, to, shanghai); got != 1 {
		t.Errorf("Shanghai: got %d, want 1", got)
	}
	if got := CalendarDays(from, to, time.UTC); got != 0 {
		t.Errorf("UTC: got %d, want 0", got)
	}
	env := testEnv(t, WithTimeZone(time.UTC))
	got, err := eval(t, env, "string(calendar_days(timestamp('2026-03-01T15:00:00Z'), timestamp('2026-03-01T16:30:00Z')))", sampleInput())
	if err != nil || got != "0" {
		t.Errorf("UTC env: got %q, %v; want 0", got, err)
	}
	// Across years and leap days.
	if got := CalendarDays(time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.UTC); got != 367 {
		t.Errorf("leap span: got %d, want 367", got)
	}
}

func TestEvalErrors(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	for _, tt := range []struct{ expr, want string }{
		{"decimal(order.id) > 1", `invalid literal "o-1"`},
		{"div(item.price, 0, 2) > 1", "division by zero"},
		{"div(item.price, 3, -1) > 1", "places must be"},
		{"round(item.price, 99) > 1", "places must be"},
		{"min(item.tags.map(t, decimal('1')).filter(d, d > 5)) > decimal('1')", "empty list"},
		{"decimal(double(item.quantity)/0.0) > 1", "cannot use"},
	} {
		_, err := eval(t, env, tt.expr, in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.expr, err, tt.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	env := testEnv(t)
	for _, tt := range []struct {
		expr      string
		line, col int
		want      string
	}{
		{"item.prise > 1", 1, 5, "undefined field 'prise'"},
		{"item.price > 'x'", 1, 12, "no matching overload"},
		{"item.price / 2 > 1", 1, 12, "no matching overload"},
		{"item.sku == 'a' &&\n  nope", 2, 3, "undeclared reference to 'nope'"},
		{"item.sku == 1", 1, 10, "no matching overload for '_==_' applied to '(string, int)'"},
		{"item.hidden == ''", 1, 5, "undefined field 'hidden'"},
		{"(", 1, 2, "Syntax error"},
		{"working_days(order.received_at, now) > 1", 1, 13, "undeclared reference to 'working_days'"},
	} {
		_, err := env.Compile(tt.expr, nil)
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("%q: err = %v, want *CompileError", tt.expr, err)
			continue
		}
		is := ce.Issues[0]
		if is.Line != tt.line || is.Column != tt.col || !strings.Contains(is.Message, tt.want) {
			t.Errorf("%q: got %v, want %d:%d: …%s…", tt.expr, is, tt.line, tt.col, tt.want)
		}
	}
	// Constant arguments are folded at compile time, so bad literals are compile errors.
	for _, expr := range []string{"decimal('abc') > 1", "div(decimal('1'), 0, 2) > 1", "round(decimal('1'), 99) > 1"} {
		if _, err := env.Compile(expr, nil); err == nil {
			t.Errorf("%s: want a compile error", expr)
		}
	}
	// Output type checks.
	if _, err := env.Compile("item.price", cel.BoolType); err == nil || !strings.Contains(err.Error(), "want bool") {
		t.Errorf("want type error, got %v", err)
	}
	// Expression length limit.
	small := testEnv(t, WithMaxExpressionLength(10))
	if _, err := small.Compile("item.quantity > 1000000", nil); err == nil {
		t.Error("want an error for an over-long expression")
	}
}

func TestWorkingDays(t *testing.T) {
	var calls int
	env := testEnv(t, WithWorkingDays(func(from, to time.Time) (int, error) {
		calls++
		return 5, nil
	}))
	got, err := eval(t, env, "string(working_days(order.received_at, now))", sampleInput())
	if err != nil || got != "5" || calls != 1 {
		t.Errorf("got %q, %v after %d calls", got, err, calls)
	}
}

func TestCostLimitAndCancellation(t *testing.T) {
	env := testEnv(t, WithCostLimit(1000))
	in := sampleInput()
	in.Item.Tags = make([]string, 10_000)
	prg, err := env.Compile("item.tags.all(t, item.tags.all(u, t == u))", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prg.Eval(context.Background(), testVars(in)); !errors.Is(err, ErrCostLimit) {
		t.Errorf("err = %v, want ErrCostLimit", err)
	}
	unlimited := testEnv(t, WithCostLimit(1<<62))
	prg, err = unlimited.Compile("item.tags.all(t, item.tags.all(u, t == u))", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := prg.Eval(ctx, testVars(in)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"ReceivedAt": "received_at", "ID": "id", "SKU": "sku", "WarrantyDays": "warranty_days",
		"CreditScore": "credit_score", "HTTPServer": "http_server", "OrderID": "order_id", "Tier2": "tier2",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// fuzzEnv is the test environment plus what the fast path must leave
// alone or get right: a merchant overload of calendar_days, a merchant
// function, and variables that are NaN, bytes, dynamic, an empty list and
// an error.
func fuzzEnv(t testing.TB) *Env {
	env := testEnv(t, WithCostLimit(10_000), WithFunctions(
		cel.Function("calendar_days", cel.Overload("merchant_calendar_days_zone",
			[]*cel.Type{cel.TimestampType, cel.TimestampType, cel.StringType}, cel.IntType,
			cel.FunctionBinding(func(args ...ref.Val) ref.Val { return types.Int(1000) }))),
		cel.Function("bonus", cel.Overload("merchant_bonus_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(v ref.Val) ref.Val { return types.Bool(v == types.String("vip")) }))),
	))
	env, err := env.ExtendVars(Var{"nan", cel.DoubleType}, Var{"blob", cel.BytesType}, Var{"d", cel.DynType},
		Var{"empty", cel.ListType(cel.StringType)}, Var{"bad", cel.StringType}, Var{"badint", cel.IntType})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// fuzzVars binds the inputs and fuzzEnv's variables; which value d has
// depends on pick.
func fuzzVars(in *testInput, pick int) interpreter.Activation {
	dyns := []any{types.NullValue, []any{"a"}, map[string]any{"a": 1}, []byte("a"), math.NaN(), "a", 1, decimal.RequireFromString("1.5")}
	act, _ := interpreter.NewActivation(map[string]any{
		"order": &in.Order, "item": &in.Item, "now": in.Now,
		"nan": math.NaN(), "blob": []byte("a"), "d": dyns[pick%len(dyns)], "empty": []string{},
		"bad": types.NewErr("variable bad failed"), "badint": types.NewErr("variable badint failed"),
	})
	return act
}

func FuzzCompileEval(f *testing.F) {
	for _, s := range []string{
		"decimal('0.1') + decimal('0.2') == decimal('0.3')",
		"max(3 * item.price, 500) > 0",
		"calendar_days(order.received_at, now) <= 7",
		"div(item.price, 0, 2) > 1",
		"'gift' in item.tags && order.attrs.n > 2",
		"decimal('1e99999999') > 1",
		"round(decimal('9.5'), -3) == 10",
		"has(order.received_at) && item.sku in ['sku-1', 'x'] || !item.opened",
		"item.quantity < 3 ? item.price >= 100 : now > order.received_at",
		"calendar_days(order.received_at, now, 'UTC') > 7",
		"bonus(item.sku) || bad == 'x'",
		"bad in []", "badint in [1, 2]", "d in ['a', 'b']", "blob in ['a']", "d < nan", "nan < d", "nan == nan",
		"empty == [] && size(empty) == 0", "d == null", "bad in ['a'] || true", "badint < 3 && false",
	} {
		f.Add(s)
	}
	env := fuzzEnv(f)
	in := sampleInput()
	f.Fuzz(func(t *testing.T, expr string) {
		pick := len(expr) // which value d has: the corpus entries stay one string
		prg, err := env.Compile(expr, nil)
		if err != nil {
			return
		}
		_, _ = prg.Eval(context.Background(), fuzzVars(in, pick))
		// Where the fast path applies, it must agree with cel-go.
		if prg.fast != nil {
			vars := fuzzVars(in, pick)
			slow := slowEval(prg, vars)
			if fast := prg.fast(vars); !same(fast, slow) {
				t.Errorf("%s (d #%d): fast path %v, cel-go %v", expr, pick, fast, slow)
			}
		}
	})
}
