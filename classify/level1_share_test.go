package classify

import (
	"math"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
)

// TestWithLevel1Share: the option takes a probability in (0, 1] and needs
// the model; a taxonomy the embedded model cannot serve fails instead of
// silently ignoring it.
func TestWithLevel1Share(t *testing.T) {
	for _, p := range []float64{0, -0.1, 1.0000001, 2, math.NaN(), math.Inf(1)} {
		_, err := New(nil, WithLevel1Share(p))
		if err == nil || !strings.Contains(err.Error(), "WithLevel1Share") {
			t.Errorf("WithLevel1Share(%v): %v, want an error naming the option", p, err)
		}
	}
	if _, err := New(nil, WithLevel1Share(0.3), WithoutModel()); err == nil || !strings.Contains(err.Error(), "WithoutModel") {
		t.Errorf("with WithoutModel: %v, want an error", err)
	}
	alone, err := ParseTaxonomy([]byte("base: none\ncodes:\n  - {code: 5101, name: 测试, level: 4, keywords: [测试]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c, err := New(alone); err != nil || c.HasModel() {
		t.Fatalf("a taxonomy the model cannot serve, no option: %v, model %v; want the lexicon alone", err, c != nil && c.HasModel())
	}
	if _, err := New(alone, WithLevel1Share(0.3)); err == nil || !strings.Contains(err.Error(), "lacks") {
		t.Errorf("a taxonomy the model cannot serve, with WithLevel1Share: %v, want an error", err)
	}
	for _, p := range []float64{0.01, 1} {
		if c, err := New(nil, WithLevel1Share(p)); err != nil || c.level1 != p {
			t.Errorf("WithLevel1Share(%v): %v, level1 %v", p, err, c.level1)
		}
	}
	if Default().level1 != DefaultLevel1Share {
		t.Errorf("Default's share %v, want %v", Default().level1, DefaultLevel1Share)
	}
}

// TestLevel1ShareTrade: on real reviews the model is not trained on (the
// dev and test splits, 827 texts; the dev split alone has too few level-1
// complaints near the threshold to show it), a lower share
// raises more complaints to level 1 and finds more of the level-1 ones; a
// share of 1 raises next to none.
func TestLevel1ShareTrade(t *testing.T) {
	dev := append(readExamplesFile(t, "testdata/real/dev.jsonl"), readExamplesFile(t, "testdata/real/test.jsonl")...)
	shares := []float64{0.15, DefaultLevel1Share, 1}
	var raised, found []int
	for _, p := range shares {
		c, err := New(nil, WithLevel1Share(p))
		if err != nil {
			t.Fatal(err)
		}
		r, f := 0, 0
		for _, e := range dev {
			res := c.Classify(e.Complaint())
			if res.Level != sla.Level1 {
				continue
			}
			r++
			if e.Level == sla.Level1 {
				f++
			}
		}
		raised, found = append(raised, r), append(found, f)
	}
	t.Logf("shares %v: level-1 answers %v, right %v", shares, raised, found)
	if !(raised[0] > raised[1] && raised[1] > raised[2] && found[0] > found[1] && found[1] >= found[2]) {
		t.Errorf("shares %v: level-1 answers %v, right %v; want fewer of both as the share rises", shares, raised, found)
	}
}
