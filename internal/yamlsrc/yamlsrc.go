// Package yamlsrc holds what the YAML readers of policy, compensation,
// classify and policytest share: describing a node in an error, and mapping
// a position inside an embedded expression back to the file.
package yamlsrc

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// A line after the first of a flow scalar's text: YAML folds a line
	// break into a space, makes a blank line a break and "\n" in double
	// quotes a break too, so the text's lines are not the file's. Point at
	// the scalar rather than at a line that may be another rule's.
	return n.Line, n.Column
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

// Problem is a construct Strict refuses, at its position in the file.
type Problem struct {
	Line, Column int
	Msg          string
}

// maxStrictDepth bounds the recursion of Strict; yaml.v3 refuses deeper
// documents itself, so this is only a guard.
const maxStrictDepth = 10_000

// Strict reports what every YAML reader of this module refuses, the same way
// everywhere, in the order met:
//
//   - a key that appears twice in one mapping (YAML forbids it; yaml.v3
//     keeps both in a node tree, and a reader taking the first or the last
//     would silently drop the other);
//   - a merge key (<<), which would otherwise be read as a literal key or
//     silently merge values the reader does not see;
//   - an explicit tag (!!binary, !!float, !custom, …): the readers read
//     plain text and would ignore it.
//
// Aliases are left alone: readers that accept them resolve them, and
// yaml.v3 bounds their expansion.
func Strict(n *yaml.Node) []Problem {
	var out []Problem
	strict(n, 0, &out)
	return out
}

func strict(n *yaml.Node, depth int, out *[]Problem) {
	if n == nil || depth > maxStrictDepth {
		return
	}
	if n.Style&yaml.TaggedStyle != 0 && n.Kind != yaml.DocumentNode && n.Kind != yaml.AliasNode {
		*out = append(*out, Problem{n.Line, n.Column, fmt.Sprintf("explicit YAML tag %s is not supported", n.Tag)})
	}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			strict(c, depth+1, out)
		}
	case yaml.MappingNode:
		seen := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			switch {
			case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
				*out = append(*out, Problem{k.Line, k.Column, "merge keys (<<) are not supported"})
			case k.Kind == yaml.ScalarNode:
				if line, dup := seen[k.Value]; dup {
					*out = append(*out, Problem{k.Line, k.Column, fmt.Sprintf("duplicate key %q (first on line %d)", k.Value, line)})
				} else {
					seen[k.Value] = k.Line
				}
			}
			strict(k, depth+1, out)
			strict(n.Content[i+1], depth+1, out)
		}
	}
}

// SyntaxError splits the error of yaml.v3 for a source it cannot parse
// ("yaml: line 3: did not find expected key") into a position, the start of
// that line or 0:0 when the error names none, and the message without
// "yaml: " and the line.
func SyntaxError(err error) (line, col int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, text, ok := strings.Cut(rest, ": ")
		if n, convErr := strconv.Atoi(num); ok && convErr == nil && n > 0 {
			return n, 1, text
		}
	}
	return 0, 0, msg
}

// End is where a source ends: its number of lines, counted as YAML counts
// them (a line break is LF, CR, CRLF, NEL, LS or PS), and the column just
// past the last character of its last line.
//
// Positions can point past the end: yaml.v3 places the empty node of a
// document that ends without a line break ("---") on the line after it, and
// an error at the very end of an expression's text (a CEL "<EOF>") maps to
// the file by the expression's lines, which need not end where the file
// does. Clamp brings such a position back to the end of the source, so
// every error points into the file it names.
type End struct{ Line, Column int }

// EndOf returns where src, which is UTF-8, ends. (yaml.v3 also reads UTF-16
// with a byte-order mark; the readers of this module refuse what is not
// UTF-8 before they parse.)
//
// It keeps no line but the last: a source of line breaks alone would
// otherwise cost a string header per byte (see Lines).
func EndOf(src []byte) End {
	s := strings.TrimPrefix(string(src), "\ufeff")
	line := 1
	for {
		i, width := nextBreak(s)
		if i < 0 {
			return End{Line: line, Column: utf8.RuneCountInString(s) + 1}
		}
		line++
		s = s[i+width:]
	}
}

// Lines splits src into its lines as YAML counts them (see End), without
// their line breaks or a leading byte-order mark, which is no column.
// Position looks up a block scalar's indentation in them. Each line costs a
// string header (16 bytes), so callers bound src first.
func Lines(src []byte) []string {
	s := strings.TrimPrefix(string(src), "\ufeff")
	var lines []string
	for {
		i, width := nextBreak(s)
		if i < 0 {
			return append(lines, s)
		}
		lines = append(lines, s[:i])
		s = s[i+width:]
	}
}

// nextBreak returns the index and width in bytes of the first line break
// in s, or -1.
func nextBreak(s string) (i, width int) {
	for i, r := range s {
		switch r {
		case '\r':
			if strings.HasPrefix(s[i:], "\r\n") {
				return i, 2
			}
			return i, 1
		case '\n', '\u0085', '\u2028', '\u2029':
			return i, utf8.RuneLen(r)
		}
	}
	return -1, 0
}

// Clamp returns line and col, moved back to the end of the source when they
// lie past it, and col raised to 1 when below it. Line 0, a position that is
// unknown, stays 0:0.
func (e End) Clamp(line, col int) (int, int) {
	switch {
	case line < 1:
		return 0, 0
	case line > e.Line, line == e.Line && col > e.Column:
		return e.Line, e.Column
	}
	return line, max(col, 1)
}
