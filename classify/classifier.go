package classify

import (
	"cmp"
	"errors"
	"fmt"
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
	level1     float64 // the level-1 codes' probability from which the level is 1 (WithLevel1Share)

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
	model     *Model  // WithModel's, or nil: the embedded model
	level1    float64 // WithLevel1Share's
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

// WithLevel1Share sets the probability the model must give the level-1
// codes together (counterfeit 1003, safety hazard 1005, food safety 1006)
// for a complaint classified under another code to be raised to level 1,
// with an Escalations line that says so (but not when the text's only
// injury word is one the cues ruled out, as in 像要爆炸了一样: the lexicon
// decides whether harm happened; nor 5999, also the answer for text that
// is not a complaint). It must be in (0, 1]; the default
// is DefaultLevel1Share. Lower finds more level-1 complaints and raises
// more that are not: a merchant who would rather answer a few complaints
// too fast than one too slowly lowers it, and measures the trade on its
// own labelled tickets with Evaluate (Level1Recall, Level1Precision);
// DefaultLevel1Share's doc gives the trade measured on real shopper text.
// It needs the model: with WithoutModel, or with a taxonomy that lacks some
// of the embedded model's codes and no WithModel, New fails.
func WithLevel1Share(p float64) Option {
	return func(c *config) error {
		if !(p > 0 && p <= 1) { // NaN too
			return fmt.Errorf("classify: WithLevel1Share: %v is not a probability in (0, 1]", p)
		}
		c.level1 = p
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
//
// The stages it builds are those Classify runs: the keywords are compiled
// into one automaton (compile.go), and the learned model is attached when
// the taxonomy has every code it knows (model.go).
func New(t *Taxonomy, opts ...Option) (*Classifier, error) {
	if t == nil {
		t = DefaultTaxonomy()
	}
	cfg, err := configure(opts)
	if err != nil {
		return nil, err
	}
	c := &Classifier{
		tax:       t,
		reasons:   map[string]int32{},
		other:     -1,
		safety:    -1,
		highValue: cfg.highValue,
		groupSize: cfg.groupSize,
		level1:    cmp.Or(cfg.level1, DefaultLevel1Share),
	}
	c.indexCodes()
	if err := c.compileKeywords(); err != nil {
		return nil, err
	}
	if err := c.useModel(cfg); err != nil {
		return nil, err
	}
	c.scratch.New = c.newScratch
	return c, nil
}

// configure applies opts to the default configuration, reporting every
// option that fails.
func configure(opts []Option) (config, error) {
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
	if cfg.level1 != 0 && cfg.noModel {
		errs = append(errs, errors.New("classify: WithLevel1Share needs the model, and WithoutModel leaves it out"))
	}
	return cfg, errors.Join(errs...)
}

// indexCodes gives the taxonomy's codes dense indexes, in code order so
// that ties break the same way every run, and indexes their reasons.
func (c *Classifier) indexCodes() {
	for _, code := range c.tax.Codes() {
		e := c.tax.codes[code]
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
}

// useModel attaches WithModel's model, or the embedded one unless
// WithoutModel: a taxonomy without all of the embedded model's codes does
// without it, unless WithLevel1Share asked for the model; WithModel's must
// fit.
func (c *Classifier) useModel(cfg config) error {
	switch {
	case cfg.model != nil:
		if missing, ok := c.attach(cfg.model.m); !ok {
			return fmt.Errorf("classify: WithModel: the model knows code %d, which the taxonomy lacks", missing)
		}
	case !cfg.noModel:
		m, err := embeddedModel()
		if err != nil {
			return err
		}
		if missing, ok := c.attach(m); !ok && cfg.level1 != 0 {
			return fmt.Errorf("classify: WithLevel1Share needs the model, and the embedded model knows code %d, which the taxonomy lacks (train one for it: Train, WithModel)", missing)
		}
	}
	return nil
}

// newScratch makes the working memory of one Classify call (the pool's New).
func (c *Classifier) newScratch() any {
	s := &scratch{
		uses:   make([]uint8, len(c.entries)),
		scores: make([]float64, len(c.codes)),
		firsts: make([]firstPart, int32(len(c.entries))-c.firstVirtual),
	}
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
	c.model, c.classCode = m, classCode
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
