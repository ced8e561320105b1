package classify

import (
	"strconv"

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
	base := res.Level
	lvl := base
	var esc []string
	add := func(msg string, to sla.Level) {
		lvl = min(lvl, to)
		esc = append(esc, msg+" → "+to.String())
	}
	if injury >= 0 {
		add("injury or safety incident: "+c.entries[s.hits[injury].ent].text, sla.Level1)
	}
	if threat >= 0 {
		add("regulator/media/court threat: "+c.entries[s.hits[threat].ent].text, max(sla.Level1, lvl-1))
	}
	if res.Code.Category() == CategoryProduct && !in.OrderAmount.LessThan(c.highValue) && !c.highValue.IsZero() {
		add("high-value product: order amount "+in.OrderAmount.String()+" ≥ "+c.highValue.String(), sla.Level1)
	}
	if in.AffectedCustomers >= c.groupSize {
		add("group complaint: "+strconv.Itoa(in.AffectedCustomers)+" affected customers ≥ "+strconv.Itoa(c.groupSize), sla.Level1)
	}
	res.Level = lvl
	res.Escalations = esc
}
