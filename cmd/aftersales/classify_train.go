package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/internal/boundedread"
)

// trainModel runs classify -train: a model trained on the union of the
// labelled files, written to out.
func (c *cli) trainModel(files []string, out string) int {
	tax := classify.DefaultTaxonomy()
	var all []classify.Example
	for _, name := range files {
		examples, ok := c.readExamples(name)
		if !ok {
			return 2
		}
		// Checked here too, so that the error names the file.
		for i, e := range examples {
			if tax.Name(e.Code) == "" {
				fmt.Fprintf(c.stderr, "%s: %s: code %d is not in the taxonomy\n", name, exampleName(e, i), e.Code)
				return 2
			}
		}
		all = append(all, examples...)
	}
	fmt.Fprintf(c.stderr, "training on %d examples…\n", len(all))
	m, err := classify.Train(context.Background(), tax, all)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s: %v\n", strings.Join(files, ", "), err)
		return 2
	}
	data, err := m.MarshalBinary()
	if err == nil {
		err = os.WriteFile(out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	fmt.Fprintf(c.stdout, "%s: model trained on %d examples (%d bytes); classify with it: aftersales classify -model %s\n", out, len(all), len(data), out)
	return 0
}

// exampleName names example i of a file: its id, or its place.
func exampleName(e classify.Example, i int) string {
	if e.ID != "" {
		return fmt.Sprintf("example %q", e.ID)
	}
	return fmt.Sprintf("example %d (no id; the first is 1)", i+1)
}

// modelClassifier returns the default taxonomy's classifier with the model
// in file name (classify -model).
func (c *cli) modelClassifier(name string, opts ...classify.Option) (*classify.Classifier, bool) {
	data, err := readRegular(name, maxModelBytes)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s: %v\n", name, err)
		return nil, false
	}
	m, err := classify.ParseModel(data)
	if err == nil {
		var cl *classify.Classifier
		if cl, err = classify.New(nil, append(opts, classify.WithModel(m))...); err == nil {
			return cl, true
		}
	}
	fmt.Fprintf(c.stderr, "%s: %v\n", name, err)
	return nil, false
}

// maxModelBytes bounds the model file -model reads: some 4 million n-grams
// (the embedded model has some 56,000 in 1.4 MB).
const maxModelBytes = 64 << 20

// readRegular reads a regular file (an OS path) of at most limit bytes;
// its errors do not name the file.
func readRegular(name string, limit int) ([]byte, error) {
	return boundedread.File(os.DirFS(filepath.Dir(name)), filepath.Base(name), limit)
}
