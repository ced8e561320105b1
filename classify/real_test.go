package classify

import (
	"bytes"
	"testing"
)

// realSplit evaluates a classifier on a split of the labelled real-text
// corpus (testdata/real, see its README) and logs the report.
func realSplit(t *testing.T, c *Classifier, split string) *Evaluation {
	t.Helper()
	ev := c.Evaluate(readExamplesFile(t, "testdata/real/"+split+".jsonl"))
	var b bytes.Buffer
	if err := ev.WriteText(&b, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s split, model=%v:\n%s", split, c.HasModel(), b.String())
	return ev
}

// floor fails the test when an evaluation falls below the given figures.
func floor(t *testing.T, name string, ev *Evaluation, cat, code, level, l1Recall, l1Precision float64) {
	t.Helper()
	gc, gk, gl := ev.Total.Rates()
	if gc < cat || gk < code || gl < level || ev.Level1Recall < l1Recall || ev.Level1Precision < l1Precision {
		t.Errorf("%s below the floor: category %.1f%% (≥ %v), code %.1f%% (≥ %v), level %.1f%% (≥ %v), level-1 recall %.1f%% (≥ %v), precision %.1f%% (≥ %v)",
			name, gc, cat, gk, code, gl, level, ev.Level1Recall, l1Recall, ev.Level1Precision, l1Precision)
	}
}

// TestRealAccuracy measures real shopper reviews (testdata/real). The test
// split (456 reviews) was frozen before any setting was chosen and first
// run once, with the first model:
//
//	                 category  code    level   L1 recall  L1 precision
//	lexicon alone    65.6 %    55.3 %  53.7 %  59.2 %     50.9 %
//	with the model   91.0 %    85.7 %  82.0 %  67.3 %     70.2 %
//
// The settings were chosen on the dev split (371) and by cross-validation
// over train and dev (-gen.cv), never on the test split; the floors sit
// just under today's figures, so a change that makes real-text accuracy
// worse fails (the dev split's level floor went down half a point in
// session 6, with eight weights an n-gram, which cross-validation over
// 3,744 texts found 0.5 points better: 371 texts move 0.3 points a text;
// its level-1 precision floor went down a point in session 7, with the
// guess cue, which found 4.7 points more of its level-1 complaints and cost
// it one more false one, while cross-validation's precision rose 0.9).
// Since that first run the test split has been looked at, so it is no
// longer a blind estimate: the withheld real-text sample is the judge.
//
// The fresh split (771 reviews, session 7) was drawn from texts no earlier
// sample took, in two rounds of 400, labelled in two blind passes and kept
// where they agreed on code and level, as the withheld sample is; its
// first run, with the model of that session and the one before (which
// never saw it either):
//
//	                           category  code    level   L1 recall  L1 precision
//	lexicon alone, all 771     56.8 %    47.9 %  44.6 %  35.3 %     36.0 %
//	session 6 model, all 771   94.8 %    90.9 %  86.9 %  62.7 %     71.1 %
//	session 7 model, all 771   94.9 %    90.5 %  86.8 %  62.7 %     69.6 %
//	session 7, first 386       94.3 %    90.7 %  85.0 %  73.1 %     76.0 %
//	session 7, second 385      95.6 %    90.4 %  88.6 %  52.0 %     61.9 %
//
// Its floors sit under that first run; it is never trained on.
//
// A second fresh split (fresh2.jsonl, 770 reviews, session 8) was drawn
// the same way from the texts left, leaving out as well those whose answer
// session 8 had read, and labelled by eight other annotators in two blind
// passes (each text read by two of them). Its first run, with session 8's
// model (after the level-1 words and the feature scaling) and session 7's:
//
//	                           category  code    level   L1 recall  L1 precision
//	lexicon alone              59.9 %    50.3 %  46.6 %  37.0 %     38.6 %
//	session 7 model            95.3 %    92.1 %  86.4 %  63.0 %     74.4 %
//	session 8 model            95.3 %    91.3 %  86.4 %  65.2 %     75.0 %
//
// Its floors sit under that first run; it is never trained on. Session
// 9's uncertainty sampling (testdata/real/README.md) raised code and level
// on both fresh splits by about two points (three seeds of the training
// order: code 92.3–93.4 %, level 88.7–89.5 %; the final model 92.7 / 89.2
// and 93.4 / 89.1 %), so their code and level floors are 91 and 87 %.
func TestRealAccuracy(t *testing.T) {
	floor(t, "fresh split", realSplit(t, Default(), "fresh"), 93.5, 91, 87, 60, 66)
	floor(t, "second fresh split", realSplit(t, Default(), "fresh2"), 94, 91, 87, 60, 70)
	floor(t, "test split", realSplit(t, Default(), "test"), 93.5, 90.5, 86.5, 81, 81)
	floor(t, "dev split", realSplit(t, Default(), "dev"), 95, 90, 85, 80, 83)
	// The lexicon alone, for comparison (and so that a change that breaks
	// the lexicon shows here too).
	lex := newLexicon(t)
	floor(t, "test split, lexicon alone", realSplit(t, lex, "test"), 64, 54, 52, 57, 48)
}
