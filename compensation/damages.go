package compensation

import (
	"math"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/shopspring/decimal"
)

// Citations of the statutory formulas, as they appear in result lines.
const (
	CiteFraud        = "消费者权益保护法第五十五条"
	CiteHarm         = "消费者权益保护法第五十五条第二款"
	CiteFoodSafety   = "食品安全法第一百四十八条"
	CiteLateShipping = "平台发货规则（延迟发货赔付）"
)

// Statutory minimums in CNY. They are functions, not variables, so nothing
// can change a statutory minimum for the whole program.
func fraudMinimum() decimal.Decimal      { return decimal.New(500, 0) }
func foodSafetyMinimum() decimal.Decimal { return decimal.New(1000, 0) }

// FraudDamages is the punitive compensation for fraud under 消费者权益保护法
// 第五十五条: three times the price paid, at least 500 yuan, on top of the
// refund: max(3 × price, 500). The result is in CNY, rounded to the fen half
// away from zero.
//
// A negative or zero price yields the 500 yuan minimum: the statute sets a
// floor, and a negative price is not a meaningful input to raise it.
// FraudDamages never panics, whatever the exponent of price.
func FraudDamages(price decimal.Decimal) decimal.Decimal {
	return roundTo(safeMax(price.Mul(decimal.New(3, 0)), fraudMinimum()), 2, HalfAwayFromZero)
}

// HarmDamagesCap is the most punitive damages 消费者权益保护法第五十五条第二款
// allows where a business knowingly supplied defective goods or services
// that caused death or serious harm to health: twice the loss, on top of the
// damages for the loss itself (第四十九条、第五十一条). The result is in CNY,
// rounded to the fen half away from zero; a negative loss counts as zero.
func HarmDamagesCap(loss decimal.Decimal) decimal.Decimal {
	if loss.Sign() <= 0 {
		return decimal.New(0, -2)
	}
	return roundTo(loss.Mul(decimal.New(2, 0)), 2, HalfAwayFromZero)
}

// HarmDamages is the punitive damages of 消费者权益保护法第五十五条第二款 at a
// multiple of the loss that a court or the parties set: "up to twice the
// loss", so multiple must lie in [0, 2]. The result is loss × multiple,
// rounded to the fen half away from zero. A negative loss, a multiple outside
// [0, 2] or amounts too large to compute are a *FieldError.
func HarmDamages(loss, multiple decimal.Decimal) (decimal.Decimal, error) {
	if loss.Sign() < 0 {
		return decimal.Decimal{}, fieldErr("loss", ErrNegative, show(loss))
	}
	if err := checkRange("loss", loss); err != nil {
		return decimal.Decimal{}, err
	}
	if multiple.Sign() < 0 || multiple.GreaterThan(decimal.New(2, 0)) {
		return decimal.Decimal{}, fieldErr("multiple", ErrRange, show(multiple)+" is outside [0, 2] (消费者权益保护法第五十五条第二款: up to twice the loss)")
	}
	if err := checkRange("multiple", multiple); err != nil {
		return decimal.Decimal{}, err
	}
	return roundTo(loss.Mul(multiple), 2, HalfAwayFromZero), nil
}

// FoodSafetyDamages is the punitive compensation for food that does not meet
// food-safety standards under 食品安全法第一百四十八条: ten times the price or
// three times the loss — the consumer chooses, so the larger — and at least
// 1000 yuan: max(10 × price, 3 × loss, 1000). The result is in CNY, rounded
// to the fen half away from zero.
//
// The statute excludes labelling or instruction defects that neither affect
// food safety nor mislead consumers; deciding that is the caller's job (the
// built-in rules read it from Input.LabelFlawOnly), not this formula's.
// Under 第一款 the consumer may claim from the producer or the seller, and
// whichever is asked first must pay first (首负责任制), then recover from the
// one at fault: a seller may not send the consumer to the producer.
func FoodSafetyDamages(price, loss decimal.Decimal) decimal.Decimal {
	tenfold := price.Mul(decimal.New(10, 0))
	threefold := loss.Mul(decimal.New(3, 0))
	return roundTo(safeMax(safeMax(tenfold, threefold), foodSafetyMinimum()), 2, HalfAwayFromZero)
}

// LateShipping is the platform's compensation for shipping late:
// amount × rate, rounded to the fen half away from zero, then clamped to
// [min, max]. The common platform tiers are rate 0.05 with min 5 and max 30
// yuan, and a stricter 0.30 with min 5 and max 500.
//
// Defined edge cases, since the signature has no error: a negative amount or
// rate counts as zero (the result is then min); a negative min counts as
// zero; if min > max, max wins, because a cap is a cap. min and max are
// rounded to the fen like the product.
func LateShipping(amount, rate, min, max decimal.Decimal) decimal.Decimal {
	lo := roundTo(nonNegative(min), 2, HalfAwayFromZero)
	hi := roundTo(max, 2, HalfAwayFromZero)
	x := decimal.New(0, -2)
	if amount.Sign() > 0 && rate.Sign() > 0 {
		m := magnitude(amount) + magnitude(rate) // product < 10^m
		e := int64(amount.Exponent()) + int64(rate.Exponent())
		switch {
		case m > 4*maxIntDigits:
			// Astronomically large (and decimal.Mul panics when the
			// exponent leaves int32): it exceeds any cap.
			x = hi
		case m <= -3, e < math.MinInt32, e > math.MaxInt32:
			// Below 0.001, so it rounds to zero fen. (The exponent cases
			// need coefficients with billions of digits; they are here
			// only so that Mul can never panic.)
		default:
			x = roundTo(amount.Mul(rate), 2, HalfAwayFromZero)
		}
	}
	if celext.Cmp(x, lo) < 0 {
		x = lo
	}
	if celext.Cmp(x, hi) > 0 {
		x = hi
	}
	return x
}

func nonNegative(d decimal.Decimal) decimal.Decimal {
	if d.Sign() < 0 {
		return decimal.Decimal{}
	}
	return d
}
