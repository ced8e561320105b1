package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/classify"
)

// maxWatchBytes bounds the rules file -watch reads.
const maxWatchBytes = 1 << 20

// complaintLine is one complaint of a JSON Lines file; plain text lines are
// complaints too.
type complaintLine struct {
	ID                string          `json:"id"`
	At                time.Time       `json:"at"`          // when it was filed; needed by -watch
	CustomerID        string          `json:"customer_id"` // for repeat-complaint rules
	OrderID           string          `json:"order_id"`
	Key               string          `json:"key"` // e.g. SKU family, for rules grouped by key
	Text              string          `json:"text"`
	Reason            string          `json:"reason"`
	OrderAmount       decimal.Decimal `json:"order_amount"`
	AffectedCustomers int             `json:"affected_customers"`
}

// classifyCmd classifies complaint texts: arguments, a file, or standard
// input; or, with -train, trains a model on labelled files.
func classifyCmd(c *cli, args []string) int {
	fs := c.flags("classify", `["TEXT"…] [-file FILE | -eval FILE] [-model FILE]
       aftersales classify -train FILE… -o FILE`,
		`aftersales classify "保温杯不保温了，还烫伤了手，我要投诉到12315"
  aftersales classify -train tickets.jsonl -train classify/testdata/real/train.jsonl -o model.bin
  aftersales classify -model model.bin -eval held-out.jsonl`)
	file := fs.String("file", "", "classify every line of FILE (plain text, or JSON Lines with text, reason, order_amount, affected_customers); - for standard input")
	reason := fs.String("reason", "", "structured reason chosen in a form, e.g. quality")
	amount := fs.String("amount", "", "order amount in CNY, e.g. 5999.00")
	asJSON := fs.Bool("json", false, "print one JSON result per complaint")
	watchFile := fs.String("watch", "", "early-warning rules (YAML, see classify.ParseWatchRules): print alerts as complaints stream by; lines need \"at\"")
	evalFile := fs.String("eval", "", "measure the classifier on labelled complaints (JSON Lines: text, code, level, optional also_ok, lang, id; see classify.ReadExamples): accuracy by category, code, level and language, confusions, misses; - for standard input")
	misses := fs.Int("misses", 50, "with -eval: how many misclassified lines to list (-1: all)")
	noModel := fs.Bool("lexicon", false, "use the taxonomy's keywords alone, without the learned model (classify.WithoutModel)")
	var trainFiles stringList
	fs.Var(&trainFiles, "train", "train a model on labelled complaints in `FILE` (JSON Lines, as for -eval; repeatable: the union of the files) and write it to -o; a merchant's tickets are usually few, so add the labelled files of the module's source the embedded model learnt from: classify/testdata/real/train.jsonl and the written sets (see the README)")
	modelOut := fs.String("o", "", "with -train: the `FILE` to write the model to")
	level1 := fs.Float64("level1-share", classify.DefaultLevel1Share, "raise a complaint to level 1 when the model gives the level-1 codes (1003, 1005, 1006) together at least this probability, in (0, 1]: lower finds more level-1 complaints and raises more that are not; measure the trade with -eval (classify.WithLevel1Share)")
	modelFile := fs.String("model", "", "classify with the model in `FILE` (written by -train; a regular file of at most 64 MiB) instead of the embedded one")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	var opts []classify.Option
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "level1-share" {
			opts = append(opts, classify.WithLevel1Share(*level1))
		}
	})
	if len(trainFiles) > 0 {
		switch {
		case *modelOut == "":
			return c.usageError("classify", "-train needs -o FILE to write the model to")
		case *file != "" || *evalFile != "" || *watchFile != "" || *modelFile != "" || *noModel || len(opts) > 0 || fs.NArg() > 0:
			return c.usageError("classify", "-train takes labelled files and -o only, no texts, -file, -eval, -watch, -model, -lexicon or -level1-share")
		}
		return c.trainModel(trainFiles, *modelOut)
	}
	if *modelOut != "" {
		return c.usageError("classify", "-o is for -train")
	}
	classifier := classify.Default()
	switch {
	case *modelFile != "" && *noModel:
		return c.usageError("classify", "-model and -lexicon together: choose one")
	case *noModel && len(opts) > 0:
		return c.usageError("classify", "-level1-share needs the model, and -lexicon leaves it out")
	case *modelFile != "":
		var ok bool
		if classifier, ok = c.modelClassifier(*modelFile, opts...); !ok {
			return 2
		}
	case *noModel || len(opts) > 0:
		if *noModel {
			opts = append(opts, classify.WithoutModel())
		}
		var err error
		if classifier, err = classify.New(nil, opts...); err != nil {
			fmt.Fprintln(c.stderr, err)
			return 2
		}
	}
	if *evalFile != "" {
		return c.evaluate(classifier, *evalFile, *misses, *asJSON)
	}
	base := classify.Complaint{Reason: *reason}
	if *amount != "" {
		d, err := decimal.NewFromString(*amount)
		if err != nil || d.IsNegative() {
			return c.usageError("classify", "-amount: want a non-negative amount like 5999.00, got %q", *amount)
		}
		base.OrderAmount = d
	}
	out := &classifyOutput{c: c, json: *asJSON, counts: map[classify.Category]int{}}
	if *watchFile != "" {
		src, err := readRegular(*watchFile, maxWatchBytes)
		if err != nil {
			fmt.Fprintf(c.stderr, "%s: %v\n", *watchFile, err)
			return 2
		}
		rules, err := classify.ParseWatchRules(src)
		if err != nil {
			fmt.Fprintf(c.stderr, "%s: %v\n", *watchFile, err)
			return 2
		}
		if out.watch, err = classify.NewWatch(rules); err != nil {
			fmt.Fprintf(c.stderr, "%s: %v\n", *watchFile, err)
			return 2
		}
		if *file == "" {
			return c.usageError("classify", "-watch needs -file (JSON Lines with \"at\")")
		}
	}

	switch {
	case *file != "":
		r, done, err := c.input(*file)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			return 2
		}
		defer done()
		return out.stream(classifier, base, r, *file, true)
	case fs.NArg() > 0:
		for _, text := range fs.Args() {
			in := base
			in.Text = text
			out.print("", in, classifier.Classify(in))
		}
		return 0
	default:
		return out.stream(classifier, base, c.stdin, "stdin", false)
	}
}

type classifyOutput struct {
	c      *cli
	json   bool
	counts map[classify.Category]int
	total  int
	watch  *classify.Watch // nil without -watch
	alerts int
}

// stream classifies line by line, with progress on stderr for files and a
// count per category at the end.
func (o *classifyOutput) stream(cl *classify.Classifier, base classify.Complaint, r io.Reader, name string, progress bool) int {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), classify.MaxTextBytes)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		in, id := base, ""
		var event classify.Event
		if strings.HasPrefix(text, "{") {
			var cl complaintLine
			if err := json.Unmarshal([]byte(text), &cl); err != nil {
				fmt.Fprintf(o.c.stderr, "%s:%d: invalid JSON: %v\n", name, line, err)
				return 2
			}
			id, in.Text, in.AffectedCustomers = cl.ID, cl.Text, cl.AffectedCustomers
			event = classify.Event{At: cl.At, CustomerID: cl.CustomerID, OrderID: cl.OrderID, Key: cl.Key}
			if cl.Reason != "" {
				in.Reason = cl.Reason
			}
			if !cl.OrderAmount.IsZero() {
				in.OrderAmount = cl.OrderAmount
			}
		} else {
			in.Text = text
		}
		result := cl.Classify(in)
		o.print(id, in, result)
		if o.watch != nil {
			if event.At.IsZero() {
				fmt.Fprintf(o.c.stderr, "%s:%d: -watch needs an \"at\" time on every line\n", name, line)
				return 2
			}
			event.Code = result.Code
			for _, a := range o.watch.Observe(event) {
				o.alerts++
				fmt.Fprintf(o.c.stdout, "ALERT %s\n", a)
			}
		}
		if progress && line%500 == 0 {
			fmt.Fprintf(o.c.stderr, "\r%s: %d lines", name, line)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(o.c.stderr, "%s:%d: %v\n", name, line+1, err)
		return 2
	}
	if progress && line >= 500 {
		fmt.Fprintln(o.c.stderr)
	}
	o.summary()
	return 0
}

func (o *classifyOutput) print(id string, in classify.Complaint, r classify.Result) {
	o.counts[r.Code.Category()]++
	o.total++
	if o.json {
		enc := json.NewEncoder(o.c.stdout)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(struct {
			ID string `json:"id,omitempty"`
			classify.Result
		}{id, r})
		return
	}
	w := o.c.stdout
	if id != "" {
		fmt.Fprintf(w, "%s: ", id)
	}
	fmt.Fprintf(w, "%d %s (%s) level %d, confidence %.2f\n", r.Code, r.Name, r.Code.Category().Chinese(), r.Level, r.Confidence)
	for _, m := range r.Evidence {
		switch m.Kind {
		case classify.KindKeyword:
			fmt.Fprintf(w, "  evidence %q at bytes %d–%d (code %d, keyword %q)\n", m.Phrase, m.Start, m.End, m.Code, m.Keyword)
		case classify.KindModel:
			fmt.Fprintf(w, "  evidence %q at bytes %d–%d (code %d, n-gram the model weighed %+.2f)\n", m.Phrase, m.Start, m.End, m.Code, m.Weight)
		default:
			fmt.Fprintf(w, "  evidence %q at bytes %d–%d (%s, keyword %q)\n", m.Phrase, m.Start, m.End, m.Kind, m.Keyword)
		}
	}
	for _, e := range r.Escalations {
		fmt.Fprintf(w, "  raised: %s\n", e)
	}
}

// summary prints the count per category to stderr, so stdout stays
// machine-readable with -json.
func (o *classifyOutput) summary() {
	if o.total < 2 {
		return
	}
	cats := make([]classify.Category, 0, len(o.counts))
	for cat := range o.counts {
		cats = append(cats, cat)
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i] < cats[j] })
	fmt.Fprintf(o.c.stderr, "%d complaints:", o.total)
	for _, cat := range cats {
		fmt.Fprintf(o.c.stderr, " %s %d;", cat.Chinese(), o.counts[cat])
	}
	if o.watch != nil {
		fmt.Fprintf(o.c.stderr, " %d alerts", o.alerts)
	}
	fmt.Fprintln(o.c.stderr)
}

// readExamples reads a labelled file ("-": standard input); on an error it
// says which file and returns ok=false.
func (c *cli) readExamples(name string) (examples []classify.Example, ok bool) {
	r, done, err := c.input(name)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return nil, false
	}
	defer done()
	examples, err = classify.ReadExamples(r)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s: %v\n", name, err)
		return nil, false
	}
	return examples, true
}

// evaluate runs classify -eval: the classifier measured on a labelled file.
func (c *cli) evaluate(cl *classify.Classifier, name string, misses int, asJSON bool) int {
	examples, ok := c.readExamples(name)
	if !ok {
		return 2
	}
	if len(examples) == 0 {
		fmt.Fprintf(c.stderr, "%s: no labelled complaints\n", name)
		return 2
	}
	ev := cl.Evaluate(examples)
	if asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ev); err != nil {
			fmt.Fprintln(c.stderr, err)
			return 1
		}
		return 0
	}
	if err := ev.WriteText(c.stdout, misses); err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	return 0
}

// input opens the file name for reading, or standard input for "-"; done
// closes it.
func (c *cli) input(name string) (r io.Reader, done func(), err error) {
	if name == "-" {
		return c.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
