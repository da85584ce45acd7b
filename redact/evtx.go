package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unicode/utf16"

	"github.com/dartkit/dartkit/logparse/evtx"
)

// ErrNotEVTX reports input to EVTX that is not an EVTX file: no signature,
// or cut inside its file header. Nothing is written.
var ErrNotEVTX = errors.New("redact: not an EVTX file")

// ErrBlanked reports a part of a file that could not be parsed, so that
// the secrets it may hold could not be found: the output holds zeros in
// its place, and the rest of the file is redacted.
var ErrBlanked = errors.New("redact: damaged, blanked")

// EVTX writes to dst the Windows event log src, read from the file name,
// redacted in place: the same size and layout, every offset as it was.
// Each text value of each record is rewritten with r.SameLength: the
// event's data and message strings, System/Computer, the Provider's name,
// UserData and EventData values, strings and string arrays (UTF-16 and
// ANSI) among the substitution values, BinXML nested in them, and the
// static text of template definitions. In binary values, and values whose
// size does not fit their type, runs of at least four printable ASCII
// characters, in 8 bits or in UTF-16, are redacted. Element and attribute
// names, numbers, times, GUIDs and SIDs are left. The checksums of
// each chunk are recomputed; a checksum that did not match in src is left
// as it was, so that a damaged chunk still reads as damaged.
//
// Bytes that no reader reads and that may hold an earlier record's text
// are zeroed: the file header past its 128 bytes, a chunk past its free
// space offset, a record's bytes after its end-of-stream token.
//
// A chunk without a signature, or a record whose frame or BinXML cannot
// be parsed, is blanked with zeros, the walk goes on with the next, and
// EVTX returns an error wrapping ErrBlanked that names the file, the chunk
// and the offset of the first such part and counts them. EVTX reads and
// writes one chunk (64 KiB) at a time.
func EVTX(r *Redactor, dst io.Writer, src io.Reader, name string) error {
	x := &evtxRedactor{r: r, name: name, sameUTF16: map[string]bool{}, sameANSI: map[string]bool{}}
	hdr := make([]byte, evtx.FileHeaderSize)
	n, err := io.ReadFull(src, hdr)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !evtx.IsEVTX(hdr[:n]) {
		return fmt.Errorf("%s: no EVTX signature: %w", name, ErrNotEVTX)
	}
	if n < evtx.FileHeaderSize {
		return fmt.Errorf("%s: file of %d bytes ends inside its %d-byte header: %w", name, n, evtx.FileHeaderSize, ErrNotEVTX)
	}
	// The header's checksum covers its first 120 bytes, which stay as
	// they are; what follows its 128 bytes is unused.
	clear(hdr[128:])
	if _, err := dst.Write(hdr); err != nil {
		return err
	}
	buf := make([]byte, evtx.ChunkSize)
	for i := 0; ; i++ {
		n, err := io.ReadFull(src, buf)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return x.result(fmt.Errorf("%s: chunk %d: %w", name, i, err))
		}
		if n == 0 {
			break
		}
		x.chunk(buf[:n], i)
		if _, err := dst.Write(buf[:n]); err != nil {
			return err
		}
		if n < evtx.ChunkSize {
			break
		}
	}
	return x.result(nil)
}

// evtxRedactor redacts the chunks of one file.
type evtxRedactor struct {
	r     *Redactor
	name  string
	walk  evtx.SpanWalker
	spans []evtx.Span
	units []uint16
	// sameUTF16 and sameANSI hold text values, as the file stores them,
	// that hold no secret, so that the providers, channels and computer
	// names every record repeats are redacted once. Values that change
	// are redacted each time, so that the map counts every replacement.
	sameUTF16, sameANSI map[string]bool

	first   error // the first part blanked
	blanked int
}

// maxSame and maxSameLen bound the values remembered as holding no
// secret: providers, channels and computers are short.
const (
	maxSame    = 4096
	maxSameLen = 256
)

func (x *evtxRedactor) result(err error) error {
	if x.first != nil {
		more := ""
		if x.blanked > 1 {
			more = fmt.Sprintf(" (%d parts blanked)", x.blanked)
		}
		x.first = fmt.Errorf("%w%s", x.first, more)
		if err != nil {
			return errors.Join(x.first, err)
		}
		return x.first
	}
	return err
}

// blank zeroes b, a damaged part of chunk i at offset off in the chunk.
func (x *evtxRedactor) blank(b []byte, i, off int, record uint64, why error) {
	clear(b)
	x.blanked++
	if x.first == nil {
		at := int64(evtx.FileHeaderSize) + int64(i)*evtx.ChunkSize + int64(off)
		what := fmt.Sprintf("chunk %d", i)
		if record != 0 {
			what += fmt.Sprintf(", record %d", record)
		}
		x.first = fmt.Errorf("%s: %s at %#x: %w: %w", x.name, what, at, ErrBlanked, why)
	}
}

func evtxAllZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// chunk redacts chunk i, c, in place.
func (x *evtxRedactor) chunk(c []byte, i int) {
	le := binary.LittleEndian
	if len(c) < evtx.ChunkHeaderSize || !evtx.IsChunk(c) {
		if !evtxAllZero(c) {
			x.blank(c, i, 0, 0, errors.New("no chunk signature"))
		}
		return
	}
	hdrOK := le.Uint32(c[124:]) == evtx.ChunkHeaderChecksum(c)
	free := int(le.Uint32(c[48:]))
	end := len(c)
	recOK := false
	if free >= evtx.ChunkHeaderSize && free <= evtx.ChunkSize {
		end = min(free, len(c))
		recOK = free <= len(c) && le.Uint32(c[52:]) == crc32.ChecksumIEEE(c[evtx.ChunkHeaderSize:free])
		// Past the free space: what an earlier use of the chunk left.
		clear(c[end:])
	}
	x.walk.Reset()
	for off := evtx.ChunkHeaderSize; off < end; {
		off = x.record(c, i, off, end)
	}
	if recOK {
		le.PutUint32(c[52:], crc32.ChecksumIEEE(c[evtx.ChunkHeaderSize:free]))
	}
	if hdrOK {
		le.PutUint32(c[124:], evtx.ChunkHeaderChecksum(c))
	}
}

// record redacts the record at c[off:], whose records end at end, and
// returns where the next record starts.
func (x *evtxRedactor) record(c []byte, i, off, end int) int {
	size, id, ok := evtx.RecordFrame(c[:end], off)
	if !ok {
		if size == 0 && evtxAllZero(c[off:end]) {
			return end
		}
		next := evtx.NextRecord(c[:end], off+1)
		why := errors.New("no whole record here")
		if size != 0 {
			why = fmt.Errorf("record size %#x does not frame a record", size)
		}
		x.blank(c[off:next], i, off, id, why)
		return next
	}
	body, bodyEnd := off+evtx.RecordHeaderSize, off+size-4
	spans, stop, err := x.walk.AppendSpans(x.spans[:0], c, body, bodyEnd)
	x.spans = spans[:0]
	if err != nil {
		x.blank(c[body:bodyEnd], i, off, id, err)
		return off + size
	}
	for _, s := range spans {
		x.span(c[s.Off:s.Off+s.Len], s.Kind)
	}
	// After the end-of-stream token: nothing a reader reads.
	clear(c[stop:bodyEnd])
	return off + size
}

// span redacts the text b in place: each of its NUL-separated strings.
func (x *evtxRedactor) span(b []byte, kind evtx.SpanKind) {
	if kind == evtx.SpanBinary {
		x.binary(b)
		return
	}
	if kind == evtx.SpanANSI {
		for len(b) > 0 {
			j := bytes.IndexByte(b, 0)
			if j < 0 {
				j = len(b)
			}
			x.ansi(b[:j])
			b = b[min(j+1, len(b)):]
		}
		return
	}
	b = b[:len(b)&^1]
	for len(b) > 0 {
		j := 0
		for j < len(b) && (b[j] != 0 || b[j+1] != 0) {
			j += 2
		}
		x.utf16(b[:j])
		b = b[min(j+2, len(b)):]
	}
}

// minRun is the shortest run of characters that binary redacts: shorter
// runs are as likely bytes of numbers as text.
const minRun = 4

// binary redacts the text that b, a value that is not text by its type,
// may hold: runs of printable ASCII, as 8-bit text and as UTF-16LE.
func (x *evtxRedactor) binary(b []byte) {
	printable := func(c byte) bool { return c >= 0x20 && c < 0x7f }
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && printable(b[j]) {
			j++
		}
		if j-i >= minRun {
			x.ansi(b[i:j])
		}
		i = max(j, i+1)
	}
	for i := 0; i+1 < len(b); {
		j := i
		for j+1 < len(b) && printable(b[j]) && b[j+1] == 0 {
			j += 2
		}
		if j-i >= 2*minRun {
			x.utf16(b[i:j])
			i = j
		} else {
			i++
		}
	}
}

// remember adds b, raw text that holds no secret, to m, a memo of
// x.sameUTF16 or x.sameANSI.
func remember(m map[string]bool, b []byte) {
	if len(m) < maxSame && len(b) <= maxSameLen {
		m[string(b)] = true
	}
}

// utf16 redacts the UTF-16LE string b in place.
func (x *evtxRedactor) utf16(b []byte) {
	if len(b) == 0 || x.sameUTF16[string(b)] {
		return
	}
	le := binary.LittleEndian
	u := x.units[:0]
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, le.Uint16(b[i:]))
	}
	x.units = u
	s := string(utf16.Decode(u))
	out := x.r.SameLength(s, x.name)
	if out == s {
		remember(x.sameUTF16, b)
		return
	}
	v := fitUTF16(utf16.Encode([]rune(out)), len(u))
	for i, c := range v {
		le.PutUint16(b[2*i:], c)
	}
}

// ansi redacts the 8-bit string b in place, read as Latin-1.
func (x *evtxRedactor) ansi(b []byte) {
	if len(b) == 0 || x.sameANSI[string(b)] {
		return
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	s := string(r)
	out := x.r.SameLength(s, x.name)
	if out == s {
		remember(x.sameANSI, b)
		return
	}
	v := fitUTF16(utf16.Encode([]rune(out)), len(b))
	for i, c := range v {
		if c > 0xff {
			c = '?'
		}
		b[i] = byte(c)
	}
}

// fitUTF16 returns u cut or padded to n code units, never ending inside a
// surrogate pair. SameLength keeps the length; this keeps the layout of the
// file whatever it returns.
func fitUTF16(u []uint16, n int) []uint16 {
	if len(u) > n {
		u = u[:n]
		if n > 0 && u[n-1] >= 0xd800 && u[n-1] < 0xdc00 { // a pair's first half
			u[n-1] = 'x'
		}
	}
	for len(u) < n {
		u = append(u, 'x')
	}
	return u
}
