package classify

import (
	"fmt"
	"strconv"
	"strings"
)

// Code is a complaint code, 1001–5999. The thousands digit is the category
// (1 商品问题 … 5 其他问题); x000 is not a code, so every category holds
// 999 codes (x001–x999).
type Code uint16

// The codes of the default taxonomy (TAXONOMY.md). Merchants may add their
// own codes in any category's range.
const (
	CodeQuality        Code = 1001 // 质量问题
	CodeNotAsDescribed Code = 1002 // 描述不符
	CodeCounterfeit    Code = 1003 // 假冒伪劣
	CodeWrongOrMissing Code = 1004 // 错发漏发
	CodeSafetyHazard   Code = 1005 // 安全隐患
	CodeFoodSafety     Code = 1006 // 食品安全
	CodeLateDelivery   Code = 2001 // 配送延迟
	CodeCourier        Code = 2002 // 配送员服务
	CodeTransitDamage  Code = 2003 // 货物损坏
	CodeLostParcel     Code = 2004 // 丢件/物流停滞
	CodeLateShipment   Code = 2005 // 发货延迟
	CodePaymentFailed  Code = 3001 // 支付失败
	CodeRefund         Code = 3002 // 退款问题
	CodePaymentMethod  Code = 3003 // 支付方式限制
	CodeDoubleCharge   Code = 3004 // 重复扣款
	CodeInvoice        Code = 3005 // 发票问题
	CodeAttitude       Code = 4001 // 服务态度
	CodeEfficiency     Code = 4002 // 处理效率
	CodeSolution       Code = 4003 // 解决方案不满
	CodeRepair         Code = 4004 // 维修问题
	CodeReturnBlocked  Code = 4005 // 退换货受阻
	CodeAccount        Code = 5001 // 账户问题
	CodePromotion      Code = 5002 // 促销活动
	CodeSiteApp        Code = 5003 // 网站/App功能
	CodePrivacy        Code = 5004 // 隐私/信息泄露
	CodeSuggestion     Code = 5005 // 建议
	CodeOther          Code = 5999 // 其他: nothing matched
)

// Valid reports whether c lies in 1001–5999 and is not a category's x000.
func (c Code) Valid() bool { return c >= 1001 && c <= 5999 && c%1000 != 0 }

// Category is the category of a code: its thousands digit.
func (c Code) Category() Category { return Category(c / 1000) }

// String returns the four digits, e.g. "1001".
func (c Code) String() string { return strconv.Itoa(int(c)) }

// ParseCode parses a complaint code such as "1001" (surrounding spaces are
// ignored). It fails for anything that is not a valid code.
func ParseCode(s string) (Code, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 0xFFFF || !Code(n).Valid() {
		return 0, fmt.Errorf("classify: invalid complaint code %q (want 1001–5999, not x000)", s)
	}
	return Code(n), nil
}

// Category is a complaint category (the manual's 投诉分类, §2.3.1).
type Category uint8

// The five categories of the complaint manual.
const (
	CategoryProduct   Category = 1 // 商品问题, codes 1001–1999
	CategoryLogistics Category = 2 // 物流问题, codes 2001–2999
	CategoryPayment   Category = 3 // 支付问题, codes 3001–3999
	CategoryService   Category = 4 // 售后服务问题, codes 4001–4999
	CategoryOther     Category = 5 // 其他问题, codes 5001–5999
)

// names returns the Chinese and English names of a valid category. A switch,
// not a table, so that the package holds no mutable state.
func (c Category) names() (zh, en string) {
	switch c {
	case CategoryProduct:
		return "商品问题", "product"
	case CategoryLogistics:
		return "物流问题", "logistics"
	case CategoryPayment:
		return "支付问题", "payment"
	case CategoryService:
		return "售后服务问题", "after-sales service"
	case CategoryOther:
		return "其他问题", "other"
	}
	return "", ""
}

// Valid reports whether c is one of the five categories.
func (c Category) Valid() bool { return c >= CategoryProduct && c <= CategoryOther }

// String returns the Chinese and the English name, e.g. "商品问题 (product)".
func (c Category) String() string {
	if !c.Valid() {
		return "Category(" + strconv.Itoa(int(c)) + ")"
	}
	zh, en := c.names()
	return zh + " (" + en + ")"
}

// MarshalText returns the English name (e.g. "product"), so that a
// category reads well in JSON and as a map key. An invalid category is an
// error.
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("classify: invalid category %d", c)
	}
	_, en := c.names()
	return []byte(en), nil
}

// UnmarshalText parses a category's English or Chinese name ("product",
// "商品问题") or its digit ("1").
func (c *Category) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	for k := CategoryProduct; k <= CategoryOther; k++ {
		zh, en := k.names()
		if strings.EqualFold(s, en) || s == zh || s == strconv.Itoa(int(k)) {
			*c = k
			return nil
		}
	}
	return fmt.Errorf("classify: invalid category %q", s)
}

// Chinese returns the manual's Chinese name, e.g. "商品问题".
func (c Category) Chinese() string {
	if !c.Valid() {
		return c.String()
	}
	zh, _ := c.names()
	return zh
}

// English returns the English name, e.g. "product".
func (c Category) English() string {
	if !c.Valid() {
		return c.String()
	}
	_, en := c.names()
	return en
}

// Range returns the first and last code of the category.
func (c Category) Range() (first, last Code) {
	return Code(c)*1000 + 1, Code(c)*1000 + 999
}
