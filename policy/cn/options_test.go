package cn_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// 民法典第二百零三条 as an option: a 7-day period whose last day is a rest
// day runs to the end of the next working day. Off by default.
func TestHolidayExtension(t *testing.T) {
	cal, err := slacn.New()
	if err != nil {
		t.Fatal(err)
	}
	ext, err := cn.StatutoryWith(cn.WithHolidayExtension(cal.IsWorkday))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := cn.StatutoryWith()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name               string
		received, notice   string
		reason             string
		withExt, withoutIt string // deciding rules
	}{
		// Received Saturday 26 September 2026: day 7 is 3 October, inside
		// National Day (1–7 October); the next working day is Thursday 8.
		{"民法典203 day 7 in National Day", "2026-09-26T10:00:00+08:00", "2026-10-03T20:00:00+08:00", "no_reason", "no_reason_7d", "no_reason_7d"},
		{"民法典203 National Day: the first working day after", "2026-09-26T10:00:00+08:00", "2026-10-08T23:59:00+08:00", "no_reason", "no_reason_7d", "default"},
		{"民法典203 National Day: the day after that", "2026-09-26T10:00:00+08:00", "2026-10-09T00:00:00+08:00", "no_reason", "default", "default"},
		{"民法典203 quality return extended too", "2026-09-26T10:00:00+08:00", "2026-10-08T12:00:00+08:00", "quality", "quality_return_7d", "quality_exchange_15d"},
		// Received Saturday 7 March 2026: day 7 is Saturday 14 March; the
		// period runs to Monday 16 March.
		{"民法典203 day 7 on a Saturday, notice on Monday", "2026-03-07T10:00:00+08:00", "2026-03-16T18:00:00+08:00", "no_reason", "no_reason_7d", "default"},
		{"民法典203 day 7 on a Saturday, notice on Tuesday", "2026-03-07T10:00:00+08:00", "2026-03-17T00:00:00+08:00", "no_reason", "default", "default"},
		// Day 7 a working day: nothing changes.
		{"民法典203 day 7 a working day, day 8", "2026-03-02T10:00:00+08:00", "2026-03-10T09:00:00+08:00", "no_reason", "default", "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			in.Request.Reason = tt.reason
			in.Order.ReceivedAt = at(tt.received)
			in.Request.At = at(tt.notice)
			in.Now = in.Request.At.Add(48 * time.Hour)
			for _, c := range []struct {
				p    *policy.Policy
				want string
			}{{ext, tt.withExt}, {plain, tt.withoutIt}, {cn.Statutory(), tt.withoutIt}} {
				d, err := c.p.Decide(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				if d.Rule != c.want {
					t.Errorf("decided by %s (%s), want %s", d.Rule, d.Message, c.want)
				}
			}
		})
	}

	if _, err := cn.StatutoryWith(cn.WithHolidayExtension(nil)); err == nil {
		t.Error("WithHolidayExtension(nil) should be an error")
	}
	// A calendar with no working day at all: a clear error, not a guess.
	never, err := cn.StatutoryWith(cn.WithHolidayExtension(func(time.Time) bool { return false }))
	if err != nil {
		t.Fatal(err)
	}
	in := base()
	in.Now = at("2026-03-20T10:00:00+08:00")
	if _, err := never.Decide(context.Background(), in); err == nil || !strings.Contains(err.Error(), "no working day") {
		t.Errorf("err = %v, want one about no working day", err)
	}
}

// 消费者权益保护法第二十五条第三款: refund within 7 days of receiving the
// returned goods, to 24:00 Shanghai time on day 7.
func TestRefundDue(t *testing.T) {
	for _, tt := range []struct{ back, want string }{
		{"2026-03-10T09:00:00+08:00", "2026-03-18T00:00:00+08:00"},
		{"2026-03-10T23:59:59+08:00", "2026-03-18T00:00:00+08:00"},
		{"2026-03-10T16:30:00Z", "2026-03-19T00:00:00+08:00"}, // 11 March 00:30 in Shanghai
		{"2026-12-28T10:00:00+08:00", "2027-01-05T00:00:00+08:00"},
	} {
		got := cn.RefundDue(at(tt.back))
		if !got.Equal(at(tt.want)) {
			t.Errorf("RefundDue(%s) = %v, want %s", tt.back, got, tt.want)
		}
		if day7 := at(tt.want).Add(-time.Nanosecond); !day7.Before(got) {
			t.Errorf("the last instant of day 7 must be in time")
		}
	}
	if !cn.RefundDue(time.Time{}).IsZero() {
		t.Error("RefundDue(zero) should be zero")
	}
}
