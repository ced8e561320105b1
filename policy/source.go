package policy

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

// The YAML form of a policy, read node by node so every value keeps its
// position for error messages.

type sourceDoc struct {
	id          scalar
	description scalar
	timezone    scalar
	floor       scalar
	from, until scalar
	variables   []namedExpr
	rules       []sourceRule
	def         *sourceRule
	// the nodes of the variables and rules, for errors about them as a whole
	variablesNode, rulesNode *yaml.Node
}

type sourceRule struct {
	id      scalar
	when    scalar
	effect  scalar
	remedy  scalar
	message scalar
	cite    scalar
	outputs []namedExpr
	node    *yaml.Node
}

type namedExpr struct {
	name scalar
	expr scalar
}

// scalar is a YAML scalar with where its text starts in the file.
type scalar struct {
	value string
	node  *yaml.Node
}

func (s scalar) set() bool { return s.node != nil }

// reader walks the nodes of one file and collects every problem.
type reader struct {
	file  string
	src   []byte
	lines []string
	errs  ErrorList
}

func (r *reader) errorf(n *yaml.Node, field string, format string, args ...any) {
	e := &Error{File: r.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	r.errs = append(r.errs, e)
}

// documents splits a file into its YAML documents.
func (r *reader) documents() []*yaml.Node {
	if !utf8.Valid(r.src) {
		r.errorf(nil, "", "file is not valid UTF-8")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(r.src))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			line, col, msg := yamlsrc.SyntaxError(err)
			r.errs = append(r.errs, &Error{File: r.file, Line: line, Column: col, Msg: msg})
			return docs
		}
		for _, p := range yamlsrc.Strict(&n) {
			r.errs = append(r.errs, &Error{File: r.file, Line: p.Line, Column: p.Column, Msg: p.Msg})
		}
		if len(n.Content) > 0 {
			docs = append(docs, n.Content[0])
		}
	}
}

// mapping calls fn for each key of a mapping node, reporting keys not in
// known. A repeated key and a merge key are skipped (yamlsrc.Strict reports
// them once for the whole document).
func (r *reader) mapping(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		r.errorf(n, what, "want a mapping, got %s", yamlsrc.KindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] || k.Tag == "!!merge" {
			continue // reported by yamlsrc.Strict
		}
		seen[k.Value] = true
		if known != nil && !slices.Contains(known, k.Value) {
			r.errorf(k, what, "unknown field %q (want one of %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		fn(k.Value, k, v)
	}
}

func (r *reader) scalar(n *yaml.Node, field string) scalar {
	if n.Kind != yaml.ScalarNode {
		r.errorf(n, field, "want a single value, got %s", yamlsrc.KindName(n))
		return scalar{}
	}
	return scalar{value: n.Value, node: n}
}

// namedExprs reads an ordered mapping of name: expression.
func (r *reader) namedExprs(n *yaml.Node, field string) []namedExpr {
	var out []namedExpr
	r.mapping(n, field, nil, func(key string, k, v *yaml.Node) {
		if e := r.scalar(v, field+"."+key); e.set() {
			out = append(out, namedExpr{name: scalar{value: key, node: k}, expr: e})
		}
	})
	return out
}

var docFields = []string{"policy", "description", "timezone", "floor", "effective", "variables", "rules", "default"}
var ruleFields = []string{"id", "when", "effect", "remedy", "message", "cite", "outputs"}
var defaultFields = []string{"effect", "remedy", "message", "cite", "outputs"}

func (r *reader) doc(n *yaml.Node) sourceDoc {
	var d sourceDoc
	r.mapping(n, "", docFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "policy":
			d.id = r.scalar(v, key)
		case "description":
			d.description = r.scalar(v, key)
		case "timezone":
			d.timezone = r.scalar(v, key)
		case "floor":
			d.floor = r.scalar(v, key)
		case "effective":
			r.mapping(v, key, []string{"from", "until"}, func(key string, _, v *yaml.Node) {
				if key == "from" {
					d.from = r.scalar(v, "effective.from")
				} else {
					d.until = r.scalar(v, "effective.until")
				}
			})
		case "variables":
			d.variablesNode = k
			d.variables = r.namedExprs(v, key)
		case "rules":
			d.rulesNode = k
			if v.Kind != yaml.SequenceNode {
				r.errorf(v, key, "want a list of rules, got %s", yamlsrc.KindName(v))
				return
			}
			for _, rn := range v.Content {
				d.rules = append(d.rules, r.sourceRule(rn, ruleFields))
			}
		case "default":
			def := r.sourceRule(v, defaultFields)
			d.def = &def
		}
	})
	if !d.id.set() {
		r.errorf(n, "policy", "missing policy id")
	}
	return d
}

func (r *reader) sourceRule(n *yaml.Node, known []string) sourceRule {
	sr := sourceRule{node: n}
	r.mapping(n, "rules", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			sr.id = r.scalar(v, key)
		case "when":
			sr.when = r.scalar(v, key)
		case "effect":
			sr.effect = r.scalar(v, key)
		case "remedy":
			sr.remedy = r.scalar(v, key)
		case "message":
			sr.message = r.scalar(v, key)
		case "cite":
			sr.cite = r.scalar(v, key)
		case "outputs":
			sr.outputs = r.namedExprs(v, key)
		}
	})
	return sr
}

// position maps a line and column inside a scalar's text (1-based, as
// celext reports them) to the file.
func (r *reader) position(s scalar, line, col int) (int, int) {
	return yamlsrc.Position(s.node, r.lines, line, col)
}
