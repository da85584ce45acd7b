package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// BinXML tokens. A token's 0x40 bit says more follows: attributes after
// an element start, another attribute after an attribute.
const (
	tokEOF          = 0x00
	tokOpenStart    = 0x01
	tokCloseStart   = 0x02
	tokCloseEmpty   = 0x03
	tokEnd          = 0x04
	tokValue        = 0x05
	tokAttribute    = 0x06
	tokCDATA        = 0x07
	tokCharRef      = 0x08
	tokEntityRef    = 0x09
	tokPITarget     = 0x0a
	tokPIData       = 0x0b
	tokTemplate     = 0x0c
	tokSubstitution = 0x0d
	tokOptionalSub  = 0x0e
	tokFragment     = 0x0f
	tokMore         = 0x40
)

// Value types of substitutions.
const (
	typeNull       = 0x00
	typeString     = 0x01
	typeAnsiString = 0x02
	typeInt8       = 0x03
	typeUInt8      = 0x04
	typeInt16      = 0x05
	typeUInt16     = 0x06
	typeInt32      = 0x07
	typeUInt32     = 0x08
	typeInt64      = 0x09
	typeUInt64     = 0x0a
	typeReal32     = 0x0b
	typeReal64     = 0x0c
	typeBool       = 0x0d
	typeBinary     = 0x0e
	typeGUID       = 0x0f
	typeSizeT      = 0x10
	typeFiletime   = 0x11
	typeSystemtime = 0x12
	typeSID        = 0x13
	typeHexInt32   = 0x14
	typeHexInt64   = 0x15
	typeBinXML     = 0x21
	typeArray      = 0x80
)

// Limits on one record's BinXML. Windows writes records of a few hundred
// tokens, a handful of elements deep, with one template instance (two when
// UserData is a value of its own); these leave room for far more and stop
// a file whose templates refer to each other in a loop, or nest without
// end, after bounded work.
const (
	maxTokens   = 1 << 16 // tokens and substitution values read for one record
	maxDepth    = 64      // elements open at once
	maxNesting  = 8       // template instances and BinXML values inside each other
	maxNameHold = 4096    // names kept per chunk
)

var (
	errShort    = errors.New("BinXML runs past its end")
	errTooLarge = errors.New("BinXML too large")
)

// A ref is a value in the chunk: its type and bytes c[off:off+n].
type ref struct {
	typ byte
	off int32
	n   int32
}

// Kinds of names: the elements and attributes a record's fields come from.
const (
	kOther = iota
	kSystem
	kProvider
	kEventID
	kLevel
	kTimeCreated
	kEventRecordID
	kComputer
	kExecution
	kEventData
	kUserData
	kBinary
	kName
	kEventSourceName
	kSystemTime
	kProcessID
)

func nameKind(s []byte) uint8 {
	switch string(s) {
	case "System":
		return kSystem
	case "Provider":
		return kProvider
	case "EventID":
		return kEventID
	case "Level":
		return kLevel
	case "TimeCreated":
		return kTimeCreated
	case "EventRecordID":
		return kEventRecordID
	case "Computer":
		return kComputer
	case "Execution":
		return kExecution
	case "EventData":
		return kEventData
	case "UserData":
		return kUserData
	case "Binary":
		return kBinary
	case "Name":
		return kName
	case "EventSourceName":
		return kEventSourceName
	case "SystemTime":
		return kSystemTime
	case "ProcessID":
		return kProcessID
	}
	return kOther
}

// fields are the values of one record that become a logparse.Record.
type fields struct {
	provider, sourceName, eventID, level, time, computer, pid ref
}

// A parser walks the BinXML of records in one chunk, following template
// instances to their definitions and putting substitution values in their
// place, and keeps the values a Record needs.
type parser struct {
	c     []byte
	names map[uint32]uint8 // kinds of the names the chunk's records used, by offset

	f      fields
	msg    []byte // EventData and UserData text, newline between elements
	maxMsg int
	msgEl  int // element whose text msg ends with
	elSeq  int // count of elements opened

	stack  [maxDepth]uint8
	depth  int
	inData int // EventData and UserData elements open
	attr   uint8
	inAttr bool

	subs    []ref // substitution values of the instances being read
	budget  int
	errAt   int // chunk offset of the problem err reports
	scratch [64]byte
	tmp     []byte // text of a field, until the next call of text
}

func (p *parser) init(c []byte) {
	p.c = c
	p.names = make(map[uint32]uint8)
}

func (p *parser) newChunk() { clear(p.names) }

// record reads the BinXML in c[start:end].
func (p *parser) record(start, end int) error {
	p.f = fields{}
	p.msg = p.msg[:0]
	p.msgEl, p.elSeq = -1, 0
	p.depth, p.inData = 0, 0
	p.inAttr = false
	p.subs = p.subs[:0]
	p.budget = maxTokens
	p.errAt = start
	if cap(p.msg) > 1<<20 {
		p.msg = nil // one huge record does not keep its buffer
	}
	_, err := p.run(start, end, 0, 0, 0)
	return err
}

func (p *parser) fail(at int, err error) error {
	p.errAt = at
	return err
}

func (p *parser) failf(at int, format string, args ...any) error {
	p.errAt = at
	return fmt.Errorf(format, args...)
}

// run reads tokens from c[pos:end] until the end-of-stream token or end,
// with the substitution values subs[s0:s1], and returns where it stopped.
func (p *parser) run(pos, end int, s0, s1 int, nest int) (int, error) {
	c := p.c
	le := binary.LittleEndian
	for pos < end {
		if p.budget--; p.budget < 0 {
			return pos, p.failf(pos, "more than %d tokens: %w", maxTokens, errTooLarge)
		}
		tok := c[pos]
		switch tok &^ tokMore {
		case tokEOF:
			return pos + 1, nil
		case tokFragment:
			pos += 4
		case tokOpenStart:
			if end-pos < 11 {
				return pos, p.fail(pos, errShort)
			}
			kind, next, err := p.name(pos+7, pos+11, end)
			if err != nil {
				return pos, err
			}
			pos = next
			if tok&tokMore != 0 {
				pos += 4 // size of the attribute list
			}
			if p.depth == maxDepth {
				return pos, p.failf(pos, "elements nested more than %d deep: %w", maxDepth, errTooLarge)
			}
			p.stack[p.depth] = kind
			p.depth++
			p.elSeq++
			if kind == kEventData || kind == kUserData {
				p.inData++
			}
			p.inAttr = false
		case tokCloseStart:
			p.inAttr = false
			pos++
		case tokCloseEmpty, tokEnd:
			if p.depth == 0 {
				return pos, p.failf(pos, "element end without a start")
			}
			p.depth--
			if k := p.stack[p.depth]; k == kEventData || k == kUserData {
				p.inData--
			}
			p.inAttr = false
			pos++
		case tokAttribute:
			if end-pos < 5 {
				return pos, p.fail(pos, errShort)
			}
			kind, next, err := p.name(pos+1, pos+5, end)
			if err != nil {
				return pos, err
			}
			pos = next
			p.attr, p.inAttr = kind, true
		case tokValue:
			if end-pos < 4 {
				return pos, p.fail(pos, errShort)
			}
			typ := c[pos+1]
			n := 2 * int(le.Uint16(c[pos+2:]))
			if typ != typeString {
				return pos, p.failf(pos, "value of type %#x in a value token", typ)
			}
			if n > end-pos-4 {
				return pos, p.fail(pos, errShort)
			}
			if err := p.emit(ref{typeString, int32(pos + 4), int32(n)}, nest); err != nil {
				return pos, err
			}
			pos += 4 + n
		case tokCDATA, tokPIData:
			if end-pos < 3 {
				return pos, p.fail(pos, errShort)
			}
			n := 2 * int(le.Uint16(c[pos+1:]))
			if n > end-pos-3 {
				return pos, p.fail(pos, errShort)
			}
			if tok&^tokMore == tokCDATA {
				if err := p.emit(ref{typeString, int32(pos + 3), int32(n)}, nest); err != nil {
					return pos, err
				}
			}
			pos += 3 + n
		case tokCharRef:
			pos += 3
		case tokEntityRef, tokPITarget:
			if end-pos < 5 {
				return pos, p.fail(pos, errShort)
			}
			_, next, err := p.name(pos+1, pos+5, end)
			if err != nil {
				return pos, err
			}
			pos = next
		case tokSubstitution, tokOptionalSub:
			if end-pos < 4 {
				return pos, p.fail(pos, errShort)
			}
			i := int(le.Uint16(c[pos+1:]))
			if i < s1-s0 {
				if err := p.emit(p.subs[s0+i], nest); err != nil {
					return pos, err
				}
			}
			pos += 4
		case tokTemplate:
			next, err := p.template(pos, end, nest)
			if err != nil {
				return next, err
			}
			pos = next
		default:
			return pos, p.failf(pos, "unknown BinXML token %#x", tok)
		}
	}
	if pos > end {
		return pos, p.fail(end, errShort)
	}
	return pos, nil
}

// template reads the template instance at c[pos:end]: the template's
// definition (here or earlier in the chunk) and the substitution values
// that follow, and the definition's BinXML with those values.
func (p *parser) template(pos, end, nest int) (int, error) {
	c := p.c
	le := binary.LittleEndian
	if nest >= maxNesting {
		return pos, p.failf(pos, "templates nested more than %d deep: %w", maxNesting, errTooLarge)
	}
	_, dstart, n, pos, errAt, err := instance(c, pos, end)
	if err != nil {
		return pos, p.fail(errAt, err)
	}

	// The substitution values: a count, a size and type for each, the values.
	if end-pos < 4 {
		return pos, p.fail(pos, errShort)
	}
	count := int(le.Uint32(c[pos:]))
	pos += 4
	if count > (end-pos)/4 {
		return pos, p.failf(pos-4, "%d substitution values: %w", count, errShort)
	}
	if p.budget -= count; p.budget < 0 {
		return pos, p.failf(pos-4, "more than %d tokens and values: %w", maxTokens, errTooLarge)
	}
	s0 := len(p.subs)
	vals := pos + 4*count
	for i := range count {
		d := pos + 4*i
		size := int(le.Uint16(c[d:]))
		if size > end-vals {
			return pos, p.failf(d, "substitution value %d of %d bytes: %w", i, size, errShort)
		}
		p.subs = append(p.subs, ref{c[d+2], int32(vals), int32(size)})
		vals += size
	}
	s1 := len(p.subs)
	if _, err := p.run(dstart, dstart+n, s0, s1, nest+1); err != nil {
		return vals, err
	}
	p.subs = p.subs[:s0]
	return vals, nil
}

// name reads the name whose offset is at c[at:at+4]. The name itself may
// follow the offset (at+4 == after, its first use in the chunk); name
// returns the kind of the name and where the token goes on.
func (p *parser) name(at, after, end int) (uint8, int, error) {
	c := p.c
	le := binary.LittleEndian
	off := int(le.Uint32(c[at:]))
	pos := after
	if off == after {
		if end-after < 8 {
			return 0, pos, p.fail(after, errShort)
		}
		n := int(le.Uint16(c[after+6:]))
		size := 8 + 2*n + 2
		if size > end-after {
			return 0, pos, p.failf(after, "name of %d characters: %w", n, errShort)
		}
		pos = after + size
	}
	if k, ok := p.names[uint32(off)]; ok {
		return k, pos, nil
	}
	if off < chunkHeaderSize || off > len(c)-8 {
		return 0, pos, p.failf(at, "name offset %#x outside the chunk's records", off)
	}
	n := int(le.Uint16(c[off+6:]))
	if 2*n > len(c)-off-8 {
		return 0, pos, p.failf(off+6, "name of %d characters: %w", n, errShort)
	}
	kind := uint8(kOther)
	if n <= len(p.scratch) {
		b := p.scratch[:n]
		ascii := true
		for i := range n {
			u := le.Uint16(c[off+8+2*i:])
			if u >= 0x80 {
				ascii = false
				break
			}
			b[i] = byte(u)
		}
		if ascii {
			kind = nameKind(b)
		}
	}
	if len(p.names) < maxNameHold {
		p.names[uint32(off)] = kind
	}
	return kind, pos, nil
}

// emit takes a value where the BinXML puts it: in an attribute or in the
// text of the innermost element.
func (p *parser) emit(v ref, nest int) error {
	if v.typ == typeNull || v.n == 0 {
		return nil
	}
	if v.typ == typeBinXML {
		if p.inAttr {
			return nil
		}
		if nest >= maxNesting {
			return p.failf(int(v.off), "BinXML values nested more than %d deep: %w", maxNesting, errTooLarge)
		}
		// Elements of the value go on the stack of those open, so
		// that UserData text is found inside it.
		depth, inData, attr := p.depth, p.inData, p.inAttr
		_, err := p.run(int(v.off), int(v.off+v.n), 0, 0, nest+1)
		p.depth, p.inData, p.inAttr = depth, inData, attr
		return err
	}
	if p.depth == 0 {
		return nil
	}
	top := p.stack[p.depth-1]
	if p.inAttr {
		switch {
		case top == kProvider && p.attr == kName:
			p.f.provider = v
		case top == kProvider && p.attr == kEventSourceName:
			p.f.sourceName = v
		case top == kTimeCreated && p.attr == kSystemTime:
			p.f.time = v
		case top == kExecution && p.attr == kProcessID:
			p.f.pid = v
		}
		return nil
	}
	if p.depth >= 2 && p.stack[p.depth-2] == kSystem {
		switch top {
		case kEventID:
			p.f.eventID = v
		case kLevel:
			p.f.level = v
		case kComputer:
			p.f.computer = v
		}
		return nil
	}
	if p.inData == 0 || top == kBinary {
		return nil
	}
	if p.msgEl != p.elSeq && len(p.msg) > 0 {
		p.msg = append(p.msg, '\n')
	}
	p.msgEl = p.elSeq
	p.msg = p.appendText(p.msg, v)
	if len(p.msg) > p.maxMsg {
		p.msg = p.msg[:p.maxMsg]
		return p.failf(int(v.off), "message longer than %d bytes: %w", p.maxMsg, errTooLarge)
	}
	return nil
}

// bytes returns the bytes of v.
func (p *parser) bytes(v ref) []byte { return p.c[v.off : v.off+v.n] }

// text returns v as text, in memory that the next call reuses.
func (p *parser) text(v ref) []byte {
	if v.typ == 0 {
		return nil
	}
	p.tmp = p.appendText(p.tmp[:0], v)
	return p.tmp
}

// appendText appends v as text: strings as they are, numbers in decimal
// (hexadecimal for the Hex types), times in RFC 3339.
func (p *parser) appendText(dst []byte, v ref) []byte {
	b := p.bytes(v)
	le := binary.LittleEndian
	switch v.typ {
	case typeString:
		return appendUTF16(dst, b)
	case typeAnsiString:
		for _, c := range b {
			if c == 0 {
				break
			}
			dst = utf8.AppendRune(dst, rune(c)) // Latin-1: code page unknown
		}
		return dst
	case typeString | typeArray:
		// NUL-separated strings: one a line.
		start := len(dst)
		dst = appendUTF16(dst, b)
		for i := start; i < len(dst); i++ {
			if dst[i] == 0 {
				dst[i] = '\n'
			}
		}
		return dst
	case typeInt8, typeInt16, typeInt32, typeInt64:
		if x, ok := p.int(v); ok {
			return strconv.AppendInt(dst, x, 10)
		}
	case typeUInt8, typeUInt16, typeUInt32, typeUInt64, typeSizeT:
		if x, ok := p.uint(v); ok {
			return strconv.AppendUint(dst, x, 10)
		}
	case typeHexInt32, typeHexInt64:
		if x, ok := p.uint(v); ok {
			return strconv.AppendUint(append(dst, "0x"...), x, 16)
		}
	case typeBool:
		if len(b) >= 4 {
			return strconv.AppendBool(dst, le.Uint32(b) != 0)
		}
	case typeFiletime, typeSystemtime:
		if t, ok := p.time(v); ok {
			return t.AppendFormat(dst, time.RFC3339Nano)
		}
	case typeGUID:
		if len(b) == 16 {
			return fmt.Appendf(dst, "{%08X-%04X-%04X-%X-%X}", le.Uint32(b), le.Uint16(b[4:]), le.Uint16(b[6:]), b[8:10], b[10:])
		}
	case typeSID:
		if len(b) >= 8 && len(b) >= 8+4*int(b[1]) {
			var auth uint64
			for _, x := range b[2:8] {
				auth = auth<<8 | uint64(x)
			}
			dst = fmt.Appendf(dst, "S-%d-%d", b[0], auth)
			for i := range int(b[1]) {
				dst = fmt.Appendf(dst, "-%d", le.Uint32(b[8+4*i:]))
			}
			return dst
		}
	}
	// Binary and what is not decoded: hexadecimal.
	const hexdigits = "0123456789ABCDEF"
	for _, x := range b {
		dst = append(dst, hexdigits[x>>4], hexdigits[x&15])
	}
	return dst
}

// appendUTF16 appends the UTF-16LE text b as UTF-8, up to a NUL.
func appendUTF16(dst, b []byte) []byte {
	for i := 0; i+1 < len(b); i += 2 {
		u := uint16(b[i]) | uint16(b[i+1])<<8
		switch {
		case u == 0:
			return dst
		case u < 0x80:
			dst = append(dst, byte(u))
		case utf16.IsSurrogate(rune(u)):
			r := utf8.RuneError
			if i+3 < len(b) {
				u2 := uint16(b[i+2]) | uint16(b[i+3])<<8
				if r = utf16.DecodeRune(rune(u), rune(u2)); r != utf8.RuneError {
					i += 2
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = utf8.AppendRune(dst, rune(u))
		}
	}
	return dst
}

// uint returns v as an unsigned number: any integer type, or decimal text.
func (p *parser) uint(v ref) (uint64, bool) {
	b := p.bytes(v)
	le := binary.LittleEndian
	switch {
	case v.typ == 0:
		return 0, false
	case len(b) == 1 && (v.typ == typeUInt8 || v.typ == typeInt8):
		return uint64(b[0]), true
	case len(b) == 2 && (v.typ == typeUInt16 || v.typ == typeInt16):
		return uint64(le.Uint16(b)), true
	case len(b) == 4 && (v.typ == typeUInt32 || v.typ == typeInt32 || v.typ == typeHexInt32 || v.typ == typeSizeT):
		return uint64(le.Uint32(b)), true
	case len(b) == 8 && (v.typ == typeUInt64 || v.typ == typeInt64 || v.typ == typeHexInt64 || v.typ == typeSizeT):
		return le.Uint64(b), true
	case v.typ == typeString:
		var x uint64
		digits := 0
		for i := 0; i+1 < len(b) && digits < 19; i += 2 {
			u := le.Uint16(b[i:])
			if u < '0' || u > '9' {
				break
			}
			x = x*10 + uint64(u-'0')
			digits++
		}
		return x, digits > 0
	}
	return 0, false
}

func (p *parser) int(v ref) (int64, bool) {
	b := p.bytes(v)
	le := binary.LittleEndian
	switch len(b) {
	case 1:
		return int64(int8(b[0])), true
	case 2:
		return int64(int16(le.Uint16(b))), true
	case 4:
		return int64(int32(le.Uint32(b))), true
	case 8:
		return int64(le.Uint64(b)), true
	}
	return 0, false
}

// time returns v as a time: a FILETIME, a SYSTEMTIME, or RFC 3339 text.
func (p *parser) time(v ref) (time.Time, bool) {
	b := p.bytes(v)
	le := binary.LittleEndian
	switch {
	case v.typ == typeFiletime && len(b) == 8:
		return filetime(le.Uint64(b)), true
	case v.typ == typeSystemtime && len(b) == 16:
		t := time.Date(int(le.Uint16(b)), time.Month(le.Uint16(b[2:])), int(le.Uint16(b[6:])),
			int(le.Uint16(b[8:])), int(le.Uint16(b[10:])), int(le.Uint16(b[12:])), int(le.Uint16(b[14:]))*1e6, time.UTC)
		return t, true
	case v.typ == typeString:
		t, err := time.Parse(time.RFC3339Nano, string(appendUTF16(nil, b)))
		return t.UTC(), err == nil
	}
	return time.Time{}, false
}
