package cn

import "time"

// RefundWithinDays is how long the merchant has to refund a no-reason
// return after receiving the returned goods (消费者权益保护法第二十五条第三款).
const RefundWithinDays = 7

// RefundDue returns when the refund of a no-reason return is due at the
// latest: the merchant must refund within 7 days of receiving the returned
// goods (消费者权益保护法第二十五条第三款), counted like the return period — from
// the next day, to 24:00 Asia/Shanghai on day 7. The result is that
// midnight, in Asia/Shanghai: a refund made before it is in time. A service
// can hand it to its timers, or track it as an sla deadline. The zero time
// (goods not received back yet) gives the zero time.
func RefundDue(goodsReceivedBack time.Time) time.Time {
	if goodsReceivedBack.IsZero() {
		return time.Time{}
	}
	loc := shanghai()
	y, m, d := goodsReceivedBack.In(loc).Date()
	return time.Date(y, m, d+RefundWithinDays+1, 0, 0, 0, 0, loc)
}
