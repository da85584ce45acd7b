package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strings"
	"sync"
	"time"
)

// Recovering a zip from its local headers.
//
// A zip describes each entry twice: in a local header just before the
// entry's data, and in the central directory at the end of the file.
// archive/zip reads only the central directory, so a zip cut short in
// transfer, which loses the central directory first, is refused whole
// although every entry before the cut is intact. zipRecoverSource reads
// such a zip from the start instead, one local header after the other, and
// stops at the central directory or at the cut; what it met there is
// reported as damage, naming the offset. Where the bytes at the next
// offset are not a local header (garbage or zeroes between two entries, or
// an entry whose sizes are wrong), it looks further for the next plausible
// local header and goes on from there, reporting the bytes skipped. No
// maintained Go library reads local headers in order (the forks
// of archive/zip in the module graph, klauspost/compress/zip and
// STARRY-S/zip, need the central directory too), so it is done here.
//
// An entry whose sizes follow its data (flag bit 3, as archive/zip's Writer
// and many others write deflated entries) is measured by finding its data
// descriptor: the signature PK\x07\x08 followed by a compressed size equal
// to the distance from the start of the data. An entry whose descriptor
// cannot be found runs to the end of the file: it is the one that was cut.

// Signatures and fixed lengths of the zip format (APPNOTE.TXT 4.3).
const (
	zipLocalSig      = 0x04034b50
	zipCentralSig    = 0x02014b50
	zipEndSig        = 0x06054b50
	zip64EndSig      = 0x06064b50
	zipDescriptorSig = 0x08074b50
	zipLocalLen      = 30
)

// zipRecoverSource is a zip read from its local headers, for when its
// central directory is missing or damaged. It is listed as a stream: the
// entries are found in storage order.
type zipRecoverSource struct {
	name  string
	r     io.ReaderAt
	size  int64
	cause error // why archive/zip refused the file
}

// A localReader reads the local headers of a zipRecoverSource, one listing
// at a time: several may read a source at once.
type localReader struct {
	*zipRecoverSource
	// scanned counts the bytes the searches for data descriptors looked at.
	scanned int64
	win     struct { // the last bytes read by readAt: buf[:n], from off
		off int64
		n   int
		eof bool // buf[:n] runs to the end of the file
		buf []byte
	}
}

// newZipRecoverSource returns a recovering source for the zip in r, or
// false if r does not start with a local header.
func newZipRecoverSource(name string, r io.ReaderAt, size int64, cause error) (*zipRecoverSource, bool) {
	var sig [4]byte
	if _, err := r.ReadAt(sig[:], 0); err != nil || binary.LittleEndian.Uint32(sig[:]) != zipLocalSig {
		return nil, false
	}
	return &zipRecoverSource{name: name, r: r, size: size, cause: cause}, true
}

func (z *zipRecoverSource) streaming() bool { return true }
func (z *zipRecoverSource) format() string  { return "zip" }

// A localFile is one entry as its local header describes it.
type localFile struct {
	name   string
	offset int64 // of the local header
	flags  uint16
	method uint16
	crc    uint32
	hasCRC bool  // crc is known (from the header or the descriptor)
	csize  int64 // compressed size; -1 if the entry is cut
	usize  int64 // uncompressed size; -1 if unknown
	data   int64 // offset of the data
	next   int64 // offset after the data and descriptor; -1 if cut
	lost   bool  // the data descriptor was not found: next is the next local header
	mod    time.Time
}

// entries lists the entries found from the local headers. It always ends
// with an error wrapping ErrDamaged, since the archive is damaged: it says
// which bytes were skipped, where the listing stopped and how many files
// were recovered.
func (z *zipRecoverSource) entries(ctx context.Context, fn func(int, entry) error) error {
	i := 0
	sk, stop, err := (&localReader{zipRecoverSource: z}).locals(ctx, func(lf *localFile) error {
		if strings.HasSuffix(lf.name, "/") || strings.HasSuffix(lf.name, `\`) {
			return fn(-1, entry{name: lf.name, folder: true})
		}
		e := entry{name: lf.name, size: lf.usize, csize: -1, mod: lf.mod, open: lf.opener(z.r, z.size)}
		if lf.method != zip.Store {
			e.csize = lf.csize
			if lf.next < 0 {
				e.csize = z.size - lf.data
			}
		}
		if err := fn(i, e); err != nil {
			return err
		}
		i++
		return nil
	})
	if err != nil {
		return err
	}
	return z.damage(sk, stop, i)
}

// locals calls fn for each local header found from the start of the file,
// folders included, until fn returns an error, which it returns, or the
// context is done. Otherwise it returns the damage met on the way (see
// entries) and what stopped it.
func (z *localReader) locals(ctx context.Context, fn func(*localFile) error) (sk *skips, stop string, err error) {
	off := int64(0)
	sk = new(skips)
	for {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		lf, stop, resync := z.readLocal(off)
		if lf == nil && resync {
			next, err := z.nextLocal(ctx, off+1)
			if err != nil {
				return nil, "", err
			}
			if next >= 0 {
				sk.ranges.add("no local header from offset %d to offset %d, skipped; ", off, next)
				off = next
				continue
			}
		}
		if lf == nil {
			return sk, stop, nil
		}
		if err := fn(lf); err != nil {
			return nil, "", err
		}
		if lf.next < 0 {
			return sk, fmt.Sprintf("entry %q at offset %d runs past the end of the file (%d bytes)", lf.name, lf.offset, z.size), nil
		}
		if lf.lost {
			sk.lost.add("no data descriptor for entry %q at offset %d, its data taken up to the local header at offset %d; ",
				lf.name, lf.offset, lf.next)
		}
		off = lf.next
	}
}

// Entries the central directory misplaces.
//
// Bytes inserted between two entries (garbage, or a part of the file sent
// twice) move the entries after them, and the central directory after
// them too. archive/zip then takes the directory's offsets to be off by
// the number of bytes inserted, as for a zip after a self-extractor, and
// finds the entries before the insertion at the wrong place: in garbage,
// where it finds no local header, or, when a part of the file was sent
// twice, at the local header of another entry, whose data it would read
// as this entry's. Such an entry is looked for among the local headers,
// read from the start of the file past damage as for a zip without a
// directory, by its name and checksum, and read from there; the listing
// then reports the damage, as ErrRepaired: every entry the directory
// lists was read.

// open opens the entry f, from the local header the directory names, or
// else from one found with its name and checksum, which it notes in m.
func (z *zipSource) open(ctx context.Context, f *zipEntry, m *misplaced) (io.ReadCloser, error) {
	rc, err := z.openListed(f)
	if err == nil || !errors.Is(err, zip.ErrFormat) {
		return rc, err
	}
	for _, lf := range z.localHeaders(ctx, f.Name) {
		if lf.method != f.Method || lf.hasCRC && lf.crc != f.CRC32 {
			continue
		}
		// The directory's sizes and checksum are checked as archive/zip
		// would.
		c := *lf
		c.crc, c.hasCRC = f.CRC32, true
		c.csize, c.usize = int64(f.CompressedSize64), int64(f.UncompressedSize64)
		c.next, c.lost = c.data+c.csize, false
		if c.csize < 0 || c.next > z.size {
			c.next = -1 // cut: read to the end of the file
		}
		rc, err := c.opener(z.r, z.size)()
		if err == nil {
			m.add(f.Name, lf.offset)
		}
		return rc, err
	}
	return nil, err
}

// openListed opens f from the local header at the directory's offset, as
// archive/zip does, unless that header belongs to another entry the
// directory lists: it then fails with zip.ErrFormat, rather than read the
// other entry's data as f's.
func (z *zipSource) openListed(f *zipEntry) (io.ReadCloser, error) {
	if name, ok := z.otherHeader(f); ok && z.listed(name) {
		return nil, fmt.Errorf("%w: the directory's offset leads to the local header of %q", zip.ErrFormat, name)
	}
	return z.zr.open(f)
}

// maxHeaderProbe is how many bytes of name and extra field otherHeader
// looks back through for the local header that ends where an entry's data
// starts. DART's names are a few dozen bytes.
const maxHeaderProbe = 2048

// otherHeader returns the name in the local header that archive/zip reads
// f from, when it is not f's name. It reports false when the names agree,
// or when the header's name and extra field come to more than
// maxHeaderProbe bytes: archive/zip tells where an entry's data starts,
// not where its header is.
func (z *zipSource) otherHeader(f *zipEntry) (string, bool) {
	data, err := z.zr.dataOffset(f)
	if err != nil {
		return "", false
	}
	probe := headerProbes.Get().(*[zipLocalLen + maxHeaderProbe]byte)
	defer headerProbes.Put(probe)
	buf := probe[:min(data, zipLocalLen+maxHeaderProbe)]
	if n, _ := z.r.ReadAt(buf, data-int64(len(buf))); n < len(buf) {
		return "", false
	}
	// The header is the nearest one before the data whose name and extra
	// field end where the data starts.
	le := binary.LittleEndian
	for p := len(buf) - zipLocalLen; p >= 0; p-- {
		if le.Uint32(buf[p:]) != zipLocalSig {
			continue
		}
		nameLen, extraLen := int(le.Uint16(buf[p+26:])), int(le.Uint16(buf[p+28:]))
		if p+zipLocalLen+nameLen+extraLen == len(buf) {
			name := buf[p+zipLocalLen : p+zipLocalLen+nameLen]
			if string(name) == f.Name {
				return "", false
			}
			return string(name), true
		}
	}
	return "", false
}

// headerProbes holds the buffers otherHeader reads through: a walk opens
// every entry, and a zip may hold 100,000.
var headerProbes = sync.Pool{New: func() any { return new([zipLocalLen + maxHeaderProbe]byte) }}

// listed reports whether the directory lists an entry named name.
func (z *zipSource) listed(name string) bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.names == nil {
		z.names = make(map[string]bool, z.zr.len())
		for i := range z.zr.len() {
			z.names[z.zr.entry(i).Name] = true
		}
	}
	return z.names[name]
}

// errEnoughHeaders stops the reading of local headers in localHeaders.
var errEnoughHeaders = errors.New("dart: enough local headers read")

// localHeaders returns the local headers named name, found from the start
// of the file. The first call that ctx lets finish reads them all, up to
// 1,024 more than the directory lists.
func (z *zipSource) localHeaders(ctx context.Context, name string) []*localFile {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.local == nil {
		local := map[string][]*localFile{}
		rs := &localReader{zipRecoverSource: &zipRecoverSource{name: z.name, r: z.r, size: z.size}}
		max := z.zr.len() + 1024
		n := 0
		_, _, err := rs.locals(ctx, func(lf *localFile) error {
			local[lf.name] = append(local[lf.name], lf)
			if n++; n >= max {
				return errEnoughHeaders
			}
			return nil
		})
		if err != nil && err != errEnoughHeaders {
			return nil // the context is done
		}
		z.local = local
	}
	return z.local[name]
}

// misplaced are the entries a listing found elsewhere than the directory
// says.
type misplaced struct {
	mu sync.Mutex
	t  tally
}

func (m *misplaced) add(name string, offset int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.t.add("%q at offset %d, ", name, offset)
}

// damage returns the damage of the zip named name that m describes, or nil.
func (m *misplaced) damage(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.t.n == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("central directory gives wrong offsets; found from their local headers: ")
	m.t.write(&sb, "%d more, ")
	return newFileError(name, strings.TrimSuffix(sb.String(), ", "), ErrRepaired, nil)
}

// maxListed is how many of each kind of damage an error lists; the others
// are counted.
const maxListed = 4

// A tally describes the first maxListed of a kind of damage, and counts
// them all.
type tally struct {
	listed []string
	n      int
}

// add counts one more, and describes it with fmt.Sprintf(format, args...)
// if it is among the first.
func (t *tally) add(format string, args ...any) {
	if t.n++; t.n <= maxListed {
		t.listed = append(t.listed, fmt.Sprintf(format, args...))
	}
}

// write writes the descriptions, then how many more there were with
// fmt.Fprintf(sb, more, count).
func (t *tally) write(sb *strings.Builder, more string) {
	for _, l := range t.listed {
		sb.WriteString(l)
	}
	if t.n > len(t.listed) {
		fmt.Fprintf(sb, more, t.n-len(t.listed))
	}
}

// skips are the byte ranges that held no entry and were skipped, and the
// entries whose data descriptor was not found.
type skips struct {
	ranges, lost tally
}

// damage describes the bytes skipped and where the listing stopped.
func (z *zipRecoverSource) damage(sk *skips, where string, recovered int) error {
	var sb strings.Builder
	sb.WriteString("zip without a readable central directory: ")
	sk.ranges.write(&sb, "%d more damaged ranges skipped; ")
	sk.lost.write(&sb, "%d more entries without a data descriptor; ")
	fmt.Fprintf(&sb, "%s; %d files recovered from their local headers", where, recovered)
	return newFileError(z.name, sb.String(), ErrDamaged, z.cause)
}

// readLocal reads the local header at off. At the central directory, at
// the end of the file or at bytes that are not a local header it returns
// nil and says what it found; resync then says whether a later local
// header may be looked for: the bytes at off are neither the central
// directory nor the end of the file.
func (z *localReader) readLocal(off int64) (lf *localFile, stop string, resync bool) {
	var h [zipLocalLen]byte
	n, _ := z.r.ReadAt(h[:], off)
	if n == 0 && off >= z.size {
		return nil, fmt.Sprintf("no central directory at the end of the file (offset %d)", off), false
	}
	if n < 4 {
		return nil, fmt.Sprintf("file cut at offset %d", z.size), false
	}
	switch binary.LittleEndian.Uint32(h[:4]) {
	case zipLocalSig:
	case zipCentralSig, zipEndSig, zip64EndSig:
		return nil, fmt.Sprintf("central directory at offset %d unreadable", off), false
	default:
		return nil, fmt.Sprintf("no local header at offset %d", off), true
	}
	if n < zipLocalLen {
		return nil, fmt.Sprintf("local header at offset %d cut at offset %d", off, z.size), false
	}
	le := binary.LittleEndian
	lf = &localFile{
		offset: off,
		flags:  le.Uint16(h[6:]),
		method: le.Uint16(h[8:]),
		crc:    le.Uint32(h[14:]),
		csize:  int64(le.Uint32(h[18:])),
		usize:  int64(le.Uint32(h[22:])),
	}
	nameLen, extraLen := int64(le.Uint16(h[26:])), int64(le.Uint16(h[28:]))
	buf := make([]byte, nameLen+extraLen)
	if k, _ := z.r.ReadAt(buf, off+zipLocalLen); int64(k) < nameLen+extraLen {
		// A name or extra field too long for the file is a cut header,
		// or a damaged one: a later header may still be whole.
		return nil, fmt.Sprintf("local header at offset %d cut at offset %d", off, z.size), true
	}
	lf.name = string(buf[:nameLen])
	lf.data = off + zipLocalLen + nameLen + extraLen
	dosDate, dosTime := le.Uint16(h[12:]), le.Uint16(h[10:])
	var extTime time.Time
	for extra := buf[nameLen:]; len(extra) >= 4; {
		id, sz := le.Uint16(extra), int(le.Uint16(extra[2:]))
		extra = extra[4:]
		if sz > len(extra) {
			break
		}
		field := extra[:sz]
		extra = extra[sz:]
		switch id {
		case 0x0001: // zip64: the sizes that did not fit, in this order
			if lf.usize == 0xFFFFFFFF && len(field) >= 8 {
				lf.usize, field = int64(le.Uint64(field)), field[8:]
			}
			if lf.csize == 0xFFFFFFFF && len(field) >= 8 {
				lf.csize = int64(le.Uint64(field))
			}
		case 0x5455: // extended timestamp
			if len(field) >= 5 && field[0]&1 != 0 {
				extTime = time.Unix(int64(le.Uint32(field[1:])), 0)
			}
		}
	}
	lf.mod = modTime(dosDate, dosTime, extTime)
	if lf.flags&0x8 == 0 {
		lf.hasCRC = true
		if lf.csize < 0 || lf.usize < 0 || lf.csize > z.size-lf.data {
			lf.csize, lf.next = -1, -1
		} else {
			lf.next = lf.data + lf.csize
		}
		return lf, "", false
	}
	lf.csize, lf.usize, lf.next = -1, -1, -1
	z.findDescriptor(lf)
	return lf, "", false
}

// Bounds of a plausible local header, when looking for one past damage.
const (
	// maxResyncName is the longest name a header found past damage may
	// have. Names are much shorter in practice; the bound keeps the check
	// of each false signature cheap.
	maxResyncName = 1024
	// resyncChunk is how much of the file is searched at a time.
	resyncChunk = 64 << 10
)

// nextLocal returns the offset of the first plausible local header at or
// after from, or -1 if there is none before the end of the file. It reads
// the file in chunks, each with enough bytes after it to check a header
// that starts in it, and checks each signature once from the chunk, so
// that a file full of false signatures costs a bounded amount of work per
// byte.
func (z *zipRecoverSource) nextLocal(ctx context.Context, from int64) (int64, error) {
	sig := []byte("PK\x03\x04")
	buf := make([]byte, resyncChunk+zipLocalLen+maxResyncName)
	for start := from; start < z.size; start += resyncChunk {
		if err := ctx.Err(); err != nil {
			return -1, err
		}
		n, _ := z.r.ReadAt(buf, start)
		b := buf[:n]
		for i := 0; i < resyncChunk; {
			k := bytes.Index(b[i:], sig)
			if k < 0 || i+k >= resyncChunk {
				break
			}
			i += k
			if plausibleLocal(b[i:], start+int64(i), z.size) {
				return start + int64(i), nil
			}
			i++
		}
		if n < len(buf) {
			break // the end of the file is in this chunk
		}
	}
	return -1, nil
}

// plausibleLocal reports whether h, the bytes of the file from offset pos
// on (at least the fixed header and the longest name allowed, unless the
// file ends sooner), starts with a local header that is likely a real
// one: a version needed and a method that exist, a short name that
// cleanName accepts as it is, an extra field within the file, and, for a
// stored entry that gives its sizes, equal sizes.
func plausibleLocal(h []byte, pos, size int64) bool {
	if len(h) < zipLocalLen || binary.LittleEndian.Uint32(h) != zipLocalSig {
		return false
	}
	le := binary.LittleEndian
	version, flags, method := le.Uint16(h[4:]), le.Uint16(h[6:]), le.Uint16(h[8:])
	if version&0xff > 63 || version>>8 > 19 { // APPNOTE 6.3; hosts 0 to 19
		return false
	}
	switch method {
	case zip.Store, zip.Deflate, 9, 12, 14, 93, 95: // deflate64, bzip2, lzma, zstd, xz
	default:
		return false
	}
	if method == zip.Store && flags&0x8 == 0 && le.Uint32(h[18:]) != le.Uint32(h[22:]) {
		return false
	}
	nameLen, extraLen := int(le.Uint16(h[26:])), int64(le.Uint16(h[28:]))
	if nameLen == 0 || nameLen > maxResyncName || pos+zipLocalLen+int64(nameLen)+extraLen > size ||
		len(h) < zipLocalLen+nameLen {
		return false
	}
	_, err := cleanName(string(h[zipLocalLen : zipLocalLen+nameLen]))
	return err == nil
}

// findDescriptor looks, from the start of lf's data on, for where its data
// ends, and records its sizes, checksum and next offset. The end is the
// first of:
//   - a data descriptor with its signature, PK\x07\x08, whose compressed
//     size is the distance from the start of the data;
//   - a data descriptor without a signature (APPNOTE 4.3.9.3 allows it),
//     its compressed size as above, just before the signature of a local
//     header or of the central directory.
//
// When there is none, the descriptor was lost (overwritten, or never
// written by a writer that stopped): the data is taken up to the first
// plausible local header after it, and lf.lost is set. When there is no
// such header either, the entry runs to the end of the file: it is the one
// that was cut.
//
// The search for a lost descriptor reads to the end of the file. Once the
// searches have looked at descriptorScanBudget times the file's size, a search
// stops at the first plausible local header, so that a zip of many
// entries without descriptors costs time in proportion to its size.
func (z *localReader) findDescriptor(lf *localFile) {
	end, lost := z.searchDescriptor(lf, z.scanned > descriptorScanBudget*z.size)
	z.scanned += end - lf.data
	switch {
	case lf.next >= 0: // found
	case z.unsignedDescriptorBefore(lf, z.size): // the last entry, its directory cut off
	case lost >= 0:
		lf.csize, lf.next, lf.lost = lost-lf.data, lost, true
	}
}

// searchDescriptor is findDescriptor's search. It returns the offset at
// which it stopped and the first plausible local header it met, or -1; with
// stopAtLocal it stops there.
func (z *localReader) searchDescriptor(lf *localFile, stopAtLocal bool) (end, lost int64) {
	const chunk = 64 << 10
	lost = -1
	for start := lf.data; start < z.size; start += chunk {
		// Each chunk comes with the bytes a header starting in it needs.
		b := z.readAt(start, chunk+zipLocalLen+maxResyncName)
		n := len(b)
		for i := 0; i < min(n, chunk); i++ {
			k := bytes.Index(b[i:], []byte("PK"))
			if k < 0 || i+k >= chunk || i+k+4 > n {
				break
			}
			i += k
			pos := start + int64(i)
			switch binary.LittleEndian.Uint32(b[i:]) {
			case zipDescriptorSig:
				if z.descriptorAt(lf, pos) {
					return pos, lost
				}
			case zipLocalSig:
				if z.unsignedDescriptorBefore(lf, pos) {
					return pos, lost
				}
				if lost < 0 && plausibleLocal(b[i:], pos, z.size) {
					lost = pos
					if stopAtLocal {
						return pos, lost
					}
				}
			case zipCentralSig, zipEndSig, zip64EndSig:
				if z.unsignedDescriptorBefore(lf, pos) {
					return pos, lost
				}
			}
		}
		if n < chunk+zipLocalLen+maxResyncName {
			break // the end of the file is in this chunk
		}
	}
	return z.size, lost
}

// readAt returns the n bytes of the file at off, or fewer at its end. The
// searches for descriptors of consecutive entries start a few bytes apart
// when the entries are small: a read takes twice n, and the next reads are
// taken from it while they fall within it.
func (z *localReader) readAt(off int64, n int) []byte {
	w := &z.win
	if end := w.off + int64(w.n); off >= w.off && off <= end && (off+int64(n) <= end || w.eof) {
		b := w.buf[off-w.off : w.n]
		return b[:min(n, len(b))]
	}
	if cap(w.buf) < 2*n {
		w.buf = make([]byte, 2*n)
	}
	k, _ := z.r.ReadAt(w.buf[:2*n], off)
	w.off, w.n, w.eof = off, k, k < 2*n
	return w.buf[:min(n, k)]
}

// descriptorScanBudget bounds the bytes the searches for lost descriptors
// look at, as a multiple of the file's size (see findDescriptor).
const descriptorScanBudget = 4

// descriptorAt reports whether a data descriptor of lf starts at pos (a
// signature), and if so records it.
func (z *zipRecoverSource) descriptorAt(lf *localFile, pos int64) bool {
	var d [24]byte
	n, _ := z.r.ReadAt(d[:], pos)
	le := binary.LittleEndian
	csize := pos - lf.data
	switch {
	case n >= 16 && int64(le.Uint32(d[8:])) == csize:
		lf.usize, lf.next = int64(le.Uint32(d[12:])), pos+16
	case n >= 24 && int64(le.Uint64(d[8:])) == csize:
		lf.usize, lf.next = int64(le.Uint64(d[16:])), pos+24
	default:
		return false
	}
	lf.crc, lf.hasCRC, lf.csize = le.Uint32(d[4:]), true, csize
	return true
}

// unsignedDescriptorBefore reports whether a data descriptor of lf without
// a signature ends at pos, where a header starts, and if so records it:
// the checksum and the sizes in 4 bytes each, or in 8 (zip64).
func (z *zipRecoverSource) unsignedDescriptorBefore(lf *localFile, pos int64) bool {
	le := binary.LittleEndian
	var d [20]byte
	for _, size := range []int64{12, 20} {
		csize := pos - size - lf.data
		if csize < 0 {
			return false
		}
		if n, _ := z.r.ReadAt(d[:size], pos-size); int64(n) < size {
			return false
		}
		var c, u int64
		if size == 12 {
			c, u = int64(le.Uint32(d[4:])), int64(le.Uint32(d[8:]))
		} else {
			c, u = int64(le.Uint64(d[4:])), int64(le.Uint64(d[12:]))
		}
		if c == csize {
			lf.crc, lf.hasCRC, lf.csize, lf.usize, lf.next = le.Uint32(d[:]), true, csize, u, pos
			return true
		}
	}
	return false
}

// modTime is an entry's modification time as archive/zip gives it: the
// extended timestamp, if any, in the zone the MS-DOS time implies.
func modTime(dosDate, dosTime uint16, ext time.Time) time.Time {
	dos := time.Date(int(dosDate>>9+1980), time.Month(dosDate>>5&0xf), int(dosDate&0x1f),
		int(dosTime>>11), int(dosTime>>5&0x3f), int(dosTime&0x1f*2), 0, time.UTC)
	if ext.IsZero() {
		return dos
	}
	if dosDate == 0 && dosTime == 0 {
		return ext.UTC()
	}
	offset := dos.Sub(ext).Round(15 * time.Minute)
	if offset < -12*time.Hour || offset > 14*time.Hour {
		offset = 0
	}
	return ext.In(time.FixedZone("", int(offset/time.Second)))
}

// opener returns the entry's open function. An entry that was cut yields
// what it holds and then io.ErrUnexpectedEOF; a whole entry is checked
// against its size and checksum at the end.
func (lf *localFile) opener(r io.ReaderAt, size int64) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		if lf.flags&0x1 != 0 {
			return nil, errors.New("encrypted entry")
		}
		n := lf.csize
		if lf.next < 0 {
			n = size - lf.data
		}
		sec := io.NewSectionReader(r, lf.data, n)
		var rc io.ReadCloser
		switch lf.method {
		case zip.Store:
			rc = io.NopCloser(sec)
		case zip.Deflate:
			// The same inflaters as the zips read whole (see newZipSource).
			rc = newFlateReader(sec)
		default:
			return nil, fmt.Errorf("%w (method %d)", zip.ErrAlgorithm, lf.method)
		}
		return &checkedReader{rc: rc, lf: lf, crc: crc32.NewIEEE()}, nil
	}
}

// checkedReader checks an entry's size and checksum when it ends.
type checkedReader struct {
	rc  io.ReadCloser
	lf  *localFile
	crc hash.Hash32
	n   int64
	err error
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.rc.Read(p)
	c.crc.Write(p[:n])
	c.n += int64(n)
	if err == io.EOF {
		switch {
		case c.lf.next < 0 && c.lf.method == zip.Store:
			err = io.ErrUnexpectedEOF
		case c.lf.lost:
			err = fmt.Errorf("%w: no data descriptor found, size and checksum not checked", zip.ErrFormat)
		case c.lf.usize >= 0 && c.n != c.lf.usize:
			err = fmt.Errorf("%w: %d bytes, the header says %d", zip.ErrFormat, c.n, c.lf.usize)
		case c.lf.hasCRC && c.crc.Sum32() != c.lf.crc:
			err = zip.ErrChecksum
		}
	}
	if err != nil {
		c.err = err
	}
	return n, err
}

func (c *checkedReader) Close() error { return c.rc.Close() }
