package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
)

// Issue 17, item 6: a CEL error inside a message has one position, the
// file:line:col of the problem in the expression, and an unclosed ${ is an
// error.
func TestMessageTemplateErrors(t *testing.T) {
	for _, c := range []struct {
		name, message string
		want          []string // Error strings, in order
	}{
		{"plain", `message: "paid ${item.prise} yuan"`, []string{
			"m.yaml:6:26: rule r: message: undefined field 'prise'"}},
		{"second expression", `message: "${item.paid} and ${nope}"`, []string{
			"m.yaml:6:34: rule r: message: undeclared reference to 'nope'"}},
		{"unquoted", `message: days ${item.prise}`, []string{
			"m.yaml:6:25: rule r: message: undefined field 'prise'"}},
		{"unclosed", `message: "paid ${item.paid yuan"`, []string{
			"m.yaml:6:20: rule r: message: unclosed ${"}},
		{"unclosed after a good one", `message: "${item.paid} then ${oops"`, []string{
			"m.yaml:6:33: rule r: message: unclosed ${"}},
	} {
		src := "policy: p\nrules:\n  - id: r\n    when: true\n    effect: allow\n    " + c.message + "\n"
		_, err := policy.Compile([]byte(src), policy.WithFilename("m.yaml"))
		var list policy.ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%s: want an ErrorList, got %v", c.name, err)
			continue
		}
		if len(list) != len(c.want) {
			t.Errorf("%s: %d errors, want %d: %v", c.name, len(list), len(c.want), err)
			continue
		}
		for i, e := range list {
			if got := e.Error(); !strings.HasPrefix(got, c.want[i]) {
				t.Errorf("%s: error %q, want it to start %q", c.name, got, c.want[i])
			}
			if strings.Contains(e.Msg, "1:") {
				t.Errorf("%s: a second position in the message: %q", c.name, e.Msg)
			}
		}
	}
	// A closed template and a lone $ are fine.
	src := "policy: p\nrules:\n  - id: r\n    when: true\n    effect: allow\n    message: \"costs $5, paid ${item.paid}\"\n"
	if _, err := policy.Compile([]byte(src)); err != nil {
		t.Errorf("good message: %v", err)
	}
}
