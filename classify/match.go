package classify

import "unicode/utf8"

// The match stage: normalise the text and find every keyword and cue in
// one pass of the automaton, then drop the hits that are not whole words or
// that a longer hit covers.

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
			if prevDigit {
				// 4.5, 12:30: one number, no clause break; but no keyword
				// spans the point (3.15 is a date, not the 315 hotline).
				pos = append(pos, position{off: int32(off), clause: clause, r: '.'})
				state = 0
				prevDigit = false
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
