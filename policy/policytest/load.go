package policytest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/boundedread"
	"github.com/aftersales-go/aftersales/internal/yamlsrc"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// Statutory is the name a suite uses for the built-in PRC statutory set
// (package policy/cn) instead of a file.
const Statutory = "cn:statutory"

// Platform is the name a suite uses for the built-in platform practice
// policy (cn.Platform), e.g. policies: [cn:statutory, cn:platform].
const Platform = "cn:platform"

// Suite is one suite file: the policies under test, layered when there are
// several, and the cases to decide with them.
type Suite struct {
	File     string           // path of the suite file in the fs.FS
	Policies []string         // as written: paths relative to File, or Statutory
	Combine  policy.Combining // how Policies are layered when there are several
	Cases    []Case

	decider decider // the compiled policy or set, with tracing on
}

// decider is what *policy.Policy and *policy.Set have in common.
type decider interface {
	Decide(ctx context.Context, in policy.Input) (policy.Decision, error)
}

// Case is one request to decide and what the decision must be.
type Case struct {
	Name   string
	Line   int // line of the case in the suite file
	Input  policy.Input
	Expect Expect
}

// Expect is what a case's decision must be. A nil field, or an output not
// listed, is not compared: a case states only what it is about.
type Expect struct {
	Effect  *policy.Effect
	Remedy  *policy.Remedy // "" expects no remedy (usual for deny)
	Policy  *string        // id of the deciding policy
	Rule    *string        // id of the deciding rule, or "default"
	Message *string
	Cite    *string
	// Outputs maps an output name to its expected value as written; it is
	// compared by value with the actual output's type: "10" equals a decimal
	// 10.00, "true" a bool, "3" an int.
	Outputs map[string]string
	// Absent lists outputs written as `name: null`: they must not be set.
	Absent []string
	// Error, when set, expects Decide to fail with an error containing it.
	Error *string
}

// Load reads the suite files of fsys matching the patterns (path.Match
// syntax, e.g. "testdata/*.yaml") and compiles the policies they test, with
// tracing on. Policy files are compiled once however many suites use them.
//
// Every problem in every file is reported at once, as a policy.ErrorList of
// *policy.Error with file:line:col. The suites that did load are returned
// even then, so a runner can run what it can and report the rest.
func Load(fsys fs.FS, patterns ...string) ([]Suite, error) {
	l := newLoader(fsys)
	files, errs := l.files(patterns)
	var suites []Suite
	for _, name := range files {
		s, err := l.load(name)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		suites = append(suites, s)
	}
	if len(errs) > 0 {
		return suites, errs
	}
	return suites, nil
}

// loader holds what suite files share: the compiled policies, by path.
type loader struct {
	fsys     fs.FS
	policies map[string]compiled
}

type compiled struct {
	ps  []*policy.Policy
	err policy.ErrorList
}

func newLoader(fsys fs.FS) *loader {
	return &loader{fsys: fsys, policies: map[string]compiled{}}
}

// files expands the patterns, each file once, in order. A pattern that
// matches nothing is an error: a typo must not make a suite pass by not
// running.
func (l *loader) files(patterns []string) ([]string, policy.ErrorList) {
	var (
		out  []string
		errs policy.ErrorList
	)
	seen := map[string]bool{}
	if len(patterns) == 0 {
		errs = append(errs, &policy.Error{Msg: "policytest: no suite file patterns given"})
	}
	for _, pat := range patterns {
		names, err := fs.Glob(l.fsys, pat)
		if err != nil {
			errs = append(errs, &policy.Error{File: pat, Msg: err.Error()})
			continue
		}
		if len(names) == 0 {
			errs = append(errs, &policy.Error{File: pat, Msg: "no suite files match"})
		}
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out, errs
}

// MaxSuiteBytes bounds the size of one suite file; Load reads no more.
const MaxSuiteBytes = policy.DefaultMaxSourceBytes

// load reads and checks one suite file.
func (l *loader) load(name string) (Suite, policy.ErrorList) {
	fl := &fileLoader{loader: l, file: name}
	src, err := boundedread.File(l.fsys, name, MaxSuiteBytes)
	if err != nil {
		return Suite{}, policy.ErrorList{{File: name, Msg: err.Error()}}
	}
	s := fl.suite(src)
	if len(fl.errs) > 0 {
		return Suite{}, fl.errs
	}
	return s, nil
}

// fileLoader reads one suite file and collects every problem in it.
type fileLoader struct {
	*loader
	file   string
	end    yamlsrc.End // where the suite file ends (set by document)
	errs   policy.ErrorList
	values int // attrs values decoded so far (see maxValues)
}

func (l *fileLoader) errorf(n *yaml.Node, field, format string, args ...any) {
	e := &policy.Error{File: l.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	l.add(e)
}

// add records a problem of the suite file, at a position inside it (see
// yamlsrc.End). A policy file's errors are added as they are, not here.
func (l *fileLoader) add(e *policy.Error) {
	e.Line, e.Column = l.end.Clamp(e.Line, e.Column)
	l.errs = append(l.errs, e)
}

// mapping calls fn for each key of a mapping node in order, reporting keys
// not in known (when known is not nil) and duplicated keys.
func (l *fileLoader) mapping(n *yaml.Node, where string, known []string, fn func(key string, k, v *yaml.Node)) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		l.errorf(n, where, "want a mapping, got %s", yamlsrc.KindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.errorf(k, where, "want a name as key, got %s", yamlsrc.KindName(k))
			continue
		}
		if seen[k.Value] || k.Tag == "!!merge" {
			continue // reported by yamlsrc.Strict
		}
		seen[k.Value] = true
		if known != nil && !slices.Contains(known, k.Value) {
			l.errorf(k, where, "unknown field %q (want one of %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		fn(k.Value, k, v)
	}
}

var (
	suiteFields  = []string{"description", "policy", "policies", "combine", "now", "input", "cases"}
	caseFields   = []string{"name", "now", "input", "expect"}
	expectFields = []string{"effect", "remedy", "policy", "rule", "message", "cite", "outputs", "error"}
)

// suite decodes the whole file. Keys are gathered first and applied in a
// fixed order, so the suite's `input` and `now` are the base of every case
// wherever they appear in the file.
func (l *fileLoader) suite(src []byte) Suite {
	s := Suite{File: l.file, Combine: policy.AllowOverrides}
	root := l.document(src)
	if root == nil {
		return s
	}
	nodes := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	l.mapping(root, "", suiteFields, func(key string, k, v *yaml.Node) { nodes[key], keys[key] = v, k })
	if len(l.errs) > 0 && len(nodes) == 0 {
		return s
	}

	// The policies under test.
	var refs []*yaml.Node
	switch {
	case nodes["policy"] != nil && nodes["policies"] != nil:
		l.errorf(keys["policies"], "policies", "give either policy or policies, not both")
	case nodes["policy"] != nil:
		refs = []*yaml.Node{nodes["policy"]}
	case nodes["policies"] != nil:
		n := resolveAlias(nodes["policies"])
		if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
			l.errorf(n, "policies", "want a list of policy files, got %s", yamlsrc.KindName(n))
		} else {
			refs = n.Content
		}
	default:
		l.errorf(root, "policy", "missing policy: a policy file relative to the suite, or %q", Statutory)
	}
	if n := nodes["combine"]; n != nil {
		if text, ok := l.scalar(n, "combine"); ok {
			alg, err := policy.ParseCombining(text)
			if err != nil {
				l.errorf(n, "combine", "%s", strings.TrimPrefix(err.Error(), "policy: "))
			}
			s.Combine = alg
		}
	}
	var ps []*policy.Policy
	for i, n := range refs {
		ref, ok := l.scalar(n, fmt.Sprintf("policies[%d]", i))
		if !ok {
			continue
		}
		s.Policies = append(s.Policies, ref)
		ps = append(ps, l.policy(n, ref)...)
	}
	if len(ps) == 1 && nodes["combine"] == nil {
		// One policy decides alone, exactly as the application would call it.
		s.decider = ps[0]
	} else if len(ps) > 0 {
		s.decider = policy.NewSet(s.Combine, ps...)
	}

	// The base input of every case.
	var base policy.Input
	if n := nodes["input"]; n != nil {
		l.decodeInto(n, reflect.ValueOf(&base).Elem(), "input")
	}
	if n := nodes["now"]; n != nil {
		if t, ok := l.time(n, "now"); ok {
			base.Now = t
		} else {
			base.Now = time.Unix(0, 0) // reported; do not report each case again
		}
	}

	n := nodes["cases"]
	if n == nil {
		l.errorf(root, "cases", "missing cases")
		return s
	}
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(n, "cases", "want a list of cases, got %s", yamlsrc.KindName(n))
		return s
	}
	names := map[string]int{}
	for i, cn := range n.Content {
		c := l.testCase(resolveAlias(cn), fmt.Sprintf("cases[%d]", i), base)
		if c.Name != "" {
			if prev, dup := names[c.Name]; dup {
				l.errorf(cn, fmt.Sprintf("cases[%d].name", i), "duplicate case name %q (also on line %d)", c.Name, prev)
			}
			names[c.Name] = c.Line
		}
		s.Cases = append(s.Cases, c)
	}
	return s
}

// document parses the file, which must hold exactly one YAML document.
func (l *fileLoader) document(src []byte) *yaml.Node {
	if !utf8.Valid(src) {
		l.add(&policy.Error{File: l.file, Msg: "file is not valid UTF-8"})
		return nil
	}
	l.end = yamlsrc.EndOf(src)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.add(&policy.Error{File: l.file, Msg: "empty suite file"})
			return nil
		}
		l.yamlError(err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			l.yamlError(err)
		} else {
			l.errorf(&extra, "", "a suite file holds one YAML document; found another")
		}
		return nil
	}
	if len(doc.Content) == 0 {
		l.add(&policy.Error{File: l.file, Msg: "empty suite file"})
		return nil
	}
	for _, p := range yamlsrc.Strict(&doc) {
		l.add(&policy.Error{File: l.file, Line: p.Line, Column: p.Column, Msg: p.Msg})
	}
	return doc.Content[0]
}

// yamlError turns the parser's "yaml: line 3: …" into a positioned Error.
func (l *fileLoader) yamlError(err error) {
	line, col, msg := yamlsrc.SyntaxError(err)
	l.add(&policy.Error{File: l.file, Line: line, Column: col, Msg: msg})
}

// policy compiles (once per loader) the policies named by ref, written at n.
func (l *fileLoader) policy(n *yaml.Node, ref string) []*policy.Policy {
	if strings.HasPrefix(ref, "cn:") {
		var src []byte
		switch ref {
		case Statutory:
			src = cn.Source()
		case Platform:
			src = cn.PlatformSource()
		default:
			l.errorf(n, "policy", "unknown built-in policy %q (want %q or %q)", ref, Statutory, Platform)
			return nil
		}
		return l.compiled(ref, func() ([]*policy.Policy, error) {
			name := "policy/cn/" + strings.TrimPrefix(ref, "cn:") + ".yaml"
			p, err := policy.Compile(src, policy.WithTrace(), policy.WithFilename(name))
			return []*policy.Policy{p}, err
		})
	}
	if ref == "" || path.IsAbs(ref) {
		l.errorf(n, "policy", "want a policy file relative to the suite, got %q", ref)
		return nil
	}
	file := path.Join(path.Dir(l.file), ref)
	if !fs.ValidPath(file) {
		l.errorf(n, "policy", "policy file %q is outside the file system of the suite", ref)
		return nil
	}
	if st, err := fs.Stat(l.fsys, file); errors.Is(err, fs.ErrNotExist) {
		l.errorf(n, "policy", "policy file %s does not exist (looked for %s)", ref, file)
		return nil
	} else if err != nil {
		l.errorf(n, "policy", "policy file %s: %v", ref, boundedread.Unwrap(err))
		return nil
	} else if !st.Mode().IsRegular() {
		// A directory (policy: .) or a device: the suite's mistake, so
		// it is reported here rather than by the policy loader.
		l.errorf(n, "policy", "policy file %s is not a regular file (%s is %v)", ref, file, st.Mode().Type())
		return nil
	}
	return l.compiled(file, func() ([]*policy.Policy, error) {
		// LoadWith takes patterns; escape the name so it matches only itself.
		return policy.LoadWith(l.fsys, []policy.Option{policy.WithTrace()}, escapeMeta(file))
	})
}

// compiled returns the cached compilation of key, reporting its errors in
// every suite that uses it.
func (l *fileLoader) compiled(key string, compile func() ([]*policy.Policy, error)) []*policy.Policy {
	c, ok := l.policies[key]
	if !ok {
		ps, err := compile()
		var list policy.ErrorList
		switch {
		case errors.As(err, &list):
			c.err = list
		case err != nil:
			c.err = policy.ErrorList{{File: key, Msg: err.Error()}}
		default:
			c.ps = ps
		}
		l.policies[key] = c
	}
	l.errs = append(l.errs, c.err...)
	return c.ps
}

// testCase decodes one case over a copy of the suite's base input.
func (l *fileLoader) testCase(n *yaml.Node, where string, base policy.Input) Case {
	c := Case{Line: n.Line, Input: base}
	var nowNode, expectNode *yaml.Node
	l.mapping(n, where, caseFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "name":
			if s, ok := l.scalar(v, where+".name"); ok {
				c.Name = strings.TrimSpace(s)
			}
		case "input":
			l.decodeInto(v, reflect.ValueOf(&c.Input).Elem(), where+".input")
		case "now":
			nowNode = v
		case "expect":
			expectNode = v
		}
	})
	if n.Kind != yaml.MappingNode {
		return c
	}
	if c.Name == "" {
		l.errorf(n, where+".name", "missing case name")
	}
	if nowNode != nil {
		if t, ok := l.time(nowNode, where+".now"); ok {
			c.Input.Now = t
		}
	}
	if c.Input.Now.IsZero() && nowNode == nil {
		// Every statutory period counts to now; a forgotten now would make
		// each case decide at year 1 and pass or fail by accident.
		l.errorf(n, where+".now", "missing now (give it in the case or for the whole suite)")
	}
	if expectNode == nil {
		l.errorf(n, where+".expect", "missing expect")
	} else {
		c.Expect = l.expect(expectNode, where+".expect")
	}
	return c
}

func (l *fileLoader) expect(n *yaml.Node, where string) Expect {
	var e Expect
	text := func(v *yaml.Node, field string) *string {
		s, ok := l.scalar(v, where+"."+field)
		if !ok {
			return nil
		}
		return &s
	}
	l.mapping(n, where, expectFields, func(key string, _, v *yaml.Node) {
		switch key {
		case "effect":
			if s := text(v, key); s != nil {
				if !validEffect(*s) {
					l.errorf(v, where+".effect", "unknown effect %q (want allow, deny or review)", *s)
				}
				eff := policy.Effect(*s)
				e.Effect = &eff
			}
		case "remedy":
			if s := text(v, key); s != nil {
				if *s != "" && !validRemedy(*s) {
					l.errorf(v, where+".remedy", "unknown remedy %q (want return, exchange, repair, refund_only or \"\")", *s)
				}
				r := policy.Remedy(*s)
				e.Remedy = &r
			}
		case "policy":
			e.Policy = text(v, key)
		case "rule":
			e.Rule = text(v, key)
		case "message":
			e.Message = text(v, key)
		case "cite":
			e.Cite = text(v, key)
		case "error":
			e.Error = text(v, key)
		case "outputs":
			e.Outputs = map[string]string{}
			l.mapping(v, where+".outputs", nil, func(name string, _, ov *yaml.Node) {
				ov = resolveAlias(ov)
				if ov.Kind == yaml.ScalarNode && ov.Tag == "!!null" {
					e.Absent = append(e.Absent, name)
					return
				}
				if s, ok := l.scalar(ov, where+".outputs."+name); ok {
					e.Outputs[name] = s
				}
			})
		}
	})
	return e
}

// escapeMeta quotes the path.Match metacharacters of a file name.
func escapeMeta(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
