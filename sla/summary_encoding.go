package sla

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"time"
)

// mergeStateMagic starts every encoded MergeState; mergeStateVersion
// follows it. A change of the format bumps the version; a build reads the
// versions it knows and refuses newer ones with ErrMergeStateVersion.
const (
	mergeStateMagic   = "aftersales.summary\x00"
	mergeStateVersion = 1
)

var mergeStateCRC = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes m: the magic and version, the instant, the
// policy's description and the grouping, then for the overall figures,
// each level (ascending) and each group (by key) the exact sums and the
// sketches of the handling times (count, min, max, the non-empty buckets
// as index deltas and counts, all varints), and a CRC-32C of it all. The
// size is O(non-empty buckets): a few kilobytes per Stats at most.
func (m *MergeState) MarshalBinary() ([]byte, error) {
	b := append([]byte(nil), mergeStateMagic...)
	b = binary.AppendUvarint(b, mergeStateVersion)
	b = binary.AppendVarint(b, m.at.Unix())
	b = binary.AppendUvarint(b, uint64(m.at.Nanosecond()))
	b = appendMergeString(b, m.policy)
	b = appendMergeString(b, m.grouping)
	b = m.overall.append(b)
	b = binary.AppendUvarint(b, uint64(len(m.levels)))
	for _, l := range slices.Sorted(maps.Keys(m.levels)) {
		b = binary.AppendVarint(b, int64(l))
		b = m.levels[l].append(b)
	}
	if m.groups == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(len(m.groups)))
		for _, k := range slices.Sorted(maps.Keys(m.groups)) {
			b = appendMergeString(b, k)
			b = m.groups[k].append(b)
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, mergeStateCRC)), nil
}

func appendMergeString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (s statsState) append(b []byte) []byte {
	return s.working.append(s.handling.append(b))
}

func (d *durationsState) append(b []byte) []byte {
	k := &d.sk
	b = binary.AppendUvarint(b, k.n)
	if k.n == 0 {
		return b
	}
	b = binary.AppendUvarint(b, d.sum.hi)
	b = binary.AppendUvarint(b, d.sum.lo)
	b = binary.AppendVarint(b, int64(k.min))
	b = binary.AppendVarint(b, int64(k.max))
	b = binary.AppendUvarint(b, uint64(len(k.idx)))
	prev := int32(0)
	for i, idx := range k.idx {
		b = binary.AppendUvarint(b, uint64(idx-prev))
		b = binary.AppendUvarint(b, k.cnt[i])
		prev = idx
	}
	return b
}

// UnmarshalBinary decodes what MarshalBinary writes. It checks everything
// (the checksum, every count and bound) and returns an error wrapping
// ErrMergeStateVersion or ErrMergeStateCorrupt rather than a state that
// would merge into wrong figures; no input makes it panic or allocate much
// more than its size. On error m is unchanged.
func (m *MergeState) UnmarshalBinary(data []byte) error {
	if len(data) < len(mergeStateMagic)+5 || string(data[:len(mergeStateMagic)]) != mergeStateMagic {
		return fmt.Errorf("%w: not a summary merge state", ErrMergeStateCorrupt)
	}
	r := mergeReader{b: data[len(mergeStateMagic) : len(data)-4]}
	if v := r.uvarint(); r.err == nil && v != mergeStateVersion {
		return fmt.Errorf("%w: version %d (this build reads %d)", ErrMergeStateVersion, v, mergeStateVersion)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, mergeStateCRC) != sum {
		return fmt.Errorf("%w: checksum mismatch", ErrMergeStateCorrupt)
	}
	var out MergeState
	sec, nsec := r.varint(), r.uvarint()
	if nsec >= 1e9 {
		r.fail("nanoseconds %d", nsec)
	}
	out.at = time.Unix(sec, int64(nsec)).UTC()
	out.policy = r.string()
	out.grouping = r.string()
	out.overall = r.stats()
	nl := r.count(2)
	out.levels = make(map[Level]statsState, nl)
	prev := Level(0)
	for range nl {
		l := Level(r.varint())
		if r.err == nil && (!l.Valid() || l <= prev) {
			r.fail("level %d", int(l))
		}
		prev = l
		out.levels[l] = r.stats()
	}
	switch r.byte() {
	case 0:
	case 1:
		ng := r.count(3)
		out.groups = make(map[string]statsState, ng)
		var last string
		for i := range ng {
			k := r.string()
			if r.err == nil && i > 0 && k <= last {
				r.fail("group keys out of order")
			}
			last = k
			out.groups[k] = r.stats()
		}
	default:
		r.fail("groups flag")
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d bytes after the state", len(r.b))
	}
	if r.err != nil {
		return r.err
	}
	*m = out
	return nil
}

// MarshalText writes MarshalBinary's bytes in base64 (standard, padded),
// so that a MergeState travels as one string in JSON and YAML.
func (m *MergeState) MarshalText() ([]byte, error) {
	b, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.AppendEncode(nil, b), nil
}

// UnmarshalText reads what MarshalText writes.
func (m *MergeState) UnmarshalText(text []byte) error {
	b, err := base64.StdEncoding.AppendDecode(nil, text)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMergeStateCorrupt, err)
	}
	return m.UnmarshalBinary(b)
}

type mergeReader struct {
	b   []byte
	err error
}

func (r *mergeReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrMergeStateCorrupt, fmt.Sprintf(format, args...))
	}
	r.b = nil
}

func (r *mergeReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *mergeReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *mergeReader) byte() byte {
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// count reads a number of items of at least minSize bytes each, bounded by
// what is left, so that no input allocates much more than its size.
func (r *mergeReader) count(minSize int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/minSize) {
		r.fail("count %d exceeds the input", n)
		return 0
	}
	return int(n)
}

func (r *mergeReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail("truncated string")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *mergeReader) stats() statsState {
	var s statsState
	s.handling = r.durations()
	s.working = r.durations()
	return s
}

func (r *mergeReader) durations() durationsState {
	var d durationsState
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return d
	}
	d.sum.hi, d.sum.lo = r.uvarint(), r.uvarint()
	k := sketch{n: n, min: time.Duration(r.varint()), max: time.Duration(r.varint())}
	nb := r.count(2)
	if r.err != nil {
		return d
	}
	if nb == 0 || k.min < 0 || k.min > k.max {
		r.fail("sketch of %d durations with %d buckets, min %d, max %d", n, nb, k.min, k.max)
		return d
	}
	k.idx, k.cnt = make([]int32, nb), make([]uint64, nb)
	var idx, total uint64
	for i := range nb {
		delta, c := r.uvarint(), r.uvarint()
		idx += delta
		if r.err == nil && (i > 0 && delta == 0 || delta >= sketchBuckets || idx >= sketchBuckets || c == 0 || c > n-total) {
			r.fail("sketch bucket %d", i)
		}
		if r.err != nil {
			return durationsState{}
		}
		k.idx[i], k.cnt[i] = int32(idx), c
		total += c
	}
	if total != n || k.idx[0] != sketchIndex(k.min) || k.idx[nb-1] != sketchIndex(k.max) {
		r.fail("sketch counts %d of %d, or extremes outside their buckets", total, n)
		return durationsState{}
	}
	d.sk = k
	return d
}

// invalidTicketJSON is InvalidTicket in JSON, its error as its message.
type invalidTicketJSON struct {
	Index int    `json:"Index"`
	ID    string `json:"ID"`
	Err   string `json:"Err"`
}

// MarshalJSON writes {"Index": 5, "ID": "bad", "Err": "sla: …"}: the error
// as its message (an error value has no JSON form of its own).
func (t InvalidTicket) MarshalJSON() ([]byte, error) {
	v := invalidTicketJSON{Index: t.Index, ID: t.ID}
	if t.Err != nil {
		v.Err = t.Err.Error()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes; Err is then an error with
// the message only (errors.Is no longer matches the sentinel errors).
func (t *InvalidTicket) UnmarshalJSON(b []byte) error {
	var v invalidTicketJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = InvalidTicket{Index: v.Index, ID: v.ID}
	if v.Err != "" {
		t.Err = errors.New(v.Err)
	}
	return nil
}
