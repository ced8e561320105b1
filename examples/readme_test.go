// Package examples holds runnable programs; this test keeps README.md honest.
package examples

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aftersales-go/aftersales/policy"
)

// Every ```go block in README.md must appear, verbatim but for indentation,
// in a Go file of the module (an example program or an Example function).
// Those are built and tested by go test ./..., so the README's code compiles.
func TestReadmeSnippetsCompile(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	err = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "bench" {
			return filepath.SkipDir // a separate module
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "readme_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources = append(sources, normalize(string(b)))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go code blocks")
	}
	for _, b := range blocks {
		snippet := normalize(b[1])
		found := false
		for _, src := range sources {
			if strings.Contains(src, snippet) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README block not found in any Go file of the module:\n%s", b[1])
		}
	}
}

// The YAML policy shown in README.md compiles: its format section cannot
// drift from what the policy package accepts.
func TestReadmePolicyCompiles(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(policy:.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md shows no YAML policy")
	}
	for _, b := range blocks {
		if _, err := policy.Compile([]byte(b[1]), policy.WithFilename("README.md")); err != nil {
			t.Errorf("README policy does not compile: %v\n%s", err, b[1])
		}
	}
}

// normalize drops indentation, so a snippet may be shown outdented.
func normalize(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}
