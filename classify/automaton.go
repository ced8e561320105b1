package classify

import "slices"

// automaton is an Aho–Corasick automaton over normalised runes. Runes are
// first mapped to dense class ids (0 = a rune no pattern uses), so the root
// can have a dense transition table and every other state a short sorted
// edge list. One pass over the text finds every occurrence of every pattern
// in time linear in the text plus the number of matches, however many
// patterns there are.
type automaton struct {
	root  []int32 // root transitions by class id; 0 = stay at the root
	first []int32 // state s's edges are edges[first[s]:first[s+1]]
	edges []edge
	fail  []int32
	// outs[outFirst[s]:outFirst[s+1]] are the ids of the patterns that end in
	// state s, longest first (its own pattern, then those of its suffix chain).
	outFirst []int32
	outs     []int32
}

type edge struct {
	cls  uint16
	next int32
}

// buildAutomaton builds the automaton for patterns given as class-id strings.
// Pattern i is reported as id i; empty patterns are never reported.
func buildAutomaton(patterns [][]uint16, numClasses int) *automaton {
	// A trie with map children while building; flattened afterwards.
	type node struct {
		children map[uint16]int32
		own      []int32
	}
	nodes := []node{{}}
	for id, p := range patterns {
		if len(p) == 0 {
			continue
		}
		s := int32(0)
		for _, c := range p {
			t, ok := nodes[s].children[c]
			if !ok {
				if nodes[s].children == nil {
					nodes[s].children = map[uint16]int32{}
				}
				t = int32(len(nodes))
				nodes[s].children[c] = t
				nodes = append(nodes, node{})
			}
			s = t
		}
		nodes[s].own = append(nodes[s].own, int32(id))
	}

	a := &automaton{
		root:     make([]int32, numClasses+1),
		first:    make([]int32, len(nodes)+1),
		fail:     make([]int32, len(nodes)),
		outFirst: make([]int32, len(nodes)+1),
	}
	for s := range nodes {
		a.first[s] = int32(len(a.edges))
		keys := make([]uint16, 0, len(nodes[s].children))
		for c := range nodes[s].children {
			keys = append(keys, c)
		}
		slices.Sort(keys)
		for _, c := range keys {
			a.edges = append(a.edges, edge{c, nodes[s].children[c]})
		}
	}
	a.first[len(nodes)] = int32(len(a.edges))
	for _, e := range a.edges[a.first[0]:a.first[1]] {
		a.root[e.cls] = e.next
	}

	// Breadth-first: failure links, then output lists (a state's list is its
	// own patterns followed by its failure state's list, which is complete
	// because that state is shallower).
	order := make([]int32, 0, len(nodes))
	for _, e := range a.edges[a.first[0]:a.first[1]] {
		order = append(order, e.next)
	}
	for i := 0; i < len(order); i++ {
		s := order[i]
		for _, e := range a.edges[a.first[s]:a.first[s+1]] {
			f := a.fail[s]
			for {
				if t := a.next(f, e.cls); t > 0 {
					a.fail[e.next] = t
					break
				}
				if f == 0 {
					break
				}
				f = a.fail[f]
			}
			order = append(order, e.next)
		}
	}
	lists := make([][]int32, len(nodes))
	for _, s := range order {
		own := slices.Clone(nodes[s].own)
		// Longest first: own patterns all have the same length (the depth).
		lists[s] = append(own, lists[a.fail[s]]...)
	}
	for s := range nodes {
		a.outFirst[s] = int32(len(a.outs))
		a.outs = append(a.outs, lists[s]...)
	}
	a.outFirst[len(nodes)] = int32(len(a.outs))
	return a
}

// next returns the goto transition of state s on class c, or 0 if none
// (no state but the root has id 0, so 0 doubles as "no edge").
func (a *automaton) next(s int32, c uint16) int32 {
	if s == 0 {
		return a.root[c]
	}
	lo, hi := int(a.first[s]), int(a.first[s+1])
	if hi-lo <= 8 {
		for _, e := range a.edges[lo:hi] {
			if e.cls == c {
				return e.next
			}
		}
		return 0
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a.edges[m].cls < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < int(a.first[s+1]) && a.edges[lo].cls == c {
		return a.edges[lo].next
	}
	return 0
}

// step follows one rune of class c from state s (class 0: no pattern uses
// the rune, so every partial match ends).
func (a *automaton) step(s int32, c uint16) int32 {
	if c == 0 {
		return 0
	}
	for {
		if t := a.next(s, c); t > 0 {
			return t
		}
		if s == 0 {
			return 0
		}
		s = a.fail[s]
	}
}

// outputs returns the ids of the patterns that end at state s.
func (a *automaton) outputs(s int32) []int32 {
	return a.outs[a.outFirst[s]:a.outFirst[s+1]]
}
