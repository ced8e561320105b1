package classify

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/sla"
)

// MaxTextBytes bounds the text Classify reads: longer texts are classified
// on their first MaxTextBytes bytes (cut on a rune boundary). It keeps byte
// offsets in 32 bits and memory bounded; a complaint is never this long.
const MaxTextBytes = 16 << 20

// Tuning constants. They are deliberately few and coarse: the lexicon
// weights carry most of the meaning.
const (
	negateWindow      = 2    // runes between a negator and the keyword it negates (CJK)
	negateWindowASCII = 8    // the same for English negators ("not really working")
	fineWindow        = 4    // runes between a keyword and a "fine" cue after it (质量还可以)
	clauseNegateASCII = 24   // runes an English clause negation reaches ("not the …")
	injuryBonus       = 1.0  // an injury is weak evidence of a safety hazard (1005)
	contrastDiscount  = 0.5  // per contrast cue after a keyword (…，但是…)
	concedeDiscount   = 0.25 // for keywords a concession tolerates (…就算了)
	nearMissDiscount  = 0.3  // for keywords after 差点/幸好 in the clause
	focusBoost        = 1.6  // for keywords after 主要是/关键是
	reasonWeight      = 3.0  // for Complaint.Reason
	minScore          = 0.8  // below this, nothing matched (5999)
	maxEvidence       = 32
	maxCandidates     = 5
)

// scratch is the per-call working memory, pooled by the classifier.
type scratch struct {
	pos     []position
	hits    []hit
	uses    []uint8 // per entry: how often it already counted
	touched []int32 // entries with uses > 0
	firsts  []firstPart
	gen     uint32    // call counter: firsts from earlier calls are stale
	scores  []float64 // per code index
}

// firstPart is where the first part of a proximity keyword was last seen.
type firstPart struct {
	gen                uint32
	start, end, clause int32
	ascii              bool
}

// position is one normalised rune.
type position struct {
	off    int32 // byte offset of the original rune
	clause int32
	r      rune // normalised rune
	sep    bool // a separator (or the start of text) precedes it
}

// hit is one occurrence of one entry, in normalised positions [start, end).
type hit struct {
	start, end int32
	ent        int32
	dropped    bool
	factor     float32
}

// Classify classifies one complaint. It never fails and never panics: an
// empty or unreadable text is 5999 (其他) at level 4 with zero confidence,
// unless the other fields raise it.
func (c *Classifier) Classify(in Complaint) Result {
	text := validUTF8Prefix(in.Text, MaxTextBytes)
	s := c.scratch.Get().(*scratch)
	defer c.putScratch(s)

	c.scan(s, text)
	c.resolve(s)
	c.weigh(s)
	return c.decide(s, text, in)
}

func (c *Classifier) putScratch(s *scratch) {
	// Do not keep the memory of a huge text alive.
	if cap(s.pos) > 1<<16 {
		s.pos = nil
	}
	if cap(s.hits) > 1<<12 {
		s.hits = nil
	}
	c.scratch.Put(s)
}

// scan normalises text and runs the automaton over it, in one pass.
func (c *Classifier) scan(s *scratch, text string) {
	pos := s.pos[:0]
	s.hits = s.hits[:0]
	s.gen++
	if s.gen == 0 { // wrapped: old entries could look current
		clear(s.firsts)
		s.gen = 1
	}
	ac, fold, class := c.ac, c.fold, c.class
	state := int32(0)
	clause := int32(0)
	sep := true
	prevDigit := false
	prevSpace := false
	for i := 0; i < len(text); {
		var r rune
		size := 1
		if b := text[i]; b < utf8.RuneSelf {
			r = rune(b)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		off := i
		i += size
		var f rune
		var cls uint16
		if r <= 0xFFFF {
			f = rune(fold[r])
			cls = class[f]
		} else {
			f = r
			cls = c.classOfRune(f)
		}
		if r == utf8.RuneError {
			cls = classSoft
		} else if f == '-' && prevSpace {
			cls = classHard // " - " between clauses, not knock-off
		}
		prevSpace = f == ' '
		switch cls {
		case classSoft:
			sep = true
			prevDigit = false
			continue
		case classPoint:
			if prevDigit { // 4.5, 12:30
				continue
			}
			fallthrough
		case classHard:
			clause++
			state = 0
			sep = true
			prevDigit = false
			continue
		}
		n := int32(len(pos))
		pos = append(pos, position{off: int32(off), clause: clause, r: f, sep: sep})
		sep = false
		prevDigit = f >= '0' && f <= '9'
		state = ac.step(state, cls)
		if ac.outFirst[state] != ac.outFirst[state+1] {
			s.pos = pos
			c.emit(s, state, n, clause)
		}
	}
	s.pos = pos
}

// emit records the hits of the patterns ending at normalised position n
// (the automaton is in state).
func (c *Classifier) emit(s *scratch, state, n, clause int32) {
	for _, p := range c.ac.outputs(state) {
		for e := c.patFirst[p]; e < c.patFirst[p+1]; e++ {
			ent := &c.entries[e]
			start := n + 1 - ent.runes
			if ent.asciiBeg && !c.wordStart(s, start) {
				continue
			}
			switch ent.part {
			case 1:
				continue // below, after second parts: 一只...一只 pairs two occurrences
			case 2:
				// A proximity keyword: its first part in this clause,
				// ended before this part starts, and close enough.
				f := &s.firsts[ent.near-c.firstVirtual]
				gap := int32(nearGap)
				if ent.asciiBeg {
					gap = nearGapASCII
				}
				if f.gen != s.gen || f.clause != clause || f.end > start || start-f.end > gap ||
					(f.ascii && !c.wordEnd(s, f.end, true)) {
					continue
				}
				s.addHit(hit{start: f.start, end: n + 1, ent: ent.near, factor: 1})
				continue
			}
			s.addHit(hit{start: start, end: n + 1, ent: e, factor: 1})
		}
		for e := c.patFirst[p]; e < c.patFirst[p+1]; e++ {
			if ent := &c.entries[e]; ent.part == 1 {
				start := n + 1 - ent.runes
				if ent.asciiBeg && !c.wordStart(s, start) {
					continue
				}
				s.firsts[ent.near-c.firstVirtual] = firstPart{gen: s.gen, start: start, end: n + 1, clause: clause, ascii: ent.asciiEnd}
			}
		}
	}
}

// addHit appends h keeping the hits sorted by start, longest first. The
// automaton reports hits by end, so h only moves past the few hits that
// end within one keyword's length: insertion, linear overall.
func (s *scratch) addHit(h hit) {
	s.hits = append(s.hits, h)
	i := len(s.hits) - 1
	for i > 0 && hitLess(h, s.hits[i-1]) {
		s.hits[i] = s.hits[i-1]
		i--
	}
	s.hits[i] = h
}

func hitLess(a, b hit) bool {
	if a.start != b.start {
		return a.start < b.start
	}
	if a.end != b.end {
		return a.end > b.end
	}
	return a.ent < b.ent
}

// wordStart reports whether an English keyword may start at position i:
// after a separator or a character that is not an ASCII letter or digit.
func (c *Classifier) wordStart(s *scratch, i int32) bool {
	if i == 0 || s.pos[i].sep {
		return true
	}
	return !isASCIIAlnum(s.pos[i-1].r)
}

// wordEnd reports whether an English keyword may end before position i: at
// a separator, a non-ASCII character, or an inflection that is a whole word
// with it (refund → refunded, crack → cracks). Cues must end exactly.
func (c *Classifier) wordEnd(s *scratch, i int32, inflect bool) bool {
	n := int32(len(s.pos))
	if i >= n || s.pos[i].sep || !isASCIIAlnum(s.pos[i].r) {
		return true
	}
	if !inflect {
		return false
	}
	j := i
	for j < n && j-i < 4 && !s.pos[j].sep && s.pos[j].r >= 'a' && s.pos[j].r <= 'z' {
		j++
	}
	if j < n && !s.pos[j].sep && isASCIIAlnum(s.pos[j].r) {
		return false
	}
	var buf [4]byte
	for k := i; k < j; k++ {
		buf[k-i] = byte(s.pos[k].r)
	}
	switch string(buf[:j-i]) {
	case "s", "es", "ed", "d", "ing", "er", "ers", "ly", "y", "ness":
		return true
	}
	return false
}

// resolve drops hits that are not whole English words, and hits inside a
// longer hit: 多媒体 hides 媒体, 不制冷 hides 制冷, 没收到 hides its 没.
func (c *Classifier) resolve(s *scratch) {
	hits := s.hits
	for i := range hits {
		h := &hits[i]
		e := &c.entries[h.ent]
		if e.asciiEnd && !c.wordEnd(s, h.end, e.inflect) {
			h.dropped = true
		}
	}
	// Hits are sorted by start (addHit). A proximity keyword is hidden by
	// a longer keyword covering it (电池鼓包 hides 电池...鼓) but hides
	// nothing: the text between its parts may hold keywords of its own.
	// A proximity keyword whose parts are adjacent is the plain keyword of
	// the same code over the same span (不给...退 in 不给退): that keyword,
	// not a second piece of evidence.
	maxStart, maxEnd, maxCode := int32(-1), int32(-1), int32(-1)
	for i := range hits {
		h := &hits[i]
		if h.dropped {
			continue
		}
		e := &c.entries[h.ent]
		if h.end <= maxEnd && (h.start != maxStart || h.end != maxEnd) {
			h.dropped = true
			continue
		}
		if e.pair {
			if h.start == maxStart && h.end == maxEnd && e.code == maxCode && e.code >= 0 {
				h.dropped = true
			}
			continue
		}
		if h.end > maxEnd {
			maxStart, maxEnd, maxCode = h.start, h.end, e.code
		}
	}
	// Compact.
	k := 0
	for _, h := range hits {
		if !h.dropped {
			hits[k] = h
			k++
		}
	}
	s.hits = hits[:k]
}

// weigh applies the cues to the evidence hits: negated ones are dropped,
// tolerated and superseded ones discounted, the main complaint boosted.
// Two sweeps over the hits (forward for cues before a keyword, backward for
// cues after it), so the cost is linear in the number of hits.
func (c *Classifier) weigh(s *scratch) {
	hits := s.hits
	pos := s.pos
	const none = math.MinInt32 / 2
	var (
		clause                     = int32(-1)
		negEnd, negASCII, clNeg    int32
		nearMiss, concede, focused bool
		clNegASCII                 bool
	)
	for i := range hits {
		h := &hits[i]
		e := &c.entries[h.ent]
		if cl := pos[h.start].clause; cl != clause {
			clause = cl
			negEnd, negASCII, clNeg = none, none, none
			nearMiss, concede, focused = false, false, false
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
			case cueConcedeNext:
				concede = true
			case cueInjury, cueThreat:
				// 没受伤, 不会去投诉, 差点烫伤: did not happen.
				if negated || clNeg != none || (nearMiss && e.cue == cueInjury) {
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
		if nearMiss {
			h.factor *= nearMissDiscount
		}
		if concede {
			h.factor *= concedeDiscount
		}
		if focused {
			h.factor *= focusBoost
		}
	}

	// Backward: cues after a keyword.
	s.hits = hits
	clause = -1
	fineStart, concedeAfter := int32(math.MaxInt32/2), false
	contrasts := 0
	for i := len(hits) - 1; i >= 0; i-- {
		h := &hits[i]
		e := &c.entries[h.ent]
		if cl := pos[h.start].clause; cl != clause {
			clause = cl
			fineStart, concedeAfter = math.MaxInt32/2, false
		}
		if e.code < 0 {
			switch e.cue {
			case cueFine:
				fineStart = min(fineStart, h.start)
			case cueConcede:
				concedeAfter = true
			case cueContrast, cueFocus:
				contrasts++
			}
			continue
		}
		if !e.negOnly && fineStart-h.end <= fineWindow && fineStart >= h.end {
			h.dropped = true
		}
		if concedeAfter {
			h.factor *= concedeDiscount
		}
		for k := 0; k < contrasts && k < 3; k++ {
			h.factor *= contrastDiscount
		}
	}
}

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
