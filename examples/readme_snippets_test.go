package examples

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
	"github.com/aftersales-go/aftersales/policy/policytest"
	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// The README's snippets that are not in examples/quickstart live here, in
// functions the tests below run, so they compile and work as shown.

// loadMerchant is the README's "load a merchant policy" snippet.
func loadMerchant() (*policy.Policy, error) {
	src, err := os.ReadFile("merchant.yaml")
	if err != nil {
		return nil, err
	}
	merchant, err := policy.Compile(src, policy.WithFilename("merchant.yaml"))
	if err != nil {
		return nil, err // a policy.ErrorList: every problem, each with file:line:col
	}
	return merchant, nil
}

// calendarWith2027 is the README's "load a newly announced schedule" snippet.
func calendarWith2027() (*sla.Calendar, error) {
	f, err := os.Open("cn-official-schedule-2027.csv") // date,kind,festival_zh,festival_en
	if err != nil {
		return nil, err
	}
	defer f.Close()
	calendar, err := slacn.New(slacn.WithSchedule(f))
	if err != nil {
		return nil, err
	}
	return calendar, nil
}

// readmeBlock returns the body of the README's first ```lang block that
// starts with prefix.
func readmeBlock(t *testing.T, lang, prefix string) string {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```" + lang + "\n(" + regexp.QuoteMeta(prefix) + ".*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README.md has no ```%s block starting %q", lang, prefix)
	}
	return string(m[1])
}

// The README's policy, loaded as its snippet shows, decides with the
// statutory set.
func TestReadmeLoadMerchant(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "merchant.yaml"), []byte(readmeBlock(t, "yaml", "policy:")), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	merchant, err := loadMerchant()
	if err != nil {
		t.Fatal(err)
	}
	set := policy.NewSet(policy.AllowOverrides, cn.Statutory(), merchant)
	received := time.Date(2026, 3, 1, 10, 0, 0, 0, slacn.Location())
	d, err := set.Decide(context.Background(), policy.Input{
		Request:  policy.Request{Kind: policy.Return, Reason: "no_reason"},
		Order:    policy.Order{ReceivedAt: received},
		Item:     policy.Item{Paid: decimal.RequireFromString("359.00")},
		Customer: policy.Customer{Tags: []string{"vip"}},
		Now:      received.AddDate(0, 0, 20),
	})
	if err != nil || d.Rule != "vip_return_30d" {
		t.Errorf("%+v %v", d, err)
	}
	if err := os.WriteFile("merchant.yaml", []byte("policy: broken\nrules:\n  - id: r\n    when: item.prise > 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadMerchant(); err == nil || !strings.Contains(err.Error(), "merchant.yaml:4:") {
		t.Errorf("broken policy: %v", err)
	}
}

// The README's schedule snippet replaces 2027's provisional dates.
func TestReadmeWithSchedule(t *testing.T) {
	dir := t.TempDir()
	csv := "date,kind,festival_zh,festival_en\n2027-03-02,holiday,测试,Test\n"
	if err := os.WriteFile(filepath.Join(dir, "cn-official-schedule-2027.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	calendar, err := calendarWith2027()
	if err != nil {
		t.Fatal(err)
	}
	if calendar.IsWorkday(time.Date(2027, 3, 2, 10, 0, 0, 0, slacn.Location())) {
		t.Error("2027-03-02 is a holiday in the loaded schedule")
	}
	if slacn.Provisional(2026) || !slacn.Provisional(2027) || !slacn.Provisional(2060) {
		t.Error("README: official 2024–2026, provisional up to 2060")
	}
	plain, err := slacn.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year int
		ok   bool
	}{{2023, false}, {2024, true}, {2060, true}, {2061, false}} {
		_, err := plain.AddWorkingDays(time.Date(c.year, 6, 1, 10, 0, 0, 0, slacn.Location()), 1)
		if (err == nil) != c.ok {
			t.Errorf("README: the calendar covers 2024–2060; %d: %v", c.year, err)
		}
	}
}

// The README's suite passes against the README's policy.
func TestReadmeSuite(t *testing.T) {
	fsys := fstest.MapFS{
		"merchant.yaml":      {Data: []byte(readmeBlock(t, "yaml", "policy:"))},
		"merchant_test.yaml": {Data: []byte(readmeBlock(t, "yaml", "policies:"))},
	}
	suites, err := policytest.Load(fsys, "*_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range suites {
		for _, r := range s.Run(context.Background()) {
			n++
			if !r.Passed {
				t.Errorf("%s", r)
			}
		}
	}
	if n < 3 {
		t.Errorf("%d cases run", n)
	}
}
