package classify

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
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
// `go generate` (see model_gen_test.go), which writes model_data.go.
//
// The lexicon stays the explainer and the authority for negation, contrast
// and escalations: its scores, after the cues have been applied, are inputs
// of the model, which learns how far to trust them. The n-grams cover texts
// where no phrase fires and arbitrate between candidates; the ones that
// weighed most for the chosen code are listed as evidence.

// embeddedModel decodes the model generated into model_data.go, once.
var embeddedModel = sync.OnceValues(func() (*model, error) {
	if modelData == "" { // not generated yet: the lexicon alone
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(modelData, "\n", ""))
	if err != nil {
		return nil, fmt.Errorf("classify: embedded model: %w", err)
	}
	m, err := decodeModel(b)
	if err != nil {
		return nil, fmt.Errorf("classify: embedded model: %w", err)
	}
	return m, nil
})

// A model is immutable once decoded and shared by every call.
type model struct {
	codes []Code    // class k's code
	dense []float32 // dense weights, [denseFeature][class]
	bias  []float32 // per class

	// An open-addressing hash table of n-gram keys; slot i holds keys[i]
	// (0: empty) whose weights are rows[first[vals[i]]:first[vals[i]+1]].
	shift uint
	keys  []uint64
	vals  []uint32
	first []uint32
	rows  []classWeight

	taxonomyHash uint64 // FNV-1a of the taxonomy YAML it was trained with
}

type classWeight struct {
	class  uint8
	weight float32
}

// maxGram is the longest n-gram the model reads.
const maxGram = 3

// gramKey packs the n runes ending at normalised position i into a key:
// 21 bits a rune, so up to three runes fit exactly (no collisions). Digits
// are folded to '0' so that 送了3个小时 and 送了2个小时 share n-grams. It
// returns 0 when the n-gram would cross a clause boundary.
func gramKey(pos []position, i, n int) uint64 {
	if i+1 < n {
		return 0
	}
	cl := pos[i].clause
	var k uint64
	for j := i - n + 1; j <= i; j++ {
		if pos[j].clause != cl {
			return 0
		}
		r := pos[j].r
		if r >= '0' && r <= '9' {
			r = '0'
		}
		k = k<<21 | uint64(r)
	}
	return k
}

// gramString returns the n-gram a key stands for.
func gramString(k uint64) string {
	var rs []rune
	for ; k != 0; k >>= 21 {
		rs = append(rs, rune(k&(1<<21-1)))
	}
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func gramLen(k uint64) int { return (bits.Len64(k) + 20) / 21 }

// lookup returns the index of key's row, or -1.
func (m *model) lookup(key uint64) int32 {
	mask := uint64(len(m.keys) - 1)
	for i := (key * 0x9E3779B97F4A7C15) >> m.shift; ; i = (i + 1) & mask {
		switch m.keys[i] {
		case key:
			return int32(m.vals[i])
		case 0:
			return -1
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
	best, top := -1, 0.0
	for i, v := range lex {
		x[i] = float32(math.Log1p(max(v, 0)))
		x[k+i] = 0
		if v > top {
			best, top = i, v
		}
	}
	if best >= 0 && top >= minScore {
		x[k+best] = 1
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

// gramHit is one n-gram of the text that the model knows.
type gramHit struct {
	end int32 // normalised position of its last rune
	n   int8  // its length in runes
	row int32
}

// score computes the model's logits into out (len classes) from the dense
// features x and the n-grams of s.pos, recording the n-grams it knew in
// s.grams for the evidence.
func (m *model) score(s *scratch, x []float32, out []float64) {
	k := len(m.codes)
	for c := range out {
		out[c] = 0
	}
	grams := s.grams[:0]
	total := 0
	for i := range s.pos {
		for n := 1; n <= maxGram; n++ {
			key := gramKey(s.pos, i, n)
			if key == 0 {
				break
			}
			total++
			row := m.lookup(key)
			if row < 0 {
				continue
			}
			grams = append(grams, gramHit{end: int32(i), n: int8(n), row: row})
			for _, w := range m.rows[m.first[row]:m.first[row+1]] {
				out[w.class] += float64(w.weight)
			}
		}
	}
	s.grams = grams
	scale := 1 / math.Sqrt(float64(max(total, 1)))
	s.gramScale = scale
	for c := range out {
		out[c] *= scale
		out[c] += float64(m.bias[c])
	}
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

// weightOf returns row's weight for class c.
func (m *model) weightOf(row int32, c int) float32 {
	for _, w := range m.rows[m.first[row]:m.first[row+1]] {
		if int(w.class) == c {
			return w.weight
		}
	}
	return 0
}

// The encoded form, little-endian:
//
//	"ASM1"
//	uint64 taxonomy hash
//	uint16 K, K × uint16 codes
//	K × float32 bias
//	uint16 D, D×K × float32 dense weights
//	uint32 F, then F × (uint64 key, uint8 n, n × (uint8 class, float32 weight))
const modelMagic = "ASM1"

var errModel = errors.New("classify: corrupt model data")

// decodeModel reads an encoded model.
func decodeModel(b []byte) (*model, error) {
	r := reader{b: b}
	if string(r.bytes(4)) != modelMagic {
		return nil, errModel
	}
	m := &model{taxonomyHash: r.u64()}
	k := int(r.u16())
	if k == 0 || k > 255 {
		return nil, errModel
	}
	for range k {
		m.codes = append(m.codes, Code(r.u16()))
	}
	m.bias = r.floats(k)
	d := int(r.u16())
	if d != numDense(k) {
		return nil, fmt.Errorf("classify: model has %d dense features, want %d", d, numDense(k))
	}
	m.dense = r.floats(d * k)
	f := int(r.u32())
	if r.err || f > len(b) {
		return nil, errModel
	}
	size := 1 << bits.Len(uint(2*f+1))
	m.shift = uint(64 - bits.Len(uint(size-1)))
	m.keys = make([]uint64, size)
	m.vals = make([]uint32, size)
	m.first = make([]uint32, 0, f+1)
	mask := uint64(size - 1)
	for row := range f {
		key := r.u64()
		n := int(r.u8())
		if key == 0 || r.err {
			return nil, errModel
		}
		m.first = append(m.first, uint32(len(m.rows)))
		for range n {
			c := r.u8()
			w := r.f32()
			if int(c) >= k {
				return nil, errModel
			}
			m.rows = append(m.rows, classWeight{c, w})
		}
		i := (key * 0x9E3779B97F4A7C15) >> m.shift
		for m.keys[i] != 0 {
			if m.keys[i] == key {
				return nil, errModel
			}
			i = (i + 1) & mask
		}
		m.keys[i], m.vals[i] = key, uint32(row)
	}
	m.first = append(m.first, uint32(len(m.rows)))
	if r.err || len(r.b) != 0 {
		return nil, errModel
	}
	return m, nil
}

// reader reads the encoded model; a short read sets err and returns zeros.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) bytes(n int) []byte {
	if len(r.b) < n {
		r.err, r.b = true, nil
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}
func (r *reader) u8() uint8   { return r.bytes(1)[0] }
func (r *reader) u16() uint16 { return binary.LittleEndian.Uint16(r.bytes(2)) }
func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.bytes(4)) }
func (r *reader) u64() uint64 { return binary.LittleEndian.Uint64(r.bytes(8)) }
func (r *reader) f32() float32 {
	return math.Float32frombits(r.u32())
}
func (r *reader) floats(n int) []float32 {
	if n > len(r.b)/4 {
		r.err = true
		return make([]float32, n)
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = r.f32()
	}
	return v
}

// predict runs the model on the text in s (after tally) and leaves the
// probability of each code in s.probs. Without a model it does nothing.
func (c *Classifier) predict(s *scratch, injury, threat bool) {
	m := c.model
	if m == nil {
		return
	}
	for k, idx := range c.classCode {
		s.lex[k] = s.scores[idx]
	}
	denseFeatures(s.x, s.lex, injury, threat)
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
