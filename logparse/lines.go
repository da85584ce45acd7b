package logparse

import "io"

// lineRecords is what the line-oriented readers (syslog, unified log) share:
// a record starts on a line that parse recognises, the lines after it that
// parse does not recognise continue its message, and lines that skip
// recognises are dropped.
type lineRecords struct {
	cfg   config
	lr    *lineReader
	q     queue
	done  error
	zones zones
	parse func(line string) (Record, bool)
	skip  func(line string) bool

	pend    Record
	hasPend bool
	later   []error // errors on lines after pend's first, held back until it is returned
}

// init makes r read the lines of rd.
func (r *lineRecords) init(rd io.Reader, c config, parse func(string) (Record, bool), skip func(string) bool) {
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
func (r *lineRecords) Read() (Record, error) { return readQueued(&r.q, &r.done, r.step) }

// readQueued is the Read loop of every reader: return what step queued, or
// the error that ended the input, calling step for more lines until one of
// them is there.
func readQueued(q *queue, done *error, step func()) (Record, error) {
	for {
		if it := q.pop(); it != nil {
			return it.rec, it.err
		}
		if *done != nil {
			return Record{}, *done
		}
		step()
	}
}

// step reads one line: a new record, a continuation of the pending one, or
// the end.
func (r *lineRecords) step() {
	line, err := r.lr.next()
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			r.q.deferError(&r.later, r.hasPend, pe)
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
	if rec, ok := r.parse(line); ok {
		r.flush()
		rec.Pos = Position{r.cfg.file, r.lr.n}
		r.pend, r.hasPend = rec, true
		return
	}
	if err := continueRecord(&r.pend, r.hasPend, line, r.cfg, r.lr.n); err != nil {
		r.q.deferError(&r.later, r.hasPend, err)
	}
}

// flush queues the pending record and the errors held back for it.
func (r *lineRecords) flush() {
	if r.hasPend {
		r.q.push(r.pend, nil)
		r.pend, r.hasPend = Record{}, false
	}
	r.q.pushLater(&r.later)
}
