package classify

// White-box tests of normalisation (normalize.go), each pinning a
// behaviour that mutation testing (gremlins) found no test for; see
// mutation_test.go.

import "testing"

// TestNormalizeVariantFold: the variant pass folds 帐 to 账, in simplified
// text and after the traditional → simplified fold (帳 → 帐 → 账), so 到帐
// and 到账 are the same text, and so are the keywords.
func TestNormalizeVariantFold(t *testing.T) {
	for in, want := range map[string]string{
		"到帐": "到账",
		"到账": "到账",
		"帳號": "账号",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got, ok := normalizeKeyword("帐号"); !ok || string(got) != "账号" {
		t.Errorf("normalizeKeyword(帐号) = %q, %v; want 账号, true", string(got), ok)
	}
}

// TestNormalizeDecimalPoint: a point or colon right after a digit, 0 and 9
// included, stays a point (a number: 0.5, 9:30); after anything else it
// ends a clause.
func TestNormalizeDecimalPoint(t *testing.T) {
	for in, want := range map[string]string{
		"0.5":  "0.5",
		"9.5":  "9.5",
		"9:30": "9.30",
		"0：5":  "0.5",
		"a.5":  "a|5",
		"/.5":  "|5",
		"5 .5": "5|5", // a space between: no longer a number
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsASCIIAlnum: exactly a-z, 0-9 and A-Z, each range checked at both
// ends and at the runes just outside them.
func TestIsASCIIAlnum(t *testing.T) {
	for _, r := range "azAZ09bmyBMY18" {
		if !isASCIIAlnum(r) {
			t.Errorf("isASCIIAlnum(%q) = false", r)
		}
	}
	for _, r := range "`{@[/: -_é中\x00" {
		if isASCIIAlnum(r) {
			t.Errorf("isASCIIAlnum(%q) = true", r)
		}
	}
}

// TestNormalizeKeywordPoint: a point or colon inside a keyword is dropped
// when it follows a digit, 0 and 9 included (3.15 is the keyword 315);
// after anything else, or first, it is a clause separator the keyword may
// not span.
func TestNormalizeKeywordPoint(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"3.15", "315", true},
		{"0.5", "05", true},
		{"9:30", "930", true},
		{"a.b", "ab", false},
		{"/.5", "5", false},
		{":5", "5", false},
		{".", "", false},
		{"a，b", "ab", false},
		{"a b", "ab", true},
	} {
		got, ok := normalizeKeyword(tc.in)
		if string(got) != tc.want || ok != tc.ok {
			t.Errorf("normalizeKeyword(%q) = %q, %v; want %q, %v", tc.in, string(got), ok, tc.want, tc.ok)
		}
	}
}
