package classify

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Decoding a model (the embedded one, or ParseModel's untrusted bytes).

// The encoded form, little-endian:
//
//	"ASM3" (modelMagic)
//	uint64 taxonomy hash
//	uint16 K, K × uint16 codes
//	K × float32 bias, 2 × float32 shared
//	uint16 D, D×K × float32 dense weights
//	float32 unit: what an n-gram weight of 1 stands for
//	uint32 F, then F × (uint64 key, uint8 n ≤ 4, n × (uint8 class, int8 weight))
//
// Every float is finite and at most maxModelWeight in magnitude; an
// n-gram's classes are distinct and below K.
//
// model_encode.go writes it.
const modelMagic = "ASM3"

// errModel is the error of every model that does not decode; the error
// decodeModel returns wraps it with what is wrong.
var errModel = errors.New("classify: corrupt model data")

// corrupt returns errModel with what is wrong.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errModel, fmt.Sprintf(format, args...))
}

// maxModelWeight bounds the magnitude of a model's float weights (bias,
// shared, dense, unit). Training makes weights of a few units (AdaGrad
// moves a weight by at most its rate a step, and L2 pulls it back); a
// weight near the float32 range would overflow score's float32 products
// to ±Inf, and softmax would then make every confidence NaN.
const maxModelWeight = 1e6

// minGramBytes is the size of an n-gram without weights: its key and its
// count of classes.
const minGramBytes = 9

// decodeModel reads an encoded model. Any bytes give a model or an error,
// and what it allocates is bounded by len(b) (beside the fixed filter):
// counts are checked against the bytes left before anything is made for
// them.
func decodeModel(b []byte) (*model, error) {
	r := reader{b: b}
	if string(r.bytes(4)) != modelMagic {
		return nil, corrupt("not a model (want magic %q)", modelMagic)
	}
	m := &model{taxonomyHash: r.u64()}
	k := int(r.u16())
	if r.err {
		return nil, r.truncated()
	}
	if k == 0 || k > 255 {
		return nil, corrupt("%d classes, want 1–255", k)
	}
	seen := map[Code]bool{}
	for i := range k {
		code := Code(r.u16())
		if r.err {
			return nil, r.truncated()
		}
		if !code.Valid() || seen[code] {
			return nil, corrupt("class %d: code %d is not a complaint code or is repeated", i, code)
		}
		seen[code] = true
		m.codes = append(m.codes, code)
	}
	m.bias = r.floats(k)
	m.shared[0], m.shared[1] = r.f32(), r.f32()
	d := int(r.u16())
	if r.err {
		return nil, r.truncated()
	}
	if d != numDense(k) {
		return nil, fmt.Errorf("classify: model has %d dense features, want %d", d, numDense(k))
	}
	m.dense = r.floats(d * k)
	m.unit = r.f32()
	f := int(r.u32())
	if r.err {
		return nil, r.truncated()
	}
	for _, v := range slices.Concat(m.bias, m.shared[:], m.dense, []float32{m.unit}) {
		if !(math.Abs(float64(v)) <= maxModelWeight) { // NaN too
			return nil, corrupt("a weight is %v, not a finite number of magnitude at most %g", v, float64(maxModelWeight))
		}
	}
	if f > len(r.b)/minGramBytes {
		return nil, corrupt("%d n-grams in %d bytes", f, len(r.b))
	}
	m.slots = make([]slot, int(float64(f)/slotLoad)+1)
	m.filter = make([]uint64, filterBits/64)
	m.grams = f
	emptySlot := slot{}
	for j := range emptySlot.class {
		emptySlot.class[j] = noClass // unused places add 0 to the sink
	}
	for g := range f {
		key := r.u64()
		sl := emptySlot
		n := int(r.u8())
		if r.err {
			return nil, r.truncated()
		}
		if key == 0 {
			return nil, corrupt("n-gram %d: key 0", g)
		}
		if n > maxPerGram {
			return nil, corrupt("n-gram %d: %d classes, at most %d", g, n, maxPerGram)
		}
		for j := range n {
			sl.class[j] = r.u8()
			sl.weight[j] = int8(r.u8())
			if r.err {
				return nil, r.truncated()
			}
			if int(sl.class[j]) >= k {
				return nil, corrupt("n-gram %d: class %d of %d", g, sl.class[j], k)
			}
			// score adds every place, weightOf reads the first: a class
			// listed twice would weigh more than the evidence says.
			if slices.Contains(sl.class[:j], sl.class[j]) {
				return nil, corrupt("n-gram %d: class %d repeated", g, sl.class[j])
			}
		}
		h := gramHash(key)
		b := h & (filterBits - 1)
		m.filter[b>>6] |= 1 << (b & 63)
		i, fp := m.home(h)
		sl.fp = fp
		for probes := 0; m.slots[i].fp != 0; probes++ {
			if m.slots[i].fp == fp { // a duplicate, or two n-grams alike to lookup
				return nil, corrupt("n-gram %d: key %#x repeated or indistinguishable from another", g, key)
			}
			if probes == maxCluster {
				return nil, corrupt("n-gram %d: more than %d n-grams in a row of the table (keys that collide)", g, maxCluster)
			}
			if i++; i == len(m.slots) {
				i = 0
			}
		}
		m.slots[i] = sl
	}
	if len(r.b) != 0 {
		return nil, corrupt("%d bytes after the last n-gram", len(r.b))
	}
	if run := longestRun(m.slots); run > maxCluster {
		return nil, corrupt("%d n-grams in a row of the table, at most %d (keys that collide)", run, maxCluster)
	}
	return m, nil
}

// longestRun returns the length of the longest run of full slots, the
// table being a ring. At least one slot is empty.
func longestRun(slots []slot) int {
	empty := slices.IndexFunc(slots, func(s slot) bool { return s.fp == 0 })
	longest, run := 0, 0
	for j := 1; j <= len(slots); j++ {
		if slots[(empty+j)%len(slots)].fp == 0 {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// reader reads the encoded model; a short read sets err and returns zeros.
type reader struct {
	b   []byte
	off int // bytes read
	err bool
}

// truncated is the error of a short read.
func (r *reader) truncated() error {
	return corrupt("truncated after %d bytes", r.off)
}

func (r *reader) bytes(n int) []byte {
	if len(r.b) < n {
		r.err, r.b = true, nil
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	r.off += n
	return v
}
func (r *reader) u8() uint8   { return r.bytes(1)[0] }
func (r *reader) u16() uint16 { return binary.LittleEndian.Uint16(r.bytes(2)) }
func (r *reader) u32() uint32 { return binary.LittleEndian.Uint32(r.bytes(4)) }
func (r *reader) u64() uint64 { return binary.LittleEndian.Uint64(r.bytes(8)) }
func (r *reader) f32() float32 {
	return math.Float32frombits(r.u32())
}

// floats reads n float32s; nil, with err set, if fewer bytes are left.
func (r *reader) floats(n int) []float32 {
	if n > len(r.b)/4 {
		r.err, r.b = true, nil
		return nil
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = r.f32()
	}
	return v
}
