package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"

	"github.com/aftersales-go/aftersales/compensation"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// statutoryName and platformName name the embedded statutory set and
// platform practice policy wherever a policy file is expected.
const (
	statutoryName = "cn:statutory"
	platformName  = "cn:platform"
)

func lint(c *cli, args []string) int {
	fs := c.flags("lint", "FILE…   (policies: top-level policy:; compensation rule sets: top-level id:)",
		"aftersales lint policies/*.yaml")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return c.usageError("lint", "no files given")
	}
	var problems []error
	unreadable := 0
	for _, name := range fs.Args() {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(c.stderr, "aftersales lint: %v\n", err)
			unreadable++
			continue
		}
		for _, e := range lintSource(name, src) {
			problems = append(problems, located(name, e))
		}
	}
	sortProblems(problems)
	for _, e := range problems {
		fmt.Fprintln(c.stdout, e)
	}
	if len(problems) > 0 {
		fmt.Fprintf(c.stderr, "%d problem(s)\n", len(problems))
	}
	switch {
	case unreadable > 0: // an input error: exit 2, whatever the other files held
		return 2
	case len(problems) > 0:
		return 1
	}
	return 0
}

// located gives a problem without a position the file it came from, so
// that every line of lint's output starts with a file name.
func located(file string, err error) error {
	var pe *policy.Error
	if errors.As(err, &pe) {
		if pe.File == "" {
			pe.File = file
		}
		return pe
	}
	return &policy.Error{File: file, Msg: err.Error()}
}

// sortProblems orders problems by file, line and column (a problem without
// a line first in its file), keeping the order of equal positions.
func sortProblems(list []error) {
	pos := func(e error) (string, int, int) {
		var pe *policy.Error
		if errors.As(e, &pe) {
			return pe.File, pe.Line, pe.Column
		}
		return "", 0, 0
	}
	slices.SortStableFunc(list, func(a, b error) int {
		fa, la, ca := pos(a)
		fb, lb, cb := pos(b)
		return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(la, lb), cmp.Compare(ca, cb))
	})
}

// compensationRules tells a compensation rule set (top-level `id:`) from a
// policy (top-level `policy:`).
var compensationRules = regexp.MustCompile(`(?m)^id:`)

// lintSource compiles one file as whatever it holds and returns its problems.
func lintSource(name string, src []byte) []error {
	if compensationRules.Match(src) && !bytes.Contains(src, []byte("\npolicy:")) && !bytes.HasPrefix(src, []byte("policy:")) {
		_, err := compensation.Compile(src, compensation.WithFilename(name))
		var list compensation.RuleErrors
		if errors.As(err, &list) {
			out := make([]error, len(list))
			for i, e := range list {
				// The same shape as policy errors: file:line:col: rule: field: message.
				out[i] = &policy.Error{File: e.File, Line: e.Line, Column: e.Column, Rule: e.Rule, Field: e.Field, Msg: e.Msg}
			}
			return out
		}
		if err != nil {
			return []error{err}
		}
		return nil
	}
	_, err := policy.CompileAll(src, policy.WithTrace(), policy.WithFilename(name))
	var list policy.ErrorList
	if errors.As(err, &list) {
		out := make([]error, len(list))
		for i, e := range list {
			out[i] = e
		}
		return out
	}
	if err != nil {
		return []error{err}
	}
	return nil
}

// loadPolicies reads policy files; "cn:statutory" and "cn:platform" name the embedded policies.
func loadPolicies(names []string, trace bool) ([]*policy.Policy, error) {
	var opts []policy.Option
	if trace {
		opts = append(opts, policy.WithTrace())
	}
	var out []*policy.Policy
	for _, name := range names {
		if name == statutoryName || name == platformName {
			src := cn.Source()
			if name == platformName {
				src = cn.PlatformSource()
			}
			p, err := policy.Compile(src, append(opts, policy.WithFilename(name))...)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ps, err := policy.CompileAll(src, append(opts, policy.WithFilename(name))...)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

func decide(c *cli, args []string) int {
	fs := c.flags("decide", "-policy FILE… -input FILE|-",
		`aftersales decide -policy cn:statutory -policy merchant.yaml -combine allow-overrides -input request.json`)
	var files stringList
	fs.Var(&files, "policy", "policy file (repeatable, layered in order: the general first, the merchant's last); "+statutoryName+" is the embedded statutory set (the default), "+platformName+" the platform practice")
	input := fs.String("input", "-", "the request as JSON (policy.Input), or - for standard input")
	combine := fs.String("combine", "allow-overrides", "how to combine several policies: allow-overrides, deny-overrides or first-applicable")
	trace := fs.Bool("trace", false, "include the rules tried and why each did not match")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if len(files) == 0 {
		files = stringList{statutoryName}
	}
	// One name per algorithm: the one Combining.String writes.
	alg, err := policy.ParseCombining(*combine)
	if err != nil || alg.String() != *combine {
		return c.usageError("decide", "-combine %q: want allow-overrides, deny-overrides or first-applicable", *combine)
	}
	ps, err := loadPolicies(files, *trace)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 2
	}
	var raw []byte
	if *input == "-" {
		raw, err = io.ReadAll(c.stdin)
	} else {
		raw, err = os.ReadFile(*input)
	}
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 2
	}
	var in policy.Input
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		fmt.Fprintf(c.stderr, "%s: invalid input: %v\n", *input, err)
		return 2
	}
	if in.Now.IsZero() {
		fmt.Fprintf(c.stderr, "%s: invalid input: \"now\" is required (RFC 3339)\n", *input)
		return 2
	}
	d, err := policy.NewSet(alg, ps...).Decide(context.Background(), in)
	if ie := (*policy.InputError)(nil); errors.As(err, &ie) {
		fmt.Fprintf(c.stderr, "%s: invalid input: %v\n", *input, err) // e.g. a misspelt request.kind
		return 2
	}
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	return c.json(d)
}

func (c *cli) json(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	return 0
}
