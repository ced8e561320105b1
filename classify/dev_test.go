package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

// labelled is one line of a labelled complaint set (testdata/*.jsonl).
type labelled struct {
	ID                string `json:"id"`
	Text              string `json:"text"`
	Lang              string `json:"lang"`
	OrderAmount       string `json:"order_amount"`
	AffectedCustomers int    `json:"affected_customers"`
	Code              Code   `json:"code"`
	AlsoOK            []Code `json:"also_ok"`
	Level             int    `json:"level"`
	Why               string `json:"why"`
}

func (l labelled) complaint(t testing.TB) Complaint {
	c := Complaint{Text: l.Text, AffectedCustomers: l.AffectedCustomers}
	if l.OrderAmount != "" {
		d, err := decimal.NewFromString(l.OrderAmount)
		if err != nil {
			t.Fatalf("%s: order_amount: %v", l.ID, err)
		}
		c.OrderAmount = d
	}
	return c
}

func (l labelled) codeOK(c Code) bool { return c == l.Code || slices.Contains(l.AlsoOK, c) }

func (l labelled) categoryOK(c Code) bool {
	if c.Category() == l.Code.Category() {
		return true
	}
	for _, a := range l.AlsoOK {
		if a.Category() == c.Category() {
			return true
		}
	}
	return false
}

func readLabelled(t testing.TB, path string) []labelled {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

type tally struct{ n, cat, code, level int }

func pct(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }

// accuracy classifies a labelled set and reports accuracy by language.
func accuracy(t *testing.T, c *Classifier, set []labelled) tally {
	by := map[string]*tally{}
	var all tally
	for _, l := range set {
		r := c.Classify(l.complaint(t))
		tl := by[l.Lang]
		if tl == nil {
			tl = &tally{}
			by[l.Lang] = tl
		}
		for _, x := range []*tally{tl, &all} {
			x.n++
			if l.categoryOK(r.Code) {
				x.cat++
			}
			if l.codeOK(r.Code) {
				x.code++
			}
			if r.Level == sla.Level(l.Level) {
				x.level++
			}
		}
		if !l.codeOK(r.Code) || r.Level != sla.Level(l.Level) {
			t.Logf("miss %s: got %d L%d want %d L%d (%s) %s cands=%v esc=%v", l.ID, r.Code, r.Level, l.Code, l.Level, l.Why, l.Text, r.Candidates, r.Escalations)
		}
	}
	langs := make([]string, 0, len(by))
	for k := range by {
		langs = append(langs, k)
	}
	sort.Strings(langs)
	for _, k := range langs {
		x := by[k]
		t.Logf("%-8s n=%3d  category %5.1f%%  code %5.1f%%  level %5.1f%%", k, x.n, pct(x.cat, x.n), pct(x.code, x.n), pct(x.level, x.n))
	}
	t.Logf("%-8s n=%3d  category %5.1f%%  code %5.1f%%  level %5.1f%%", "all", all.n, pct(all.cat, all.n), pct(all.code, all.n), pct(all.level, all.n))
	return all
}

// writtenFloor is the bar for the written sets (dev, holdout, holdout2,
// blind, spot). All of them were used to tune the lexicon and are training
// data of the model, so they are dev sets, not held out: they score 100 %
// today and the bar sits just under it. What they still show is that
// neither the lexicon nor the model forgot what was written for them.
const writtenFloor = 97

// TestDevAccuracy measures the shared labelled development set.
func TestDevAccuracy(t *testing.T) {
	written(t, "testdata/complaints-dev.jsonl")
}

func written(t *testing.T, path string) {
	t.Helper()
	all := accuracy(t, Default(), readLabelled(t, path))
	if pct(all.cat, all.n) < writtenFloor || pct(all.code, all.n) < writtenFloor || pct(all.level, all.n) < writtenFloor {
		t.Errorf("%s below the bar: category %.1f%%, code %.1f%%, level %.1f%% (each ≥ %d)",
			path, pct(all.cat, all.n), pct(all.code, all.n), pct(all.level, all.n), writtenFloor)
	}
}
