package policytest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the suite loader as a suite file: it
// must report problems, never panic, and what it loads must run.
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
		if err != nil && err.Error() == "" {
			t.Error("an error without a message")
		}
		for _, s := range suites {
			s.Run(context.Background())
		}
	})
}
