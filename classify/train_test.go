package classify

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

// jargonExamples are a merchant's labelled tickets in its own jargon: "ZK7"
// is its warehouse's code for a parcel stuck in transit (2004), which the
// default taxonomy does not know; beside them, tickets of other codes.
func jargonExamples() []Example {
	ex := []Example{
		{ID: "j1", Text: "订单又ZK7了", Code: 2004, Level: 3},
		{ID: "j2", Text: "包裹显示ZK7，三天没动", Code: 2004, Level: 3},
		{ID: "j3", Text: "ZK7两次了，什么时候能到", Code: 2004, Level: 3},
		{ID: "j4", Text: "系统说ZK7，客服也不知道", Code: 2004, Level: 3},
		{ID: "j5", Text: "我的快递ZK7一周了", Code: 2004, Level: 3},
		{ID: "j6", Text: "又是ZK7，烦死了", Code: 2004, Level: 3},
		{ID: "q1", Text: "杯子用了两天就漏水", Code: 1001, Level: 3},
		{ID: "q2", Text: "耳机右边没声音，质量太差", Code: 1001, Level: 3},
		{ID: "q3", Text: "拉链第一次拉就坏了", Code: 1001, Level: 3},
		{ID: "r1", Text: "退款申请了十天还没到账", Code: 3002, Level: 3},
		{ID: "r2", Text: "说好的退款一直不给退", Code: 3002, Level: 3},
		{ID: "r3", Text: "退货寄回去了，钱还没退", Code: 3002, Level: 3},
		{ID: "a1", Text: "客服态度很差，爱答不理", Code: 4001, Level: 3},
		{ID: "a2", Text: "客服说话很冲，还挂我电话", Code: 4001, Level: 3},
	}
	return ex
}

const jargonText = "我买的东西也ZK7了，怎么回事"

func mustTrain(t testing.TB, tax *Taxonomy, ex []Example) *Model {
	t.Helper()
	m, err := Train(context.Background(), tax, ex)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustNew(t testing.TB, opts ...Option) *Classifier {
	t.Helper()
	c, err := New(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTrainLearnsJargon: a model trained on a merchant's tickets learns its
// jargon, which neither the lexicon nor the embedded model knows.
func TestTrainLearnsJargon(t *testing.T) {
	before := Default().Classify(Complaint{Text: jargonText})
	if before.Code == 2004 {
		t.Fatalf("the embedded model already knows ZK7: %+v", before)
	}
	c := mustNew(t, WithModel(mustTrain(t, nil, jargonExamples())))
	if !c.HasModel() {
		t.Fatal("WithModel: no model")
	}
	after := c.Classify(Complaint{Text: jargonText})
	if after.Code != 2004 {
		t.Errorf("trained on ZK7 = 2004: got %d (%.2f), want 2004; candidates %v", after.Code, after.Confidence, after.Candidates)
	}
	// What the tickets taught for the other codes carries over too.
	if r := c.Classify(Complaint{Text: "退款一直没到账"}); r.Code != 3002 {
		t.Errorf("refund text: got %d, want 3002", r.Code)
	}
}

// TestTrainDeterministic: the same examples give the same bytes.
func TestTrainDeterministic(t *testing.T) {
	a, _ := mustTrain(t, nil, jargonExamples()).MarshalBinary()
	b, _ := mustTrain(t, nil, jargonExamples()).MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Errorf("two trainings differ: %d and %d bytes", len(a), len(b))
	}
}

// TestModelRoundTrip: a model read back from its bytes classifies as the
// model it was written from.
func TestModelRoundTrip(t *testing.T) {
	m := mustTrain(t, nil, jargonExamples())
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseModel(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(data, again) {
		t.Error("MarshalBinary of the parsed model differs")
	}
	data[len(data)/2] ^= 0xff // the copies are the models' own
	if again2, _ := back.MarshalBinary(); !bytes.Equal(again, again2) {
		t.Error("MarshalBinary's bytes alias the model's")
	}
	c1, c2 := mustNew(t, WithModel(m)), mustNew(t, WithModel(back))
	for _, text := range []string{jargonText, "快递三天了还没到", "充电器插上就冒烟，把手烫伤了", "I was charged twice", ""} {
		r1, r2 := c1.Classify(Complaint{Text: text}), c2.Classify(Complaint{Text: text})
		if !reflect.DeepEqual(r1, r2) {
			t.Errorf("%q: %+v\nafter the round trip: %+v", text, r1, r2)
		}
	}
}

// TestTrainErrors: each error says what is wrong and with which example.
func TestTrainErrors(t *testing.T) {
	withCode := func(i int, id string, code Code) []Example {
		ex := jargonExamples()
		ex[i].ID, ex[i].Code = id, code
		return ex
	}
	withLevel := func(i int, level sla.Level) []Example {
		ex := jargonExamples()
		ex[i].Level = level
		return ex
	}
	oneCode := jargonExamples()[:6]
	for _, tc := range []struct {
		name     string
		examples []Example
		want     []string
	}{
		{"no examples", nil, []string{"classify: train: no examples"}},
		{"one code", oneCode, []string{"classify: train:", "code 2004", "at least 2 codes"}},
		{"code not in the taxonomy, by id", withCode(3, "t3", 1101), []string{"classify: train:", `example "t3"`, "code 1101 is not in the taxonomy"}},
		{"code not in the taxonomy, by index", withCode(2, "", 1102), []string{"classify: train:", "example 2 (no id)", "code 1102"}},
		{"level not 0–4", withLevel(4, 7), []string{"classify: train:", `example "j5"`, "level 7 is not 1–4 (or 0 for none)"}},
	} {
		m, err := Train(context.Background(), nil, tc.examples)
		if err == nil {
			t.Errorf("%s: no error, model %v", tc.name, m != nil)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}

// TestTrainCancelled: a done context stops training at once.
func TestTrainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := Train(ctx, nil, jargonExamples())
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "classify: train: ") {
		t.Errorf("cancelled: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled training took %v", d)
	}
}

// TestWithModelErrors: New refuses a model it cannot use, and says why.
func TestWithModelErrors(t *testing.T) {
	m := mustTrain(t, nil, jargonExamples())
	if _, err := New(nil, WithModel(nil)); err == nil || !strings.Contains(err.Error(), "classify: WithModel: nil model") {
		t.Errorf("nil model: %v", err)
	}
	if _, err := New(nil, WithModel(m), WithoutModel()); err == nil || !strings.Contains(err.Error(), "WithModel and WithoutModel") {
		t.Errorf("with and without: %v", err)
	}
	// A model trained on a merchant's taxonomy knows its codes: the
	// default taxonomy lacks them.
	tax, err := ParseTaxonomy([]byte("codes:\n  - {code: 2101, name: ZK7滞留, level: 3, keywords: [ZK7]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ex := jargonExamples()
	for i := range ex[:6] {
		ex[i].Code = 2101
	}
	merchant := mustTrain(t, tax, ex)
	if _, err := New(nil, WithModel(merchant)); err == nil || !strings.Contains(err.Error(), "code 2101, which the taxonomy lacks") {
		t.Errorf("taxonomy without the model's code: %v", err)
	}
	c, err := New(tax, WithModel(merchant))
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Classify(Complaint{Text: jargonText}); r.Code != 2101 {
		t.Errorf("merchant taxonomy and model: %d, want 2101", r.Code)
	}
}

// TestParseModelErrors: bytes that are not a model are an error saying
// what is wrong.
func TestParseModelErrors(t *testing.T) {
	good, _ := mustTrain(t, nil, jargonExamples()).MarshalBinary()
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not a model"},
		{"text", []byte("hello, world"), "not a model"},
		{"magic only", []byte(modelMagic), "truncated after 4 bytes"},
		{"truncated", good[:len(good)-1], "truncated"},
		{"trailing byte", append(good[:len(good):len(good)], 0), "1 bytes after the last n-gram"},
	} {
		m, err := ParseModel(tc.b)
		if err == nil || m != nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !errors.Is(err, errModel) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %q, want it to say %q", tc.name, err, tc.want)
		}
	}
}

// fuzzTaxonomy has the codes of jargonExamples alone, so that New, which
// FuzzParseModel runs for every model it accepts, is quick.
const fuzzTaxonomy = `base: none
codes:
  - {code: 1001, name: 质量问题, level: 3, keywords: [质量差, 漏水]}
  - {code: 1002, name: 描述不符, level: 3, keywords: [和图片不一样]}
  - {code: 2004, name: 物流停滞, level: 3, keywords: [没动]}
  - {code: 3002, name: 退款问题, level: 3, keywords: [退款]}
  - {code: 4001, name: 服务态度, level: 3, keywords: [态度差]}
cues:
  negate: [没, 不]
`

// FuzzParseModel: any bytes are a model or an error, never a panic, and a
// model ParseModel accepts classifies any text.
func FuzzParseModel(f *testing.F) {
	tax, err := ParseTaxonomy([]byte(fuzzTaxonomy))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := mustTrain(f, tax, jargonExamples()).MarshalBinary()
	f.Add(good, jargonText)
	f.Add(good[:len(good)/2], "")
	f.Add(tinyModel(2, numDense(2), []tinyGram{{'a', []uint8{0, 1}, []int8{5, -5}}}), "aaa")
	// Weights that are finite but near the float32 range (shared, then
	// dense): score's float32 products overflowed to Inf, and every
	// confidence was NaN. And a class listed twice in an n-gram.
	for _, off := range []int{4 + 8 + 2 + 2*2 + 2*4, 4 + 8 + 2 + 2*2 + 2*4 + 8 + 2} {
		huge := tinyModel(2, numDense(2), nil)
		binary.LittleEndian.PutUint32(huge[off:], math.Float32bits(math.MaxFloat32))
		binary.LittleEndian.PutUint32(huge[off+4:], math.Float32bits(math.MaxFloat32))
		f.Add(huge, "质量差，漏水，质量差")
	}
	f.Add(tinyModel(2, numDense(2), []tinyGram{{'a', []uint8{1, 1}, []int8{5, 5}}}), "aaa")
	for _, i := range []int{0, 4, 12, 14, 20, len(good) / 3, len(good) - 3} { // corruptions: header, codes, floats, n-grams
		bad := bytes.Clone(good)
		bad[i] ^= 0x5a
		f.Add(bad, "快递ZK7了")
	}
	f.Fuzz(func(t *testing.T, b []byte, text string) {
		m, err := ParseModel(b)
		if err != nil {
			if m != nil || !strings.HasPrefix(err.Error(), "classify: ") {
				t.Fatalf("error %q with model %v", err, m != nil)
			}
			return
		}
		c, err := New(tax, WithModel(m))
		if err != nil {
			return // codes the taxonomy lacks
		}
		for _, s := range []string{text, jargonText} {
			checkResult(t, s, c.Classify(Complaint{Text: s}))
		}
	})
}

// manyCodesTaxonomy is a taxonomy of n codes, 1001 up, each with a keyword.
func manyCodesTaxonomy(t *testing.T, n int) *Taxonomy {
	t.Helper()
	var b strings.Builder
	b.WriteString("base: none\ncodes:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {code: %d, name: c%d, level: 3, keywords: [词%d]}\n", 1001+i, i, i)
	}
	tax, err := ParseTaxonomy([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

// TestTrainCodeCountBound: a model's class is a byte, so Train takes a
// taxonomy of up to 255 codes — 255 itself included — and no more.
func TestTrainCodeCountBound(t *testing.T) {
	ex := []Example{{ID: "a", Text: "词0 坏了", Code: 1001}, {ID: "b", Text: "词1 没到", Code: 1002}}
	if _, err := Train(context.Background(), manyCodesTaxonomy(t, 255), ex); err != nil {
		t.Errorf("255 codes: %v", err)
	}
	_, err := Train(context.Background(), manyCodesTaxonomy(t, 256), ex)
	if err == nil || !strings.Contains(err.Error(), "256 codes, a model at most 255") {
		t.Errorf("256 codes: %v", err)
	}
}

// TestFeaturizeEscalationFlags: training sees the injury and threat flags
// Classify's model sees, also when the cue is the text's first hit.
func TestFeaturizeEscalationFlags(t *testing.T) {
	base := newLexicon(t)
	k := len(base.codes)
	for _, tc := range []struct {
		text           string
		injury, threat float32
	}{
		{"烫伤了手", 1, 0},
		{"我要去12315投诉", 0, 1},
		{"颜色不一样", 0, 0},
	} {
		smp := featurize(base, Complaint{Text: tc.text})
		x := smp.dense
		if x[2*k] != tc.injury || x[2*k+1] != tc.threat {
			t.Errorf("%s: injury %v threat %v, want %v %v", tc.text, x[2*k], x[2*k+1], tc.injury, tc.threat)
		}
		// The level rules read the same (the injury is the text's first
		// hit, at index 0).
		if want := (escalation{injury: tc.injury == 1, threat: tc.threat == 1}); smp.esc != want {
			t.Errorf("%s: escalation %+v, want %+v", tc.text, smp.esc, want)
		}
	}
	smp := featurize(base, Complaint{Text: "颜色不一样", OrderAmount: decimal.NewFromInt(DefaultHighValue), AffectedCustomers: DefaultGroupSize})
	if want := (escalation{highValue: true, group: true}); smp.esc != want {
		t.Errorf("high value and group: escalation %+v, want %+v", smp.esc, want)
	}
}

// TestTrainLearnsRealText: a model trained on the 371 reviews of the real
// dev split alone classifies the 456 of the test split far better than the
// lexicon alone (65.6 / 55.3 / 53.7 %): 85.7 / 74.1 / 75.0 % when this
// test was written. A fault in the fitting arithmetic (a step, the scale
// of the n-grams, a gradient) that still learns something fails here.
func TestTrainLearnsRealText(t *testing.T) {
	m := mustTrain(t, nil, readExamplesFile(t, "testdata/real/dev.jsonl"))
	c, err := New(nil, WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	cat, code, level := c.Evaluate(readExamplesFile(t, "testdata/real/test.jsonl")).Total.Rates()
	if cat < 83 || code < 71 || level < 72 {
		t.Errorf("trained on dev: category %.1f %%, code %.1f %%, level %.1f %%; want ≥ 83 / 71 / 72", cat, code, level)
	}
}

// TestTrainNGramsAndDenseWeights: an n-gram in exactly minDocs training
// texts is one of the model's, one in fewer is not; and the weights of the
// lexicon's features are learnt, not left at zero.
func TestTrainNGramsAndDenseWeights(t *testing.T) {
	ex := []Example{
		{ID: "a1", Text: "包裹犇骉了", Code: 2004}, {ID: "a2", Text: "又犇骉了", Code: 2004}, {ID: "a3", Text: "犇骉三天", Code: 2004},
		{ID: "b1", Text: "屏幕猋麤了", Code: 1001}, {ID: "b2", Text: "猋麤了", Code: 1001}, {ID: "b3", Text: "质量差", Code: 1001},
	}
	m := mustTrain(t, nil, ex).m
	key := func(s string) uint64 {
		r := []rune(s)
		return uint64(r[0])<<21 | uint64(r[1])
	}
	if minDocs := trainSettings.minDocs; minDocs != 3 {
		t.Fatalf("minDocs %d: the examples are for 3", minDocs)
	}
	if m.lookup(key("犇骉")) < 0 {
		t.Error("犇骉, in 3 texts, is not in the model")
	}
	if m.lookup(key("猋麤")) >= 0 {
		t.Error("猋麤, in 2 texts, is in the model")
	}
	nonzero := false
	for _, w := range m.dense {
		nonzero = nonzero || w != 0
	}
	if !nonzero {
		t.Error("every dense weight is 0")
	}
}

// TestLevelGradient: levelGradient adds the gradient of −log P(level), P
// the softmax probability of the level's codes together, checked against
// finite differences of that loss; a level no code has adds nothing.
func TestLevelGradient(t *testing.T) {
	logits := []float64{0.3, -1.2, 2.0, 0.5, -0.4}
	levels := []sla.Level{sla.Level2, sla.Level1, sla.Level2, sla.Level3, sla.Level4}
	loss := func(x []float64) float64 {
		z := slices.Clone(x)
		softmax(z)
		p := 0.0
		for c, v := range z {
			if levels[c] == sla.Level2 {
				p += v
			}
		}
		return -math.Log(p)
	}
	z := slices.Clone(logits)
	softmax(z)
	probs := slices.Clone(z)
	levelGradient(z, levels, sla.Level2, 3)
	for c := range logits {
		const h = 1e-6
		up, down := slices.Clone(logits), slices.Clone(logits)
		up[c] += h
		down[c] -= h
		want := probs[c] + 3*(loss(up)-loss(down))/(2*h)
		if math.Abs(z[c]-want) > 1e-6 {
			t.Errorf("class %d: %v, want %v", c, z[c], want)
		}
	}
	z = slices.Clone(probs)
	levelGradient(z, levels, sla.Level(0), 3)
	levelGradient(z, levels, sla.Level2, 0)
	if !slices.Equal(z, probs) {
		t.Errorf("no code of the level, or weight 0: %v, want %v unchanged", z, probs)
	}
}

// TestLevelLossOnlyWhereTheRulesAgree: the level's loss acts on an example
// only when its code gives its level by the level rules. A merchant whose
// tickets carry levels of its own (here all level 4, which none of their
// codes gives), or none (0), gets the model the code's loss alone makes,
// byte for byte; with the levels the rules give, the level's loss changes
// the model.
func TestLevelLossOnlyWhereTheRulesAgree(t *testing.T) {
	base := mustNew(t, WithoutModel())
	model := func(ex []Example, weight float64) []byte {
		t.Helper()
		p := trainSettings
		p.levelWeight = weight
		var w []weighted
		for _, e := range ex {
			w = append(w, weighted{e, 1})
		}
		m, err := train(context.Background(), base, w, p)
		if err != nil {
			t.Fatal(err)
		}
		return m.encode(p)
	}
	own := jargonExamples()
	ruled := jargonExamples()
	for i := range own {
		own[i].Level = sla.Level4
		ruled[i].Level = base.codes[base.codeIndex(ruled[i].Code)].level
	}
	if !bytes.Equal(model(own, 0), model(own, 2)) {
		t.Error("levels no code gives changed the model")
	}
	if bytes.Equal(model(ruled, 0), model(ruled, 2)) {
		t.Error("the level's loss did not change the model")
	}
	none := jargonExamples()
	for i := range none {
		none[i].Level = 0
	}
	if !bytes.Equal(model(none, 0), model(none, 2)) {
		t.Error("examples without a level (0) changed the model")
	}
}

// TestNBScales: an n-gram's scale for a class grows with how much likelier
// it is in that class's texts, counted by their weights; it is 1 where the
// ratio is not above 1, where no text of the class holds the n-gram, for a
// class without texts, and for every class at nbScale 0.
func TestNBScales(t *testing.T) {
	smp := func(class int, weight float64, rows ...int32) sample {
		s := sample{class: class, weight: weight}
		for _, r := range rows {
			s.grams = append(s.grams, gramCount{row: r, count: 1})
		}
		return s
	}
	// Class 0: weights 1, 1, 2 (4 in all); class 1: 1, 1 (2); class 2: no
	// texts. Row 0 is in every text of class 0, row 1 in every text, row 2
	// in one text of class 1.
	samples := []sample{
		smp(0, 1, 0, 1), smp(0, 1, 0, 1), smp(0, 2, 0, 1),
		smp(1, 1, 1, 2), smp(1, 1, 1),
	}
	chk := &checker{ctx: context.Background()}
	const k = 3
	scales, err := nbScales(chk, samples, 3, k, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// Add-one smoothed document frequencies, by weight: row 0 in class 0,
	// (4+1)/(4+2) against (0+1)/(2+2); row 1 in class 0, 5/6 against
	// (2+1)/(2+2); row 2 in class 1, (1+1)/(2+2) against (0+1)/(4+2).
	want := [3][k]float64{
		{1 + 0.5*math.Log(10.0/3), 1, 1},
		{1 + 0.5*math.Log(10.0/9), 1, 1}, // in class 1 its ratio is below 1
		{1, 1 + 0.5*math.Log(3), 1},
	}
	for g := range want {
		for c := range k {
			if got := float64(scales[g*k+c]); math.Abs(got-want[g][c]) > 1e-6 {
				t.Errorf("scale of n-gram %d for class %d = %v, want %v", g, c, got, want[g][c])
			}
		}
	}
	off, err := nbScales(chk, samples, 3, k, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range off {
		if v != 1 {
			t.Errorf("at nbScale 0, scale %d is %v, want 1", i, v)
		}
	}
	w := [][]float64{{2, 3, 5}, {7, 11, 13}, {17, 19, 23}}
	foldScales(w, scales)
	for g := range w {
		for c := range k {
			if want := []float64{2, 3, 5, 7, 11, 13, 17, 19, 23}[g*k+c] * float64(scales[g*k+c]); w[g][c] != want {
				t.Errorf("folded weight [%d][%d] = %v, want %v", g, c, w[g][c], want)
			}
		}
	}
}

// TestFoldScalesKeepsLogits: the logits training computes with the scales
// are the ones of the folded weights without them, so the model Classify
// runs gives what was fitted.
func TestFoldScalesKeepsLogits(t *testing.T) {
	const k = 3
	m := &trained{
		codes:  make([]Code, k),
		bias:   []float64{0.1, -0.2, 0.3},
		dense:  zeros(numDense(k), k),
		shared: [2]float64{0.5, 0.25},
		grams:  [][]float64{{1, -2, 0.5}, {-0.75, 3, 1.5}},
	}
	m.dense[2][1] = 0.4
	smp := &sample{
		grams: []gramCount{{row: 0, count: 2}, {row: 1, count: 1}},
		total: 9,
		dense: []float32{0.3, 0, 1.2, 1, 0, 0, 0, 0, 1},
	}
	scales := []float32{1.5, 1, 2.25, 1, 3, 1.125}
	before := make([]float64, k)
	m.logits(smp, before, scales)
	foldScales(m.grams, scales)
	ones := make([]float32, len(scales))
	for i := range ones {
		ones[i] = 1
	}
	after := make([]float64, k)
	m.logits(smp, after, ones)
	for c := range k {
		if math.Abs(before[c]-after[c]) > 1e-12 {
			t.Errorf("class %d: logit %v with the scales, %v folded", c, before[c], after[c])
		}
	}
}
