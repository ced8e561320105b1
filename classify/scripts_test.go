package classify

import "testing"

// TestParallelScripts: the same complaint in English, simplified and
// traditional Chinese gets the same code and level.
func TestParallelScripts(t *testing.T) {
	triples := [][3]string{
		{"The power bank got so hot it burned my hand", "充电宝烫得把我的手烫伤了", "充電寶燙得把我的手燙傷了"},
		{"The courier left the parcel downstairs and never called", "快递员把包裹扔在楼下，也不打电话", "快遞員把包裹丟在樓下，也不打電話"},
		{"My refund still has not arrived after two weeks", "退款两个星期了还没到账", "退款兩個星期了還沒到帳"},
		{"I was charged twice for one order", "一个订单被扣了两次钱", "一個訂單被扣了兩次錢"},
		{"The milk was past its expiry date", "牛奶已经过期了", "牛奶已經過期了"},
		{"The colour is completely different from the picture", "颜色和图片完全不一样", "顏色和圖片完全不一樣"},
		{"They sent me the wrong size", "发错尺码了", "發錯尺碼了"},
		{"This is a fake, not the genuine brand", "这是假货，不是正品", "這是假貨，不是正品"},
		{"Customer service was rude and hung up on me", "客服态度很差，还挂我电话", "客服態度很差，還掛我電話"},
		{"The seller refuses to accept my return", "商家拒绝退货", "商家拒絕退貨"},
		{"The order still has not been shipped after five days", "五天了还没发货", "五天了還沒發貨"},
		{"The box arrived crushed and the vase inside was broken", "箱子压扁了，里面的花瓶碎了", "箱子壓扁了，裡面的花瓶碎了"},
		{"The invoice was never issued", "发票一直没开", "發票一直沒開"},
		{"I cannot log in to my account", "账号登录不了", "帳號登入不了"},
	}
	for _, tr := range triples {
		var got [3]Result
		for i, text := range tr {
			got[i] = Default().Classify(Complaint{Text: text})
		}
		if got[0].Code != got[1].Code || got[1].Code != got[2].Code || got[0].Level != got[1].Level || got[1].Level != got[2].Level {
			t.Errorf("%q %d L%d, %q %d L%d, %q %d L%d", tr[0], got[0].Code, got[0].Level, tr[1], got[1].Code, got[1].Level, tr[2], got[2].Code, got[2].Level)
		}
	}
}
