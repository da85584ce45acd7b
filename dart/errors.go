package dart

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Errors returned by this package wrap one of them where a
// caller may want to branch; test with [errors.Is].
var (
	// ErrNotBundle means the input is neither a folder nor an archive this
	// package reads (zip, tar, tar.gz/tgz, tar.bz2, tar.xz, tar.zst, 7z, or a
	// gzip/bzip2/xz file holding one of these). Empty files wrap it too.
	ErrNotBundle = errors.New("dart: not a DART bundle")

	// ErrDamaged means an archive or one of its entries is truncated or
	// corrupt (bad checksum, bad header, unexpected end of data).
	ErrDamaged = errors.New("dart: damaged archive")

	// ErrRepaired is wrapped by the problems recorded when an archive is
	// damaged but nothing it lists was lost: the entries a zip's central
	// directory misplaces, read whole from their local headers. It wraps
	// ErrDamaged.
	ErrRepaired = fmt.Errorf("dart: damaged archive, repaired: %w", ErrDamaged)

	// ErrNoFiles means the archive or folder holds no regular file.
	ErrNoFiles = errors.New("dart: bundle has no files")

	// ErrLimit is wrapped by every [*LimitError].
	ErrLimit = errors.New("dart: limit exceeded")

	// ErrInsecurePath is wrapped by the problems recorded for file names
	// that are absolute, climb out with "..", carry a drive letter, hold
	// a NUL byte or are not valid UTF-8. The file is still listed, under
	// a cleaned or escaped name.
	ErrInsecurePath = errors.New("dart: insecure file path")

	// ErrDuplicate is wrapped by the problems recorded when two files of a
	// bundle have the same cleaned name. Both are kept; the later one gets
	// a "~N" suffix.
	ErrDuplicate = errors.New("dart: duplicate file name")

	// ErrNotOpened is wrapped by the problems recorded when a nested
	// archive is listed as a [KindArchive] file instead of being opened
	// (unsupported format, damaged, or over a limit).
	ErrNotOpened = errors.New("dart: nested archive not opened")

	// ErrClosed is returned by the methods of a closed [Bundle] that read
	// content.
	ErrClosed = errors.New("dart: bundle is closed")

	// ErrEncoding is wrapped by every [*EncodingError].
	ErrEncoding = errors.New("dart: text not valid in its encoding")
)

// An EncodingError reports a file whose text is not valid in its encoding:
// a lone UTF-16 surrogate, an odd byte at the end of UTF-16, a byte that
// is not UTF-8. Each fault was read as U+FFFD and the rest of the file was
// read, so no record is lost, but a character of one is. It wraps
// [ErrEncoding].
type EncodingError struct {
	File     string // the file's name in the bundle
	Encoding string // as in [File.Encoding]
	What     string // the first fault: "lone surrogate", "odd byte at the end" or "invalid byte"
	Offset   int64  // byte offset of the first fault in the file as stored, before decoding
	Line     int    // line of the first fault, from 1
	Count    int    // the number of faults, each read as one U+FFFD
}

// Error returns "FILE:LINE: invalid ENCODING: WHAT at byte OFFSET (COUNT
// in all), read as U+FFFD", without LINE and COUNT where they are 0 (and
// COUNT where it is 1).
func (e *EncodingError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": invalid " + e.Encoding + ": " + e.What + " at byte " + strconv.FormatInt(e.Offset, 10)
	if e.Count > 1 {
		s += " (" + strconv.Itoa(e.Count) + " in all)"
	}
	return s + ", read as U+FFFD"
}

// Is reports whether target is [ErrEncoding].
func (e *EncodingError) Is(target error) bool { return target == ErrEncoding }

// A LimitError reports that reading a bundle went past one of its [Limits].
// It wraps [ErrLimit].
type LimitError struct {
	Limit string // the name of the Limits field, e.g. "MaxFileSize"
	Value int64  // the limit in force
	File  string // the file being read, or the bundle's name for bundle-wide limits
}

// Error returns "FILE: LIMIT limit of VALUE exceeded".
func (e *LimitError) Error() string {
	return e.File + ": " + e.Limit + " limit of " + strconv.FormatInt(e.Value, 10) + " exceeded"
}

// Is reports whether target is [ErrLimit].
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// fileError is an error about one file: "file: msg: err". It unwraps to
// both its sentinel (if any) and its cause (if any).
type fileError struct {
	file     string
	msg      string
	sentinel error
	err      error
}

func (e *fileError) Error() string {
	s := e.file + ": " + e.msg
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s
}

func (e *fileError) Unwrap() []error {
	var errs []error
	if e.sentinel != nil {
		errs = append(errs, e.sentinel)
	}
	if e.err != nil {
		errs = append(errs, e.err)
	}
	return errs
}

func newFileError(file, msg string, sentinel, err error) error {
	return &fileError{file: file, msg: msg, sentinel: sentinel, err: err}
}
