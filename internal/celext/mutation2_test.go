package celext

import (
	"context"
	"reflect"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
)

// Plain numbers become decimals only where a decimal is wanted: in min, max
// and clamp, and next to a decimal operand. Mixing int and double with no
// decimal in sight stays CEL's type error.
func TestCoercionScope(t *testing.T) {
	env := testEnv(t)
	vars := map[string]any{"item": &testLine{Price: decimal.RequireFromString("129.90")}, "order": &testOrder{}, "now": time.Time{}}
	for expr, want := range map[string]string{
		"max(3, 500)":               "500",
		"min(3, 2.5)":               "2.5",
		"clamp(7, 1, 5)":            "5",
		"max(item.price * 3, 500)":  "500",
		"item.price + 1":            "130.90",
		"1 + 2.0":                   "error: 1:3: found no matching overload for '_+_' applied to '(int, double)'",
		"item.sku == 1":             "error: 1:10: found no matching overload for '_==_' applied to '(string, int)'",
		"round(item.price, 1)":      "129.9",
		"div(item.price, 3, 2)":     "43.30",
		"item.price > 100 && 2 < 3": "true",
	} {
		v, err := evalIn(t, env, expr, vars)
		if got := show(v, err); got != want {
			t.Errorf("%s = %s, want %s", expr, got, want)
		}
	}
}

func TestMaxExpressionLength(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := NewEnv(WithMaxExpressionLength(n)); err == nil {
			t.Errorf("WithMaxExpressionLength(%d) accepted", n)
		}
	}
	env, err := NewEnv(WithMaxExpressionLength(5))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Compile("1 + 2", nil); err != nil {
		t.Errorf("5 code points: %v", err)
	}
	if _, err := env.Compile("1 +  2", nil); err == nil {
		t.Error("6 code points compiled with a limit of 5")
	}
}

// The default zone is the real Asia/Shanghai: on 1 June 1988, during its
// summer time, 15:30 UTC was already 2 June.
func TestDefaultZoneIsShanghai(t *testing.T) {
	env, err := NewEnv(WithVariable("a", time.Time{}), WithVariable("b", time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := evalIn(t, env, "calendar_days(a, b)", map[string]any{
		"a": time.Date(1988, 6, 1, 0, 0, 0, 0, time.UTC), "b": time.Date(1988, 6, 1, 15, 30, 0, 0, time.UTC)})
	if err != nil || v != types.Int(1) {
		t.Errorf("calendar_days across Shanghai's 1988 midnight = %v, %v; want 1", v, err)
	}
}

func TestConstant(t *testing.T) {
	env := testEnv(t)
	for expr, want := range map[string]any{"'buyer'": types.String("buyer"), "true": types.True, "item.sku": nil, "1 + 2": nil} {
		prg, err := env.Compile(expr, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, ok := prg.Constant()
		if want == nil && ok || want != nil && (!ok || v != want) {
			t.Errorf("Constant(%s) = %v, %v; want %v", expr, v, ok, want)
		}
	}
}

// On the fast path, an error in one term of && or || is the result unless
// another term decides, exactly as in CEL.
func TestFastLogicalErrors(t *testing.T) {
	env := testEnv(t)
	in := sampleInput()
	// No "now" in the activation: the term reading it fails.
	act, _ := interpreter.NewActivation(map[string]any{"order": &in.Order, "item": &in.Item})
	for expr, wantErr := range map[string]bool{
		"now > order.received_at && item.quantity > 0": true,
		"now > order.received_at && item.quantity > 5": false, // false decides
		"now > order.received_at || item.quantity > 5": true,
		"now > order.received_at || item.quantity > 0": false, // true decides
		"item.quantity > 0 && now > order.received_at": true,
	} {
		prg, err := env.Compile(expr, nil)
		if err != nil || !prg.HasFast() {
			t.Fatalf("%s: %v, fast path %v", expr, err, err == nil && prg.HasFast())
		}
		_, err = prg.Eval(context.Background(), act)
		if (err != nil) != wantErr {
			t.Errorf("%s: error %v, want error %v", expr, err, wantErr)
		}
		slow, _, _ := prg.prg.Eval(act)
		if types.IsError(slow) != wantErr {
			t.Errorf("%s: cel-go gives %v", expr, slow)
		}
	}
}

type mapHolder struct {
	Prices map[string]decimal.Decimal
	Line   testLine
}

// Struct types are named <package>.<Type> in CEL and support field
// selection and has(). (A map or list of decimal.Decimal in a struct field
// is declared but not readable yet — no input type has one; see TESTING.md.)
func TestStructTypeDescriptor(t *testing.T) {
	for _, tt := range []struct {
		t    reflect.Type
		want string
	}{
		{reflect.TypeFor[testLine](), "celext.testLine"},
		{reflect.TypeFor[decimal.Decimal](), "decimal.Decimal"},
		{reflect.TypeFor[time.Time](), "time.Time"},
		{reflect.TypeFor[struct{ A int }](), ""},
	} {
		if got := typeNameOf(tt.t); got != tt.want {
			t.Errorf("typeNameOf(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	reg := &structRegistry{byType: map[reflect.Type]*structType{}}
	st, err := reg.register(reflect.TypeFor[testLine]())
	if err != nil {
		t.Fatal(err)
	}
	for trait, want := range map[int]bool{traits.FieldTesterType: true, traits.IndexerType: true, traits.AdderType: false, traits.ComparerType: false} {
		if st.HasTrait(trait) != want {
			t.Errorf("HasTrait(%d) = %v", trait, !want)
		}
	}

	env, err := NewEnv(WithVariable("h", mapHolder{}))
	if err != nil {
		t.Fatal(err)
	}
	h := mapHolder{Line: testLine{SKU: "x"}}
	for _, vars := range []map[string]any{{"h": &h}, {"h": h}} {
		for expr, want := range map[string]string{
			"h.line.sku":       "x",
			"has(h.line.sku)":  "true",
			"has(h.line.tags)": "false",
		} {
			v, err := evalIn(t, env, expr, vars)
			if got := show(v, err); got != want {
				t.Errorf("%s (%T) = %s, want %s", expr, vars["h"], got, want)
			}
		}
	}
}
