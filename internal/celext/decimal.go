package celext

import (
	"fmt"
	"math"
	"reflect"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"
)

// decimalTraits are the operators the standard CEL dispatcher may call on a
// Decimal left operand. Division is deliberately absent: it needs an explicit
// scale, so policies write div(a, b, places).
const decimalTraits = traits.AdderType | traits.SubtractorType | traits.MultiplierType |
	traits.NegatorType | traits.ComparerType

// DecimalType is the CEL type of exact decimal numbers, named "decimal". It
// carries the trait mask the standard operators dispatch on.
var DecimalType = types.NewObjectType("decimal", decimalTraits)

var (
	decimalReflectType = reflect.TypeFor[decimal.Decimal]()
	stringReflectType  = reflect.TypeFor[string]()
)

// Decimal is the CEL value of a decimal.Decimal. It is immutable: every
// operation returns a new value, so a Decimal can be shared across goroutines.
type Decimal struct{ decimal.Decimal }

// DecimalOf returns d as a CEL value.
func DecimalOf(d decimal.Decimal) ref.Val { return Decimal{d} }

// ToDecimal converts a CEL numeric value (decimal, int, uint or double) to a
// decimal.Decimal. It reports false for any other value, and for NaN and
// infinite doubles, which have no decimal value.
func ToDecimal(v ref.Val) (decimal.Decimal, bool) {
	switch n := v.(type) {
	case Decimal:
		return n.Decimal, true
	case types.Int:
		return decimal.NewFromInt(int64(n)), true
	case types.Uint:
		if uint64(n) > math.MaxInt64 {
			return decimal.NewFromUint64(uint64(n)), true
		}
		return decimal.NewFromInt(int64(n)), true
	case types.Double:
		f := float64(n)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return decimal.Decimal{}, false
		}
		return decimal.NewFromFloat(f), true
	}
	return decimal.Decimal{}, false
}

// operand converts the right-hand side of a decimal operator, or returns the
// CEL error value to propagate.
func operand(other ref.Val) (decimal.Decimal, ref.Val) {
	if d, ok := ToDecimal(other); ok {
		return d, nil
	}
	if types.IsError(other) || types.IsUnknown(other) {
		return decimal.Decimal{}, other
	}
	if f, ok := other.(types.Double); ok {
		return decimal.Decimal{}, types.NewErr("decimal: cannot use %v as a decimal", float64(f))
	}
	return decimal.Decimal{}, types.MaybeNoSuchOverloadErr(other)
}

// Add implements traits.Adder.
func (d Decimal) Add(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return Decimal{d.Decimal.Add(o)}
}

// Subtract implements traits.Subtractor.
func (d Decimal) Subtract(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return Decimal{d.Decimal.Sub(o)}
}

// Multiply implements traits.Multiplier.
func (d Decimal) Multiply(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return Decimal{d.Decimal.Mul(o)}
}

// Negate implements traits.Negater.
func (d Decimal) Negate() ref.Val { return Decimal{d.Decimal.Neg()} }

// Compare implements traits.Comparer against decimal, int, uint and double.
func (d Decimal) Compare(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return types.Int(d.Decimal.Cmp(o))
}

// Equal implements ref.Val. Decimals equal numerically: 1.50 == 1.5 == double(1.5).
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := ToDecimal(other)
	if !ok {
		return types.False
	}
	return types.Bool(d.Decimal.Equal(o))
}

// ConvertToNative implements ref.Val: to decimal.Decimal, *decimal.Decimal,
// string, or an interface the Decimal satisfies.
func (d Decimal) ConvertToNative(t reflect.Type) (any, error) {
	switch t {
	case decimalReflectType:
		return d.Decimal, nil
	case reflect.PointerTo(decimalReflectType):
		v := d.Decimal
		return &v, nil
	case stringReflectType:
		return FormatDecimal(d.Decimal), nil
	}
	if t.Kind() == reflect.Interface && reflect.TypeOf(d).Implements(t) {
		return d, nil
	}
	return nil, fmt.Errorf("decimal: cannot convert to %v", t)
}

// ConvertToType implements ref.Val: to string, double, or its own type.
func (d Decimal) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case DecimalType:
		return d
	case types.StringType:
		return types.String(FormatDecimal(d.Decimal))
	case types.DoubleType:
		f, _ := d.Decimal.Float64()
		return types.Double(f)
	case types.TypeType:
		return DecimalType
	}
	return types.NewErr("type conversion error from 'decimal' to '%s'", t)
}

// Type implements ref.Val.
func (d Decimal) Type() ref.Type { return DecimalType }

// Value implements ref.Val; it returns the decimal.Decimal.
func (d Decimal) Value() any { return d.Decimal }

// HasTrait tells the CEL dispatcher which operators a Decimal supports.
func (d Decimal) HasTrait(trait int) bool { return decimalTraits&trait == trait }

// String formats the decimal with its places preserved (see FormatDecimal).
func (d Decimal) String() string { return FormatDecimal(d.Decimal) }

// FormatDecimal formats d keeping its places: 12.30 stays "12.30", where
// decimal.Decimal.String would print "12.3". Money reads with its places.
func FormatDecimal(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}
