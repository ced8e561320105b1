package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The merchant's jargon of testdata/train.jsonl: ZK7 is a parcel stuck in
// transit (2004), which the embedded model does not know.
const zk7 = "我买的东西也ZK7了，怎么回事"

// classify -train writes a model; -model classifies with it.
func TestClassifyTrain(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.bin")
	more := `{"id": "a1", "text": "客服态度很差，爱答不理", "code": 4001, "level": 3}` + "\n"
	code, out, errOut := runCLI(t, more, "classify", "-train", "testdata/train.jsonl", "-train", "-", "-o", model)
	if code != 0 || !strings.Contains(out, model+": model trained on 10 examples") {
		t.Fatalf("train: %d\n%s%s", code, out, errOut)
	}
	first, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, more, "classify", "-train", "testdata/train.jsonl", "-train", "-", "-o", model); code != 0 {
		t.Fatalf("train again: %d %s", code, errOut)
	}
	if again, _ := os.ReadFile(model); !bytes.Equal(first, again) {
		t.Error("two trainings on the same files wrote different models")
	}

	if code, out, _ := runCLI(t, "", "classify", zk7); code != 0 || strings.Contains(out, "2004") {
		t.Errorf("embedded model: %d %s (it should not know ZK7)", code, out)
	}
	if code, out, errOut := runCLI(t, "", "classify", "-model", model, zk7); code != 0 || !strings.HasPrefix(out, "2004 ") {
		t.Errorf("-model: %d\n%s%s", code, out, errOut)
	}
	labelled := `{"id": "x", "text": "` + zk7 + `", "code": 2004, "level": 3}` + "\n"
	if code, out, errOut := runCLI(t, labelled, "classify", "-model", model, "-eval", "-"); code != 0 || !strings.Contains(out, "100.0%") {
		t.Errorf("-model -eval: %d\n%s%s", code, out, errOut)
	}
}

// Every classify -train and -model error says which file, and what.
func TestClassifyTrainErrors(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.bin")
	garbage := filepath.Join(dir, "garbage.bin")
	if err := os.WriteFile(garbage, []byte("not a model at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	oneCode := filepath.Join(dir, "one.jsonl")
	if err := os.WriteFile(oneCode, []byte(`{"text": "订单又ZK7了", "code": 2004, "level": 3}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := `{"text": "x", "code": 2004, "level": 3}` + "\n" + `{"text": "屏幕有划痕", "code": 1101, "level": 3}` + "\n"
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		want  []string
	}{
		{"", []string{"-train", "testdata/train.jsonl"}, 2, []string{"-train needs -o"}},
		{"", []string{"-o", model, "text"}, 2, []string{"-o is for -train"}},
		{"", []string{"-train", "testdata/train.jsonl", "-o", model, "text"}, 2, []string{"-train takes labelled files"}},
		{"", []string{"-train", "testdata/train.jsonl", "-o", model, "-model", garbage}, 2, []string{"-train takes labelled files"}},
		{"", []string{"-train", "testdata/missing.jsonl", "-o", model}, 2, []string{"testdata/missing.jsonl"}},
		{"", []string{"-train", "testdata/train.jsonl", "-train", "testdata/merchant.yaml", "-o", model}, 2, []string{"testdata/merchant.yaml: classify: examples: line 1"}},
		{unknown, []string{"-train", "testdata/train.jsonl", "-train", "-", "-o", model}, 2, []string{"-: example 2 (no id; the first is 1): code 1101 is not in the taxonomy"}},
		{"", []string{"-train", oneCode, "-o", model}, 2, []string{oneCode + ": classify: train:", "at least 2 codes"}},
		{"", []string{"-train", "testdata/train.jsonl", "-o", filepath.Join(dir, "no", "such", "dir", "m.bin")}, 1, []string{"no such file or directory"}},
		{"", []string{"-model", filepath.Join(dir, "missing.bin"), "text"}, 2, []string{"missing.bin"}},
		{"", []string{"-model", garbage, "text"}, 2, []string{garbage + ": classify: corrupt model data: not a model"}},
		{"", []string{"-model", garbage, "-lexicon", "text"}, 2, []string{"-model and -lexicon together"}},
		{"", []string{"-level1-share", "0", "text"}, 2, []string{"WithLevel1Share: 0 is not a probability in (0, 1]"}},
		{"", []string{"-level1-share", "NaN", "text"}, 2, []string{"WithLevel1Share: NaN is not a probability"}},
		{"", []string{"-lexicon", "-level1-share", "0.3", "text"}, 2, []string{"-level1-share needs the model"}},
		{"", []string{"-train", "testdata/train.jsonl", "-o", model, "-level1-share", "0.3"}, 2, []string{"-train takes labelled files"}},
		{"", []string{"-model", garbage, "-level1-share", "0.3", "text"}, 2, []string{garbage + ": classify: corrupt model data"}},
	} {
		code, _, errOut := runCLI(t, tc.stdin, append([]string{"classify"}, tc.args...)...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", tc.args, code, tc.code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr %q lacks %q", tc.args, errOut, w)
			}
		}
	}
	if _, err := os.Stat(model); err == nil {
		t.Error("a failed training wrote a model")
	}
}
