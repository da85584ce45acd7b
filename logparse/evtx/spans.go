package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/dartkit/dartkit/logparse"
)

// Sizes of the fixed parts of an EVTX file.
const (
	FileHeaderSize   = fileHeaderSize
	ChunkSize        = chunkSize
	ChunkHeaderSize  = chunkHeaderSize
	RecordHeaderSize = recordHeader // signature, size, identifier, time written
)

// IsChunk reports whether c starts with the signature of a chunk.
func IsChunk(c []byte) bool { return bytes.HasPrefix(c, chunkMagic) }

// ChunkHeaderChecksum returns the checksum a chunk's header c stores at
// offset 124: the CRC32 of its bytes 0 to 120 and 128 to 512.
func ChunkHeaderChecksum(c []byte) uint32 {
	crc := crc32.ChecksumIEEE(c[:120])
	return crc32.Update(crc, crc32.IEEETable, c[128:chunkHeaderSize])
}

// RecordFrame returns the size and identifier of the record at c[off:],
// c being a chunk up to the end of its records, and whether its frame is
// whole: its signature, a size that fits in c, and the copy of the size
// at its end.
func RecordFrame(c []byte, off int) (size int, id uint64, ok bool) {
	if off < 0 || len(c)-off < recordHeader+4 || !bytes.Equal(c[off:off+4], recordMagic) {
		return 0, 0, false
	}
	le := binary.LittleEndian
	size = int(le.Uint32(c[off+4:]))
	id = le.Uint64(c[off+8:])
	ok = size >= recordHeader+4 && size <= len(c)-off && int(le.Uint32(c[off+size-4:])) == size
	return size, id, ok
}

// NextRecord returns the first offset of c from from at which a record's
// frame is whole, or len(c): where a reader of a damaged chunk goes on.
func NextRecord(c []byte, from int) int {
	for from < len(c) {
		i := bytes.Index(c[from:], recordMagic)
		if i < 0 {
			break
		}
		at := from + i
		if _, _, ok := RecordFrame(c, at); ok {
			return at
		}
		from = at + 1
	}
	return len(c)
}

// instance reads the header of the template instance at c[pos:end], and
// of its definition, here or elsewhere in the chunk. It returns the
// definition's offset, the start and size of its BinXML, and where the
// instance's substitution values start; or the problem and its offset.
func instance(c []byte, pos, end int) (def, dstart, n, next, errAt int, err error) {
	le := binary.LittleEndian
	if end-pos < 10 {
		return 0, 0, 0, pos, pos, errShort
	}
	def = int(le.Uint32(c[pos+6:]))
	pos += 10
	if def == pos {
		// The definition is resident: it follows, and the values after it.
		if end-pos < 24 {
			return 0, 0, 0, pos, pos, errShort
		}
		n := int(le.Uint32(c[pos+20:]))
		if n > end-pos-24 {
			return 0, 0, 0, pos, pos + 20, fmt.Errorf("template definition of %d bytes: %w", n, errShort)
		}
		pos += 24 + n
	} else if def < chunkHeaderSize || def > len(c)-24 {
		return 0, 0, 0, pos, pos - 4, fmt.Errorf("template definition offset %#x outside the chunk's records", def)
	}
	n = int(le.Uint32(c[def+20:]))
	dstart = def + 24
	if n > len(c)-dstart {
		return 0, 0, 0, pos, def + 20, fmt.Errorf("template definition of %d bytes: %w", n, errShort)
	}
	return def, dstart, n, pos, 0, nil
}

// A SpanKind says how the text of a Span is encoded.
type SpanKind uint8

const (
	// SpanUTF16 is UTF-16LE text: the text of a value token, of a CDATA
	// section or of processing-instruction data, or a substitution value
	// of type string or string array (whose strings are NUL-separated).
	SpanUTF16 SpanKind = iota + 1
	// SpanANSI is 8-bit text: a substitution value of type AnsiString or
	// an array of them (NUL-separated), in a code page the file does not
	// name.
	SpanANSI
	// SpanBinary is a value that is not text by its type but may hold
	// text: a binary value, a value of a type the format does not define,
	// or one whose size does not fit its type.
	SpanBinary
)

// A Span is a text value of a record's BinXML: the bytes
// chunk[Off:Off+Len] of its chunk. Element and attribute names, which are
// stored apart in the chunk, are not spans; nor are values whose type and
// size say they are numbers, times, GUIDs or SIDs.
type Span struct {
	Off, Len int
	Kind     SpanKind
}

// A SpanWalker finds the text values of the records of a chunk, where a
// program that rewrites them in place (with text of the same length) must
// write: in each record's own BinXML, in its substitution values,
// in BinXML nested in those values, and in the static text of the
// template definitions its instances use. It reads the BinXML as a Reader
// does, with the same limits, but does not build records.
//
// The zero value is ready for use. A SpanWalker is not safe for concurrent
// use.
type SpanWalker struct {
	c      []byte
	defs   map[int]bool // template definitions walked in the chunk
	marked []int        // the order they were walked in
	spans  []Span
	budget int
	errAt  int
}

// Reset makes w forget the template definitions it has walked: call it
// before the first record of each chunk.
func (w *SpanWalker) Reset() {
	clear(w.defs)
	w.marked = w.marked[:0]
}

// AppendSpans appends to dst the spans of the text values of the record
// whose BinXML is chunk[start:end], and returns the extended slice and the
// offset in chunk where the BinXML ends: after its end-of-stream token, or
// end. A template definition the record's instance uses is walked the
// first time a record of the chunk uses it (see Reset), and its static
// text is among that record's spans.
//
// An error is a record whose BinXML cannot be walked to its end: the spans
// appended are those found before the problem, and others may follow it;
// the template definitions walked for the record are walked again by the
// next record that uses them.
// The error gives the offset in the chunk and wraps logparse.ErrMalformed,
// logparse.ErrTruncated or logparse.ErrTooLarge.
func (w *SpanWalker) AppendSpans(dst []Span, chunk []byte, start, end int) ([]Span, int, error) {
	if w.defs == nil {
		w.defs = map[int]bool{}
	}
	if start < 0 || end > len(chunk) || start > end {
		return dst, start, fmt.Errorf("record BinXML [%#x, %#x) outside the chunk: %w", start, end, logparse.ErrMalformed)
	}
	w.c, w.spans, w.budget, w.errAt = chunk, dst, maxTokens, start
	marked := len(w.marked)
	stop, err := w.run(start, end, 0)
	dst, w.spans, w.c = w.spans, nil, nil
	if err != nil {
		w.unmark(marked)
		return dst, min(stop, end), fmt.Errorf("BinXML at chunk offset %#x: %v: %w", w.errAt, err, class(err))
	}
	return dst, min(stop, end), nil
}

// class returns the logparse error a problem of BinXML is reported as.
func class(err error) error {
	switch {
	case errors.Is(err, errTooLarge):
		return logparse.ErrTooLarge
	case errors.Is(err, errShort):
		return logparse.ErrTruncated
	}
	return logparse.ErrMalformed
}

func (w *SpanWalker) fail(at int, err error) error {
	w.errAt = at
	return err
}

func (w *SpanWalker) text(off, n int, kind SpanKind) {
	if n > 0 {
		w.spans = append(w.spans, Span{Off: off, Len: n, Kind: kind})
	}
}

// errToken is a token the walk does not know, or a value token of a type
// other than string.
var errToken = fmt.Errorf("token not valid here")

// run walks the tokens of c[pos:end] until the end-of-stream token or end,
// and returns where it stopped.
func (w *SpanWalker) run(pos, end, nest int) (int, error) {
	c := w.c
	le := binary.LittleEndian
	for pos < end {
		if w.budget--; w.budget < 0 {
			return pos, w.fail(pos, errTooLarge)
		}
		tok := c[pos]
		switch tok &^ tokMore {
		case tokEOF:
			return pos + 1, nil
		case tokFragment:
			pos += 4
		case tokOpenStart:
			if end-pos < 11 {
				return pos, w.fail(pos, errShort)
			}
			next, err := w.name(pos+7, pos+11, end)
			if err != nil {
				return pos, err
			}
			pos = next
			if tok&tokMore != 0 {
				pos += 4 // size of the attribute list
			}
		case tokCloseStart, tokCloseEmpty, tokEnd:
			pos++
		case tokAttribute, tokEntityRef, tokPITarget:
			if end-pos < 5 {
				return pos, w.fail(pos, errShort)
			}
			next, err := w.name(pos+1, pos+5, end)
			if err != nil {
				return pos, err
			}
			pos = next
		case tokValue:
			if end-pos < 4 {
				return pos, w.fail(pos, errShort)
			}
			n := 2 * int(le.Uint16(c[pos+2:]))
			if c[pos+1] != typeString {
				return pos, w.fail(pos, errToken)
			}
			if n > end-pos-4 {
				return pos, w.fail(pos, errShort)
			}
			w.text(pos+4, n, SpanUTF16)
			pos += 4 + n
		case tokCDATA, tokPIData:
			if end-pos < 3 {
				return pos, w.fail(pos, errShort)
			}
			n := 2 * int(le.Uint16(c[pos+1:]))
			if n > end-pos-3 {
				return pos, w.fail(pos, errShort)
			}
			w.text(pos+3, n, SpanUTF16)
			pos += 3 + n
		case tokCharRef:
			pos += 3
		case tokSubstitution, tokOptionalSub:
			// The value is in the instance's substitution array, which
			// template walks.
			pos += 4
		case tokTemplate:
			next, err := w.template(pos, end, nest)
			if err != nil {
				return next, err
			}
			pos = next
		default:
			return pos, w.fail(pos, errToken)
		}
	}
	if pos > end {
		return pos, w.fail(end, errShort)
	}
	return pos, nil
}

// name skips the name whose offset is at c[at:at+4], and the name itself
// when it follows (at its first use in the chunk). Names are not text
// values: only their size matters here.
func (w *SpanWalker) name(at, after, end int) (int, error) {
	c := w.c
	off := int(binary.LittleEndian.Uint32(c[at:]))
	if off != after {
		return after, nil
	}
	if end-after < 8 {
		return after, w.fail(after, errShort)
	}
	size := 8 + 2*int(binary.LittleEndian.Uint16(c[after+6:])) + 2
	if size > end-after {
		return after, w.fail(after, errShort)
	}
	return after + size, nil
}

// template walks the template instance at c[pos:end]: its definition,
// the first time the chunk uses it, and its substitution values.
func (w *SpanWalker) template(pos, end, nest int) (int, error) {
	c := w.c
	le := binary.LittleEndian
	if nest >= maxNesting {
		return pos, w.fail(pos, errTooLarge)
	}
	def, dstart, n, pos, errAt, err := instance(c, pos, end)
	if err != nil {
		return pos, w.fail(errAt, err)
	}
	if !w.defs[def] {
		if _, err := w.run(dstart, dstart+n, nest+1); err != nil {
			return pos, err
		}
		// Marked only once walked whole: a definition that fails fails
		// every record that uses it.
		w.defs[def] = true
		w.marked = append(w.marked, def)
	}

	if end-pos < 4 {
		return pos, w.fail(pos, errShort)
	}
	count := int(le.Uint32(c[pos:]))
	pos += 4
	if count > (end-pos)/4 {
		return pos, w.fail(pos-4, errShort)
	}
	if w.budget -= count; w.budget < 0 {
		return pos, w.fail(pos-4, errTooLarge)
	}
	vals := pos + 4*count
	for i := range count {
		d := pos + 4*i
		size := int(le.Uint16(c[d:]))
		if size > end-vals {
			return pos, w.fail(d, errShort)
		}
		switch typ := c[d+2]; typ {
		case typeString, typeString | typeArray:
			w.text(vals, size, SpanUTF16)
		case typeAnsiString, typeAnsiString | typeArray:
			w.text(vals, size, SpanANSI)
		case typeBinXML:
			if size > 0 {
				w.nested(vals, size, nest)
			}
		default:
			if !fits(typ, c[vals:vals+size]) {
				w.text(vals, size, SpanBinary)
			}
		}
		vals += size
	}
	return vals, nil
}

// nested walks the BinXML value c[off:off+size]. A value that cannot be
// walked is a binary span: a reader that puts it in its place fails on it
// too, and one that does not, because no substitution token refers to it,
// reads the record without it.
func (w *SpanWalker) nested(off, size, nest int) {
	spans, marked, errAt := len(w.spans), len(w.marked), w.errAt
	if _, err := w.run(off, off+size, nest+1); err == nil {
		return
	}
	w.spans = w.spans[:spans]
	w.unmark(marked)
	w.errAt = errAt // the budget spent stays spent
	w.text(off, size, SpanBinary)
}

// unmark forgets the template definitions walked since the first marked,
// so that the next record that uses them walks them again: the spans found
// in them went with the walk that failed.
func (w *SpanWalker) unmark(marked int) {
	for _, d := range w.marked[marked:] {
		delete(w.defs, d)
	}
	w.marked = w.marked[:marked]
}

// fits reports whether b is a value of type typ that holds no text: a
// number, a time, a GUID or a SID of the size its type gives, or an array
// of them.
func fits(typ byte, b []byte) bool {
	n := len(b)
	if typ == typeNull {
		return n == 0
	}
	if typ&typeArray != 0 {
		w := width(typ &^ typeArray)
		return w > 0 && n%w == 0
	}
	if typ == typeSID {
		return n >= 8 && n == 8+4*int(b[1])
	}
	if typ == typeSizeT {
		return n == 4 || n == 8
	}
	w := width(typ)
	return w > 0 && n == w
}

// width returns the size of a value of the fixed-size type typ, or 0.
func width(typ byte) int {
	switch typ {
	case typeInt8, typeUInt8:
		return 1
	case typeInt16, typeUInt16:
		return 2
	case typeInt32, typeUInt32, typeReal32, typeBool, typeHexInt32:
		return 4
	case typeInt64, typeUInt64, typeReal64, typeFiletime, typeHexInt64:
		return 8
	case typeGUID, typeSystemtime:
		return 16
	}
	return 0
}
