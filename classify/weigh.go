package classify

import (
	"math"

	"github.com/aftersales-go/aftersales/sla"
)

// weigh applies the cues to the evidence hits: negated ones are dropped,
// tolerated and superseded ones discounted, the main complaint boosted.
// Two sweeps over the hits (forward for cues before a keyword, backward for
// cues after it), so the cost is linear in the number of hits.
func (c *Classifier) weigh(s *scratch) {
	c.cuesBefore(s)
	c.cuesAfter(s)
}

// cuesBefore applies the cues that precede a keyword in its clause:
// negation, near misses, concessions, focus, someone else's harm.
func (c *Classifier) cuesBefore(s *scratch) {
	hits := s.hits
	pos := s.pos
	const none = math.MinInt32 / 2
	var (
		clause                     = int32(-1)
		negEnd, negASCII, clNeg    int32
		nearMiss, concede, focused bool
		notOwn, guess              bool
		clNegASCII                 bool
	)
	for i := range hits {
		h := &hits[i]
		e := &c.entries[h.ent]
		if cl := pos[h.start].clause; cl != clause {
			clause = cl
			negEnd, negASCII, clNeg = none, none, none
			nearMiss, concede, focused, notOwn, guess = false, false, false, false, false
		}
		if clNegASCII && clNeg != none && h.start-clNeg > clauseNegateASCII {
			clNeg = none // English negation reaches a few words, not a run-on sentence
		}
		negated := h.start-negEnd <= negateWindow || h.start-negASCII <= negateWindowASCII
		if e.code < 0 {
			switch e.cue {
			case cueNegate:
				if e.asciiEnd {
					negASCII = max(negASCII, h.end)
				} else {
					negEnd = max(negEnd, h.end)
				}
			case cueNegateClause:
				clNeg = h.end
				clNegASCII = e.asciiEnd
			case cueContrast:
				clNeg = none // 不是 A 而是 B: the negation ends at 而是
			case cueFocus:
				clNeg = none
				focused = true
			case cueNearMiss:
				nearMiss = true
			case cueNotOwn:
				notOwn = true
			case cueGuess:
				guess = true
			case cueConcedeNext:
				concede = true
			case cueInjury, cueThreat:
				// 没受伤, 不会去投诉, 差点烫伤: did not happen.
				if negated || clNeg != none || (nearMiss && e.cue == cueInjury) || notOwn {
					h.dropped = true
				}
			}
			continue
		}
		if e.negOnly {
			// A negated "~" keyword is the complaint itself (不保温).
			if !negated || clNeg != none {
				h.dropped = true
			}
		} else if negated || clNeg != none {
			h.dropped = true
		}
		if nearMiss || ((notOwn || guess) && c.codes[e.code].level == sla.Level1) {
			// 差点烫伤; 像要爆炸了一样 is a simile, not a hazard, and 像是
			// 假货 a guess, not a fake found (LABELLING.md).
			h.factor *= nearMissDiscount
		}
		if concede {
			h.factor *= concedeDiscount
		}
		if focused {
			h.factor *= focusBoost
		}
	}
}

// cuesAfter applies the cues that follow a keyword in its clause: "but it
// is fine", concessions, contrasts, someone else's harm.
func (c *Classifier) cuesAfter(s *scratch) {
	hits := s.hits
	pos := s.pos
	clause := int32(-1)
	fineStart, concedeAfter, notOwnAfter := int32(math.MaxInt32/2), false, false
	contrasts := 0
	for i := len(hits) - 1; i >= 0; i-- {
		h := &hits[i]
		e := &c.entries[h.ent]
		if cl := pos[h.start].clause; cl != clause {
			clause = cl
			fineStart, concedeAfter, notOwnAfter = math.MaxInt32/2, false, false
		}
		if e.code < 0 {
			switch e.cue {
			case cueFine:
				fineStart = min(fineStart, h.start)
			case cueConcede:
				concedeAfter = true
			case cueContrast, cueFocus:
				contrasts++
			case cueNotOwn:
				notOwnAfter = true
			case cueInjury, cueThreat:
				// 像被电了一下似的, 记者从公安局获悉: not the complainant's.
				if notOwnAfter {
					h.dropped = true
				}
			}
			continue
		}
		if !e.negOnly && fineStart-h.end <= fineWindow && fineStart >= h.end {
			h.dropped = true
		}
		if concedeAfter {
			h.factor *= concedeDiscount
		}
		if notOwnAfter && c.codes[e.code].level == sla.Level1 {
			h.factor *= nearMissDiscount // 像被电了一下似的
		}
		for k := 0; k < contrasts && k < 3; k++ {
			h.factor *= contrastDiscount
		}
	}
}
