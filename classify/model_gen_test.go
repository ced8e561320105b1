package classify

// The generator of model_data.go: it trains the model on the labelled sets
// in testdata and writes the weights. Run it with
//
//	go generate ./classify
//
// which runs `go test -run '^TestGenerateModel$' -gen` in this directory.
// It is a test so that it computes the lexicon's features with exactly the
// code Classify runs; it is skipped unless -gen is given.
//
// Training data: testdata/real/train.jsonl (real shopper reviews, see
// testdata/real/README.md) and the written sets (complaints-dev, holdout,
// holdout2, blind, spot). testdata/real/dev.jsonl is for choosing the
// settings below, with cross-validation over train and dev (-gen.cv 5);
// testdata/real/test.jsonl is never read here.

//go:generate go test -run ^TestGenerateModel$ -gen

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
)

var (
	genModel   = flag.Bool("gen", false, "train the model and write model_data.go")
	genDev     = flag.Bool("gen.dev", false, "train the model and report its accuracy on testdata/real/dev.jsonl (writes nothing)")
	genHoldout = flag.String("gen.holdout", "", "with -gen.dev: leave this labelled file out of training and measure on it too")
	genMisses  = flag.Int("gen.misses", 0, "with -gen.dev: how many misclassified dev lines to list")
	genSweep   = flag.Bool("gen.sweep", false, "train with several settings and report each one's accuracy on the dev split")
	genCV      = flag.Int("gen.cv", 0, "cross-validate with this many folds over the real train and dev splits, trying several level-1 thresholds (writes nothing)")
)

// trainParams are the training settings.
type trainParams struct {
	epochs  int
	rate    float64 // AdaGrad's step
	l2      float64 // per example and step, n-gram weights
	l2Dense float64 // the same for the per-class weights of the lexicon's features
	minDocs int     // an n-gram must occur in this many training texts
	prune   float64 // weights smaller than this are dropped
	perGram int     // at most this many classes kept per n-gram (the largest weights)
}

// trainSettings were chosen on the dev split (-gen.sweep).
var trainSettings = trainParams{epochs: 30, rate: 0.2, l2: 1e-3, l2Dense: 1e-2, minDocs: 2, prune: 0.1, perGram: 4}

const trainSeed = 14

// realTrain is the real reviews' training split.
const realTrain = "testdata/real/train.jsonl"

// trainingSets are the labelled files the model learns from.
var trainingSets = []string{
	realTrain,
	"testdata/complaints-dev.jsonl",
	"testdata/complaints-holdout.jsonl",
	"testdata/complaints-holdout2.jsonl",
	"testdata/blind.jsonl",
	"testdata/spot.jsonl",
}

// sample is one training example as features.
type sample struct {
	grams  map[uint64]float32 // n-gram → count
	total  int                // n-grams in the text (known or not)
	dense  []float32
	class  int
	weight float64 // how much the example counts
}

// featurize computes the model's inputs for one complaint with the
// lexicon-only classifier base (the same stages Classify runs).
func featurize(base *Classifier, in Complaint) sample {
	s := base.scratch.Get().(*scratch)
	defer base.putScratch(s)
	text := validUTF8Prefix(in.Text, MaxTextBytes)
	base.scan(s, text)
	base.resolve(s)
	base.weigh(s)
	injury, threat := base.tally(s, in)
	k := len(base.codes)
	lex := slices.Clone(s.scores)
	x := make([]float32, numDense(k))
	denseFeatures(x, lex, injury >= 0, threat >= 0)
	smp := sample{grams: map[uint64]float32{}, dense: x}
	g := roller{clause: -1}
	for i := range s.pos {
		g.step(&s.pos[i])
		for _, key := range g.keys {
			if key == 0 {
				break
			}
			smp.total++
			smp.grams[key]++
		}
	}
	return smp
}

func readExamplesFile(t testing.TB, path string) []Example {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := ReadExamples(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ex
}

// trained is a model before encoding.
type trained struct {
	codes  []Code
	bias   []float64
	dense  [][]float64 // [feature][class]
	shared [2]float64  // weights of each class's own lexicon features, the same for every class
	grams  map[uint64][]float64
}

func train(t testing.TB, base *Classifier, examples []weighted, p trainParams) *trained {
	codes := make([]Code, len(base.codes))
	for i, e := range base.codes {
		codes[i] = e.code
	}
	k := len(codes)
	var samples []sample
	df := map[uint64]int{}
	for _, we := range examples {
		e := we.Example
		idx := base.codeIndex(e.Code)
		if idx < 0 {
			t.Fatalf("%s: code %d not in the taxonomy", e.ID, e.Code)
		}
		smp := featurize(base, e.Complaint())
		smp.class, smp.weight = int(idx), we.weight
		samples = append(samples, smp)
		for g := range smp.grams {
			df[g]++
		}
	}
	m := &trained{codes: codes, bias: make([]float64, k), grams: map[uint64][]float64{}}
	d := numDense(k)
	m.dense = make([][]float64, d)
	for i := range m.dense {
		m.dense[i] = make([]float64, k)
	}
	for g, n := range df {
		if n >= p.minDocs {
			m.grams[g] = make([]float64, k)
		}
	}
	// AdaGrad on the softmax loss, with L2.
	gBias := make([]float64, k)
	gShared := make([]float64, 2)
	gDense := make([][]float64, d)
	for i := range gDense {
		gDense[i] = make([]float64, k)
	}
	gGrams := map[uint64][]float64{}
	for g := range m.grams {
		gGrams[g] = make([]float64, k)
	}
	step := func(w, acc []float64, c int, grad float64) {
		acc[c] += grad * grad
		w[c] -= p.rate * grad / (math.Sqrt(acc[c]) + 1e-8)
	}
	rng := rand.New(rand.NewPCG(trainSeed, trainSeed))
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	z := make([]float64, k)
	for range p.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			smp := &samples[i]
			m.logits(smp, z)
			softmax(z)
			z[smp.class] -= 1 // gradient of the loss by the logits
			for c := range z {
				z[c] *= smp.weight
			}
			scale := 1 / math.Sqrt(float64(max(smp.total, 1)))
			var gs [2]float64
			for c := range k {
				gs[0] += z[c] * float64(smp.dense[c])
				gs[1] += z[c] * float64(smp.dense[k+c])
			}
			step(m.shared[:], gShared, 0, gs[0])
			step(m.shared[:], gShared, 1, gs[1])
			for c := range k {
				step(m.bias, gBias, c, z[c])
				for f, v := range smp.dense {
					if v != 0 {
						step(m.dense[f], gDense[f], c, z[c]*float64(v)+p.l2Dense*m.dense[f][c])
					}
				}
				for g, cnt := range smp.grams {
					if w, ok := m.grams[g]; ok {
						step(w, gGrams[g], c, z[c]*float64(cnt)*scale+p.l2*w[c])
					}
				}
			}
		}
	}
	return m
}

// logits computes the model's logits for a sample as model.score does.
func (m *trained) logits(smp *sample, z []float64) {
	scale := 1 / math.Sqrt(float64(max(smp.total, 1)))
	for c := range z {
		z[c] = 0
	}
	for g, cnt := range smp.grams {
		if w, ok := m.grams[g]; ok {
			for c := range z {
				z[c] += w[c] * float64(cnt)
			}
		}
	}
	k := len(z)
	for c := range z {
		z[c] = z[c]*scale + m.bias[c] + m.shared[0]*float64(smp.dense[c]) + m.shared[1]*float64(smp.dense[k+c])
		for f, v := range smp.dense {
			z[c] += float64(v) * m.dense[f][c]
		}
	}
}

// encode writes the model in the format decodeModel reads, dropping tiny
// weights.
func (m *trained) encode(taxonomyHash uint64, p trainParams) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString(modelMagic)
	b.Write(le.AppendUint64(nil, taxonomyHash))
	b.Write(le.AppendUint16(nil, uint16(len(m.codes))))
	for _, c := range m.codes {
		b.Write(le.AppendUint16(nil, uint16(c)))
	}
	f32 := func(v float64) { b.Write(le.AppendUint32(nil, math.Float32bits(float32(v)))) }
	for _, v := range m.bias {
		f32(v)
	}
	f32(m.shared[0])
	f32(m.shared[1])
	b.Write(le.AppendUint16(nil, uint16(len(m.dense))))
	for _, row := range m.dense {
		for _, v := range row {
			f32(v)
		}
	}
	// Keep each n-gram's perGram (≤ maxPerGram) largest weights of at least prune.
	kept := map[uint64][]int{}
	keys := make([]uint64, 0, len(m.grams))
	for g, w := range m.grams {
		var cls []int
		for c, v := range w {
			if math.Abs(v) >= p.prune {
				cls = append(cls, c)
			}
		}
		sort.Slice(cls, func(i, j int) bool { return math.Abs(w[cls[i]]) > math.Abs(w[cls[j]]) })
		if n := min(p.perGram, maxPerGram); len(cls) > n {
			cls = cls[:n]
		}
		if len(cls) > 0 {
			slices.Sort(cls)
			kept[g] = cls
			keys = append(keys, g)
		}
	}
	// Every 3-gram's first two runes are in the table, with no weights if
	// need be: model.score looks a 3-gram up only when they are.
	for _, g := range keys {
		if g>>42 != 0 { // three runes
			if pre := g >> 21; kept[pre] == nil {
				kept[pre] = []int{}
				keys = append(keys, pre)
			}
		}
	}
	slices.Sort(keys)
	// n-gram weights as int8 in units of the largest over 127.
	top := 0.0
	for _, g := range keys {
		for _, c := range kept[g] {
			top = max(top, math.Abs(m.grams[g][c]))
		}
	}
	unit := top / 127
	f32(unit)
	b.Write(le.AppendUint32(nil, uint32(len(keys))))
	for _, g := range keys {
		b.Write(le.AppendUint64(nil, g))
		b.WriteByte(byte(len(kept[g])))
		for _, c := range kept[g] {
			b.WriteByte(byte(c))
			b.WriteByte(byte(int8(math.Round(m.grams[g][c] / unit))))
		}
	}
	return b.Bytes()
}

func taxonomyHash() uint64 {
	h := fnv.New64a()
	h.Write([]byte(defaultTaxonomyYAML))
	return h.Sum64()
}

// writeModelData writes model_data.go.
func writeModelData(t testing.TB, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	b.WriteString("// Code generated by go generate (model_gen_test.go); DO NOT EDIT.\n\n")
	b.WriteString("package classify\n\n")
	fmt.Fprintf(&b, "// modelData is the encoded model (%d bytes), base64 in lines of 76.\n", len(data))
	b.WriteString("const modelData = `")
	for i := 0; i < len(enc); i += 76 {
		b.WriteString("\n")
		b.WriteString(enc[i:min(i+76, len(enc))])
	}
	b.WriteString("\n`\n")
	if err := os.WriteFile("model_data.go", b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// weighted is a training example and how much it counts.
type weighted struct {
	Example
	weight float64
}

func trainingExamples(t testing.TB) []weighted {
	var all []weighted
	for _, path := range trainingSets {
		if path == *genHoldout {
			continue
		}
		for _, e := range readExamplesFile(t, path) {
			all = append(all, weighted{e, 1})
		}
	}
	return all
}

func TestGenerateModel(t *testing.T) {
	if !*genModel && !*genDev && !*genSweep && *genCV < 2 {
		t.Skip("run with -gen (go generate) to retrain the model, -gen.dev to measure it on the dev split")
	}
	base, err := New(DefaultTaxonomy(), WithoutModel())
	if err != nil {
		t.Fatal(err)
	}
	if *genSweep {
		sweep(t, base)
		return
	}
	if *genCV > 1 {
		crossValidate(t, base, *genCV)
		return
	}
	m := train(t, base, trainingExamples(t), trainSettings)
	data := m.encode(taxonomyHash(), trainSettings)
	c := withModel(t, data)
	t.Logf("model: %d n-grams, %d bytes", c.model.grams, len(data))
	if *genDev {
		dev := readExamplesFile(t, "testdata/real/dev.jsonl")
		if *genHoldout != "" {
			ev := c.Evaluate(readExamplesFile(t, *genHoldout))
			var b bytes.Buffer
			ev.WriteText(&b, *genMisses)
			t.Logf("%s, left out of training:\n%s", *genHoldout, b.String())
		}
		for _, cl := range []*Classifier{base, c} {
			ev := cl.Evaluate(dev)
			var b bytes.Buffer
			ev.WriteText(&b, *genMisses)
			t.Logf("dev split, model=%v:\n%s", cl.HasModel(), b.String())
			confusions(t, ev)
		}
		return
	}
	writeModelData(t, data)
}

// confusions logs the codes most often confused.
func confusions(t testing.TB, ev *Evaluation) {
	var wrong []Confusion
	for _, c := range ev.Confusion {
		if c.Want != c.Got {
			wrong = append(wrong, c)
		}
	}
	sort.SliceStable(wrong, func(i, j int) bool { return wrong[i].N > wrong[j].N })
	if len(wrong) > 12 {
		wrong = wrong[:12]
	}
	t.Logf("most confused: %v", wrong)
}

// sweep trains with variations of trainSettings and logs the dev split's
// accuracy for each.
func sweep(t *testing.T, base *Classifier) {
	dev := readExamplesFile(t, "testdata/real/dev.jsonl")
	p0 := trainSettings
	vary := []func(p *trainParams){
		func(p *trainParams) {},
	}
	for i, v := range vary {
		p := p0
		v(&p)
		m := train(t, base, trainingExamples(t), p)
		data := m.encode(taxonomyHash(), p)
		c := withModel(t, data)
		for _, l1 := range []float64{0.25, 0.3, 0.35} {
			c.level1 = l1
			ev := c.Evaluate(dev)
			cat, code, lvl := ev.Total.Rates()
			t.Logf("%d %+v level1 %.2f: %d bytes  category %.1f code %.1f level %.1f L1 recall %.1f precision %.1f", i, p, l1, len(data), cat, code, lvl, ev.Level1Recall, ev.Level1Precision)
		}
	}
}

// crossValidate trains k models, each without one fold of the real train
// and dev texts (split by the FNV hash of the id), and measures each on its
// fold: a steadier figure than the dev split's 371 texts for choosing
// settings and thresholds. Only the randomly drawn texts are measured
// (samples 14-25 were drawn for their level-1 words, see
// testdata/real/passes/mined.py), so the figures keep the corpus's
// proportions; all of them are trained on.
func crossValidate(t *testing.T, base *Classifier, k int) {
	mined := map[string]bool{}
	for b := 14; b <= 25; b++ {
		data, err := os.ReadFile(fmt.Sprintf("testdata/real/passes/sample%02d.jsonl", b))
		if err != nil {
			t.Fatal(err)
		}
		for line := range bytes.Lines(data) {
			var e struct{ ID string }
			if err := json.Unmarshal(line, &e); err != nil {
				t.Fatal(err)
			}
			mined[e.ID] = true
		}
	}
	var real []Example
	for _, path := range []string{realTrain, "testdata/real/dev.jsonl"} {
		real = append(real, readExamplesFile(t, path)...)
	}
	var written []weighted
	for _, path := range trainingSets {
		if path == realTrain {
			continue
		}
		for _, e := range readExamplesFile(t, path) {
			written = append(written, weighted{e, 1})
		}
	}
	fold := func(id string) int {
		h := fnv.New32a()
		h.Write([]byte(id))
		return int(h.Sum32() % uint32(k))
	}
	thresholds := []float64{0.25, 0.3, 0.35, 0.4, 0.5, 2}
	type tally struct {
		Tally
		l1Want, l1Got, l1Both int
	}
	tallies := make([]tally, len(thresholds))
	for f := range k {
		ex := slices.Clone(written)
		var held []Example
		for _, e := range real {
			switch {
			case fold(e.ID) != f:
				ex = append(ex, weighted{e, 1})
			case !mined[e.ID]:
				held = append(held, e)
			}
		}
		c := withModel(t, train(t, base, ex, trainSettings).encode(taxonomyHash(), trainSettings))
		for i, l1 := range thresholds {
			c.level1 = l1
			tl := &tallies[i]
			for _, e := range held {
				r := c.Classify(e.Complaint())
				tl.add(e, r)
				if e.Level == sla.Level1 {
					tl.l1Want++
				}
				if r.Level == sla.Level1 {
					tl.l1Got++
					if e.Level == sla.Level1 {
						tl.l1Both++
					}
				}
			}
		}
	}
	for i, tl := range tallies {
		pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
		cat, code, lvl := tl.Rates()
		t.Logf("%d-fold, level1 %.2f: n %d category %.1f code %.1f level %.1f L1 recall %.1f precision %.1f", k, thresholds[i], tl.N,
			cat, code, lvl, pct(tl.l1Both, tl.l1Want), pct(tl.l1Both, tl.l1Got))
	}
}

// withModel returns the default taxonomy's classifier with the encoded
// model data.
func withModel(t testing.TB, data []byte) *Classifier {
	t.Helper()
	dm, err := decodeModel(data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(DefaultTaxonomy(), WithoutModel())
	if err != nil {
		t.Fatal(err)
	}
	c.attach(dm)
	return c
}
