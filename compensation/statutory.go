package compensation

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// statutorySource is the built-in rule set. {{…}} placeholders are filled
// in by Statutory from its options; the formulas are the same as
// FraudDamages, FoodSafetyDamages and LateShipping (a test holds them equal).
const statutorySource = `id: statutory-cn
description: 法定及平台赔偿（欺诈、食品安全、延迟发货）
currency: CNY
mode: sum
ship_within: {{ship_within}}
rules:
  - id: fraud
    description: 经营者欺诈：退一赔三，不足五百元的按五百元
    when: reason == 'fraud'
    amount: max(price * 3, 500)
    cite: ` + CiteFraud + `
  - id: serious_harm
    description: 明知商品或者服务存在缺陷仍提供，造成死亡或者健康严重损害：除赔偿损失外，惩罚性赔偿最高为所受损失的二倍（此为上限）
    when: reason == 'serious_harm'
    amount: loss * 2
    cite: ` + CiteHarm + `
  - id: food_safety
    description: 不符合食品安全标准：价款十倍或损失三倍，不足一千元的按一千元；生产者、经营者中首先接到赔偿要求的应当先行赔付
    when: reason == 'food_safety' && !label_flaw_only
    amount: max(price * 10, loss * 3, 1000)
    cite: ` + CiteFoodSafety + `
  - id: late_shipping
    description: 延迟发货：按价款{{rate_percent}}%赔付，最低{{min}}元，最高{{max}}元
    when: late || reason == 'late_shipping'
    amount: clamp(round(price * decimal('{{rate}}'), 2), decimal('{{min}}'), decimal('{{max}}'))
    cite: ` + CiteLateShipping + `
`

// StatutoryOption configures Statutory.
type StatutoryOption func(*statutoryConfig)

type statutoryConfig struct {
	rate, min, max decimal.Decimal
	shipWithin     time.Duration
}

// WithLateShipping sets the late-shipping tier: rate of the price, at least
// min and at most max yuan. The default is 0.05, 5, 30; the platforms'
// stricter tier is 0.30, 5, 500. Rate, min and max must be non-negative
// with min <= max, and min and max whole fen.
func WithLateShipping(rate, min, max decimal.Decimal) StatutoryOption {
	return func(c *statutoryConfig) { c.rate, c.min, c.max = rate, min, max }
}

// WithShipWithin sets the ship-by window after payment used for `late` when
// an Input has no ShipBy (default DefaultShipWithin, 72 h; 48 h on some
// channels).
func WithShipWithin(d time.Duration) StatutoryOption {
	return func(c *statutoryConfig) { c.shipWithin = d }
}

// Statutory returns the built-in rule set "statutory-cn" in CNY, mode sum:
//
//   - fraud (reason 'fraud'): max(3 × price, 500), 消费者权益保护法第五十五条;
//   - serious_harm (reason 'serious_harm'): 2 × loss, the cap of the punitive
//     damages of 消费者权益保护法第五十五条第二款 (knowingly supplying defective
//     goods that cause death or serious harm); a court may award less — see
//     HarmDamages;
//   - food_safety (reason 'food_safety', unless Input.LabelFlawOnly: a label
//     or instruction flaw that neither affects food safety nor misleads):
//     max(10 × price, 3 × loss, 1000), 食品安全法第一百四十八条第二款. Whichever
//     of producer and seller the consumer asks first must pay first and
//     recover from the other (第一款, 首负责任制): the line's description says so;
//     who is asked is the caller's to record;
//   - late_shipping (late, or reason 'late_shipping'): price × rate rounded
//     to the fen, clamped to [min, max]; 5 %, 5, 30 yuan by default.
//
// Invalid options do not panic: the returned Rules reports the problem from
// Err and from every Calculate.
func Statutory(opts ...StatutoryOption) *Rules {
	cfg := statutoryConfig{
		rate: decimal.New(5, -2), min: decimal.New(5, 0), max: decimal.New(30, 0),
		shipWithin: DefaultShipWithin,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if err := cfg.validate(); err != nil {
		return &Rules{id: "statutory-cn", currency: CNY, mode: Sum, err: err}
	}
	src := strings.NewReplacer(
		"{{ship_within}}", cfg.shipWithin.String(),
		"{{rate}}", cfg.rate.String(),
		"{{rate_percent}}", cfg.rate.Shift(2).String(),
		"{{min}}", cfg.min.StringFixed(2),
		"{{max}}", cfg.max.StringFixed(2),
	).Replace(statutorySource)
	r, err := Compile([]byte(src), WithFilename("statutory-cn"))
	if err != nil {
		// Only reachable if the options slipped past validate; report it
		// the same way rather than panic.
		return &Rules{id: "statutory-cn", currency: CNY, mode: Sum, err: err}
	}
	return r
}

func (c statutoryConfig) validate() error {
	for _, f := range [...]struct {
		name string
		v    decimal.Decimal
	}{{"WithLateShipping.rate", c.rate}, {"WithLateShipping.min", c.min}, {"WithLateShipping.max", c.max}} {
		if f.v.Sign() < 0 {
			return fieldErr(f.name, ErrNegative, show(f.v))
		}
		if err := checkRange(f.name, f.v); err != nil {
			return err
		}
	}
	if -int64(c.rate.Exponent()) > 12 {
		return fieldErr("WithLateShipping.rate", ErrPrecision, show(c.rate)+" has more than 12 decimal places")
	}
	for _, f := range [...]struct {
		name string
		v    decimal.Decimal
	}{{"WithLateShipping.min", c.min}, {"WithLateShipping.max", c.max}} {
		if _, err := amount(f.name, f.v, CNY, false); err != nil {
			return err
		}
	}
	if c.min.GreaterThan(c.max) {
		return fieldErr("WithLateShipping.min", ErrExceeds, fmt.Sprintf("min %s > max %s", show(c.min), show(c.max)))
	}
	if c.shipWithin <= 0 {
		return fieldErr("WithShipWithin", ErrNotPositive, c.shipWithin.String())
	}
	return nil
}
