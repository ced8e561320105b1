package classify

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

// A Complaint is what a customer filed.
type Complaint struct {
	// Text is the complaint as written: simplified or traditional Chinese,
	// English, or a mix. Any string is accepted, invalid UTF-8 included.
	Text string
	// Reason is an optional structured reason chosen in a form, such as
	// "quality" or "not_received" (see the reasons of each code in
	// taxonomy.yaml), or a code such as "2001". It is strong evidence.
	Reason string
	// OrderAmount is the order's amount in CNY; zero when unknown.
	OrderAmount decimal.Decimal
	// AffectedCustomers is how many customers the complaint speaks for;
	// zero or one for an individual complaint.
	AffectedCustomers int
}

// A Result is the classification of one complaint.
type Result struct {
	Code Code   `json:"code"` // the complaint code; CodeOther (5999) for anything else, and for text that is not a complaint
	Name string `json:"name"` // the code's Chinese name, e.g. "质量问题"
	// Level is the severity after escalation: 1 (most severe) … 4.
	Level sla.Level `json:"level"`
	// Confidence in Code, 0–1: the model's probability of Code; for a
	// classifier without a model, how clearly the keywords favour it over
	// the runner-up. ≤ 0.2 when nothing matched (no keyword, and next to
	// nothing the model knows), with a model or without.
	Confidence float64 `json:"confidence"`
	// Evidence lists the phrases that support Code (taxonomy keywords and
	// the model's n-grams that weighed most) and the phrases that raised the
	// level, in text order.
	Evidence []Match `json:"evidence"`
	// Candidates ranks the likeliest codes, best first (Code included), at
	// most five.
	Candidates []Candidate `json:"candidates"`
	// Escalations says why the level is above the code's base level, one
	// entry per rule that fired, in rule order.
	Escalations []string `json:"escalations"`
}

// MatchKind says what a matched phrase is evidence of.
type MatchKind uint8

const (
	// KindKeyword is a keyword of the code in Match.Code.
	KindKeyword MatchKind = iota
	// KindInjury is an injury or safety incident that happened (level 1).
	KindInjury
	// KindThreat is a threat to go to a regulator, the media, the police or
	// a court (one level up).
	KindThreat
	// KindModel is a character n-gram that weighed for Match.Code in the
	// learned model (Match.Weight says how much).
	KindModel
)

// String returns "keyword", "injury", "threat" or "model".
func (k MatchKind) String() string {
	switch k {
	case KindKeyword:
		return "keyword"
	case KindInjury:
		return "injury"
	case KindThreat:
		return "threat"
	case KindModel:
		return "model"
	}
	return "MatchKind(?)"
}

// MarshalText returns String, so that a Match reads "kind": "keyword" in
// JSON. An unknown kind is an error.
func (k MatchKind) MarshalText() ([]byte, error) {
	if k > KindModel {
		return nil, errors.New("classify: invalid MatchKind " + strconv.Itoa(int(k)))
	}
	return []byte(k.String()), nil
}

// UnmarshalText parses "keyword", "injury", "threat" or "model".
func (k *MatchKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "keyword":
		*k = KindKeyword
	case "injury":
		*k = KindInjury
	case "threat":
		*k = KindThreat
	case "model":
		*k = KindModel
	default:
		return fmt.Errorf("classify: invalid match kind %q (want keyword, injury, threat or model)", b)
	}
	return nil
}

// A Match is one phrase found in the complaint text.
type Match struct {
	// Phrase is the text as the customer wrote it: Text[Start:End].
	Phrase string `json:"phrase"`
	// Keyword is the taxonomy keyword it matched, as written in the
	// taxonomy; for a model n-gram (KindModel) it is the phrase itself.
	Keyword string `json:"keyword"`
	// Code is the code the phrase supports (KindKeyword); for injury and
	// threat matches it is the result's code.
	Code Code      `json:"code"`
	Kind MatchKind `json:"kind"`
	// Start and End are byte offsets into the original Complaint.Text, on
	// rune boundaries.
	Start int `json:"start"`
	End   int `json:"end"`
	// Weight is what a model n-gram (KindModel) added to the code's score
	// (its logit) in this text; zero for the other kinds.
	Weight float64 `json:"weight,omitempty"`
}

// A Candidate is a code with evidence, and how much.
type Candidate struct {
	Code Code   `json:"code"`
	Name string `json:"name"`
	// Score ranks the candidates: the model's probability of the code
	// (0–1), or, for a classifier without a model, the sum of the weights
	// of its surviving keywords.
	Score float64 `json:"score"`
}
