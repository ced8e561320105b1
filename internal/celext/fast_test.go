package celext

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
)

// same reports whether the fast path and cel-go agree: equal values, or
// both errors.
func same(fast, slow ref.Val) bool {
	if types.IsError(fast) || types.IsError(slow) {
		return types.IsError(fast) && types.IsError(slow)
	}
	if isNaN(fast) && isNaN(slow) {
		return true
	}
	return fast.Type().TypeName() == slow.Type().TypeName() && types.Equal(fast, slow) == types.True
}

// slowEval evaluates with cel-go alone; an error (a panic cel-go
// recovered, say) becomes an error value.
func slowEval(prg *Program, vars interpreter.Activation) ref.Val {
	v, _, err := prg.prg.Eval(vars)
	if err != nil {
		return types.WrapErr(err)
	}
	return v
}

func evalBoth(t testing.TB, env *Env, expr string, in *testInput) (fast, slow ref.Val, ok bool) {
	prg, err := env.Compile(expr, nil)
	if err != nil || prg.fast == nil {
		return nil, nil, false
	}
	vars := testVars(in)
	return prg.fast(vars), slowEval(prg, vars), true
}

// The rule shapes of the statutory policy take the fast path.
func TestFastPathCovers(t *testing.T) {
	env := testEnv(t)
	for _, expr := range []string{
		"calendar_days(order.received_at, now) <= 7",
		"item.quantity == 2 && !item.opened",
		"has(order.received_at) && item.sku in ['sku-1', 'sku-2']",
		"'gift' in item.tags || item.price <= 500",
		"item.price > 129.9",
		"order.id != 'x' ? 1 : 2",
	} {
		prg, err := env.Compile(expr, nil)
		if err != nil {
			t.Fatal(err)
		}
		if prg.fast == nil {
			t.Errorf("%s: no fast path", expr)
		}
	}
	for _, expr := range []string{"item.price * 2 > 1", "order.attrs.n > 2", "size(item.tags) > 1", "item.tags.exists(t, t == 'gift')"} {
		prg, err := env.Compile(expr, nil)
		if err != nil {
			t.Fatal(err)
		}
		if prg.fast != nil {
			t.Errorf("%s: unexpected fast path", expr)
		}
	}
}

// The fast path and cel-go agree on random inputs, errors included.
func TestFastPathAgrees(t *testing.T) {
	env := testEnv(t)
	exprs := []string{
		"calendar_days(order.received_at, now) <= 7",
		"calendar_days(order.received_at, now)",
		"item.quantity == 2 && !item.opened",
		"item.quantity >= 1 || item.opened",
		"has(order.received_at) && item.sku in ['sku-1', 'sku-2']",
		"has(item.tags) || has(item.price)",
		"'gift' in item.tags || item.price <= 500",
		"item.price > 129.9 && item.price < decimal('1000')",
		"item.price == 129.9",
		"item.price != decimal('129.90')",
		"order.id != 'x' ? item.quantity : -1",
		"item.sku > 'sku-0' && item.sku <= 'sku-5'",
		"now > order.received_at",
		"item.quantity < 3 == true",
		"(item.quantity == 1 || order.id == 'o-1') && !(item.sku == 'x')",
		"item.qty2 == 0 && item.quantity != 0",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		in := sampleInput()
		in.Item.Quantity = rng.IntN(4)
		in.Item.Opened = rng.IntN(2) == 0
		in.Item.SKU = fmt.Sprintf("sku-%d", rng.IntN(7))
		in.Item.Price = decimal.New(rng.Int64N(200000), -2)
		if rng.IntN(3) == 0 {
			in.Item.Tags = nil
		}
		if rng.IntN(4) == 0 {
			in.Order.ReceivedAt = time.Time{}
		}
		in.Now = in.Order.ReceivedAt.Add(time.Duration(rng.Int64N(int64(400 * time.Hour))))
		for _, expr := range exprs {
			fast, slow, ok := evalBoth(t, env, expr, in)
			if !ok {
				t.Fatalf("%s: no fast path", expr)
			}
			if !same(fast, slow) {
				t.Fatalf("%s on %+v: fast %v, cel-go %v", expr, in.Item, fast, slow)
			}
		}
	}
}

// Errors flow as in cel-go: && and || absorb them when another term decides.
func TestFastPathErrors(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	for _, expr := range []string{
		"order.received_at < now && calendar_days(order.received_at, now) > 100",
	} {
		fast, slow, ok := evalBoth(t, env, expr, in)
		if !ok || !same(fast, slow) {
			t.Errorf("%s: fast %v, cel-go %v", expr, fast, slow)
		}
	}
	// A missing variable is an error both ways, and && absorbs it when the other side is false.
	prg, err := env.Compile("item.quantity == 9 && now > order.received_at", nil)
	if err != nil {
		t.Fatal(err)
	}
	vars := testVars(in)
	if v, err := prg.Eval(context.Background(), vars); err != nil || v != types.False {
		t.Errorf("got %v, %v", v, err)
	}
}

// Fields read the same through a pointer (offsets) and a value (reflection).
func TestFieldAccessByPointerAndValue(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	in.Item.Opened = true
	for _, expr := range []string{
		"item.sku", "item.quantity", "item.opened", "item.price", "order.received_at", "item.tags", "order.attrs",
		"has(item.sku)", "has(item.opened)", "has(item.price)", "has(order.received_at)", "has(item.tags)", "has(item.qty2)",
	} {
		prg, err := env.Compile(expr, nil)
		if err != nil {
			t.Fatal(err)
		}
		byPtr, err1 := prg.Eval(context.Background(), testVars(in))
		act, _ := interpreter.NewActivation(map[string]any{"order": in.Order, "item": in.Item, "now": in.Now})
		byVal, err2 := prg.Eval(context.Background(), act)
		if err1 != nil || err2 != nil || types.Equal(byPtr, byVal) != types.True {
			t.Errorf("%s: by pointer %v (%v), by value %v (%v)", expr, byPtr, err1, byVal, err2)
		}
	}
}

// R1–R4: on the shapes the differential fuzz found, both paths agree (or
// the fast path stands aside), and nothing panics.
func TestFastPathEdgeCases(t *testing.T) {
	env := fuzzEnv(t)
	in := sampleInput()
	for _, expr := range []string{
		"calendar_days(order.received_at, now, 'UTC')", "calendar_days(order.received_at, now, 'UTC') > 7",
		"bad in []", "badint in []", "d in ['a', 'b']", "d in [true]", "blob in [b'a']", "empty in [['a']]",
		"d < nan", "nan < d", "d <= nan", "nan >= d", "nan == d", "nan < 1", "1 < nan",
		"bad in ['a'] || true", "badint < 3 && false", "d == null", "bonus(item.sku)",
	} {
		prg, err := env.Compile(expr, nil)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		for pick := range 8 {
			vars := fuzzVars(in, pick)
			slow := slowEval(prg, vars)
			if prg.fast == nil {
				continue
			}
			var fast ref.Val
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s (d #%d): fast path panicked: %v", expr, pick, r)
					}
				}()
				fast = prg.fast(vars)
			}()
			if fast != nil && !same(fast, slow) {
				t.Errorf("%s (d #%d): fast path %v, cel-go %v", expr, pick, fast, slow)
			}
		}
	}
	// R4: the merchant's overload is called, not the fast path's calendar_days.
	prg, err := env.Compile("calendar_days(order.received_at, now, 'UTC')", nil)
	if err != nil {
		t.Fatal(err)
	}
	if prg.HasFast() {
		t.Error("a merchant overload took the fast path")
	}
	if v, err := prg.Eval(context.Background(), fuzzVars(in, 0)); err != nil || v != types.Int(1000) {
		t.Errorf("got %v, %v; want the merchant's 1000", v, err)
	}
	// R2: bytes in a list of constants is an error, not a panic.
	prg, err = env.Compile("d in ['a', 'b']", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prg.Eval(context.Background(), fuzzVars(in, 3)); err == nil {
		t.Error("bytes in a list of strings: no error")
	}
}
