package classify

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// complaint200 is a realistic 200-character complaint (mixed content,
// negation, contrast and a threat).
var complaint200 = func() string {
	s := "我上个月在你们店里买了一台空调，安装师傅来的时候态度还可以，质量也没什么问题，" +
		"但是用了不到两个星期就不制冷了，打了好几次客服电话都说在排队，好不容易接通了又说要等售后联系，" +
		"到现在已经十天了还没有人上门维修，天气这么热家里老人孩子都受不了，再不处理我就去12315投诉你们，" +
		"希望尽快给我一个说法，谢谢。"
	for utf8.RuneCountInString(s) < 200 {
		s += "请尽快处理。"
	}
	return string([]rune(s)[:200])
}()

func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector defeats sync.Pool")
	}
	c := Default()
	in := Complaint{Text: complaint200}
	c.Classify(in)
	allocs := testing.AllocsPerRun(200, func() { c.Classify(in) })
	t.Logf("%d-character complaint: %.0f allocs/op", utf8.RuneCountInString(complaint200), allocs)
	if allocs > 5 {
		t.Errorf("%.0f allocs per Classify, want ≤ 5", allocs)
	}
}

func BenchmarkClassify200(b *testing.B) {
	c := Default()
	in := Complaint{Text: complaint200}
	b.ReportAllocs()
	b.SetBytes(int64(len(complaint200)))
	for b.Loop() {
		c.Classify(in)
	}
}

// BenchmarkClassify200Lexicon is BenchmarkClassify200 without the model:
// the ratio of the two, in one run, is what the model costs.
func BenchmarkClassify200Lexicon(b *testing.B) {
	c := newLexicon(b)
	in := Complaint{Text: complaint200}
	b.ReportAllocs()
	b.SetBytes(int64(len(complaint200)))
	for b.Loop() {
		c.Classify(in)
	}
}

// BenchmarkDefault builds the default classifier from scratch: the
// taxonomy's automaton and the model's table.
func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(DefaultTaxonomy()); err != nil {
			b.Fatal(err)
		}
	}
}

// synthetic returns n distinct 2–4-character Chinese keywords and a
// 200-character text over the same characters that contains some of them.
func synthetic(n int) ([]string, string) {
	const alphabet = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单坚据速防史拉世设达尔场织历花受求传口断况采精金界品判参层止边清至万确究书术状厂须离再目海交权且儿青才证低越际八试规斯近注办布门铁需走议县兵固除般引齿千胜细影济白格效置推空配刀叶率述今选养德话查差半敌始片施响收华觉备名红续均药标记难存测士身紧液派准斤角降维板许破述技消底床田势端感往神便贺村构照容非搞亚磨族火段算适讲按值美态黄易彪服早班麦削信排台声该击素张密害侯草何树肥继右属市严径螺检左页抗苏显苦英快称坏移约巴材省黑武培著河帝仅针怎植京助升王眼她抓含苗副杂普谈围食射源例致酸旧却充足短划剂宣环落首尺波承粉践府鱼随考刻靠够满夫失包住促枝局菌杆周护岩师举曲春元超负砂封换太模贫减阳扬江析亩木言球朝医校古呢稻宋听唯输滑站另卫字鼓刚写刘微略范供阿块某功套友限项余倒卷创律雨让骨远帮初皮播优占死毒圈伟季训控激找叫云互跟裂粮粒母练塞钢顶策双留误础吸阻故寸盾晚丝女散焊功株亲院冷彻弹错散商视艺灭版烈零室轻血倍缺厘泵察绝富城冲喷壤简否柱李望盘磁雄似困巩益洲脱投送奴侧润盖挥距触星松送获兴独官混纪依未突架宽冬章湿偏纹吃执阀矿寨责熟稳夺硬价努翻奇甲预职评读背协损棉侵灰虽矛厚罗泥辟告卵箱掌氧恩爱停曾溶营终纲孟钱待尽俄缩沙退陈讨奋械载胞幼哪剥迫旋征槽倒握担仍呀鲜吧卡粗介钻逐弱脚怕盐末阴丰雾冠丙街莱贝辐肠付吉渗瑞惊顿挤秒悬姆烂森糖圣凹陶词迟蚕亿矩康遵牧遭幅园腔订香肉弟屋敏恢忘编印蜂急拿扩伤飞露核缘游振操央伍域甚迅辉异序免纸夜乡久隶缸夹念兰映沟乙吗儒杀汽磷艰晶插埃燃欢铁补咱芽永瓦倾阵碳演威附牙芽永瓦斜灌欧献顺猪洋腐请透司危括脉宜笑若尾束壮暴企菜穗楚汉愈绿拖牛份染既秋遍锻玉夏疗尖殖井费州访吹荣铜沿替滚客召旱悟刺脑措贯藏敢令隙炉壳硫煤迎铸粘探临薄旬善福纵择礼愿伏残雷延烟句纯渐耕跑泽慢栽鲁赤繁境潮横掉锥希池败船假亮谓托伙哲怀割摆贡呈劲财仪沉炼麻罪祖息车穿货销齐鼠抽画饲龙库守筑房歌寒喜哥洗蚀废纳腹乎录镜妇恶脂庄擦险赞钟摇典柄辩竹谷卖乱虚桥奥伯赶垂途额壁网截野遗静谋弄挂课镇妄盛耐援扎虑键归符庆聚绕摩忙舞遇索顾胶羊湖钉仁音迹碎伸灯避泛亡答勇频皇柳哈揭甘诺概宪浓岛袭谁洪谢炮浇斑讯懂灵蛋闭孩释乳巨徒私银伊景坦累匀霉杜乐勒隔弯绩招绍胡呼痛峰零柴簧午跳居尚丁秦稍追梁折耗碱殊岗挖氏刃剧堆赫荷胸衡勤膜篇登驻案刊秧缓凸役剪川雪链渔啦脸户洛孢勃盟买杨宗焦赛旗滤硅炭股坐蒸凝竟陷枪黎救冒暗洞犯筒您宋弧爆谬涂味津臂障褐陆啊健尊豆拔莫抵桑坡缝警挑污冰柬嘴啥饭塑寄赵喊垫丹渡耳刨虎笔稀昆浪萨茶滴浅拥穴覆伦娘吨浸袖珠雌妈紫戏塔锤震岁貌洁剖牢锋疑霸闪埔猛诉刷狠忽灾闹乔唐漏闻沈熔氯荒茎男凡抢像浆旁玻亦忠唱蒙予纷捕锁尤乘乌智淡允叛畜俘摸锈扫毕璃宝芯爷鉴秘净蒋钙肩腾枯抛轨堂拌爸循诱祝励肯酒绳穷塘燥泡袋朗喂铝软渠颗惯贸粪综墙趋彼届墨碍启逆卸航衣孙龄岭骗休借"
	r := rand.New(rand.NewPCG(1, 2))
	runes := []rune(alphabet)
	seen := map[string]bool{}
	var kws []string
	for len(kws) < n {
		l := 2 + r.IntN(3)
		var sb strings.Builder
		for range l {
			sb.WriteRune(runes[r.IntN(len(runes))])
		}
		if s := sb.String(); !seen[s] {
			seen[s] = true
			kws = append(kws, s)
		}
	}
	var text strings.Builder
	for text.Len() < 600 { // 200 characters of 3 bytes
		if r.IntN(10) == 0 {
			text.WriteString(kws[r.IntN(len(kws))])
		} else {
			text.WriteRune(runes[r.IntN(len(runes))])
		}
	}
	return kws, string([]rune(text.String())[:200])
}

// BenchmarkKeywords1000 compares the automaton with the naive loop of
// strings.Contains over the same 1,000 keywords and the same 200-character
// text (PEERS.md workload C). "classify" is the whole Classify call; "scan"
// only normalisation plus the automaton pass.
func BenchmarkKeywords1000(b *testing.B) {
	kws, text := synthetic(1000)
	var src strings.Builder
	src.WriteString("base: none\ncodes:\n")
	for i := range 10 {
		fmt.Fprintf(&src, "  - code: %d\n    name: c%d\n    level: 3\n    keywords: [", 5101+i, i)
		for j := i * 100; j < (i+1)*100; j++ {
			if j > i*100 {
				src.WriteString(", ")
			}
			src.WriteString(kws[j])
		}
		src.WriteString("]\n")
	}
	tax, err := ParseTaxonomy([]byte(src.String()))
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(tax)
	if err != nil {
		b.Fatal(err)
	}
	in := Complaint{Text: text}
	b.Run("classify", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.Classify(in)
		}
	})
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		s := c.scratch.Get().(*scratch)
		for b.Loop() {
			c.scan(s, text)
		}
		c.scratch.Put(s)
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			for _, k := range kws {
				if strings.Contains(text, k) {
					n++
				}
			}
		}
		_ = n
	})
}

// BenchmarkClassifyLinear classifies 1 MB and 2 MB of complaint text: the
// second should take about twice the first (Classify is linear in the
// text), compared in one run.
func BenchmarkClassifyLinear(b *testing.B) {
	for _, mb := range []int{1, 2} {
		text := strings.Repeat(linearUnit, (mb<<20)/len(linearUnit))
		b.Run(strconv.Itoa(mb)+"MB", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Default().Classify(Complaint{Text: text})
			}
		})
	}
}
