package dnscapture

import (
	"errors"
	"strconv"
)

// Errors wrapped by the errors a [Reader] returns. Test for them with
// [errors.Is].
var (
	// ErrNotCapture means the input starts with neither a pcap nor a
	// pcapng magic number.
	ErrNotCapture = errors.New("dnscapture: not a pcap or pcapng capture")
	// ErrTruncated means the input ends inside a record.
	ErrTruncated = errors.New("dnscapture: capture truncated")
	// ErrTooLarge means a record claims more bytes than the reader accepts
	// (see [MaxPacketSize] and [MaxBlockSize]).
	ErrTooLarge = errors.New("dnscapture: record too large")
	// ErrMalformed means the capture file structure is invalid.
	ErrMalformed = errors.New("dnscapture: malformed capture")
)

// An Error reports a problem with the capture file at a position.
type Error struct {
	// Frame is the 1-based number of the frame being read: the frame whose
	// record is bad, or, for a bad non-packet block of a pcapng file, the
	// frame that would have come next. It is 0 for the header of a pcap
	// file.
	Frame int
	// Offset is the byte offset in the (decompressed) input of the record
	// or block being read.
	Offset int64
	// Err is the underlying error: one of the package's sentinel errors,
	// wrapped with details, or an error from the underlying reader.
	Err error
}

// Error renders e as "frame N (offset X): what".
func (e *Error) Error() string {
	if e.Frame == 0 {
		return "offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Err.Error()
	}
	return "frame " + strconv.Itoa(e.Frame) + " (offset " + strconv.FormatInt(e.Offset, 10) + "): " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
