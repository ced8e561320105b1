package classify

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
)

// Adversarial tests of the training API (Train, ParseModel, WithModel):
// model bytes and training examples come from people the caller does not
// control.

// tinyOffsets returns where tinyModel(k, numDense(k), …) keeps its
// floats: the bias of class 0, the two shared weights, the first dense
// weight and unit.
func tinyOffsets(k int) (bias, shared, dense, unit int) {
	bias = 4 + 8 + 2 + 2*k
	shared = bias + 4*k
	dense = shared + 8 + 2
	unit = dense + 4*numDense(k)*k
	return
}

// TestParseModelHugeWeights: a model whose weights are finite but huge
// (math.MaxFloat32) must be rejected by ParseModel, or classify with
// finite confidences. Before the fix, the float32 products of score
// overflowed to +Inf and softmax made every confidence NaN.
func TestParseModelHugeWeights(t *testing.T) {
	tax, err := ParseTaxonomy([]byte(fuzzTaxonomy))
	if err != nil {
		t.Fatal(err)
	}
	k := 2
	bias, shared, dense, unit := tinyOffsets(k)
	grams := []tinyGram{{'a', []uint8{0, 1}, []int8{127, -128}}}
	for _, tc := range []struct {
		name string
		offs []int
	}{
		{"bias", []int{bias, bias + 4}},
		{"shared", []int{shared, shared + 4}},
		{"dense", func() (o []int) {
			for i := range numDense(k) * k {
				o = append(o, dense+4*i)
			}
			return o
		}()},
		{"unit", []int{unit}},
	} {
		for _, v := range []float32{math.MaxFloat32, -math.MaxFloat32, 1e30} {
			b := tinyModel(k, numDense(k), grams)
			for _, off := range tc.offs {
				binary.LittleEndian.PutUint32(b[off:], math.Float32bits(v))
			}
			m, err := ParseModel(b)
			if err != nil {
				if !errors.Is(err, errModel) {
					t.Errorf("%s = %g: error %q does not wrap errModel", tc.name, v, err)
				}
				continue
			}
			c, err := New(tax, WithModel(m))
			if err != nil {
				t.Fatalf("%s = %g: %v", tc.name, v, err)
			}
			for _, text := range []string{"质量差，漏水，质量差", "aaaa", "退款没到", ""} {
				r := c.Classify(Complaint{Text: text})
				if math.IsNaN(r.Confidence) || r.Confidence < 0 || r.Confidence > 1 {
					t.Errorf("%s = %g, %q: accepted, then confidence %v", tc.name, v, text, r.Confidence)
				}
				for _, cand := range r.Candidates {
					if math.IsNaN(cand.Score) {
						t.Errorf("%s = %g, %q: candidate %+v", tc.name, v, text, cand)
					}
				}
			}
		}
	}
}

// TestTrainedWeightsWithinBound: the bound on weights that ParseModel
// enforces is far above what training makes, for the embedded model and a
// merchant's.
func TestTrainedWeightsWithinBound(t *testing.T) {
	emb, err := embeddedModel()
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*model{"embedded": emb, "jargon": mustTrain(t, nil, jargonExamples()).m} {
		top := 0.0
		for _, v := range slices2(m.bias, m.shared[:], m.dense, []float32{m.unit}) {
			top = max(top, math.Abs(float64(v)))
		}
		if top*1000 > maxModelWeight {
			t.Errorf("%s: a weight of %g, within a factor 1000 of the bound %g", name, top, float64(maxModelWeight))
		}
	}
}

func slices2(s ...[]float32) (out []float32) {
	for _, v := range s {
		out = append(out, v...)
	}
	return out
}

// TestParseModelRepeatedClass: an n-gram that lists a class twice is
// not a model Train writes (weightOf, the evidence, would see only the
// first weight, while the score adds all of them): rejected.
func TestParseModelRepeatedClass(t *testing.T) {
	b := tinyModel(2, numDense(2), []tinyGram{{'a', []uint8{0, 0, 0, 0}, []int8{127, 127, 127, 127}}})
	if m, err := ParseModel(b); err == nil || m != nil || !errors.Is(err, errModel) || !strings.Contains(err.Error(), "repeated") {
		t.Errorf("a class repeated in an n-gram: %v", err)
	}
}

// TestScoreNoOverflow: the model's n-gram sums must not overflow for
// any text Classify reads (up to MaxTextBytes: 16 M positions, each ending
// three n-grams of up to ±128). 6 MiB of ASCII letters whose n-grams 'a',
// 'aa' and 'aaa' weigh 127 for class 0 sum to 2.4×10^9, past 2^31: with a
// 32-bit accumulator it wrapped to a negative number and the class the
// text is all about came out last.
func TestScoreNoOverflow(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 90 * time.Second, MaxHeap: 512 << 20}, func(t *testing.T) {
		tax, err := ParseTaxonomy([]byte(fuzzTaxonomy))
		if err != nil {
			t.Fatal(err)
		}
		const a = uint64('a')
		b := tinyModel(2, numDense(2), []tinyGram{
			{a, []uint8{0}, []int8{127}},
			{a<<21 | a, []uint8{0}, []int8{127}},
			{a<<42 | a<<21 | a, []uint8{0}, []int8{127}},
		})
		m, err := ParseModel(b)
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(tax, WithModel(m))
		if err != nil {
			t.Fatal(err)
		}
		if r := c.Classify(Complaint{Text: "aaaa"}); r.Code != 1001 {
			t.Fatalf("short text: %d, want 1001", r.Code)
		}
		const n = 6 << 20
		r := c.Classify(Complaint{Text: strings.Repeat("a", n)})
		if r.Code != 1001 {
			t.Errorf("%d bytes of a: %d (%.2f), want 1001: the n-gram sum overflowed", n, r.Code, r.Confidence)
		}
	})
}

// TestTrainIgnoresReason: a training example's Reason must not change
// what the model learns. Classify, with a model that knows the reason's
// code, adds the reason as a fixed logit (reasonLogit) and keeps it out of
// the lexicon's features; featurize added it to them, so that tickets
// exported with the reason chosen in their form taught a model that
// leans on a feature Classify never sets, and less about their text.
func TestTrainIgnoresReason(t *testing.T) {
	plain := mustTrain(t, nil, jargonExamples())
	ex := jargonExamples()
	for i := range ex {
		ex[i].Reason = ex[i].Code.String()
	}
	withReason := mustTrain(t, nil, ex)
	a, _ := plain.MarshalBinary()
	b, _ := withReason.MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Errorf("the reasons of the examples changed the model")
	}
	c := mustNew(t, WithModel(withReason))
	if r := c.Classify(Complaint{Text: jargonText}); r.Code != 2004 || r.Confidence < 0.8 {
		t.Errorf("trained with reasons: %q → %d (%.2f), want 2004 as confidently as without", jargonText, r.Code, r.Confidence)
	}
}

// TestTrainNilContext: a nil context is an error, not a panic.
func TestTrainNilContext(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Train(nil, …) panicked: %v", r)
		}
	}()
	//lint:ignore SA1012 a nil context is what is tested
	m, err := Train(nil, nil, jargonExamples())
	if err == nil || m != nil || !strings.Contains(err.Error(), "classify: train: nil context") {
		t.Errorf("nil context: %v", err)
	}
}

// longExamples are n examples of about runes characters each, drawn
// from a small alphabet so that most of their 2-grams are in three texts
// or more and become the model's: training on them is much work per
// example.
func longExamples(n, runes int) []Example {
	rng := rand.New(rand.NewPCG(7, 7))
	codes := []Code{1001, 2004, 3002, 4001}
	ex := make([]Example, n)
	for i := range ex {
		var sb strings.Builder
		for range runes {
			sb.WriteRune(rune(0x4e00 + rng.IntN(300)))
		}
		ex[i] = Example{ID: fmt.Sprint(i), Text: sb.String(), Code: codes[i%len(codes)]}
	}
	return ex
}

// TestTrainCancelPrompt: cancelling a training returns promptly
// however the work is spread over the examples. Training looked at its
// context once every 1,024 examples and at each epoch: with fewer, longer
// examples (here 1,000 of 6,000 characters, 18 MB) an epoch is seconds, and
// the wait after a cancel was 6 to 11 s.
func TestTrainCancelPrompt(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 120 * time.Second, MaxHeap: 768 << 20}, func(t *testing.T) {
		ex := longExamples(1000, 6000)
		limit := time.Second // uncancelled, an epoch alone is several
		if raceEnabled {
			limit = 4 * time.Second
		}
		for _, after := range []time.Duration{300 * time.Millisecond, 1500 * time.Millisecond, 4 * time.Second} {
			ctx, cancel := context.WithCancel(context.Background())
			var cancelled time.Time
			timer := time.AfterFunc(after, func() { cancelled = time.Now(); cancel() })
			_, err := Train(ctx, nil, ex)
			end := time.Now()
			timer.Stop()
			cancel()
			if err == nil {
				t.Logf("cancel after %v: training finished first", after)
				continue
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancel after %v: %v", after, err)
			}
			if d := end.Sub(cancelled); d > limit {
				t.Errorf("cancel after %v: Train returned %v after the cancel", after, d.Round(time.Millisecond))
			}
		}
	})
}

// TestModelNoAliasing: neither ParseModel nor MarshalBinary shares
// memory with the caller: mutating the parsed bytes, or the marshalled
// ones, changes nothing.
func TestModelNoAliasing(t *testing.T) {
	good, _ := mustTrain(t, nil, jargonExamples()).MarshalBinary()
	data := bytes.Clone(good)
	m, err := ParseModel(data)
	if err != nil {
		t.Fatal(err)
	}
	c := mustNew(t, WithModel(m))
	before := c.Classify(Complaint{Text: jargonText})
	for i := range data {
		data[i] = 0xff
	}
	out, _ := m.MarshalBinary()
	if !bytes.Equal(out, good) {
		t.Error("MarshalBinary changed with the caller's slice")
	}
	for i := range out {
		out[i] = 0
	}
	if again, _ := m.MarshalBinary(); !bytes.Equal(again, good) {
		t.Error("MarshalBinary returns the model's own memory")
	}
	if after := mustNew(t, WithModel(m)).Classify(Complaint{Text: jargonText}); !reflect.DeepEqual(before, after) {
		t.Errorf("results changed: %+v → %+v", before, after)
	}
	if after := c.Classify(Complaint{Text: jargonText}); !reflect.DeepEqual(before, after) {
		t.Errorf("results changed: %+v → %+v", before, after)
	}
}

// TestWithModelConcurrent: classifiers sharing one Model, on the
// default taxonomy and on one with a merchant code the model does not
// know, used from many goroutines at once (run with -race), give the
// answers they give alone.
func TestWithModelConcurrent(t *testing.T) {
	m := mustTrain(t, nil, jargonExamples())
	ext, err := ParseTaxonomy([]byte("codes:\n  - {code: 2101, name: ZK9滞留, level: 2, keywords: [ZK9]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c1 := mustNew(t, WithModel(m))
	c2, err := New(ext, WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if r := c2.Classify(Complaint{Text: "包裹又是ZK9"}); r.Code != 2101 {
		t.Errorf("merchant code the model does not know: %d, want 2101 (the lexicon's)", r.Code)
	}
	texts := []string{jargonText, "退款一直没到账", "包裹ZK9了", "充电器冒烟，烫伤了手", strings.Repeat("ZK7质量差", 2000), "", "\xff"}
	want := map[*Classifier][]Result{}
	for _, c := range []*Classifier{c1, c2} {
		for _, s := range texts {
			want[c] = append(want[c], c.Classify(Complaint{Text: s, Reason: "quality"}))
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				c := []*Classifier{c1, c2}[(g+i)%2]
				j := (g*7 + i) % len(texts)
				if r := c.Classify(Complaint{Text: texts[j], Reason: "quality"}); !reflect.DeepEqual(r, want[c][j]) {
					t.Errorf("goroutine %d, text %d: %+v, want %+v", g, j, r, want[c][j])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// invGramHash inverts gramHash (each of its steps is invertible): the key
// whose hash is h. An attacker can choose where each n-gram of a model
// lands in the table.
func invGramHash(h uint64) uint64 {
	const c = 0x9E3779B97F4A7C15
	inv := uint64(c) // Newton's iteration: c×inv = 1 mod 2^64
	for range 6 {
		inv *= 2 - c*inv
	}
	k2 := h ^ h>>29 ^ h>>58
	k1 := k2 * inv
	return k1 ^ k1>>31 ^ k1>>62
}

// homedGrams returns f n-grams, n-gram i homed in slot home(i) of the
// table decodeModel makes for f n-grams, with distinct fingerprints and
// filter bits.
func homedGrams(f int, home func(i int) int) []tinyGram {
	n := uint64(int(float64(f)/slotLoad) + 1)
	grams := make([]tinyGram, f)
	for i := range f {
		hi := (uint64(home(i))<<32 + n - 1) / n // (hi×n)>>32 = home(i)
		lo := uint64(i&0x3ffff | (i&3)<<18 | (i>>18)<<20 | 1<<31)
		key := invGramHash(hi<<32 | lo)
		if gramHash(key) != hi<<32|lo {
			panic("invGramHash")
		}
		grams[i] = tinyGram{key, []uint8{0}, []int8{1}}
	}
	return grams
}

// TestParseModelCollidingKeys: n-grams whose keys were chosen to collide
// in the table are rejected. All homed in one slot, decoding was quadratic
// (40,000 n-grams, 440 KB: 0.7 s; the 64 MiB -model allows: hours); homed
// in consecutive slots, decoding was quick but every lookup of an n-gram
// the model does not know that lands in the run walked it to its end
// (Classify 15 times slower at 100,000 n-grams, 1.1 MB). Runs of up to
// maxCluster, which keys spread evenly never reach, are fine.
func TestParseModelCollidingKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    int
		home func(i int) int
		ok   bool
		want string // the error: inserting stops at once; a run made without probing is found after
	}{
		{"one home", 40000, func(int) int { return 0 }, false, "more than 1024 n-grams in a row of the table"},
		{"consecutive homes", 100000, func(i int) int { return i }, false, "n-grams in a row of the table, at most 1024"},
		{"runs of 1,000", 195000, func(i int) int { return i / 1000 * 1024 }, true, ""},
		// The bound itself, on a run from slot 0 (longestRun must count a
		// run that starts the table whole).
		{"a run of maxCluster", maxCluster, func(i int) int { return i }, true, ""},
		{"a run of maxCluster+1", maxCluster + 1, func(i int) int { return i }, false, "1025 n-grams in a row of the table, at most 1024"},
	} {
		b := tinyModel(2, numDense(2), homedGrams(tc.f, tc.home))
		start := time.Now()
		m, err := ParseModel(b)
		d := time.Since(start)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v after %v, want ok=%v", tc.name, err, d, tc.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, errModel) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		t.Logf("%s: %d n-grams decoded in %v", tc.name, tc.f, d)
		if run := longestRun(m.m.slots); run > maxCluster {
			t.Errorf("%s: accepted a run of %d", tc.name, run)
		}
	}
	// The embedded model and a merchant's are far from the bound.
	emb, err := embeddedModel()
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*model{"embedded": emb, "jargon": mustTrain(t, nil, jargonExamples()).m} {
		if run := longestRun(m.slots); run > maxCluster/4 {
			t.Errorf("%s: a run of %d", name, run)
		}
	}
}

// TestWithModelZeroModel: a Model not made by Train or ParseModel (its
// fields are unexported, but new(Model) compiles) is an error of New, not
// a nil-pointer panic in it.
func TestWithModelZeroModel(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("New(nil, WithModel(new(Model))) panicked: %v", r)
		}
	}()
	c, err := New(nil, WithModel(new(Model)))
	if err == nil || c != nil || !strings.Contains(err.Error(), "classify: WithModel: an empty Model") {
		t.Errorf("empty Model: %v", err)
	}
}

// TestTrainManyCodesMemory: Train's largest tables are n-grams × classes
// (the weights, AdaGrad's sums, the feature scales of train_nb.go), so a
// merchant taxonomy of 255 codes over long, varied tickets is the input
// that buys the most memory: 120 tickets of 6,000 characters give some
// 87,000 n-grams, and one epoch keeps some 450 MiB of heap in use. A
// further table of n-grams × classes in float64 (177 MB here) kept alive
// beside them would pass the limit.
func TestTrainManyCodesMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("measured without the race detector, whose own memory and time would blur it")
	}
	childtest.Run(t, childtest.Limits{Timeout: 120 * time.Second, MaxHeap: 512 << 20}, func(t *testing.T) {
		base, err := New(manyCodesTaxonomy(t, 255), WithoutModel())
		if err != nil {
			t.Fatal(err)
		}
		var ex []weighted
		for i, e := range longExamples(120, 6000) {
			e.Code = Code(1001 + i%255)
			ex = append(ex, weighted{e, 1})
		}
		p := trainSettings
		p.epochs = 1
		m, err := train(context.Background(), base, ex, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.codes) != 255 || len(m.keys) < 50000 {
			t.Fatalf("%d classes, %d n-grams: not the input this test means", len(m.codes), len(m.keys))
		}
	})
}
