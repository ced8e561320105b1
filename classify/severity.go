package classify

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/sla"
)

// escalate applies TAXONOMY.md's level rules, in order, to res.Level (which
// holds the code's base level) and lists every rule that fired:
//
//  1. base level of the code;
//  2. an injury or safety incident that happened → level 1 (a near miss
//     does not count);
//  3. a threat to go to a regulator, the media, the police or a court, or a
//     report already made → one level more severe;
//  4. order amount ≥ the high-value threshold with a product code (1xxx) → 1;
//  5. affected customers ≥ the group size → 1.
func (c *Classifier) escalate(res *Result, s *scratch, injury, threat int, in Complaint) {
	e := c.escalation(injury >= 0, threat >= 0, in)
	var esc []string
	// Injury and threat messages are built once per keyword in New, so
	// that the common escalations cost no allocation but the slice's.
	if e.injury {
		esc = append(esc, c.escMsg[s.hits[injury].ent][0])
	}
	if e.threat {
		to := escalation{injury: e.injury, threat: true}.level(res.Code, res.Level)
		esc = append(esc, c.escMsg[s.hits[threat].ent][to-1])
	}
	if e.highValue && res.Code.Category() == CategoryProduct {
		esc = append(esc, "high-value product: order amount "+amountString(in.OrderAmount)+" ≥ "+c.highValue.String()+" → L1")
	}
	if e.group {
		esc = append(esc, "group complaint: "+strconv.Itoa(in.AffectedCustomers)+" affected customers ≥ "+strconv.Itoa(c.groupSize)+" → L1")
	}
	res.Level = e.level(res.Code, res.Level)
	res.Escalations = esc
}

// escalation is what the level rules read in a complaint beside its code:
// the same for every code, so that training can ask what level each code
// would give (train_fit.go).
type escalation struct {
	injury, threat bool // rules 2 and 3, from the lexicon's cues
	highValue      bool // the order amount reaches the high-value threshold (rule 4, for product codes)
	group          bool // rule 5
}

// escalation returns the rules' reading of complaint in, whose text has
// an injury or a threat that counts as given.
func (c *Classifier) escalation(injury, threat bool, in Complaint) escalation {
	return escalation{
		injury:    injury,
		threat:    threat,
		highValue: !c.highValue.IsZero() && atLeast(in.OrderAmount, c.highValue),
		group:     in.AffectedCustomers >= c.groupSize,
	}
}

// level applies the rules to a complaint classified under code, whose
// base level is base.
func (e escalation) level(code Code, base sla.Level) sla.Level {
	lvl := base
	if !harmRaises(code) {
		e.injury = false
	}
	if e.injury {
		lvl = sla.Level1
	}
	if e.threat {
		lvl = max(sla.Level1, lvl-1)
	}
	if (e.highValue && code.Category() == CategoryProduct) || e.group {
		lvl = sla.Level1
	}
	return lvl
}

// harmRaises reports whether harm raises a text classified under code to
// level 1: an injury (rule 2, escalation.level) or the model's level-1
// codes (doubtLevel1). CodeOther is also the answer for text that is not a
// complaint (news, a boycott post, an opinion on a book's content), which
// is level 4 by TAXONOMY.md's labelling conventions: harm in it is not the
// writer's own (医院 in a book review, 中毒 in a news item, 毒 in a typo),
// and a complaint about harm that happened has a code of its own (1005,
// 1006, 1001), so neither raises CodeOther. A threat does (rule 3): "再不
// 处理我就去找记者曝光" is a complaint without a named problem.
func harmRaises(code Code) bool { return code != CodeOther }

// levelName is sla.Level.String without fmt, for valid levels.
func levelName(l sla.Level) string {
	switch l {
	case sla.Level1:
		return "L1"
	case sla.Level2:
		return "L2"
	case sla.Level3:
		return "L3"
	case sla.Level4:
		return "L4"
	}
	return l.String()
}

// escalationMessages returns the messages of an injury or threat keyword,
// one per resulting level.
func escalationMessages(e *entry) [4]string {
	prefix := "injury or safety incident: "
	if e.cue == cueThreat {
		prefix = "regulator/media/court threat: "
	}
	var m [4]string
	for i := range m {
		m[i] = prefix + e.text + " → " + levelName(sla.Level(i+1))
	}
	return m
}

// atLeast reports a ≥ t for a positive threshold t in time independent of
// a's exponent: decimal.Cmp rescales to the smaller exponent, which for an
// amount such as 1e100000000 means a number of 100 million digits.
func atLeast(a, t decimal.Decimal) bool {
	if a.Sign() <= 0 {
		return false
	}
	// The number of digits before the point, give or take one.
	ma := int64(a.NumDigits()) + int64(a.Exponent())
	mt := int64(t.NumDigits()) + int64(t.Exponent())
	switch {
	case ma > mt+1:
		return true
	case ma < mt-1:
		return false
	}
	return !a.LessThan(t) // exponents within a few places of each other: cheap
}

// amountString prints an amount for a message, in bounded length: the
// exponent form for amounts no order has (1e+100000000).
func amountString(d decimal.Decimal) string {
	if e := d.Exponent(); e > 20 || e < -20 || d.NumDigits() > 40 {
		c := d.Coefficient().String()
		if len(c) > 20 {
			c = c[:20] + "…"
		}
		return c + "e" + strconv.Itoa(int(e))
	}
	return d.String()
}
