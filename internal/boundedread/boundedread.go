// Package boundedread reads files whose names come from people the program
// does not control (a suite, a model, watch rules): regular files only, of
// bounded size. It looks before it opens, since opening a FIFO would block
// and a device such as /dev/zero never ends.
package boundedread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// ErrTooLarge is what File's error wraps when the file is over its limit.
var ErrTooLarge = errors.New("larger than the limit")

// File reads the regular file name of fsys, of at most limit bytes. Its
// errors do not name the file (the caller does): see Unwrap.
func File(fsys fs.FS, name string, limit int) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, Unwrap(err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v)", st.Mode().Type())
	}
	if st.Size() > int64(limit) {
		return nil, fmt.Errorf("file of %d bytes is %w of %d", st.Size(), ErrTooLarge, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, Unwrap(err)
	}
	defer f.Close()
	// Looked at again once open: the name may now be something else.
	if st, err := f.Stat(); err != nil {
		return nil, Unwrap(err)
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v)", st.Mode().Type())
	}
	src, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, Unwrap(err)
	}
	if len(src) > limit { // it grew after the look
		return nil, fmt.Errorf("file is %w of %d bytes", ErrTooLarge, limit)
	}
	return src, nil
}

// Unwrap drops the operation and path of a *fs.PathError, which the caller
// names itself.
func Unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
