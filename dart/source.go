package dart

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mholt/archives"
)

// An entry is one regular file of a container, as the container describes
// it: its raw name (not yet cleaned), sizes and a way to read it.
type entry struct {
	name  string
	size  int64 // uncompressed size; -1 if unknown
	csize int64 // compressed size; -1 if unknown (enables the MaxRatio limit)
	mod   time.Time
	// folder marks a folder that the container lists as such. A folder
	// has no index, nor contents to open: it is passed to the entries
	// callback with index -1, and only its name counts.
	folder bool
	// open opens the content. For a streaming container it is valid only
	// during the call to the entries callback.
	open func() (io.ReadCloser, error)
}

// A container is a level of a bundle: a folder, an archive, or a compressed
// file. Every level lists its regular files in storage order, numbered from
// 0, and between them the folders it lists as such.
type container interface {
	// entries calls fn for each regular file, in storage order, with the
	// file's index among them. An error from fn stops the listing and is
	// returned. Other errors mean the container is damaged past that point.
	entries(ctx context.Context, fn func(i int, e entry) error) error
	// streaming reports whether reaching an entry means reading all the
	// entries before it (tar, compressed streams, 7z).
	streaming() bool
	// format names the container's format: "zip", "tar.gz", "dir", ...
	format() string
}

// zipSource is a zip archive with random access.
type zipSource struct {
	zr   *zipDir
	name string
	r    io.ReaderAt
	size int64

	// cut is the MaxEntries error when the directory was cut (see
	// newLimitedZipSource); the listing ends with it.
	cut *LimitError

	mu    sync.Mutex
	local map[string][]*localFile // the local headers by name, once one entry was misplaced
	names map[string]bool         // the names the directory lists, once a header named another
}

// newZipSource returns the zip in r. When its central directory cannot be
// read (a zip cut short, or damaged at the end) but it starts with a local
// header, the entries are recovered from the local headers (see
// zipRecoverSource).
func newZipSource(name string, r io.ReaderAt, size int64) (container, error) {
	zr, err := readZipDir(r, size)
	if err != nil {
		if zs, ok := newZipRecoverSource(name, r, size, err); ok {
			return zs, nil
		}
		return nil, newFileError(name, "not a valid zip archive (truncated or damaged)", ErrDamaged, err)
	}
	return &zipSource{zr: zr, name: name, r: r, size: size}, nil
}

func (z *zipSource) streaming() bool { return false }
func (z *zipSource) format() string  { return "zip" }

func (z *zipSource) entries(ctx context.Context, fn func(int, entry) error) error {
	i := 0
	var m misplaced
	for k := range z.zr.len() {
		f := z.zr.entry(k)
		if err := ctx.Err(); err != nil {
			return err
		}
		mode := f.Mode()
		if mode.IsDir() || strings.HasSuffix(f.Name, "/") || strings.HasSuffix(f.Name, `\`) {
			if err := fn(-1, entry{name: f.Name, folder: true}); err != nil {
				return err
			}
			continue
		}
		if !mode.IsRegular() {
			continue
		}
		e := entry{
			name:  f.Name,
			size:  int64(f.UncompressedSize64),
			csize: int64(f.CompressedSize64),
			mod:   f.Modified(),
			open: func() (io.ReadCloser, error) {
				f := z.zr.entry(k)
				return z.open(ctx, &f, &m)
			},
		}
		if f.UncompressedSize64 > 1<<62 {
			e.size = -1
		}
		if f.Method == zip.Store || f.CompressedSize64 > 1<<62 {
			e.csize = -1 // stored: no inflation to bound
		}
		if err := fn(i, e); err != nil {
			return err
		}
		i++
	}
	if z.cut != nil {
		return errors.Join(m.damage(z.name), z.cut)
	}
	return m.damage(z.name)
}

// tarSource is a tar stream, possibly compressed. Each listing reads the
// stream from the start.
type tarSource struct {
	name string
	// open returns the uncompressed tar stream from its start, and a
	// function that releases what it made (may be nil).
	open func() (io.Reader, func(), error)
	fmt  string
}

func (t *tarSource) streaming() bool { return true }
func (t *tarSource) format() string  { return t.fmt }

func (t *tarSource) entries(ctx context.Context, fn func(int, entry) error) error {
	r, release, err := t.open()
	if err != nil {
		return newFileError(t.name, "not a valid "+t.fmt+" archive", ErrDamaged, err)
	}
	if release != nil {
		defer release()
	}
	tr := tar.NewReader(r)
	i := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return newFileError(t.name, "damaged "+t.fmt+" archive", ErrDamaged, err)
		}
		if hdr.Typeflag == tar.TypeDir {
			if err := fn(-1, entry{name: hdr.Name, folder: true}); err != nil {
				return err
			}
			continue
		}
		if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeGNUSparse {
			continue
		}
		e := entry{
			name:  hdr.Name,
			size:  hdr.Size,
			csize: -1,
			mod:   hdr.ModTime,
			open:  func() (io.ReadCloser, error) { return io.NopCloser(tr), nil },
		}
		if err := fn(i, e); err != nil {
			return err
		}
		i++
	}
}

// sevenZipSource is a 7z archive, read with mholt/archives. Solid 7z
// archives compress files together, so it is listed as a stream.
type sevenZipSource struct {
	name string
	r    io.ReaderAt
	size int64
}

func (s *sevenZipSource) streaming() bool { return true }
func (s *sevenZipSource) format() string  { return "7z" }

// stopListing carries an error from the entries callback through
// archives.SevenZip.Extract, which wraps it.
type stopListing struct{ err error }

func (s stopListing) Error() string { return s.err.Error() }

func (s *sevenZipSource) entries(ctx context.Context, fn func(int, entry) error) (err error) {
	i := 0
	defer func() {
		// The 7z decoders are third-party code fed untrusted input.
		if p := recover(); p != nil {
			err = newFileError(s.name, "damaged 7z archive", ErrDamaged, errors.New("decoder panic"))
		}
	}()
	err = archives.SevenZip{}.Extract(ctx, io.NewSectionReader(s.r, 0, s.size), func(ctx context.Context, fi archives.FileInfo) error {
		if fi.IsDir() {
			if err := fn(-1, entry{name: fi.NameInArchive, folder: true}); err != nil {
				return stopListing{err}
			}
			return nil
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
		e := entry{
			name:  fi.NameInArchive,
			size:  fi.Size(),
			csize: -1,
			mod:   fi.ModTime(),
			open: func() (io.ReadCloser, error) {
				f, err := fi.Open()
				if err != nil {
					return nil, err
				}
				return f, nil
			},
		}
		if err := fn(i, e); err != nil {
			return stopListing{err}
		}
		i++
		return nil
	})
	var stop stopListing
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil && ctx.Err() == nil {
		return newFileError(s.name, "damaged 7z archive", ErrDamaged, err)
	}
	return err
}

// dirSource is a folder, read through an os.Root so that symbolic links
// cannot lead out of it. Only regular files are listed; symbolic links are
// not followed.
type dirSource struct {
	root *os.Root
}

func (d *dirSource) streaming() bool { return false }
func (d *dirSource) format() string  { return "dir" }

func (d *dirSource) entries(ctx context.Context, fn func(int, entry) error) error {
	fsys := d.root.FS()
	i := 0
	return fs.WalkDir(fsys, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // an unreadable subfolder: skip it
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if de.IsDir() && p != "." {
			return fn(-1, entry{name: p, folder: true})
		}
		if !de.Type().IsRegular() {
			return nil
		}
		info, err := de.Info()
		if err != nil {
			return nil
		}
		e := entry{
			name:  p,
			size:  info.Size(),
			csize: -1,
			mod:   info.ModTime(),
			open:  func() (io.ReadCloser, error) { return d.root.Open(p) },
		}
		if err := fn(i, e); err != nil {
			return err
		}
		i++
		return nil
	})
}

// singleSource is one compressed file (system.log.0.gz): one entry, named
// like the compressed file without its suffix.
type singleSource struct {
	name  string // the entry's name, suffix removed
	csize int64
	mod   time.Time
	open  func() (io.ReadCloser, error)
	fmt   string
}

func (s *singleSource) streaming() bool { return true }
func (s *singleSource) format() string  { return s.fmt }

func (s *singleSource) entries(ctx context.Context, fn func(int, entry) error) error {
	return fn(0, entry{name: s.name, size: -1, csize: s.csize, mod: s.mod, open: s.open})
}

// compressionSuffixes maps a compression format to the name suffixes it
// removes.
var compressionSuffixes = map[string][]string{
	"gz":  {".gz", ".gzip", ".z"},
	"bz2": {".bz2", ".bz"},
	"xz":  {".xz"},
	"zst": {".zst", ".zstd"},
}

// trimCompressionSuffix removes the compression suffix of format from the
// base of name, keeping name as it is otherwise.
func trimCompressionSuffix(name, format string) string {
	lower := strings.ToLower(name)
	for _, suf := range compressionSuffixes[format] {
		if strings.HasSuffix(lower, suf) && len(name) > len(suf) && !strings.HasSuffix(name[:len(name)-len(suf)], "/") {
			return name[:len(name)-len(suf)]
		}
	}
	return name
}

// Reading a zip's directory within the limits.
//
// The whole central directory is read before anything else, and a record
// kept for each entry (see zipDir): a zip of a million tiny entries costs
// tens of megabytes before the index can stop at MaxEntries. The index
// never uses more than MaxEntries files and MaxEntries folders, so a
// directory of more records than twice MaxEntries is cut: the directory
// is read from a view of the zip that ends after the first records, with
// an end-of-directory record of its own. Finding where those records end
// takes one read of them, with no allocation per record.

// Zip signatures and record lengths used by the cut (APPNOTE.TXT 4.3.12-16).
const (
	cutDirSig      = "PK\x01\x02"
	cutEndSig      = "PK\x05\x06"
	cut64EndSig    = "PK\x06\x06"
	cut64LocSig    = "PK\x06\x07"
	zipDirLen      = 46
	zipEndLen      = 22
	zip64EndLen    = 56
	zip64LocLen    = 20
	zipMaxEndProbe = zipEndLen + 65535 // the record and the longest comment
)

// newLimitedZipSource is newZipSource for a zip read within lim: a
// directory of more than twice MaxEntries records is cut (see above), and
// the listing of the source then ends with a MaxEntries *LimitError.
func newLimitedZipSource(name string, r io.ReaderAt, size int64, lim Limits) (container, error) {
	keep := 2 * lim.MaxEntries
	if v, vsize, ok := cutZipDirectory(r, size, keep); ok {
		// Only a directory that reads is taken cut: damage is
		// recovered from the zip as it is.
		if c, err := newZipSource(name, v, vsize); err == nil {
			if zs, ok := c.(*zipSource); ok {
				zs.cut = &LimitError{Limit: "MaxEntries", Value: int64(lim.MaxEntries), File: name}
				return zs, nil
			}
		}
	}
	return newZipSource(name, r, size)
}

// cutZipDirectory returns a view of the zip in r whose central directory
// holds only its first keep records, and the view's size. It reports false
// when the directory holds keep records or fewer, or when the zip's end
// records do not read as archive/zip would read them: the zip is then read
// as it is.
func cutZipDirectory(r io.ReaderAt, size int64, keep int) (io.ReaderAt, int64, bool) {
	endOff, records, dirSize, dirOff, ok := zipDirectoryEnd(r, size)
	if !ok || records <= uint64(keep) || keep <= 0 {
		return nil, 0, false
	}
	// Where the directory starts, as archive/zip decides it: before the
	// end record by its size, unless its offset from the file's start
	// holds a directory record (data prepended, offsets not moved).
	base := endOff - int64(dirSize) - int64(dirOff)
	dirAt := base + int64(dirOff)
	if dirAt < 0 || dirAt >= size {
		return nil, 0, false
	}
	if base > 0 && int64(dirOff) < size {
		var sig [4]byte
		if _, err := r.ReadAt(sig[:], int64(dirOff)); err == nil && string(sig[:]) == cutDirSig {
			dirAt = int64(dirOff)
		}
	}
	// The end of the first keep records.
	sr := io.NewSectionReader(r, dirAt, min(int64(dirSize), size-dirAt))
	br := bufio.NewReaderSize(sr, 64<<10)
	var n int64
	for range keep {
		h, err := br.Peek(zipDirLen)
		if err != nil || string(h[:4]) != cutDirSig {
			return nil, 0, false
		}
		vl := int64(binary.LittleEndian.Uint16(h[28:])) + int64(binary.LittleEndian.Uint16(h[30:])) + int64(binary.LittleEndian.Uint16(h[32:]))
		if _, err := br.Discard(int(zipDirLen + vl)); err != nil {
			return nil, 0, false
		}
		n += zipDirLen + vl
	}
	// A zip64 end record, its locator and an end record that sends
	// archive/zip to them, so that any count and offset can be written.
	cutEnd := dirAt + n
	tail := make([]byte, 0, zip64EndLen+zip64LocLen+zipEndLen)
	tail = append(tail, cut64EndSig...)
	tail = binary.LittleEndian.AppendUint64(tail, zip64EndLen-12)
	tail = binary.LittleEndian.AppendUint16(tail, 45) // made by: 4.5, zip64
	tail = binary.LittleEndian.AppendUint16(tail, 45) // needed to extract
	tail = binary.LittleEndian.AppendUint32(tail, 0)  // this disk
	tail = binary.LittleEndian.AppendUint32(tail, 0)  // the directory's disk
	tail = binary.LittleEndian.AppendUint64(tail, uint64(keep))
	tail = binary.LittleEndian.AppendUint64(tail, uint64(keep))
	tail = binary.LittleEndian.AppendUint64(tail, uint64(n))
	tail = binary.LittleEndian.AppendUint64(tail, uint64(dirAt-base))
	tail = append(tail, cut64LocSig...)
	tail = binary.LittleEndian.AppendUint32(tail, 0)
	tail = binary.LittleEndian.AppendUint64(tail, uint64(cutEnd))
	tail = binary.LittleEndian.AppendUint32(tail, 1) // disks
	tail = append(tail, cutEndSig...)
	tail = binary.LittleEndian.AppendUint16(tail, 0)
	tail = binary.LittleEndian.AppendUint16(tail, 0)
	tail = binary.LittleEndian.AppendUint16(tail, 0xffff)
	tail = binary.LittleEndian.AppendUint16(tail, 0xffff)
	tail = binary.LittleEndian.AppendUint32(tail, 0xffffffff)
	tail = binary.LittleEndian.AppendUint32(tail, 0xffffffff)
	tail = binary.LittleEndian.AppendUint16(tail, 0) // no comment
	return &cutView{r: r, cut: cutEnd, tail: tail}, cutEnd + int64(len(tail)), true
}

// zipDirectoryEnd reads the end records of the zip in r: the offset of the
// record that gives the directory's size (the zip64 one, if any), the
// number of records, the directory's size and its offset from the zip's
// start. It reports false if they cannot be read.
func zipDirectoryEnd(r io.ReaderAt, size int64) (endOff int64, records, dirSize, dirOff uint64, ok bool) {
	n := min(size, zipMaxEndProbe)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return 0, 0, 0, 0, false
	}
	p := -1
	for i := len(buf) - zipEndLen; i >= 0; i-- {
		if string(buf[i:i+4]) == cutEndSig && i+zipEndLen+int(binary.LittleEndian.Uint16(buf[i+20:])) <= len(buf) {
			p = i
			break
		}
	}
	if p < 0 {
		return 0, 0, 0, 0, false
	}
	e := buf[p:]
	endOff = size - n + int64(p)
	records = uint64(binary.LittleEndian.Uint16(e[10:]))
	dirSize = uint64(binary.LittleEndian.Uint32(e[12:]))
	dirOff = uint64(binary.LittleEndian.Uint32(e[16:]))
	if records == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		// zip64: the locator just before the end record gives the
		// zip64 end record's offset.
		var loc [zip64LocLen]byte
		if endOff < zip64LocLen {
			return 0, 0, 0, 0, false
		}
		if _, err := r.ReadAt(loc[:], endOff-zip64LocLen); err != nil || string(loc[:4]) != cut64LocSig {
			return 0, 0, 0, 0, false
		}
		at := int64(binary.LittleEndian.Uint64(loc[8:]))
		var rec [zip64EndLen]byte
		if at < 0 || at > size-zip64EndLen {
			return 0, 0, 0, 0, false
		}
		if _, err := r.ReadAt(rec[:], at); err != nil || string(rec[:4]) != cut64EndSig {
			return 0, 0, 0, 0, false
		}
		endOff = at
		records = binary.LittleEndian.Uint64(rec[32:])
		dirSize = binary.LittleEndian.Uint64(rec[40:])
		dirOff = binary.LittleEndian.Uint64(rec[48:])
	}
	if dirSize > 1<<62 || dirOff > 1<<62 {
		return 0, 0, 0, 0, false
	}
	return endOff, records, dirSize, dirOff, true
}

// cutView is a zip's bytes up to cut, then tail.
type cutView struct {
	r    io.ReaderAt
	cut  int64
	tail []byte
}

func (v *cutView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		// The zip's reader says what it says of a negative offset, as
		// when it is read whole.
		return v.r.ReadAt(p, off)
	}
	n := 0
	if off < v.cut {
		m := int(min(int64(len(p)), v.cut-off))
		k, err := v.r.ReadAt(p[:m], off)
		n += k
		if err != nil && !(err == io.EOF && k == m) {
			return n, err
		}
		if k < m {
			return n, io.ErrUnexpectedEOF
		}
		off += int64(m)
	}
	if n == len(p) {
		return n, nil
	}
	t := off - v.cut
	if t >= int64(len(v.tail)) {
		return n, io.EOF
	}
	k := copy(p[n:], v.tail[t:])
	n += k
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
