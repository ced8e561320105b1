package classify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
)

func TestReadExamples(t *testing.T) {
	src := `{"id": "a", "text": "快递三天了还没到", "code": 2001, "level": 3}

{"id": "b", "text": "x", "code": 1005, "also_ok": [1001], "level": "L1", "order_amount": "5999.00", "affected_customers": 2}
{"id": "c", "text": "y", "code": 4001, "level": "二级", "source": "tickets", "why": "rude"}
`
	ex, err := ReadExamples(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 3 || ex[0].Level != sla.Level3 || ex[1].Level != sla.Level1 || ex[2].Level != sla.Level2 ||
		ex[1].OrderAmount.String() != "5999" || ex[1].AffectedCustomers != 2 || !ex[1].CodeOK(1001) || ex[1].CodeOK(1002) {
		t.Errorf("%+v", ex)
	}
	// Every bad line is reported, with its number.
	bad := `{"text": "x", "code": 1001, "level": 7}
{"text": "x", "cod": 1001, "level": 2}
{"text": "x", "code": 3000, "level": 2}
{"text": "x", "code": 1001, "level": 2, "also_ok": [99]}
{"text": "x", "code": 1001, "level": true}
not json
{"text": "ok", "code": 1001, "level": 2}
`
	ex, err = ReadExamples(strings.NewReader(bad))
	if err == nil || len(ex) != 1 {
		t.Fatalf("got %d examples, err %v", len(ex), err)
	}
	for _, want := range []string{"line 1: level 7", "line 2: json: unknown field \"cod\"", "line 3: code 3000", "line 4: also_ok code 99", "line 5: level", "line 6:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	// A line longer than the limit is an error, not a silent stop.
	long := `{"text": "` + strings.Repeat("长", maxExampleLine/3+10) + `", "code": 1001, "level": 2}`
	if _, err := ReadExamples(strings.NewReader(long)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("long line: %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	c := Default()
	ex := []Example{
		{ID: "a", Text: "快递三天了还没到", Code: 2001, Level: 3, Lang: "zh-Hans"},
		{ID: "b", Text: "快递三天了还没到", Code: 2004, AlsoOK: []Code{2001}, Level: 2, Lang: "zh-Hans"},
		{ID: "c", Text: "快递三天了还没到", Code: 5001, Level: 3, Lang: "zh-Hans"},
		{ID: "d", Text: "充电器插上就冒烟，把手烫伤了", Code: 1005, Level: 1, Lang: "zh-Hans"},
		{ID: "e", Text: "I was charged twice for the same order", Code: 3004, Level: 1, Lang: "en"},
	}
	for _, e := range ex[:3] {
		if r := c.Classify(e.Complaint()); r.Code != 2001 || r.Level != 3 {
			t.Fatalf("fixture: %q is %d L%d, want 2001 L3", e.Text, r.Code, r.Level)
		}
	}
	ev := c.Evaluate(ex)
	// a right; b right code (also_ok), wrong level; c wrong code, right
	// category? no (5 vs 2), right level; d right; e: 3004 L2 vs L1.
	if ev.Total.N != 5 || ev.Total.Code != 4 || ev.Total.Category != 4 || ev.Total.Level != 3 {
		t.Errorf("total %+v", ev.Total)
	}
	if en := ev.ByLanguage["en"]; en.N != 1 || en.Code != 1 || en.Level != 0 {
		t.Errorf("en %+v", en)
	}
	// Level 1: d and e labelled L1; d found; only d put at L1.
	if ev.Level1Recall != 50 || ev.Level1Precision != 100 {
		t.Errorf("level 1: recall %v precision %v", ev.Level1Recall, ev.Level1Precision)
	}
	var ids []string
	for _, m := range ev.Misses {
		ids = append(ids, m.Example.ID)
	}
	if strings.Join(ids, ",") != "b,c,e" {
		t.Errorf("misses %v", ids)
	}
	// b counts as right on the diagonal (2004 → 2004), c as 5001 → 2001.
	found := map[[2]Code]int{}
	for _, cf := range ev.Confusion {
		found[[2]Code{cf.Want, cf.Got}] = cf.N
	}
	if found[[2]Code{2004, 2004}] != 1 || found[[2]Code{5001, 2001}] != 1 || found[[2]Code{2001, 2001}] != 1 {
		t.Errorf("confusion %v", ev.Confusion)
	}
	cat, code, lvl := ev.Total.Rates()
	if cat != 80 || code != 80 || lvl != 60 {
		t.Errorf("rates %v %v %v", cat, code, lvl)
	}
	var b bytes.Buffer
	if err := ev.WriteText(&b, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"all             5      80.0%   80.0%   60.0%", "level 1: recall 50.0%, precision 100.0%", "5001 → 2001  1", "misses (3):", "b: got 2001 L3, want 2004 L2", "… 2 more"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	js, err := json.Marshal(ev)
	if err != nil || !strings.Contains(string(js), `"level1_recall":50`) {
		t.Errorf("JSON: %v %s", err, js)
	}
	if ev := c.Evaluate(nil); ev.Total.N != 0 || ev.Level1Recall != 0 {
		t.Errorf("empty: %+v", ev)
	}
}

// FuzzReadExamples: any input gives examples or an error, never a panic,
// and every example returned is valid.
func FuzzReadExamples(f *testing.F) {
	f.Add(`{"text": "x", "code": 1001, "level": 2}`)
	f.Add(`{"text": "x", "code": 1001, "level": "L2", "also_ok": [1002], "order_amount": 12.5}`)
	f.Add("{}\n\n{\"level\": null}")
	f.Fuzz(func(t *testing.T, src string) {
		ex, _ := ReadExamples(strings.NewReader(src))
		for _, e := range ex {
			if e.problem() != "" {
				t.Errorf("invalid example returned: %+v", e)
			}
		}
	})
}
