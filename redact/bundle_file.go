package redact

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
)

// window is how much of a file is redacted at once, and the longest line
// redacted whole: a longer one is cut (see cutText).
const window = 64 << 10

// minBinaryRun is the shortest run of printable characters redacted in a binary
// file: shorter ones are too short for a secret.
const minBinaryRun = 4

// reader returns a buffered reader of src from the bundler's free list.
func (b *bundler) reader(src io.Reader) *bufio.Reader {
	if n := len(b.free); n > 0 {
		br := b.free[n-1]
		b.free = b.free[:n-1]
		br.Reset(src)
		return br
	}
	return bufio.NewReaderSize(src, window)
}

func (b *bundler) release(br *bufio.Reader) {
	br.Reset(nil)
	b.free = append(b.free, br)
}

// file redacts one file of the bundle, named name, read from src, into the
// writer create returns, and returns what it did. create is not called for
// a file that is dropped.
func (b *bundler) file(src io.Reader, name string, depth int, create func() (io.Writer, error)) (string, error) {
	br := b.reader(src)
	defer b.release(br)
	head, err := br.Peek(4096)
	if err != nil && err != io.EOF {
		return "", b.fail(name, err)
	}
	if m := magic(head); m != "" {
		return b.nested(br, name, m, depth, create)
	}
	switch {
	case isEVTX(name, head):
		return b.external(br, name, ActionEVTX, create, func(dst io.Writer, src io.Reader) error {
			return EVTX(b.r, dst, src, name)
		})
	case isCapture(head):
		return b.external(br, name, ActionCapture, create, func(dst io.Writer, src io.Reader) error {
			return Capture(b.r, dst, src)
		})
	}
	w, err := create()
	if err != nil {
		return "", b.fail(name, err)
	}
	var changed bool
	enc := dart.DetectEncoding(head)
	switch enc {
	case "":
		err = b.binary(br, w, name)
		changed = true
	case dart.EncodingUTF16LE, dart.EncodingUTF16BE:
		changed, err = b.utf16(br, w, name, enc == dart.EncodingUTF16BE)
	default:
		// UTF-8 and Windows-1252 alike: secrets are ASCII, and bytes
		// that are not valid UTF-8 are kept as they are.
		changed, err = b.text(br, w, name)
	}
	switch {
	case err != nil:
		return "", b.fail(name, err)
	case enc == "":
		return ActionBinary, nil
	case changed:
		return ActionRedacted, nil
	}
	return ActionCopied, nil
}

// nested redacts an archive nested in the bundle.
func (b *bundler) nested(br *bufio.Reader, name, m string, depth int, create func() (io.Writer, error)) (string, error) {
	if depth+1 > b.lim.MaxDepth {
		return "", b.fail(name, &dart.LimitError{Limit: "MaxDepth", Value: int64(b.lim.MaxDepth), File: name})
	}
	prefix := name + "/"
	switch m {
	case "zip", "7z":
		// Random access is needed: the archive is spooled, within
		// MaxNestedSize, as dart reads it into memory.
		sp := &spool{}
		defer sp.Close()
		n, err := io.Copy(sp, io.LimitReader(br, b.lim.MaxNestedSize+1))
		if err != nil {
			return "", b.fail(name, err)
		}
		if n > b.lim.MaxNestedSize {
			return "", b.fail(name, &dart.LimitError{Limit: "MaxNestedSize", Value: b.lim.MaxNestedSize, File: name})
		}
		w, err := create()
		if err != nil {
			return "", b.fail(name, err)
		}
		if m == "7z" {
			return ActionArchive + ": 7z written as zip", b.sevenZip(sp.readerAt(), sp.n, w, prefix, depth+1)
		}
		return ActionArchive, b.zip(sp.readerAt(), sp.n, w, prefix, depth+1)
	case "gz", "tar":
		w, err := create()
		if err != nil {
			return "", b.fail(name, err)
		}
		if m == "gz" {
			return ActionArchive, b.gzip(br, w, name, prefix, depth+1)
		}
		return ActionArchive, b.tar(br, w, prefix, depth+1)
	}
	return "", b.fail(name, fmt.Errorf("%s archives cannot be written back: %w", m, dart.ErrNotBundle))
}

// external redacts a file with fn, a redactor of its format, into a
// spool first: a file fn cannot redact is dropped, not copied as it is.
func (b *bundler) external(br *bufio.Reader, name, action string, create func() (io.Writer, error), fn func(io.Writer, io.Reader) error) (string, error) {
	sp := &spool{}
	defer sp.Close()
	if err := fn(sp, br); err != nil {
		var le *dart.LimitError
		if errors.As(err, &le) || errors.Is(err, b.ctx.Err()) && b.ctx.Err() != nil {
			return "", b.fail(name, err)
		}
		return "dropped: " + err.Error(), nil
	}
	w, err := create()
	if err != nil {
		return "", b.fail(name, err)
	}
	if err := sp.copyTo(w); err != nil {
		return "", b.fail(name, err)
	}
	return action, nil
}

func isEVTX(name string, head []byte) bool {
	return bytes.HasPrefix(head, []byte("ElfFile\x00")) || strings.HasSuffix(strings.ToLower(name), ".evtx")
}

func isCapture(head []byte) bool {
	if len(head) < 4 {
		return false
	}
	switch binary.LittleEndian.Uint32(head) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a:
		return true
	}
	return false
}

// text redacts UTF-8 (or Windows-1252) text, a window of whole lines at a
// time, and reports whether anything was replaced.
func (b *bundler) text(br *bufio.Reader, w io.Writer, name string) (bool, error) {
	return b.windows(br, w, cutText, func(c *chunk, spec bool) bool {
		var ok bool
		if c.red, ok = b.r.redactWindow(c.red[:0], c.in, name, spec); !ok {
			return false
		}
		c.out, c.changed = c.red, !bytes.Equal(c.red, c.in)
		return true
	})
}

// cutText returns how much of buf to redact at once: up to its last line
// end; or, for a line longer than a full window, up to its last blank or
// punctuation, or else its last whole rune. A secret is never cut unless
// it is that long itself.
func cutText(buf []byte, full bool) int {
	if !full {
		return len(buf)
	}
	if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
		return i + 1
	}
	if i := bytes.LastIndexAny(buf, " \t\r,;<>\"'()[]{}|"); i > 0 {
		return i + 1
	}
	n := len(buf)
	for i := n - 1; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				return i
			}
			break
		}
	}
	return n
}

// utf16 redacts UTF-16 text: each window of whole lines is decoded to
// UTF-8, redacted, and written back in the file's byte order, or copied as
// it was when nothing in it was replaced.
func (b *bundler) utf16(br *bufio.Reader, w io.Writer, name string, big bool) (bool, error) {
	if bom, _ := br.Peek(2); len(bom) == 2 && (bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF) {
		big = bom[0] == 0xFE
		if _, err := w.Write(bom); err != nil {
			return false, err
		}
		br.Discard(2)
	}
	cut := func(buf []byte, full bool) int { return cutUTF16(buf, full, big) }
	return b.windows(br, w, cut, func(c *chunk, spec bool) bool {
		c.dec = decodeUTF16(c.dec[:0], c.in, big)
		var ok bool
		if c.red, ok = b.r.redactWindow(c.red[:0], c.dec, name, spec); !ok {
			return false
		}
		c.out, c.changed = c.in, false
		if !bytes.Equal(c.red, c.dec) {
			c.enc = encodeUTF16(c.enc[:0], c.red, big)
			c.out, c.changed = c.enc, true
		}
		return true
	})
}

func unit16(b []byte, big bool) uint16 {
	if big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

// cutUTF16 is cutText for UTF-16: an even length, never inside a
// surrogate pair.
func cutUTF16(buf []byte, full, big bool) int {
	n := len(buf) &^ 1
	if !full {
		return n
	}
	for i := n - 2; i >= 0; i -= 2 {
		if unit16(buf[i:], big) == '\n' {
			return i + 2
		}
	}
	for i := n - 2; i > 0; i -= 2 {
		if u := unit16(buf[i:], big); u < 0x80 && strings.IndexByte(" \t\r,;<>\"'()[]{}|", byte(u)) >= 0 {
			return i + 2
		}
	}
	if utf16.IsSurrogate(rune(unit16(buf[n-2:], big))) && unit16(buf[n-2:], big) < 0xDC00 {
		return n - 2
	}
	return n
}

// decodeUTF16 appends the UTF-8 of the UTF-16 text src to dst; a lone
// surrogate becomes U+FFFD.
func decodeUTF16(dst, src []byte, big bool) []byte {
	for i := 0; i+1 < len(src); i += 2 {
		u := unit16(src[i:], big)
		switch {
		case u < 0x80:
			dst = append(dst, byte(u))
		case u >= 0xD800 && u < 0xDC00 && i+3 < len(src):
			if u2 := unit16(src[i+2:], big); u2 >= 0xDC00 && u2 < 0xE000 {
				dst = utf8.AppendRune(dst, utf16.DecodeRune(rune(u), rune(u2)))
				i += 2
				continue
			}
			dst = utf8.AppendRune(dst, utf8.RuneError)
		default:
			dst = utf8.AppendRune(dst, rune(u)) // a lone surrogate becomes U+FFFD
		}
	}
	return dst
}

// encodeUTF16 appends the UTF-16 of the UTF-8 text src to dst.
func encodeUTF16(dst, src []byte, big bool) []byte {
	put := func(u uint16) {
		if big {
			dst = binary.BigEndian.AppendUint16(dst, u)
		} else {
			dst = binary.LittleEndian.AppendUint16(dst, u)
		}
	}
	for len(src) > 0 {
		r, n := utf8.DecodeRune(src)
		src = src[n:]
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			put(uint16(r1))
			put(uint16(r2))
			continue
		}
		put(uint16(r))
	}
	return dst
}

func printableByte(c byte) bool { return c >= 0x20 && c < 0x7F }

// binary redacts the printable ASCII and UTF-16LE runs of a binary file
// in place, each with a pseudonym fitted to its length.
func (b *bundler) binary(br *bufio.Reader, w io.Writer, name string) error {
	for {
		buf, err := br.Peek(window)
		if err != nil && err != io.EOF {
			return err
		}
		if len(buf) == 0 {
			return nil
		}
		full := err == nil
		b.out = append(b.out[:0], buf...)
		n := len(buf)
		for i := 0; i < n; {
			j := i
			for j+1 < len(buf) && printableByte(buf[j]) && buf[j+1] == 0 {
				j += 2
			}
			wide := (j-i)/2 >= minBinaryRun
			atEnd := j > i && j+1 >= len(buf)
			if !wide {
				for j = i; j < len(buf) && printableByte(buf[j]); j++ {
				}
				atEnd = atEnd || j > i && j == len(buf)
			}
			if full && atEnd && i > 0 {
				// The run may go on past the window: it starts the next.
				n = i
				break
			}
			if !wide && j-i < minBinaryRun {
				i++
				continue
			}
			b.sameLength(b.out[i:j], buf[i:j], wide, name)
			i = j
		}
		if _, err := w.Write(b.out[:n]); err != nil {
			return err
		}
		br.Discard(n)
	}
}

// sameLength writes over dst the redacted form of the run src, of the
// same length.
func (b *bundler) sameLength(dst, src []byte, wide bool, name string) {
	if !wide {
		s := b.r.SameLength(string(src), name)
		copy(dst, fit(s, len(src)))
		return
	}
	ascii := make([]byte, len(src)/2)
	for k := range ascii {
		ascii[k] = src[2*k]
	}
	s := b.r.SameLength(string(ascii), name)
	units := utf16.Encode([]rune(s))
	for k := range len(src) / 2 {
		u := uint16('x')
		if k < len(units) {
			u = units[k]
		}
		binary.LittleEndian.PutUint16(dst[2*k:], u)
	}
}

// fit returns s cut or padded with 'x' to n bytes.
func fit(s string, n int) string {
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat("x", n-len(s))
}
