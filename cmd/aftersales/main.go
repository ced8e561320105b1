package main

// The command's entry point and subcommand dispatch; the documentation is in doc.go.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
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
	if len(args) == 0 {
		usage(stderr, cmds)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		// Asked for: the answer goes to standard output.
		usage(stdout, cmds)
		return 0
	case "help":
		if len(args) == 1 {
			usage(stdout, cmds)
			return 0
		}
		cmd, ok := cmds[args[1]]
		if !ok || len(args) > 2 {
			fmt.Fprintf(stderr, "aftersales help: unknown command %q\n\n", strings.Join(args[1:], " "))
			usage(stderr, cmds)
			return 2
		}
		return cmd.run(env, []string{"-h"})
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
	fmt.Fprintln(w, "\nRun 'aftersales help COMMAND' or 'aftersales COMMAND -h' for a command's flags and an example.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 the check failed (problems, failed tests), 2 usage or input errors.")
}

// flags makes a FlagSet for a command; its usage names the arguments,
// says what the command does, lists the flags (or says there are none) and
// gives an example. Parse with c.parse.
func (c *cli) flags(name, args, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: aftersales %s %s\n\n", name, args)
		if cmd, ok := commands()[name]; ok {
			fmt.Fprintf(w, "%s\n\n", cmd.summary)
		}
		fmt.Fprintln(w, "flags:")
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			fmt.Fprintln(w, "  none")
		}
		fs.PrintDefaults()
		fmt.Fprintf(w, "\nexample:\n  %s\n", example)
	}
	return fs
}

// parse parses flags; it returns the exit status to use when it fails and
// ok=false. -h and --help print the usage on standard output and exit 0;
// a bad flag prints the error and the usage on standard error and exits 2.
func (c *cli) parse(fs *flag.FlagSet, args []string) (int, bool) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	err := fs.Parse(args)
	fs.SetOutput(c.stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, _ = c.stdout.Write(buf.Bytes())
			return 0, false
		}
		_, _ = c.stderr.Write(buf.Bytes())
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
