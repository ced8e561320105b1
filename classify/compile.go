package classify

import (
	"errors"
	"slices"
	"strings"
)

// Compiling the taxonomy's keywords and cues into the match stage: one
// entry per keyword (per part, for a proximity keyword), an alphabet of
// the runes the keywords use, and one automaton over them whose pattern p
// stands for entries[patFirst[p]:patFirst[p+1]].

// pendingEntry is an entry before it is compiled, with its normalised
// pattern.
type pendingEntry struct {
	norm string
	e    entry
}

// pairKey identifies a proximity keyword across scripts.
type pairKey struct {
	first, near string
	code        int32
	cue         cueKind
}

// keywordSet collects the entries of a taxonomy's keywords.
type keywordSet struct {
	all     []pendingEntry
	virtual []entry // entries of proximity keywords, not in the automaton
	pairs   map[pairKey]int32
}

// addOne adds the entry of one pattern.
func (ks *keywordSet) addOne(text string, k keyword, code int32, cue cueKind, weight float64, part int8, near int32) {
	norm, _ := normalizeKeyword(text)
	if len(norm) == 0 {
		return
	}
	e := entry{
		text:     k.String(),
		code:     code,
		cue:      cue,
		weight:   float32(weight),
		runes:    int32(len(norm)),
		negOnly:  k.negOnly,
		asciiBeg: isASCIIAlnum(norm[0]),
		asciiEnd: isASCIIAlnum(norm[len(norm)-1]),
		inflect:  code >= 0 || cue == cuePart || cue == cueInjury || cue == cueThreat,
		part:     part,
		near:     near,
	}
	ks.all = append(ks.all, pendingEntry{string(norm), e})
}

// add adds keyword k: one entry, or for a proximity keyword ("charged...
// twice") a virtual entry and the entries of its two parts.
func (ks *keywordSet) add(k keyword, code int32, cue cueKind, weight float64) {
	if k.near == "" {
		ks.addOne(k.text, k, code, cue, weight, 0, 0)
		return
	}
	first, _ := normalizeKeyword(k.text)
	near, _ := normalizeKeyword(k.near)
	// The same pair in another script (态度...差, 態度...差) is one
	// keyword: counted once, at its highest weight.
	key := pairKey{string(first), string(near), code, cue}
	if v, dup := ks.pairs[key]; dup {
		ks.virtual[v].weight = max(ks.virtual[v].weight, float32(weight))
		return
	}
	v := int32(len(ks.virtual))
	ks.pairs[key] = v
	last := len(near) > 0 && isASCIIAlnum(near[len(near)-1])
	ks.virtual = append(ks.virtual, entry{text: k.String(), code: code, cue: cue, weight: float32(weight), pair: true, asciiEnd: last, inflect: true})
	ks.addOne(k.text, k, -1, cuePart, 0, 1, v)
	ks.addOne(k.near, k, -1, cuePart, 0, 2, v)
}

// compileKeywords builds the match stage from the taxonomy's keywords and
// cues (c.codes must be indexed).
func (c *Classifier) compileKeywords() error {
	ks := keywordSet{pairs: map[pairKey]int32{}}
	for i, e := range c.codes {
		for _, k := range e.keywords {
			ks.add(k, int32(i), 0, k.weight*e.weight)
		}
	}
	for kind := range numCues {
		for _, k := range c.tax.cues[kind] {
			ks.add(k, -1, kind, k.weight)
		}
	}
	slices.SortStableFunc(ks.all, func(a, b pendingEntry) int { return strings.Compare(a.norm, b.norm) })

	c.fold = foldTable()
	c.class = new([0x10000]uint16)
	c.hi = map[rune]uint16{}
	for r := range c.class {
		c.class[r] = runeKind(rune(r))
	}
	patterns, numClasses, err := c.addEntries(ks.all)
	if err != nil {
		return err
	}
	base := int32(len(c.entries))
	c.firstVirtual = base
	for i := range c.entries {
		if e := &c.entries[i]; e.part != 0 {
			e.near += base
		}
	}
	c.entries = append(c.entries, ks.virtual...)
	c.ac = buildAutomaton(patterns, numClasses)
	c.escMsg = map[int32][4]string{}
	for i := range c.entries {
		if e := &c.entries[i]; e.code < 0 && (e.cue == cueInjury || e.cue == cueThreat) {
			c.escMsg[int32(i)] = escalationMessages(e)
		}
	}
	return nil
}

// addEntries adds the entries of all (sorted by pattern) to c.entries,
// one automaton pattern per distinct normalised text, and returns the
// patterns over rune classes, which it assigns, and how many classes
// there are.
func (c *Classifier) addEntries(all []pendingEntry) (patterns [][]uint16, numClasses int, err error) {
	// Alphabet: every rune any pattern uses gets a class id.
	classOf := func(r rune) uint16 {
		if r <= 0xFFFF {
			if v := c.class[r]; v != classNone && v < maxClasses {
				return v
			}
		} else if v, ok := c.hi[r]; ok {
			return v
		}
		numClasses++
		if r <= 0xFFFF {
			c.class[r] = uint16(numClasses)
		} else {
			c.hi[r] = uint16(numClasses)
		}
		return uint16(numClasses)
	}
	for i, p := range all {
		if i == 0 || p.norm != all[i-1].norm {
			var pat []uint16
			for _, r := range p.norm {
				pat = append(pat, classOf(r))
			}
			if numClasses >= maxClasses {
				return nil, 0, errors.New("classify: taxonomy uses too many distinct characters")
			}
			patterns = append(patterns, pat)
			c.patFirst = append(c.patFirst, int32(len(c.entries)))
		} else if c.mergeDuplicate(p.e) {
			continue
		}
		c.entries = append(c.entries, p.e)
	}
	c.patFirst = append(c.patFirst, int32(len(c.entries)))
	return patterns, numClasses, nil
}

// mergeDuplicate reports whether e is already an entry of the last
// pattern, for the same code or cue (a traditional keyword whose
// simplified form is listed too): it counts once, with the larger weight.
func (c *Classifier) mergeDuplicate(e entry) bool {
	for k := c.patFirst[len(c.patFirst)-1]; k < int32(len(c.entries)); k++ {
		q := &c.entries[k]
		if q.code == e.code && q.cue == e.cue && q.negOnly == e.negOnly && q.part == e.part && q.near == e.near {
			q.weight = max(q.weight, e.weight)
			return true
		}
	}
	return false
}
