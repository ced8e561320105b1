package celext

// Tests that pin edges mutation testing found unguarded; each asserts a
// value the decimal arithmetic or Go's struct layout determines.

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/shopspring/decimal"
)

// evalIn compiles expr in env and evaluates it with vars, on whichever path
// Compile chose; when the fast path exists it must agree with cel-go.
func evalIn(t *testing.T, env *Env, expr string, vars map[string]any) (ref.Val, error) {
	t.Helper()
	prg, err := env.Compile(expr, nil)
	if err != nil {
		return nil, err
	}
	act, _ := interpreter.NewActivation(vars)
	v, err := prg.Eval(context.Background(), act)
	if prg.fast != nil {
		slow, _, _ := prg.prg.Eval(act)
		if fast := prg.fast(act); !same(fast, slow) {
			t.Errorf("%s: fast path %v, cel-go %v", expr, fast, slow)
		}
	}
	return v, err
}

func show(v ref.Val, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if d, ok := v.(Decimal); ok {
		return d.String()
	}
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(
		strings.TrimPrefix(fmtVal(v), "types."), "String"), "\n", " "), "  ", " "))
}

func fmtVal(v ref.Val) string {
	if s, ok := v.ConvertToType(types.StringType).(types.String); ok {
		return string(s)
	}
	return "?"
}

// A custom cost limit is the limit, in both directions: a lower one stops
// what the default allows, a higher one allows what the default stops; 0
// means the default.
func TestCostLimitIsHonoured(t *testing.T) {
	const nested = "item.tags.all(t, item.tags.all(u, t == u))"
	run := func(limit uint64, tags int) error {
		env := testEnv(t, WithCostLimit(limit))
		in := sampleInput()
		in.Item.Tags = make([]string, tags)
		prg, err := env.Compile(nested, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = prg.Eval(context.Background(), testVars(in))
		return err
	}
	for _, tt := range []struct {
		limit   uint64
		tags    int
		stopped bool
	}{
		{100, 20, true},         // 400 comparisons: over 100, far under the default
		{1_000_000, 400, false}, // 160,000 comparisons: over the default, under 10^6
		{0, 400, true},          // 0 is the default, 100,000
		{DefaultCostLimit, 400, true},
		{0, 20, false},
	} {
		err := run(tt.limit, tt.tags)
		if stopped := errors.Is(err, ErrCostLimit); stopped != tt.stopped || (!stopped && err != nil) {
			t.Errorf("limit %d, %d tags: %v; want stopped = %v", tt.limit, tt.tags, err, tt.stopped)
		}
	}
}

// div with 0 places rounds half away from zero to an integer; places run
// from 0 to 32, round's from -32 to 32.
func TestDivAndRoundPlaces(t *testing.T) {
	env := testEnv(t)
	for expr, want := range map[string]string{
		"div(decimal('7'), 2, 0)":              "4",
		"div(decimal('-7'), 2, 0)":             "-4",
		"div(decimal('5'), 4, 0)":              "1",
		"div(decimal('1'), 3, 32)":             "0." + strings.Repeat("3", 32),
		"div(decimal('2'), 3, 32)":             "0." + strings.Repeat("6", 31) + "7",
		"div(decimal('1'), 3, 33)":             "error: div: places must be an int from 0 to 32, got 33",
		"div(decimal('1'), 3, -1)":             "error: div: places must be an int from 0 to 32, got -1",
		"div(decimal('1'), 0, 2)":              "error: div: division by zero",
		"round(decimal('1.5'), 0)":             "2",
		"round(decimal('0.125'), 2)":           "0.13",
		"round_even(decimal('0.125'), 2)":      "0.12",
		"round(decimal('1e-33'), 32)":          "0." + strings.Repeat("0", 32),
		"round(decimal('5e-33'), 32)":          "0." + strings.Repeat("0", 31) + "1",
		"round(decimal('5e31'), -32)":          "100000000000000000000000000000000",
		"round(decimal('4.9e31'), -32)":        "0",
		"round_even(decimal('5e31'), -32)":     "0",
		"round(decimal('1'), 33)":              "error: round: places must be an int from -32 to 32, got 33",
		"round(decimal('1'), -33)":             "error: round: places must be an int from -32 to 32, got -33",
		"round_even(decimal('1'), -33)":        "error: round: places must be an int from -32 to 32, got -33",
		"clamp(5, 1, 3)":                       "3",
		"clamp(0, 1, 3)":                       "1",
		"clamp(2, 2, 2)":                       "2",
		"clamp(2, 3, 1)":                       "error: clamp: lower bound 3 is above upper bound 1",
		"min([decimal('2'), 1, 3])":            "1",
		"max([decimal('2'), 1, 3])":            "3",
		"max([decimal('2')])":                  "2",
		"min(decimal('2'), 1, decimal('0.5'))": "0.5",
	} {
		v, err := evalIn(t, env, expr, map[string]any{"item": &testLine{}, "order": &testOrder{}, "now": time.Time{}})
		// Errors carry the position and call before the message.
		if got := show(v, err); got != want && !(strings.HasPrefix(want, "error: ") && err != nil && strings.HasSuffix(got, ": "+strings.TrimPrefix(want, "error: "))) {
			t.Errorf("%s = %s, want %s", expr, got, want)
		}
	}
}

// uint values of 2^63 and above are positive decimals.
func TestUintToDecimal(t *testing.T) {
	for _, u := range []uint64{0, 1, math.MaxInt64, 1 << 63, math.MaxUint64} {
		d, ok := ToDecimal(types.Uint(u))
		if want := decimal.NewFromUint64(u); !ok || !d.Equal(want) || d.Sign() < 0 {
			t.Errorf("ToDecimal(%du) = %v, %v; want %v", u, d, ok, want)
		}
	}
	env := testEnv(t)
	v, err := evalIn(t, env, "decimal(18446744073709551615u) == decimal('18446744073709551615') && decimal(9223372036854775808u) > 0", nil)
	if err != nil || v != types.True {
		t.Errorf("uint conversion in CEL: %v, %v", v, err)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, ok := ToDecimal(types.Double(f)); ok {
			t.Errorf("ToDecimal(%v) reported a decimal", f)
		}
	}
}

type embInner struct {
	Pad    [3]int64
	Code   string
	Amount decimal.Decimal
	When   time.Time
	Flag   bool
	N      int
	Big    int64
	Wait   time.Duration
	Small  uint16
	Tag    [2]byte
}

type embMiddle struct {
	Label string
	embInner
}

type embExtra struct {
	Extra string
	Count int
}

type embOuter struct {
	Head string
	Mid  embMiddle
	Tail int
	*embExtra
	embMiddle
}

// Promoted fields of embedded structs, at every depth, read the right
// bytes: by pointer (offset arithmetic), by value (reflection), and through
// an embedded pointer, nil or not.
func TestEmbeddedStructFields(t *testing.T) {
	env, err := NewEnv(WithVariable("w", embOuter{}))
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	w := embOuter{
		Head: "h", Tail: 7,
		Mid: embMiddle{Label: "mid", embInner: embInner{Code: "inner-of-mid", N: 1}},
		embMiddle: embMiddle{Label: "label", embInner: embInner{
			Pad: [3]int64{-1, -2, -3}, Code: "code", Amount: decimal.RequireFromString("12.30"), When: when,
			Flag: true, N: 42, Big: 1 << 40, Wait: 90 * time.Minute, Small: 65535, Tag: [2]byte{'a', 'b'},
		}},
	}
	exprs := map[string]string{
		"w.head":   "h",
		"w.tail":   "7",
		"w.label":  "label",
		"w.code":   "code",
		"w.amount": "12.30",
		"w.when == timestamp('2026-03-01T10:00:00Z')": "true",
		"w.flag":                    "true",
		"w.n":                       "42",
		"w.big":                     "1099511627776",
		"w.wait == duration('90m')": "true",
		"w.small":                   "65535",
		"w.pad[2]":                  "-3",
		"w.mid.label":               "mid",
		"w.mid.code":                "inner-of-mid",
		"w.mid.n":                   "1",
		"has(w.code)":               "true",
		"has(w.mid.flag)":           "false",
		"has(w.amount)":             "true",
		"has(w.when)":               "true",
		"has(w.wait)":               "true",
		"has(w.big)":                "true",
		"has(w.extra)":              "false",
	}
	for _, vars := range []map[string]any{{"w": &w}, {"w": w}} {
		for expr, want := range exprs {
			v, err := evalIn(t, env, expr, vars)
			if got := show(v, err); got != want {
				t.Errorf("%s (%T) = %s, want %s", expr, vars["w"], got, want)
			}
		}
	}
	// Through a nil embedded pointer the field does not exist; through a
	// set one it reads the pointed-to struct.
	if v, err := evalIn(t, env, "w.extra", map[string]any{"w": &w}); err == nil {
		t.Errorf("w.extra through a nil pointer = %v, want an error", v)
	}
	w2 := w
	w2.embExtra = &embExtra{Extra: "x", Count: 3}
	for expr, want := range map[string]string{"w.extra": "x", "w.count": "3", "has(w.count)": "true", "w.code": "code"} {
		v, err := evalIn(t, env, expr, map[string]any{"w": &w2})
		if got := show(v, err); got != want {
			t.Errorf("%s = %s, want %s", expr, got, want)
		}
	}
	// Zero values: has() is false for each kind of field.
	var z embOuter
	for _, f := range []string{"code", "amount", "when", "flag", "n", "big", "wait", "small", "label", "head"} {
		v, err := evalIn(t, env, "has(w."+f+")", map[string]any{"w": &z})
		if got := show(v, err); got != "false" {
			t.Errorf("has(w.%s) on a zero value = %s", f, got)
		}
	}
}
