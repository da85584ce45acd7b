package dart

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Reading a zip's central directory compactly.
//
// archive/zip keeps a *zip.File of some two hundred bytes for every
// record, its name and comment in allocations of their own, and the
// record's bytes until Extra is dropped: a bundle of a hundred thousand
// small files spends more memory on its directory than on its index. A
// zipDir reads the directory as archive/zip does, with the same checks and
// errors, and keeps of each record only what the bundle uses, the names in
// one string. Entries stored or deflated are opened here as archive/zip
// would open them; others by archive/zip itself (see openByArchiveZip), so
// that the decompressors registered with it still serve.

// A zipDir is the central directory of a zip.
type zipDir struct {
	r    io.ReaderAt
	size int64
	recs []zipRecord
	// names holds the names of the records, end to end; wide, the records
	// a zipRecord cannot hold, whole, names included.
	names string
	wide  []zipEntry
}

// A zipEntry is one record of a zip's central directory: the fields of
// zip.File the bundle uses.
type zipEntry struct {
	Name   string
	offset int64 // of the local header, the base offset added
	// CompressedSize64 and UncompressedSize64 are as zip.File has them.
	CompressedSize64   uint64
	UncompressedSize64 uint64
	modSec             int64 // Modified, in Unix seconds
	modNsec            int32
	zone               int32 // Modified's zone offset in seconds, if hasZone
	CRC32              uint32
	mode               fs.FileMode
	Method             uint16
	Flags              uint16
	hasZone            bool // Modified is in a zone of its own, not UTC
}

// A zipRecord is a zipEntry as a zipDir keeps it: in 40 bytes, not 72,
// the directory of a hundred thousand entries being kept while the zip is
// read. Zip's own fields are of 32 bits but for zip64's sizes and
// offsets, which only entries past 4 GiB need; the time is in Unix
// seconds, which 32 bits hold from 1970 to February 2106, nearly all that
// an MS-DOS time says (1980 to 2107); the zone is a whole number of
// quarter hours (see zipZoneOffset). A record with a value that does not
// fit, rare, is kept whole in zipDir.wide.
type zipRecord struct {
	name    uint32 // the offset of the name in zipDir.names; if wide, the index in zipDir.wide
	offset  uint32
	csize   uint32
	usize   uint32
	modSec  uint32
	modNsec uint32
	crc     uint32
	mode    fs.FileMode
	nameLen uint16
	method  uint16
	flags   uint16
	zone    int8 // Modified's zone offset in quarter hours, or utcZone
	wide    bool
}

// utcZone is zipRecord.zone for a time in UTC, not in a zone of its own.
const utcZone = math.MinInt8

// len returns how many records the directory holds.
func (z *zipDir) len() int { return len(z.recs) }

// entry returns record i of the directory.
func (z *zipDir) entry(i int) zipEntry {
	r := &z.recs[i]
	if r.wide {
		return z.wide[r.name]
	}
	f := zipEntry{
		Name:   z.names[r.name : int(r.name)+int(r.nameLen)],
		offset: int64(r.offset), CompressedSize64: uint64(r.csize), UncompressedSize64: uint64(r.usize),
		modSec: int64(r.modSec), modNsec: int32(r.modNsec),
		CRC32: r.crc, mode: r.mode, Method: r.method, Flags: r.flags,
	}
	if r.zone != utcZone {
		f.hasZone, f.zone = true, int32(r.zone)*quarterHour
	}
	return f
}

// quarterHour is a quarter of an hour in seconds.
const quarterHour = 15 * 60

// packZipEntry returns f as a zipRecord whose name is at nameAt in the
// directory's names, and whether it fits in one.
func packZipEntry(f *zipEntry, nameAt int) (zipRecord, bool) {
	const max32 = math.MaxUint32
	zone := int8(utcZone)
	if f.hasZone {
		q := f.zone / quarterHour
		if f.zone%quarterHour != 0 || q <= utcZone || q > math.MaxInt8 {
			return zipRecord{}, false
		}
		zone = int8(q)
	}
	if int64(nameAt)+int64(len(f.Name)) > max32 || f.CompressedSize64 > max32 || f.UncompressedSize64 > max32 ||
		f.offset < 0 || f.offset > max32 || f.modSec < 0 || f.modSec > max32 || f.modNsec < 0 {
		return zipRecord{}, false
	}
	return zipRecord{
		name: uint32(nameAt), nameLen: uint16(len(f.Name)),
		offset: uint32(f.offset), csize: uint32(f.CompressedSize64), usize: uint32(f.UncompressedSize64),
		modSec: uint32(f.modSec), modNsec: uint32(f.modNsec), zone: zone,
		crc: f.CRC32, mode: f.mode, method: f.Method, flags: f.Flags,
	}, true
}

// Modified returns the entry's modification time as zip.File.Modified
// holds it.
func (f *zipEntry) Modified() time.Time {
	t := time.Unix(f.modSec, int64(f.modNsec))
	if !f.hasZone {
		return t.UTC()
	}
	return t.In(fixedZone(f.zone))
}

// Mode returns the entry's permission and mode bits, as zip.FileHeader.Mode.
func (f *zipEntry) Mode() fs.FileMode { return f.mode }

// zones holds the unnamed fixed zones of the entries' times, by offset:
// archive/zip makes one per entry.
var zones sync.Map // int32 -> *time.Location

func fixedZone(off int32) *time.Location {
	if l, ok := zones.Load(off); ok {
		return l.(*time.Location)
	}
	l, _ := zones.LoadOrStore(off, time.FixedZone("", int(off)))
	return l.(*time.Location)
}

// Zip record layouts (APPNOTE.TXT 4.3.7-16).
const (
	zip64LocSig      = 0x07064b50
	zipDescriptorLen = 16
	zip64ExtraID     = 0x0001
	zipNTFSExtraID   = 0x000a
	zipUnixExtraID   = 0x000d
	zipExtTimeID     = 0x5455
	zipInfoUnixID    = 0x5855
)

// errZipComment is archive/zip's error for a comment longer than the file.
var errZipComment = errors.New("zip: invalid comment length")

// readZipDir reads the central directory of the zip in r, size bytes
// long, as zip.NewReader does, and fails where it fails, with its errors.
func readZipDir(r io.ReaderAt, size int64) (*zipDir, error) {
	if size < 0 {
		return nil, errors.New("zip: size cannot be negative")
	}
	records, dirSize, dirOff, base, err := readZipDirEnd(r, size)
	if err != nil {
		return nil, err
	}
	z := &zipDir{r: r, size: size}
	// As archive/zip: the count is trusted for the allocation only if
	// the file could hold that many local headers.
	if dirSize < uint64(size) && (uint64(size)-dirSize)/30 >= records {
		z.recs = make([]zipRecord, 0, records)
	}
	rs := io.NewSectionReader(r, 0, size)
	if _, err := rs.Seek(base+int64(dirOff), io.SeekStart); err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rs, 64<<10)
	// The names are gathered in one buffer, made one string once read.
	names := make([]byte, 0, min(dirSize, uint64(size), 1<<30))
	var rec []byte
	for {
		var f zipEntry
		var name []byte
		name, rec, err = readZipDirRecord(&f, br, rec)
		if err == zip.ErrFormat || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		f.offset += base
		f.Name = unsafe.String(unsafe.SliceData(name), len(name)) // for packZipEntry, which keeps only its length
		p, ok := packZipEntry(&f, len(names))
		if ok {
			names = append(names, name...)
		} else {
			f.Name = string(name)
			p = zipRecord{name: uint32(len(z.wide)), wide: true}
			z.wide = append(z.wide, f)
		}
		z.recs = append(z.recs, p)
	}
	if uint16(len(z.recs)) != uint16(records) { // as archive/zip: 16 bits only
		return nil, err
	}
	if len(names) > 0 {
		if cap(names) > len(names)+len(names)/4 {
			names = append([]byte(nil), names...)
		}
		z.names = unsafe.String(&names[0], len(names))
	}
	return z, nil
}

// readZipDirRecord reads one directory record from r into f, as
// archive/zip's readDirectoryHeader, and returns its name, a slice of buf
// (or of a larger buffer, returned as the second result for reuse). The
// name is f.Name's bytes; f.Name is left empty.
func readZipDirRecord(f *zipEntry, r io.Reader, buf []byte) (name, reuse []byte, err error) {
	var h [zipDirLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, buf, err
	}
	le := binary.LittleEndian
	if le.Uint32(h[0:]) != zipCentralSig {
		return nil, buf, zip.ErrFormat
	}
	creator := le.Uint16(h[4:])
	f.Flags = le.Uint16(h[8:])
	f.Method = le.Uint16(h[10:])
	dosTime, dosDate := le.Uint16(h[12:]), le.Uint16(h[14:])
	f.CRC32 = le.Uint32(h[16:])
	csize, usize := le.Uint32(h[20:]), le.Uint32(h[24:])
	f.CompressedSize64, f.UncompressedSize64 = uint64(csize), uint64(usize)
	nameLen, extraLen, commentLen := int(le.Uint16(h[28:])), int(le.Uint16(h[30:])), int(le.Uint16(h[32:]))
	attrs := le.Uint32(h[38:])
	f.offset = int64(le.Uint32(h[42:]))
	n := nameLen + extraLen + commentLen
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	d := buf[:n]
	if _, err := io.ReadFull(r, d); err != nil {
		return nil, buf, err
	}
	name = d[:nameLen]
	extra := d[nameLen : nameLen+extraLen]
	hdr := zip.FileHeader{Name: unsafe.String(unsafe.SliceData(name), len(name)), CreatorVersion: creator, ExternalAttrs: attrs}
	f.mode = hdr.Mode()

	needUSize := usize == ^uint32(0)
	needCSize := csize == ^uint32(0)
	needOffset := f.offset == int64(^uint32(0))
	var modified time.Time
parseExtras:
	for len(extra) >= 4 {
		tag, fsize := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if len(extra) < fsize {
			break
		}
		field := extra[:fsize]
		extra = extra[fsize:]
		switch tag {
		case zip64ExtraID:
			if needUSize {
				needUSize = false
				if len(field) < 8 {
					return nil, buf, zip.ErrFormat
				}
				f.UncompressedSize64, field = le.Uint64(field), field[8:]
			}
			if needCSize {
				needCSize = false
				if len(field) < 8 {
					return nil, buf, zip.ErrFormat
				}
				f.CompressedSize64, field = le.Uint64(field), field[8:]
			}
			if needOffset {
				needOffset = false
				if len(field) < 8 {
					return nil, buf, zip.ErrFormat
				}
				f.offset = int64(le.Uint64(field))
			}
		case zipNTFSExtraID:
			if len(field) < 4 {
				continue parseExtras
			}
			field = field[4:] // reserved
			for len(field) >= 4 {
				atag, asize := le.Uint16(field), int(le.Uint16(field[2:]))
				field = field[4:]
				if len(field) < asize {
					continue parseExtras
				}
				attr := field[:asize]
				field = field[asize:]
				if atag != 1 || asize != 24 {
					continue
				}
				const ticksPerSecond = 1e7
				ts := int64(le.Uint64(attr))
				secs := ts / ticksPerSecond
				nsecs := (1e9 / ticksPerSecond) * (ts % ticksPerSecond)
				epoch := time.Date(1601, time.January, 1, 0, 0, 0, 0, time.UTC)
				modified = time.Unix(epoch.Unix()+secs, nsecs)
			}
		case zipUnixExtraID, zipInfoUnixID:
			if len(field) < 8 {
				continue parseExtras
			}
			modified = time.Unix(int64(le.Uint32(field[4:])), 0)
		case zipExtTimeID:
			if len(field) < 5 || field[0]&1 == 0 {
				continue parseExtras
			}
			modified = time.Unix(int64(le.Uint32(field[1:])), 0)
		}
	}
	mod := msDosTime(dosDate, dosTime)
	if !modified.IsZero() {
		mod = modified
		if dosTime != 0 || dosDate != 0 {
			// As archive/zip: the zone is told by the MS-DOS time's
			// distance from the extended one.
			f.hasZone = true
			f.zone = zipZoneOffset(msDosTime(dosDate, dosTime).Sub(modified))
		}
	}
	f.modSec, f.modNsec = mod.Unix(), int32(mod.Nanosecond())
	if needCSize || needOffset {
		return nil, buf, zip.ErrFormat
	}
	return name, buf, nil
}

// msDosTime is archive/zip's reading of an MS-DOS date and time, in UTC.
func msDosTime(dosDate, dosTime uint16) time.Time {
	return time.Date(int(dosDate>>9+1980), time.Month(dosDate>>5&0xf), int(dosDate&0x1f),
		int(dosTime>>11), int(dosTime>>5&0x3f), int(dosTime&0x1f*2), 0, time.UTC)
}

// zipZoneOffset is archive/zip's zone, in seconds east of UTC, for the
// distance between an entry's MS-DOS and extended times.
func zipZoneOffset(d time.Duration) int32 {
	d = d.Round(15 * time.Minute)
	if d < -12*time.Hour || 14*time.Hour < d {
		d = 0
	}
	return int32(d / time.Second)
}

// readZipDirEnd reads the end records of the zip as archive/zip does: the
// number of records, the directory's size and offset, and the base offset
// of the zip in r.
func readZipDirEnd(r io.ReaderAt, size int64) (records, dirSize, dirOff uint64, base int64, err error) {
	var buf []byte
	var endOff int64
	for i, bLen := range []int64{1024, 65 * 1024} {
		bLen = min(bLen, size)
		buf = make([]byte, int(bLen))
		if _, err := r.ReadAt(buf, size-bLen); err != nil && err != io.EOF {
			return 0, 0, 0, 0, err
		}
		if p := findZipEnd(buf); p >= 0 {
			buf = buf[p:]
			endOff = size - bLen + int64(p)
			break
		}
		if i == 1 || bLen == size {
			return 0, 0, 0, 0, zip.ErrFormat
		}
	}
	le := binary.LittleEndian
	records = uint64(le.Uint16(buf[10:]))
	dirSize = uint64(le.Uint32(buf[12:]))
	dirOff = uint64(le.Uint32(buf[16:]))
	if int(le.Uint16(buf[20:])) > len(buf)-zipEndLen {
		return 0, 0, 0, 0, errZipComment
	}
	if records == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		p, err := findZip64End(r, endOff)
		if err == nil && p >= 0 {
			endOff = p
			records, dirSize, dirOff, err = readZip64End(r, p)
		}
		if err != nil {
			return 0, 0, 0, 0, err
		}
	}
	const maxInt64 = 1<<63 - 1
	if dirSize > maxInt64 || dirOff > maxInt64 {
		return 0, 0, 0, 0, zip.ErrFormat
	}
	base = endOff - int64(dirSize) - int64(dirOff)
	if o := base + int64(dirOff); o < 0 || o >= size {
		return 0, 0, 0, 0, zip.ErrFormat
	}
	// As archive/zip: an offset from the file's start that holds a
	// valid record wins over the base the end records imply.
	if base > 0 {
		off := int64(dirOff)
		var f zipEntry
		if _, _, err := readZipDirRecord(&f, io.NewSectionReader(r, off, size-off), nil); err == nil {
			base = 0
		}
	}
	return records, dirSize, dirOff, base, nil
}

// findZipEnd returns the offset in b of the last end record whose comment
// fits in b, or -1; as archive/zip, a truncated comment ends the search.
func findZipEnd(b []byte) int {
	for i := len(b) - zipEndLen; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 0x05 && b[i+3] == 0x06 {
			n := int(b[i+zipEndLen-2]) | int(b[i+zipEndLen-1])<<8
			if n+zipEndLen+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

// findZip64End returns the offset of the zip64 end record the locator
// before the end record at endOff names, or -1.
func findZip64End(r io.ReaderAt, endOff int64) (int64, error) {
	locOff := endOff - zip64LocLen
	if locOff < 0 {
		return -1, nil
	}
	var b [zip64LocLen]byte
	if _, err := r.ReadAt(b[:], locOff); err != nil {
		return -1, err
	}
	le := binary.LittleEndian
	if le.Uint32(b[0:]) != zip64LocSig || le.Uint32(b[4:]) != 0 || le.Uint32(b[16:]) != 1 {
		return -1, nil
	}
	return int64(le.Uint64(b[8:])), nil
}

// readZip64End reads the zip64 end record at off.
func readZip64End(r io.ReaderAt, off int64) (records, dirSize, dirOff uint64, err error) {
	var b [zip64EndLen]byte
	if _, err := r.ReadAt(b[:], off); err != nil {
		return 0, 0, 0, err
	}
	le := binary.LittleEndian
	if le.Uint32(b[0:]) != zip64EndSig {
		return 0, 0, 0, zip.ErrFormat
	}
	return le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[48:]), nil
}

// dataOffset returns where f's data starts, as zip.File.DataOffset.
func (z *zipDir) dataOffset(f *zipEntry) (int64, error) {
	var b [zipLocalLen]byte
	if _, err := z.r.ReadAt(b[:], f.offset); err != nil {
		return 0, err
	}
	le := binary.LittleEndian
	if le.Uint32(b[0:]) != zipLocalSig {
		return 0, zip.ErrFormat
	}
	return f.offset + zipLocalLen + int64(le.Uint16(b[26:])) + int64(le.Uint16(b[28:])), nil
}

// open opens f as zip.File.Open does, deflated entries inflated by
// newFlateReader.
func (z *zipDir) open(f *zipEntry) (io.ReadCloser, error) {
	// As archive/zip, the local header is read first, whatever the
	// method: in the view openByArchiveZip reads, a header cut by the end
	// of the zip would run on into the records added after it.
	data, err := z.dataOffset(f)
	if err != nil {
		return nil, err
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return z.openByArchiveZip(f)
	}
	if strings.HasSuffix(f.Name, "/") {
		if f.UncompressedSize64 != 0 {
			return errReadCloser{zip.ErrFormat}, nil
		}
		return errReadCloser{io.EOF}, nil
	}
	size := int64(f.CompressedSize64)
	var rc io.ReadCloser
	sr := io.NewSectionReader(z.r, data, size)
	if f.Method == zip.Store {
		rc = io.NopCloser(sr)
	} else {
		// klauspost/compress inflates faster than compress/flate, and
		// its inflaters are reused from entry to entry (see
		// newFlateReader): inflating the largest entry is what a
		// bundle's analysis waits for.
		rc = newFlateReader(sr)
	}
	c := &zipChecksumReader{rc: rc, size: f.UncompressedSize64, crc32: f.CRC32}
	if f.Flags&0x8 != 0 {
		c.desr, c.desOff = z.r, data+size
	}
	return c, nil
}

// openByArchiveZip opens f with archive/zip, from a directory of f's
// record alone placed after the zip's end, in a view of the zip.
func (z *zipDir) openByArchiveZip(f *zipEntry) (io.ReadCloser, error) {
	le := binary.LittleEndian
	var rec []byte
	rec = le.AppendUint32(rec, zipCentralSig)
	rec = le.AppendUint16(rec, 45)
	rec = le.AppendUint16(rec, 45)
	rec = le.AppendUint16(rec, f.Flags)
	rec = le.AppendUint16(rec, f.Method)
	rec = le.AppendUint32(rec, 0) // time and date
	rec = le.AppendUint32(rec, f.CRC32)
	rec = le.AppendUint32(rec, 0xffffffff)
	rec = le.AppendUint32(rec, 0xffffffff)
	rec = le.AppendUint16(rec, uint16(len(f.Name)))
	rec = le.AppendUint16(rec, 4+24)
	rec = le.AppendUint16(rec, 0)                    // comment
	rec = le.AppendUint32(rec, 0)                    // disk, internal attributes
	rec = le.AppendUint32(rec, 0)                    // external attributes
	rec = le.AppendUint32(rec, 0xffffffff)           // offset: in the extra
	rec = append(rec, f.Name...)                     // name
	rec = le.AppendUint16(rec, zip64ExtraID)         // zip64 extra:
	rec = le.AppendUint16(rec, 24)                   //
	rec = le.AppendUint64(rec, f.UncompressedSize64) // sizes
	rec = le.AppendUint64(rec, f.CompressedSize64)   //
	rec = le.AppendUint64(rec, uint64(f.offset))     // and offset
	dirLen := uint64(len(rec))
	rec = le.AppendUint32(rec, zip64EndSig)
	rec = le.AppendUint64(rec, zip64EndLen-12)
	rec = le.AppendUint16(rec, 45)
	rec = le.AppendUint16(rec, 45)
	rec = le.AppendUint32(rec, 0)
	rec = le.AppendUint32(rec, 0)
	rec = le.AppendUint64(rec, 1)
	rec = le.AppendUint64(rec, 1)
	rec = le.AppendUint64(rec, dirLen)
	rec = le.AppendUint64(rec, uint64(z.size))
	rec = le.AppendUint32(rec, zip64LocSig)
	rec = le.AppendUint32(rec, 0)
	rec = le.AppendUint64(rec, uint64(z.size)+dirLen)
	rec = le.AppendUint32(rec, 1)
	rec = le.AppendUint32(rec, zipEndSig)
	rec = le.AppendUint32(rec, 0)
	rec = le.AppendUint16(rec, 0xffff)
	rec = le.AppendUint16(rec, 0xffff)
	rec = le.AppendUint32(rec, 0xffffffff)
	rec = le.AppendUint32(rec, 0xffffffff)
	rec = le.AppendUint16(rec, 0)
	v := &cutView{r: z.r, cut: z.size, tail: rec}
	zr, err := zip.NewReader(v, z.size+int64(len(rec)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	if len(zr.File) != 1 {
		return nil, zip.ErrFormat
	}
	return zr.File[0].Open()
}

// errReadCloser fails every read with err.
type errReadCloser struct{ err error }

func (r errReadCloser) Read([]byte) (int, error) { return 0, r.err }
func (r errReadCloser) Close() error             { return nil }

// zipChecksumReader checks an entry's size and checksum as archive/zip's
// checksumReader does.
type zipChecksumReader struct {
	rc     io.ReadCloser
	size   uint64 // the entry's, as the directory says
	crc32  uint32 // the entry's, as the directory says
	crc    uint32
	nread  uint64
	desr   io.ReaderAt // if not nil, where the data descriptor is, at desOff
	desOff int64
	err    error
}

func (r *zipChecksumReader) Read(b []byte) (n int, err error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err = r.rc.Read(b)
	r.crc = crc32.Update(r.crc, crc32.IEEETable, b[:n])
	r.nread += uint64(n)
	if r.nread > r.size {
		return 0, zip.ErrFormat
	}
	if err == nil {
		return n, nil
	}
	if err == io.EOF {
		if r.nread != r.size {
			return 0, io.ErrUnexpectedEOF
		}
		if r.desr != nil {
			if err1 := readZipDescriptor(io.NewSectionReader(r.desr, r.desOff, zipDescriptorLen), r.crc32); err1 != nil {
				if err1 == io.EOF {
					err = io.ErrUnexpectedEOF
				} else {
					err = err1
				}
			} else if r.crc != r.crc32 {
				err = zip.ErrChecksum
			}
		} else if r.crc32 != 0 && r.crc != r.crc32 {
			err = zip.ErrChecksum
		}
	}
	r.err = err
	return n, err
}

func (r *zipChecksumReader) Close() error { return r.rc.Close() }

// readZipDescriptor reads a data descriptor as archive/zip does: only its
// checksum is checked.
func readZipDescriptor(r io.Reader, crc uint32) error {
	var b [zipDescriptorLen]byte
	if _, err := io.ReadFull(r, b[:4]); err != nil {
		return err
	}
	off := 0
	if binary.LittleEndian.Uint32(b[:4]) != zipDescriptorSig {
		off = 4 // no signature: these four bytes are the checksum
	}
	// With a signature, the checksum is read over it.
	if _, err := io.ReadFull(r, b[off:12]); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(b[:4]) != crc {
		return zip.ErrChecksum
	}
	return nil
}
