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
// The set was then used to find failure types (not lines) to fix, so its
// current figures are no longer blind. The floor sits at the first-run
// figures minus a margin, so a change that makes generalisation worse than
// the untuned classifier fails.
func TestBlindAccuracy(t *testing.T) {
	all := accuracy(t, Default(), readLabelled(t, "testdata/blind.jsonl"))
	if pct(all.cat, all.n) < 86 || pct(all.code, all.n) < 85 || pct(all.level, all.n) < 88 {
		t.Errorf("below the floor: category %.1f%% (≥ 86), code %.1f%% (≥ 85), level %.1f%% (≥ 88)",
			pct(all.cat, all.n), pct(all.code, all.n), pct(all.level, all.n))
	}
}
