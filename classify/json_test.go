package classify

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestResultJSONRoundTrip(t *testing.T) {
	in := Complaint{Text: "保温杯用了三天就不保温了，我要打12315", OrderAmount: decimal.NewFromInt(6000)}
	r := Default().Classify(in)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"code":1001`, `"name":"质量问题"`, `"level":"L1"`, `"confidence":`, `"evidence":[{"phrase":`,
		`"keyword":`, `"kind":"keyword"`, `"kind":"threat"`, `"start":`, `"end":`, `"candidates":[{"code":1001,"name":"质量问题","score":`, `"escalations":["`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, `"Code"`) || strings.Contains(s, `"Phrase"`) || strings.Contains(s, `"Score"`) {
		t.Errorf("JSON has Go field names: %s", s)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, r)
	}
}

func TestMatchKindText(t *testing.T) {
	for _, k := range []MatchKind{KindKeyword, KindInjury, KindThreat} {
		b, err := k.MarshalText()
		if err != nil || string(b) != k.String() {
			t.Fatalf("%v: %q, %v", k, b, err)
		}
		var back MatchKind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%q → %v, %v", b, back, err)
		}
	}
	if _, err := MatchKind(9).MarshalText(); err == nil {
		t.Error("MatchKind(9) marshalled")
	}
	var k MatchKind
	if err := k.UnmarshalText([]byte("synonym")); err == nil {
		t.Error(`"synonym" parsed`)
	}
}

func TestCategoryText(t *testing.T) {
	b, err := json.Marshal(map[string]Category{"c": CodeRefund.Category()})
	if err != nil || string(b) != `{"c":"payment"}` {
		t.Fatalf("%s, %v", b, err)
	}
	for c := CategoryProduct; c <= CategoryOther; c++ {
		b, err := c.MarshalText()
		if err != nil || string(b) != c.English() {
			t.Fatalf("%v: %q, %v", c, b, err)
		}
		var back Category
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("%q → %v, %v", b, back, err)
		}
		if err := back.UnmarshalText([]byte(c.Chinese())); err != nil || back != c {
			t.Errorf("%q → %v, %v", c.Chinese(), back, err)
		}
	}
	if _, err := Category(0).MarshalText(); err == nil {
		t.Error("Category(0) marshalled")
	}
	var c Category
	if err := c.UnmarshalText([]byte("shipping")); err == nil {
		t.Error(`"shipping" parsed`)
	}
}

// TestEvidenceUnique: a span is listed once per code and kind, even when
// it matches a keyword in both scripts (不保温 / 不保溫) or a proximity
// keyword whose parts are adjacent (不给...退 in 不给退).
func TestEvidenceUnique(t *testing.T) {
	texts := []string{"保温杯不保温了", "保溫杯不保溫了", "不給退", "态度很差", "客服態度很差"}
	for _, f := range []string{"dev", "holdout", "holdout2"} {
		for _, l := range readExamplesFile(t, "testdata/complaints-"+f+".jsonl") {
			texts = append(texts, l.Text)
		}
	}
	for _, l := range readExamplesFile(t, "testdata/blind.jsonl") {
		texts = append(texts, l.Text)
	}
	type key struct {
		start, end int
		code       Code
		kind       MatchKind
	}
	for _, s := range texts {
		r := Default().Classify(Complaint{Text: s})
		seen := map[key]bool{}
		for _, m := range r.Evidence {
			k := key{m.Start, m.End, m.Code, m.Kind}
			if seen[k] {
				t.Errorf("%s: evidence %+v listed twice in %+v", s, m, r.Evidence)
			}
			seen[k] = true
		}
	}
	ev := []Match{{Start: 0, End: 9, Code: 1001}, {Start: 3, End: 9, Code: 1001}}
	if !evidenceSeen(ev, Match{Start: 3, End: 9, Code: 1001}) || evidenceSeen(ev, Match{Start: 3, End: 9, Code: 1001, Kind: KindThreat}) ||
		evidenceSeen(ev, Match{Start: 0, End: 9, Code: 1001}) {
		t.Error("evidenceSeen")
	}
}
