package logparse

import "io"

// lineRecords is what the line-oriented readers (syslog, unified log) share:
// a record starts on a line that parse recognises, the lines after it that
// parse does not recognise continue its message, a line that parse takes
// for a repeat notice adds to the Repeat of the record before it, and lines
// that skip recognises are dropped.
type lineRecords struct {
	cfg   config
	lr    *lineReader
	q     queue
	read  Record // made in place by ReadInto for Read to return
	done  error
	zones zones
	hours hourCache
	parse func(line string) (Record, lineKind)
	skip  func(line string) bool

	pend    Record
	hasPend bool
	later   []error // errors on lines after pend's first, held back until it is returned
	// msg is pend's message once a line continues it, up to flush: a
	// message of many lines is built in one buffer, not copied whole for
	// each of them.
	msg  []byte
	cont bool
	// lost is set when the last line was lost to an error: a repeat
	// notice after it speaks of that line, not of pend.
	lost bool
}

// A lineKind is what a reader's parse makes of one line.
type lineKind uint8

const (
	lineText   lineKind = iota // no record starts here: the line continues the pending one
	lineRecord                 // a record starts here
	lineRepeat                 // "last message repeated": the record before occurred Record.Repeat more times
)

// init makes r read the lines of rd.
func (r *lineRecords) init(rd io.Reader, c config, parse func(string) (Record, lineKind), skip func(string) bool) {
	*r = lineRecords{cfg: c, lr: newLineReader(rd, c), zones: zones{}, parse: parse, skip: skip}
	r.lr.reuseAfter(c.reuse, &r.q.n, r.detach)
}

// detach copies the strings of the pending record, which may point into
// the block of input being read.
func (r *lineRecords) detach() {
	if r.hasPend {
		r.pend = r.pend.Clone()
	}
}

// Read returns the next record, as described by RecordReader.
func (r *lineRecords) Read() (Record, error) {
	err := r.ReadInto(&r.read)
	return r.read, err
}

// ReadInto stores the next record in *dst, as described by RecordReader.
// EventLogReader.ReadInto is the same loop with its own step (see there).
func (r *lineRecords) ReadInto(dst *Record) error {
	for {
		if ok, err := r.q.take(dst); ok {
			return err
		}
		if r.done != nil {
			*dst = Record{}
			return r.done
		}
		r.q.dst = dst
		r.step()
		r.q.dst = nil
	}
}

// step reads one line: a new record, a continuation of the pending one, or
// the end.
func (r *lineRecords) step() {
	line, err := r.lr.next()
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			r.q.deferError(&r.later, r.hasPend, pe)
			r.lost = true
			return
		}
		r.flush()
		if err != io.EOF {
			r.q.push(Record{}, err)
		}
		r.done = err
		return
	}
	if len(line) == 0 || r.skip(line) {
		return
	}
	rec, kind := r.parse(line)
	switch kind {
	case lineRecord:
		r.flush()
		rec.Pos = Position{r.cfg.file, r.lr.n}
		r.pend, r.hasPend, r.lost = rec, true, false
		return
	case lineRepeat:
		// With no record before it, or after a line lost to an error,
		// there is nothing to count the repetitions of.
		if r.hasPend && !r.lost {
			r.pend.Repeat = addRepeat(r.pend.Repeat, rec.Repeat)
		}
		return
	}
	if err := r.continueRecord(line); err != nil {
		r.q.deferError(&r.later, r.hasPend, err)
	}
}

// addRepeat returns a+b, or the largest int where that overflows.
func addRepeat(a, b int) int {
	if b > 0 && a > int(^uint(0)>>1)-b {
		return int(^uint(0) >> 1)
	}
	return a + b
}

// continueRecord appends the continuation line s to the pending record, or
// reports it when there is none or the record would grow too large.
func (r *lineRecords) continueRecord(s string) error {
	if !r.hasPend {
		return &ParseError{Pos: Position{r.cfg.file, r.lr.n}, Err: ErrMalformed, Msg: "not a log line: " + quote(s)}
	}
	size := len(r.pend.Message)
	if r.cont {
		size = len(r.msg)
	}
	if size+1+len(s) > r.cfg.maxRecord {
		return &ParseError{Pos: Position{r.cfg.file, r.lr.n}, Err: ErrTooLarge,
			Msg: "continuation line dropped: " + quote(s)}
	}
	if !r.cont {
		r.msg, r.cont = append(r.msg[:0], r.pend.Message...), true
	}
	if len(r.msg) > 0 {
		r.msg = append(r.msg, '\n')
	}
	r.msg = append(r.msg, s...)
	return nil
}

// flush queues the pending record and the errors held back for it.
func (r *lineRecords) flush() {
	if r.hasPend {
		if r.cont {
			r.pend.Message, r.cont = string(r.msg), false
		}
		r.q.push(r.pend, nil)
		r.pend, r.hasPend = Record{}, false
	}
	r.q.pushLater(&r.later)
}
