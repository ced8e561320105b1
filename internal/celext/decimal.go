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

// Bounds on the decimals arithmetic makes and takes. Money needs a few dozen
// digits; beyond these bounds big.Int work (and memory) would grow with what
// an untrusted expression asks for — decimal('1e10000') + 1 has ten thousand
// digits, and squaring doubles them — so an operation whose operands or
// result fall outside them is an error instead. Comparisons never fail: they
// compare magnitudes first and do work linear in their operands' digits.
const (
	// MaxDecimalDigits bounds the digits of a decimal's coefficient.
	MaxDecimalDigits = 1000
	// MaxDecimalExponent bounds the decimal exponent, either way: a decimal's
	// magnitude lies between 1e-1000 and 1e+2000 or so.
	MaxDecimalExponent = 1000
)

// inRange reports whether d is within the bounds arithmetic accepts.
func inRange(d decimal.Decimal) bool {
	e := d.Exponent()
	return e >= -MaxDecimalExponent && e <= MaxDecimalExponent && d.NumDigits() <= MaxDecimalDigits
}

// checked returns d as a CEL value, or an error when it is out of range.
func checked(d decimal.Decimal) ref.Val {
	if !inRange(d) {
		return errOutOfRange(d)
	}
	return Decimal{d}
}

func errOutOfRange(d decimal.Decimal) ref.Val {
	return types.NewErr("decimal: out of range (more than %d digits or an exponent beyond ±%d): %d digits, exponent %d",
		MaxDecimalDigits, MaxDecimalExponent, d.NumDigits(), d.Exponent())
}

// arith applies a binary operation to operands in range and checks its result.
func arith(a, b decimal.Decimal, op func(a, b decimal.Decimal) decimal.Decimal) ref.Val {
	if !inRange(a) {
		return errOutOfRange(a)
	}
	if !inRange(b) {
		return errOutOfRange(b)
	}
	return checked(op(a, b))
}

// Cmp compares a and b exactly, in time linear in their digits whatever
// their exponents (decimal.Decimal.Cmp scales one operand to the other's
// exponent, which for 1e100000000 and 1 is a hundred million digits).
func Cmp(a, b decimal.Decimal) int {
	ea, eb := int64(a.Exponent()), int64(b.Exponent())
	if diff := ea - eb; diff >= -2*MaxDecimalExponent && diff <= 2*MaxDecimalExponent {
		return a.Cmp(b)
	}
	sa, sb := a.Sign(), b.Sign()
	switch {
	case sa != sb:
		if sa > sb {
			return 1
		}
		return -1
	case sa == 0:
		return 0
	}
	// The position of the leading digit decides unless it is the same, and
	// then the exponents differ by no more than the digit counts do.
	if ma, mb := ea+int64(a.NumDigits()), eb+int64(b.NumDigits()); ma != mb {
		if (ma > mb) == (sa > 0) {
			return 1
		}
		return -1
	}
	return a.Cmp(b)
}

// Add implements traits.Adder.
func (d Decimal) Add(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return arith(d.Decimal, o, decimal.Decimal.Add)
}

// Subtract implements traits.Subtractor.
func (d Decimal) Subtract(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return arith(d.Decimal, o, decimal.Decimal.Sub)
}

// Multiply implements traits.Multiplier.
func (d Decimal) Multiply(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return arith(d.Decimal, o, decimal.Decimal.Mul)
}

// Negate implements traits.Negater.
func (d Decimal) Negate() ref.Val { return Decimal{d.Decimal.Neg()} }

// Compare implements traits.Comparer against decimal, int, uint and double.
func (d Decimal) Compare(other ref.Val) ref.Val {
	o, err := operand(other)
	if err != nil {
		return err
	}
	return types.Int(Cmp(d.Decimal, o))
}

// Equal implements ref.Val. Decimals equal numerically: 1.50 == 1.5 == double(1.5).
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := ToDecimal(other)
	if !ok {
		return types.False
	}
	return types.Bool(Cmp(d.Decimal, o) == 0)
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
