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
		esc = append(esc, msg+" → "+levelName(to))
	}
	// Injury and threat messages are built once per keyword in New, so
	// that the common escalations cost no allocation but the slice's.
	if injury >= 0 {
		lvl = sla.Level1
		esc = append(esc, c.escMsg[s.hits[injury].ent][0])
	}
	if threat >= 0 {
		lvl = max(sla.Level1, lvl-1)
		esc = append(esc, c.escMsg[s.hits[threat].ent][lvl-1])
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
