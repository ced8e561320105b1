package classify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

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
	end    yamlsrc.End // where the source ends: positions past it are moved to it
	errs   []error
}

func (p *nodeParser) errorf(n *yaml.Node, format string, args ...any) {
	p.add(n.Line, n.Column, fmt.Sprintf(format, args...))
}

func (p *nodeParser) add(line, col int, msg string) {
	line, col = p.end.Clamp(line, col)
	p.errs = append(p.errs, &ParseError{Source: p.source, Line: line, Column: col, Msg: msg})
}

func (p *nodeParser) err() error {
	if len(p.errs) == 1 {
		return p.errs[0]
	}
	return errors.Join(p.errs...)
}

// parseDocument starts reading src, the YAML of source ("taxonomy" or "watch
// rules"), which holds at most one document: yaml.Unmarshal would silently
// drop a second. root is nil when src holds no document; err is a syntax
// error or a second document. What yamlsrc.Strict refuses is recorded in p.
func parseDocument(source string, src []byte) (p nodeParser, root *yaml.Node, err error) {
	p = nodeParser{source: source}
	if !utf8.Valid(src) {
		return p, nil, &ParseError{Source: source, Msg: "source is not valid UTF-8"}
	}
	p.end = yamlsrc.EndOf(src)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p, nil, nil
		}
		return p, nil, p.yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return p, nil, p.yamlError(err)
		}
		p.errorf(&extra, "a %s source holds one YAML document; found another", source)
		return p, nil, p.err()
	}
	p.strict(&doc) // repeated keys, merge keys and tags, as every YAML reader
	if len(doc.Content) == 0 {
		return p, nil, nil
	}
	return p, doc.Content[0], nil
}

// yamlError turns a yaml syntax error ("yaml: line 3: …") into a
// *ParseError at that line.
func (p *nodeParser) yamlError(err error) error {
	line, col, msg := yamlsrc.SyntaxError(err)
	line, col = p.end.Clamp(line, col)
	return &ParseError{Source: p.source, Line: line, Column: col, Msg: msg}
}

// strict reports what yamlsrc.Strict refuses: repeated keys, merge keys
// and explicit tags, the same in every YAML reader of the module.
func (p *nodeParser) strict(doc *yaml.Node) {
	for _, pr := range yamlsrc.Strict(doc) {
		p.add(pr.Line, pr.Column, pr.Msg)
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
