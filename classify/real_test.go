package classify

import (
	"bytes"
	"testing"
)

// realSplit evaluates a classifier on a split of the labelled real-text
// corpus (testdata/real, see its README) and logs the report.
func realSplit(t *testing.T, c *Classifier, split string) *Evaluation {
	ev := c.Evaluate(readExamplesFile(t, "testdata/real/"+split+".jsonl"))
	var b bytes.Buffer
	if err := ev.WriteText(&b, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s split, model=%v:\n%s", split, c.HasModel(), b.String())
	return ev
}

// TestRealAccuracyFirstRun measures the frozen test split of real shopper
// reviews, which no setting was chosen on.
func TestRealAccuracyFirstRun(t *testing.T) {
	lex, err := New(nil, WithoutModel())
	if err != nil {
		t.Fatal(err)
	}
	realSplit(t, lex, "test")
	realSplit(t, Default(), "test")
}
