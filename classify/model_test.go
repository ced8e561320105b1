package classify

import (
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestModelUpToDate: the model was trained on the lexicon's features, so
// an edit of taxonomy.yaml needs a new model.
func TestModelUpToDate(t *testing.T) {
	m, err := embeddedModel()
	if err != nil || m == nil {
		t.Fatalf("embedded model: %v", err)
	}
	if m.taxonomyHash != DefaultTaxonomy().hash {
		t.Errorf("model_data.go was trained on another taxonomy.yaml: run go generate -run TestGenerateModel ./classify")
	}
	// A merchant's taxonomy is another; one with nothing of its own is the default.
	if merchant, err := ParseTaxonomy([]byte("codes:\n  - {code: 1101, name: x, level: 2, keywords: [划痕]}\n")); err != nil || merchant.hash == DefaultTaxonomy().hash {
		t.Errorf("merchant taxonomy: %v, same hash as the default", err)
	}
	if same, err := ParseTaxonomy(nil); err != nil || same.hash != DefaultTaxonomy().hash {
		t.Errorf("empty taxonomy: %v, another hash than the default", err)
	}
	if !Default().HasModel() {
		t.Error("Default has no model")
	}
	c, err := New(nil, WithoutModel())
	if err != nil || c.HasModel() {
		t.Errorf("WithoutModel: %v %v", err, c.HasModel())
	}
}

// TestDecodeModelCorrupt: a truncated or altered model is an error, never
// a panic or a model that answers wrongly.
func TestDecodeModelCorrupt(t *testing.T) {
	good := encodedModel(t)
	if _, err := decodeModel(good); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 3, 4, 12, 20, 200, len(good) / 2, len(good) - 1} {
		if _, err := decodeModel(good[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := decodeModel(append(good[:len(good):len(good)], 0)); err == nil {
		t.Error("trailing byte: no error")
	}
	bad := append([]byte(nil), good...)
	copy(bad, "XXXX")
	if _, err := decodeModel(bad); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("bad magic: %v", err)
	}
}

// FuzzDecodeModel: any bytes decode to a model or an error, never a panic.
func FuzzDecodeModel(f *testing.F) {
	good := encodedModel(f)
	f.Add(good[:64])
	f.Add([]byte(modelMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeModel(b)
		if err == nil && (len(m.codes) == 0 || len(m.bias) != len(m.codes)) {
			t.Errorf("accepted a model without classes: %+v", m)
		}
	})
}

func encodedModel(t testing.TB) []byte {
	b, err := modelBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeModelAllocBounded: what decodeModel allocates is bounded by
// the length of its input (beside the n-gram filter's fixed 32 KiB), so a
// few bytes cannot make it allocate megabytes, whatever counts they claim.
func TestDecodeModelAllocBounded(t *testing.T) {
	full := tinyModel(255, numDense(255), nil)
	header := len(modelMagic) + 8 + 2 + 255*2 + 255*4 + 2*4 + 2 // up to the dense weights
	manyGrams := tinyModel(1, numDense(1), nil)
	binary.LittleEndian.PutUint32(manyGrams[len(manyGrams)-4:], 1<<20)
	// The smallest n-grams there are (a key and no weights, 9 bytes each)
	// fill the most 20-byte slots a byte of input can buy.
	var bare []tinyGram
	for key := range uint64(10_000) {
		bare = append(bare, tinyGram{key: key + 1})
	}
	for name, b := range map[string][]byte{
		"10,000 n-grams without weights": tinyModel(1, numDense(1), bare),
		"255 classes, no dense weights":  full[:header],
		"255 classes, half of them":      full[:header+len(full[header:])/2],
		"a million n-grams claimed":      manyGrams,
		"valid":                          tinyModel(3, numDense(3), []tinyGram{{7, []uint8{0, 2}, []int8{3, -3}}}),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		decodeModel(b)
		runtime.ReadMemStats(&after)
		if n, limit := after.TotalAlloc-before.TotalAlloc, uint64(filterBits/8+8<<10+32*len(b)); n > limit {
			t.Errorf("%s: %d bytes of input, %d allocated, want at most %d", name, len(b), n, limit)
		}
	}
}

// weightOf finds a class among a slot's eight bytes as one word; it must
// answer as a plain search of the places does, for every slot of the
// embedded model and every class (and noClass, whose weight is 0).
func TestWeightOfMatchesSearch(t *testing.T) {
	m, err := embeddedModel()
	if err != nil {
		t.Fatal(err)
	}
	for row := range m.slots {
		sl := &m.slots[row]
		for c := range len(m.codes) + 1 {
			if c == len(m.codes) {
				c = noClass
			}
			want := int8(0)
			if i := slices.Index(sl.class[:], uint8(c)); i >= 0 && c != noClass {
				want = sl.weight[i]
			}
			if got := m.weightOf(int32(row), c); got != want {
				t.Fatalf("slot %d %v %v, class %d: weight %d, want %d", row, sl.class, sl.weight, c, got, want)
			}
		}
	}
}
