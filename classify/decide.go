package classify

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/sla"
)

// decide scores the codes and builds the result.
func (c *Classifier) decide(s *scratch, text string, in Complaint) Result {
	scores := s.scores
	clear(scores)
	touched := s.touched[:0] // entries whose use count must be reset
	var injury, threat = -1, -1
	for i := range s.hits {
		h := &s.hits[i]
		if h.dropped {
			continue
		}
		e := &c.entries[h.ent]
		if e.code < 0 {
			switch e.cue {
			case cueInjury:
				if injury < 0 {
					injury = i
				}
			case cueThreat:
				if threat < 0 {
					threat = i
				}
			}
			continue
		}
		u := s.uses[h.ent]
		if u >= 3 {
			h.factor = 0
			continue
		}
		if u == 0 {
			touched = append(touched, h.ent)
		}
		s.uses[h.ent] = u + 1
		h.factor /= float32(int(1) << u) // repeats count less: 1, ½, ¼
		scores[e.code] += float64(e.weight * h.factor)
	}
	for _, e := range touched {
		s.uses[e] = 0
	}
	s.touched = touched

	if injury >= 0 && c.safety >= 0 {
		scores[c.safety] += injuryBonus
	}
	if r := strings.ToLower(strings.TrimSpace(in.Reason)); r != "" {
		if idx, ok := c.reasons[r]; ok {
			scores[idx] += reasonWeight
		} else if code, err := ParseCode(r); err == nil {
			if idx := c.codeIndex(code); idx >= 0 {
				scores[idx] += reasonWeight
			}
		}
	}

	// Best and runner-up; ties go to the lower code (deterministic).
	best, second := int32(-1), int32(-1)
	for i, v := range scores {
		switch {
		case v <= 0:
		case best < 0 || v > scores[best]:
			best, second = int32(i), best
		case second < 0 || v > scores[second]:
			second = int32(i)
		}
	}

	var res Result
	top := 0.0
	if best >= 0 {
		top = scores[best]
	}
	if best < 0 || top < minScore {
		res.Code = CodeOther
		res.Confidence = math.Min(0.2, top/minScore*0.2)
		if c.other >= 0 {
			res.Name = c.codes[c.other].name
			res.Level = c.codes[c.other].level
		} else {
			res.Name = "其他"
			res.Level = sla.Level4
		}
		best = c.other
		if len(text) == 0 {
			res.Confidence = 0
		}
	} else {
		e := c.codes[best]
		res.Code, res.Name, res.Level = e.code, e.name, e.level
		runner := 0.0
		if second >= 0 {
			runner = scores[second]
		}
		// Share of the evidence, damped when there is little of it.
		res.Confidence = top / (top + runner) * (1 - math.Exp(-top/1.2))
	}

	// Candidates.
	n := 0
	for _, v := range scores {
		if v > 0 {
			n++
		}
	}
	if n > 0 {
		res.Candidates = make([]Candidate, 0, min(n, maxCandidates))
		for range min(n, maxCandidates) {
			bi := -1
			for i, v := range scores {
				if v > 0 && (bi < 0 || v > scores[bi]) {
					bi = i
				}
			}
			e := c.codes[bi]
			res.Candidates = append(res.Candidates, Candidate{Code: e.code, Name: e.name, Score: math.Round(scores[bi]*1000) / 1000})
			scores[bi] = -scores[bi] // taken; restored below
		}
		for i, v := range scores {
			if v < 0 {
				scores[i] = -v
			}
		}
	}

	// Evidence: the winning code's keywords and the escalation triggers.
	ne := 0
	for i := range s.hits {
		if c.isEvidence(s, i, best, injury, threat) {
			ne++
		}
	}
	if ne > 0 {
		res.Evidence = make([]Match, 0, min(ne, maxEvidence))
		for i := range s.hits {
			if len(res.Evidence) == maxEvidence {
				break
			}
			if !c.isEvidence(s, i, best, injury, threat) {
				continue
			}
			h := &s.hits[i]
			e := &c.entries[h.ent]
			start := int(s.pos[h.start].off)
			last := int(s.pos[h.end-1].off)
			_, size := utf8.DecodeRuneInString(text[last:])
			m := Match{Phrase: text[start : last+size], Keyword: e.text, Code: res.Code, Start: start, End: last + size}
			switch e.cue {
			case cueInjury:
				if e.code < 0 {
					m.Kind = KindInjury
				}
			case cueThreat:
				if e.code < 0 {
					m.Kind = KindThreat
				}
			}
			if evidenceSeen(res.Evidence, m) {
				continue
			}
			res.Evidence = append(res.Evidence, m)
		}
	}

	c.escalate(&res, s, injury, threat, in)
	return res
}

// evidenceSeen reports whether ev already holds a match over the same span
// for the same code and kind (a keyword listed in two scripts, 不保温 and
// 不保溫, is one piece of evidence). Evidence is in hit order, by start, so
// only its tail can share m's start.
func evidenceSeen(ev []Match, m Match) bool {
	for i := len(ev) - 1; i >= 0 && ev[i].Start == m.Start; i-- {
		if ev[i].End == m.End && ev[i].Code == m.Code && ev[i].Kind == m.Kind {
			return true
		}
	}
	return false
}

func (c *Classifier) isEvidence(s *scratch, i int, best int32, injury, threat int) bool {
	h := &s.hits[i]
	if h.dropped {
		return false
	}
	e := &c.entries[h.ent]
	if e.code >= 0 {
		return e.code == best && h.factor > 0
	}
	return i == injury || i == threat
}

// codeIndex returns the dense index of code, or -1.
func (c *Classifier) codeIndex(code Code) int32 {
	i, ok := slices.BinarySearchFunc(c.codes, code, func(e *codeEntry, t Code) int { return int(e.code) - int(t) })
	if !ok {
		return -1
	}
	return int32(i)
}
