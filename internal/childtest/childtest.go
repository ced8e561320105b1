// Package childtest runs a test body that might hang or exhaust memory in a
// child process with a time and memory limit, so that a regression fails
// the test instead of hanging it or taking the machine down.
//
// A test calls Run with its body. In the parent, Run re-executes the test
// binary for that test alone, with an environment variable telling the
// child to run the body; the child caps its own heap (a watchdog exits it
// when the live heap passes the limit) and the parent kills it at the
// deadline. The body reports failures with t as usual.
package childtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

const envVar = "AFTERSALES_CHILDTEST"

// Limits bound the child.
type Limits struct {
	Timeout time.Duration // wall time of the whole child; default 10 s
	MaxHeap uint64        // bytes of heap in use before the child is stopped; default 512 MiB
}

// Run runs body in a child process under the limits. It must be called
// from the top-level test function named by t (not a subtest).
func Run(t *testing.T, lim Limits, body func(t *testing.T)) {
	t.Helper()
	if lim.Timeout == 0 {
		lim.Timeout = 10 * time.Second
	}
	if lim.MaxHeap == 0 {
		lim.MaxHeap = 512 << 20
	}
	if os.Getenv(envVar) == t.Name() {
		debug.SetMemoryLimit(int64(lim.MaxHeap / 2))
		go watch(lim.MaxHeap)
		body(t)
		return
	}
	if testing.Short() {
		t.Skip("child-process test skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), envVar+"="+t.Name())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		t.Fatalf("child process did not finish within %v (a hang?)\n%s", lim.Timeout, tail(out.Bytes()))
	case err != nil:
		t.Fatalf("child process failed after %v of CPU: %v\n%s", cpu(cmd.ProcessState), err, tail(out.Bytes()))
	case !bytes.Contains(out.Bytes(), []byte("--- PASS: "+t.Name())):
		t.Fatalf("child process did not run the test\n%s", tail(out.Bytes()))
	}
}

// watch exits the process when the heap in use passes max.
func watch(max uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for {
		metrics.Read(sample)
		if used := sample[0].Value.Uint64(); used > max {
			fmt.Fprintf(os.Stderr, "childtest: heap in use %d MiB passed the limit of %d MiB\n", used>>20, max>>20)
			os.Exit(3)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cpu returns the CPU time the finished child used (user and system).
func cpu(ps *os.ProcessState) time.Duration {
	if ps == nil {
		return 0
	}
	return (ps.UserTime() + ps.SystemTime()).Round(time.Millisecond)
}

func tail(b []byte) []byte {
	if len(b) > 4000 {
		return b[len(b)-4000:]
	}
	return b
}
