package compensation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// The YAML form of a rule set, read node by node so that every value keeps
// its position for error messages.

type sourceSet struct {
	id, description, currency, mode, rounding, cap, shipWithin scalar
	rules                                                      []sourceRule
	node                                                       *yaml.Node
	rulesNode                                                  *yaml.Node // the list of rules
}

type sourceRule struct {
	id, description, when, amount, cite, cap scalar
	node                                     *yaml.Node
}

// scalar is a YAML scalar and the node it came from (nil if absent).
type scalar struct {
	value string
	node  *yaml.Node
}

func (s scalar) set() bool { return s.node != nil }

var (
	setFields  = []string{"id", "description", "currency", "mode", "rounding", "cap", "ship_within", "rules"}
	ruleFields = []string{"id", "description", "when", "amount", "cite", "cap"}
)

// reader walks one source and collects every problem rather than the first.
type reader struct {
	file  string
	lines []string
	end   yamlsrc.End // where the source ends (set by document; no error before it has a position)
	errs  RuleErrors
}

// add records a problem, at a position inside the source (see yamlsrc.End).
func (r *reader) add(e *RuleError) {
	e.Line, e.Column = r.end.Clamp(e.Line, e.Column)
	r.errs = append(r.errs, e)
}

func (r *reader) errorf(n *yaml.Node, rule, field, format string, args ...any) {
	e := &RuleError{File: r.file, Rule: rule, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	r.add(e)
}

// document decodes src, which must hold exactly one YAML document.
func (r *reader) document(src []byte) *yaml.Node {
	if !utf8.Valid(src) {
		r.errorf(nil, "", "", "source is not valid UTF-8")
		return nil
	}
	r.lines = yamlsrc.Lines(src)
	r.end = yamlsrc.EndOf(src)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col, msg := yamlsrc.SyntaxError(err)
			r.add(&RuleError{File: r.file, Line: line, Column: col, Msg: msg})
			return nil
		}
		for _, p := range yamlsrc.Strict(&n) {
			r.add(&RuleError{File: r.file, Line: p.Line, Column: p.Column, Msg: p.Msg})
		}
		if len(n.Content) > 0 {
			docs = append(docs, n.Content[0])
		}
	}
	switch {
	case len(docs) == 0:
		r.errorf(nil, "", "", "empty source: want a rule set")
		return nil
	case len(docs) > 1:
		r.errorf(docs[1], "", "", "a source holds one rule set, found %d documents", len(docs))
		return nil
	}
	return docs[0]
}

// mapping calls fn for each key of a mapping node, reporting unknown keys.
// A repeated key and a merge key are skipped (yamlsrc.Strict reports them
// once for the whole document).
func (r *reader) mapping(n *yaml.Node, rule, what string, known []string, fn func(key string, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		r.errorf(n, rule, what, "want a mapping, got %s", yamlsrc.KindName(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case seen[k.Value] || k.Tag == "!!merge":
			// reported by yamlsrc.Strict
		case !slices.Contains(known, k.Value):
			r.errorf(k, rule, what, "unknown field %q (want one of %s)", k.Value, strings.Join(known, ", "))
		default:
			seen[k.Value] = true
			fn(k.Value, v)
		}
	}
	return true
}

func (r *reader) scalar(n *yaml.Node, rule, field string) scalar {
	if n.Kind != yaml.ScalarNode {
		r.errorf(n, rule, field, "want a single value, got %s", yamlsrc.KindName(n))
		return scalar{}
	}
	return scalar{value: n.Value, node: n}
}

func (r *reader) set(n *yaml.Node) sourceSet {
	s := sourceSet{node: n}
	r.mapping(n, "", "", setFields, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			s.id = r.scalar(v, "", key)
		case "description":
			s.description = r.scalar(v, "", key)
		case "currency":
			s.currency = r.scalar(v, "", key)
		case "mode":
			s.mode = r.scalar(v, "", key)
		case "rounding":
			s.rounding = r.scalar(v, "", key)
		case "cap":
			s.cap = r.scalar(v, "", key)
		case "ship_within":
			s.shipWithin = r.scalar(v, "", key)
		case "rules":
			s.rulesNode = v
			if v.Kind != yaml.SequenceNode {
				r.errorf(v, "", key, "want a list of rules, got %s", yamlsrc.KindName(v))
				return
			}
			for _, rn := range v.Content {
				s.rules = append(s.rules, r.rule(rn))
			}
		}
	})
	return s
}

func (r *reader) rule(n *yaml.Node) sourceRule {
	sr := sourceRule{node: n}
	// The id names the rule in every other error, so find it first.
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
				sr.id = scalar{value: n.Content[i+1].Value, node: n.Content[i+1]}
			}
		}
	}
	r.mapping(n, sr.id.value, "", ruleFields, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			sr.id = r.scalar(v, sr.id.value, key)
		case "description":
			sr.description = r.scalar(v, sr.id.value, key)
		case "when":
			sr.when = r.scalar(v, sr.id.value, key)
		case "amount":
			sr.amount = r.scalar(v, sr.id.value, key)
		case "cite":
			sr.cite = r.scalar(v, sr.id.value, key)
		case "cap":
			sr.cap = r.scalar(v, sr.id.value, key)
		}
	})
	return sr
}

// position maps a line and column inside a scalar's text (1-based, as
// celext reports them) to the source.
func (r *reader) position(s scalar, line, col int) (int, int) {
	return yamlsrc.Position(s.node, r.lines, line, col)
}
