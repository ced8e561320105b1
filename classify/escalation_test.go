package classify

import (
	"strings"
	"testing"
)

// hasEscalation reports whether r was raised by an injury or a threat.
func hasEscalation(r Result, prefix string) bool {
	for _, e := range r.Escalations {
		if strings.HasPrefix(e, prefix) {
			return true
		}
	}
	return false
}

// TestEscalationsRealPhrasing: injuries and threats count only when they
// happened to, or come from, the complainant (TAXONOMY.md's labelling
// conventions). The texts are real reviews (testdata/real, ids given) or
// the phrasing the real-text evaluation reported, which the lexicon used
// to escalate.
func TestEscalationsRealPhrasing(t *testing.T) {
	const injury, threat = "injury", "regulator"
	not := []struct{ kind, text string }{
		// Figurative, praise, someone else's, earlier or a condition.
		{injury, "手机充电的时候烫得像要爆炸了一样"},
		{injury, "服务真的没话说，直接送到医院病床"},
		{injury, "朋友家孩子吃了拉肚子，我家的还没吃"},
		{injury, "蒙牛，我早已从失望到绝望…这个行业怎样安慰我们受伤的心？"},       // n17821
		{injury, "小孩对奶粉过敏，奶粉已经过去快一年了还好意思卖"},            // n08846
		{injury, "买过最差的苹果，又小又酸，一半以上是撞伤了的坏果"},           // n09059
		{injury, "褪色太严重了，清水泡4次，每次都一样"},                 // n20052
		{injury, "配送员差劲,态度恶劣,菌菇汤要自己拿开水泡,下次不买了"},        // n27719
		{injury, "买了不到一个月 一个下午就死了4次机 我要摔了它"},           // n07579
		{injury, "去年买的小灵通，使用不到半年，显示屏就炸了"},              // n07313
		{injury, "外包纸箱不知道是不是被快递员弄破了"},                  // n08510
		{threat, "距离想象太远。只需要2k字的新闻稿就可以说明问题"},           // n01196
		{threat, "媒体功能差，gif不支持重复播放"},                   // n07382
		{threat, "蒙牛真心不敢喝了啊 转发微博"},                     // n18067
		{threat, "昨日记者从浦江县公安局获悉，蒙牛一经理因涉嫌生产销售伪劣产品罪被批捕"}, // n17848
		{threat, "首先，物流很慢3.15定的货3.25收到"},               // n21947
		{threat, "价格没啥优势，问了下中关村，1950就能拿了"},             // n24100
		{threat, "一系列蒙牛的负面新闻，我只是奇怪为啥央视还在给它做广告"},        // n17873
		{threat, "the phone's media player keeps crashing"},
		{injury, "去屑止痒效果一般，头皮屑还是很多"},
		{injury, "原来洗头不痒，这个也还好，就是味道淡"},
		// 发烫了 and 太烫了 say the device runs hot, not that someone was
		// burned (烫了 was an injury cue and matched inside them).
		{injury, "华为这个机子真的不咋的，使用的第二天已经开始发烫了！！！"}, // n03769
		{injury, "散热一般。。。用了一会托腕处就发烫了"},           // n23959
		{injury, "充电宝太烫了"},
	}
	for _, c := range not {
		if r := Default().Classify(Complaint{Text: c.text}); hasEscalation(r, c.kind) {
			t.Errorf("%q: escalated %v", c.text, r.Escalations)
		}
	}
	did := []struct{ kind, text string }{
		{injury, "木耳太不新鲜，吃完拉肚子了"},                   // n32414
		{injury, "严重怀疑是假货，用了过敏，慎用"},                 // n14061
		{injury, "速度快，吃的时候没感觉，当天凌晨4点上吐下泻！"},         // n30623
		{injury, "洗过头皮红肿痒的更厉害，头皮屑更多了"},              // n14901
		{injury, "到家孩子已经吃了第一个，然后当晚上吐下泻，已经在医院挂水两天了"}, // n09597
		{injury, "我家孩子摔了一跤，磕破了头"},
		{injury, "充电器烧了，我的手烫了个泡"},
		{injury, "热水壶漏水把孩子的手烫了"},
		// An itchy scalp after use is an allergic reaction (the labelling
		// conventions), a frequent shampoo review.
		{injury, "太假了 洗了头之后一直痒 在超市买的就不会"}, // n15578
		{injury, "一星也不想给，洗完头皮屑越来越多，而且头皮超级痒"},
		{injury, "頭皮癢得要命，用了兩次就不敢再用"},
		{threat, "假货，用了这么多年的清扬，完全不一样，已经拨打了315，等待调查"}, // n15775
		{threat, "如解决不了问题，本人将向315热线反应问题"},            // n01951
		{threat, "再不处理我就去找记者曝光"},
		{threat, "I will take this to the media"},
	}
	for _, c := range did {
		if r := Default().Classify(Complaint{Text: c.text}); !hasEscalation(r, c.kind) {
			t.Errorf("%q: not escalated (%v)", c.text, r.Escalations)
		}
	}
}
