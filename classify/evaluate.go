package classify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

// An Example is a labelled complaint: the right code and level for a text.
// Evaluate measures a classifier against a set of them; ReadExamples reads
// them from JSON Lines.
type Example struct {
	ID                string          `json:"id,omitempty"`
	Text              string          `json:"text"`
	Lang              string          `json:"lang,omitempty"` // optional, for accuracy by language
	Reason            string          `json:"reason,omitempty"`
	OrderAmount       decimal.Decimal `json:"order_amount,omitzero"`
	AffectedCustomers int             `json:"affected_customers,omitempty"`
	// Code is the right code; AlsoOK lists other codes that count as right.
	Code   Code      `json:"code"`
	AlsoOK []Code    `json:"also_ok,omitempty"`
	Level  sla.Level `json:"level"`
	// Source and Why are notes for people: where the text comes from and
	// why it is labelled so.
	Source string `json:"source,omitempty"`
	Why    string `json:"why,omitempty"`
}

// Complaint returns the complaint the example labels.
func (e Example) Complaint() Complaint {
	return Complaint{Text: e.Text, Reason: e.Reason, OrderAmount: e.OrderAmount, AffectedCustomers: e.AffectedCustomers}
}

// CodeOK reports whether code is right for the example: its Code or one of
// AlsoOK.
func (e Example) CodeOK(code Code) bool { return code == e.Code || slices.Contains(e.AlsoOK, code) }

// CategoryOK reports whether code's category is right: the category of
// Code or of one of AlsoOK.
func (e Example) CategoryOK(code Code) bool {
	if code.Category() == e.Code.Category() {
		return true
	}
	for _, a := range e.AlsoOK {
		if a.Category() == code.Category() {
			return true
		}
	}
	return false
}

// UnmarshalJSON reads an example whose level is a number (1–4) or any
// form sla.ParseLevel accepts ("L1", "一级").
func (e *Example) UnmarshalJSON(b []byte) error {
	type plain Example
	var v struct {
		plain
		Level json.RawMessage `json:"level"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*e = Example(v.plain)
	var n int
	if err := json.Unmarshal(v.Level, &n); err == nil {
		e.Level = sla.Level(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(v.Level, &s); err != nil {
		return errors.New("level: want a number 1–4 or a string such as \"L2\"")
	}
	l, err := sla.ParseLevel(s)
	if err != nil {
		return err
	}
	e.Level = l
	return nil
}

// maxExampleLine bounds one line of a JSON Lines file of examples.
const maxExampleLine = 1 << 20

// ReadExamples reads labelled complaints from JSON Lines, one Example a
// line (blank lines are skipped), for example:
//
//	{"id": "t1", "text": "充电器插上就冒烟", "code": 1005, "level": 1}
//	{"id": "t2", "text": "快递三天了还没到", "code": 2001, "also_ok": [2004], "level": 3}
//
// order_amount is a decimal string or number; level may be written 1–4 or
// "L1"–"L4". Every bad line is reported with its line number, not only the
// first; unknown fields are errors, so a misspelled field is not silently
// ignored.
func ReadExamples(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxExampleLine)
	var out []Example
	var errs []error
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var e Example
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %v", line, err))
			continue
		}
		if msg := e.problem(); msg != "" {
			errs = append(errs, fmt.Errorf("line %d: %s", line, msg))
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("longer than %d bytes", maxExampleLine)
		}
		errs = append(errs, fmt.Errorf("line %d: %v", line+1, err))
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("classify: examples: %w", errors.Join(errs...))
	}
	return out, nil
}

// problem says what is wrong with a decoded example, or "".
func (e Example) problem() string {
	switch {
	case !e.Code.Valid():
		return fmt.Sprintf("code %d is not a complaint code (1001–5999, not x000)", e.Code)
	case !e.Level.Valid():
		return fmt.Sprintf("level %d is not 1–4", e.Level)
	case e.AffectedCustomers < 0:
		return "affected_customers is negative"
	}
	for _, a := range e.AlsoOK {
		if !a.Valid() {
			return fmt.Sprintf("also_ok code %d is not a complaint code", a)
		}
	}
	return ""
}

// A Tally counts right answers over N examples.
type Tally struct {
	N        int `json:"n"`
	Category int `json:"category"` // right category
	Code     int `json:"code"`     // right code (Code or AlsoOK)
	Level    int `json:"level"`    // right level
}

// Rates returns the category, code and level accuracy in percent.
func (t Tally) Rates() (category, code, level float64) {
	if t.N == 0 {
		return 0, 0, 0
	}
	n := float64(t.N)
	return 100 * float64(t.Category) / n, 100 * float64(t.Code) / n, 100 * float64(t.Level) / n
}

func (t *Tally) add(e Example, r Result) {
	t.N++
	if e.CategoryOK(r.Code) {
		t.Category++
	}
	if e.CodeOK(r.Code) {
		t.Code++
	}
	if r.Level == e.Level {
		t.Level++
	}
}

// A Miss is an example the classifier got wrong (code or level).
type Miss struct {
	Example Example `json:"example"`
	Got     Code    `json:"got"`
	// GotLevel is the level the classifier gave.
	GotLevel sla.Level `json:"got_level"`
	// Confidence is the classifier's confidence in Got.
	Confidence float64 `json:"confidence"`
}

// A Confusion counts the examples labelled Want that were classified Got.
type Confusion struct {
	Want Code `json:"want"`
	Got  Code `json:"got"`
	N    int  `json:"n"`
}

// An Evaluation is how a classifier did on a set of labelled examples.
type Evaluation struct {
	Total Tally `json:"total"`
	// ByLanguage tallies the examples per Example.Lang ("" when unset).
	ByLanguage map[string]Tally `json:"by_language"`
	// Level 1 (the most severe): of the examples labelled level 1, how
	// many the classifier put at level 1 (recall), and of those it put at
	// level 1, how many are labelled level 1 (precision); in percent.
	Level1Recall    float64 `json:"level1_recall"`
	Level1Precision float64 `json:"level1_precision"`
	// Confusion counts every (labelled code, classified code) pair, the
	// diagonal included, by count and then code. An answer in AlsoOK counts
	// as the labelled code.
	Confusion []Confusion `json:"confusion"`
	// Misses lists the examples with a wrong code or level, in input order.
	Misses []Miss `json:"misses"`
}

// Evaluate classifies every example and measures the answers: accuracy of
// category, code and level, overall and by language, level-1 recall and
// precision, the confusion of codes and the misclassified examples. It is
// how a merchant checks the classifier on their own labelled tickets.
func (c *Classifier) Evaluate(examples []Example) *Evaluation {
	ev := &Evaluation{ByLanguage: map[string]Tally{}, Confusion: []Confusion{}, Misses: []Miss{}}
	type pair struct{ want, got Code }
	conf := map[pair]int{}
	var l1Want, l1Got, l1Both int
	for _, e := range examples {
		r := c.Classify(e.Complaint())
		ev.Total.add(e, r)
		t := ev.ByLanguage[e.Lang]
		t.add(e, r)
		ev.ByLanguage[e.Lang] = t
		got := r.Code
		if e.CodeOK(got) {
			got = e.Code
		}
		conf[pair{e.Code, got}]++
		if e.Level == sla.Level1 {
			l1Want++
		}
		if r.Level == sla.Level1 {
			l1Got++
			if e.Level == sla.Level1 {
				l1Both++
			}
		}
		if !e.CodeOK(r.Code) || r.Level != e.Level {
			ev.Misses = append(ev.Misses, Miss{Example: e, Got: r.Code, GotLevel: r.Level, Confidence: r.Confidence})
		}
	}
	if l1Want > 0 {
		ev.Level1Recall = 100 * float64(l1Both) / float64(l1Want)
	}
	if l1Got > 0 {
		ev.Level1Precision = 100 * float64(l1Both) / float64(l1Got)
	}
	for p, n := range conf {
		ev.Confusion = append(ev.Confusion, Confusion{Want: p.want, Got: p.got, N: n})
	}
	sort.Slice(ev.Confusion, func(i, j int) bool {
		a, b := ev.Confusion[i], ev.Confusion[j]
		if a.N != b.N {
			return a.N > b.N
		}
		if a.Want != b.Want {
			return a.Want < b.Want
		}
		return a.Got < b.Got
	})
	return ev
}

// WriteText writes the evaluation as a report a person reads: accuracy
// overall and by language, level-1 recall and precision, the most frequent
// confusions and up to maxMisses misclassified examples (all when
// maxMisses < 0).
func (ev *Evaluation) WriteText(w io.Writer, maxMisses int) error {
	var b strings.Builder
	row := func(name string, t Tally) {
		cat, code, lvl := t.Rates()
		fmt.Fprintf(&b, "%-10s %6d %9.1f%% %6.1f%% %6.1f%%\n", name, t.N, cat, code, lvl)
	}
	fmt.Fprintf(&b, "%-10s %6s %10s %7s %7s\n", "language", "n", "category", "code", "level")
	langs := make([]string, 0, len(ev.ByLanguage))
	for l := range ev.ByLanguage {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	if len(langs) > 1 || (len(langs) == 1 && langs[0] != "") {
		for _, l := range langs {
			name := l
			if name == "" {
				name = "(none)"
			}
			row(name, ev.ByLanguage[l])
		}
	}
	row("all", ev.Total)
	fmt.Fprintf(&b, "level 1: recall %.1f%%, precision %.1f%%\n", ev.Level1Recall, ev.Level1Precision)
	wrong := 0
	for _, c := range ev.Confusion {
		if c.Want != c.Got {
			if wrong == 0 {
				b.WriteString("confusions (labelled → classified, count):\n")
			}
			if wrong++; wrong > 15 {
				break
			}
			fmt.Fprintf(&b, "  %s → %s  %d\n", c.Want, c.Got, c.N)
		}
	}
	if len(ev.Misses) > 0 && maxMisses != 0 {
		fmt.Fprintf(&b, "misses (%d):\n", len(ev.Misses))
		for i, m := range ev.Misses {
			if maxMisses > 0 && i == maxMisses {
				fmt.Fprintf(&b, "  … %d more\n", len(ev.Misses)-i)
				break
			}
			id := m.Example.ID
			if id == "" {
				id = "-"
			}
			fmt.Fprintf(&b, "  %s: got %s L%d, want %s L%d: %s\n", id, m.Got, m.GotLevel, m.Example.Code, m.Example.Level, oneLine(m.Example.Text, 80))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine returns s on one line, cut to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
