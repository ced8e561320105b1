package bench

// Workload C: complaint matching — finding which of many keywords occur in a
// 200-character complaint, and so which complaint code it gets.
//
//   - Match/kw1000: a taxonomy of its own (`base: none`, no cue lexicons) with
//     1,000 simplified-Chinese keywords over 25 codes: 6 real ones planted
//     in the complaint, 994 generated from common characters and checked not
//     to occur in it. classify (one automaton pass over the normalised text,
//     then scoring) against a naive strings.Contains loop over the same 1,000
//     keywords, and against a hand-written window → map lookup.
//   - Match/default_taxonomy: classify.Default() — every keyword of the
//     embedded taxonomy in all three scripts, plus negation, contrast, injury
//     and threat cues — against the naive loop over the same keywords.
//
// The naive loop and the window map look at the raw text: they do not
// normalise it (traditional → simplified, width, case, punctuation) and do
// not score, which classify does on every call. The comparison therefore
// favours them.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/classify"
)

// complaint200 is the benchmark complaint: 200 characters about a kettle
// that stopped heating, asking for an exchange or a refund.
const complaint200 = "我上周在你们店里买的电水壶，收到货第三天就用不了，插上电源完全不加热，指示灯不亮，" +
	"按开关也没有任何反应。联系客服说要我自己寄回去检测，来回运费还要我出，这明显是质量问题，" +
	"和我的使用方式没有关系。家里老人每天都要烧水喝，现在只能用锅烧，真的很不方便。" +
	"之前在别家买的同款用了两年都没出过毛病，所以我才相信你们店。希望你们尽快给我换一个新的，" +
	"或者直接退款也可以，请在三天内给我一个明确的答复，麻烦了，谢谢。"

// planted are the real keywords that occur in complaint200, by code: three
// for 1001 质量问题, one each for 3002 退款问题, 4002 处理效率 and 4003
// 解决方案不满 — so 1001 must win.
var planted = map[classify.Code][]string{
	1001: {"不加热", "指示灯不亮", "质量问题"},
	3002: {"退款"},
	4003: {"运费还要我出"},
	4002: {"没有任何反应"},
}

// kwCodes are the 25 codes the 1,000 keywords are spread over.
var kwCodes = []classify.Code{
	1001, 1002, 1003, 1004, 1005, 1006, 2001, 2002, 2003, 2004, 2005,
	3001, 3002, 3003, 3004, 3005, 4001, 4002, 4003, 4004, 4005, 5001, 5002, 5003, 5004,
}

// kwPool is the characters the generated keywords are made of: common in
// complaints, so the generated keywords share many prefixes with the text.
const kwPool = "商品质量问题发货物流快递退款客服态度服务包装破损颜色尺寸不符假冒正品电池充电屏幕开关按钮" +
	"声音味道过期变质漏水发热慢差坏旧脏少错换修赔偿订单支付账户优惠券价格保护发票网站页面登录" +
	"密码信息泄露骚扰电话投诉处理效率解决方案维修保修配件说明书安装师傅上门取件签收丢件停滞延迟" +
	"司机快递员收费重量规格型号材料做工线头开裂褪色缩水起球异味刺鼻生锈变形划痕凹陷松动卡顿死机"

type keywordSet struct {
	words []string        // every keyword, in taxonomy order
	code  []classify.Code // code of words[i]
	yaml  string          // the taxonomy, for classify.ParseTaxonomy
}

// kw1000 builds the 1,000-keyword taxonomy deterministically.
func kw1000(tb testing.TB) keywordSet {
	stripped := stripPunct(complaint200)
	seen := make(map[string]bool)
	var ks keywordSet
	add := func(w string, c classify.Code) {
		seen[w] = true
		ks.words = append(ks.words, w)
		ks.code = append(ks.code, c)
	}
	for _, c := range kwCodes {
		for _, w := range planted[c] {
			add(w, c)
		}
	}
	pool := []rune(kwPool)
	rng := rand.New(rand.NewPCG(2026, 9))
	for i := 0; len(ks.words) < 1000; i++ {
		n := 2 + rng.IntN(3)
		r := make([]rune, n)
		for j := range r {
			r[j] = pool[rng.IntN(len(pool))]
		}
		w := string(r)
		if seen[w] || strings.Contains(stripped, w) {
			continue
		}
		add(w, kwCodes[i%len(kwCodes)])
	}
	var b strings.Builder
	b.WriteString("base: none\ncodes:\n")
	for _, c := range kwCodes {
		fmt.Fprintf(&b, "  - code: %d\n    name: 代码%d\n    level: 3\n    keywords: [", c, c)
		first := true
		for i, w := range ks.words {
			if ks.code[i] != c {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(w)
		}
		b.WriteString("]\n")
	}
	ks.yaml = b.String()
	if len(ks.words) != 1000 {
		tb.Fatalf("%d keywords", len(ks.words))
	}
	return ks
}

// defaultKeywords are every keyword of the default taxonomy, as written.
func defaultKeywords() keywordSet {
	var ks keywordSet
	t := classify.DefaultTaxonomy()
	for _, c := range t.Codes() {
		for _, w := range t.Keywords(c) {
			ks.words = append(ks.words, w)
			ks.code = append(ks.code, c)
		}
	}
	return ks
}

func stripPunct(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("，。、；：！？,.;:!? ", r) {
			return -1
		}
		return r
	}, s)
}

// naiveMatch is the naive peer: strings.Contains for every keyword.
func naiveMatch(dst []int, text string, words []string) []int {
	dst = dst[:0]
	for i, w := range words {
		if strings.Contains(text, w) {
			dst = append(dst, i)
		}
	}
	return dst
}

// windowMatcher is the hand-written peer: look up every window of 1 to n
// characters of the text in a map, n being the longest keyword's length.
type windowMatcher struct {
	words map[string]int
	min   int // shortest and longest keyword, in characters
	max   int
}

func newWindowMatcher(words []string) *windowMatcher {
	m := &windowMatcher{words: make(map[string]int, len(words)), min: 1 << 30}
	for i, w := range words {
		m.words[w] = i
		n := utf8.RuneCountInString(w)
		m.min, m.max = min(m.min, n), max(m.max, n)
	}
	return m
}

func (m *windowMatcher) match(dst []int, text string) []int {
	dst = dst[:0]
	var offs [16]int // byte offsets of the next rune boundaries
	for i := 0; i < len(text); {
		n := 0 // boundaries found: offs[0] = i, offs[k] = end of the k-th rune
		for j := i; n <= m.max && n < len(offs); n++ {
			offs[n] = j
			if j == len(text) {
				n++
				break
			}
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
		}
		for k := m.min; k <= m.max && k < n; k++ {
			if idx, ok := m.words[text[i:offs[k]]]; ok {
				dst = append(dst, idx)
			}
		}
		i = offs[1]
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// winner is the code with the most matched keywords (the first on ties),
// which is how a keyword-list classifier picks.
func winner(matches []int, code []classify.Code) classify.Code {
	best, bestN := classify.Code(0), 0
	for _, i := range matches {
		n := 0
		for _, j := range matches {
			if code[j] == code[i] {
				n++
			}
		}
		if n > bestN {
			best, bestN = code[i], n
		}
	}
	return best
}

// matchSetup returns the classifier, the keywords and the expected matches.
func matchSetup(tb testing.TB, which string) (*classify.Classifier, keywordSet, []string) {
	switch which {
	case "kw1000":
		ks := kw1000(tb)
		tax, err := classify.ParseTaxonomy([]byte(ks.yaml))
		if err != nil {
			tb.Fatal(err)
		}
		c, err := classify.New(tax)
		if err != nil {
			tb.Fatal(err)
		}
		var want []string
		for _, c := range kwCodes {
			want = append(want, planted[c]...)
		}
		return c, ks, want
	case "default_taxonomy":
		return classify.Default(), defaultKeywords(), nil
	}
	tb.Fatalf("unknown keyword set %q", which)
	return nil, keywordSet{}, nil
}

func matchedWords(ks keywordSet, idx []int) []string {
	var ws []string
	for _, i := range idx {
		ws = append(ws, ks.words[i])
	}
	slices.Sort(ws)
	return ws
}

// checkMatch verifies that every tool finds the same keywords and the same
// code (1001) in complaint200.
func checkMatch(tb testing.TB, which string) {
	tb.Helper()
	c, ks, want := matchSetup(tb, which)
	naive := naiveMatch(nil, complaint200, ks.words)
	got := matchedWords(ks, naive)
	if want != nil {
		slices.Sort(want)
		if !slices.Equal(got, want) {
			tb.Errorf("%s: naive loop matched %q, want %q", which, got, want)
		}
		if w := matchedWords(ks, newWindowMatcher(ks.words).match(nil, complaint200)); !slices.Equal(w, want) {
			tb.Errorf("%s: window map matched %q, want %q", which, w, want)
		}
	}
	if code := winner(naive, ks.code); code != 1001 {
		tb.Errorf("%s: naive loop picks %d, want 1001 (matches %q)", which, code, got)
	}
	res := c.Classify(classify.Complaint{Text: complaint200})
	if res.Code != 1001 {
		tb.Errorf("%s: classify picks %d (%s), want 1001; evidence %+v", which, res.Code, res.Name, res.Evidence)
	}
	if want != nil {
		// classify's evidence for 1001 is exactly the naive loop's 1001 keywords.
		var ev, naive1001 []string
		for _, m := range res.Evidence {
			if m.Kind == classify.KindKeyword && m.Code == 1001 {
				ev = append(ev, m.Keyword)
			}
		}
		for _, i := range naive {
			if ks.code[i] == 1001 {
				naive1001 = append(naive1001, ks.words[i])
			}
		}
		slices.Sort(ev)
		slices.Sort(naive1001)
		if !slices.Equal(ev, naive1001) {
			tb.Errorf("%s: classify evidence %q, naive loop %q", which, ev, naive1001)
		}
	}
}

// BenchmarkMatch: sub-benchmarks are Match/<keyword set>/<tool>.
func BenchmarkMatch(b *testing.B) {
	if n := utf8.RuneCountInString(complaint200); n != 200 {
		b.Fatalf("complaint has %d characters, want 200", n)
	}
	for _, which := range []string{"kw1000", "default_taxonomy"} {
		checkMatch(b, which)
		if b.Failed() {
			b.FailNow()
		}
		c, ks, _ := matchSetup(b, which)
		in := classify.Complaint{Text: complaint200}
		b.Run(which+"/aftersales", func(b *testing.B) {
			b.ReportAllocs()
			var res classify.Result
			for b.Loop() {
				res = c.Classify(in)
			}
			if res.Code != 1001 {
				b.Fatal(res.Code)
			}
		})
		b.Run(which+"/naive_contains", func(b *testing.B) {
			b.ReportAllocs()
			var dst []int
			var code classify.Code
			for b.Loop() {
				dst = naiveMatch(dst, complaint200, ks.words)
				code = winner(dst, ks.code)
			}
			if code != 1001 {
				b.Fatal(code)
			}
		})
		if which != "kw1000" {
			continue // the default taxonomy has English keywords: words, not characters
		}
		b.Run(which+"/window_map", func(b *testing.B) {
			m := newWindowMatcher(ks.words)
			b.ReportAllocs()
			var dst []int
			var code classify.Code
			for b.Loop() {
				dst = m.match(dst, complaint200)
				code = winner(dst, ks.code)
			}
			if code != 1001 {
				b.Fatal(code)
			}
		})
	}
}

// BenchmarkMatchBuild is the one-off cost of building the matcher for the
// 1,000 keywords: classify parses the YAML and builds its automaton.
func BenchmarkMatchBuild(b *testing.B) {
	ks := kw1000(b)
	b.Run("aftersales", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tax, err := classify.ParseTaxonomy([]byte(ks.yaml))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := classify.New(tax); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("window_map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newWindowMatcher(ks.words)
		}
	})
}

func TestMatchAgreement(t *testing.T) {
	if n := utf8.RuneCountInString(complaint200); n != 200 {
		t.Errorf("complaint has %d characters, want 200", n)
	}
	checkMatch(t, "kw1000")
	checkMatch(t, "default_taxonomy")
}
