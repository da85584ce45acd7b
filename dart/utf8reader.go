package dart

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A utf8Reader yields UTF-8 text as the x/text UTF-8 decoder does (a
// leading byte-order mark dropped, invalid bytes replaced by U+FFFD)
// without copying it through a transformer: it reads straight into the
// caller's buffer and only checks the bytes, holding back the bytes of a
// rune cut at the end of a read. At the first invalid byte it hands the
// rest of the input to the x/text decoder, and counts what it replaces.
// Logs are valid UTF-8 nearly always, and this is the bulk of a bundle's
// text.
type utf8Reader struct {
	r       io.Reader
	carry   [utf8.UTFMax]byte // the start of a rune cut at the end of the last read
	nc      int
	started bool      // the byte-order mark was looked for
	slow    io.Reader // the x/text decoder, once invalid input was met
	// For reads into buffers too small to make progress: checked bytes
	// not yet returned, the error that came with them, and their buffer.
	pend      []byte
	pendErr   error
	small     []byte
	in        int64 // bytes read from r
	lines     int   // newlines returned before slow was set
	faultAt   int64 // byte offset in r of the first invalid byte, once slow is set
	faultLine int   // and its line
	// From the first invalid byte on: the U+FFFD in the input, and in what
	// the x/text decoder made of it; the difference counts the faults.
	inFFFD  *replacementReader
	outFFFD replacementCounter
}

func newUTF8Reader(r io.Reader) *utf8Reader { return &utf8Reader{r: r} }

func (u *utf8Reader) Read(p []byte) (int, error) {
	if len(u.pend) > 0 {
		n := copy(p, u.pend)
		u.pend = u.pend[n:]
		if len(u.pend) == 0 {
			return n, u.pendErr
		}
		return n, nil
	}
	if u.slow != nil {
		return u.readSlow(p)
	}
	if len(p) < 2*utf8.UTFMax {
		// Too small to hold a cut rune and make progress: check through a
		// buffer of our own.
		if u.small == nil {
			u.small = make([]byte, 512)
		}
		n, err := u.Read(u.small)
		m := copy(p, u.small[:n])
		if m < n {
			u.pend, u.pendErr = u.small[m:n], err
			return m, nil
		}
		return m, err
	}
	for {
		n := copy(p, u.carry[:u.nc])
		base := u.in - int64(u.nc) // the offset of data in r
		u.nc = 0
		m, err := u.r.Read(p[n:])
		u.in += int64(m)
		n += m
		data := p[:n]
		if !u.started {
			if n < 3 && err == nil && (n == 0 || bytes.HasPrefix([]byte{0xEF, 0xBB, 0xBF}, data)) {
				u.nc = copy(u.carry[:], data) // too little to tell: read more
				continue
			}
			u.started = true
			if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
				n = copy(p, data[3:])
				data = p[:n]
				base += 3
			}
		}
		// Hold back a rune cut at the end, unless the input ends here.
		end := n
		if err == nil {
			for i := 1; i <= utf8.UTFMax-1 && i <= n; i++ {
				if c := data[n-i]; utf8.RuneStart(c) {
					if !utf8.FullRune(data[n-i:]) {
						end = n - i
					}
					break
				}
			}
		}
		if utf8.Valid(data[:end]) {
			// Lines are counted for a fault to come, which is rare; on text
			// just read, it takes a hundredth of the time of inflating it.
			u.lines += bytes.Count(data[:end], newline)
			u.nc = copy(u.carry[:], data[end:])
			if end == 0 && err == nil {
				continue
			}
			return end, err
		}
		// Invalid input: keep the valid runes before it, and decode the
		// rest, and whatever follows, with x/text.
		good := 0
		for good < end {
			r, size := utf8.DecodeRune(data[good:end])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			good += size
		}
		var tail io.Reader = u.r
		if err != nil {
			tail = errReader{err}
		}
		u.faultAt = base + int64(good)
		u.faultLine = u.lines + bytes.Count(data[:good], newline) + 1
		rest := append([]byte(nil), data[good:]...)
		u.inFFFD = &replacementReader{r: io.MultiReader(bytes.NewReader(rest), tail)}
		u.slow = transform.NewReader(u.inFFFD, unicode.UTF8.NewDecoder())
		if good == 0 {
			return u.readSlow(p)
		}
		return good, nil
	}
}

func (u *utf8Reader) readSlow(p []byte) (int, error) {
	n, err := u.slow.Read(p)
	u.outFFFD.add(p[:n])
	return n, err
}

// err returns the first invalid byte read, in the text of file, and the
// count of faults read so far, or nil. A fault is what the x/text decoder
// reads as one U+FFFD: an invalid byte, or the start of a rune cut short.
func (u *utf8Reader) err(file string) error {
	if u.slow == nil {
		return nil
	}
	return &EncodingError{File: file, Encoding: EncodingUTF8, What: "invalid byte", Offset: u.faultAt, Line: u.faultLine,
		Count: u.outFFFD.n - u.inFFFD.n}
}

// A replacementCounter counts the U+FFFD in a stream of bytes given to it
// in order, however it is cut.
type replacementCounter struct {
	n    int
	tail [2]byte // the last bytes given, which may start one
	nt   int
}

const replacement = "\uFFFD"

func (c *replacementCounter) add(b []byte) {
	// One that starts in the tail and ends in b.
	var buf [4]byte
	k := copy(buf[:], c.tail[:c.nt])
	k += copy(buf[k:], b)
	for i := 0; i < c.nt && i+len(replacement) <= k; i++ {
		if string(buf[i:i+len(replacement)]) == replacement {
			c.n++
		}
	}
	c.n += bytes.Count(b, []byte(replacement))
	if len(b) >= len(c.tail) {
		c.nt = copy(c.tail[:], b[len(b)-len(c.tail):])
	} else {
		c.nt = copy(c.tail[:], buf[k-min(k, len(c.tail)):k])
	}
}

// A replacementReader counts the U+FFFD in what it reads.
type replacementReader struct {
	r io.Reader
	replacementCounter
}

func (c *replacementReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.add(p[:n])
	return n, err
}

var newline = []byte{'\n'}
