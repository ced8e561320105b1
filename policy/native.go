package policy

import (
	"fmt"
	"reflect"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/aftersales-go/aftersales/internal/celext"
)

// maxOutputDepth bounds how deeply an output's lists, maps and structs nest.
// Inputs are checked to nest less deeply (maxAttrsDepth), and values built
// by expressions are checked by celext (celext.MaxValueDepth).
const maxOutputDepth = 2*maxAttrsDepth + celext.MaxValueDepth

var refValType = reflect.TypeFor[ref.Val]()

// owned converts the value of an output expression to a Go value the
// caller owns: scalars as in native, lists as slices and maps as maps, all
// copied through every level. Nothing in it points into the decision's
// scratch space or into the caller's Input.
func owned(v ref.Val) (any, error) { return outputAt(v, 0) }

func outputAt(v ref.Val, depth int) (any, error) {
	if depth > maxOutputDepth {
		return nil, fmt.Errorf("output nested more than %d deep", maxOutputDepth)
	}
	switch x := v.(type) {
	case celext.Decimal, types.String, types.Int, types.Uint, types.Bool, types.Double, types.Timestamp, types.Duration:
		return native(v), nil
	case types.Bytes:
		return append([]byte(nil), x...), nil
	case types.Null:
		return nil, nil
	}
	rv := reflect.ValueOf(v.Value())
	switch x := v.(type) {
	case traits.Lister:
		if (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && !holdsVals(rv.Type().Elem()) {
			return deepCopy(rv, depth)
		}
		n, _ := x.Size().(types.Int)
		out := make([]any, 0, n)
		for it := x.Iterator(); it.HasNext() == types.True; {
			e, err := outputAt(it.Next(), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	case traits.Mapper:
		if rv.Kind() == reflect.Map && !holdsVals(rv.Type().Key()) && !holdsVals(rv.Type().Elem()) {
			return deepCopy(rv, depth)
		}
		strs := map[string]any{}
		var anys map[any]any
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			val, err := outputAt(x.Get(k), depth+1)
			if err != nil {
				return nil, err
			}
			if s, ok := k.(types.String); ok && anys == nil {
				strs[string(s)] = val
				continue
			}
			if anys == nil {
				anys = make(map[any]any, len(strs)+1)
				for k, v := range strs {
					anys[k] = v
				}
			}
			key, err := outputAt(k, depth+1)
			if err != nil {
				return nil, err
			}
			anys[key] = val
		}
		if anys != nil {
			return anys, nil
		}
		return strs, nil
	}
	if !rv.IsValid() {
		return nil, nil
	}
	// An input struct (outputs: {it: item}) is read in place from the
	// decision's pooled scratch space; hand out a copy of the struct, not
	// that pointer.
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
		rv = rv.Elem()
	}
	return deepCopy(rv, depth)
}

// holdsVals reports whether a Go type is (or may hold) CEL values, which
// must be converted rather than copied.
func holdsVals(t reflect.Type) bool {
	return t == refValType || t.Implements(refValType)
}

// deepCopy copies a Go value through every slice, map, pointer and
// interface in it. Decimals and times are immutable and shared.
func deepCopy(rv reflect.Value, depth int) (any, error) {
	c, err := copyValue(rv, depth)
	if err != nil || !c.IsValid() {
		return nil, err
	}
	return c.Interface(), nil
}

var (
	decimalType = reflect.TypeOf(celext.Decimal{}.Decimal)
	timeType    = reflect.TypeFor[time.Time]()
)

func copyValue(rv reflect.Value, depth int) (reflect.Value, error) {
	if depth > maxOutputDepth {
		return reflect.Value{}, fmt.Errorf("output nested more than %d deep", maxOutputDepth)
	}
	if !rv.IsValid() || rv.Type() == decimalType || rv.Type() == timeType {
		return rv, nil
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return rv, nil
		}
		e, err := copyValue(rv.Elem(), depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(rv.Type().Elem())
		p.Elem().Set(e)
		return p, nil
	case reflect.Interface:
		if rv.IsNil() {
			return rv, nil
		}
		e, err := copyValue(rv.Elem(), depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		out := reflect.New(rv.Type()).Elem()
		out.Set(e)
		return out, nil
	case reflect.Slice:
		if rv.IsNil() {
			return rv, nil
		}
		out := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
		if err := copyElems(out, rv, depth); err != nil {
			return reflect.Value{}, err
		}
		return out, nil
	case reflect.Array:
		out := reflect.New(rv.Type()).Elem()
		if err := copyElems(out, rv, depth); err != nil {
			return reflect.Value{}, err
		}
		return out, nil
	case reflect.Map:
		if rv.IsNil() {
			return rv, nil
		}
		out := reflect.MakeMapWithSize(rv.Type(), rv.Len())
		for it := rv.MapRange(); it.Next(); {
			v, err := copyValue(it.Value(), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			out.SetMapIndex(it.Key(), v)
		}
		return out, nil
	case reflect.Struct:
		out := reflect.New(rv.Type()).Elem()
		out.Set(rv)
		for i := range rv.NumField() {
			if !rv.Type().Field(i).IsExported() {
				continue
			}
			f, err := copyValue(rv.Field(i), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			out.Field(i).Set(f)
		}
		return out, nil
	}
	return rv, nil
}

func copyElems(dst, src reflect.Value, depth int) error {
	switch src.Type().Elem().Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Pointer, reflect.Interface, reflect.Struct:
		for i := range src.Len() {
			e, err := copyValue(src.Index(i), depth+1)
			if err != nil {
				return err
			}
			dst.Index(i).Set(e)
		}
		return nil
	}
	reflect.Copy(dst, src)
	return nil
}
