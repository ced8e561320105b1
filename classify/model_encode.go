package classify

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"sort"
)

// encode writes the model in the format decodeModel reads (see modelMagic),
// dropping tiny weights.
func (m *trained) encode(p trainParams) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString(modelMagic)
	b.Write(le.AppendUint64(nil, m.taxonomyHash))
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
	weights := map[uint64][]float64{}
	kept := map[uint64][]int{}
	var keys []uint64
	for i, g := range m.keys {
		w := m.grams[i]
		weights[g] = w
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
			top = max(top, math.Abs(weights[g][c]))
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
			b.WriteByte(byte(int8(math.Round(weights[g][c] / unit))))
		}
	}
	return b.Bytes()
}
