package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// deadline prints the clocks of the default SLA on the PRC calendar.
func deadline(c *cli, args []string) int {
	fs := c.flags("deadline", "-level N -opened TIME [-now TIME] [-responded TIME] [-resolved TIME]",
		"aftersales deadline -level 2 -opened 2026-09-30T17:00:00+08:00 -now 2026-10-01T09:00:00+08:00")
	levelFlag := fs.String("level", "", "complaint level: 1 (most severe) … 4, L1…L4 or 一级…四级")
	opened := fs.String("opened", "", "when the complaint was opened (RFC 3339)")
	nowFlag := fs.String("now", "", "when to evaluate (RFC 3339); default: the opening time")
	responded := fs.String("responded", "", "first response, if any (RFC 3339)")
	resolved := fs.String("resolved", "", "resolution, if any (RFC 3339)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	level, err := sla.ParseLevel(*levelFlag)
	if err != nil {
		return c.usageError("deadline", "-level: %v", err)
	}
	times := map[string]*time.Time{}
	var t sla.Ticket
	var now time.Time
	for name, p := range map[string]struct {
		value string
		into  *time.Time
	}{"opened": {*opened, &t.Opened}, "now": {*nowFlag, &now}, "responded": {*responded, &t.RespondedAt}, "resolved": {*resolved, &t.ResolvedAt}} {
		if p.value == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339, p.value)
		if err != nil {
			return c.usageError("deadline", "-%s: want an RFC 3339 time like 2026-09-30T17:00:00+08:00, got %q", name, p.value)
		}
		*p.into = v
		times[name] = p.into
	}
	if t.Opened.IsZero() {
		return c.usageError("deadline", "-opened is required")
	}
	if now.IsZero() {
		now = t.Opened
	}
	t.Level = level
	cal, err := slacn.New()
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	report, err := sla.Default(cal).Evaluate(t, now)
	if err != nil {
		fmt.Fprintf(c.stderr, "aftersales deadline: %v\n", err)
		return 2
	}
	if *asJSON {
		return c.json(report)
	}
	loc := slacn.Location()
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(loc).Format("Mon 2006-01-02 15:04")
	}
	fmt.Fprintf(c.stdout, "level %d complaint opened %s, evaluated at %s (Asia/Shanghai)\n", level, when(t.Opened), when(now))
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\ttarget\tdue\tstate\tused\tremaining")
	for _, clock := range []sla.Clock{report.Response, report.Resolution, report.Feedback} {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f%%\t%s\n", clock.Metric, clock.Target, when(clock.Due), clock.State, clock.Used*100, clock.Remaining)
	}
	tw.Flush()
	if !report.NextAlert.IsZero() {
		fmt.Fprintf(c.stdout, "next alert: %s\n", when(report.NextAlert))
	}
	return 0
}
