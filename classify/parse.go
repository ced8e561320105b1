package classify

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// ParseError is one problem in a YAML source of this package — a taxonomy
// or a set of watch rules — with its position. Parsers report every problem,
// joined with errors.Join; errors.As finds each.
type ParseError struct {
	Source       string // "taxonomy" or "watch rules"
	Line, Column int    // 1-based; 0 when unknown
	Msg          string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.Source + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Source, e.Line, e.Column, e.Msg)
}

// nodeParser collects the problems of one source as its nodes are read.
type nodeParser struct {
	source string
	errs   []error
}

func (p *nodeParser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &ParseError{Source: p.source, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)})
}

func (p *nodeParser) err() error {
	if len(p.errs) == 1 {
		return p.errs[0]
	}
	return errors.Join(p.errs...)
}

// strict reports what yamlsrc.Strict refuses: repeated keys, merge keys
// and explicit tags, the same in every YAML reader of the module.
func (p *nodeParser) strict(doc *yaml.Node) {
	for _, pr := range yamlsrc.Strict(doc) {
		p.errs = append(p.errs, &ParseError{Source: p.source, Line: pr.Line, Column: pr.Column, Msg: pr.Msg})
	}
}

// scalar returns a single value, trimmed.
func (p *nodeParser) scalar(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: want a value, got %s", field, yamlsrc.KindName(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// values returns the values of a list; with single, a lone value counts as
// a list of one.
func (p *nodeParser) values(n *yaml.Node, field string, single bool) []*yaml.Node {
	if single && n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list, got %s", field, yamlsrc.KindName(n))
		return nil
	}
	var out []*yaml.Node
	for _, s := range n.Content {
		if s.Kind != yaml.ScalarNode {
			p.errorf(s, "%s: want a value, got %s", field, yamlsrc.KindName(s))
			continue
		}
		out = append(out, s)
	}
	return out
}
