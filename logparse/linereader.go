package logparse

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// blockSize is how much input a lineReader reads at a time. Its lines, and
// the records' strings cut from them, share one string per block.
const blockSize = 256 << 10

// A lineReader splits its input into lines, counting them, and drops lines
// longer than max as they stream past. It reads the input a block at a
// time and turns the whole lines of each block into one string, so that a
// line costs no allocation and its substrings can go into records as they
// are.
type lineReader struct {
	r    io.Reader
	file string
	max  int
	n    int // line number of the line last returned

	block string // whole lines, the last one ending in '\n' unless at the end of the input
	pos   int    // start of the next line in block
	at    int    // where the line last returned starts in block; -1 when it is not in block
	atLen int    // the length of that line
	seq   int    // changes when the lines returned stop following each other in block

	buf  []byte // input read after the end of block
	full int    // the size buf grows to when the input is longer than it was said to be
	long []byte // assembles a line longer than buf
	eof  bool   // r has nothing more; buf holds the rest
	err  error  // sticky: io.EOF or an I/O error, once everything read is returned
	rerr error  // the error that ended r, returned once buf is used up

	recycler // for the analysis alone: see recycle.go

	// Input that peek read beyond what buf holds, and the error that
	// ended the input then, which read returns before reading on.
	ahead    []byte
	aheadErr error
}

func newLineReader(r io.Reader, c config) *lineReader {
	// A small limit needs no large buffer; longer lines are assembled.
	size := min(blockSize, max(c.maxLine+2, 4096))
	if testBlockSize > 0 {
		size = testBlockSize
	}
	full := size
	if c.size > 0 {
		// An input of known size is read into a buffer one byte
		// larger, so that the first block ends at its end, seen. A
		// bundle of many small logs would otherwise cost two buffers of
		// full size for each; an input longer than its size said is read
		// on in buffers of full size (see fill).
		size = min(size, max(int(min(c.size, blockSize))+1, minHinted))
	}
	return &lineReader{r: r, file: c.file, max: c.maxLine, buf: make([]byte, 0, size), full: full}
}

// minHinted is the smallest buffer a lineReader reads an input of known
// size into: a smaller one saves nothing worth a second read.
const minHinted = 512

// testBlockSize, when positive, is the size of a lineReader's buffer
// instead: tests make it small, so that inputs end blocks at every byte.
var testBlockSize int

// next returns the next line without its line ending, leading UTF-8 BOM (on
// the first line) and trailing blanks. Errors are io.EOF, a *ParseError
// wrapping ErrLineTooLong (the line is skipped; the next call goes on), or
// an I/O error wrapped with the position.
func (l *lineReader) next() (string, error) {
	// Most lines lie whole in the block, short, past the first line.
	if s := l.block[l.pos:]; l.n > 0 {
		if end := strings.IndexByte(s, '\n'); end >= 0 && end <= l.max {
			l.at, l.pos, l.n = l.pos, l.pos+end+1, l.n+1
			line := trimRight(s[:end])
			l.atLen = len(line)
			return line, nil
		}
	}
	return l.nextSlow()
}

func (l *lineReader) nextSlow() (string, error) {
	if l.pos == len(l.block) {
		if l.err != nil {
			return "", l.err
		}
		if line, ok, err := l.fill(); ok || err != nil {
			return line, err
		}
		if l.pos == len(l.block) {
			return "", l.err
		}
	}
	s := l.block[l.pos:]
	end := strings.IndexByte(s, '\n')
	l.at = l.pos
	if end < 0 {
		// The last line of the input, without a line ending.
		l.pos = len(l.block)
		return l.line(s, false)
	}
	l.pos += end + 1
	return l.line(s[:end], true)
}

// line finishes a line read without its '\n' (ended tells whether it had
// one): it counts it, removes a BOM, a '\r' before the '\n' and trailing
// blanks, and checks its length.
func (l *lineReader) line(s string, ended bool) (string, error) {
	l.n++
	if l.n == 1 && strings.HasPrefix(s, "\xEF\xBB\xBF") {
		s = s[3:]
		l.at += 3
	}
	size := len(s)
	if ended && size > 0 && s[size-1] == '\r' {
		size--
	}
	if size > l.max {
		return "", l.tooLong(size)
	}
	s = trimRight(s)
	l.atLen = len(s)
	return s, nil
}

// offset returns where s, the end of the line last returned, starts in
// block, or -1 when the line does not lie in block.
func (l *lineReader) offset(s string) int {
	if l.at < 0 {
		return -1
	}
	return l.at + l.atLen - len(s)
}

func (l *lineReader) tooLong(size int) error {
	l.seq++ // the line is dropped
	return &ParseError{Pos: Position{l.file, l.n}, Err: ErrLineTooLong,
		Msg: strconv.Itoa(size) + " bytes, limit " + strconv.Itoa(l.max)}
}

// fill makes the next block from the input. When the input holds a line
// longer than the buffer, fill reads all of it and returns it (ok), or the
// error that skips it.
func (l *lineReader) fill() (line string, ok bool, err error) {
	l.block, l.pos = "", 0
	if l.cur != nil {
		l.retire()
	}
	if l.src != nil && l.lentBlock() {
		return "", false, nil
	}
	for {
		for !l.eof && len(l.buf) < cap(l.buf) {
			l.read()
			if l.src != nil && l.lendable && len(l.buf) > 0 && l.buf[len(l.buf)-1] == '\n' {
				break // the line that ran on into a lent buffer is whole
			}
		}
		if l.eof || len(l.buf) < cap(l.buf) || cap(l.buf) >= l.full {
			break
		}
		// The input is longer than its size said: read on, in buffers
		// of full size from now on (spare makes them as large as buf).
		l.buf = append(make([]byte, 0, l.full), l.buf...)
	}
	end := bytes.LastIndexByte(l.buf, '\n') + 1
	switch {
	case end > 0:
	case l.eof:
		end = len(l.buf) // the last line, without a line ending
	default:
		return l.readLong()
	}
	l.seq++
	if l.reuse > 0 && end > 0 {
		l.blockOverBuf(end)
	} else {
		l.block = string(l.buf[:end]) // a copy, never written: buf is read into again
		l.buf = l.buf[:copy(l.buf, l.buf[end:])]
	}
	if len(l.block) == 0 {
		l.finish()
	}
	return "", false, nil
}

// read reads once into the free part of buf. A reader that keeps returning
// nothing ends the input with io.ErrNoProgress.
func (l *lineReader) read() {
	if l.src != nil {
		l.readLent()
		return
	}
	if len(l.ahead) > 0 || l.aheadErr != nil {
		k := copy(l.buf[len(l.buf):cap(l.buf)], l.ahead)
		l.buf, l.ahead = l.buf[:len(l.buf)+k], l.ahead[k:]
		if len(l.ahead) == 0 {
			l.ahead = nil
			if l.aheadErr != nil {
				l.eof, l.rerr, l.aheadErr = true, l.aheadErr, nil
			}
		}
		return
	}
	for range 100 {
		n, err := l.r.Read(l.buf[len(l.buf):cap(l.buf)])
		l.buf = l.buf[:len(l.buf)+n]
		if err != nil {
			l.eof, l.rerr = true, err
		}
		if n > 0 || err != nil {
			return
		}
	}
	l.eof, l.rerr = true, io.ErrNoProgress
}

// finish sets the sticky error once the input is used up.
func (l *lineReader) finish() {
	if l.rerr == io.EOF {
		l.err = io.EOF
	} else {
		l.err = fmt.Errorf("%v: %w", Position{l.file, l.n + 1}, l.rerr)
	}
}

// readLong reads a line that does not fit the buffer, which is full, up to
// its '\n' or the end of the input, keeping what a line within the limit
// may hold: max bytes, a '\r' and, on line 1, a BOM, and one more byte.
func (l *lineReader) readLong() (string, bool, error) {
	keep := l.max + 2
	if l.n == 0 {
		keep += 3 // the BOM
	}
	l.long = l.long[:0]
	size, ended := 0, false
	var last byte // the last byte read before chunk
	cr := false   // the '\n' that ends the line follows a '\r'
	for {
		chunk := l.buf
		if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
			chunk, ended = chunk[:i+1], true
			cr = i > 0 && chunk[i-1] == '\r' || i == 0 && last == '\r'
		}
		if len(chunk) > 0 {
			last = chunk[len(chunk)-1]
		}
		size += len(chunk)
		if len(l.long) < keep {
			l.long = append(l.long, chunk[:min(len(chunk), keep-len(l.long))]...)
		}
		l.buf = l.buf[:copy(l.buf, l.buf[len(chunk):])]
		if ended || l.eof {
			break
		}
		l.read()
	}
	if cap(l.long) > 4*blockSize {
		defer func() { l.long = nil }() // do not keep a huge buffer for one odd line
	}
	if ended {
		size-- // the '\n'
	}
	s := string(l.long[:min(len(l.long), size)])
	l.at = -1 // a line of its own
	if size > len(s) {
		// Too long to keep: only the size matters, counted as line
		// counts it.
		l.n++
		if l.n == 1 && strings.HasPrefix(s, "\xEF\xBB\xBF") {
			size -= 3
		}
		if cr {
			size--
		}
		return "", true, l.tooLong(size)
	}
	line, err := l.line(s, ended)
	return line, true, err
}

// peekSize is how much input a reader looks at before it returns its
// first record: as much as a block holds, whatever the size of the blocks
// (tests make them small), so that what it decides from it does not
// depend on where the blocks end.
const peekSize = blockSize

// peek reads the first n bytes of the input, or all of it when it is
// shorter than n, and returns a copy of their whole lines (the last one
// may lack its line ending only in an input shorter than n) without
// consuming them: the lines are read after as they would have been. It is
// called before the first line is read, at most once. An error of the
// input met on the way is returned after the bytes before it.
func (l *lineReader) peek(n int) string {
	head, ended := l.peekBytes(n)
	if len(head) >= n {
		head, ended = head[:n], false // whether more follows may be unknown
	}
	if !ended {
		head = head[:strings.LastIndexByte(head, '\n')+1]
	}
	return head
}

// peekBytes is peek without the cut to whole lines, which also reports
// whether the input ends after what it returns.
func (l *lineReader) peekBytes(n int) (head string, ended bool) {
	if l.n > 0 || l.block != "" {
		panic("logparse: peek after the first line")
	}
	if l.src != nil {
		return l.peekLent(n)
	}
	for !l.eof && len(l.buf) < min(n, cap(l.buf)) {
		l.read()
	}
	if l.eof || len(l.buf) >= n {
		return string(l.buf), l.eof // a copy: buf is read into again
	}
	// buf is full and smaller than n: the rest goes to ahead, which read
	// copies to buf before it reads on.
	var ahead []byte
	for zero := 0; len(l.buf)+len(ahead) < n && zero < 100; {
		if len(ahead) == cap(ahead) {
			ahead = slices.Grow(ahead, min(max(cap(ahead), 4096), n-len(l.buf)-len(ahead)))
		}
		k, err := l.r.Read(ahead[len(ahead):min(cap(ahead), n-len(l.buf))])
		ahead = ahead[:len(ahead)+k]
		if err != nil {
			l.aheadErr = err
			break
		}
		if k == 0 {
			zero++ // read gives up on such a reader
		} else {
			zero = 0
		}
	}
	l.ahead = ahead
	return string(l.buf) + string(ahead), l.aheadErr != nil
}

// rest returns the text after the line last returned in the current block.
func (l *lineReader) rest() string { return l.block[l.pos:] }

// skip moves past the first n bytes of rest, which hold the given number
// of whole lines.
func (l *lineReader) skip(n, lines int) {
	l.pos += n
	l.n += lines
}
