package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aftersales-go/aftersales/internal/celext"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
)

// Issue 17, item 3: counting days from a time that is not set is an error
// naming the rule, the variable and the field; has() guards it.
func TestCalendarDaysOfUnsetField(t *testing.T) {
	unguarded := mustCompile(t, `policy: m
variables:
  days: calendar_days(order.received_at, now)
rules:
  - {id: late, when: "days > 7", effect: deny, message: "day ${days}"}`)
	guarded := mustCompile(t, `policy: m
variables:
  days: calendar_days(order.received_at, now)
rules:
  - {id: late, when: "has(order.received_at) && days > 7", effect: deny}`)
	in := input()
	in.Order.ReceivedAt = time.Time{}
	_, err := unguarded.Decide(context.Background(), in)
	var ue *celext.UnsetTimeError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "rule late: when: variable days: calendar_days: order.received_at is not set (the zero time); guard it with has(order.received_at)") {
		t.Errorf("err = %v", err)
	}
	if d, err := guarded.Decide(context.Background(), in); err != nil || d.Rule != policy.DefaultRule {
		t.Errorf("guarded: %+v, %v", d, err)
	}
	// In a Set the statutory floor still decides; the failure is listed.
	d, err := policy.NewSet(policy.AllowOverrides, cn.Statutory(), unguarded).Decide(context.Background(), in)
	if err != nil || d.Policy != "cn-statutory" || len(d.Errors) != 1 || !strings.Contains(d.Errors[0].Error(), "order.received_at is not set") {
		t.Errorf("set: %+v, %v", d, err)
	}
}
