package classify

import "testing"

// The two held-out sets were written independently of the dev set and
// first run before tuning (BENCHMARKS.md: 75/69/75 % and 70/63/71 %); they
// were then used to broaden the lexicon and train the model, so they are
// dev sets now (see writtenFloor).
func TestHoldoutAccuracy(t *testing.T) { written(t, "testdata/complaints-holdout.jsonl") }

func TestHoldout2Accuracy(t *testing.T) { written(t, "testdata/complaints-holdout2.jsonl") }

// TestSpotAccuracy is a small set written by the lead as a spot check after
// the lexicons were built: 20 plain cases, then 9 on contrast, near misses,
// thresholds and look-alike words. First run: 19/20 and 8/9 — English
// "transferring me to different departments", and a toy's edge that cut a
// child's hand (taken for a broken parcel) — fixed by adding those phrase
// families in all three scripts.
func TestSpotAccuracy(t *testing.T) { written(t, "testdata/spot.jsonl") }
