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
		// Idioms, a product's damage, a computer virus, a fear: found by
		// classifying all 32,522 shared reviews and reading the injuries
		// and threats that raised a level.
		{injury, "我真的真的很后悔买这套书，尤其，居然买了两套。肠子都悔青了"}, // n00125
		{injury, "东西还行，发货速度让人气炸了，给客服打了七八遍电话"},     // n05532
		{injury, "卡炸了，有时还失灵"},                     // n04632
		{injury, "还什么韵达快递真的是差到爆炸了！！！"},            // n20966
		{injury, "挺好用的，但是出厂为什么没有保护膜，屏幕有小划伤"},      // n02922
		{injury, "屏幕一般吧，但是外屏的面板很容易被划伤"},           // n07035
		{injury, "有一箱12个苹果有7个有磕伤"},                // n09135
		{injury, "外皮都长毛了，还有碰破皮的"},                 // n10804
		{injury, "传了两天就开缝了，质量也不行"},                // n20514
		{injury, "这台平板，预装软件太多，还无法刷机，容易中毒"},        // n01872
		{injury, "布料差得我自己都不敢信！可想而知我的心受伤了！"},       // n19640
		{injury, "充电器充电时很烫，都不敢晚上充电，怕起火"},          // n03454
		{injury, "还不到半个小时手机的一半就已经发烫到手不敢碰了"},       // n02196
		{injury, "刚用第一天，从50CM高摔了一下，屏碎了一半"},        // n04634
		// Not a complaint (5999): an opinion on a book's advice.
		{injury, "认真看过之后，觉得大家身体出现状况还是该去医院进行临床诊疗，至少比这本书可靠多了"}, // n00891
		{threat, "媒体炒作得太厉害了，平时没有时间看电视，慕名买了书，却发现其实一般般"},       // n00956
		{threat, "是听电视台介绍才买的这本书"},                            // n00813
		{threat, "手机反映有点小慢，还不支持媒体卡"},                         // n07133
		{threat, "蒙牛屡次出问题，不见监管部门处罚，不见蒙牛道歉"},                  // n18478
		{threat, "卧槽，蒙牛又被曝光质量问题"},                            // n18396
		{threat, "还是很油，广告真害人。希望政府打击虚假广告"},                    // n17273
		{threat, "今天看了315，突然想起最近刚买的洗发水"},                     // n13368
		{threat, "书里告诉有钱人要懂得回报社会"},                           // n00089
		{threat, "电量不足时报警太频繁、烦人得很"},                          // n07481
	}
	// A simile around a hazard's own keyword is not the hazard either
	// (the real-text evaluation's 像要爆炸了一样): neither 1005 nor level 1.
	for _, text := range []string{"热水器声音大得像要爆炸了一样", "手机充电的时候烫得像要爆炸了一样"} {
		if r := Default().Classify(Complaint{Text: text}); r.Code == CodeSafetyHazard || r.Level == 1 {
			t.Errorf("%q: %d at level %d %v", text, r.Code, r.Level, r.Escalations)
		}
	}
	if r := Default().Classify(Complaint{Text: "充电宝炸了"}); r.Code != CodeSafetyHazard || r.Level != 1 {
		t.Errorf("充电宝炸了: %d at level %d, want 1005 at level 1", r.Code, r.Level)
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
		// A threat with no named problem is a complaint of its own (5999
		// is not raised by an injury, but is by a threat).
		{threat, "再不处理我就去找记者曝光"},
		{threat, "I will take this to the media"},
		{threat, "快递还威胁一定要收。投诉客服也没有回音。只好寻求媒体的帮助"}, // n01482
		{threat, "奶粉里有结块，我已经联系了电视台"},
		{threat, "商家卖假货还死不承认，我要找电视台曝光"},
	}
	for _, c := range did {
		if r := Default().Classify(Complaint{Text: c.text}); !hasEscalation(r, c.kind) {
			t.Errorf("%q: not escalated (%v)", c.text, r.Escalations)
		}
	}
}
