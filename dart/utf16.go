package dart

import (
	"bytes"
	"encoding/binary"
	"io"
)

// A utf16Reader transcodes UTF-16 text to UTF-8, as the x/text UTF-16
// decoder does behind unicode.BOMOverride, and counts the faults it
// replaces, for an [EncodingError]:
//
//   - A byte-order mark in the first two bytes sets the byte order and is
//     dropped; the order given holds otherwise. (A UTF-8 mark is not looked
//     for: DetectEncoding calls such text UTF-8.)
//   - A high surrogate and the low one after it are one rune.
//   - Any other surrogate is a lone surrogate, read as one U+FFFD; but a
//     low surrogate after it, if any, is read with it, in the same U+FFFD.
//   - A byte left at the end is an odd byte at the end, read as U+FFFD.
//
// Where the input ends in a read error other than io.EOF, what it left
// incomplete is dropped, as x/text drops it, and still counted as a fault.
//
// Read needs no buffer of its own: it reads the UTF-16 into the end of
// the caller's buffer p and writes the UTF-8 from its start, over the
// units already read. The invariant that makes this safe: with the input
// at p[i0:end], the carried bytes first, and 3*i0 >= len(p)+3, the UTF-8
// of the input before p[i] takes at most 1.5*(i-i0) bytes (3 for a unit
// of 2, 4 for a pair, 8 for 16 bytes of ASCII), so it ends before the
// input not yet read; and the U+FFFD of an odd byte at the end, 3 bytes
// for 1, still fits in p.
//
// Logs written by Windows tools as "Unicode" are mostly ASCII: eight units
// at a time are checked and packed, two uint64s in, one out.
type utf16Reader struct {
	r       io.Reader
	big     bool // big-endian; a byte-order mark may change it
	started bool // the byte-order mark was looked for
	// The bytes of the last read that end no unit: a unit cut short, a
	// surrogate whose next unit was not read yet, or both; before the start
	// was seen, up to two bytes that may be a byte-order mark.
	carry [3]byte
	nc    int
	off   int64 // offset in the input of carry, or of the next byte read
	lines int   // newlines written before the first fault
	done  error // the error the input ended with, once it did
	fault EncodingError
	// For reads into buffers too small for the carried bytes and a unit:
	// output not yet returned, and its buffer.
	pend  []byte
	small [minRead]byte
}

// minRead is the smallest buffer Read transcodes into directly.
const minRead = 32

func newUTF16Reader(r io.Reader, big bool) *utf16Reader {
	return &utf16Reader{r: r, big: big}
}

func (d *utf16Reader) Read(p []byte) (int, error) {
	if len(d.pend) > 0 {
		n := copy(p, d.pend)
		d.pend = d.pend[n:]
		if len(d.pend) > 0 {
			return n, nil
		}
		return n, d.done
	}
	if d.done != nil {
		return 0, d.done
	}
	if len(p) < minRead {
		n, err := d.Read(d.small[:])
		m := copy(p, d.small[:n])
		if d.pend = d.small[m:n]; len(d.pend) > 0 {
			return m, nil
		}
		return m, err
	}
	// Read into p[start:] and put the carried bytes, at most 3, just
	// before: 3*(start-3) >= len(p)+7 keeps the invariant of the type.
	start := len(p)/3 + 6
	for {
		n, err := d.r.Read(p[start:])
		i := start - d.nc
		copy(p[i:], d.carry[:d.nc])
		d.nc = 0
		o := d.transcode(p, i, start+n, err == io.EOF)
		if err != nil {
			if err != io.EOF {
				d.dropCarry(p[:o])
			}
			d.done = err
		}
		if d.fault.Count == 0 {
			d.lines += bytes.Count(p[:o], newline)
		}
		if o > 0 || err != nil {
			return o, err
		}
	}
}

// transcode writes to p the UTF-8 of the units in p[i:end], which start
// at d.off in the input, and returns its length. It keeps in d.carry what
// ends no unit, unless atEOF.
func (d *utf16Reader) transcode(p []byte, i, end int, atEOF bool) int {
	base := d.off - int64(i) // the offset in the input of p[0]
	if !d.started {
		// As unicode.BOMOverride, look at the first three bytes, or all
		// the input if it has fewer.
		if end-i < 3 && !atEOF {
			d.nc = copy(d.carry[:], p[i:end])
			return 0
		}
		d.started = true
		if end-i >= 2 {
			switch {
			case p[i] == 0xFF && p[i+1] == 0xFE:
				d.big = false
				i += 2
			case p[i] == 0xFE && p[i+1] == 0xFF:
				d.big = true
				i += 2
			}
		}
	}
	// hi and lo are the indices of a unit's high and low bytes; ascii has
	// the bits that are zero in four ASCII units read little-endian, and
	// shift brings their low bytes to the low byte of each lane.
	hi, lo := 1, 0
	ascii, shift := uint64(0xFF80FF80FF80FF80), 0
	if d.big {
		hi, lo = 0, 1
		ascii, shift = 0x80FF80FF80FF80FF, 8
	}
	o := 0
	for end-i >= 2 {
		for end-i >= 16 {
			s := p[i : i+16]
			a := binary.LittleEndian.Uint64(s)
			b := binary.LittleEndian.Uint64(s[8:])
			if (a|b)&ascii != 0 {
				break
			}
			binary.LittleEndian.PutUint64(p[o:o+8], pack(a>>shift)|pack(b>>shift)<<32)
			i += 16
			o += 8
			// Little-endian ASCII goes on in a faster loop, but not
			// called for only a few words more: Cyrillic text, with
			// ASCII words among its own, took longer so.
			if !d.big && end-i >= 32 && ascii32(p[i:i+32]) {
				n, m := packASCII(p[o:], p[i:end])
				i += n
				o += m
			}
		}
		// A unit of the next eight is not ASCII, or fewer are left: go unit
		// by unit past them, rather than try them again and again.
		for next := min(i+16, end-1); i < next; {
			u := rune(p[i+hi])<<8 | rune(p[i+lo])
			switch {
			case u < 0x80:
				p[o] = byte(u)
				o++
				i += 2
			case u < 0x800:
				p[o] = 0xC0 | byte(u>>6)
				p[o+1] = 0x80 | byte(u)&0x3F
				o += 2
				i += 2
			case u < 0xD800 || u > 0xDFFF:
				p[o] = 0xE0 | byte(u>>12)
				p[o+1] = 0x80 | byte(u>>6)&0x3F
				p[o+2] = 0x80 | byte(u)&0x3F
				o += 3
				i += 2
			case end-i < 4 && !atEOF:
				// A surrogate: the next unit tells what it is.
				d.keep(p, i, end, base)
				return o
			case end-i < 4:
				o = d.replace(p, o, "lone surrogate", base+int64(i))
				i += 2
			default:
				x := rune(p[i+2+hi])<<8 | rune(p[i+2+lo])
				switch {
				case x < 0xDC00 || x > 0xDFFF:
					o = d.replace(p, o, "lone surrogate", base+int64(i))
					i += 2
				case u >= 0xDC00:
					o = d.replace(p, o, "lone surrogate", base+int64(i))
					i += 4
				default:
					r := 0x10000 + (u-0xD800)<<10 + (x - 0xDC00)
					p[o] = 0xF0 | byte(r>>18)
					p[o+1] = 0x80 | byte(r>>12)&0x3F
					p[o+2] = 0x80 | byte(r>>6)&0x3F
					p[o+3] = 0x80 | byte(r)&0x3F
					o += 4
					i += 4
				}
			}
		}
	}
	if i < end && atEOF {
		o = d.replace(p, o, "odd byte at the end", base+int64(i))
		i++
	}
	d.keep(p, i, end, base)
	return o
}

// packASCII writes to dst the UTF-8 of the little-endian ASCII units at
// the start of src, 32 bytes at a time, and returns the lengths read and
// written. With a constant mask and shift, and one check of four words,
// the words stay in registers: ASCII text took a third less CPU time than
// in the loop of transcode, which serves both byte orders. dst may
// overlap src where it starts before it.
func packASCII(dst, src []byte) (n, m int) {
	const ascii = 0xFF80FF80FF80FF80
	for n+32 <= len(src) && m+16 <= len(dst) {
		s := src[n : n+32]
		if (binary.LittleEndian.Uint64(s)|binary.LittleEndian.Uint64(s[8:])|
			binary.LittleEndian.Uint64(s[16:])|binary.LittleEndian.Uint64(s[24:]))&ascii != 0 {
			break
		}
		t := dst[m : m+16]
		binary.LittleEndian.PutUint64(t, pack2(binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])))
		binary.LittleEndian.PutUint64(t[8:], pack2(binary.LittleEndian.Uint64(s[16:]), binary.LittleEndian.Uint64(s[24:])))
		n += 32
		m += 16
	}
	return n, m
}

// ascii32 reports whether the 16 little-endian units of s are ASCII.
func ascii32(s []byte) bool {
	return (binary.LittleEndian.Uint64(s)|binary.LittleEndian.Uint64(s[8:])|
		binary.LittleEndian.Uint64(s[16:])|binary.LittleEndian.Uint64(s[24:]))&0xFF80FF80FF80FF80 == 0
}

// pack2 returns the low bytes of the 16-bit lanes of a and then b, whose
// high bytes are zero.
func pack2(a, b uint64) uint64 {
	a = (a | a>>8) & 0x0000FFFF0000FFFF
	b = (b | b>>8) & 0x0000FFFF0000FFFF
	return uint64(uint32(a|a>>16)) | (b|b>>16)<<32
}

// pack returns the low bytes of the four 16-bit lanes of x, whose high
// bytes are zero, in its low 32 bits.
func pack(x uint64) uint64 {
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	return (x | x>>16) & 0xFFFFFFFF
}

// keep carries p[i:end], which starts at base+i in the input, to the next
// read.
func (d *utf16Reader) keep(p []byte, i, end int, base int64) {
	d.nc = copy(d.carry[:], p[i:end])
	d.off = base + int64(i)
}

// replace writes U+FFFD at p[o:] for a fault at offset off in the input,
// notes the fault, and returns the end of what it wrote.
func (d *utf16Reader) replace(p []byte, o int, what string, off int64) int {
	d.note(what, off, p[:o])
	return o + copy(p[o:], "\uFFFD")
}

// note counts a fault at offset off in the input, written after before.
func (d *utf16Reader) note(what string, off int64, before []byte) {
	if d.fault.Count == 0 {
		d.fault.What, d.fault.Offset = what, off
		d.fault.Line = d.lines + bytes.Count(before, newline) + 1
	}
	d.fault.Count++
}

// dropCarry counts the faults of the carried bytes, which the input, cut
// by an error, left incomplete, and drops them. written is what was
// written before them.
func (d *utf16Reader) dropCarry(written []byte) {
	if d.nc >= 2 {
		u := uint16(d.carry[0])<<8 | uint16(d.carry[1])
		if !d.big {
			u = u>>8 | u<<8
		}
		if 0xD800 <= u && u <= 0xDFFF {
			d.note("lone surrogate", d.off, written)
		}
	}
	if d.nc%2 == 1 {
		d.note("odd byte at the end", d.off+int64(d.nc)-1, written)
	}
	d.nc = 0
}

// err returns the faults met so far in the text of file, or nil.
func (d *utf16Reader) err(file, encoding string) error {
	if d.fault.Count == 0 {
		return nil
	}
	e := d.fault
	e.File, e.Encoding = file, encoding
	return &e
}
