package classify

import (
	"errors"
	"github.com/aftersales-go/aftersales/internal/childtest"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aftersales-go/aftersales/sla"
	"github.com/shopspring/decimal"
)

func TestParseCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Code
		ok   bool
	}{
		{"1001", 1001, true}, {" 5999 ", 5999, true}, {"2005", 2005, true},
		{"1000", 0, false}, {"6001", 0, false}, {"0999", 0, false}, {"abc", 0, false},
		{"", 0, false}, {"-1001", 0, false}, {"70000", 0, false},
	} {
		got, err := ParseCode(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseCode(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestCategory(t *testing.T) {
	for _, tc := range []struct {
		code   Code
		cat    Category
		zh, en string
	}{
		{1001, CategoryProduct, "商品问题", "product"},
		{2004, CategoryLogistics, "物流问题", "logistics"},
		{3005, CategoryPayment, "支付问题", "payment"},
		{4003, CategoryService, "售后服务问题", "after-sales service"},
		{5999, CategoryOther, "其他问题", "other"},
	} {
		c := tc.code.Category()
		if c != tc.cat || c.Chinese() != tc.zh || c.English() != tc.en || c.String() != tc.zh+" ("+tc.en+")" {
			t.Errorf("%d: %v %q %q %q", tc.code, c, c.Chinese(), c.English(), c.String())
		}
		if lo, hi := c.Range(); tc.code < lo || tc.code > hi {
			t.Errorf("%d outside %v's range %d–%d", tc.code, c, lo, hi)
		}
	}
	if Category(9).Valid() || Category(9).String() != "Category(9)" {
		t.Errorf("Category(9): %q", Category(9).String())
	}
}

// TestDefaultTaxonomy checks the embedded taxonomy against TAXONOMY.md:
// every code with its base level and keywords in all three scripts, and
// each code's strongest keyword in each script classifies as that code.
func TestDefaultTaxonomy(t *testing.T) {
	lexiconOnly := newLexicon(t)
	want := map[Code]sla.Level{
		1001: 2, 1002: 2, 1003: 1, 1004: 2, 1005: 1, 1006: 1,
		2001: 3, 2002: 3, 2003: 2, 2004: 2, 2005: 3,
		3001: 3, 3002: 2, 3003: 3, 3004: 2, 3005: 3,
		4001: 3, 4002: 3, 4003: 3, 4004: 2, 4005: 2,
		5001: 3, 5002: 3, 5003: 3, 5004: 2, 5005: 4, 5999: 4,
	}
	tax := DefaultTaxonomy()
	if got := tax.Codes(); len(got) != len(want) {
		t.Fatalf("codes %v, want %d codes", got, len(want))
	}
	tab := foldTable()
	for code, lvl := range want {
		if tax.BaseLevel(code) != lvl || tax.Name(code) == "" || tax.EnglishName(code) == "" {
			t.Errorf("%d: level %v name %q/%q, want level %v", code, tax.BaseLevel(code), tax.Name(code), tax.EnglishName(code), lvl)
		}
		best := map[string]keyword{}
		for _, k := range tax.codes[code].keywords {
			if b, ok := best[k.script]; (!ok || k.weight > b.weight) && !k.negOnly && k.near == "" {
				best[k.script] = k
			}
		}
		for _, script := range []string{"zh-Hans", "zh-Hant", "en"} {
			k, ok := best[script]
			if !ok {
				t.Errorf("%d has no %s keywords", code, script)
				continue
			}
			switch script {
			case "en":
				if strings.IndexFunc(k.text, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
					t.Errorf("%d: English keyword %q is not ASCII", code, k.text)
				}
			case "zh-Hant":
				// At least one traditional list entry per code really is
				// traditional (changes under t2s) or Cantonese/Taiwanese.
				trad := false
				for _, kk := range tax.codes[code].keywords {
					if kk.script == "zh-Hant" {
						for _, r := range kk.text {
							if foldRune(tab, r) != unicode_ToLowerSafe(r) {
								trad = true
							}
						}
					}
				}
				if !trad {
					t.Errorf("%d: no zh-Hant keyword uses a traditional character", code)
				}
			}
			if code == CodeOther {
				continue // 5999's keywords are deliberately weak
			}
			// The lexicon alone: the model may weigh a lone phrase
			// against what it learned from real reviews.
			if r := lexiconOnly.Classify(Complaint{Text: k.text}); r.Code != code {
				t.Errorf("%d %s: strongest keyword %q classifies as %d (%v)", code, script, k.text, r.Code, r.Candidates)
			}
		}
	}
}

func unicode_ToLowerSafe(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

func TestNegationAndContrast(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Code
	}{
		{"质量没问题，就是快递太慢了", CodeLateDelivery},
		{"質量沒問題，就是快遞太慢了", CodeLateDelivery},
		{"不是质量问题，是颜色和图片不一样", CodeNotAsDescribed},
		{"不是品質問題，是顏色和圖片不一樣", CodeNotAsDescribed},
		{"这不是质量问题，是你们物流摔的，外壳都裂开了", CodeTransitDamage},
		{"不是商家没发货，是物流停在武汉一周不动了", CodeLostParcel},
		{"快递很快，包装也好，就是台灯按了没反应", CodeQuality},
		{"东西没坏也没少，就是等了半个月才送到", CodeLateDelivery},
		{"发货慢就算了，收到的鞋一只38一只39", CodeWrongOrMissing},
		{"The quality is fine but the delivery took forever", CodeLateDelivery},
		{"Not a quality issue - the courier threw my parcel over the fence.", CodeCourier},
		{"保温杯根本不保温，中午就凉了", CodeQuality},
		{"The flask doesn't keep hot at all", CodeQuality},
		{"沙发坐了一个月就塌了", CodeQuality},
		{"我不是要退款，我只是要换个尺码，商家就是不同意换", CodeReturnBlocked},
	} {
		if r := Default().Classify(Complaint{Text: tc.text}); r.Code != tc.want {
			t.Errorf("%q: got %d, want %d (%v)", tc.text, r.Code, tc.want, r.Candidates)
		}
	}
}

func TestEscalations(t *testing.T) {
	amount := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	for _, tc := range []struct {
		name string
		in   Complaint
		code Code
		want sla.Level
		esc  int // number of escalations listed
	}{
		{"base", Complaint{Text: "快递太慢了，等了一周"}, CodeLateDelivery, 3, 0},
		{"injury", Complaint{Text: "拖鞋太滑，我在卫生间摔了一跤，头磕破了"}, CodeQuality, 1, 1},
		{"everyday injury 被划了", Complaint{Text: "箱子破了，刀刃露在外面，我被划了一道"}, CodeTransitDamage, 1, 1},
		{"near miss", Complaint{Text: "玻璃茶几送到的时候裂了，幸好没割到手"}, CodeTransitDamage, 2, 0},
		{"near miss en", Complaint{Text: "The box arrived crushed and the glass shattered; I almost cut my hand."}, CodeTransitDamage, 2, 0},
		{"threat 3→2", Complaint{Text: "快递太慢了，我要找媒体曝光"}, CodeLateDelivery, 2, 1},
		{"threat 2→1", Complaint{Text: "退款一直没到账，我已经向12315投诉了"}, CodeRefund, 1, 1},
		{"threat 4→3", Complaint{Text: "建议增加夜间配送，不然我去消协反映"}, CodeSuggestion, 3, 1},
		{"多媒体 is no threat", Complaint{Text: "多媒体音箱有杂音"}, CodeQuality, 2, 0},
		{"差评 is no threat", Complaint{Text: "快递太慢了，给你们差评"}, CodeLateDelivery, 3, 0},
		{"high value product", Complaint{Text: "洗碗机洗不干净", OrderAmount: amount("5000")}, CodeQuality, 1, 1},
		{"just below", Complaint{Text: "洗碗机洗不干净", OrderAmount: amount("4999.99")}, CodeQuality, 2, 0},
		{"high value, not product", Complaint{Text: "退款只退了一半", OrderAmount: amount("7680")}, CodeRefund, 2, 0},
		{"group", Complaint{Text: "快递太慢了", AffectedCustomers: 10}, CodeLateDelivery, 1, 1},
		{"small group", Complaint{Text: "快递太慢了", AffectedCustomers: 9}, CodeLateDelivery, 3, 0},
		{"all at once", Complaint{Text: "充电宝爆炸，手被烫伤了，我要起诉", OrderAmount: amount("6000"), AffectedCustomers: 12}, CodeSafetyHazard, 1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Default().Classify(tc.in)
			if r.Code != tc.code || r.Level != tc.want || len(r.Escalations) != tc.esc {
				t.Errorf("got %d %v %q, want %d %v with %d escalations (%v)", r.Code, r.Level, r.Escalations, tc.code, tc.want, tc.esc, r.Candidates)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	c, err := New(nil, WithHighValue(decimal.NewFromInt(1000)), WithGroupSize(3))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Classify(Complaint{Text: "耳机没声音", OrderAmount: decimal.NewFromInt(1200)})
	if r.Level != sla.Level1 {
		t.Errorf("high value 1000: level %v %v", r.Level, r.Escalations)
	}
	r = c.Classify(Complaint{Text: "快递太慢了", AffectedCustomers: 3})
	if r.Level != sla.Level1 {
		t.Errorf("group 3: level %v %v", r.Level, r.Escalations)
	}
	if _, err := New(nil, WithHighValue(decimal.Zero), WithGroupSize(1)); err == nil || !strings.Contains(err.Error(), "high-value") || !strings.Contains(err.Error(), "group size") {
		t.Errorf("bad options: %v", err)
	}
}

func TestReason(t *testing.T) {
	r := Default().Classify(Complaint{Text: "东西有问题", Reason: "not_received"})
	if r.Code != CodeLateDelivery {
		t.Errorf("reason not_received: %d %v", r.Code, r.Candidates)
	}
	r = Default().Classify(Complaint{Reason: "3005"})
	if r.Code != CodeInvoice {
		t.Errorf("reason 3005: %d", r.Code)
	}
	r = Default().Classify(Complaint{Text: "快递太慢了", Reason: "no-such-reason"})
	if r.Code != CodeLateDelivery {
		t.Errorf("unknown reason: %d", r.Code)
	}
}

func TestEdgeCases(t *testing.T) {
	for _, text := range []string{"", "   ", "\xff\xfe\xfd", "。。。！！！", "😀😀😀", strings.Repeat("\x80", 100), "a"} {
		r := Default().Classify(Complaint{Text: text})
		// Nothing the lexicon knows: 5999, with a low confidence (the
		// model's probability of 5999, or ≤ 0.2 without a model).
		if r.Code != CodeOther || r.Level != sla.Level4 || r.Confidence > noMatchConfidence || r.Name == "" {
			t.Errorf("%q: %+v", text, r)
		}
	}
	// Invalid bytes inside a keyword's text are dropped like symbols.
	if r := Default().Classify(Complaint{Text: "快递\xff太慢"}); r.Code != CodeLateDelivery {
		t.Errorf("invalid byte inside: %d", r.Code)
	}
	// Full-width and spaced-out text.
	if r := Default().Classify(Complaint{Text: "ＲＥＦＵＮＤ　ＮＯＴ　ＲＥＣＥＩＶＥＤ"}); r.Code != CodeRefund {
		t.Errorf("full-width: %d", r.Code)
	}
	if r := Default().Classify(Complaint{Text: "质 量 问 题"}); r.Code != CodeQuality {
		t.Errorf("spaced: %d", r.Code)
	}
}

// TestLinear classifies a 1 MB complaint and one twice as long: the time
// must grow about linearly (the bound is loose to survive a busy machine).
// TestHugeText: a text of several megabytes gives a defined result with
// the evidence capped, in a child process with a generous deadline, so
// that a quadratic stage fails the test instead of hanging it. How the time
// grows with the length is measured by BenchmarkClassifyLinear (1 MB and
// 2 MB in one run), never by a timed test.
func TestHugeText(t *testing.T) {
	// 4 MB of CJK text is 1.4 M positions (22 MB); the heap cap leaves room
	// for them, not for a per-n-gram record of the whole text.
	childtest.Run(t, childtest.Limits{Timeout: 60 * time.Second, MaxHeap: 96 << 20}, func(t *testing.T) {
		text := strings.Repeat(linearUnit, (4<<20)/len(linearUnit))
		r := Default().Classify(Complaint{Text: text})
		if len(r.Evidence) > maxEvidence || r.Code == 0 || !r.Level.Valid() {
			t.Errorf("4 MB: %d evidence, code %d, level %v", len(r.Evidence), r.Code, r.Level)
		}
	})
}

// linearUnit is the text TestHugeText and BenchmarkClassifyLinear repeat:
// keywords, negation, contrast and English, so that every stage has work.
const linearUnit = "快递太慢了，质量也不好，不是质量问题而是颜色不对，但是客服态度很差！The refund hasn't arrived. "

func TestTraditionalEqualsSimplified(t *testing.T) {
	pairs := [][2]string{
		{"買的保溫杯根本不保溫，早上裝的熱水中午就涼了", "买的保温杯根本不保温，早上装的热水中午就凉了"},
		{"退款已經一個月了還沒收到，每次問都說在處理中", "退款已经一个月了还没收到，每次问都说在处理中"},
		{"帳號被盜用，有人用我的帳號買了三支手機", "账号被盗用，有人用我的账号买了三支手机"},
		{"客服態度很差，還掛我電話，我要找消基會", "客服态度很差，还挂我电话，我要找消基会"},
	}
	for _, p := range pairs {
		a, b := Default().Classify(Complaint{Text: p[0]}), Default().Classify(Complaint{Text: p[1]})
		if a.Code != b.Code || a.Level != b.Level {
			t.Errorf("%q → %d %v, %q → %d %v", p[0], a.Code, a.Level, p[1], b.Code, b.Level)
		}
	}
	// Every traditional line of the labelled sets, converted to simplified
	// character by character, classifies the same.
	tab := foldTable()
	for _, f := range []string{"testdata/complaints-dev.jsonl", "testdata/complaints-holdout.jsonl", "testdata/complaints-holdout2.jsonl"} {
		for _, l := range readExamplesFile(t, f) {
			if l.Lang != "zh-Hant" {
				continue
			}
			simp := strings.Map(func(r rune) rune {
				if r < 0x3400 {
					return r
				}
				return foldRune(tab, r)
			}, l.Text)
			a, b := Default().Classify(l.Complaint()), Default().Classify(Complaint{Text: simp, OrderAmount: l.OrderAmount, AffectedCustomers: l.AffectedCustomers})
			if a.Code != b.Code || a.Level != b.Level || !slices.Equal(a.Candidates, b.Candidates) {
				t.Errorf("%s: %d %v vs simplified %q %d %v", l.ID, a.Code, a.Level, simp, b.Code, b.Level)
			}
		}
	}
}

func TestEvidenceOffsets(t *testing.T) {
	text := "ＡＢ買的保溫杯根本不保溫，我要去１２３１５投訴"
	r := Default().Classify(Complaint{Text: text})
	if r.Code != CodeQuality || r.Level != sla.Level1 {
		t.Fatalf("%d %v", r.Code, r.Level)
	}
	var kinds []MatchKind
	for _, m := range r.Evidence {
		if text[m.Start:m.End] != m.Phrase {
			t.Errorf("phrase %q != text[%d:%d]", m.Phrase, m.Start, m.End)
		}
		kinds = append(kinds, m.Kind)
	}
	if !slices.Contains(kinds, KindThreat) || !slices.Contains(kinds, KindKeyword) {
		t.Errorf("evidence %+v", r.Evidence)
	}
	// The full-width digits of １２３１５ are the threat's phrase.
	for _, m := range r.Evidence {
		if m.Kind == KindThreat && !strings.HasPrefix(m.Phrase, "１２３１５") {
			t.Errorf("threat phrase %q", m.Phrase)
		}
	}
}

func TestParseTaxonomy(t *testing.T) {
	src := []byte(`
codes:
  - code: 1101
    name: 电池鼓包
    name_en: swollen battery
    level: 1
    reasons: [battery]
    keywords:
      zh-Hans: [电池鼓包^3, 鼓包]
      zh-Hant: [電池膨脹^4]
      en: [swollen battery]
  - code: 1001
    keywords: [掉渣^2]
cues:
  threat: [黑猫投诉平台]
`)
	tax, err := ParseTaxonomy(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(tax)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Classify(Complaint{Text: "手机电池鼓包了"}); r.Code != 1101 || r.Name != "电池鼓包" || r.Level != sla.Level1 {
		t.Errorf("new code: %+v", r)
	}
	if r := c.Classify(Complaint{Text: "電池膨脹"}); r.Code != 1101 {
		t.Errorf("traditional keyword: %d", r.Code)
	}
	if r := c.Classify(Complaint{Text: "饼干一碰就掉渣"}); r.Code != CodeQuality {
		t.Errorf("extra keyword: %d %v", r.Code, r.Candidates)
	}
	if r := c.Classify(Complaint{Text: "快递太慢了，我要发到黑猫投诉平台"}); r.Level != sla.Level2 {
		t.Errorf("extra cue: %v", r.Level)
	}
	if r := c.Classify(Complaint{Text: "x", Reason: "battery"}); r.Code != 1101 {
		t.Errorf("reason: %d", r.Code)
	}
	if tax.BaseLevel(1001) != 2 || !slices.Contains(tax.Keywords(1001), "掉渣") || !slices.Contains(tax.Keywords(1001), "质量问题") {
		t.Errorf("1001 not extended")
	}
	// The default is untouched.
	if slices.Contains(DefaultTaxonomy().Keywords(1001), "掉渣") {
		t.Errorf("default taxonomy modified")
	}
	// base: none stands alone.
	alone, err := ParseTaxonomy([]byte("base: none\ncodes:\n  - {code: 5101, name: 测试, level: 4, keywords: [测试]}\n"))
	if err != nil || len(alone.Codes()) != 1 {
		t.Fatalf("base none: %v %v", err, alone)
	}
	c2, _ := New(alone)
	if r := c2.Classify(Complaint{Text: "快递太慢了"}); r.Code != CodeOther || r.Name != "其他" {
		t.Errorf("no 5999 in the taxonomy: %+v", r)
	}
}

func TestParseTaxonomyErrors(t *testing.T) {
	src := `codes:
  - code: 6001
    name: bad
    level: 2
  - code: 2000
    name: bad
    level: 2
  - code: 1101
    name: ok
    level: 5
  - code: 1102
    name: ok
    level: 2
    keywords: [好^0, "x^abc", "，", 不...是...的]
  - code: 1103
    level: 2
    colour: red
  - code: 1102
    name: again
cues:
  nonsense: [x]
  threat: [~x]
`
	_, err := ParseTaxonomy([]byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		"taxonomy:2:11: code 6001 out of range",
		"taxonomy:5:11: code 2000 out of range",
		"taxonomy:10:12: code 1101: level 5 out of range",
		"taxonomy:14:16: weight \"0\" out of range",
		"taxonomy:14:21: weight \"abc\"",
		"taxonomy:14:30: keyword \"，\" is empty",
		"a proximity keyword has two parts",
		"taxonomy:15:11: code 1103: name is required",
		"taxonomy:17:5: code 1103: unknown field \"colour\"",
		"taxonomy:18:11: code 1102 listed twice (first on line 11)",
		"taxonomy:21:3: unknown cue list \"nonsense\"",
		"'~' is only for code keywords",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line == 0 {
		t.Errorf("not a *ParseError with a line: %v", pe)
	}
	for _, bad := range []string{"[1, 2]", "codes: 3", "codes: [x]", "base: maybe\ncodes: []", ": :", "base: none"} {
		if _, err := ParseTaxonomy([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"質量問題":       "质量问题",
		"ＡＢＣ　１２３":    "abc123",
		"不是，是":       "不是|是",
		"4.5 stars.": "4.5stars|", // no keyword spans the point: 3.15 is not 315
		"Don't work": "dontwork",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConcurrent(t *testing.T) {
	lines := readExamplesFile(t, "testdata/complaints-dev.jsonl")
	want := make([]Result, len(lines))
	for i, l := range lines {
		want[i] = Default().Classify(l.Complaint())
	}
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := range lines {
				j := (i + g*7) % len(lines)
				if r := Default().Classify(lines[j].Complaint()); r.Code != want[j].Code || r.Level != want[j].Level {
					t.Errorf("%s: concurrent result differs", lines[j].ID)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestTaxonomyYAMLStrictness: the taxonomy reader refuses what every YAML
// reader of the module refuses (repeated keys, merge keys, tags), with
// line and column, instead of taking the last of repeated keys.
func TestTaxonomyYAMLStrictness(t *testing.T) {
	for src, want := range map[string]string{
		"codes:\n  - code: 1101\n    name: a\n    name: b\n    level: 2\n    keywords: [x]\n": "taxonomy:4:5",
		"codes: []\ncodes: []\n": "taxonomy:2:1",
		"base: !!str default\n":  "taxonomy:1:7",
	} {
		_, err := ParseTaxonomy([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error at %s", src, err, want)
		}
	}
}

func TestCategoryRange(t *testing.T) {
	for c, want := range map[Category][2]Code{CategoryProduct: {1001, 1999}, CategoryLogistics: {2001, 2999}, CategoryOther: {5001, 5999}} {
		if first, last := c.Range(); first != want[0] || last != want[1] {
			t.Errorf("%v.Range() = %d, %d, want %d, %d", c, first, last, want[0], want[1])
		}
	}
}

// TestPlatformWords: the platform's own words, and 券 written 卷, as the
// real-text evaluation reported them falling to 5999: the lexicon alone
// finds their codes, and so does the default classifier.
func TestPlatformWords(t *testing.T) {
	both := lexiconAndDefault(t)
	for _, tc := range []struct {
		text string
		code Code
	}{
		{"优惠卷用不了", CodePromotion},
		{"领了东券结算时不能用", CodePromotion},
		{"京豆抵扣不了，结算还是原价", CodePromotion},
		{"白条分期不能选", CodePaymentMethod},
	} {
		for name, c := range both {
			if r := c.Classify(Complaint{Text: tc.text}); r.Code != tc.code {
				t.Errorf("%s: %q: %d, want %d (%v)", name, tc.text, r.Code, tc.code, r.Candidates)
			}
		}
	}
}

// TestLevel1Words: session 8's level-1 words of 1003 and 1006 (rot, mould,
// opened or used goods) raise what they name, and not the idioms and
// packaging they sit inside (a review found each of these misfiring: 倒霉了
// read as mould, a seller's 心是黑的 as a rotten core, a crushed box's
// 都烂了 as rot, a parcel opened in transit or "the worst I have used" as
// used goods sold as new), by the lexicon alone and with the model.
func TestLevel1Words(t *testing.T) {
	both := lexiconAndDefault(t)
	for _, tc := range []struct {
		text   string
		level1 bool
	}{
		{"苹果都烂了，全扔了", true},
		{"收到的洗发水是被打开过的", true},
		{"一箱橙子有烂的，还有霉味", true},
		{"客服不理人，自认倒霉了", false},
		{"快递三天还没到，只能认倒霉了", false},
		{"真倒霉了，耳机用了两天就没声音", false},
		{"商家的心是黑的，价格比别家贵一倍", false},
		{"包装都烂了，里面的洗发水漏了一半", false},
		{"快递盒被打开过，少了一个配件", false},
		{"这是我用过的最差的耳机", false},
		{"第二 手机送过来居然没有膜", false},
		{"有没有坏的我也不知道，快递是慢了点", false},
	} {
		for name, c := range both {
			if r := c.Classify(Complaint{Text: tc.text}); (r.Level == sla.Level1) != tc.level1 {
				t.Errorf("%s: %q: %d %v, want level 1 %v (%v)", name, tc.text, r.Code, r.Level, tc.level1, r.Evidence)
			}
		}
	}
}

// lexiconAndDefault returns the lexicon alone and the default classifier,
// by name, for the tests that hold both to the same answers.
func lexiconAndDefault(tb testing.TB) map[string]*Classifier {
	return map[string]*Classifier{"lexicon": newLexicon(tb), "default": Default()}
}

// newLexicon returns the default taxonomy's classifier without the model:
// the lexicon alone.
func newLexicon(tb testing.TB) *Classifier {
	tb.Helper()
	c, err := New(nil, WithoutModel())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
