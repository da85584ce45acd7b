package dart

import "io"

// A utf16Checker passes UTF-16 text through unchanged and notes where it
// is not valid, as the x/text decoder after it reads it: a surrogate that
// is not the first of a pair, with the low surrogate after it if there is
// one, and an odd byte at the end are each read as one U+FFFD. It counts
// lines as it goes, so that the first fault has one.
type utf16Checker struct {
	r   io.Reader
	big bool // big-endian

	off  int64 // bytes passed on
	line int   // newlines passed on
	// A unit cut by the end of the last read: its first byte.
	cut     bool
	cutByte byte
	// The last unit was a surrogate, a high one if high, which the unit
	// after it may pair with; and where it was.
	lead     bool
	high     bool
	leadOff  int64
	leadLine int
	ended    bool // the input ended, and what it left pending was counted

	fault EncodingError // What is "" while there is none
}

func newUTF16Checker(r io.Reader, big bool) *utf16Checker {
	return &utf16Checker{r: r, big: big}
}

func (c *utf16Checker) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.check(p[:n])
	if err != nil && !c.ended {
		c.ended = true
		if c.lead {
			c.note("lone surrogate", c.leadOff, c.leadLine)
		}
		if c.cut {
			c.note("odd byte at the end", c.off-1, c.line)
		}
	}
	return n, err
}

// check notes the faults of b, the next bytes of the text.
func (c *utf16Checker) check(b []byte) {
	i := 0
	if c.cut && len(b) > 0 {
		c.cut = false
		c.unit(c.join(c.cutByte, b[0]), c.off-1)
		i = 1
	}
	for ; i+1 < len(b); i += 2 {
		c.unit(c.join(b[i], b[i+1]), c.off+int64(i))
	}
	if i < len(b) {
		c.cut, c.cutByte = true, b[i]
	}
	c.off += int64(len(b))
}

func (c *utf16Checker) join(b0, b1 byte) uint16 {
	if c.big {
		return uint16(b0)<<8 | uint16(b1)
	}
	return uint16(b1)<<8 | uint16(b0)
}

// unit checks the unit u that starts at byte off.
func (c *utf16Checker) unit(u uint16, off int64) {
	low := 0xDC00 <= u && u <= 0xDFFF
	if c.lead {
		c.lead = false
		switch {
		case low && c.high:
			return // a pair
		case low:
			// x/text reads a low surrogate after a low one with it, as
			// one U+FFFD.
			c.note("lone surrogate", c.leadOff, c.leadLine)
			return
		}
		c.note("lone surrogate", c.leadOff, c.leadLine)
	}
	switch {
	case u == '\n':
		c.line++
	case 0xD800 <= u && u <= 0xDFFF:
		c.lead, c.high, c.leadOff, c.leadLine = true, !low, off, c.line
	}
}

// note counts a fault at byte off, after newlines newlines.
func (c *utf16Checker) note(what string, off int64, newlines int) {
	if c.fault.Count == 0 {
		c.fault.What, c.fault.Offset, c.fault.Line = what, off, newlines+1
	}
	c.fault.Count++
}

// err returns the faults met so far in the text of file, or nil.
func (c *utf16Checker) err(file, encoding string) error {
	if c.fault.Count == 0 {
		return nil
	}
	e := c.fault
	e.File, e.Encoding = file, encoding
	return &e
}
