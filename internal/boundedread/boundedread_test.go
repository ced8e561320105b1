package boundedread

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFile(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.txt":    {Data: []byte("12345")},
		"big.txt":   {Data: []byte("123456")},
		"dir/a.txt": {Data: []byte("a")},
	}
	if src, err := File(fsys, "ok.txt", 5); err != nil || string(src) != "12345" {
		t.Errorf("ok.txt at its limit: %q, %v", src, err)
	}
	for _, tc := range []struct{ name, want string }{
		{"big.txt", "file of 6 bytes is larger than the limit of 5"},
		{"dir", "not a regular file"},
	} {
		if _, err := File(fsys, tc.name, 5); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := File(fsys, "big.txt", 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big.txt: %v, want ErrTooLarge", err)
	}
	// The error does not name the file: the caller does.
	_, err := File(fsys, "missing.txt", 5)
	if !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing.txt: %v, want fs.ErrNotExist without the name", err)
	}
}
