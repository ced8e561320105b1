package classify

import (
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// ParseWatchRules parses early-warning rules from YAML and checks them as
// NewWatch does. Example (the rules of the manual's §9.2.2 and §7.1):
//
//	rules:
//	  - name: quality-burst        # required, unique
//	    kind: threshold            # threshold, spike or repeat
//	    categories: [product]      # 1–5, or product, logistics, payment,
//	                               # service, other, or the Chinese names
//	    by: key                    # all (default), key, customer or order
//	    window: 1h                 # Go durations, or days: 7d
//	    at_least: 21               # "more than 20"
//	  - name: logistics-spike
//	    kind: spike
//	    codes: [2001, 2004]        # codes and categories: either matches
//	    window: 1h
//	    baseline: 7d               # a multiple of window
//	    factor: 3                  # ≥ 3× the baseline's mean per window
//	    at_least: 10               # and at least 10 events
//	  - name: repeat-customer
//	    kind: repeat
//	    by: customer               # or order
//	    window: 30d
//	    at_least: 2                # default 2: the second complaint
//
// at_least may be left out only for repeat rules. Every problem — a YAML
// syntax error, an unknown field, a code outside 1001–5999, a window that
// is not a positive duration, a missing field, a duplicate name — is
// reported with its line and column; all of them, not only the first. src
// is UTF-8 and holds one YAML document.
func ParseWatchRules(src []byte) ([]WatchRule, error) {
	np, root, err := parseDocument("watch rules", src)
	if err != nil {
		return nil, err
	}
	p := &watchParser{np}
	if root == nil {
		return nil, &ParseError{Source: "watch rules", Msg: "empty document: want a mapping with rules"}
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "want a mapping with rules, got %s", yamlsrc.KindName(root))
		return nil, p.err()
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case k.Tag == "!!merge":
			// reported by strict
		case k.Value == "rules":
			if list != nil {
				continue // a repeated key, reported by strict
			}
			list = v
		default:
			p.errorf(k, "unknown field %q (want rules)", k.Value)
		}
	}
	if list == nil {
		p.errorf(root, "rules: missing")
		return nil, p.err()
	}
	if list.Kind != yaml.SequenceNode {
		p.errorf(list, "rules: want a list, got %s", yamlsrc.KindName(list))
		return nil, p.err()
	}
	rules := make([]WatchRule, 0, len(list.Content))
	names := map[string]int{}
	for _, n := range list.Content {
		r, ok := p.rule(n)
		if !ok {
			continue
		}
		if line, dup := names[r.Name]; dup {
			p.errorf(n, "rule %q: name already used on line %d", r.Name, line)
		} else {
			names[r.Name] = n.Line
		}
		rules = append(rules, r)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return rules, nil
}

type watchParser struct{ nodeParser }

// rule parses one entry of the rules list; ok is false when it has errors.
func (p *watchParser) rule(n *yaml.Node) (r WatchRule, ok bool) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rule: want a mapping, got %s", yamlsrc.KindName(n))
		return r, false
	}
	before := len(p.errs)
	fields := map[string]*yaml.Node{}
	atLeastSet := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := fields[k.Value]; dup || k.Tag == "!!merge" {
			continue // reported by strict
		}
		fields[k.Value] = v
		switch k.Value {
		case "name":
			r.Name = p.scalar(v, "name")
		case "kind":
			switch s := p.scalar(v, "kind"); s {
			case "threshold":
				r.Kind = WatchThreshold
			case "spike":
				r.Kind = WatchSpike
			case "repeat":
				r.Kind = WatchRepeat
			default:
				p.errorf(v, "unknown kind %q: want threshold, spike or repeat", s)
			}
		case "codes":
			for _, s := range p.values(v, "codes", true) {
				c, err := ParseCode(s.Value)
				if err != nil {
					p.errorf(s, "code %q out of range: want 1001–5999, not x000", s.Value)
					continue
				}
				r.Codes = append(r.Codes, c)
			}
		case "categories":
			for _, s := range p.values(v, "categories", true) {
				c, ok := watchCategory(s.Value)
				if !ok {
					p.errorf(s, "unknown category %q: want 1–5, product, logistics, payment, service or other", s.Value)
					continue
				}
				r.Categories = append(r.Categories, c)
			}
		case "by":
			switch s := p.scalar(v, "by"); s {
			case "all":
				r.By = WatchByAll
			case "key":
				r.By = WatchByKey
			case "customer":
				r.By = WatchByCustomer
			case "order":
				r.By = WatchByOrder
			default:
				p.errorf(v, "unknown grouping by %q: want all, key, customer or order", s)
			}
		case "window":
			r.Window = p.duration(v, "window")
		case "baseline":
			r.Baseline = p.duration(v, "baseline")
		case "at_least":
			atLeastSet = true
			s := p.scalar(v, "at_least")
			k, err := strconv.Atoi(s)
			if err != nil {
				p.errorf(v, "at_least: want a whole number, got %q", s)
				k = MaxWatchAtLeast // reported; keep check quiet about it
			}
			r.AtLeast = k
		case "factor":
			s := p.scalar(v, "factor")
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				p.errorf(v, "factor: want a number, got %q", s)
				f = 1
			}
			r.Factor = f
		default:
			p.errorf(k, "unknown field %q (want name, kind, codes, categories, by, window, baseline, factor, at_least)", k.Value)
		}
	}
	if _, ok := fields["kind"]; !ok {
		p.errorf(n, "rule %q: kind is required (threshold, spike or repeat)", r.Name)
	}
	if _, ok := fields["window"]; !ok {
		p.errorf(n, "rule %q: window is required", r.Name)
	}
	if !atLeastSet && r.Kind == WatchRepeat {
		r.AtLeast = 2
	}
	if !atLeastSet && r.Kind != WatchRepeat {
		p.errorf(n, "rule %q: at_least is required", r.Name)
	}
	if len(p.errs) == before {
		// Only rules that parsed cleanly are checked, so that one mistake
		// is not reported twice.
		for _, pr := range r.check() {
			at := n
			if v := fields[pr.field]; v != nil {
				at = v
			}
			p.errorf(at, "rule %q: %s", r.Name, pr.msg)
		}
	}
	return r, len(p.errs) == before
}

// duration parses a Go duration ("90m", "1h30m") or whole days ("7d").
func (p *watchParser) duration(n *yaml.Node, field string) time.Duration {
	s := p.scalar(n, field)
	if s == "" {
		return 0
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		k, err := strconv.ParseInt(days, 10, 64)
		if err != nil || k <= 0 || k > int64(MaxWatchWindow/(24*time.Hour)) {
			p.errorf(n, "%s %q: want a duration such as 1h, 90m or 7d, at most %s", field, s, watchDuration(MaxWatchWindow))
			return time.Hour // reported; keep check quiet about it
		}
		return time.Duration(k) * 24 * time.Hour
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > MaxWatchWindow {
		p.errorf(n, "%s %q: want a duration such as 1h, 90m or 7d, > 0 and at most %s", field, s, watchDuration(MaxWatchWindow))
		return time.Hour
	}
	return d
}

// watchCategory reads a category as its digit or its English or Chinese
// name.
func watchCategory(s string) (Category, bool) {
	s = strings.TrimSpace(s)
	if k, err := strconv.Atoi(s); err == nil {
		c := Category(min(max(k, 0), math.MaxUint8))
		return c, k == int(c) && c.Valid()
	}
	for c := CategoryProduct; c <= CategoryOther; c++ {
		zh, en := c.names()
		if strings.EqualFold(s, en) || s == zh || (c == CategoryService && strings.EqualFold(s, "service")) {
			return c, true
		}
	}
	return 0, false
}
