package yamlsrc

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestPosition(t *testing.T) {
	src := "plain: item.prise > 1\nquoted: \"item.prise > 1\"\nblock: |\n    a &&\n      item.prise\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(src, "\n")
	m := doc.Content[0]
	for i, want := range [][2]int{{1, 12}, {2, 14}, {5, 7}} {
		n := m.Content[2*i+1]
		line, col := 1, 5 // the '.' of item.prise in the first two
		if i == 2 {
			line, col = 2, 3 // "item" on the block's second line
		}
		if l, c := Position(n, lines, line, col); l != want[0] || c != want[1] {
			t.Errorf("%s: got %d:%d, want %d:%d", m.Content[2*i].Value, l, c, want[0], want[1])
		}
	}
	if got := KindName(m); got != "a mapping" {
		t.Errorf("KindName = %q", got)
	}
}

func TestDescribe(t *testing.T) {
	for _, tt := range []struct {
		file        string
		line, col   int
		rule, field string
		want        string
	}{
		{"p.yaml", 4, 15, "cheap", "when", "p.yaml:4:15: rule cheap: when: oops"},
		{"p.yaml", 0, 0, "", "", "p.yaml: oops"},
		{"", 3, 1, "", "effect", "3:1: effect: oops"},
		{"", 0, 0, "", "", "oops"},
	} {
		if got := Describe(tt.file, tt.line, tt.col, tt.rule, tt.field, "oops"); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestStrict(t *testing.T) {
	src := `a: 1
b: !!binary aGk=
a: 2
base: &b {x: 1}
c:
  <<: *b
  y: !custom 3
list: [1, {k: 1, k: 2}]
ok: *b
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range Strict(&doc) {
		got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, p.Msg))
	}
	want := []string{
		"2:4: explicit YAML tag !!binary is not supported",
		`3:1: duplicate key "a" (first on line 1)`,
		"6:3: merge keys (<<) are not supported",
		"7:6: explicit YAML tag !custom is not supported",
		`8:18: duplicate key "k" (first on line 8)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEndClamp(t *testing.T) {
	for _, tt := range []struct {
		src       string
		line, col int // a position to clamp
		want      [2]int
	}{
		// yaml.v3 puts the empty node of "---" on line 2 of a 1-line file
		// (a fuzz finding, policy/testdata/fuzz/FuzzCompile/a9e88922f87ae8de).
		{"---", 2, 1, [2]int{1, 4}},
		{"---\n", 2, 1, [2]int{2, 1}},
		{"a: b\n---", 3, 1, [2]int{2, 4}},
		// CRLF is one break; CR, NEL, LS and PS are one each, as YAML counts.
		{"a\r\nb", 3, 1, [2]int{2, 2}},
		{"a\rb\u0085c\u2028d\u2029e", 9, 9, [2]int{5, 2}},
		// Columns count characters, not bytes.
		{"规则", 1, 9, [2]int{1, 3}},
		// A leading byte-order mark is no column, as yaml.v3 counts.
		{"\ufeff---", 2, 1, [2]int{1, 4}},
		// Inside the source: unchanged, but a column below 1 is raised to 1
		// (an expression error at the end of a line).
		{"a: b\nc: d\n", 2, 3, [2]int{2, 3}},
		{"a: b\nc: d\n", 2, 0, [2]int{2, 1}},
		// Unknown stays unknown.
		{"a: b", 0, 0, [2]int{0, 0}},
		{"a: b", 0, 5, [2]int{0, 0}},
	} {
		l, c := EndOf([]byte(tt.src)).Clamp(tt.line, tt.col)
		if [2]int{l, c} != tt.want {
			t.Errorf("%q: Clamp(%d, %d) = %d:%d, want %d:%d", tt.src, tt.line, tt.col, l, c, tt.want[0], tt.want[1])
		}
	}
}

func TestSyntaxError(t *testing.T) {
	var doc yaml.Node
	err := yaml.Unmarshal([]byte("a: b\nc: [\n"), &doc)
	if err == nil {
		t.Fatal("no syntax error")
	}
	if line, col, msg := SyntaxError(err); line != 2 || col != 1 || msg != "did not find expected node content" {
		t.Errorf("SyntaxError(%q) = %d:%d %q", err, line, col, msg)
	}
	if line, col, msg := SyntaxError(fmt.Errorf("yaml: unknown anchor 'y' referenced")); line != 0 || col != 0 || msg != "unknown anchor 'y' referenced" {
		t.Errorf("without a line: %d:%d %q", line, col, msg)
	}
}

// A line after the first of a flow scalar's text is not a line of the file
// (YAML folds breaks, and "\n" in double quotes is one): the position is the
// scalar's own, not a line further down that may be another rule's.
func TestPositionFolded(t *testing.T) {
	src := "a: \"x\\n\\n\\n ||\"\nb: \"true\"\nc: 'x\n\n\n  ||'\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	m := doc.Content[0]
	lines := strings.Split(src, "\n")
	for _, i := range []int{1, 5} {
		n := m.Content[i]
		if l, c := Position(n, lines, 4, 2); l != n.Line || c != n.Column {
			t.Errorf("%s: got %d:%d, want the scalar's %d:%d", m.Content[i-1].Value, l, c, n.Line, n.Column)
		}
	}
}

func TestLines(t *testing.T) {
	got := Lines([]byte("\ufeffa: |\r\n  x\ry\u0085z\u2028\u2029"))
	want := []string{"a: |", "  x", "y", "z", "", ""}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// EndOf keeps no lines: on a source of line breaks alone (the worst case
// for a slice of lines, a 16-byte header per byte) it allocates about the
// source once, for classify's parsers, which have no size bound.
func TestEndOfMemory(t *testing.T) {
	src := []byte(strings.Repeat("\n", 4<<20))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	end := EndOf(src)
	runtime.ReadMemStats(&after)
	if end != (End{Line: 4<<20 + 1, Column: 1}) {
		t.Errorf("EndOf = %+v", end)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 2*uint64(len(src)) {
		t.Errorf("EndOf allocated %d bytes for a %d-byte source", n, len(src))
	}
}
