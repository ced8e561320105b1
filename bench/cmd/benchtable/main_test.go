package main

import (
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
BenchmarkDecide/default/aftersales-2         	   71814	      1000 ns/op	     128 B/op	       7 allocs/op
BenchmarkDecide/default/aftersales-2         	   71814	      3000 ns/op	     128 B/op	       7 allocs/op
BenchmarkDecide/default/aftersales-2         	   71814	      1200 ns/op	     128 B/op	       7 allocs/op
BenchmarkDecide/default/handwritten-2        	 2551248	        46.5 ns/op	       0 B/op	       0 allocs/op
BenchmarkDecide/default/cel_combined_map-2   	   61921	      1900 ns/op	     128 B/op	       7 allocs/op
BenchmarkDecide/default/opa_eval_parsed-2    	    3085	     54596 ns/op	   16249 B/op	     379 allocs/op
BenchmarkAllocate/aftersales-2         	   59766	      1926 ns/op	     560 B/op	      21 allocs/op
BenchmarkAllocate/int64-2              	 1000000	       123.0 ns/op	       0 B/op	       0 allocs/op
PASS
`

func TestReport(t *testing.T) {
	rs, err := parse(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.stat("Decide/default/aftersales"); got.ns != 1200 || got.runs != 3 || got.workload != "Decide/default" || got.tool != "aftersales" {
		t.Errorf("stat = %+v", got)
	}
	var b strings.Builder
	r := report{rs: rs, ours: "aftersales", floors: []string{"handwritten", "int64"}, order: []string{"Allocate", "Decide"}}
	r.write(&b, defaultTargets)
	out := b.String()
	if a, d := strings.Index(out, "| Allocate |"), strings.Index(out, "| Decide/default |"); a < 0 || d < 0 || a > d {
		t.Errorf("want Allocate before Decide/default in the summary:\n%s", out)
	}
	for _, want := range []string{
		"| Decide/default | 1,200 | cel_combined_map | 1,900 | 1.6× faster | handwritten | 46.5 | 25.8× |",
		"| policy ≥ 5× faster than OPA | Decide/default | 1,200 | opa_eval_parsed | 54,596 | 45.5× faster | met |",
		"| Allocate within 10× of int64 | Allocate | 1,926 | int64 | 123 | 15.66× its time | **missed** (needs ≤ 1,230 ns/op, 1.6× less) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
