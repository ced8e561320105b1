package main

// The command's entry point and subcommand dispatch; the documentation is in doc.go.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand: it parses its own flags and returns an exit status.
type command struct {
	summary string
	run     func(env *cli, args []string) int
}

// cli carries the streams, so tests run commands in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() map[string]command {
	return map[string]command{
		"lint":     {"compile policies and compensation rules; print every problem", lint},
		"decide":   {"decide a request against policies; print the decision as JSON", decide},
		"test":     {"run policytest YAML suites (*_test.yaml); print diffs and traces of failures", test},
		"deadline": {"the SLA clocks of a complaint on the PRC working calendar", deadline},
		"refund":   {"the refund plan for returning units of an order", refund},
		"classify": {"complaint text to complaint code, level and evidence", classifyCmd},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "aftersales: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return cmd.run(env, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: aftersales COMMAND [flags] [args]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'aftersales COMMAND -h' for a command's flags and an example.")
}

// flags makes a FlagSet that prints usage with an example and reports
// errors instead of exiting.
func (c *cli) flags(name, args, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: aftersales %s %s\n\nflags:\n", name, args)
		fs.PrintDefaults()
		fmt.Fprintf(c.stderr, "\nexample:\n  %s\n", example)
	}
	return fs
}

// parse parses flags; it returns the exit status to use when it fails (0
// for -h, 2 for bad flags) and ok=false.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// usageError reports a usage problem and returns exit status 2.
func (c *cli) usageError(cmd, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "aftersales %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return 2
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }
