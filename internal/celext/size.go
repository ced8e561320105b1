package celext

import (
	"fmt"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// DefaultMaxValueSize bounds the size of a value an expression returns:
// bytes of strings plus elements of lists and maps, counted through every
// level, shared parts once per use. A list of a list of … of a list shared
// twice at every level (v1: [v0, v0], v2: [v1, v1], …) is small in memory
// but its equality, printing or copy takes time exponential in its depth;
// counting stops at the bound, so checking takes bounded time too.
const DefaultMaxValueSize = 1 << 20

// MaxValueDepth bounds how deeply lists and maps in a value nest.
const MaxValueDepth = 64

// ErrValueTooLarge is returned (wrapped) when a value passes the size or
// depth bound.
var ErrValueTooLarge = fmt.Errorf("value too large")

// checkSize returns an error when v is larger than limit or nested deeper
// than MaxValueDepth.
func checkSize(v ref.Val, limit int) error {
	left, deep := measure(v, limit, 0)
	switch {
	case deep:
		return fmt.Errorf("%w: lists and maps nested more than %d deep", ErrValueTooLarge, MaxValueDepth)
	case left < 0:
		return fmt.Errorf("%w: more than %d bytes and elements", ErrValueTooLarge, limit)
	}
	return nil
}

// measure subtracts the size of v from budget; it stops early once the
// budget is spent or the depth passed.
func measure(v ref.Val, budget, depth int) (int, bool) {
	if depth > MaxValueDepth {
		return budget, true
	}
	switch x := v.(type) {
	case types.String:
		return budget - len(x), false
	case types.Bytes:
		return budget - len(x), false
	case traits.Lister:
		if n, ok := x.Size().(types.Int); ok {
			budget -= int(n)
		}
		for it := x.Iterator(); budget >= 0 && it.HasNext() == types.True; {
			var deep bool
			if budget, deep = measure(it.Next(), budget, depth+1); deep {
				return budget, true
			}
		}
		return budget, false
	case traits.Mapper:
		if n, ok := x.Size().(types.Int); ok {
			budget -= int(n)
		}
		for it := x.Iterator(); budget >= 0 && it.HasNext() == types.True; {
			k := it.Next()
			var deep bool
			if budget, deep = measure(k, budget, depth+1); deep {
				return budget, true
			}
			if budget, deep = measure(x.Get(k), budget, depth+1); deep {
				return budget, true
			}
		}
		return budget, false
	}
	return budget, false
}
