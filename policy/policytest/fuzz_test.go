package policytest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/policy"
)

// FuzzLoad feeds arbitrary bytes to the suite loader as a suite file. It
// must never panic, and it holds the loader to its contract: problems come
// as a policy.ErrorList of positioned errors in the suite file, and what
// loads runs deterministically, one result per case.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*_test.yaml")
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, name := range append(files, bad...) {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("policy: merchant.yaml\ninput: &a {order: {attrs: {x: [*a]}}}\ncases: []"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := policyFS(string(src))
		suites, err := Load(fsys, "p/*_test.yaml")
		if err != nil {
			checkLoadError(t, src, err)
			if len(suites) != 0 {
				t.Errorf("the only suite file failed, yet %d suites loaded", len(suites))
			}
			return
		}
		if len(suites) != 1 || suites[0].File != "p/suite_test.yaml" {
			t.Fatalf("loaded %d suites (%v), want p/suite_test.yaml", len(suites), suites)
		}
		s := suites[0]
		lines := sourceLines(src)
		r1, r2 := s.Run(context.Background()), s.Run(context.Background())
		if len(r1) != len(s.Cases) || len(r2) != len(s.Cases) {
			t.Fatalf("%d cases gave %d and %d results", len(s.Cases), len(r1), len(r2))
		}
		for i := range r1 {
			a, b := r1[i], r2[i]
			if a.Passed != b.Passed || a.Diff != b.Diff || a.String() != b.String() {
				t.Errorf("case %d decided differently twice:\n%s\n%s", i, a, b)
			}
			if a.Passed != (a.Diff == "") {
				t.Errorf("case %d: passed %v with diff %q", i, a.Passed, a.Diff)
			}
			if a.Line < 1 || a.Line > lines || a.File != s.File {
				t.Errorf("case %d at %s:%d, outside the %d-line suite", i, a.File, a.Line, lines)
			}
		}
	})
}

// checkLoadError: every problem is a *policy.Error in the suite file (the
// policy file of the fixture is valid), with a message and a position inside
// the file, except problems of the whole file and syntax errors that the
// YAML library reports without a line.
func checkLoadError(t *testing.T, src []byte, err error) {
	t.Helper()
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %q is not a non-empty policy.ErrorList", err, err)
		return
	}
	lines := sourceLines(src)
	for _, e := range list {
		if e.Msg == "" {
			t.Errorf("error without a message: %+v", e)
		}
		if e.File != "p/suite_test.yaml" {
			t.Errorf("error %q in file %q, want p/suite_test.yaml", e.Msg, e.File)
			continue
		}
		if e.Line == 0 && e.Column == 0 && (wholeFileProblem[e.Msg] || e.Msg == yamlSyntaxError(src)) {
			continue
		}
		if e.Line < 1 || e.Line > lines || e.Column < 1 {
			t.Errorf("error %q at %d:%d, outside the %d-line suite", e.Msg, e.Line, e.Column, lines)
		}
	}
}

// Every error points into the suite file, even where yaml.v3 puts a node
// past its end (regression: the empty document of "---" was at 2:1 in a
// one-line file), and a file that is not UTF-8 (yaml.v3 would read UTF-16
// with a byte-order mark, whose positions count other characters) is refused.
func TestLoadErrorsInsideFile(t *testing.T) {
	for _, src := range []string{"---", "\xff\xfec\x00a\x00s\x00e\x00s\x00:\x00 \x00[\x00]\x00"} {
		_, err := Load(policyFS(src), "p/*_test.yaml")
		if err == nil {
			t.Fatalf("%q loaded", src)
		}
		checkLoadError(t, []byte(src), err)
	}
}

// A broken policy file's errors keep their positions in the policy file,
// for every suite that names it (regression: they were moved to the end of
// the suite, and the cached errors rewritten for the next suite).
func TestLoadPolicyErrorPositions(t *testing.T) {
	fsys := fstest.MapFS{
		"p/bad.yaml":    {Data: []byte(strings.Repeat("# comment\n", 20) + "policy: bad\nrules:\n- id: r\n  effect: allow\n  when: \"a ||\"\n")},
		"p/a_test.yaml": {Data: []byte("policy: bad.yaml\ncases: []")},
		"p/b_test.yaml": {Data: []byte("policy: bad.yaml")},
	}
	_, err := Load(fsys, "p/*_test.yaml")
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load = %v, want a policy.ErrorList", err)
	}
	n := 0
	for _, e := range list {
		if e.File == "p/bad.yaml" {
			n++
			if e.Line != 25 || e.Column != 14 {
				t.Errorf("%v: want p/bad.yaml:25:14", e)
			}
		}
	}
	if n == 0 {
		t.Errorf("no error in p/bad.yaml: %v", err)
	}
}

// wholeFileProblem lists the only errors without a position.
var wholeFileProblem = map[string]bool{
	"empty suite file": true, "no policy document": true, "file is not valid UTF-8": true,
}

// yamlSyntaxError returns the YAML library's own message for the first
// syntax error in src, without its "yaml: " prefix, or "".
func yamlSyntaxError(src []byte) string {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return strings.TrimPrefix(err.Error(), "yaml: ")
		}
	}
}

// sourceLines counts the lines of src as the YAML library does: CR LF, CR,
// LF, NEL, LS and PS all end a line.
func sourceLines(src []byte) int {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	n := 1
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}
