package classify

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
)

// The model stage: a sparse linear model (multinomial logistic regression)
// over the character n-grams of the normalised text and the lexicon's
// per-code scores. It is trained at development time on labelled real
// shopper text (testdata/real) and the written sets, by
// `go generate` (see model_gen_test.go), which writes model_data.go; a
// merchant trains one on its own tickets with Train (train.go). Both fit
// the model with train_fit.go.
//
// The lexicon stays the explainer and the authority for negation, contrast
// and escalations: its scores, after the cues have been applied, are inputs
// of the model, which learns how far to trust them. The n-grams cover texts
// where no phrase fires and arbitrate between candidates; the ones that
// weighed most for the chosen code are listed as evidence.

// embeddedModel decodes the model generated into model_data.go, once.
var embeddedModel = sync.OnceValues(func() (*model, error) {
	b, err := modelBytes()
	if err != nil {
		return nil, fmt.Errorf("classify: embedded model: %w", err)
	}
	m, err := decodeModel(b)
	if err != nil {
		return nil, fmt.Errorf("classify: embedded model: %w", err)
	}
	return m, nil
})

// modelBytes returns the encoded model of model_data.go.
func modelBytes() ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.ReplaceAll(modelData, "\n", ""))
}

// A model is immutable once decoded and shared by every call.
type model struct {
	codes []Code    // class k's code
	dense []float32 // dense weights, [denseFeature][class]
	bias  []float32 // per class
	// shared weighs each class's own lexicon features (log(1+score), is
	// the best) the same for every class, so that the trust the model
	// learns in the lexicon carries over to codes real reviews seldom use.
	shared [2]float32

	// An open-addressing hash table of n-grams, each slot holding the
	// n-gram's key (0: empty) and its weights, so that a lookup touches one
	// cache line; filter has a bit set for every key's hash, so that most
	// n-grams the model does not know cost no lookup at all.
	slots  []slot
	filter []uint64
	grams  int     // n-grams in the table
	unit   float32 // an n-gram weight of 1 in a slot stands for unit

	taxonomyHash uint64 // FNV-1a of the taxonomy YAML it was trained with
}

// maxPerGram is the most classes an n-gram has weights for. Eight: an
// n-gram's four largest weights lost 0.5 points of code and of level in
// cross-validation against all of them; eight lose nothing measurable
// (classify/BENCHMARKS.md).
const maxPerGram = 8

// weightOf reads a slot's classes as one 64-bit word: eight, no more, no
// fewer (a negative constant does not convert to uint).
const _ = uint(maxPerGram-8) + uint(8-maxPerGram)

// slot is one n-gram of the model: weight[i]×unit for class class[i],
// for the i with class[i] != noClass. The n-gram is known by fp, 31 bits of
// its hash (never 0, which marks an empty slot): two n-grams that share a
// fingerprint and a probe sequence are rejected when the model is decoded,
// and an n-gram the model does not know matches a slot by chance about
// once in 2^31 lookups. 20 bytes, so that a lookup touches one or two cache
// lines.
type slot struct {
	fp     uint32
	class  [maxPerGram]uint8
	weight [maxPerGram]int8
}

// slotLoad is the table's fill: its length is the n-grams over slotLoad.
const slotLoad = 0.7

// maxCluster bounds a run of full slots, which a lookup of an n-gram homed
// in it may walk to its end, and which inserting one walks when the model
// is decoded. Keys whose hashes are spread evenly make runs of about a
// hundred at most (71 in the embedded model, some 160 for 4 M n-grams; a
// run of 1,024 comes by chance about e^-58 as often); keys chosen to
// collide (gramHash is invertible) made decoding quadratic and every
// lookup a walk over the whole table.
const maxCluster = 1024

const noClass = 255

// filterBits is the size of the n-gram filter: 32 KiB, small enough to
// stay in a fast cache.
const filterBits = 1 << 18

func gramHash(key uint64) uint64 {
	key ^= key >> 31
	key *= 0x9E3779B97F4A7C15
	return key ^ key>>29
}

// home returns the first slot to probe for hash h and the fingerprint.
func (m *model) home(h uint64) (int, uint32) {
	return int(uint64(uint32(h>>32)) * uint64(len(m.slots)) >> 32), uint32(h)>>1 | 1
}

// maxGram is the longest n-gram the model reads.
const maxGram = 3

// roller yields the keys of the n-grams ending at each normalised position
// in turn: a key packs the runes, 21 bits a rune, so up to three fit
// exactly (no collisions). Digits are folded to '0' so that 送了3个小时 and
// 送了2个小时 share n-grams, and no n-gram crosses a clause.
type roller struct {
	// keys[n-1] is the key of the n-gram ending at the last position
	// stepped to; 0 where it would start before the text or the clause.
	keys   [maxGram]uint64
	clause int32
}

// step moves to position p.
func (g *roller) step(p *position) {
	r := uint64(p.r)
	if p.r >= '0' && p.r <= '9' {
		r = '0'
	}
	if p.clause != g.clause {
		g.clause, g.keys[0], g.keys[1] = p.clause, 0, 0
	}
	g.keys[2] = g.keys[1]<<21 | r
	if g.keys[1] == 0 {
		g.keys[2] = 0
	}
	g.keys[1] = g.keys[0]<<21 | r
	if g.keys[0] == 0 {
		g.keys[1] = 0
	}
	g.keys[0] = r
}

// lookup returns the slot of key, or -1.
func (m *model) lookup(key uint64) int32 {
	h := gramHash(key)
	if b := h & (filterBits - 1); m.filter[b>>6]&(1<<(b&63)) == 0 {
		return -1
	}
	i, fp := m.home(h)
	for {
		switch m.slots[i].fp {
		case fp:
			return int32(i)
		case 0:
			return -1
		}
		if i++; i == len(m.slots) {
			i = 0
		}
	}
}

// Dense features, computed from the lexicon's scores by code index of the
// model's classes: for each class, log(1+score) and whether it is the
// lexicon's best code; then injury and threat flags and a no-evidence flag.
func numDense(classes int) int { return 2*classes + 3 }

// denseFeatures fills x (len numDense) from the lexicon scores per class.
func denseFeatures(x []float32, lex []float64, injury, threat bool) {
	k := len(lex)
	for i, v := range lex {
		x[i] = 0
		if v > 0 { // most codes have no keyword in a text
			x[i] = float32(math.Log1p(v))
		}
		x[k+i] = 0
	}
	best, top := lexiconBest(lex)
	if best >= 0 && top >= minScore {
		x[k+int(best)] = 1
	}
	x[2*k], x[2*k+1], x[2*k+2] = 0, 0, 0
	if injury {
		x[2*k] = 1
	}
	if threat {
		x[2*k+1] = 1
	}
	if top < minScore {
		x[2*k+2] = 1
	}
}

// maxGramHits bounds the n-grams score keeps for the evidence: every
// n-gram counts in the score, but the evidence is chosen among the first
// maxGramHits the model knows (a 200-character complaint has about 600), so
// a text of megabytes costs no memory beyond its positions.
const maxGramHits = 1 << 12

// gramHit is one n-gram of the text that the model knows.
type gramHit struct {
	end int32 // normalised position of its last rune
	n   int8  // its length in runes
	row int32 // its slot
}

// score computes the model's logits into out (len classes) from the dense
// features x and the n-grams of s.pos, recording the n-grams it knew in
// s.grams for the evidence.
func (m *model) score(s *scratch, x []float32, out []float64) {
	k := len(m.codes)
	acc := s.acc // n-gram weights per class, in units; zero between calls
	grams := s.grams[:0]
	total := 0
	g := roller{clause: -1}
	// prefix: the 2-gram ending at the previous position (the first two
	// runes of the 3-gram ending here) is in the table.
	prefix := false
	for i := range s.pos {
		g.step(&s.pos[i])
		known := false // the 2-gram ending here is in the table
		for n := range maxGram {
			key := g.keys[n]
			if key == 0 {
				break
			}
			total++
			// Every 3-gram of the table has its first two runes in the
			// table too (the generator sees to it): without them, no
			// lookup.
			if n == 2 && !prefix {
				continue
			}
			row := m.lookup(key)
			if n == 1 {
				known = row >= 0
			}
			if row < 0 {
				continue
			}
			if len(grams) < maxGramHits { // kept for the evidence only
				grams = append(grams, gramHit{end: int32(i), n: int8(n + 1), row: row})
			}
			// Unused places hold noClass with weight 0: maxPerGram
			// additions without a branch or a bounds check (acc has 256
			// entries), in 64 bits: a text of MaxTextBytes has 16 M
			// positions, each ending three n-grams of up to ±128 units,
			// past 2^31.
			sl := &m.slots[row]
			acc[sl.class[0]] += int64(sl.weight[0])
			acc[sl.class[1]] += int64(sl.weight[1])
			acc[sl.class[2]] += int64(sl.weight[2])
			acc[sl.class[3]] += int64(sl.weight[3])
			acc[sl.class[4]] += int64(sl.weight[4])
			acc[sl.class[5]] += int64(sl.weight[5])
			acc[sl.class[6]] += int64(sl.weight[6])
			acc[sl.class[7]] += int64(sl.weight[7])
		}
		prefix = known
	}
	s.grams = grams
	scale := float64(m.unit) / math.Sqrt(float64(max(total, 1)))
	s.gramScale = scale
	for c := range out {
		out[c] = float64(acc[c])*scale + float64(m.bias[c]) + float64(m.shared[0]*x[c]+m.shared[1]*x[k+c])
		acc[c] = 0
	}
	acc[noClass] = 0 // the unused places' sink
	for f, v := range x {
		if v == 0 {
			continue
		}
		for c, w := range m.dense[f*k : (f+1)*k] {
			out[c] += float64(v * w)
		}
	}
}

// softmax turns logits into probabilities in place.
func softmax(z []float64) {
	top := math.Inf(-1)
	for _, v := range z {
		top = max(top, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - top)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

// weightOf returns the weight of slot row for class c (< noClass), in
// units. It reads the eight class bytes as one word and finds the first
// equal to c without a branch per place: the evidence asks it of every
// n-gram of the text.
func (m *model) weightOf(row int32, c int) int8 {
	const ones = 0x0101010101010101
	sl := &m.slots[row]
	x := binary.LittleEndian.Uint64(sl.class[:]) ^ uint64(uint8(c))*ones
	// The lowest byte of x that is zero sets the lowest bit of found (a
	// borrow can mark bytes above it, never below).
	found := (x - ones) &^ x & (ones << 7)
	if found == 0 {
		return 0
	}
	return sl.weight[bits.TrailingZeros64(found)>>3&(maxPerGram-1)]
}

// denseInput fills s.x with the dense features of the text in s (after
// tally): the lexicon's scores of the model's classes and the escalations.
func (c *Classifier) denseInput(s *scratch, injury, threat bool) {
	for k, idx := range c.classCode {
		s.lex[k] = s.scores[idx]
	}
	denseFeatures(s.x, s.lex, injury, threat)
}

// predict runs the model on the text in s (after tally) and leaves the
// probability of each code in s.probs. Without a model it does nothing.
func (c *Classifier) predict(s *scratch, injury, threat bool) {
	m := c.model
	if m == nil {
		return
	}
	c.denseInput(s, injury, threat)
	m.score(s, s.x, s.logits)
	if s.reason >= 0 {
		if k := c.modelClass[s.reason]; k >= 0 {
			s.logits[k] += reasonLogit
		}
	}
	softmax(s.logits)
	clear(s.probs)
	for k, idx := range c.classCode {
		s.probs[idx] = s.logits[k]
	}
}

// gramEvidence is one n-gram that weighed for the chosen code.
type gramEvidence struct {
	end    int32
	n      int8 // 0: none
	weight float32
}

// topGrams returns the n-grams that added most to the score of code index
// best, strongest first, no two overlapping.
func (c *Classifier) topGrams(s *scratch, best int32) (top [maxGramEvidence]gramEvidence) {
	if c.model == nil || best < 0 || c.modelClass[best] < 0 {
		return top
	}
	class := int(c.modelClass[best])
	// The n-grams that weighed for the class, with their weights; then
	// the strongest that do not overlap a stronger one.
	cands := s.gramEv[:0]
	for _, g := range s.grams {
		if g.n < 2 { // a single character explains little
			continue
		}
		if w := float32(float64(c.model.weightOf(g.row, class)) * s.gramScale); w > 0 {
			cands = append(cands, gramEvidence{end: g.end, n: g.n, weight: w})
		}
	}
	s.gramEv = cands
	for k := range top {
		for _, g := range cands {
			if g.weight > top[k].weight && !overlaps(top[:k], g) {
				top[k] = g
			}
		}
		if top[k].n == 0 {
			break
		}
	}
	return top
}

// overlaps reports whether g shares a position with one of chosen.
func overlaps(chosen []gramEvidence, g gramEvidence) bool {
	start := g.end + 1 - int32(g.n)
	for _, t := range chosen {
		if start <= t.end && t.end+1-int32(t.n) <= g.end {
			return true
		}
	}
	return false
}
