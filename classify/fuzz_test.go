package classify

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

func FuzzClassify(f *testing.F) {
	for _, l := range readExamplesFile(f, "testdata/complaints-dev.jsonl") {
		f.Add(l.Text, "")
	}
	f.Add("", "quality")
	f.Add("\xff质量\xfe问题", "1001")
	f.Add("不是不是不是质量问题但是但是", "")
	f.Add("charged...twice - not  a fake", "not_received")
	f.Fuzz(func(t *testing.T, text, reason string) {
		r := Default().Classify(Complaint{Text: text, Reason: reason})
		checkResult(t, text, r)
	})
}

// checkResult asserts the invariants of every Result.
func checkResult(t *testing.T, text string, r Result) {
	t.Helper()
	if !r.Code.Valid() || !r.Level.Valid() || r.Name == "" {
		t.Fatalf("invalid result %+v", r)
	}
	if r.Confidence < 0 || r.Confidence > 1 || r.Confidence != r.Confidence {
		t.Fatalf("confidence %v", r.Confidence)
	}
	// Rune boundaries as Go decodes the text: every invalid byte is a rune
	// of its own, so a match may end right before one.
	starts := map[int]bool{len(text): true}
	for i := range text {
		starts[i] = true
	}
	for i, m := range r.Evidence {
		if m.Start < 0 || m.Start >= m.End || m.End > len(text) {
			t.Fatalf("evidence %d out of range: %+v (len %d)", i, m, len(text))
		}
		if !starts[m.Start] || !starts[m.End] || !utf8.ValidString(m.Phrase) && utf8.ValidString(text) {
			t.Fatalf("evidence %d not on rune boundaries: %+v", i, m)
		}
		if text[m.Start:m.End] != m.Phrase {
			t.Fatalf("evidence %d phrase %q != %q", i, m.Phrase, text[m.Start:m.End])
		}
		if i > 0 && r.Evidence[i-1].Start > m.Start {
			t.Fatalf("evidence out of order")
		}
	}
	for i := 1; i < len(r.Candidates); i++ {
		if r.Candidates[i].Score > r.Candidates[i-1].Score {
			t.Fatalf("candidates out of order: %v", r.Candidates)
		}
	}
	if len(r.Candidates) > maxCandidates || len(r.Evidence) > maxEvidence {
		t.Fatalf("too many candidates or evidence")
	}
}

func FuzzParseTaxonomy(f *testing.F) {
	f.Add([]byte(defaultTaxonomyYAML))
	f.Add([]byte("codes:\n  - {code: 1101, name: x, level: 1, keywords: [鼓包^2, a...b, ~亮]}\ncues:\n  threat: [黑猫]\n"))
	f.Add([]byte("base: none\ncodes:\n  - {code: 5101, name: y, level: 4, keywords: {zh-Hans: [测试], en: [test]}}\n"))
	f.Add([]byte("codes:\n  - code: 6001\n"))
	if b, err := os.ReadFile("testdata/complaints-dev.jsonl"); err == nil {
		f.Add(b[:200])
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tax, err := ParseTaxonomy(src)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			checkParseErrorsInside(t, src, err)
			return
		}
		c, err := New(tax)
		if err != nil {
			return
		}
		for _, text := range []string{"质量问题，快递太慢", string(src)} {
			checkResult(t, text, c.Classify(Complaint{Text: text}))
		}
	})
}

// checkParseErrorsInside fails when a *ParseError in err points past the
// end of src.
func checkParseErrorsInside(t *testing.T, src []byte, err error) {
	t.Helper()
	end := yamlsrc.EndOf(src)
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			return
		}
		if pe.Line > end.Line || pe.Line == end.Line && pe.Column > end.Column || pe.Line > 0 && pe.Column < 1 {
			t.Errorf("%v: outside the source, which ends at %d:%d", pe, end.Line, end.Column)
		}
	}
	walk(err)
}

// Every error points into the source, even where yaml.v3 puts the empty
// document of "---" past its end (regression: 2:1 in a one-line source).
// A source that is not UTF-8 is refused: yaml.v3 would read UTF-16 with a
// byte-order mark, whose positions count other characters.
func TestParseErrorsInsideSource(t *testing.T) {
	for _, src := range []string{"---", "\ufeff---", "\xff\xfer\x00u\x00l\x00e\x00s\x00:\x00 \x00[\x00]\x00"} {
		_, err := ParseTaxonomy([]byte(src))
		if err == nil {
			t.Fatalf("taxonomy %q parsed", src)
		}
		checkParseErrorsInside(t, []byte(src), err)
		if _, err = ParseWatchRules([]byte(src)); err == nil {
			t.Fatalf("watch rules %q parsed", src)
		}
		checkParseErrorsInside(t, []byte(src), err)
	}
}

// A second YAML document is an error, not silently dropped (yaml.Unmarshal
// reads only the first), and a syntax error has its line.
func TestParseOneDocument(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"codes: []\n---\ncodes: [{code: 6001}]", "taxonomy:2:1: a taxonomy source holds one YAML document; found another"},
		{"x: [", "taxonomy:1:1: did not find expected node content"},
	} {
		if _, err := ParseTaxonomy([]byte(tt.src)); err == nil || err.Error() != tt.want {
			t.Errorf("ParseTaxonomy(%q) = %v, want %s", tt.src, err, tt.want)
		}
	}
	if _, err := ParseWatchRules([]byte(watchRulesYAML + "---\nrules: []\n")); err == nil || !strings.Contains(err.Error(), "a watch rules source holds one YAML document") {
		t.Errorf("two documents of watch rules: %v", err)
	}
}
