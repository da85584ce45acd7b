package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// Sizes of the fixed parts of the format.
const (
	fileHeaderSize  = 4096
	chunkSize       = 65536
	chunkHeaderSize = 512
	recordHeader    = 24 // magic, size, identifier, written time
)

var (
	fileMagic   = []byte("ElfFile\x00")
	chunkMagic  = []byte("ElfChnk\x00")
	recordMagic = []byte{0x2a, 0x2a, 0, 0}
)

// ErrChecksum reports a file header or chunk whose CRC32 does not match
// its content. It wraps logparse.ErrMalformed.
var ErrChecksum = fmt.Errorf("checksum mismatch: %w", logparse.ErrMalformed)

// An Error locates a problem in an EVTX file. It is the Err of the
// *logparse.ParseError a Reader returns, and wraps one of
// logparse.ErrMalformed, logparse.ErrTruncated, logparse.ErrTooLarge or
// ErrChecksum.
type Error struct {
	Chunk  int   // 0-based index of the chunk, -1 for the file header
	Offset int64 // byte offset in the file of the damaged part
	Err    error
}

// Error returns "chunk 3 at 0x31200: problem", or "file header at 0x0:
// problem".
func (e *Error) Error() string {
	if e.Chunk < 0 {
		return fmt.Sprintf("file header at %#x: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("chunk %d at %#x: %v", e.Chunk, e.Offset, e.Err)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// IsEVTX reports whether head, the first bytes of a file, starts with the
// signature of an EVTX file.
func IsEVTX(head []byte) bool { return bytes.HasPrefix(head, fileMagic) }

// A Reader reads the event records of an EVTX file. It implements
// logparse.RecordReader. It reads the file one chunk at a time, with one
// ReadAt of 64 KiB per chunk, into a buffer it reuses, and never holds the
// file whole; it does not close the file. A Reader is not safe for
// concurrent use.
type Reader struct {
	r         io.ReaderAt
	size      int64
	file      string
	maxRecord int

	slots     int // chunk slots the file's size holds, the last maybe cut short
	hdrChunks int // chunks the file header counts
	next      int // index of the next chunk to load
	extra     bool

	chunk    []byte // the chunk being read
	chunkIdx int
	off      int  // offset in chunk of the next record
	end      int  // offset in chunk where records end
	free     int  // where the chunk header says they end
	cut      bool // the file ends before free
	loaded   bool

	errs []*logparse.ParseError // chunk and file problems, returned before the chunk's records
	err  error                  // an I/O error, returned for ever

	p       parser
	interns map[string]string
}

var _ logparse.RecordReader = (*Reader)(nil)

// NewReader returns a Reader of the EVTX file r of size bytes. Only
// opts.File and opts.MaxRecordSize apply: EVTX times are UTC. The file
// header is read and checked at once: an error that leaves nothing to
// read (no EVTX signature, a file cut inside its header) is returned with
// a nil Reader. A header whose checksum or chunk count is wrong is
// reported by the first Read, and reading goes on.
func NewReader(r io.ReaderAt, size int64, opts *logparse.Options) (*Reader, error) {
	rd := &Reader{r: r, size: size, maxRecord: logparse.DefaultMaxRecordSize, interns: map[string]string{}}
	if opts != nil {
		rd.file = opts.File
		if opts.MaxRecordSize > 0 {
			rd.maxRecord = opts.MaxRecordSize
		}
	}
	var h [128]byte
	n, err := r.ReadAt(h[:min(int64(len(h)), max(size, 0))], 0)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", rd.posName(), err)
	}
	if n < len(fileMagic) || !IsEVTX(h[:n]) {
		return nil, rd.perr(0, -1, 0, logparse.ErrMalformed, "no EVTX signature")
	}
	if size < fileHeaderSize {
		return nil, rd.perr(0, -1, 0, logparse.ErrTruncated, fmt.Sprintf("file of %d bytes ends inside its %d-byte header", size, fileHeaderSize))
	}
	le := binary.LittleEndian
	if got, want := crc32.ChecksumIEEE(h[:120]), le.Uint32(h[124:]); got != want {
		rd.errs = append(rd.errs, rd.perr(0, -1, 124, ErrChecksum, fmt.Sprintf("header CRC32 is %#08x, stored %#08x", got, want)))
	}
	rd.hdrChunks = int(le.Uint16(h[42:]))
	rd.slots = int((size - fileHeaderSize + chunkSize - 1) / chunkSize)
	if rd.hdrChunks > rd.slots {
		rd.errs = append(rd.errs, rd.perr(0, -1, 42, logparse.ErrTruncated,
			fmt.Sprintf("header counts %d chunks, the file holds %d", rd.hdrChunks, rd.slots)))
	}
	rd.chunk = make([]byte, chunkSize)
	rd.p.init(rd.chunk)
	return rd, nil
}

func (r *Reader) posName() string {
	if r.file == "" {
		return "evtx"
	}
	return r.file
}

// perr returns a ParseError for a problem at byte off of the chunk (or of
// the file header when chunk is -1), about record id when id is not 0.
func (r *Reader) perr(id uint64, chunk int, off int, err error, msg string) *logparse.ParseError {
	abs := int64(off)
	if chunk >= 0 {
		abs += fileHeaderSize + int64(chunk)*chunkSize
	}
	if id > maxRecordID {
		id = 0
	}
	return &logparse.ParseError{
		Pos: logparse.Position{File: r.file, Line: int(id)},
		Err: &Error{Chunk: chunk, Offset: abs, Err: err},
		Msg: msg,
	}
}

// Read returns the next record, as logparse.RecordReader describes.
func (r *Reader) Read() (logparse.Record, error) {
	var rec logparse.Record
	err := r.ReadInto(&rec)
	return rec, err
}

// All returns a single-use iterator over the remaining records, as
// logparse.RecordReader describes.
func (r *Reader) All() iter.Seq2[logparse.Record, error] {
	return func(yield func(logparse.Record, error) bool) {
		for {
			var rec logparse.Record
			err := r.ReadInto(&rec)
			if err == io.EOF {
				return
			}
			if _, ok := err.(*logparse.ParseError); err != nil && !ok {
				yield(rec, err)
				return
			}
			if !yield(rec, err) {
				return
			}
		}
	}
}

// ReadInto is Read storing the record in *dst, which it overwrites whole.
func (r *Reader) ReadInto(dst *logparse.Record) error {
	for {
		if len(r.errs) > 0 {
			e := r.errs[0]
			r.errs = r.errs[1:]
			*dst = logparse.Record{}
			return e
		}
		if r.err != nil {
			*dst = logparse.Record{}
			return r.err
		}
		if r.loaded && r.off < r.end {
			if ok, err := r.record(dst); ok || err != nil {
				return err
			}
			continue
		}
		r.loaded = false
		if r.next >= r.slots {
			*dst = logparse.Record{}
			return io.EOF
		}
		r.load(r.next)
		r.next++
	}
}

// load reads chunk i into r.chunk and checks its header, queueing what is
// wrong with it.
func (r *Reader) load(i int) {
	start := fileHeaderSize + int64(i)*chunkSize
	want := int(min(chunkSize, r.size-start))
	n, err := r.r.ReadAt(r.chunk[:want], start)
	if err != nil && !(err == io.EOF && n == want) {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			// The size was wrong: there is no chunk to read past the end,
			// however many the size made room for.
			r.errs = append(r.errs, r.perr(0, i, n, logparse.ErrTruncated, "the file ends before its size"))
			r.slots = i
		} else {
			r.err = fmt.Errorf("%s: chunk %d: %w", r.posName(), i, err)
		}
		return
	}
	c := r.chunk[:n]
	clear(r.chunk[n:])
	if n < chunkHeaderSize || !bytes.Equal(c[:8], chunkMagic) {
		if i >= r.hdrChunks && allZero(c) {
			return // an unused slot past the chunks in use
		}
		if n >= 8 && bytes.Equal(c[:8], chunkMagic) {
			r.errs = append(r.errs, r.perr(0, i, n, logparse.ErrTruncated, fmt.Sprintf("chunk cut short at %d bytes, inside its header", n)))
		} else {
			r.errs = append(r.errs, r.perr(0, i, 0, logparse.ErrMalformed, "no chunk signature"))
		}
		return
	}
	if i >= r.hdrChunks && !r.extra {
		r.extra = true
		r.errs = append(r.errs, r.perr(0, i, 0, logparse.ErrMalformed,
			fmt.Sprintf("header counts %d chunks, the file holds chunk %d too; read", r.hdrChunks, i)))
	}
	le := binary.LittleEndian
	if n < chunkSize {
		r.errs = append(r.errs, r.perr(0, i, n, logparse.ErrTruncated, fmt.Sprintf("chunk cut short at %d bytes", n)))
	}
	if crc, stored := ChunkHeaderChecksum(c), le.Uint32(c[124:]); crc != stored {
		r.errs = append(r.errs, r.perr(0, i, 124, ErrChecksum, fmt.Sprintf("chunk header CRC32 is %#08x, stored %#08x", crc, stored)))
	}
	free := int(le.Uint32(c[48:]))
	end := free
	if free < chunkHeaderSize || free > chunkSize {
		r.errs = append(r.errs, r.perr(0, i, 48, logparse.ErrMalformed, fmt.Sprintf("free space offset %#x outside the chunk", free)))
		end = n
	} else if free <= n {
		if got, stored := crc32.ChecksumIEEE(c[chunkHeaderSize:free]), le.Uint32(c[52:]); got != stored {
			r.errs = append(r.errs, r.perr(0, i, 52, ErrChecksum, fmt.Sprintf("records CRC32 is %#08x, stored %#08x", got, stored)))
		}
	}
	r.chunkIdx = i
	r.off = chunkHeaderSize
	r.end = min(end, n)
	r.free = end
	r.cut = n < end
	r.loaded = true
	r.p.newChunk()
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// record reads the record at r.off into dst. It reports whether it
// stored a record; err is a problem with it. When the record's frame is
// damaged, the reader looks for the next record in the chunk.
func (r *Reader) record(dst *logparse.Record) (bool, error) {
	c, off := r.chunk, r.off
	le := binary.LittleEndian
	if r.end-off < recordHeader+4 || !bytes.Equal(c[off:off+4], recordMagic) {
		if allZero(c[off:r.end]) {
			r.off = r.end
			return false, nil
		}
		err := r.perr(0, r.chunkIdx, off, logparse.ErrMalformed, "no record signature")
		r.resync(off + 1)
		*dst = logparse.Record{}
		return false, err
	}
	size := int(le.Uint32(c[off+4:]))
	id := le.Uint64(c[off+8:])
	if size < recordHeader+4 || size > r.end-off {
		var what error = logparse.ErrMalformed
		if r.cut && off+size <= r.free {
			what = logparse.ErrTruncated
		}
		err := r.perr(id, r.chunkIdx, off+4, what, fmt.Sprintf("record size %#x past the chunk's records", size))
		r.resync(off + 1)
		*dst = logparse.Record{}
		return false, err
	}
	if copySize := int(le.Uint32(c[off+size-4:])); copySize != size {
		err := r.perr(id, r.chunkIdx, off+size-4, logparse.ErrMalformed, fmt.Sprintf("record size %#x, its copy at the end %#x", size, copySize))
		r.resync(off + 1)
		*dst = logparse.Record{}
		return false, err
	}
	r.off = off + size
	written := le.Uint64(c[off+16:])
	err := r.build(dst, id, written, off+recordHeader, off+size-4)
	if id == 0 || id > maxRecordID {
		// Identifiers start at 1; one that is not a position is kept out
		// of Pos.
		dst.Pos.Line = 0
		if err == nil {
			err = r.perr(0, r.chunkIdx, off+8, logparse.ErrMalformed, fmt.Sprintf("record identifier %d", id))
		}
	}
	return true, err
}

// maxRecordID is the largest record identifier a Position can hold on
// every platform.
const maxRecordID = 1<<31 - 1

// resync moves r.off to the next offset from which looks like the start of
// a whole record, or to the end of the chunk's records.
func (r *Reader) resync(from int) {
	r.off = NextRecord(r.chunk[:r.end], from)
}

// build turns the BinXML of a record, c[start:end] of the chunk, into dst.
func (r *Reader) build(dst *logparse.Record, id, written uint64, start, end int) error {
	p := &r.p
	p.maxMsg = r.maxRecord
	perr := p.record(start, end)
	f := &p.f
	*dst = logparse.Record{Pos: logparse.Position{File: r.file, Line: int(id)}, Repeat: 1, HasZone: true}
	if t, ok := p.time(f.time); ok {
		dst.Time = t
	} else {
		dst.Time = filetime(written)
	}
	if v, ok := p.uint(f.level); ok {
		dst.Level = level(v)
	}
	if v, ok := p.uint(f.eventID); ok {
		dst.EventID = int(v & 0xffff) // a 32-bit value carries the qualifiers above
	}
	if v, ok := p.uint(f.pid); ok && v <= 1<<31 {
		dst.PID = int(v)
	}
	src := f.provider
	if src.typ == 0 {
		src = f.sourceName
	}
	dst.Source = r.intern(p.text(src))
	dst.Host = r.intern(p.text(f.computer))
	if len(p.msg) > 0 {
		msg := strings.TrimRight(string(p.msg), " \t\r\n")
		dst.Header, dst.Message = logparse.ParseHeader(msg)
	}
	if perr == nil && f.provider.typ == 0 && f.sourceName.typ == 0 && f.eventID.typ == 0 {
		perr = errors.New("no Provider and no EventID")
	}
	if perr != nil {
		return r.perr(id, r.chunkIdx, p.errAt, class(perr), perr.Error())
	}
	return nil
}

// intern shares the strings that repeat from record to record (providers,
// computers). The map is bounded: a hostile file gets no more than a few
// thousand of them shared.
func (r *Reader) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := r.interns[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.interns) < 1024 {
		r.interns[s] = s
	}
	return s
}

// level maps the event's numeric level to a logparse.Level. Classic events
// carry 0, which Event Viewer shows as Information.
func level(v uint64) logparse.Level {
	switch v {
	case 0, 4:
		return logparse.LevelInfo
	case 1:
		return logparse.LevelCritical
	case 2:
		return logparse.LevelError
	case 3:
		return logparse.LevelWarning
	case 5:
		return logparse.LevelDebug
	}
	return logparse.LevelUnknown
}

// filetime converts 100-nanosecond ticks since 1601-01-01 UTC.
func filetime(t uint64) time.Time {
	const epochDelta = 11644473600 // seconds from 1601 to 1970
	return time.Unix(int64(t/1e7)-epochDelta, int64(t%1e7)*100).UTC()
}
