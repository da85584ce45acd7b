package dart

import (
	"archive/tar"
	"archive/zip"
	"context"
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
	zr   *zip.Reader
	name string
	r    io.ReaderAt
	size int64

	mu    sync.Mutex
	local map[string][]*localFile // the local headers by name, once one entry was misplaced
	names map[string]bool         // the names the directory lists, once a header named another
}

// newZipSource returns the zip in r. When its central directory cannot be
// read (a zip cut short, or damaged at the end) but it starts with a local
// header, the entries are recovered from the local headers (see
// zipRecoverSource).
func newZipSource(name string, r io.ReaderAt, size int64) (container, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Names are cleaned here, whatever GODEBUG=zipinsecurepath says.
		if zs, ok := newZipRecoverSource(name, r, size, err); ok {
			return zs, nil
		}
		return nil, newFileError(name, "not a valid zip archive (truncated or damaged)", ErrDamaged, err)
	}
	// klauspost/compress inflates about 12% faster than compress/flate;
	// inflating the largest entry is what a bundle's analysis waits for.
	// Its inflaters are reused from entry to entry (see newFlateReader).
	zr.RegisterDecompressor(zip.Deflate, newFlateReader)
	for _, f := range zr.File {
		// Extra is a slice of the buffer archive/zip read the entry's
		// directory record into, name included, which it keeps a copy
		// of: the buffer is held for nothing once the record was read.
		// Opening an entry does not read Extra.
		f.Extra = nil
	}
	return &zipSource{zr: zr, name: name, r: r, size: size}, nil
}

func (z *zipSource) streaming() bool { return false }
func (z *zipSource) format() string  { return "zip" }

func (z *zipSource) entries(ctx context.Context, fn func(int, entry) error) error {
	i := 0
	var m misplaced
	for _, f := range z.zr.File {
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
			mod:   f.Modified,
			open:  func() (io.ReadCloser, error) { return z.open(ctx, f, &m) },
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
		if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeRegA && hdr.Typeflag != tar.TypeGNUSparse {
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
