package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/policytest"
)

// test runs policytest suites: the CLI twin of policytest.Run.
func test(c *cli, args []string) int {
	fs := c.flags("test", "[DIR|FILE…]", "aftersales test policies/   # runs policies/*_test.yaml")
	verbose := fs.Bool("v", false, "print every case, not only failures")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	targets := fs.Args()
	if len(targets) == 0 {
		targets = []string{"."}
	}
	passed, failed, broken, missing := 0, 0, 0, 0
	for _, target := range targets {
		dir, pattern := target, "*_test.yaml"
		if st, err := os.Stat(target); err != nil {
			fmt.Fprintf(c.stderr, "aftersales test: %v\n", err)
			missing++
			continue
		} else if !st.IsDir() {
			// A file name is a file, not a pattern: a[1]_test.yaml
			// matches only itself.
			dir, pattern = filepath.Dir(target), escapeMeta(filepath.Base(target))
		}
		// The suites and the policies they name are read inside dir only:
		// os.Root refuses a symbolic link or a .. that leads out of it,
		// and policytest reads regular files of bounded size only (no
		// device, no FIFO to block on).
		root, err := os.OpenRoot(dir)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			broken++
			continue
		}
		suites, err := policytest.Load(root.FS(), pattern)
		root.Close()
		if err != nil {
			// Report every problem with its position, relative to the target.
			var list policy.ErrorList
			if errors.As(err, &list) {
				problems := make([]error, len(list))
				for i, e := range list {
					e.File = filepath.Join(dir, e.File)
					problems[i] = e
				}
				sortProblems(problems)
				for _, e := range problems {
					fmt.Fprintln(c.stdout, e)
				}
			} else {
				fmt.Fprintf(c.stdout, "%s: %v\n", target, err)
			}
			broken++
		}
		for _, s := range suites {
			for _, r := range s.Run(context.Background()) {
				switch {
				case r.Passed:
					passed++
					if *verbose {
						fmt.Fprintf(c.stdout, "ok   %s:%d: %s\n", filepath.Join(dir, r.File), r.Line, r.Name)
					}
				default:
					failed++
					fmt.Fprintf(c.stdout, "%s\n", r)
				}
			}
		}
	}
	fmt.Fprintf(c.stdout, "%d passed, %d failed\n", passed, failed)
	switch {
	case missing > 0: // a target that does not exist is an input error
		return 2
	case failed > 0 || broken > 0:
		return 1
	}
	return 0
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
