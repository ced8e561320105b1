package classify

import "testing"

// The stages of Classify200 on their own, so that a change to one of them
// can be measured without the noise of the others (on a shared machine the
// whole call varies by ±15 % between runs of the same binary).

// BenchmarkStageScan is the normalisation and automaton pass (scan, emit).
func BenchmarkStageScan(b *testing.B) {
	c := Default()
	s := c.scratch.Get().(*scratch)
	defer c.scratch.Put(s)
	for b.Loop() {
		c.scan(s, complaint200)
	}
}

// BenchmarkStageScore is the model's n-gram lookups and logits
// (model.score), after the lexicon's features.
func BenchmarkStageScore(b *testing.B) {
	c := Default()
	s, injury, threat := stages(c, complaint200, "")
	defer c.scratch.Put(s)
	c.denseInput(s, injury >= 0, threat >= 0)
	for b.Loop() {
		c.model.score(s, s.x, s.logits)
	}
}

// BenchmarkStageDecide builds the Result: the code, candidates, evidence
// (topGrams) and escalations.
func BenchmarkStageDecide(b *testing.B) {
	c := Default()
	s, injury, threat := stages(c, complaint200, "")
	defer c.scratch.Put(s)
	c.predict(s, injury >= 0, threat >= 0)
	in := Complaint{Text: complaint200}
	b.ReportAllocs()
	for b.Loop() {
		c.decide(s, complaint200, in, injury, threat)
	}
}
