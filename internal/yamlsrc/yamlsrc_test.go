package yamlsrc

import (
	"fmt"
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
