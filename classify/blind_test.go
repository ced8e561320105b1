package classify

import "testing"

// TestBlindAccuracy measures testdata/blind.jsonl: 168 complaints (79
// zh-Hans, 45 zh-Hant, 44 en) covering all 27 default codes, written and
// committed before the lexicon was read. The first run, before any tuning,
// was the honest estimate of accuracy on unseen complaints:
//
//	lang     n    category  code    level
//	en       44    84.1 %   84.1 %   86.4 %
//	zh-Hans  79    92.4 %   89.9 %   94.9 %
//	zh-Hant  45    95.6 %   95.6 %   95.6 %
//	all     168    91.1 %   89.9 %   92.9 %
//
// The set was then used to find failure types (not lines) to fix, and it is
// training data of the model, so its current figures are no longer blind
// (see writtenFloor). Left out of the model's training, the set scores
// 95.2 / 93.5 / 94.6 % with the model (go test -run TestGenerateModel
// -gen.dev -gen.holdout testdata/blind.jsonl): the model keeps written
// complaints of rare codes where the lexicon puts them.
func TestBlindAccuracy(t *testing.T) { written(t, "testdata/blind.jsonl") }
