package celext

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// evalPaths evaluates prg through Eval with the fast path and, with the
// fast path taken away, with cel-go alone.
func evalPaths(prg *Program, in *testInput) (fast, slow ref.Val, fastErr, slowErr error) {
	vars := testVars(in)
	fast, fastErr = prg.Eval(context.Background(), vars)
	celgo := *prg
	celgo.fast = nil
	slow, slowErr = celgo.Eval(context.Background(), vars)
	return
}

// Issue 17, item 3: calendar_days of an unset time is an error naming the
// argument, never 739678 — the same error on the fast path and in cel-go.
func TestCalendarDaysOfUnsetTime(t *testing.T) {
	env := testEnv(t)
	for _, tc := range []struct {
		expr   string
		unset  func(*testInput)
		want   string
		result string // when no error: the value
	}{
		{"calendar_days(order.received_at, now)", func(in *testInput) { in.Order.ReceivedAt = time.Time{} },
			"calendar_days: order.received_at is not set (the zero time); guard it with has(order.received_at)", ""},
		{"calendar_days(order.received_at, now) <= 7", func(in *testInput) { in.Order.ReceivedAt = time.Time{} },
			"calendar_days: order.received_at is not set", ""},
		{"calendar_days(order.received_at, now) > 7", func(in *testInput) { in.Now = time.Time{} },
			"calendar_days: now is not set (the zero time); guard it with has(now)", ""},
		// Guarded: && absorbs the error when has() is false.
		{"has(order.received_at) && calendar_days(order.received_at, now) <= 7", func(in *testInput) { in.Order.ReceivedAt = time.Time{} },
			"", "false"},
		{"!has(order.received_at) || calendar_days(order.received_at, now) <= 7", func(in *testInput) { in.Order.ReceivedAt = time.Time{} },
			"", "true"},
		// Two calls with different first arguments: the error cannot say
		// which, and says which argument.
		{"calendar_days(order.received_at, now) < 3 || calendar_days(now, order.received_at) < 3", func(in *testInput) { in.Order.ReceivedAt = time.Time{} },
			"calendar_days: its first argument is not set (the zero time); guard it with has()", ""},
	} {
		prg, err := env.Compile(tc.expr, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		if !prg.HasFast() {
			t.Errorf("%s: no fast path", tc.expr)
		}
		in := sampleInput()
		tc.unset(in)
		fast, slow, fastErr, slowErr := evalPaths(prg, in)
		if fmt.Sprint(fastErr) != fmt.Sprint(slowErr) || fmt.Sprint(fast) != fmt.Sprint(slow) {
			t.Errorf("%s: fast path %v, %v; cel-go %v, %v", tc.expr, fast, fastErr, slow, slowErr)
		}
		if tc.want == "" {
			if fastErr != nil || fmt.Sprint(fast) != tc.result {
				t.Errorf("%s: %v, %v; want %s", tc.expr, fast, fastErr, tc.result)
			}
			continue
		}
		var ue *UnsetTimeError
		if fastErr == nil || !errors.As(fastErr, &ue) || !strings.Contains(fastErr.Error(), tc.want) {
			t.Errorf("%s: %v, %v; want an *UnsetTimeError %q", tc.expr, fast, fastErr, tc.want)
		}
	}
}

// working_days (cel-go only: it has no fast path) likewise.
func TestWorkingDaysOfUnsetTime(t *testing.T) {
	called := false
	env := testEnv(t, WithWorkingDays(func(from, to time.Time) (int, error) {
		called = true
		return int(to.Sub(from) / (24 * time.Hour)), nil
	}))
	prg, err := env.Compile("working_days(order.received_at, now) <= 3", nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sampleInput()
	in.Order.ReceivedAt = time.Time{}
	_, err = prg.Eval(context.Background(), testVars(in))
	var ue *UnsetTimeError
	if !errors.As(err, &ue) || err.Error() != "working_days: order.received_at is not set (the zero time); guard it with has(order.received_at)" {
		t.Errorf("err = %v", err)
	}
	if called {
		t.Error("the counter was called with the zero time")
	}
}

// The fast path and cel-go agree on calendar_days with random unset
// times: the same value, or the same error message.
func TestCalendarDaysUnsetAgrees(t *testing.T) {
	env := testEnv(t)
	exprs := []string{
		"calendar_days(order.received_at, now)",
		"calendar_days(order.received_at, now) <= 7 && item.quantity > 0",
		"item.quantity > 2 || calendar_days(order.received_at, now) > 7",
		"has(order.received_at) ? calendar_days(order.received_at, now) : -1",
		"calendar_days(now, order.received_at) == 0",
	}
	rng := rand.New(rand.NewPCG(17, 3))
	for range 200 {
		in := sampleInput()
		in.Item.Quantity = rng.IntN(4)
		in.Now = in.Order.ReceivedAt.Add(time.Duration(rng.Int64N(int64(400 * time.Hour))))
		if rng.IntN(2) == 0 {
			in.Order.ReceivedAt = time.Time{}
		}
		if rng.IntN(4) == 0 {
			in.Now = time.Time{}
		}
		for _, expr := range exprs {
			prg, err := env.Compile(expr, nil)
			if err != nil || !prg.HasFast() {
				t.Fatalf("%s: %v, fast path %v", expr, err, prg != nil && prg.HasFast())
			}
			fast, slow, fastErr, slowErr := evalPaths(prg, in)
			if fmt.Sprint(fastErr) != fmt.Sprint(slowErr) || fmt.Sprint(fast) != fmt.Sprint(slow) {
				t.Fatalf("%s: fast path %v, %v; cel-go %v, %v", expr, fast, fastErr, slow, slowErr)
			}
			if n, ok := fast.(types.Int); ok && (n > 1000 || n < -1000) {
				t.Fatalf("%s: %d days", expr, n)
			}
		}
	}
}
