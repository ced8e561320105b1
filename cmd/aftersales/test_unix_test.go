//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/childtest"
)

// M3: `aftersales test` reads regular files inside the directory only, of
// bounded size: a symlink to /dev/zero, a FIFO, a 100 MB file and a link
// out of the directory are reported, quickly, and nothing hangs.
func TestTestReadsOnlyRegularFilesInside(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 256 << 20}, func(t *testing.T) {
		suite, err := os.ReadFile("testdata/suite/merchant_test.yaml")
		if err != nil {
			t.Fatal(err)
		}
		merchant, err := os.ReadFile("testdata/suite/merchant.yaml")
		if err != nil {
			t.Fatal(err)
		}
		outside := t.TempDir()
		dir := filepath.Join(t.TempDir(), "suites")
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(os.Mkdir(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, "merchant.yaml"), merchant, 0o644))
		must(os.WriteFile(filepath.Join(outside, "secret_test.yaml"), suite, 0o644))
		must(os.Symlink("/dev/zero", filepath.Join(dir, "zero_test.yaml")))
		must(syscall.Mkfifo(filepath.Join(dir, "fifo_test.yaml"), 0o644))
		must(os.Symlink(filepath.Join(outside, "secret_test.yaml"), filepath.Join(dir, "escape_test.yaml")))
		big, err := os.Create(filepath.Join(dir, "big_test.yaml"))
		must(err)
		must(big.Truncate(100 << 20))
		must(big.Close())

		start := time.Now()
		code, out, errOut := runCLI(t, "", "test", dir)
		if code != 1 {
			t.Errorf("exit %d", code)
		}
		for _, want := range []string{"zero_test.yaml: path escapes from parent", "fifo_test.yaml: not a regular file",
			"big_test.yaml: file of 104857600 bytes is larger than the limit", "escape_test.yaml: path escapes from parent"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
			}
		}
		if el := time.Since(start); el > 3*time.Second {
			t.Errorf("took %v", el)
		}

		// File names are names, not patterns.
		must(os.WriteFile(filepath.Join(outside, "merchant.yaml"), merchant, 0o644))
		glob := filepath.Join(outside, "a[1]*_test.yaml")
		must(os.WriteFile(glob, suite, 0o644))
		if code, out, errOut := runCLI(t, "", "test", glob); code != 0 || !strings.Contains(out, "2 passed, 0 failed") {
			t.Errorf("%s: %d %s%s", glob, code, out, errOut)
		}
	})
}
