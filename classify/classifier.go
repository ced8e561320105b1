package classify

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// A Classifier maps complaint text to a complaint code and a severity
// level. Build one with New (or use Default) and share it: it is immutable
// and safe for concurrent use.
type Classifier struct {
	tax   *Taxonomy
	fold  *[0x10000]uint16
	class *[0x10000]uint16 // class id (or rune kind) by normalised BMP rune
	hi    map[rune]uint16  // class ids of normalised runes above the BMP
	ac    *automaton

	// Automaton pattern p stands for entries[patFirst[p]:patFirst[p+1]].
	patFirst     []int32
	entries      []entry
	firstVirtual int32 // entries[firstVirtual:] are proximity keywords

	escMsg  map[int32][4]string // escalation messages of injury and threat entries
	codes   []*codeEntry        // dense code index → code
	reasons map[string]int32
	other   int32 // index of 5999, or -1
	safety  int32 // index of 1005, or -1

	highValue decimal.Decimal
	groupSize int

	// The learned model (the embedded one, or WithModel's), or nil
	// (WithoutModel, or a taxonomy without all of the embedded model's
	// codes). classCode maps a model class to its code index, modelClass a
	// code index to its class (-1: the model does not know the code).
	model      *model
	classCode  []int32
	modelClass []int32
	level1     float64 // the level-1 codes' probability from which the level is 1 (level1Share)

	scratch sync.Pool // *scratch
}

// entry is one compiled keyword: evidence for a code, or a cue.
type entry struct {
	text     string // as written in the taxonomy
	code     int32  // dense code index; -1 for cues
	cue      cueKind
	weight   float32
	runes    int32 // length in normalised runes
	negOnly  bool
	asciiBeg bool // starts with an ASCII letter or digit: needs a word boundary before
	asciiEnd bool // ends with one: needs a word boundary (or an inflection) after
	inflect  bool // an English ending may follow (refund → refunded)
	// For cuePart entries: 1 for the first part of a proximity keyword, 2
	// for the second; near is the index of the entry the pair stands for.
	part int8
	near int32
	pair bool // the entry of a proximity keyword (not in the automaton)
}

// Proximity keywords ("charged...twice"): both parts in one clause, the
// second at most nearGap runes after the first (nearGapASCII in English).
const (
	nearGap      = 12
	nearGapASCII = 24
)

// Option configures New.
type Option func(*config) error

type config struct {
	highValue decimal.Decimal
	groupSize int
	noModel   bool
	model     *Model // WithModel's, or nil: the embedded model
}

// DefaultHighValue is the order amount (CNY) from which a product complaint
// (1xxx) is level 1 (manual §5.2.1).
const DefaultHighValue = 5000

// DefaultGroupSize is the number of affected customers from which a
// complaint is a group complaint, level 1 (manual §5.2.3).
const DefaultGroupSize = 10

// WithHighValue sets the order amount from which a product complaint (code
// 1xxx) is raised to level 1. It must be positive.
func WithHighValue(amount decimal.Decimal) Option {
	return func(c *config) error {
		if !amount.IsPositive() {
			return fmt.Errorf("classify: high-value threshold must be positive, got %s", amount)
		}
		c.highValue = amount
		return nil
	}
}

// WithGroupSize sets the number of affected customers from which a
// complaint is raised to level 1. It must be at least 2.
func WithGroupSize(n int) Option {
	return func(c *config) error {
		if n < 2 {
			return fmt.Errorf("classify: group size must be at least 2, got %d", n)
		}
		c.groupSize = n
		return nil
	}
}

// WithoutModel builds a classifier on the taxonomy's lexicon alone, without
// the learned model: every answer then rests on keywords only. It is what
// the classifier was before the model, and what a taxonomy that lacks some
// of the default codes (base: none) gets anyway.
func WithoutModel() Option {
	return func(c *config) error {
		c.noModel = true
		return nil
	}
}

var defaultClassifier = sync.OnceValue(func() *Classifier {
	c, err := New(DefaultTaxonomy())
	if err != nil {
		panic("classify: default taxonomy: " + err.Error()) // checked by tests
	}
	return c
})

// Default returns the classifier for the embedded default taxonomy with the
// default thresholds. It is built once and shared.
func Default() *Classifier { return defaultClassifier() }

// New compiles a classifier for taxonomy t (nil: the default taxonomy).
func New(t *Taxonomy, opts ...Option) (*Classifier, error) {
	if t == nil {
		t = DefaultTaxonomy()
	}
	cfg := config{highValue: decimal.NewFromInt(DefaultHighValue), groupSize: DefaultGroupSize}
	var errs []error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if cfg.model != nil && cfg.noModel {
		errs = append(errs, errors.New("classify: WithModel and WithoutModel together: choose one"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	c := &Classifier{
		tax:       t,
		fold:      foldTable(),
		class:     new([0x10000]uint16),
		hi:        map[rune]uint16{},
		reasons:   map[string]int32{},
		other:     -1,
		safety:    -1,
		highValue: cfg.highValue,
		groupSize: cfg.groupSize,
	}

	// Dense code indexes, in code order so that ties break the same way
	// every run.
	for _, code := range t.Codes() {
		e := t.codes[code]
		idx := int32(len(c.codes))
		c.codes = append(c.codes, e)
		switch code {
		case CodeOther:
			c.other = idx
		case CodeSafetyHazard:
			c.safety = idx
		}
		for _, r := range e.reasons {
			if _, dup := c.reasons[r]; !dup {
				c.reasons[r] = idx
			}
		}
	}

	// Group entries by normalised pattern.
	type pending struct {
		norm string
		e    entry
	}
	var all []pending
	var virtual []entry // entries of proximity keywords, not in the automaton
	type pairKey struct {
		first, near string
		code        int32
		cue         cueKind
	}
	pairs := map[pairKey]int32{}
	addOne := func(text string, k keyword, code int32, cue cueKind, weight float64, part int8, near int32) {
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
		all = append(all, pending{string(norm), e})
	}
	add := func(k keyword, code int32, cue cueKind, weight float64) {
		if k.near == "" {
			addOne(k.text, k, code, cue, weight, 0, 0)
			return
		}
		first, _ := normalizeKeyword(k.text)
		near, _ := normalizeKeyword(k.near)
		// The same pair in another script (态度...差, 態度...差) is one
		// keyword: counted once, at its highest weight.
		key := pairKey{string(first), string(near), code, cue}
		if v, dup := pairs[key]; dup {
			virtual[v].weight = max(virtual[v].weight, float32(weight))
			return
		}
		v := int32(len(virtual))
		pairs[key] = v
		last := len(near) > 0 && isASCIIAlnum(near[len(near)-1])
		virtual = append(virtual, entry{text: k.String(), code: code, cue: cue, weight: float32(weight), pair: true, asciiEnd: last, inflect: true})
		addOne(k.text, k, -1, cuePart, 0, 1, v)
		addOne(k.near, k, -1, cuePart, 0, 2, v)
	}
	for i, e := range c.codes {
		for _, k := range e.keywords {
			add(k, int32(i), 0, k.weight*e.weight)
		}
	}
	for kind := range numCues {
		for _, k := range t.cues[kind] {
			add(k, -1, kind, k.weight)
		}
	}
	slices.SortStableFunc(all, func(a, b pending) int { return strings.Compare(a.norm, b.norm) })

	// Alphabet: every rune any pattern uses gets a class id.
	for r := range c.class {
		c.class[r] = runeKind(rune(r))
	}
	numClasses := 0
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
	var patterns [][]uint16
	for i, p := range all {
		if i == 0 || p.norm != all[i-1].norm {
			var pat []uint16
			for _, r := range p.norm {
				pat = append(pat, classOf(r))
			}
			if numClasses >= maxClasses {
				return nil, errors.New("classify: taxonomy uses too many distinct characters")
			}
			patterns = append(patterns, pat)
			c.patFirst = append(c.patFirst, int32(len(c.entries)))
		}
		// The same phrase listed twice for the same code or cue (a
		// traditional keyword whose simplified form is listed too) counts
		// once, with the larger weight.
		if j := len(c.entries) - 1; i > 0 && p.norm == all[i-1].norm {
			dup := false
			for k := c.patFirst[len(c.patFirst)-1]; k <= int32(j); k++ {
				q := &c.entries[k]
				if q.code == p.e.code && q.cue == p.e.cue && q.negOnly == p.e.negOnly && q.part == p.e.part && q.near == p.e.near {
					q.weight = max(q.weight, p.e.weight)
					dup = true
					break
				}
			}
			if dup {
				continue
			}
		}
		c.entries = append(c.entries, p.e)
	}
	c.patFirst = append(c.patFirst, int32(len(c.entries)))
	base := int32(len(c.entries))
	c.firstVirtual = base
	for i := range c.entries {
		if e := &c.entries[i]; e.part != 0 {
			e.near += base
		}
	}
	c.entries = append(c.entries, virtual...)
	c.ac = buildAutomaton(patterns, numClasses)
	c.escMsg = map[int32][4]string{}
	for i := range c.entries {
		if e := &c.entries[i]; e.code < 0 && (e.cue == cueInjury || e.cue == cueThreat) {
			c.escMsg[int32(i)] = escalationMessages(e)
		}
	}
	switch {
	case cfg.model != nil:
		if missing, ok := c.attach(cfg.model.m); !ok {
			return nil, fmt.Errorf("classify: WithModel: the model knows code %d, which the taxonomy lacks", missing)
		}
	case !cfg.noModel:
		m, err := embeddedModel()
		if err != nil {
			return nil, err
		}
		c.attach(m) // a taxonomy without all of its codes does without it
	}
	nv := len(virtual)
	c.scratch.New = func() any {
		s := &scratch{uses: make([]uint8, len(c.entries)), scores: make([]float64, len(c.codes)), firsts: make([]firstPart, nv)}
		if m := c.model; m != nil {
			k := len(m.codes)
			s.probs = make([]float64, len(c.codes))
			s.lex = make([]float64, k)
			s.logits = make([]float64, k)
			s.acc = new([256]int64)
			s.x = make([]float32, numDense(k))
		}
		return s
	}
	return c, nil
}

// attach uses m if the taxonomy has every code m knows; if not, it returns
// the first code missing and ok=false, and c has no model.
func (c *Classifier) attach(m *model) (missing Code, ok bool) {
	classCode := make([]int32, len(m.codes))
	for k, code := range m.codes {
		idx := c.codeIndex(code)
		if idx < 0 {
			return code, false
		}
		classCode[k] = idx
	}
	c.modelClass = make([]int32, len(c.codes))
	for i := range c.modelClass {
		c.modelClass[i] = -1
	}
	for k, idx := range classCode {
		c.modelClass[idx] = int32(k)
	}
	c.model, c.classCode, c.level1 = m, classCode, level1Share
	return 0, true
}

// HasModel reports whether the classifier uses the learned model (see
// WithoutModel).
func (c *Classifier) HasModel() bool { return c.model != nil }

// Taxonomy returns the taxonomy the classifier was built from.
func (c *Classifier) Taxonomy() *Taxonomy { return c.tax }

// classOfRune returns the class id or kind of a normalised rune.
func (c *Classifier) classOfRune(r rune) uint16 {
	if r <= 0xFFFF {
		return c.class[r]
	}
	if v, ok := c.hi[r]; ok {
		return v
	}
	return runeKind(r)
}

// validUTF8Prefix cuts s to at most n bytes on a rune boundary.
func validUTF8Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
