// Command benchtable turns `go test -bench` output into Markdown tables of
// medians and ratios, and checks the project's performance targets.
//
// Benchmark names are read as <workload>/<tool>: the last path element is
// the tool, the rest the workload (BenchmarkDecide/default/opa_eval_parsed-2
// is workload Decide/default, tool opa_eval_parsed). The tool named by -ours
// is aftersales; the tools listed in -floor are hand-written floors; every
// other tool is a peer.
//
// Usage:
//
//	go test -run XXX -bench . -count 5 | benchtable [-ours aftersales] [-floor handwritten,daywalk,int64]
//	benchtable results.txt
//
// It prints three tables: every measurement (median over the runs), a summary
// per workload (aftersales against the best peer and against the floor), and
// the targets, met or missed. It exits 0 either way: a missed target is a
// finding to report, not a broken run.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

func main() {
	ours := flag.String("ours", "aftersales", "the tool measured against the others")
	floors := flag.String("floor", "handwritten,daywalk,int64,int64_decimal_out", "comma-separated hand-written floor tools")
	order := flag.String("order", "Decide,Deadline,Match,Allocate,FraudDamages", "comma-separated workload prefixes, in the order to print them")
	flag.Parse()

	var in []io.Reader
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = append(in, f)
	}
	if len(in) == 0 {
		in = append(in, os.Stdin)
	}
	rs, err := parse(io.MultiReader(in...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(2)
	}
	if len(rs.order) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no benchmark results in the input")
		os.Exit(1)
	}
	r := report{rs: rs, ours: *ours, floors: strings.Split(*floors, ","), order: strings.Split(*order, ",")}
	r.write(os.Stdout, defaultTargets)
}

// sample is one benchmark line.
type sample struct{ ns, bytes, allocs float64 }

// results are the samples per benchmark name, in first-seen order.
type results struct {
	order   []string
	samples map[string][]sample
}

// parse reads `go test -bench` output; other lines are ignored.
func parse(r io.Reader) (*results, error) {
	rs := &results{samples: make(map[string][]sample)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		s := sample{ns: math.NaN(), bytes: math.NaN(), allocs: math.NaN()}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = v
			case "B/op":
				s.bytes = v
			case "allocs/op":
				s.allocs = v
			}
		}
		if math.IsNaN(s.ns) {
			continue
		}
		if _, ok := rs.samples[name]; !ok {
			rs.order = append(rs.order, name)
		}
		rs.samples[name] = append(rs.samples[name], s)
	}
	return rs, sc.Err()
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// stat is the medians of one benchmark.
type stat struct {
	workload, tool    string
	ns, bytes, allocs float64
	runs              int
}

func (rs *results) stat(name string) stat {
	ss := rs.samples[name]
	pick := func(f func(sample) float64) float64 {
		xs := make([]float64, 0, len(ss))
		for _, s := range ss {
			if v := f(s); !math.IsNaN(v) {
				xs = append(xs, v)
			}
		}
		return median(xs)
	}
	st := stat{
		ns:     pick(func(s sample) float64 { return s.ns }),
		bytes:  pick(func(s sample) float64 { return s.bytes }),
		allocs: pick(func(s sample) float64 { return s.allocs }),
		runs:   len(ss),
	}
	st.workload, st.tool = path.Split(name)
	st.workload = strings.TrimSuffix(st.workload, "/")
	if st.workload == "" { // a benchmark without sub-benchmarks
		st.workload, st.tool = name, ""
	}
	return st
}

// workload groups the stats of one workload, in input order.
type workload struct {
	name  string
	stats []stat
}

type report struct {
	rs     *results
	ours   string
	floors []string
	order  []string // workload prefixes: workloads print in this order, others last
}

func (r *report) workloads() []workload {
	var ws []workload
	index := make(map[string]int)
	for _, name := range r.rs.order {
		st := r.rs.stat(name)
		i, ok := index[st.workload]
		if !ok {
			i = len(ws)
			index[st.workload] = i
			ws = append(ws, workload{name: st.workload})
		}
		ws[i].stats = append(ws[i].stats, st)
	}
	rank := func(name string) int {
		for i, p := range r.order {
			if p != "" && strings.HasPrefix(name, p) {
				return i
			}
		}
		return len(r.order)
	}
	slices.SortStableFunc(ws, func(a, b workload) int { return rank(a.name) - rank(b.name) })
	return ws
}

func (r *report) role(tool string) string {
	switch {
	case tool == r.ours:
		return "ours"
	case slices.Contains(r.floors, tool):
		return "floor"
	}
	return "peer"
}

// find returns ours, the fastest peer whose name starts with prefix (any
// peer if prefix is empty), and the fastest floor.
func (r *report) find(w workload, prefix string) (ours, peer, floor *stat) {
	for i := range w.stats {
		st := &w.stats[i]
		switch r.role(st.tool) {
		case "ours":
			ours = st
		case "floor":
			if floor == nil || st.ns < floor.ns {
				floor = st
			}
		default:
			if strings.HasPrefix(st.tool, prefix) && (peer == nil || st.ns < peer.ns) {
				peer = st
			}
		}
	}
	return
}

func (r *report) write(w io.Writer, targets []target) {
	ws := r.workloads()
	runs := 0
	for _, name := range r.rs.order {
		runs = max(runs, len(r.rs.samples[name]))
	}

	fmt.Fprintf(w, "### Summary (medians of %d runs)\n\n", runs)
	fmt.Fprintln(w, "| workload | aftersales ns/op | best peer | peer ns/op | aftersales vs best peer | floor | floor ns/op | aftersales / floor |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---|---:|---:|")
	for _, wl := range ws {
		ours, peer, floor := r.find(wl, "")
		if ours == nil {
			continue
		}
		row := []string{wl.name, num(ours.ns), "—", "—", "—", "—", "—", "—"}
		if peer != nil {
			row[2], row[3], row[4] = peer.tool, num(peer.ns), speed(peer.ns/ours.ns)
		}
		if floor != nil {
			row[5], row[6], row[7] = floor.tool, num(floor.ns), ratio(ours.ns/floor.ns)
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}

	fmt.Fprintf(w, "\n### Targets\n\n")
	fmt.Fprintln(w, "| target | workload | aftersales ns/op | against | its ns/op | measured | result |")
	fmt.Fprintln(w, "|---|---|---:|---|---:|---:|---|")
	for _, t := range targets {
		for _, wl := range ws {
			if !t.applies(wl.name) {
				continue
			}
			ours, peer, floor := r.find(wl, t.against)
			other := peer
			if t.against == "floor" {
				other = floor
			}
			if ours == nil || other == nil {
				continue
			}
			measured, ok := t.check(ours.ns, other.ns)
			verdict := "met"
			if !ok {
				verdict = "**missed** " + t.shortfall(ours.ns, other.ns)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n",
				t.label, wl.name, num(ours.ns), other.tool, num(other.ns), measured, verdict)
		}
	}

	fmt.Fprintf(w, "\n### All measurements\n\n")
	fmt.Fprintln(w, "| workload | tool | role | ns/op | B/op | allocs/op | vs aftersales |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|")
	for _, wl := range ws {
		ours, _, _ := r.find(wl, "")
		for _, st := range wl.stats {
			rel := "—"
			if ours != nil && st.tool != r.ours {
				rel = ratio(st.ns / ours.ns)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n",
				wl.name, st.tool, r.role(st.tool), num(st.ns), num(st.bytes), num(st.allocs), rel)
		}
	}
}

// speed says how much faster (or slower) aftersales is than another tool,
// given other/ours.
func speed(ratio float64) string {
	if ratio >= 1 {
		return fmt.Sprintf("%.1f× faster", ratio)
	}
	return fmt.Sprintf("%.1f× slower", 1/ratio)
}

// ratio formats a time ratio with about three significant digits.
func ratio(x float64) string {
	switch {
	case x >= 100:
		return num(x) + "×"
	case x >= 10:
		return fmt.Sprintf("%.1f×", x)
	case x >= 0.01:
		return fmt.Sprintf("%.3g×", x)
	}
	return fmt.Sprintf("%.1e×", x)
}

// num formats a median: thousands separated, decimals only below 100.
func num(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	if v < 100 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// A target compares aftersales with the fastest tool whose name starts with
// against ("floor" for the floor) on every workload starting with prefix.
type target struct {
	label   string
	prefix  string
	against string
	faster  bool    // true: other/ours >= factor; false: ours/other <= factor
	factor  float64 // the bar
}

// defaultTargets are issue 9's targets.
var defaultTargets = []target{
	{label: "policy ≥ 5× faster than OPA", prefix: "Decide/", against: "opa", faster: true, factor: 5},
	{label: "policy within 2× of raw cel-go", prefix: "Decide/", against: "cel", faster: false, factor: 2},
	{label: "deadlines ≥ 10× faster than rickar/cal AddWorkHours", prefix: "Deadline/hours", against: "cal", faster: true, factor: 10},
	{label: "deadlines ≥ 10× faster than rickar/cal WorkdaysFrom", prefix: "Deadline/days", against: "cal", faster: true, factor: 10},
	{label: "matching ≥ 5× faster than naive", prefix: "Match/", against: "naive", faster: true, factor: 5},
	{label: "Allocate within 10× of int64", prefix: "Allocate", against: "floor", faster: false, factor: 10},
}

func (t target) applies(workload string) bool {
	return strings.HasPrefix(workload+"/", t.prefix) || strings.HasPrefix(workload, t.prefix)
}

// check returns the measured ratio, as text, and whether the bar is met.
func (t target) check(ours, other float64) (string, bool) {
	if t.faster {
		return speed(other / ours), other/ours >= t.factor
	}
	return fmt.Sprintf("%.2f× its time", ours/other), ours/other <= t.factor
}

// shortfall says by how much a missed target is missed.
func (t target) shortfall(ours, other float64) string {
	if t.faster {
		need := other / t.factor // the ns/op that would meet the bar
		return fmt.Sprintf("(needs ≤ %s ns/op, %.1f× less)", num(need), ours/need)
	}
	need := other * t.factor
	return fmt.Sprintf("(needs ≤ %s ns/op, %.1f× less)", num(need), ours/need)
}
