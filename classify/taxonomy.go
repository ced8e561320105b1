package classify

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aftersales-go/aftersales/sla"
	"go.yaml.in/yaml/v3"

	"github.com/aftersales-go/aftersales/internal/yamlsrc"
)

// A Taxonomy is a set of complaint codes with their names, base levels and
// keywords, plus the cue lexicons (negation, contrast, injury, threats, …)
// the classifier reads text with. It is immutable once parsed and safe for
// concurrent use.
//
// The default taxonomy (DefaultTaxonomy) is embedded from taxonomy.yaml.
// ParseTaxonomy reads a merchant's YAML, which by default extends the
// default taxonomy; see ParseTaxonomy for the format.
type Taxonomy struct {
	codes map[Code]*codeEntry
	cues  [numCues][]keyword
	// hash identifies the YAML the taxonomy was parsed from: FNV-1a of its
	// base's hash (when it extends one) and its source. A model records the
	// hash of the taxonomy it was trained with.
	hash uint64
}

// codeEntry is one code of a taxonomy.
type codeEntry struct {
	code     Code
	name     string
	nameEN   string
	level    sla.Level
	weight   float64 // multiplies every keyword weight of the code
	reasons  []string
	keywords []keyword
}

// keyword is one phrase of a lexicon as written in YAML.
type keyword struct {
	text    string  // as written, without the weight suffix or '~'
	near    string  // second part of a proximity keyword "text...near", or ""
	weight  float64 // relative evidence weight, default 1
	negOnly bool    // '~' prefix: counts only when negated (不保温, doesn't heat)
	script  string  // "zh-Hans", "zh-Hant", "en" or "" when not grouped
	line    int
}

// String returns the keyword as written, without weight or '~'.
func (k keyword) String() string {
	if k.near != "" {
		return k.text + "..." + k.near
	}
	return k.text
}

// cueKind is a lexicon that is not evidence for a code but changes how the
// text around it is read.
type cueKind uint8

const (
	cueInjury       cueKind = iota // an injury or safety incident happened → level 1
	cueThreat                      // regulator, media, police or court → one level up
	cueNearMiss                    // 差点, 幸好, almost: what follows in the clause did not happen
	cueNegate                      // 没, 不, not: negates a keyword right after it
	cueNegateClause                // 不是, 并非: negates the rest of the clause
	cueFine                        // 没问题, 挺好, is fine: negates the keyword right before it
	cueContrast                    // 但是, 就是, but: what came before matters less
	cueFocus                       // 主要是, 关键是: what follows is the main complaint
	cueConcede                     // 就算了, 无所谓: the keywords before it in the clause are tolerated
	cueConcedeNext                 // 先不说, 且不说: the keywords after it in the clause are tolerated
	cueNeutral                     // phrases that only shadow shorter keywords (多媒体 hides 媒体)
	cueNotOwn                      // 像要…一样, 新闻, 朋友家: an injury or threat in the clause is not the complainant's
	cueGuess                       // 像是, 怀疑, 是不是: a level-1 code's keyword after it in the clause is a guess, not a finding
	numCues
	cuePart = numCues // internal: one part of a proximity keyword
)

// String returns the cue list's name in YAML (e.g. "negate_clause").
func (k cueKind) String() string {
	switch k {
	case cueInjury:
		return "injury"
	case cueThreat:
		return "threat"
	case cueNearMiss:
		return "near_miss"
	case cueNegate:
		return "negate"
	case cueNegateClause:
		return "negate_clause"
	case cueFine:
		return "fine"
	case cueContrast:
		return "contrast"
	case cueFocus:
		return "focus"
	case cueConcede:
		return "concede"
	case cueConcedeNext:
		return "concede_next"
	case cueNeutral:
		return "neutral"
	case cueNotOwn:
		return "not_own"
	case cueGuess:
		return "guess"
	}
	return "cue(" + strconv.Itoa(int(k)) + ")"
}

// cueByName returns the cue kind named s in YAML, or false.
func cueByName(s string) (cueKind, bool) {
	for k := range numCues {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

func cueNameList() string {
	names := make([]string, numCues)
	for k := range numCues {
		names[k] = k.String()
	}
	return strings.Join(names, ", ")
}

//go:embed taxonomy.yaml
var defaultTaxonomyYAML string

var defaultTaxonomy = sync.OnceValues(func() (*Taxonomy, error) {
	return parseTaxonomy([]byte(defaultTaxonomyYAML), nil)
})

// DefaultTaxonomy returns the embedded default taxonomy (TAXONOMY.md's 27
// codes with keywords in simplified Chinese, traditional Chinese and
// English). It is parsed once; the result is shared and immutable.
func DefaultTaxonomy() *Taxonomy {
	t, err := defaultTaxonomy()
	if err != nil {
		// The embedded file is checked by the tests; this cannot happen in a
		// released build, and there is no sensible fallback.
		panic("classify: embedded taxonomy.yaml: " + err.Error())
	}
	return t
}

// DefaultTaxonomyYAML returns a copy of the embedded taxonomy.yaml, as a
// reference for merchants writing their own.
func DefaultTaxonomyYAML() []byte { return []byte(defaultTaxonomyYAML) }

// Codes returns the taxonomy's codes in ascending order.
func (t *Taxonomy) Codes() []Code {
	out := make([]Code, 0, len(t.codes))
	for c := range t.codes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Name returns the Chinese name of code c, or "" if the taxonomy lacks it.
func (t *Taxonomy) Name(c Code) string {
	if e := t.codes[c]; e != nil {
		return e.name
	}
	return ""
}

// EnglishName returns the English name of code c, or "" if the taxonomy
// lacks it.
func (t *Taxonomy) EnglishName(c Code) string {
	if e := t.codes[c]; e != nil {
		return e.nameEN
	}
	return ""
}

// BaseLevel returns the base severity level of code c (before escalation),
// or 0 if the taxonomy lacks it.
func (t *Taxonomy) BaseLevel(c Code) sla.Level {
	if e := t.codes[c]; e != nil {
		return e.level
	}
	return 0
}

// Keywords returns the keywords of code c as written (weights and the '~'
// marker stripped).
func (t *Taxonomy) Keywords(c Code) []string {
	e := t.codes[c]
	if e == nil {
		return nil
	}
	out := make([]string, len(e.keywords))
	for i, k := range e.keywords {
		out[i] = k.String()
	}
	return out
}

// ParseTaxonomy parses a taxonomy from YAML. Unless the document says
// `base: none`, it extends the default taxonomy: codes it lists that the
// default has gain keywords (and may change name, level or weight); new
// codes are added. Example:
//
//	base: default            # or none: a taxonomy of its own
//	codes:
//	  - code: 1101           # a new code in 商品问题 (1001–1999)
//	    name: 电池鼓包
//	    name_en: swollen battery
//	    level: 1             # base level, 1 (most severe) … 4
//	    reasons: [battery]   # Complaint.Reason values that point here
//	    keywords:
//	      zh-Hans: [电池鼓包, 鼓包^2]       # ^2: twice the usual weight
//	      zh-Hant: [電池膨脹]
//	      en: [swollen battery, battery bulging]
//	  - code: 1001
//	    keywords: [掉漆, 起球^0.5, ~防水]  # ~: counts only when negated (不防水)
//	cues:
//	  threat: [黑猫投诉]      # extra lexicon entries, see taxonomy.yaml
//
// Keywords are normalised like complaint text (traditional → simplified,
// full-width → half-width, lower case, spaces and punctuation dropped).
// Every problem — a code outside 1001–5999 or x000, a level outside 1–4, a
// weight outside (0, 10], an unknown field, an empty keyword — is reported
// with its line and column; all of them, not only the first. src is UTF-8
// and holds one YAML document.
func ParseTaxonomy(src []byte) (*Taxonomy, error) {
	return parseTaxonomy(src, DefaultTaxonomy())
}

// parseTaxonomy parses src on top of base (nil: nothing, which is what the
// embedded file itself is parsed on).
func parseTaxonomy(src []byte, base *Taxonomy) (*Taxonomy, error) {
	np, root, err := parseDocument("taxonomy", src)
	if err != nil {
		return nil, err
	}
	p := &taxParser{np}
	t := &Taxonomy{codes: map[Code]*codeEntry{}}
	if root == nil {
		if base != nil {
			return base, nil
		}
		return nil, &ParseError{Source: "taxonomy", Msg: "empty document"}
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "want a mapping with codes and cues, got %s", yamlsrc.KindName(root))
		return nil, p.err()
	}
	useBase := base != nil
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value == "base" {
			switch v.Value {
			case "default":
			case "none":
				useBase = false
			default:
				p.errorf(v, "base must be default or none, got %q", v.Value)
			}
		}
	}
	if useBase {
		for c, e := range base.codes {
			cp := *e
			cp.keywords = slices.Clip(cp.keywords)
			cp.reasons = slices.Clip(cp.reasons)
			t.codes[c] = &cp
		}
		for k := range t.cues {
			t.cues[k] = slices.Clip(base.cues[k])
		}
	}
	var seen = map[Code]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "base":
		case "codes":
			if v.Kind != yaml.SequenceNode {
				p.errorf(v, "codes: want a list, got %s", yamlsrc.KindName(v))
				continue
			}
			for _, n := range v.Content {
				p.code(t, n, seen)
			}
		case "cues":
			if v.Kind != yaml.MappingNode {
				p.errorf(v, "cues: want a mapping, got %s", yamlsrc.KindName(v))
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				kind, ok := cueByName(ck.Value)
				if !ok {
					p.errorf(ck, "unknown cue list %q (want one of %s)", ck.Value, cueNameList())
					continue
				}
				t.cues[kind] = append(t.cues[kind], p.keywords(cv, false)...)
			}
		default:
			p.errorf(k, "unknown field %q (want base, codes or cues)", k.Value)
		}
	}
	for c, e := range t.codes {
		if e.level == 0 {
			p.add(seen[c], 1, fmt.Sprintf("code %d: level is required for a new code", c))
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if len(t.codes) == 0 {
		return nil, &ParseError{Source: "taxonomy", Msg: "no codes"}
	}
	h := fnv.New64a()
	if useBase {
		h.Write(binary.LittleEndian.AppendUint64(nil, base.hash))
	}
	h.Write(src)
	t.hash = h.Sum64()
	return t, nil
}

type taxParser struct{ nodeParser }

// code parses one entry of the codes list into t.
func (p *taxParser) code(t *Taxonomy, n *yaml.Node, seen map[Code]int) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "code entry: want a mapping, got %s", yamlsrc.KindName(n))
		return
	}
	var codeNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "code" {
			codeNode = n.Content[i+1]
		}
	}
	if codeNode == nil {
		p.errorf(n, "code entry without code")
		return
	}
	v, err := strconv.Atoi(codeNode.Value)
	if err != nil || v < 1001 || v > 5999 || v%1000 == 0 {
		p.errorf(codeNode, "code %s out of range: want 1001–5999, not x000 (1xxx 商品问题, 2xxx 物流问题, 3xxx 支付问题, 4xxx 售后服务问题, 5xxx 其他问题)", codeNode.Value)
		return
	}
	c := Code(v)
	if line, dup := seen[c]; dup {
		p.errorf(codeNode, "code %d listed twice (first on line %d)", c, line)
		return
	}
	seen[c] = codeNode.Line
	e := t.codes[c]
	if e == nil {
		e = &codeEntry{code: c, weight: 1}
		t.codes[c] = e
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "code":
		case "name":
			if s := p.scalar(v, "name"); s != "" {
				e.name = s
			}
		case "name_en":
			e.nameEN = p.scalar(v, "name_en")
		case "level":
			l, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || !sla.Level(l).Valid() {
				p.errorf(v, "code %d: level %s out of range: want 1 (most severe) … 4", c, v.Value)
				e.level = sla.Level4 // reported; do not report it missing too
				continue
			}
			e.level = sla.Level(l)
		case "weight":
			w, ok := p.weight(v, v.Value)
			if ok {
				e.weight = w
			}
		case "reasons":
			for _, s := range p.values(v, "reasons", false) {
				e.reasons = append(e.reasons, strings.ToLower(strings.TrimSpace(s.Value)))
			}
		case "keywords":
			e.keywords = append(e.keywords, p.keywords(v, true)...)
		default:
			p.errorf(k, "code %d: unknown field %q (want code, name, name_en, level, weight, reasons, keywords)", c, k.Value)
		}
	}
	if e.name == "" {
		p.errorf(codeNode, "code %d: name is required for a new code", c)
	}
	if e.nameEN == "" {
		e.nameEN = e.name
	}
}

// isScript reports whether s is a key a keyword mapping may group keywords by.
func isScript(s string) bool { return s == "zh-Hans" || s == "zh-Hant" || s == "en" }

// keywords parses a keyword list, or a mapping from script to list.
func (p *taxParser) keywords(n *yaml.Node, allowNeg bool) []keyword {
	if n.Kind == yaml.MappingNode {
		var out []keyword
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !isScript(k.Value) {
				p.errorf(k, "unknown script %q (want zh-Hans, zh-Hant or en)", k.Value)
				continue
			}
			for _, kw := range p.keywordList(v, allowNeg) {
				kw.script = k.Value
				out = append(out, kw)
			}
		}
		return out
	}
	return p.keywordList(n, allowNeg)
}

func (p *taxParser) keywordList(n *yaml.Node, allowNeg bool) []keyword {
	var out []keyword
	for _, s := range p.values(n, "keywords", false) {
		text, w := s.Value, 1.0
		if i := strings.LastIndexByte(text, '^'); i >= 0 {
			var ok bool
			if w, ok = p.weight(s, text[i+1:]); !ok {
				continue
			}
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		neg := strings.HasPrefix(text, "~")
		if neg {
			if !allowNeg {
				p.errorf(s, "keyword %q: '~' is only for code keywords", s.Value)
				continue
			}
			text = strings.TrimSpace(text[1:])
		}
		first, near, compound := splitNear(text)
		if compound && (neg || !allowNeg) {
			p.errorf(s, "keyword %q: a proximity keyword (a...b) is only for code keywords and cannot be negated with '~'", s.Value)
			continue
		}
		if compound && strings.Contains(near, "...") {
			p.errorf(s, "keyword %q: a proximity keyword has two parts (a...b)", s.Value)
			continue
		}
		bad := false
		for _, part := range []string{first, near} {
			if part == "" && !compound {
				continue
			}
			norm, ok := normalizeKeyword(part)
			switch {
			case len(norm) == 0:
				p.errorf(s, "keyword %q is empty after normalisation", s.Value)
				bad = true
			case !ok:
				p.errorf(s, "keyword %q spans a clause separator (，。！？; …)", s.Value)
				bad = true
			}
			if bad {
				break
			}
		}
		if bad {
			continue
		}
		if compound {
			out = append(out, keyword{text: first, near: near, weight: w, line: s.Line})
			continue
		}
		out = append(out, keyword{text: text, weight: w, negOnly: neg, line: s.Line})
	}
	return out
}

// splitNear splits a proximity keyword "a...b" (also "a…b") into its parts.
func splitNear(text string) (first, near string, ok bool) {
	for _, sep := range []string{"...", "…"} {
		if i := strings.Index(text, sep); i >= 0 {
			return strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+len(sep):]), true
		}
	}
	return text, "", false
}

func (p *taxParser) weight(n *yaml.Node, s string) (float64, bool) {
	w, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(w > 0 && w <= 10) {
		p.errorf(n, "weight %q out of range: want a number in (0, 10]", s)
		return 0, false
	}
	return w, true
}
