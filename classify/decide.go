package classify

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/sla"
)

// tally sums the surviving keyword weights per code into s.scores (the
// lexicon's scores) and finds the first injury and threat that stand.
func (c *Classifier) tally(s *scratch, in Complaint) (injury, threat int) {
	scores := s.scores
	clear(scores)
	touched := s.touched[:0] // entries whose use count must be reset
	injury, threat = -1, -1
	s.disowned = false
	for i := range s.hits {
		h := &s.hits[i]
		e := &c.entries[h.ent]
		if h.dropped {
			// An injury the cues ruled out (像要爆炸了一样, 差点烫伤,
			// 没受伤): the text was read for harm and none was found.
			s.disowned = s.disowned || (e.code < 0 && e.cue == cueInjury)
			continue
		}
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
	// A reason chosen in a form is strong evidence: for the lexicon, a
	// keyword of weight reasonWeight; for the model, reasonLogit added to
	// the code's logit (predict).
	s.reason = c.reasonIndex(in.Reason)
	if s.reason >= 0 && (c.model == nil || c.modelClass[s.reason] < 0) {
		scores[s.reason] += reasonWeight
	}
	return injury, threat
}

// reasonIndex returns the code index Complaint.Reason points to, or -1.
func (c *Classifier) reasonIndex(reason string) int32 {
	r := strings.ToLower(strings.TrimSpace(reason))
	if r == "" {
		return -1
	}
	if idx, ok := c.reasons[r]; ok {
		return idx
	}
	if code, err := ParseCode(r); err == nil {
		return c.codeIndex(code)
	}
	return -1
}

// lexiconBest returns the code index with the highest lexicon score and
// that score; ties go to the lower code. -1 when no code has evidence.
func lexiconBest(scores []float64) (best int32, top float64) {
	best = -1
	for i, v := range scores {
		if v > 0 && (best < 0 || v > scores[best]) {
			best = int32(i)
		}
	}
	if best >= 0 {
		top = scores[best]
	}
	return best, top
}

// decide picks the code and builds the result: from the model's
// probabilities (s.probs) when the classifier has a model, from the
// lexicon's scores otherwise.
func (c *Classifier) decide(s *scratch, text string, in Complaint, injury, threat int) Result {
	var res Result
	best, conf, rank := c.pick(s)
	if best < 0 || best == c.other {
		res.Code, res.Name, res.Level = CodeOther, "其他", sla.Level4
		if c.other >= 0 {
			e := c.codes[c.other]
			res.Name, res.Level = e.name, e.level
		}
		best = c.other
	} else {
		e := c.codes[best]
		res.Code, res.Name, res.Level = e.code, e.name, e.level
	}
	res.Confidence = conf
	if len(text) == 0 {
		res.Confidence = 0
	}
	res.Candidates = c.candidates(rank)
	if !harmRaises(res.Code) {
		injury = -1 // neither evidence nor an escalation
	}
	res.Evidence = c.evidence(s, text, res.Code, best, injury, threat)
	c.escalate(&res, s, injury, threat, in)
	c.doubtLevel1(&res, s)
	return res
}

// pick chooses the code index and its confidence, and returns the vector
// that ranks the candidates.
//
// With a model, the model's most probable code wins, unless the lexicon's
// best code is one the model does not know (a merchant's own code) with
// enough evidence: the merchant's phrase is the authority for its code.
// Without a model, the lexicon's best code wins if its score reaches
// minScore; below that nothing matched (5999).
func (c *Classifier) pick(s *scratch) (best int32, conf float64, rank []float64) {
	lexBest, top := lexiconBest(s.scores)
	if c.model != nil && (lexBest < 0 || top < minScore || c.modelClass[lexBest] >= 0) {
		best = -1
		for i, p := range s.probs {
			if best < 0 || p > s.probs[best] {
				best = int32(i)
			}
		}
		// No keyword and next to nothing the model knows ("a", "😀"): no
		// answer, 5999, with the low confidence of a lexicon that matched
		// nothing (the model's 5999 there is its prior, not evidence).
		if (lexBest < 0 || top < minScore) && s.reason < 0 && len(s.grams) < minGrams {
			if c.other < 0 {
				return -1, 0, s.probs
			}
			return c.other, math.Min(s.probs[c.other], noMatchConfidence), s.probs
		}
		return best, s.probs[best], s.probs
	}
	if lexBest < 0 || top < minScore {
		return -1, math.Min(noMatchConfidence, top/minScore*noMatchConfidence), s.scores
	}
	runner := 0.0
	for i, v := range s.scores {
		if int32(i) != lexBest && v > runner {
			runner = v
		}
	}
	// Share of the evidence, damped when there is little of it.
	return lexBest, top / (top + runner) * (1 - math.Exp(-top/1.2)), s.scores
}

// candidates ranks the codes by rank, best first, at most maxCandidates:
// those with a probability above minCandidate under a model, those
// with any evidence without one.
func (c *Classifier) candidates(rank []float64) []Candidate {
	floor := 0.0
	if c.model != nil {
		floor = minCandidate
	}
	n := 0
	for _, v := range rank {
		if v > floor {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Candidate, 0, min(n, maxCandidates))
	for range min(n, maxCandidates) {
		bi := -1
		for i, v := range rank {
			if v > floor && (bi < 0 || v > rank[bi]) {
				bi = i
			}
		}
		e := c.codes[bi]
		out = append(out, Candidate{Code: e.code, Name: e.name, Score: math.Round(rank[bi]*1000) / 1000})
		rank[bi] = -rank[bi] // taken; restored below
	}
	for i, v := range rank {
		if v < 0 {
			rank[i] = -v
		}
	}
	return out
}

// evidence lists the winning code's keywords, the escalation triggers and
// the n-grams that weighed most for the code in the model, in text order.
func (c *Classifier) evidence(s *scratch, text string, code Code, best int32, injury, threat int) []Match {
	grams := c.topGrams(s, best)
	ne := len(grams)
	for i := range s.hits {
		if c.isEvidence(s, i, best, injury, threat) {
			ne++
		}
	}
	if ne == 0 {
		return nil
	}
	ev := make([]Match, 0, min(ne, maxEvidence))
	for i := range s.hits {
		if len(ev) == maxEvidence {
			break
		}
		if !c.isEvidence(s, i, best, injury, threat) {
			continue
		}
		h := &s.hits[i]
		e := &c.entries[h.ent]
		m := s.match(text, h.start, h.end)
		m.Keyword, m.Code = e.text, code
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
		if evidenceSeen(ev, m) {
			continue
		}
		ev = append(ev, m)
	}
	for _, g := range grams {
		if g.n == 0 || len(ev) == maxEvidence {
			continue
		}
		m := s.match(text, g.end+1-int32(g.n), g.end+1)
		m.Keyword, m.Code, m.Kind, m.Weight = m.Phrase, code, KindModel, math.Round(float64(g.weight)*1000)/1000
		if coveredBy(ev, m) {
			continue
		}
		ev = append(ev, m)
	}
	slices.SortStableFunc(ev, func(a, b Match) int { return a.Start - b.Start })
	return ev
}

// match is the Match over normalised positions [start, end): its phrase
// and byte offsets in the original text.
func (s *scratch) match(text string, start, end int32) Match {
	from := int(s.pos[start].off)
	last := int(s.pos[end-1].off)
	_, size := utf8.DecodeRuneInString(text[last:])
	return Match{Phrase: text[from : last+size], Start: from, End: last + size}
}

// coveredBy reports whether a match in ev already covers m's span.
func coveredBy(ev []Match, m Match) bool {
	for _, e := range ev {
		if e.Start <= m.Start && m.End <= e.End {
			return true
		}
	}
	return false
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

// noMatchConfidence is the most confidence an answer gets when nothing
// matched: 5999 for want of evidence, not because of it.
const noMatchConfidence = 0.2

// minGrams is the least number of n-grams the model must know in a text
// without a keyword of the taxonomy for its guess to count; below it the
// answer is 5999. (A threshold on the guess's probability instead cost
// accuracy on the dev split of testdata/real at every level tried.)
const minGrams = 3

// DefaultLevel1Share is the probability the model must give the level-1
// codes together (counterfeit, safety hazard, food safety: base level 1)
// for a complaint classified under another code to be level 1 all the
// same (see WithLevel1Share). When the text might well be a level-1
// complaint, the deadline of level 1 is the safe one: a level-1 complaint
// handled as level 2 waits days instead of hours. Chosen by 5-fold
// cross-validation over the train and dev splits of testdata/real (-gen.cv
// in model_gen_test.go), where it finds 78.1 % of the level-1 complaints
// with 83.7 % of its level-1 answers right; 0.5 finds 74.8 % at 85.6 %,
// 0.25 81.2 % at 80.2 %, 0.1 87.3 % at 63.5 %, 0.02 95.5 % at 34.5 % (means
// over three seeds, the package's model, classify/BENCHMARKS.md). On the
// fresh splits, drawn from what was left after the texts with the commonest
// level-1 words had been taken for training, it finds fewer: 65 % at 69–86 %
// (testdata/real/fresh.jsonl, fresh2.jsonl).
const DefaultLevel1Share = 0.35

// doubtLevel1 raises res to level 1 when the model's level-1 codes together
// reach c.level1, and says so in Escalations.
//
// Not when the text's only injury is one the cues ruled out (像要爆炸了一样,
// 差点烫伤): the model reads 爆炸 and 烫伤 as safety codes wherever they
// stand, but the lexicon is the authority on whether harm happened. Nor
// when harm does not raise the code (harmRaises: a book review's 毒人关注
// answered 5999; cross-validation, level-1 precision +0.2 points at the
// same recall).
func (c *Classifier) doubtLevel1(res *Result, s *scratch) {
	if c.model == nil || res.Level == sla.Level1 || s.disowned || !harmRaises(res.Code) {
		return
	}
	p := 0.0
	for i, e := range c.codes {
		if e.level == sla.Level1 && c.modelClass[i] >= 0 {
			p += s.probs[i]
		}
	}
	if p >= c.level1 {
		res.Level = sla.Level1
		res.Escalations = append(res.Escalations, "possibly level 1: the model gives counterfeit, safety or food-safety codes "+strconv.Itoa(int(math.Round(p*100)))+" % → L1")
	}
}
