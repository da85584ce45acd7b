package logparse

import "strings"

// bodyText collects the lines of an event-log record's Description. While
// they lie in one block of input it is the span block[from:to] of that
// block, which costs no copy; only a body that crosses into another block is
// copied. Either way text returns the lines without their trailing blanks,
// joined by '\n', as a copy would hold them, except that a span keeps the
// line endings and blanks inside it: ParseHeader reads through them, and
// joinLines removes them from what it leaves.
type bodyText struct {
	started bool
	size    int // length of the text as lines joined by '\n', for the limit

	block    string // the block of the span; "" once copied
	seq      int    // the lineReader's seq when the span started
	from, to int
	blanks   int // blank lines after the span's last line

	buf []byte // the copy
}

func (b *bodyText) reset() {
	*b = bodyText{buf: b.buf[:0]}
}

// add appends line s of the body, s not blank if nothing was added yet.
// off is where s starts in lr's block, or -1.
func (b *bodyText) add(s string, off int, lr *lineReader) {
	if !b.started {
		b.started, b.size = true, len(s)
		if off >= 0 {
			b.block, b.seq, b.from, b.to = lr.block, lr.seq, off, off+len(s)
		} else {
			b.buf = append(b.buf[:0], s...)
		}
		return
	}
	b.size += 1 + len(s)
	if b.block != "" && off >= 0 && lr.seq == b.seq {
		if s == "" {
			b.blanks++
		} else {
			b.to, b.blanks = off+len(s), 0
		}
		return
	}
	// The body goes on in another block: copy what it holds so far.
	b.detach()
	b.buf = append(b.buf, '\n')
	b.buf = append(b.buf, s...)
}

// detach copies a span, so that the body no longer points into its block.
func (b *bodyText) detach() {
	if b.block == "" {
		return
	}
	b.buf = appendJoined(b.buf[:0], b.block[b.from:b.to])
	for range b.blanks {
		b.buf = append(b.buf, '\n')
	}
	b.block = ""
}

// isSpan reports whether the body is a span of its block, whose lines keep
// their endings and trailing blanks, rather than a copy.
func (b *bodyText) isSpan() bool { return b.block != "" }

// text returns the body without the blank lines after its last line.
func (b *bodyText) text() string {
	if !b.started {
		return ""
	}
	if b.block != "" {
		return b.block[b.from:b.to]
	}
	return string(trimRight(b.buf))
}

// appendJoined appends to dst the lines of s without their trailing
// blanks, joined by '\n'.
func appendJoined(dst []byte, s string) []byte {
	for i := 0; ; i++ {
		line, rest, more := strings.Cut(s, "\n")
		if i > 0 {
			dst = append(dst, '\n')
		}
		dst = append(dst, trimRight(line)...)
		if !more {
			return dst
		}
		s = rest
	}
}

// joinLines returns s with the trailing blanks of its lines removed and
// its line endings turned to '\n'. A single line is returned as it is.
func joinLines(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return string(appendJoined(make([]byte, 0, len(s)), s))
}
