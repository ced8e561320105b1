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

// TestModelFileBounded: classify -model (and -watch) read a regular
// file of bounded size: /dev/zero, a FIFO without a writer and a file
// larger than the limit are errors naming the file, at once, with little
// memory. os.ReadFile read /dev/zero until memory ran out, and blocked on
// the FIFO.
func TestModelFileBounded(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 128 << 20}, func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "fifo.bin")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
		big := filepath.Join(dir, "big.bin")
		f, err := os.Create(big)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("ASM3"); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(maxModelBytes + 1); err != nil {
			t.Fatal(err)
		}
		f.Close()
		bigRules := filepath.Join(dir, "rules.yaml")
		if err := os.WriteFile(bigRules, []byte(strings.Repeat("#", maxWatchBytes+1)), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"-model", "/dev/zero", "text"}, "/dev/zero: not a regular file"},
			{[]string{"-model", fifo, "text"}, fifo + ": not a regular file"},
			{[]string{"-model", big, "text"}, big + ": file of 67108865 bytes is larger than the limit of 67108864"},
			{[]string{"-model", filepath.Join(dir, "missing.bin"), "text"}, filepath.Join(dir, "missing.bin") + ": no such file or directory"},
			{[]string{"-file", "testdata/complaints.jsonl", "-watch", "/dev/zero"}, "/dev/zero: not a regular file"},
			{[]string{"-file", "testdata/complaints.jsonl", "-watch", bigRules}, bigRules + ": file of 1048577 bytes is larger than the limit of 1048576"},
		} {
			start := time.Now()
			code, _, errOut := runCLI(t, "", append([]string{"classify"}, tc.args...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%v: took %v", tc.args, d)
			}
		}
	})
}

// TestTrainUnboundedInput: -train of /dev/zero (one endless line) is
// an error naming the file and the line, not a read without end.
func TestTrainUnboundedInput(t *testing.T) {
	childtest.Run(t, childtest.Limits{Timeout: 20 * time.Second, MaxHeap: 128 << 20}, func(t *testing.T) {
		model := filepath.Join(t.TempDir(), "m.bin")
		code, _, errOut := runCLI(t, "", "classify", "-train", "/dev/zero", "-o", model)
		if code != 2 || !strings.Contains(errOut, "/dev/zero: classify: examples: line 1: longer than") {
			t.Errorf("-train /dev/zero: exit %d, %q", code, errOut)
		}
		if _, err := os.Stat(model); err == nil {
			t.Error("a model was written")
		}
	})
}
