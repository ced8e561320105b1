package classify

import "strconv"

// A WatchPartition is a way to split a complaint stream across replicas
// (Kafka partitions, shards, consumers) so that a Watch per part, with the
// same rules, raises exactly the alerts one Watch over the whole stream
// would: every alert, once, in the part holding the event that raised it.
// It holds when all the events a rule counts together land in one part:
//
//   - A threshold or repeat rule grouped by key, customer or order
//     (WatchByKey, WatchByCustomer, WatchByOrder) counts each group on its
//     own: partition by that field. Events with it empty are in no group
//     and may go anywhere.
//   - A rule that counts events of one code only, or of one category only,
//     may also be partitioned by code or category: all its events land in
//     the part of that code or category (one part for it, but others for
//     other rules).
//   - Any other rule — a threshold rule by all or a spike rule over codes
//     of several categories, or over every event — has PartitionNone: its
//     matching events must reach one Watch, either routed to one partition
//     (a constant key, or a topic with one partition) or merged from all
//     partitions in time order before the Watch (take the earliest head
//     once every partition has one or is known to be at its end: the merge
//     is the whole stream in order, so the Watch's alerts are exact).
//     A spike rule's baseline and a by-all threshold count every matching
//     event, so counts per part would fire late or never.
//
// Two more conditions make it exact. The stream must be in time order and
// each part read in that order (a Kafka partition keeps its order): a late
// event is counted at the latest time its own Watch has seen, which
// differs between parts. And no WithMaxGroups: which group a full Watch
// evicts depends on the groups it holds, so capped parts are not exact.
type WatchPartition uint8

const (
	// PartitionNone: all of the rule's matching events must reach one
	// Watch (one partition, or a time-ordered merge of the partitions).
	PartitionNone WatchPartition = iota
	// PartitionByCustomer: by Event.CustomerID.
	PartitionByCustomer
	// PartitionByOrder: by Event.OrderID.
	PartitionByOrder
	// PartitionByKey: by Event.Key.
	PartitionByKey
	// PartitionByCode: by Event.Code.
	PartitionByCode
	// PartitionByCategory: by Event.Code's category.
	PartitionByCategory
)

// String returns "none", "customer", "order", "key", "code" or "category".
func (p WatchPartition) String() string {
	switch p {
	case PartitionNone:
		return "none"
	case PartitionByCustomer:
		return "customer"
	case PartitionByOrder:
		return "order"
	case PartitionByKey:
		return "key"
	case PartitionByCode:
		return "code"
	case PartitionByCategory:
		return "category"
	}
	return "WatchPartition(" + strconv.Itoa(int(p)) + ")"
}

// Key returns e's partition key under p: its CustomerID, OrderID, Key, code
// ("1001") or category ("1"). An empty key (PartitionNone, or the field is
// empty) means: any one partition, the same for all such events under
// PartitionNone — e.g. hash "" like any other key.
func (p WatchPartition) Key(e *Event) string {
	switch p {
	case PartitionByCustomer:
		return e.CustomerID
	case PartitionByOrder:
		return e.OrderID
	case PartitionByKey:
		return e.Key
	case PartitionByCode:
		return strconv.Itoa(int(e.Code))
	case PartitionByCategory:
		return strconv.Itoa(int(e.Code.Category()))
	}
	return ""
}

// watchPartitionPreference is the order in which PartitionBy picks among
// the ways a rule or Watch may be split: the finest-grained first.
var watchPartitionPreference = []WatchPartition{
	PartitionByCustomer, PartitionByOrder, PartitionByKey, PartitionByCode, PartitionByCategory,
}

// partitions returns the set of ways r may be split, bit p for p.
func (r *WatchRule) partitions() uint8 {
	var set uint8
	if r.Kind == WatchThreshold || r.Kind == WatchRepeat {
		switch r.By {
		case WatchByCustomer:
			set |= 1 << PartitionByCustomer
		case WatchByOrder:
			set |= 1 << PartitionByOrder
		case WatchByKey:
			set |= 1 << PartitionByKey
		}
	}
	// One category, or one code, for all the events the rule counts.
	var cat Category
	one := len(r.Codes)+len(r.Categories) > 0
	for _, c := range r.Categories {
		one = one && (cat == 0 || cat == c)
		cat = c
	}
	for _, c := range r.Codes {
		one = one && (cat == 0 || cat == c.Category())
		cat = c.Category()
	}
	if one {
		set |= 1 << PartitionByCategory
		if len(r.Categories) == 0 {
			code := r.Codes[0]
			same := true
			for _, c := range r.Codes {
				same = same && c == code
			}
			if same {
				set |= 1 << PartitionByCode
			}
		}
	}
	return set
}

// PartitionBy returns how r's stream may be split across replicas (see
// WatchPartition): by its grouping if it has one, else by code or category
// if it counts one only, else PartitionNone.
func (r WatchRule) PartitionBy() WatchPartition {
	return pickWatchPartition(r.partitions())
}

// PartitionBy returns one way to split w's stream that is exact for all of
// its rules (see WatchPartition), the finest-grained if there are several,
// or PartitionNone if there is none (always with WithMaxGroups): then split
// the rules instead, a Watch for each rule's PartitionBy, or run w on the
// whole stream.
func (w *Watch) PartitionBy() WatchPartition {
	set := ^uint8(0)
	for i := range w.rules {
		set &= w.rules[i].partitions()
	}
	if w.cfg.maxGroups > 0 || len(w.rules) == 0 {
		return PartitionNone
	}
	return pickWatchPartition(set)
}

func pickWatchPartition(set uint8) WatchPartition {
	for _, p := range watchPartitionPreference {
		if set&(1<<p) != 0 {
			return p
		}
	}
	return PartitionNone
}
