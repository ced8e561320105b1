// Package yamlsrc holds what the YAML readers of policy, compensation,
// classify and policytest share: describing a node in an error, and mapping
// a position inside an embedded expression back to the file.
package yamlsrc

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// KindName describes what a node is, for messages such as
// "want a list of rules, got a mapping".
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// Position maps line and col inside the text of scalar n (1-based, as CEL
// reports them) to a line and column of the file whose lines are given.
func Position(n *yaml.Node, lines []string, line, col int) (int, int) {
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The text starts on the line after the indicator, at the
		// indentation of the block's first line.
		fileLine := n.Line + line
		if n.Line < len(lines) {
			first := lines[n.Line]
			indent := len(first) - len(strings.TrimLeft(first, " "))
			return fileLine, indent + col
		}
		return fileLine, col
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if line == 1 {
			return n.Line, n.Column + col // past the opening quote
		}
	default:
		if line == 1 {
			return n.Line, n.Column + col - 1
		}
	}
	// A flow scalar folded over lines: the line is right, the column a guess.
	return n.Line + line - 1, col
}

// Describe formats a problem found at a position of a source file, the one
// shape every loader's errors take: "file:line:col: rule id: field: message",
// leaving out what is unknown.
func Describe(file string, line, col int, rule, field, msg string) string {
	var b strings.Builder
	if file != "" {
		b.WriteString(file)
		b.WriteByte(':')
	}
	if line > 0 {
		fmt.Fprintf(&b, "%d:%d:", line, col)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if rule != "" {
		fmt.Fprintf(&b, "rule %s: ", rule)
	}
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Join lists errors one per line, for the error lists loaders return.
func Join[E error](list []E) string {
	msgs := make([]string, len(list))
	for i, e := range list {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns a list's errors as []error, so errors.Is and errors.As
// look at each.
func Unwrap[E error](list []E) []error {
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
}
