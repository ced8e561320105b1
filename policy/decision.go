package policy

import (
	"fmt"
)

// Effect is what a decision does with the request.
type Effect string

// The effects a rule may have.
const (
	Allow  Effect = "allow"
	Deny   Effect = "deny"
	Review Effect = "review" // a person must look at it
)

// Remedy is what is asked for or granted.
type Remedy string

// The remedies. A Decision's Remedy may differ from the Request's Kind: a
// return asked for on day 10 of a quality defect is granted as an exchange.
const (
	Return     Remedy = "return"
	Exchange   Remedy = "exchange"
	Repair     Remedy = "repair"
	RefundOnly Remedy = "refund_only"
)

func (e Effect) valid() bool { return e == Allow || e == Deny || e == Review }

func (r Remedy) valid() bool {
	return r == "" || r == Return || r == Exchange || r == Repair || r == RefundOnly
}

// Decision is the answer to a request, with what produced it.
type Decision struct {
	Effect  Effect         `json:"effect"`
	Remedy  Remedy         `json:"remedy,omitempty"`
	Policy  string         `json:"policy"` // id of the deciding policy
	Rule    string         `json:"rule"`   // id of the deciding rule; "default" when no rule matched
	Message string         `json:"message,omitempty"`
	Cite    string         `json:"cite,omitempty"`    // the law or platform rule behind the decision
	Outputs map[string]any `json:"outputs,omitempty"` // typed values: decimal.Decimal, string, int64, bool, time.Time, …
	Trace   []Step         `json:"trace,omitempty"`   // with WithTrace: every rule tried
	// Errors lists the policies of a Set that failed at decision time and
	// were left out of the combination (see Set). Policy.Decide returns its
	// error instead.
	Errors []*EvalError `json:"errors,omitempty"`
}

// DefaultRule is the Rule of a decision made by a policy's default.
const DefaultRule = "default"

// Step is one rule tried during a traced decision.
type Step struct {
	Policy  string `json:"policy"`
	Rule    string `json:"rule,omitempty"`
	Matched bool   `json:"matched"`
	// Reason says why a rule did not match: the first conjunct of its
	// `when` that was false, or the error that stopped it. For a policy that
	// was skipped it says why (not in effect).
	Reason string `json:"reason,omitempty"`
}

func (s Step) String() string {
	if s.Rule == "" { // a policy skipped as a whole
		return fmt.Sprintf("%s: %s", s.Policy, s.Reason)
	}
	if s.Matched {
		return fmt.Sprintf("%s/%s: matched", s.Policy, s.Rule)
	}
	return fmt.Sprintf("%s/%s: %s", s.Policy, s.Rule, s.Reason)
}
