package classify

// White-box tests of the classifier's small stages, each pinning a
// behaviour that mutation testing (gremlins) found no test for. Every test
// names the behaviour and asserts exact values; TESTING.md lists the
// surviving mutants judged equivalent.

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/sla"
)

// mustClassifier builds a classifier from taxonomy YAML (parsed on top of
// the default unless it says base: none).
func mustClassifier(t *testing.T, src string, opts ...Option) *Classifier {
	t.Helper()
	tax, err := ParseTaxonomy([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(tax, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stages runs Classify's stages up to tally on text and reason and returns
// the scratch (never returned to the pool, so the test may read it) with
// tally's injury and threat hit indexes.
func stages(c *Classifier, text, reason string) (s *scratch, injury, threat int) {
	s = c.scratch.Get().(*scratch)
	c.scan(s, text)
	c.resolve(s)
	c.weigh(s)
	injury, threat = c.tally(s, Complaint{Text: text, Reason: reason})
	return s, injury, threat
}

// A small taxonomy of its own (no model): 1005 is the lowest code, so its
// dense index is 0, which the >= 0 tests on c.safety must accept.
const tinyTaxonomy = `base: none
codes:
  - {code: 1005, name: 安全隐患, level: 1, keywords: [冒烟]}
  - {code: 5101, name: 测试, level: 4, weight: 2, keywords: {zh-Hans: [测试^1.5], en: [refund]}}
  - {code: 5102, name: 裂, level: 4, keywords: [crack, charged...twice, 态度...差]}
cues:
  injury: [受伤]
  threat: [报警]
  negate: [not]
`

// TestTallyRepeatsHalve: the same keyword counts 1, ½, ¼ and from its
// fourth occurrence nothing; a code's weight multiplies its keywords'
// (5101: keyword ^1.5 × code weight 2 = 3 per first occurrence).
func TestTallyRepeatsHalve(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	idx := c.codeIndex(5101)
	for _, tc := range []struct {
		text    string
		score   float64
		factors []float32
	}{
		{"测试", 3, []float32{1}},
		{"测试，测试", 3 * 1.5, []float32{1, 0.5}},
		{"测试，测试，测试", 3 * 1.75, []float32{1, 0.5, 0.25}},
		{"测试，测试，测试，测试，测试", 3 * 1.75, []float32{1, 0.5, 0.25, 0, 0}},
	} {
		// Twice: the use counts must be reset between calls.
		for range 2 {
			s, _, _ := stages(c, tc.text, "")
			if got := s.scores[idx]; got != tc.score {
				t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
			}
			if len(s.hits) != len(tc.factors) {
				t.Fatalf("%q: %d hits, want %d", tc.text, len(s.hits), len(tc.factors))
			}
			for i, h := range s.hits {
				if h.factor != tc.factors[i] {
					t.Errorf("%q: hit %d factor %v, want %v", tc.text, i, h.factor, tc.factors[i])
				}
			}
			for i, u := range s.uses {
				if u != 0 {
					t.Fatalf("%q: uses[%d] = %d after tally, want 0", tc.text, i, u)
				}
			}
		}
	}
}

// TestTallyFirstInjuryAndThreat: tally reports the first injury and the
// first threat hit, even when a later one follows (index 0 included).
func TestTallyFirstInjuryAndThreat(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	for _, tc := range []struct {
		text           string
		injury, threat int
	}{
		{"受伤，报警，受伤，报警", 0, 1},
		{"报警，受伤，报警，受伤", 1, 0},
		{"测试", -1, -1},
	} {
		_, injury, threat := stages(c, tc.text, "")
		if injury != tc.injury || threat != tc.threat {
			t.Errorf("%q: injury %d threat %d, want %d %d", tc.text, injury, threat, tc.injury, tc.threat)
		}
	}
}

// TestInjuryBonus: an injury that stands adds exactly injuryBonus (1) to
// the safety-hazard code's lexicon score, also when the injury is the first
// hit (index 0) and 1005 is code index 0; a taxonomy without 1005 gives no
// code the bonus.
func TestInjuryBonus(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	if c.safety != 0 {
		t.Fatalf("1005 at index %d, want 0", c.safety)
	}
	s, injury, _ := stages(c, "受伤", "")
	if injury != 0 || s.scores[0] != injuryBonus || s.scores[1] != 0 || s.scores[2] != 0 {
		t.Errorf("injury %d, scores %v; want 0, [1 0 0]", injury, s.scores)
	}
	if r := c.Classify(Complaint{Text: "受伤"}); r.Code != CodeSafetyHazard {
		t.Errorf("injury alone: %d, want 1005 (its bonus of 1 reaches minScore)", r.Code)
	}

	no := mustClassifier(t, "base: none\ncodes:\n  - {code: 5101, name: 甲, level: 4, keywords: [甲甲]}\n  - {code: 5102, name: 乙, level: 4, keywords: [乙乙]}\ncues:\n  injury: [受伤]\n")
	if no.safety != -1 {
		t.Fatalf("no 1005: safety index %d, want -1", no.safety)
	}
	s, injury, _ = stages(no, "受伤", "")
	if injury != 0 || s.scores[0] != 0 || s.scores[1] != 0 {
		t.Errorf("no 1005: injury %d, scores %v; want 0, [0 0]", injury, s.scores)
	}
}

// TestReasonInLexiconOrModel: without a model, a Complaint.Reason adds
// reasonWeight (3) to its code's lexicon score, code index 0 (1001)
// included; with the model, a reason the model knows goes to the model's
// logit instead and leaves the lexicon score at 0. A reason that is
// neither a listed reason nor a code points nowhere (-1).
func TestReasonInLexiconOrModel(t *testing.T) {
	lex := newLexicon(t)
	if lex.codeIndex(CodeQuality) != 0 {
		t.Fatalf("1001 at index %d, want 0", lex.codeIndex(CodeQuality))
	}
	s, _, _ := stages(lex, "", "1001")
	if s.reason != 0 || s.scores[0] != reasonWeight {
		t.Errorf("lexicon: reason %d, score %v; want 0, %v", s.reason, s.scores[0], reasonWeight)
	}
	for i, v := range s.scores[1:] {
		if v != 0 {
			t.Errorf("lexicon: code index %d scored %v, want 0", i+1, v)
		}
	}

	m := Default()
	if !m.HasModel() || m.modelClass[0] != 0 {
		t.Fatalf("1001 is not the model's class 0")
	}
	s, _, _ = stages(m, "", "1001")
	if s.reason != 0 || s.scores[0] != 0 {
		t.Errorf("model: reason %d, lexicon score %v; want 0, 0 (the reason is the model's)", s.reason, s.scores[0])
	}

	for _, c := range []*Classifier{lex, m} {
		if got := c.reasonIndex("no such reason"); got != -1 {
			t.Errorf("unknown reason: index %d, want -1", got)
		}
		s, _, _ = stages(c, "", "no such reason")
		if s.reason != -1 {
			t.Errorf("unknown reason: s.reason %d, want -1", s.reason)
		}
		for i, v := range s.scores {
			if v != 0 {
				t.Errorf("unknown reason: code index %d scored %v, want 0", i, v)
			}
		}
	}
}

// TestInflections: code keywords match English inflections (refund →
// refunded; code index 0 too), cues must end exactly (not ≠ noted: "noted
// crack" is a crack, not a negated one), and an English proximity keyword
// ends on a word boundary (charged...twicefold is no charged...twice).
func TestInflections(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	refund, crack := c.codeIndex(5101), c.codeIndex(5102)
	if refund != 1 || crack != 2 {
		t.Fatalf("indexes %d %d", refund, crack)
	}
	zero := mustClassifier(t, "base: none\ncodes:\n  - {code: 5101, name: 退款, level: 4, keywords: [refund]}\n")
	if s, _, _ := stages(zero, "refunded", ""); s.scores[0] != 1 {
		t.Errorf("refunded, code index 0: score %v, want 1", s.scores[0])
	}
	for _, tc := range []struct {
		text  string
		code  int32
		score float64
	}{
		{"refunded", refund, 2}, // weight 1 × code weight 2
		{"refunds", refund, 2},
		{"refundx", refund, 0},             // not an inflection
		{"noted crack", crack, 1},          // "not" does not inflect
		{"not crack", crack, 0},            // but negates as a word
		{"charged me twice", crack, 1},     // the proximity keyword
		{"charged me twicefold", crack, 0}, // not on a word boundary
		{"charged me twiced", crack, 1},    // an inflection
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[tc.code]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}

// TestLexiconBest: the highest positive score wins, ties go to the lower
// index, and no positive score is no best (-1, 0).
func TestLexiconBest(t *testing.T) {
	for _, tc := range []struct {
		scores []float64
		best   int32
		top    float64
	}{
		{nil, -1, 0},
		{[]float64{0, 0, 0}, -1, 0},
		{[]float64{2, 1}, 0, 2},
		{[]float64{1, 2}, 1, 2},
		{[]float64{1.5, 1.5, 0}, 0, 1.5},
		{[]float64{0, 0.5, 0.5}, 1, 0.5},
	} {
		best, top := lexiconBest(tc.scores)
		if best != tc.best || top != tc.top {
			t.Errorf("lexiconBest(%v) = %d, %v; want %d, %v", tc.scores, best, top, tc.best, tc.top)
		}
	}
}

// TestLexiconConfidence: without a model the confidence is the winner's
// share of the evidence damped by 1-exp(-top/1.2): one keyword of weight 3
// and nothing else gives 1-exp(-2.5). An empty text has zero confidence,
// even when a Reason decides its code.
func TestLexiconConfidence(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	if r := c.Classify(Complaint{Text: "测试"}); r.Code != 5101 || r.Confidence != 1-math.Exp(-2.5) {
		t.Errorf("测试: %d %v, want 5101 %v", r.Code, r.Confidence, 1-math.Exp(-2.5))
	}
	// 3 for 5101, 1 for 5102: share 3/4.
	if r := c.Classify(Complaint{Text: "测试，crack"}); r.Code != 5101 || r.Confidence != 0.75*(1-math.Exp(-2.5)) {
		t.Errorf("测试，crack: %d %v, want 5101 %v", r.Code, r.Confidence, 0.75*(1-math.Exp(-2.5)))
	}
	if r := c.Classify(Complaint{Reason: "5101"}); r.Code != 5101 || r.Confidence != 0 {
		t.Errorf("empty text, reason 5101: %d %v, want 5101 0", r.Code, r.Confidence)
	}
}

// TestOtherAtIndexZero: a taxonomy whose only code is 5999 names and
// levels "nothing matched" its own way (5999 is code index 0).
func TestOtherAtIndexZero(t *testing.T) {
	c := mustClassifier(t, "base: none\ncodes:\n  - {code: 5999, name: 杂项, level: 3, keywords: [杂项]}\n")
	if c.other != 0 {
		t.Fatalf("5999 at index %d", c.other)
	}
	if r := c.Classify(Complaint{Text: "快递太慢了"}); r.Code != CodeOther || r.Name != "杂项" || r.Level != 3 {
		t.Errorf("nothing matched: %d %q L%d, want 5999 杂项 L3", r.Code, r.Name, r.Level)
	}
}

// TestClassifyPassesCueFlags: Classify gives the model the injury and
// threat flags of the hits tally found, also when that hit is the first
// (index 0): its confidence is the model's top probability with the flag
// set, which differs from the one without it.
func TestClassifyPassesCueFlags(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		text           string
		injury, threat bool
	}{
		{"受伤了", true, false},
		{"报警", false, true},
		{"质量差", false, false},
	} {
		top := func(injury, threat bool) float64 {
			s, inj, thr := stages(c, tc.text, "")
			if (inj == 0) != tc.injury || (thr == 0) != tc.threat || inj > 0 || thr > 0 {
				t.Fatalf("%q: injury %d threat %d", tc.text, inj, thr)
			}
			c.predict(s, injury, threat)
			return s.probs[c.codeIndex(c.Classify(Complaint{Text: tc.text}).Code)]
		}
		want, wrong := top(tc.injury, tc.threat), top(!tc.injury, !tc.threat)
		if want == wrong {
			t.Fatalf("%q: the flags do not change the model's answer", tc.text)
		}
		if r := c.Classify(Complaint{Text: tc.text}); r.Confidence != want {
			t.Errorf("%q: confidence %v, want %v (not %v)", tc.text, r.Confidence, want, wrong)
		}
	}
}

// TestValidUTF8Prefix: a text of at most n bytes is kept whole; a longer
// one is cut at a rune start.
func TestValidUTF8Prefix(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"}, {"abc", 4, "abc"}, {"abc", 2, "ab"},
		{"质量", 6, "质量"}, {"质量", 5, "质"}, {"质量", 3, "质"}, {"质量", 2, ""},
		// Invalid UTF-8 that starts with continuation bytes: nothing
		// is kept, and the search stops at the first byte.
		{"\x80\x80\x80", 2, ""},
	} {
		if got := validUTF8Prefix(tc.s, tc.n); got != tc.want {
			t.Errorf("validUTF8Prefix(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// TestGroupSizeTwo: 2 is the smallest group size.
func TestGroupSizeTwo(t *testing.T) {
	if _, err := New(nil, WithoutModel(), WithGroupSize(2)); err != nil {
		t.Errorf("group size 2: %v", err)
	}
	if _, err := New(nil, WithoutModel(), WithGroupSize(1)); err == nil {
		t.Errorf("group size 1 accepted")
	}
}

// TestPutScratchKeepsUpToLimit: the pool keeps position buffers of up to
// 1<<16 entries and hit buffers of up to 1<<12; larger ones are dropped.
func TestPutScratchKeepsUpToLimit(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	for _, tc := range []struct {
		pos, hits int
		keepPos   bool
		keepHits  bool
	}{
		{1 << 16, 1 << 12, true, true},
		{1<<16 + 1, 1<<12 + 1, false, false},
	} {
		s := &scratch{pos: make([]position, 0, tc.pos), hits: make([]hit, 0, tc.hits)}
		c.putScratch(s)
		if (s.pos != nil) != tc.keepPos || (s.hits != nil) != tc.keepHits {
			t.Errorf("caps %d, %d: kept positions %v, hits %v; want %v, %v", tc.pos, tc.hits, s.pos != nil, s.hits != nil, tc.keepPos, tc.keepHits)
		}
	}
}

// TestAutomatonNextPastEdges: a state with more than 8 edges is searched
// by bisection; a class above all of them has no edge, even when the next
// state's first edge has that class.
func TestAutomatonNextPastEdges(t *testing.T) {
	// State 1 ('a', class 10) has edges 1…9; state 2 ("a", 1) has one
	// edge, class 11, to state 3.
	pats := [][]uint16{{10, 1, 11}}
	for c := uint16(2); c <= 9; c++ {
		pats = append(pats, []uint16{10, c})
	}
	a := buildAutomaton(pats, 11)
	if a.root[10] != 1 || a.next(1, 1) != 2 || a.next(2, 11) != 3 {
		t.Fatalf("unexpected numbering: %d %d %d", a.root[10], a.next(1, 1), a.next(2, 11))
	}
	for c := uint16(1); c <= 9; c++ {
		if got := a.next(1, c); got < 4 && c > 1 || got == 0 {
			t.Errorf("next(1, %d) = %d", c, got)
		}
	}
	if got := a.next(1, 11); got != 0 {
		t.Errorf("next(1, 11) = %d, want 0", got)
	}
	if got := a.step(1, 11); got != 0 {
		t.Errorf("step(1, 11) = %d, want 0", got)
	}
}

// TestTooManyCharacters: a taxonomy may use at most maxClasses-1 distinct
// characters; maxClasses of them is an error.
func TestTooManyCharacters(t *testing.T) {
	// Letters above the BMP fold to themselves, so each is a class.
	var runes []rune
	for r := rune(0x10000); len(runes) < maxClasses && r <= unicode.MaxRune; r++ {
		if unicode.IsLetter(r) && runeKind(r) == classNone {
			runes = append(runes, r)
		}
	}
	if len(runes) < maxClasses {
		t.Fatalf("only %d letters above the BMP", len(runes))
	}
	taxonomy := func(n int) string {
		var b strings.Builder
		b.WriteString("base: none\ncodes:\n  - code: 5101\n    name: 字\n    level: 4\n    keywords: [")
		for i := 0; i < n; i += 64 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(runes[i:min(i+64, n)]))
		}
		b.WriteString("]\n")
		return b.String()
	}
	tax, err := ParseTaxonomy([]byte(taxonomy(maxClasses - 1)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(tax)
	if err != nil {
		t.Fatalf("%d characters: %v", maxClasses-1, err)
	}
	last := string(runes[(maxClasses-2)/64*64 : maxClasses-1])
	if r := c.Classify(Complaint{Text: last}); r.Code != 5101 {
		t.Errorf("last keyword: %d, want 5101", r.Code)
	}
	tax, err = ParseTaxonomy([]byte(taxonomy(maxClasses)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(tax); err == nil || !strings.Contains(err.Error(), "too many distinct characters") {
		t.Errorf("%d characters: %v, want too many distinct characters", maxClasses, err)
	}
}

// TestMerchantCodeAtMinScore: with the model, the lexicon's best code that
// the model does not know (a merchant's own) wins once its score reaches
// minScore: exactly 0.8 is enough. The three weights below are float32s
// that add up to 0.8 exactly in float64.
func TestMerchantCodeAtMinScore(t *testing.T) {
	w1 := math.Nextafter32(float32(minScore), 0) // just below 0.8
	rest := minScore - float64(w1)
	w2 := float32(rest)
	if float64(w2) > rest {
		w2 = math.Nextafter32(w2, 0)
	}
	w3 := float32(rest - float64(w2))
	if float64(w1)+float64(w2)+float64(w3) != minScore || float64(w3) != rest-float64(w2) {
		t.Fatalf("weights %v %v %v do not add up to %v", w1, w2, w3, minScore)
	}
	f := func(w float32) string { return strconv.FormatFloat(float64(w), 'g', -1, 32) }
	c := mustClassifier(t, "codes:\n  - {code: 1101, name: 自有, level: 3, keywords: [鑫鑫^"+f(w1)+", 淼淼^"+f(w2)+", 焱焱^"+f(w3)+"]}\n")
	if !c.HasModel() || c.modelClass[c.codeIndex(1101)] >= 0 {
		t.Fatal("want the model, without 1101")
	}
	text := "鑫鑫，淼淼，焱焱"
	s, _, _ := stages(c, text, "")
	if best, top := lexiconBest(s.scores); best != c.codeIndex(1101) || top != minScore {
		t.Fatalf("lexicon best %d %v, want 1101's index at %v", best, top, minScore)
	}
	r := c.Classify(Complaint{Text: text})
	if want := 1 - math.Exp(-minScore/1.2); r.Code != 1101 || r.Confidence != want {
		t.Errorf("%d %v, want 1101 %v", r.Code, r.Confidence, want)
	}
	// Without the smallest weight the score is below minScore: the model
	// decides, and it does not know 1101.
	if r := c.Classify(Complaint{Text: "鑫鑫，淼淼"}); r.Code == 1101 {
		t.Errorf("below minScore: 1101")
	}
}

// TestPick: how pick chooses between the model and the lexicon, on
// hand-set scores and probabilities (indexes are dense code indexes; with
// the default taxonomy 0 is 1001, which is also the model's class 0).
func TestPick(t *testing.T) {
	m := Default()
	other := m.other
	type setup struct {
		scores map[int32]float64
		probs  map[int32]float64 // unset codes: 0.01
		reason int32
		grams  int
	}
	run := func(c *Classifier, st setup) (int32, float64) {
		s := c.scratch.Get().(*scratch)
		clear(s.scores)
		for i, v := range st.scores {
			s.scores[i] = v
		}
		for i := range s.probs {
			s.probs[i] = 0.01
			if p, ok := st.probs[int32(i)]; ok {
				s.probs[i] = p
			}
		}
		s.reason = st.reason
		s.grams = make([]gramHit, st.grams)
		best, conf, _ := c.pick(s)
		return best, conf
	}
	for _, tc := range []struct {
		name string
		st   setup
		best int32
		conf float64
	}{
		// Ties of the model go to the lower code, the first one included.
		{"tie", setup{nil, nil, -1, 3}, 0, 0.01},
		{"model best at index 0", setup{nil, map[int32]float64{0: 0.6, 1: 0.3, 2: 0.1}, -1, 3}, 0, 0.6},
		{"model best at index 2", setup{nil, map[int32]float64{0: 0.1, 1: 0.3, 2: 0.6}, -1, 3}, 2, 0.6},
		// No keyword, no reason and fewer than minGrams n-grams: 5999,
		// with the model's probability of 5999.
		{"next to nothing", setup{nil, map[int32]float64{2: 0.6, other: 0.05}, -1, minGrams - 1}, other, 0.05},
		// A keyword of a code the model knows (1001, index 0) with
		// enough evidence: the model decides, however few n-grams.
		{"keyword at index 0", setup{map[int32]float64{0: 2.5}, map[int32]float64{5: 0.6}, -1, 0}, 5, 0.6},
		// A score of exactly minScore is a keyword.
		{"score at minScore", setup{map[int32]float64{3: minScore}, map[int32]float64{5: 0.6}, -1, 0}, 5, 0.6},
		{"score below minScore", setup{map[int32]float64{3: minScore / 2}, map[int32]float64{5: 0.6, other: 0.05}, -1, 0}, other, 0.05},
		// A reason is an answer, code index 0 included.
		{"reason at index 0", setup{nil, map[int32]float64{0: 0.6, other: 0.05}, 0, 0}, 0, 0.6},
	} {
		if best, conf := run(m, tc.st); best != tc.best || conf != tc.conf {
			t.Errorf("model, %s: %d %v, want %d %v", tc.name, best, conf, tc.best, tc.conf)
		}
	}

	lex := newLexicon(t)
	// Without a model: a score of minScore is an answer, with confidence
	// 1-exp(-0.8/1.2) when no other code has evidence; below minScore
	// nothing matched, confidence top/minScore×0.2 (0.4 → exactly 0.1).
	if best, conf := run(lex, setup{scores: map[int32]float64{3: minScore}}); best != 3 || conf != 1-math.Exp(-minScore/1.2) {
		t.Errorf("lexicon at minScore: %d %v, want 3 %v", best, conf, 1-math.Exp(-minScore/1.2))
	}
	if best, conf := run(lex, setup{scores: map[int32]float64{3: 0.4}}); best != -1 || conf != 0.1 {
		t.Errorf("lexicon at 0.4: %d %v, want -1 0.1", best, conf)
	}
	if best, conf := run(lex, setup{scores: map[int32]float64{3: 0.4, 4: 0.6}}); best != -1 || conf != 0.15 {
		t.Errorf("lexicon at 0.6: %d %v, want -1 0.15", best, conf)
	}
}

// TestCandidates: candidates lists the codes by rank, best first, ties in
// code order, at most maxCandidates, with scores rounded to three places;
// under a model only those above minCandidate (0.02, exclusive), without
// one all with any evidence. The rank vector is left as it was.
func TestCandidates(t *testing.T) {
	lex := newLexicon(t)
	for _, tc := range []struct {
		name  string
		c     *Classifier
		rank  map[int]float64
		codes []Code
		score []float64
	}{
		{"model floor", Default(), map[int]float64{0: 0.5, 1: 0.3, 2: minCandidate, 3: 0.01}, []Code{1001, 1002}, []float64{0.5, 0.3}},
		{"lexicon floor", lex, map[int]float64{0: 0.01, 1: 0.3, 2: 0.02}, []Code{1002, 1003, 1001}, []float64{0.3, 0.02, 0.01}},
		{"ties in code order", lex, map[int]float64{4: 0.3, 1: 0.3, 2: 0.7}, []Code{1003, 1002, 1005}, []float64{0.7, 0.3, 0.3}},
		{"rounded", lex, map[int]float64{0: 0.12345, 1: 2.71828}, []Code{1002, 1001}, []float64{2.718, 0.123}},
		{"at most five", lex, map[int]float64{0: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 7}, []Code{2001, 1006, 1005, 1004, 1003}, []float64{7, 6, 5, 4, 3}}, // index 6 is 2001,
		{"none", lex, nil, nil, nil},
	} {
		rank := make([]float64, len(tc.c.codes))
		for i, v := range tc.rank {
			rank[i] = v
		}
		before := slices.Clone(rank)
		got := tc.c.candidates(rank)
		var codes []Code
		var score []float64
		for _, cd := range got {
			codes = append(codes, cd.Code)
			score = append(score, cd.Score)
		}
		if !slices.Equal(codes, tc.codes) || !slices.Equal(score, tc.score) {
			t.Errorf("%s: %v %v, want %v %v", tc.name, codes, score, tc.codes, tc.score)
		}
		if !slices.Equal(rank, before) {
			t.Errorf("%s: rank changed: %v, was %v", tc.name, rank, before)
		}
	}
}

// TestEvidenceSkipsSpentRepeats: from its fourth occurrence a keyword
// counts nothing (factor 0) and is not listed as evidence.
func TestEvidenceSkipsSpentRepeats(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	r := c.Classify(Complaint{Text: "测试，测试，测试，测试，测试"})
	var starts []int
	for _, m := range r.Evidence {
		starts = append(starts, m.Start)
	}
	// "测试，" is 9 bytes.
	if r.Code != 5101 || !slices.Equal(starts, []int{0, 9, 18}) {
		t.Errorf("%d, evidence at %v; want 5101 at [0 9 18]", r.Code, starts)
	}
}

// TestModelEvidenceWeights: the n-grams listed as evidence carry the
// weight topGrams gave them, rounded to three places.
func TestModelEvidenceWeights(t *testing.T) {
	c := Default()
	text := "快递送了三天才到，盒子都压扁了，客服也不理人"
	r := c.Classify(Complaint{Text: text})
	s, injury, threat := stages(c, text, "")
	c.predict(s, injury >= 0, threat >= 0)
	best := c.codeIndex(r.Code)
	want := map[int]float64{} // by start byte
	for _, g := range c.topGrams(s, best) {
		if g.n > 0 {
			want[int(s.pos[g.end+1-int32(g.n)].off)] = math.Round(float64(g.weight)*1000) / 1000
		}
	}
	n := 0
	for _, m := range r.Evidence {
		if m.Kind != KindModel {
			continue
		}
		n++
		if w, ok := want[m.Start]; !ok || m.Weight != w || w <= 0 {
			t.Errorf("%q at %d: weight %v, want %v", m.Phrase, m.Start, m.Weight, w)
		}
	}
	if n == 0 {
		t.Fatalf("no model evidence for %q: %+v", text, r.Evidence)
	}
}

// TestWeighWindows: how far each cue reaches, on both sides of its
// window: a negator 2 runes (CJK) or 8 (English) before a keyword, a
// "fine" cue 4 runes after it, an English clause negation 24 runes; each
// contrast cue after a keyword halves it, at most three times.
func TestWeighWindows(t *testing.T) {
	c := mustClassifier(t, `base: none
codes:
  - {code: 5101, name: 坏, level: 4, keywords: {zh-Hans: [坏], en: [broken]}}
cues:
  negate: [不, not]
  fine: [还行]
  contrast: [但是]
  negate_clause: [not the]
`)
	for _, tc := range []struct {
		text  string
		score float64
	}{
		{"坏", 1},
		{"不坏", 0},
		{"不甲甲坏", 0},                 // 2 runes between: negated
		{"不甲甲甲坏", 1},                // 3: not
		{"not abcdefgh broken", 0},  // 8 runes between
		{"not abcdefghi broken", 1}, // 9
		{"坏还行", 0},
		{"坏甲甲甲甲还行", 0},  // 4 runes to the fine cue
		{"坏甲甲甲甲甲还行", 1}, // 5
		{"坏但是", 0.5},
		{"坏但是但是但是", 0.125},
		{"坏但是但是但是但是", 0.125},                            // at most three
		{"not the abcdefghijklmnopqrstuvwx broken", 0},  // starts 24 runes after the cue's end
		{"not the abcdefghijklmnopqrstuvwxy broken", 1}, // 25
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[0]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}

// TestScanDashClause: a dash after a space (" - ") ends a clause; a dash
// inside a word (knock-off) does not.
func TestScanDashClause(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	for _, tc := range []struct {
		text    string
		clauses []int32
	}{
		{"ab - cd", []int32{0, 0, 1, 1}},
		{"ab-cd", []int32{0, 0, 0, 0}},
		{"ab -cd", []int32{0, 0, 1, 1}},
		{"ab- cd", []int32{0, 0, 0, 0}},
	} {
		if got := clausesOf(c, tc.text); !slices.Equal(got, tc.clauses) {
			t.Errorf("%q: clauses %v, want %v", tc.text, got, tc.clauses)
		}
	}
}

// clausesOf returns the clause of each normalised position of text.
func clausesOf(c *Classifier, text string) []int32 {
	s := c.scratch.Get().(*scratch)
	defer c.putScratch(s)
	c.scan(s, text)
	var got []int32
	for _, p := range s.pos {
		got = append(got, p.clause)
	}
	return got
}

// TestScanDecimalPoint: a point after a digit, 0 and 9 included, is part
// of a number (no clause break); after a letter it ends the clause.
func TestScanDecimalPoint(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	for _, tc := range []struct {
		text    string
		clauses []int32
	}{
		{"0.5", []int32{0, 0, 0}},
		{"9.5", []int32{0, 0, 0}},
		{"4.5", []int32{0, 0, 0}},
		{"a.5", []int32{0, 1}},
	} {
		if got := clausesOf(c, tc.text); !slices.Equal(got, tc.clauses) {
			t.Errorf("%q: clauses %v, want %v", tc.text, got, tc.clauses)
		}
	}
}

// TestProximityGap: an English proximity keyword's second part may start
// up to nearGapASCII (24) runes after the first part ends, not 25; a
// Chinese one's parts may also touch (态度差 is 态度...差).
func TestProximityGap(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	crack := c.codeIndex(5102)
	for _, tc := range []struct {
		text  string
		score float64
	}{
		{"charged abcdefghijklmnopqrstuvwx twice", 1},  // 24 runes between
		{"charged abcdefghijklmnopqrstuvwxy twice", 0}, // 25
		{"态度差", 1},
		{"态度很差", 1},
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[crack]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}

// TestAtLeast: the high-value comparison with a threshold of 5000 (four
// digits before the point): two digits more or fewer decide on the digit
// count alone, one digit more or fewer or the same count by value; an
// amount of zero or less is never high value, whatever its exponent
// (0e10 has 11 digits before the point by the count).
func TestAtLeast(t *testing.T) {
	th := decimal.NewFromInt(5000)
	for _, tc := range []struct {
		a    decimal.Decimal
		want bool
	}{
		{decimal.New(1, 5), true},      // 100000: 6 digits
		{decimal.New(99999, 0), true},  // 5 digits
		{decimal.New(5, 3), true},      // 5000
		{decimal.New(5000, 0), true},   // 5000
		{decimal.New(4999, 0), false},  // 4 digits, less
		{decimal.New(999, 0), false},   // 3 digits
		{decimal.New(99, 0), false},    // 2 digits
		{decimal.New(9, -1), false},    // 0.9
		{decimal.New(0, 10), false},    // zero, exponent 10
		{decimal.New(0, 0), false},     // zero
		{decimal.New(-1, 10), false},   // negative
		{decimal.New(-5000, 0), false}, // negative
	} {
		if got := atLeast(tc.a, th); got != tc.want {
			t.Errorf("atLeast(%s, 5000) = %v, want %v", tc.a, got, tc.want)
		}
	}
	// Through Classify: a zero amount with a large exponent is no escalation.
	r := Default().Classify(Complaint{Text: "耳机没声音", OrderAmount: decimal.New(0, 10)})
	if r.Level == sla.Level1 || len(r.Escalations) != 0 {
		t.Errorf("amount 0e10: level %v, escalations %q", r.Level, r.Escalations)
	}
}

// TestWeighCodeZeroAndNegOnly: the keywords of code index 0 are evidence,
// not cues (code < 0 marks a cue): a near miss discounts them rather than
// dropping them as it drops an injury, a focus cue boosts them; a "~"
// keyword counts only when negated, and not under a clause negation.
func TestWeighCodeZeroAndNegOnly(t *testing.T) {
	c := mustClassifier(t, `base: none
codes:
  - {code: 5101, name: 保温, level: 4, keywords: [~保温, 坏]}
cues:
  negate: [没]
  negate_clause: [并非]
  near_miss: [差点]
  focus: [主要是]
`)
	if c.codeIndex(5101) != 0 {
		t.Fatalf("5101 at index %d, want 0", c.codeIndex(5101))
	}
	for _, tc := range []struct {
		text  string
		score float64
	}{
		{"坏", 1},
		{"没坏", 0},
		{"差点坏", float64(float32(nearMissDiscount))}, // factors are float32
		{"主要是坏", float64(float32(focusBoost))},
		{"保温", 0},
		{"没保温", 1},
		{"并非没保温", 0},
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[0]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}

// TestWeighCuesAfterStayInClause: a "fine" or concession cue after a
// keyword reaches back only within its own clause.
func TestWeighCuesAfterStayInClause(t *testing.T) {
	c := mustClassifier(t, `base: none
codes:
  - {code: 5101, name: 坏, level: 4, keywords: [坏]}
cues:
  fine: [还行]
  concede: [就算了]
`)
	for _, tc := range []struct {
		text  string
		score float64
	}{
		{"坏还行", 0},
		{"坏，还行", 1},
		{"坏就算了", concedeDiscount},
		{"坏，就算了", 1},
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[0]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}

// TestDoubtLevel1: a complaint is raised to level 1 when the model's
// level-1 codes together reach the threshold — exactly at it included —
// and the escalation names their share in per cent.
func TestDoubtLevel1(t *testing.T) {
	c, err := New(nil, WithLevel1Share(0.5))
	if err != nil {
		t.Fatal(err)
	}
	s := c.scratch.Get().(*scratch)
	defer c.putScratch(s)
	for _, tc := range []struct {
		fake, mould float64
		disowned    bool // an injury the cues ruled out
		want        sla.Level
		msg         string
	}{
		{0.25, 0.25, false, sla.Level1, "possibly level 1: the model gives counterfeit, safety or food-safety codes 50 % → L1"},
		{0.25, 0.125, false, sla.Level2, ""},
		{0.25, 0.25, true, sla.Level2, ""},
	} {
		s.disowned = tc.disowned
		clear(s.probs)
		s.probs[c.codeIndex(1003)] = tc.fake
		s.probs[c.codeIndex(1006)] = tc.mould
		s.probs[c.codeIndex(1001)] = 1 - tc.fake - tc.mould
		res := Result{Code: 1001, Level: sla.Level2}
		c.doubtLevel1(&res, s)
		msg := strings.Join(res.Escalations, "; ")
		if res.Level != tc.want || msg != tc.msg {
			t.Errorf("1003 %v + 1006 %v, disowned %v: level %v %q, want %v %q", tc.fake, tc.mould, tc.disowned, res.Level, msg, tc.want, tc.msg)
		}
	}
	// 5999 is also the answer for text that is not a complaint (a book
	// review's 毒): the share does not raise it.
	s.disowned = false
	res := Result{Code: CodeOther, Level: sla.Level4}
	c.doubtLevel1(&res, s)
	if res.Level != sla.Level4 || res.Escalations != nil {
		t.Errorf("5999 with the level-1 codes at 50 %%: level %v %q, want L4 and no escalation", res.Level, res.Escalations)
	}
}

// TestTallyDisowned: tally notes an injury cue that the other cues ruled
// out (figurative, a near miss, negated), and only then; the note does not
// outlive the call.
func TestTallyDisowned(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		text     string
		disowned bool
	}{
		{"热水器声音大得像要爆炸了一样", true},
		{"差点烫伤", true},
		{"没受伤，但是盖子坏了", true},
		{"孩子被烫伤了", false},
		{"盖子坏了", false},
		// A negated keyword is no injury (a keyword's cue field is zero,
		// which is cueInjury's value).
		{"假货，都不拉丝", false},
		{"和超市买的味道都不一样", false},
	} {
		s, _, _ := stages(c, tc.text, "")
		if s.disowned != tc.disowned {
			t.Errorf("%q: disowned %v, want %v", tc.text, s.disowned, tc.disowned)
		}
		c.putScratch(s)
	}
}

// TestNoInjuryOutsideAComplaint: CodeOther (also the answer for text that
// is not a complaint) is not raised by an injury, but is by a threat; any
// other code is raised by both (TAXONOMY.md, level rules 2 and 3 and the
// labelling conventions).
func TestNoInjuryOutsideAComplaint(t *testing.T) {
	for _, tc := range []struct {
		code Code
		esc  escalation
		want sla.Level
	}{
		{CodeOther, escalation{injury: true}, sla.Level4},
		{CodeOther, escalation{threat: true}, sla.Level3},
		{CodeOther, escalation{injury: true, threat: true}, sla.Level3},
		{CodeOther, escalation{group: true}, sla.Level1},
		{CodeLateDelivery, escalation{injury: true}, sla.Level1},
		{CodeQuality, escalation{threat: true}, sla.Level1},
	} {
		base := sla.Level4
		if tc.code != CodeOther {
			base = Default().codes[Default().codeIndex(tc.code)].level
		}
		if got := tc.esc.level(tc.code, base); got != tc.want {
			t.Errorf("%d at %v with %+v: %v, want %v", tc.code, base, tc.esc, got, tc.want)
		}
	}
}

// TestWeighUnprovenLevel1: a not_own cue in the clause, before or after
// (像要爆炸了一样 is a simile, not a hazard), or a guess cue before (像是假货
// is a guess, not a fake found), discounts the keywords of level-1 codes as
// a near miss does (LABELLING.md: a simile or a guess keeps the defect
// code); other codes' keywords keep their weight, a stated hazard or fake
// counts in full, and a cue in another clause changes nothing.
func TestWeighUnprovenLevel1(t *testing.T) {
	c := mustClassifier(t, `base: none
codes:
  - {code: 1005, name: 安全隐患, level: 1, keywords: [爆炸]}
  - {code: 1003, name: 假冒伪劣, level: 1, keywords: [假货]}
  - {code: 5101, name: 响, level: 4, keywords: [声音大]}
cues:
  not_own: [像要, 似的, 就像]
  guess: [像是]
`)
	hazard, fake, loud := c.codeIndex(1005), c.codeIndex(1003), c.codeIndex(5101)
	d := float64(float32(nearMissDiscount)) // factors are float32
	for _, tc := range []struct {
		text               string
		hazard, fake, loud float64
	}{
		{"声音大，爆炸，假货", 1, 1, 1},
		{"声音大像要爆炸", d, 0, 1},
		{"声音大爆炸似的", d, 0, 1},
		{"像要坏，爆炸", 1, 0, 0},
		{"爆炸，声音大似的", 1, 0, 1},
		{"像是假货", 0, d, 0},
		{"声音大像是假货", 0, d, 1},
		{"像是声音大", 0, 0, 1},
		{"就像假货", 0, d, 0},
		{"像是坏的，假货", 0, 1, 0},
	} {
		s, _, _ := stages(c, tc.text, "")
		for _, k := range []struct {
			idx  int32
			want float64
		}{{hazard, tc.hazard}, {fake, tc.fake}, {loud, tc.loud}} {
			if got := s.scores[k.idx]; got != k.want {
				t.Errorf("%q: %d score %v, want %v", tc.text, c.codes[k.idx].code, got, k.want)
			}
		}
		c.putScratch(s)
	}
}
