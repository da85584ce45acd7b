package logparse

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
)

// Default limits, used when the corresponding Options field is zero.
const (
	DefaultMaxLineLength = 1 << 20 // 1 MiB
	DefaultMaxRecordSize = 1 << 20 // 1 MiB
)

// ErrTooLarge reports a record whose text (an event-log body, or a message
// with its continuation lines) exceeds Options.MaxRecordSize.
var ErrTooLarge = errors.New("record too large")

// Options configures a reader. A nil *Options means the zero Options, whose
// fields all have documented defaults.
type Options struct {
	// File names the input in positions and errors. Optional.
	File string

	// Location is the time zone of timestamps that carry no offset
	// (the Windows event-log export, BSD syslog, the compact unified log).
	// Nil means UTC.
	Location *time.Location

	// Reference is the time the input was written, usually the file's
	// modification time. BSD syslog timestamps carry no year: a reader
	// picks the year that puts the record at or before Reference plus two
	// days. The zero Reference means Now().
	Reference time.Time

	// Now returns the current time; it is only used when Reference is
	// zero. Nil means time.Now. Deterministic callers set Reference instead.
	Now func() time.Time

	// MaxLineLength is the longest line accepted, in bytes without the line
	// ending; longer lines are skipped as they stream past and reported as a
	// *ParseError wrapping ErrLineTooLong. Zero means DefaultMaxLineLength.
	MaxLineLength int

	// MaxRecordSize bounds the text of one record: the body of an event-log
	// block, or a message with its continuation lines. Past it the reader
	// reports a *ParseError wrapping ErrTooLarge. Zero means
	// DefaultMaxRecordSize.
	MaxRecordSize int

	// Size is the length of the input in bytes, if known; zero or less
	// means unknown. A reader reads an input shorter than its usual block
	// of 256 KiB into a buffer of about its size instead: it matters when
	// many small inputs are read, each with a reader of its own. Size is
	// only a hint: an input longer than it said is read whole all the
	// same, in buffers of the usual size past the first.
	Size int64

	// reuse is set by the analysis alone, through internal/logreuse: see
	// recycle.go.
	reuse int
}

// config is Options with the defaults applied.
type config struct {
	file      string
	loc       *time.Location
	ref       time.Time
	maxLine   int
	maxRecord int
	reuse     int   // records returned before memory is written again; 0 never (see recycle.go)
	size      int64 // Options.Size
}

func newConfig(o *Options) config {
	var c config
	if o != nil {
		c.file = o.File
		c.loc = o.Location
		c.ref = o.Reference
		c.maxLine = o.MaxLineLength
		c.maxRecord = o.MaxRecordSize
		c.reuse = max(o.reuse, 0)
		c.size = o.Size
		if c.ref.IsZero() && o.Now != nil {
			c.ref = o.Now()
		}
	}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.ref.IsZero() {
		c.ref = time.Now()
	}
	if c.maxLine <= 0 {
		c.maxLine = DefaultMaxLineLength
	}
	if c.maxRecord <= 0 {
		c.maxRecord = DefaultMaxRecordSize
	}
	return c
}

// A RecordReader reads the records of one log file.
//
// Read returns the next record. At the end of the input it returns io.EOF.
// A problem with one record is reported as a *ParseError, possibly together
// with what could be read of the record (a non-zero Record); reading may go
// on after it. Any other error comes from the underlying reader and is
// returned by every later call.
//
// ReadInto is Read storing the record in *dst, which it overwrites whole: a
// Record is a few hundred bytes, and a caller that keeps its records in a
// slice of its own saves copying each of them through a return value.
//
// A record returned, by any of the three, stays valid for as long as the
// caller keeps it: the reader never writes over the memory its strings
// point into (see Limits in the package documentation).
//
// All returns a single-use iterator over the remaining records. It yields
// each *ParseError with its (possibly zero) record and goes on; it yields any
// other error once and stops.
type RecordReader interface {
	Read() (Record, error)
	ReadInto(dst *Record) error
	All() iter.Seq2[Record, error]
}

var (
	_ RecordReader = (*EventLogReader)(nil)
	_ RecordReader = (*SyslogReader)(nil)
	_ RecordReader = (*UnifiedLogReader)(nil)
	_ RecordReader = (*EventCSVReader)(nil)
	_ RecordReader = (*PowerShellReader)(nil)
)

// NewReader returns a reader for the log format f.
func NewReader(r io.Reader, f Format, opts *Options) (RecordReader, error) {
	return newReader(r, f, newConfig(opts))
}

func newReader(r io.Reader, f Format, c config) (RecordReader, error) {
	switch f {
	case FormatEventLog:
		return newEventLogReader(r, c), nil
	case FormatSyslog:
		return newSyslogReader(r, c), nil
	case FormatUnifiedLog:
		return newUnifiedLogReader(r, c), nil
	case FormatEventCSV:
		return newEventCSVReader(r, c), nil
	case FormatPowerShell:
		return newPowerShellReader(r, c), nil
	}
	return nil, fmt.Errorf("logparse: no reader for format %v", f)
}

// all turns a Read method into the iterator described by RecordReader.
func all(read func() (Record, error)) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for {
			rec, err := read()
			if err == io.EOF {
				return
			}
			if err != nil {
				if _, ok := err.(*ParseError); !ok {
					yield(Record{}, err)
					return
				}
			}
			if !yield(rec, err) {
				return
			}
		}
	}
}

// readInto is the ReadInto loop of a reader whose step reads input and
// queues what it makes in q, and sets *done when the input ends. The
// event-log and line readers keep their own copy of this loop, where the
// step is called directly: they read bundles of millions of records.
func readInto(q *queue, done *error, dst *Record, step func()) error {
	for {
		if ok, err := q.take(dst); ok {
			return err
		}
		if *done != nil {
			*dst = Record{}
			return *done
		}
		q.dst = dst
		step()
		q.dst = nil
	}
}

// result is a record or error waiting to be returned by Read.
type result struct {
	rec Record
	err error
}

// queue is a FIFO of results; most of the time it holds at most two.
//
// While ReadInto steps a reader, dst is the caller's record: the first
// result queued into an empty queue is made there instead (full), its
// error kept in dstErr, and take hands it over without a copy.
type queue struct {
	items  []result
	head   int
	n      counts
	dst    *Record
	dstErr error
	full   bool
}

// counts counts the records (results with a Pos.Line) a reader has queued
// and returned, by which the reuse of memory is timed (see recycle.go).
type counts struct{ queued, returned int }

func (q *queue) push(rec Record, err error) {
	if rec.Pos.Line > 0 {
		q.n.queued++
	}
	if q.direct() {
		*q.dst, q.dstErr, q.full = rec, err, true
		return
	}
	q.items = append(q.items, result{rec, err})
}

// add queues a result and returns its record, to be written whole, and
// where its error goes: the record must get a Pos.Line.
func (q *queue) add() (*Record, *error) {
	q.n.queued++
	if q.direct() {
		q.full = true
		return q.dst, &q.dstErr
	}
	q.items = append(q.items, result{})
	it := &q.items[len(q.items)-1]
	return &it.rec, &it.err
}

// direct reports whether the next result is to be made in dst.
func (q *queue) direct() bool { return q.dst != nil && !q.full && q.head == len(q.items) }

// take stores the first result in dst, unless it was made there, and
// reports whether there was one, and its error.
func (q *queue) take(dst *Record) (ok bool, err error) {
	if q.full {
		if dst.Pos.Line > 0 {
			q.n.returned++
		}
		err, q.dstErr, q.full = q.dstErr, nil, false
		return true, err
	}
	if it := q.pop(); it != nil {
		*dst = it.rec
		return true, it.err
	}
	return false, nil
}

// maxDeferred bounds the errors held back while a record is being read, so
// that they can follow it in line order; past it they are returned at once.
const maxDeferred = 64

// deferError queues err after the record being read (when there is one), so
// that results come in the order of the lines they start on.
func (q *queue) deferError(later *[]error, reading bool, err error) {
	if reading && len(*later) < maxDeferred {
		*later = append(*later, err)
		return
	}
	q.push(Record{}, err)
}

// pushLater queues the errors held back by deferError.
func (q *queue) pushLater(later *[]error) {
	for i, err := range *later {
		q.push(Record{}, err)
		(*later)[i] = nil
	}
	*later = (*later)[:0]
}

// pop removes the first result and returns it, or nil when the queue is
// empty. The result stays valid until the next add or push. The slots are
// not cleared: the record in one is overwritten by the next, and until
// then holds at most the block of input it was cut from.
func (q *queue) pop() *result {
	if q.head == len(q.items) {
		return nil
	}
	it := &q.items[q.head]
	if it.rec.Pos.Line > 0 {
		q.n.returned++
	}
	q.head++
	if q.head == len(q.items) {
		q.items = q.items[:0]
		q.head = 0
	}
	return it
}

// trimRight removes trailing spaces, tabs, carriage returns and newlines.
func trimRight[T ~string | ~[]byte](s T) T {
	i := len(s)
	for i > 0 {
		switch s[i-1] {
		case ' ', '\t', '\r', '\n':
			i--
			continue
		}
		break
	}
	return s[:i]
}

// quote quotes s for a ParseError message, cut to a readable length.
func quote[T ~string | ~[]byte](s T) string {
	const limit = 80
	if len(s) > limit {
		return strconv.Quote(string(s[:limit])) + "..."
	}
	return strconv.Quote(string(s))
}

// interner shares the strings that repeat from record to record (sources,
// hosts) so that each is allocated once, apart from the block it was read
// from. The few strings it returned last are compared before the map is
// looked up: a log's records come from a handful of sources.
type interner struct {
	m      map[string]string
	recent [4]string
	next   int // the slot of recent to fill next
}

func (in *interner) get(b string) string {
	for _, s := range in.recent {
		if s == b {
			return s
		}
	}
	s, ok := in.m[b]
	if !ok {
		s = strings.Clone(b)
		if in.m == nil {
			in.m = map[string]string{}
		}
		if len(in.m) < 4096 {
			in.m[s] = s
		}
	}
	in.recent[in.next] = s
	in.next = (in.next + 1) % len(in.recent)
	return s
}
