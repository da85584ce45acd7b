package logparse

// Memory reuse, for the analysis alone.
//
// Invariant: memory that a string handed out points into (a record's, or
// one a reader keeps between calls) is written again only by a reader
// whose config.reuse is positive, and only once the reader has returned
// config.reuse records after the one the string belongs to. Only
// internal/logreuse sets config.reuse, through an Options field no other
// package can reach: a public reader never writes over a string, and the
// analysis in findings, which sets it, copies what it keeps of a record
// before that window ends (see findings/internal/feed). Every string made
// over memory that is written again is made in this file, or by an arena
// (arenareuse.go).
//
// A lineReader so set up makes each block over its buffer itself
// (blockOverBuf), and takes for the next block a buffer that no record's
// strings point into any more: one it holds (spare), or a new one. Reading
// a logreuse.BlockReader, such as dart's read-ahead, it cuts the whole
// lines of each lent buffer from the buffer (lentBlock), copies only the
// line that runs from one buffer into the next, and gives each buffer back
// once the records cut from it are released.

import (
	"bytes"
	"io"
	"unsafe"

	"github.com/dartkit/dartkit/internal/logreuse"
)

func init() {
	logreuse.ReuseAfter = func(opts any, n int) { opts.(*Options).reuse = max(n, 0) }
}

// recycler is the state of a lineReader that reuses its memory.
type recycler struct {
	// Each block is made over buf itself, which then becomes cur, and a
	// buffer takes its place that no record's strings point into any
	// more: one from held, or a new one.
	reuse   int
	count   *counts // the reader's records
	detach  func()  // makes what the reader holds of the current block, outside a record, a copy
	cur     []byte  // the buffer under block
	curLent bool    // cur was lent by src
	first   int     // count.queued when block was made
	held    []held  // buffers of earlier blocks, oldest first

	// With an input that is a BlockReader, the whole lines of each
	// buffer it lends are a block, cut from it without a copy. Only the
	// part of a line that runs from one lent buffer into the next is
	// copied, to buf.
	src      logreuse.BlockReader
	lentErr  error  // returned by src with the bytes of lentBuf, for after them
	lendable bool   // lentBuf's whole lines may be a block (see borrow)
	lent     []byte // the part of lentBuf not read yet
	lentBuf  []byte // the buffer src lent last, until it is under a block or given back
}

// A held buffer may be written again, or given back to src when lent, once
// the reader has returned the record numbered until (in count.returned).
type held struct {
	buf   []byte
	until int
	lent  bool
}

// maxHeldBytes bounds the memory of the buffers a lineReader holds for
// reuse, and maxHeld their number. When records are large, few to a
// block, their blocks pass the bound before the records are released; the
// oldest is then let go, and the collector frees it once no record points
// into it. The bound is on bytes, not blocks: a reader of lent buffers
// holds as many small ones as lent ones (the lines that run from one
// into the next), and a bound of 64 buffers let go of the lent ones of
// Event Viewer's copy, 1.3 KB a record, before they could be given back,
// so that the lender made a new buffer for each.
const (
	maxHeldBytes = 16 << 20
	maxHeld      = 256
)

// reuseAfter makes l reuse the memory of its blocks once n more records
// have been returned, if n (config.reuse) is positive, for a reader that
// counts its records in count and, when detach is called, copies out of
// the current block what it holds of it outside a record.
func (l *lineReader) reuseAfter(n int, count *counts, detach func()) {
	if n > 0 {
		l.reuse, l.count, l.detach = n, count, detach
		if src, ok := l.r.(logreuse.BlockReader); ok {
			// buf then holds only the lines that run from one lent
			// buffer into the next, one at a time.
			l.src, l.buf = src, make([]byte, 0, min(l.full, maxStitch))
		}
	}
}

// maxStitch bounds the buffer of a lineReader that reads lent buffers. A
// lent buffer whose last line starts more than this before its end is
// copied, as the input of any other reader is.
const maxStitch = 64 << 10

// blockOverBuf makes the block of the first end bytes of buf over buf
// itself, which is not written again before the records cut from it are
// released, and moves what follows to a spare buffer.
func (l *lineReader) blockOverBuf(end int) {
	l.block = unsafe.String(&l.buf[0], end)
	l.cur, l.first = l.buf, l.count.queued
	l.buf = append(l.spare(), l.cur[end:]...)
}

// lentBlock makes the block of the whole lines of the buffer src lent
// last, borrowing the next one if that one is read, and copies to buf
// what follows them, the start of a line, which read completes from the
// next buffer. It reports false, having made nothing, when buf holds the
// start of a line, which read must complete first, or when the buffer is
// not lendable (see borrow) or holds no more whole lines.
func (l *lineReader) lentBlock() bool {
	if len(l.buf) > 0 {
		return false
	}
	l.giveBackReleased()
	if len(l.lent) == 0 {
		l.borrow()
	}
	end := bytes.LastIndexByte(l.lent, '\n') + 1
	if !l.lendable || end == 0 {
		return false
	}
	l.seq++
	l.block = unsafe.String(&l.lent[0], end)
	l.cur, l.curLent, l.first = l.lentBuf, true, l.count.queued
	l.buf = append(l.buf, l.lent[end:]...)
	l.lent, l.lentBuf = nil, nil
	return true
}

// borrow takes the next buffer from src, once the last one is read.
func (l *lineReader) borrow() {
	if l.lentBuf != nil {
		l.giveBack(l.lentBuf) // copied whole to buf: nothing points into it
		l.lent, l.lentBuf = nil, nil
	}
	switch {
	case l.eof:
		return
	case l.lentErr != nil:
		l.eof, l.rerr, l.lentErr = true, l.lentErr, nil
		return
	}
	for range 100 {
		b, err := l.src.ReadBlock()
		if len(b) > 0 {
			l.lent, l.lentBuf, l.lentErr = b, b, err
			// Its lines make a block of their own when what follows
			// the last of them fits buf, to wait there for the rest.
			end := bytes.LastIndexByte(b, '\n') + 1
			l.lendable = end > 0 && len(b)-end <= cap(l.buf)
			return
		}
		if err != nil {
			l.eof, l.rerr = true, err
			return
		}
	}
	l.eof, l.rerr = true, io.ErrNoProgress
}

// giveBackReleased gives back to src the lent buffers first in held whose
// records are released.
func (l *lineReader) giveBackReleased() {
	for len(l.held) > 0 && l.held[0].lent && l.held[0].until <= l.count.returned {
		l.giveBack(l.held[0].buf)
		l.held = l.held[:copy(l.held, l.held[1:])]
	}
}

// giveBack returns a lent buffer to src.
func (l *lineReader) giveBack(b []byte) { l.src.Release(b) }

// retire puts the buffer of the current block in held, once the reader
// has copied out of it what it holds outside a record. The records queued
// since the block was made are the only ones that may point into it.
func (l *lineReader) retire() {
	if l.detach != nil {
		l.detach()
	}
	until := 0 // no record was cut from the block: it is free now
	if l.count.queued > l.first {
		until = l.count.queued + l.reuse
	}
	l.held = append(l.held, held{l.cur, until, l.curLent})
	l.cur, l.curLent = nil, false
	for len(l.held) > maxHeld || l.heldBytes() > maxHeldBytes {
		// A lent buffer let go of here is not given back: src makes
		// another.
		l.held = l.held[:copy(l.held, l.held[1:])]
	}
}

// heldBytes returns the size of the buffers held.
func (l *lineReader) heldBytes() int {
	n := 0
	for _, h := range l.held {
		n += cap(h.buf)
	}
	return n
}

// spare returns an empty buffer the size of buf that no string points
// into: the oldest held one if the records cut from it are released, or
// else a new one.
func (l *lineReader) spare() []byte {
	l.giveBackReleased()
	if len(l.held) == 0 || l.held[0].lent || l.held[0].until > l.count.returned {
		return make([]byte, 0, cap(l.buf))
	}
	b := l.held[0].buf
	l.held = l.held[:copy(l.held, l.held[1:])]
	if testOverwrite {
		b = b[:cap(b)]
		for i := range b {
			b[i] = '#'
		}
	}
	return b[:0]
}

// testOverwrite makes spare write over a buffer before it is read into
// again: tests set it, so that a record still pointing into the buffer
// shows whatever the input that follows.
var testOverwrite bool

// readLent is read from the buffers src lends: it copies to buf up to the
// first line ending, so that the lines after it can make a block of their
// own (see lentBlock).
func (l *lineReader) readLent() {
	if len(l.lent) == 0 {
		l.borrow()
		if l.eof {
			return
		}
	}
	n := min(cap(l.buf)-len(l.buf), len(l.lent))
	if i := bytes.IndexByte(l.lent[:n], '\n'); i >= 0 && l.lendable {
		n = i + 1
	}
	l.buf = append(l.buf, l.lent[:n]...)
	l.lent = l.lent[n:]
}

// peekLent is peek from a BlockReader: it borrows buffers until they hold
// n bytes, and lends them again to the reader, in order, before the
// buffers that follow.
func (l *lineReader) peekLent(n int) (head string, ended bool) {
	p := &pending{src: l.src}
	size := 0
	for zero := 0; size < n && zero < 100; {
		b, err := l.src.ReadBlock()
		if len(b) > 0 {
			p.bufs, size, zero = append(p.bufs, b), size+len(b), 0
		} else {
			zero++
		}
		if err != nil {
			p.err = err
			break
		}
	}
	l.src = p
	// A copy of n bytes at most: a lent buffer may be much larger.
	b := make([]byte, 0, min(size, n))
	for _, buf := range p.bufs {
		b = append(b, buf[:min(len(buf), n-len(b))]...)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), p.err != nil && size == len(b)
}

// pending is a BlockReader that lends the buffers borrowed by peekLent,
// then returns the error that came with them, if any, before it lends
// what src lends.
type pending struct {
	src  logreuse.BlockReader
	bufs [][]byte
	err  error
}

func (p *pending) ReadBlock() ([]byte, error) {
	if len(p.bufs) > 0 {
		b := p.bufs[0]
		p.bufs[0] = nil
		p.bufs = p.bufs[1:]
		if len(p.bufs) == 0 && p.err != nil {
			return b, p.err
		}
		return b, nil
	}
	if p.err != nil {
		return nil, p.err
	}
	return p.src.ReadBlock()
}

func (p *pending) Release(b []byte) { p.src.Release(b) }

// Read is not called by a lineReader, which reads a BlockReader through
// ReadBlock; it is here to make pending one.
func (p *pending) Read(b []byte) (int, error) {
	if len(p.bufs) > 0 {
		n := copy(b, p.bufs[0])
		if p.bufs[0] = p.bufs[0][n:]; len(p.bufs[0]) == 0 {
			p.bufs = p.bufs[1:]
		}
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	return p.src.Read(b)
}
