package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"code 1001 质量问题",
		"level 2",
		"response   4h elapsed",
		"Wed 2026-02-25 18:00", // feedback: make-up Sat 14 Feb, then Spring Festival skipped to 24 and 25 Feb
		"allow, remedy return, by rule cn-statutory/quality_return_7d",
		"消费者权益保护法第二十四条",
		"total refund 179.02",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

func TestQuickstartJSONAndFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-json", "-text", "快递一直没到，物流信息三天没更新了", "-now", "2026-02-13T20:00:00+08:00"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var story map[string]any
	if err := json.Unmarshal(out.Bytes(), &story); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	class := story["classification"].(map[string]any)
	if code := class["code"].(float64); int(code)/1000 != 2 {
		t.Errorf("logistics complaint classified as %v", code)
	}
	for _, bad := range [][]string{{"-now", "yesterday"}, {"-now", "2020-01-01T00:00:00Z"}, {"-bogus"}} {
		errOut.Reset()
		if code := run(bad, &out, &errOut); code == 0 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errOut.String())
		}
	}
}

// A counterfeit complaint is owed 消法55 damages on top of the refund.
func TestQuickstartFraud(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-text", "这是假货，商家欺诈，我要求退一赔三"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"code 1003", "compensation fraud: 537.06", "消费者权益保护法第五十五条"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
