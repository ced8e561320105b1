package classify

// MaxTextBytes bounds the text Classify reads: longer texts are classified
// on their first MaxTextBytes bytes (cut on a rune boundary). It keeps byte
// offsets in 32 bits and memory bounded; a complaint is never this long.
const MaxTextBytes = 16 << 20

// Tuning constants. They are deliberately few and coarse: the lexicon
// weights carry most of the meaning.
const (
	negateWindow      = 2    // runes between a negator and the keyword it negates (CJK)
	negateWindowASCII = 8    // the same for English negators ("not really working")
	fineWindow        = 4    // runes between a keyword and a "fine" cue after it (质量还可以)
	clauseNegateASCII = 24   // runes an English clause negation reaches ("not the …")
	injuryBonus       = 1.0  // an injury is weak evidence of a safety hazard (1005)
	contrastDiscount  = 0.5  // per contrast cue after a keyword (…，但是…)
	concedeDiscount   = 0.25 // for keywords a concession tolerates (…就算了)
	nearMissDiscount  = 0.3  // for keywords after 差点/幸好 in the clause
	focusBoost        = 1.6  // for keywords after 主要是/关键是
	reasonWeight      = 3.0  // for Complaint.Reason, in the lexicon
	reasonLogit       = 6.0  // for Complaint.Reason, in the model
	minScore          = 0.8  // below this, nothing matched (5999)
	minCandidate      = 0.02 // a candidate under a model has a probability above this
	maxGramEvidence   = 3    // n-grams listed as evidence
	maxEvidence       = 32
	maxCandidates     = 5
)

// scratch is the per-call working memory, pooled by the classifier.
type scratch struct {
	pos     []position
	hits    []hit
	uses    []uint8 // per entry: how often it already counted
	touched []int32 // entries with uses > 0
	firsts  []firstPart
	gen     uint32    // call counter: firsts from earlier calls are stale
	scores  []float64 // per code index: the lexicon's scores
	probs   []float64 // per code index: the model's probabilities
	reason  int32     // code index of Complaint.Reason, or -1
	// disowned: an injury cue the other cues ruled out (figurative, a near
	// miss, negated, someone else's), set by tally.
	disowned bool

	// The model stage's working memory.
	lex       []float64   // lexicon score per model class
	x         []float32   // dense features
	logits    []float64   // per model class
	acc       *[256]int64 // per model class (a class is a byte): n-gram weights in units (16 M positions × 3 n-grams × 128 passes 2^31)
	grams     []gramHit   // the n-grams of the text the model knows
	gramEv    []gramEvidence
	gramScale float64 // what each n-gram's weight was multiplied by
}

// firstPart is where the first part of a proximity keyword was last seen.
type firstPart struct {
	gen                uint32
	start, end, clause int32
	ascii              bool
}

// position is one normalised rune.
type position struct {
	off    int32 // byte offset of the original rune
	clause int32
	r      rune // normalised rune
	sep    bool // a separator (or the start of text) precedes it
}

// hit is one occurrence of one entry, in normalised positions [start, end).
type hit struct {
	start, end int32
	ent        int32
	dropped    bool
	factor     float32
}

// Classify classifies one complaint. It never fails and never panics: an
// empty or unreadable text is 5999 (其他) at level 4 with zero confidence,
// unless the other fields raise it.
func (c *Classifier) Classify(in Complaint) Result {
	text := validUTF8Prefix(in.Text, MaxTextBytes)
	s := c.scratch.Get().(*scratch)
	defer c.putScratch(s)

	c.scan(s, text) // normalise and match
	c.resolve(s)
	c.weigh(s)
	injury, threat := c.tally(s, in)
	c.predict(s, injury >= 0, threat >= 0)
	return c.decide(s, text, in, injury, threat)
}

func (c *Classifier) putScratch(s *scratch) {
	// Do not keep the memory of a huge text alive.
	if cap(s.pos) > 1<<16 {
		s.pos = nil
	}
	if cap(s.hits) > 1<<12 {
		s.hits = nil
	}

	c.scratch.Put(s)
}
