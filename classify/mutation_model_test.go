package classify

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// tinyGram is one n-gram of a hand-made model: its key and its
// (class, weight) pairs.
type tinyGram struct {
	key     uint64
	classes []uint8
	weights []int8
}

// tinyModel encodes a model of k classes (codes 1001…) with the given
// n-grams, every float zero but unit (1), in decodeModel's format.
func tinyModel(k, dense int, grams []tinyGram) []byte {
	b := []byte(modelMagic)
	b = binary.LittleEndian.AppendUint64(b, 42)
	b = binary.LittleEndian.AppendUint16(b, uint16(k))
	for i := range k {
		b = binary.LittleEndian.AppendUint16(b, uint16(1001+i))
	}
	f32 := func(v float32) { b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v)) }
	for range k + 2 { // bias, shared
		f32(0)
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(dense))
	for range dense * k {
		f32(0)
	}
	f32(1) // unit
	b = binary.LittleEndian.AppendUint32(b, uint32(len(grams)))
	for _, g := range grams {
		b = binary.LittleEndian.AppendUint64(b, g.key)
		b = append(b, uint8(len(g.classes)))
		for j, c := range g.classes {
			b = append(b, c, uint8(g.weights[j]))
		}
	}
	return b
}

// TestDecodeModelLimits: decodeModel's bounds, each on both sides: 1 to
// 255 classes, numDense(k) dense features, up to maxPerGram classes per
// n-gram, class ids below k, no zero key, no duplicate.
func TestDecodeModelLimits(t *testing.T) {
	g := func(key uint64, classes ...uint8) tinyGram {
		w := make([]int8, len(classes))
		for i := range w {
			w[i] = int8(i + 1)
		}
		return tinyGram{key, classes, w}
	}
	for _, tc := range []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"2 classes", tinyModel(2, numDense(2), []tinyGram{g(7, 0, 1)}), true},
		{"no n-grams", tinyModel(1, numDense(1), nil), true},
		{"0 classes", tinyModel(0, numDense(0), nil), false},
		{"255 classes", tinyModel(255, numDense(255), []tinyGram{g(7, 254)}), true},
		{"256 classes", tinyModel(256, numDense(256), nil), false},
		{"dense one short", tinyModel(2, numDense(2)-1, nil), false},
		{"dense one over", tinyModel(2, numDense(2)+1, nil), false},
		{"8 classes an n-gram", tinyModel(8, numDense(8), []tinyGram{g(7, 0, 1, 2, 3, 4, 5, 6, 7)}), true},
		{"9 classes an n-gram", tinyModel(9, numDense(9), []tinyGram{g(7, 0, 1, 2, 3, 4, 5, 6, 7, 8)}), false},
		{"class k-1", tinyModel(3, numDense(3), []tinyGram{g(7, 2)}), true},
		{"class k", tinyModel(3, numDense(3), []tinyGram{g(7, 3)}), false},
		{"zero key", tinyModel(2, numDense(2), []tinyGram{g(0, 1)}), false},
		{"duplicate key", tinyModel(2, numDense(2), []tinyGram{g(7, 1), g(7, 0)}), false},
	} {
		m, err := decodeModel(tc.b)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
			continue
		}
		if err == nil && (len(m.bias) != len(m.codes) || m.codes[0] != 1001) {
			t.Errorf("%s: %+v", tc.name, m)
		}
	}
	// A wrong dense count says so.
	if _, err := decodeModel(tinyModel(2, 5, nil)); err == nil || err.Error() != "classify: model has 5 dense features, want 7" {
		t.Errorf("dense count: %v", err)
	}
	// More n-grams than bytes: an error before any allocation.
	b := tinyModel(1, numDense(1), nil)
	binary.LittleEndian.PutUint32(b[len(b)-4:], 1<<31)
	if _, err := decodeModel(b); !errors.Is(err, errModel) {
		t.Errorf("2^31 n-grams: %v", err)
	}
}

// TestModelLookupWraps: n-grams whose home is the table's last slot
// continue at slot 0, for the decoder and for lookup alike; a key the
// model does not know is -1.
func TestModelLookupWraps(t *testing.T) {
	// Three n-grams: 5 slots. Find three keys homed in the last slot.
	n := 3.0
	probe := &model{slots: make([]slot, int(n/slotLoad)+1)}
	last := len(probe.slots) - 1
	var keys []uint64
	for key := uint64(1); len(keys) < 3; key++ {
		if i, _ := probe.home(gramHash(key)); i == last {
			keys = append(keys, key)
		}
	}
	var grams []tinyGram
	for i, key := range keys {
		grams = append(grams, tinyGram{key, []uint8{uint8(i)}, []int8{int8(10 * (i + 1))}})
	}
	m, err := decodeModel(tinyModel(3, numDense(3), grams))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.slots) != last+1 || m.grams != 3 {
		t.Fatalf("%d slots, %d n-grams", len(m.slots), m.grams)
	}
	// Slots last, 0 and 1, in insertion order.
	for i, key := range keys {
		row := m.lookup(key)
		if want := []int32{int32(last), 0, 1}[i]; row != want {
			t.Errorf("key %d: slot %d, want %d", key, row, want)
			continue
		}
		if w := m.weightOf(row, i); w != int8(10*(i+1)) {
			t.Errorf("key %d: weight %d for class %d, want %d", key, w, i, 10*(i+1))
		}
		if w := m.weightOf(row, (i+1)%3); w != 0 {
			t.Errorf("key %d: weight %d for another class, want 0", key, w)
		}
	}
	for key := keys[2] + 1; key < keys[2]+200; key++ {
		if !slices.Contains(keys, key) && m.lookup(key) != -1 {
			t.Errorf("unknown key %d found", key)
		}
	}
}

// TestDenseFeatures: per class log(1+score) and a best flag (the highest
// score, when it reaches minScore), then the injury, threat and
// no-evidence flags; every feature is rewritten.
func TestDenseFeatures(t *testing.T) {
	l := func(v float64) float32 { return float32(math.Log1p(v)) }
	for _, tc := range []struct {
		lex            []float64
		injury, threat bool
		want           []float32
	}{
		{[]float64{0, 2, 0.5}, false, false, []float32{0, l(2), l(0.5), 0, 1, 0, 0, 0, 0}},
		{[]float64{minScore, 0, 0}, true, false, []float32{l(minScore), 0, 0, 1, 0, 0, 1, 0, 0}},
		{[]float64{0.5, 0, 0}, false, true, []float32{l(0.5), 0, 0, 0, 0, 0, 0, 1, 1}},
		{[]float64{0, 0, 0}, true, true, []float32{0, 0, 0, 0, 0, 0, 1, 1, 1}},
	} {
		x := make([]float32, numDense(len(tc.lex)))
		for i := range x {
			x[i] = 7 // stale values from an earlier call
		}
		denseFeatures(x, tc.lex, tc.injury, tc.threat)
		if !slices.Equal(x, tc.want) {
			t.Errorf("%v %v %v: %v, want %v", tc.lex, tc.injury, tc.threat, x, tc.want)
		}
	}
}

// TestSoftmax: probabilities proportional to exp(logit), computed from
// the largest logit so that large logits do not overflow.
func TestSoftmax(t *testing.T) {
	for _, tc := range []struct{ z, want []float64 }{
		{[]float64{1, 1}, []float64{0.5, 0.5}},
		{[]float64{0, 0, 0, 0}, []float64{0.25, 0.25, 0.25, 0.25}},
		{[]float64{1000, 1000}, []float64{0.5, 0.5}},
		{[]float64{-1000, -1000}, []float64{0.5, 0.5}},
		{[]float64{0, math.Log(3)}, []float64{1 / (1 + 3.0), 3 / (1 + 3.0)}},
		{[]float64{2000, 0}, []float64{1, 0}},
	} {
		z := slices.Clone(tc.z)
		softmax(z)
		for i := range z {
			if math.Abs(z[i]-tc.want[i]) > 1e-15 {
				t.Errorf("softmax(%v) = %v, want %v", tc.z, z, tc.want)
				break
			}
		}
	}
}

// TestRollerStep: the keys of the 1-, 2- and 3-grams ending at each
// position, 21 bits a rune, digits folded to '0', none crossing a clause.
func TestRollerStep(t *testing.T) {
	const a, b, c, d = 'a', 'b', 'c', 'd'
	g := roller{clause: -1}
	for i, tc := range []struct {
		r      rune
		clause int32
		keys   [maxGram]uint64
	}{
		{a, 0, [maxGram]uint64{a, 0, 0}},
		{b, 0, [maxGram]uint64{b, a<<21 | b, 0}},
		{c, 0, [maxGram]uint64{c, b<<21 | c, a<<42 | b<<21 | c}},
		{'7', 0, [maxGram]uint64{'0', c<<21 | '0', b<<42 | c<<21 | '0'}},
		{d, 1, [maxGram]uint64{d, 0, 0}}, // a new clause
		{'9', 1, [maxGram]uint64{'0', d<<21 | '0', 0}},
		{'/', 1, [maxGram]uint64{'/', '0'<<21 | '/', d<<42 | '0'<<21 | '/'}},
		{a, 3, [maxGram]uint64{a, 0, 0}},
	} {
		g.step(&position{r: tc.r, clause: tc.clause})
		if g.keys != tc.keys || g.clause != tc.clause {
			t.Errorf("step %d (%q): %v clause %d, want %v %d", i, tc.r, g.keys, g.clause, tc.keys, tc.clause)
		}
	}
}

// TestOverlaps: two n-grams overlap when they share a position; adjacent
// ones do not.
func TestOverlaps(t *testing.T) {
	chosen := []gramEvidence{{end: 5, n: 2}} // positions 4, 5
	for _, tc := range []struct {
		end  int32
		n    int8
		want bool
	}{
		{3, 2, false}, {4, 2, true}, {5, 3, true}, {6, 2, true}, {7, 2, false},
		{3, 1, false}, {4, 1, true}, {7, 3, true}, {8, 3, false},
	} {
		if got := overlaps(chosen, gramEvidence{end: tc.end, n: tc.n}); got != tc.want {
			t.Errorf("[%d, %d]: %v, want %v", tc.end+1-int32(tc.n), tc.end, got, tc.want)
		}
	}
	if overlaps(nil, gramEvidence{end: 5, n: 2}) {
		t.Error("nothing chosen: overlap")
	}
}

// TestCoveredByAndEvidenceSeen: a model n-gram is left out when a listed
// match covers its span (ends included); a keyword is listed once per span,
// code and kind, however many matches share its start.
func TestCoveredByAndEvidenceSeen(t *testing.T) {
	ev := []Match{{Start: 3, End: 9}}
	for _, tc := range []struct {
		start, end int
		want       bool
	}{
		{3, 9, true}, {4, 8, true}, {2, 9, false}, {3, 10, false}, {0, 3, false},
	} {
		if got := coveredBy(ev, Match{Start: tc.start, End: tc.end}); got != tc.want {
			t.Errorf("coveredBy [%d, %d): %v, want %v", tc.start, tc.end, got, tc.want)
		}
	}

	seen := []Match{
		{Start: 0, End: 3, Code: 1001},
		{Start: 6, End: 9, Code: 1001},
		{Start: 6, End: 8, Code: 1001},
		{Start: 6, End: 8, Code: 1001, Kind: KindInjury},
	}
	for _, tc := range []struct {
		m    Match
		want bool
	}{
		{Match{Start: 6, End: 9, Code: 1001}, true}, // not the last of its start
		{Match{Start: 6, End: 8, Code: 1001, Kind: KindInjury}, true},
		{Match{Start: 6, End: 8, Code: 1001, Kind: KindThreat}, false},
		{Match{Start: 6, End: 9, Code: 1002}, false},
		{Match{Start: 6, End: 7, Code: 1001}, false},
		{Match{Start: 0, End: 3, Code: 1001}, false}, // only the tail shares a start
	} {
		if got := evidenceSeen(seen, tc.m); got != tc.want {
			t.Errorf("evidenceSeen %+v: %v, want %v", tc.m, got, tc.want)
		}
	}
	if !evidenceSeen(seen[:1], Match{Start: 0, End: 3, Code: 1001}) {
		t.Error("evidenceSeen misses the first match")
	}
}

// TestSoftmaxLargeLogits: probabilities stay finite when a logit is
// large enough that exp of it, or of twice it, would overflow.
func TestSoftmaxLargeLogits(t *testing.T) {
	for _, tc := range []struct{ z, want []float64 }{
		{[]float64{400, 400}, []float64{0.5, 0.5}},
		{[]float64{400, 400 + math.Log(3)}, []float64{0.25, 0.75}},
	} {
		z := slices.Clone(tc.z)
		softmax(z)
		for i := range z {
			if !(math.Abs(z[i]-tc.want[i]) <= 1e-12) { // NaN fails too
				t.Errorf("softmax(%v) = %v, want %v", tc.z, z, tc.want)
				break
			}
		}
	}
}

// TestLookupFilterCollision: a key the model does not know whose hash
// sets the same filter bit as a known key passes the filter and is then
// not found in the table: -1, not a slot.
func TestLookupFilterCollision(t *testing.T) {
	const known = 7
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{{known, []uint8{0}, []int8{5}}}))
	if err != nil {
		t.Fatal(err)
	}
	bit := gramHash(known) & (filterBits - 1)
	key := uint64(known + 1)
	for gramHash(key)&(filterBits-1) != bit {
		key++
	}
	if row := m.lookup(known); row < 0 {
		t.Fatalf("known key: %d", row)
	}
	if row := m.lookup(key); row != -1 {
		t.Errorf("key %d (filter bit shared with %d): slot %d, want -1", key, known, row)
	}
}

// homedAtZero returns the first rune r from from on whose 2-gram after
// first is homed in slot 0 of the table of a model of n n-grams.
func homedAtZero(first, from rune, n int) rune {
	probe := &model{slots: make([]slot, int(float64(n)/slotLoad)+1)}
	for r := from; ; r++ {
		if i, _ := probe.home(gramHash(uint64(first)<<21 | uint64(r))); i == 0 {
			return r
		}
	}
}

// scoreModel runs m.score over the runes of text (one clause) and returns
// the logits and the n-grams kept for the evidence.
func scoreModel(m *model, text []rune) ([]float64, []gramHit) {
	k := len(m.codes)
	s := &scratch{acc: new([256]int64)}
	for i, r := range text {
		s.pos = append(s.pos, position{off: int32(i), r: r})
	}
	out := make([]float64, k)
	m.score(s, make([]float32, numDense(k)), out)
	return out, s.grams
}

// TestScoreNGrams: the n-grams of a text the model knows add their
// weights, the one in slot 0 too; a 3-gram counts when its two-rune
// prefix and suffix are in the table, even when its last rune alone is
// not. The sum is scaled by 1/sqrt(the n-grams of the text).
func TestScoreNGrams(t *testing.T) {
	const a, b = 'a', 'b'
	// A third rune c whose 2-gram bc is homed in slot 0 of the table of
	// three n-grams (5 slots), listed first so that it gets slot 0.
	c := homedAtZero(b, 'c', 3)
	ab, bc, abc := uint64(a)<<21|b, uint64(b)<<21|uint64(c), uint64(a)<<42|uint64(b)<<21|uint64(c)
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{
		{bc, []uint8{0}, []int8{2}},
		{ab, []uint8{0}, []int8{1}},
		{abc, []uint8{0}, []int8{4}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if m.lookup(bc) != 0 || m.lookup(uint64(c)) != -1 {
		t.Fatalf("bc in slot %d, c in slot %d; want 0, -1", m.lookup(bc), m.lookup(uint64(c)))
	}
	out, grams := scoreModel(m, []rune{a, b, c})
	// 1+2+3 n-grams; ab, bc and abc known: 1+2+4 units of 1.
	if want := 7 / math.Sqrt(6); out[0] != want {
		t.Errorf("logit %v, want %v", out[0], want)
	}
	want := []gramHit{{end: 1, n: 2, row: m.lookup(ab)}, {end: 2, n: 2, row: 0}, {end: 2, n: 3, row: m.lookup(abc)}}
	if !slices.Equal(grams, want) {
		t.Errorf("n-grams %v, want %v", grams, want)
	}
}

// TestScoreThreeGramPrefix: a 3-gram is looked up when its first two runes
// are in the table, which is what the generator guarantees — not its last
// two. (score once tested the 2-gram ending at the 3-gram's own position,
// so a 3-gram whose last two runes the model did not keep was skipped.)
func TestScoreThreeGramPrefix(t *testing.T) {
	const a, b, c = 'a', 'b', 'c'
	ab, abc := uint64(a)<<21|b, uint64(a)<<42|uint64(b)<<21|c
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{
		{ab, []uint8{0}, []int8{1}},
		{abc, []uint8{0}, []int8{4}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	out, grams := scoreModel(m, []rune{a, b, c})
	// 1+2+3 n-grams; ab and abc known (bc is not): 1+4 units of 1.
	if want := 5 / math.Sqrt(6); out[0] != want {
		t.Errorf("logit %v, want %v", out[0], want)
	}
	want := []gramHit{{end: 1, n: 2, row: m.lookup(ab)}, {end: 2, n: 3, row: m.lookup(abc)}}
	if !slices.Equal(grams, want) {
		t.Errorf("n-grams %v, want %v", grams, want)
	}
	// Without ab the 3-gram is not looked up at all.
	m, err = decodeModel(tinyModel(1, numDense(1), []tinyGram{{abc, []uint8{0}, []int8{4}}}))
	if err != nil {
		t.Fatal(err)
	}
	if out, grams := scoreModel(m, []rune{a, b, c}); out[0] != 0 || len(grams) != 0 {
		t.Errorf("without its prefix: logit %v, n-grams %v; want 0, none", out[0], grams)
	}
}

// TestScoreKeepsMaxGramHits: every known n-gram counts in the score, but
// only the first maxGramHits are kept for the evidence.
func TestScoreKeepsMaxGramHits(t *testing.T) {
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{{'a', []uint8{0}, []int8{1}}}))
	if err != nil {
		t.Fatal(err)
	}
	text := make([]rune, maxGramHits+1)
	for i := range text {
		text[i] = 'a'
	}
	out, grams := scoreModel(m, text)
	if len(grams) != maxGramHits || grams[len(grams)-1].end != maxGramHits-1 {
		t.Errorf("%d n-grams kept, the last ending at %d; want %d, %d", len(grams), grams[len(grams)-1].end, maxGramHits, maxGramHits-1)
	}
	n := len(text)
	if want := float64(n) / math.Sqrt(float64(3*n-3)); out[0] != want {
		t.Errorf("logit %v, want %v", out[0], want)
	}
}

// TestPredictReasonAtClassZero: a Reason pointing at code index 0 (1001,
// the model's class 0) adds reasonLogit to that class's logit.
func TestPredictReasonAtClassZero(t *testing.T) {
	c := Default()
	prob := func(reason string) float64 {
		s, injury, threat := stages(c, "东西收到了", reason)
		c.predict(s, injury >= 0, threat >= 0)
		return s.probs[0]
	}
	p0, p1 := prob(""), prob("1001")
	odds := func(p float64) float64 { return p / (1 - p) }
	if got := odds(p1) / odds(p0); math.Abs(got-math.Exp(reasonLogit)) > 1e-6*math.Exp(reasonLogit) {
		t.Errorf("1001 odds ×%v with the reason, want ×exp(%v) = %v (p %v → %v)", got, reasonLogit, math.Exp(reasonLogit), p0, p1)
	}
}

// TestTopGramsClassZero: the model's evidence for code index 0 (1001, the
// model's class 0) lists its n-grams of two runes or more, each weighing
// its table weight times the text's scale.
func TestTopGramsClassZero(t *testing.T) {
	c := Default()
	s, injury, threat := stages(c, "质量太差了，用了两天就坏了，做工粗糙", "")
	c.predict(s, injury >= 0, threat >= 0)
	top := c.topGrams(s, 0)
	if top[0].n < 2 {
		t.Fatalf("no evidence for 1001: %v", top)
	}
	for _, g := range top {
		if g.n == 0 {
			break
		}
		var row int32 = -1
		for _, h := range s.grams {
			if h.end == g.end && h.n == g.n {
				row = h.row
			}
		}
		want := float32(float64(c.model.weightOf(row, 0)) * s.gramScale)
		if row < 0 || g.weight != want || want <= 0 {
			t.Errorf("n-gram ending at %d (%d runes): weight %v, want %v", g.end, g.n, g.weight, want)
		}
	}
}

// TestTopGramsTieKeepsFirst: of two n-grams of equal weight that do not
// overlap, the earlier in the text is listed first (a later one must weigh
// strictly more to displace it).
func TestTopGramsTieKeepsFirst(t *testing.T) {
	const ab, cd = uint64('a')<<21 | 'b', uint64('c')<<21 | 'd'
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{
		{ab, []uint8{0}, []int8{3}},
		{cd, []uint8{0}, []int8{3}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	c := &Classifier{model: m, modelClass: []int32{0}}
	s := &scratch{gramScale: 0.5, grams: []gramHit{
		{end: 1, n: 2, row: m.lookup(ab)}, // ab at 0-1
		{end: 3, n: 2, row: m.lookup(cd)}, // cd at 2-3
	}}
	top := c.topGrams(s, 0)
	want := [maxGramEvidence]gramEvidence{{end: 1, n: 2, weight: 1.5}, {end: 3, n: 2, weight: 1.5}}
	if top != want {
		t.Errorf("top n-grams %v, want %v", top, want)
	}
}

// TestScoreSharedWeights: each class's own lexicon features (log(1+score)
// at x[c], is-the-best at x[k+c]) weigh by the shared weights, the same
// for every class.
func TestScoreSharedWeights(t *testing.T) {
	m, err := decodeModel(tinyModel(2, numDense(2), nil))
	if err != nil {
		t.Fatal(err)
	}
	m.shared = [2]float32{0.5, 1}
	x := []float32{1, 2, 0, 1, 0, 0, 0} // class 1 is the lexicon's best
	out := make([]float64, 2)
	m.score(&scratch{acc: new([256]int64)}, x, out)
	if want := []float64{0.5, 2}; !slices.Equal(out, want) {
		t.Errorf("logits %v, want %v", out, want)
	}
}

// TestScoreThreeGramPrefixInSlotZero: a 3-gram's two-rune prefix in slot 0
// of the table is known like any other.
func TestScoreThreeGramPrefixInSlotZero(t *testing.T) {
	const a = 'a'
	// A rune b whose 2-gram ab is homed in slot 0 of a table of two
	// n-grams, listed first so that it gets slot 0.
	b := homedAtZero(a, 'b', 2)
	ab, abc := uint64(a)<<21|uint64(b), uint64(a)<<42|uint64(b)<<21|'c'
	m, err := decodeModel(tinyModel(1, numDense(1), []tinyGram{
		{ab, []uint8{0}, []int8{1}},
		{abc, []uint8{0}, []int8{4}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if m.lookup(ab) != 0 {
		t.Fatalf("ab in slot %d, want 0", m.lookup(ab))
	}
	if out, _ := scoreModel(m, []rune{a, b, 'c'}); out[0] != 5/math.Sqrt(6) {
		t.Errorf("logit %v, want %v (ab and abc)", out[0], 5/math.Sqrt(6))
	}
}

// TestDecodeModelWeightAndCountBounds: a weight of exactly maxModelWeight
// is accepted and the next float32 above it is not; an n-gram count that
// the bytes left cannot hold is rejected before anything is made for it,
// with its own error (not as a truncation found later).
func TestDecodeModelWeightAndCountBounds(t *testing.T) {
	withUnit := func(u float32) []byte {
		b := tinyModel(1, numDense(1), nil)
		_, _, _, unit := tinyOffsets(1)
		binary.LittleEndian.PutUint32(b[unit:], math.Float32bits(u))
		return b
	}
	if _, err := decodeModel(withUnit(maxModelWeight)); err != nil {
		t.Errorf("unit %g: %v", float64(maxModelWeight), err)
	}
	if _, err := decodeModel(withUnit(math.Nextafter32(maxModelWeight, math.MaxFloat32))); err == nil {
		t.Error("a unit just above maxModelWeight was accepted")
	}
	b := tinyModel(1, numDense(1), []tinyGram{{1, []uint8{0}, []int8{1}}}) // one n-gram of 11 bytes
	binary.LittleEndian.PutUint32(b[len(b)-11-4:], 2)                      // claims two
	_, err := decodeModel(b)
	if err == nil || !strings.Contains(err.Error(), "2 n-grams in 11 bytes") {
		t.Errorf("two n-grams claimed in 11 bytes: %v", err)
	}
}
