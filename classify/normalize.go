package classify

//go:generate go run ./internal/t2sgen -o t2s_table.go

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Normalisation maps each rune of a complaint to the form the keywords are
// stored in, one rune to one rune, so that every normalised position keeps
// the byte offset of the original rune it came from:
//
//   - full-width ASCII → half-width, the ideographic space → space;
//   - upper → lower case;
//   - traditional → simplified Chinese (the OpenCC character table in
//     t2s_table.go), so 質量問題 and 质量问题 are the same text;
//   - spaces, quotes, brackets, emoji and other symbols are dropped, so
//     "质 量 问 题" and "not  working" still match; they leave a word
//     boundary behind for English keywords;
//   - clause punctuation (，。！？；, ! ? ; and new lines) is dropped too but
//     ends a clause: no keyword spans it, and negation does not reach past it.
//
// Invalid UTF-8 bytes are dropped like symbols.

// foldTable maps every BMP rune to its normalised rune. Built once, read only.
var foldTable = sync.OnceValue(func() *[0x10000]uint16 {
	var t [0x10000]uint16
	for r := range t {
		t[r] = uint16(r)
	}
	for i := 0; i < len(t2sPairs); {
		from, n := utf8.DecodeRuneInString(t2sPairs[i:])
		to, m := utf8.DecodeRuneInString(t2sPairs[i+n:])
		i += n + m
		t[from] = uint16(to)
	}
	// Variant characters that simplified text itself mixes up: 到帐 and
	// 到账, 帐号 and 账号 are the same words.
	for i := 0; i < len(variantPairs); {
		from, n := utf8.DecodeRuneInString(variantPairs[i:])
		to, m := utf8.DecodeRuneInString(variantPairs[i+n:])
		i += n + m
		for r := range t {
			if rune(t[r]) == from {
				t[r] = uint16(to)
			}
		}
	}
	for r := range t {
		x := rune(t[r])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			x = rune(r) - 0xFEE0
		case r == 0x3000: // ideographic space
			x = ' '
		}
		if l := unicode.ToLower(x); l <= 0xFFFF {
			x = l
		}
		t[r] = uint16(x)
	}
	return &t
})

// variantPairs holds simplified variant characters, each pair written as
// two runes (variant first), folded after traditional → simplified.
const variantPairs = "帐账"

// foldRune returns the normalised form of r.
func foldRune(tab *[0x10000]uint16, r rune) rune {
	if r >= 0 && r <= 0xFFFF {
		return rune(tab[r])
	}
	return r
}

// Rune kinds of normalised runes, stored in the classifier's class table
// above the class ids.
const (
	classNone  = 0      // a letter or digit no pattern uses
	classSoft  = 0xFFFF // dropped: space, symbol, quote, emoji
	classHard  = 0xFFFE // dropped, ends a clause
	classPoint = 0xFFFD // '.' or ':': ends a clause unless between digits (4.5, 12:30)
	maxClasses = 0xFFF0
)

// runeKind classifies a normalised rune that is not in the alphabet.
func runeKind(r rune) uint16 {
	switch r {
	case '，', '。', '！', '？', '；', ',', '!', '?', ';', '\n', '\r', '…', '—', '–', '｡', '﹐', '﹑', '﹒', '﹔', '﹖', '﹗':
		return classHard
	case '.', ':', '：':
		return classPoint
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r) {
		return classNone
	}
	return classSoft
}

// Normalize returns text as the matcher sees it: folded, lower-cased,
// simplified, with spaces and punctuation removed (clause ends become '|').
// It is for debugging and for writing keywords; Classify does not build this
// string.
func Normalize(text string) string {
	tab := foldTable()
	var b strings.Builder
	prevDigit := false
	for _, r := range text {
		f := foldRune(tab, r)
		if r == utf8.RuneError {
			continue
		}
		switch runeKind(f) {
		case classNone:
			b.WriteRune(f)
			prevDigit = f >= '0' && f <= '9'
			continue
		case classHard:
			b.WriteByte('|')
		case classPoint:
			if prevDigit {
				b.WriteByte('.')
			} else {
				b.WriteByte('|')
			}
		}
		prevDigit = false
	}
	return b.String()
}

// normalizeKeyword folds a keyword and drops its spaces and punctuation. It
// reports false if a clause separator remains inside the keyword.
func normalizeKeyword(s string) ([]rune, bool) {
	tab := foldTable()
	var out []rune
	ok := true
	for _, r := range s {
		f := foldRune(tab, r)
		if r == utf8.RuneError {
			return nil, false
		}
		switch runeKind(f) {
		case classNone:
			out = append(out, f)
		case classHard:
			ok = false
		case classPoint:
			if len(out) == 0 || out[len(out)-1] < '0' || out[len(out)-1] > '9' {
				ok = false
			}
		}
	}
	return out, ok
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
}
