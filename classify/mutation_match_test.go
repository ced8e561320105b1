package classify

// White-box tests of the match stage (match.go) that mutation testing
// found no test for; see mutation_test.go.

import (
	"slices"
	"testing"
)

// TestPairSameSpanAsKeyword: a proximity keyword whose parts touch (不给...退
// in 不给退) is the plain keyword of its code over the same span, so it is
// dropped, also for code index 0 and also when another code's keyword of
// the same span comes between them in the hit order; with text between its
// parts it is a hit of its own.
func TestPairSameSpanAsKeyword(t *testing.T) {
	c := mustClassifier(t, `base: none
codes:
  - {code: 5101, name: 甲, level: 4, keywords: [不给退, 不给...退]}
  - {code: 5102, name: 乙, level: 4, keywords: [不给退]}
`)
	if c.codeIndex(5101) != 0 || c.codeIndex(5102) != 1 {
		t.Fatalf("code indexes %d %d, want 0 1", c.codeIndex(5101), c.codeIndex(5102))
	}
	for _, tc := range []struct {
		text   string
		spans  [][2]int32 // hits after resolve
		codes  []int32    // their code indexes
		scores []float64
	}{
		{"不给退", [][2]int32{{0, 3}, {0, 3}}, []int32{0, 1}, []float64{1, 1}},
		{"不给我退", [][2]int32{{0, 4}}, []int32{0}, []float64{1, 0}},
	} {
		s, _, _ := stages(c, tc.text, "")
		var spans [][2]int32
		var codes []int32
		for _, h := range s.hits {
			spans = append(spans, [2]int32{h.start, h.end})
			codes = append(codes, c.entries[h.ent].code)
		}
		if !slices.Equal(spans, tc.spans) || !slices.Equal(codes, tc.codes) {
			t.Errorf("%q: hits %v codes %v, want %v %v", tc.text, spans, codes, tc.spans, tc.codes)
		}
		if !slices.Equal(s.scores, tc.scores) {
			t.Errorf("%q: scores %v, want %v", tc.text, s.scores, tc.scores)
		}
	}
}

// TestWordStart: an English keyword starts at the text's start, after a
// separator or after a character that is no ASCII letter or digit; after
// a letter or a digit it is part of another word.
func TestWordStart(t *testing.T) {
	c := mustClassifier(t, tinyTaxonomy)
	refund := c.codeIndex(5101)
	for _, tc := range []struct {
		text  string
		score float64
	}{
		{"refund", 2},
		{"a refund", 2},
		{"中refund", 2},
		{"xrefund", 0},
		{"7refund", 0},
		{"中xrefund", 0},
	} {
		s, _, _ := stages(c, tc.text, "")
		if got := s.scores[refund]; got != tc.score {
			t.Errorf("%q: score %v, want %v", tc.text, got, tc.score)
		}
	}
}
