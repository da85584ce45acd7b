package redact

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bodgit/sevenzip"
	kflate "github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/dartkit/dartkit/dart"
)

// deflateLevel is the compression of what Bundle deflates: klauspost's
// fastest levels cost a fraction of the standard library's default, for
// archives a few percent larger.
const deflateLevel = 1

// Deflaters and inflaters are pooled: a bundle has thousands of entries,
// and a deflater's state is hundreds of kilobytes.
var deflaters, inflaters sync.Pool

func newDeflater(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := deflaters.Get().(*kflate.Writer); ok {
		fw.Reset(w)
		return pooledDeflater{fw}, nil
	}
	fw, err := kflate.NewWriter(w, deflateLevel)
	return pooledDeflater{fw}, err
}

type pooledDeflater struct{ *kflate.Writer }

func (d pooledDeflater) Close() error {
	err := d.Writer.Close()
	deflaters.Put(d.Writer)
	return err
}

func newInflater(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if fr.(kflate.Resetter).Reset(r, nil) == nil {
			return &pooledInflater{ReadCloser: fr}
		}
	}
	return &pooledInflater{ReadCloser: kflate.NewReader(r)}
}

type pooledInflater struct {
	io.ReadCloser
	closed bool
}

func (f *pooledInflater) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.ReadCloser.Close()
	inflaters.Put(f.ReadCloser)
	return err
}

// zip writes the redacted form of the zip in ra to w. prefix is the path
// of the archive in the bundle, with a slash, or "" for the bundle itself.
func (b *bundler) zip(ra io.ReaderAt, size int64, w io.Writer, prefix string, depth int) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return b.fail(prefix, fmt.Errorf("%w: %w", dart.ErrDamaged, err))
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	if zr.Comment != "" {
		if err := zw.SetComment(b.name(zr.Comment)); err != nil {
			return b.fail(prefix, err)
		}
	}
	for _, e := range zr.File {
		full, note, err := b.entry(prefix, e.Name)
		if err != nil {
			return err
		}
		if note {
			continue
		}
		h := e.FileHeader
		h.Name = b.name(e.Name)
		h.Comment = b.name(e.Comment)
		h.Extra, h.Modified = zipExtra(e.Extra, e.Modified)
		b.seen(e.ModTime())
		if strings.HasSuffix(e.Name, "/") {
			if _, err := zw.CreateHeader(&h); err != nil {
				return b.fail(full, err)
			}
			b.add(full, prefix+h.Name, ActionCopied)
			continue
		}
		if e.Method != zip.Store && e.Method != zip.Deflate {
			return b.fail(full, fmt.Errorf("compression method %d: %w", e.Method, zip.ErrAlgorithm))
		}
		if err := b.zipEntry(zw, &h, e.Open, full, prefix, int64(e.CompressedSize64), depth); err != nil {
			return err
		}
	}
	return b.closeZip(zw, prefix)
}

// zipEntry writes the redacted file that open opens as the entry h of zw.
// csize is its compressed size, or 0 when not known.
func (b *bundler) zipEntry(zw *zip.Writer, h *zip.FileHeader, open func() (io.ReadCloser, error), full, prefix string, csize int64, depth int) error {
	rc, err := open()
	if err != nil {
		return b.fail(full, err)
	}
	defer rc.Close()
	limit, which := b.fileLimit(csize)
	i := b.placeholder(full, prefix+h.Name)
	action, err := b.file(b.limit(rc, full, limit, which), full, depth, func() (io.Writer, error) { return zw.CreateHeader(h) })
	if err != nil {
		return err
	}
	b.res.Files[i].Action = action
	return nil
}

// rebuild writes as a zip the files dart recovers from a damaged one, in
// the order met, their text in the encoding dart found (UTF-16 with a
// byte-order mark). Nested archives dart opened come out as folders named
// for them.
func (b *bundler) rebuild(w io.Writer) error {
	bd, err := dart.Open(b.ctx, b.in, &dart.Options{Limits: b.lim})
	if err != nil {
		return err
	}
	defer bd.Close()
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	err = bd.Walk(b.ctx, func(f dart.File, r io.Reader) error {
		if err := b.count(f.Name); err != nil {
			return err
		}
		if isNote("", f.Name) {
			b.add(f.Name, NoteName, ActionNote)
			return nil
		}
		h := &zip.FileHeader{Name: b.name(f.Name), Method: zip.Deflate, Modified: f.Modified}
		b.seen(f.Modified)
		i := b.placeholder(f.Name, h.Name)
		var enc *encoding.Encoder
		switch f.Encoding {
		case dart.EncodingUTF16LE:
			enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
		case dart.EncodingUTF16BE:
			enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()
		case dart.EncodingWindows1252:
			enc = charmap.Windows1252.NewEncoder()
		}
		var tw io.WriteCloser
		action, err := b.file(r, f.Name, 0, func() (io.Writer, error) {
			ew, err := zw.CreateHeader(h)
			if err != nil || enc == nil {
				return ew, err
			}
			tw = transform.NewWriter(ew, encoding.ReplaceUnsupported(enc))
			return tw, nil
		})
		if err == nil && tw != nil {
			err = tw.Close()
		}
		if err != nil {
			return b.fail(f.Name, err)
		}
		b.res.Files[i].Action = action
		return nil
	})
	if err != nil {
		return err
	}
	return b.closeZip(zw, "")
}

// closeZip ends a zip, with the note when it is the bundle itself.
func (b *bundler) closeZip(zw *zip.Writer, prefix string) error {
	if prefix == "" {
		nw, err := zw.CreateHeader(&zip.FileHeader{Name: NoteName, Method: zip.Deflate, Modified: b.noteTime()})
		if err != nil {
			return b.fail(NoteName, err)
		}
		if err := b.writeNote(nw); err != nil {
			return b.fail(NoteName, err)
		}
	}
	if err := zw.Close(); err != nil {
		return b.fail(prefix, err)
	}
	return nil
}

// zipExtra returns a zip entry's extra fields as the writer must be given
// them, and the modification time to give it: the writer adds the zip64
// and extended-timestamp fields itself, so that a copy of them would be
// written twice; a time the entry had only in MS-DOS form stays so.
func zipExtra(extra []byte, modified time.Time) ([]byte, time.Time) {
	var out []byte
	ext := false
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		if 4+n > len(extra) {
			break
		}
		switch id {
		case 0x0001: // zip64
		case 0x5455: // extended timestamp
			ext = true
		default:
			out = append(out, extra[:4+n]...)
		}
		extra = extra[4+n:]
	}
	if !ext {
		modified = time.Time{}
	}
	return out, modified
}

// sevenZip writes the 7z in ra to w as a zip: the files in the archive's
// order, with their names and times.
func (b *bundler) sevenZip(ra io.ReaderAt, size int64, w io.Writer, prefix string, depth int) error {
	sr, err := sevenzip.NewReader(ra, size)
	if err != nil {
		return b.fail(prefix, fmt.Errorf("%w: %w", dart.ErrDamaged, err))
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	for _, e := range sr.File {
		full, note, err := b.entry(prefix, e.Name)
		if err != nil {
			return err
		}
		if note {
			continue
		}
		h := &zip.FileHeader{Name: b.name(e.Name), Method: zip.Deflate, Modified: e.Modified.UTC()}
		b.seen(e.Modified)
		if e.FileInfo().IsDir() {
			h.Name = strings.TrimSuffix(h.Name, "/") + "/"
			if _, err := zw.CreateHeader(h); err != nil {
				return b.fail(full, err)
			}
			b.add(full, prefix+h.Name, ActionCopied)
			continue
		}
		if err := b.zipEntry(zw, h, e.Open, full, prefix, 0, depth); err != nil {
			return err
		}
	}
	return b.closeZip(zw, prefix)
}

// gzip writes the redacted form of the gzip stream src to w: a tar.gz as
// a tar.gz, a single compressed file (system.log.0.gz) as one. name is the
// stream's path in the bundle.
func (b *bundler) gzip(src io.Reader, w io.Writer, name, prefix string, depth int) error {
	zr, err := gzip.NewReader(src)
	if err != nil {
		return b.fail(name, fmt.Errorf("%w: %w", dart.ErrDamaged, err))
	}
	defer zr.Close()
	inner := bufio.NewReaderSize(b.limit(zr, name, b.lim.MaxFileSize, "MaxFileSize"), 64<<10)
	head, err := inner.Peek(512)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return b.fail(name, err)
	}
	gw, err := gzip.NewWriterLevel(w, deflateLevel)
	if err != nil {
		return b.fail(name, err)
	}
	gw.Header = zr.Header
	gw.Name = b.name(zr.Name)
	gw.Comment = b.name(zr.Comment)
	if magic(head) == "tar" {
		err = b.tar(inner, gw, prefix, depth)
	} else if prefix == "" {
		return b.fail(name, fmt.Errorf("a compressed file, not an archive: %w", dart.ErrNotBundle))
	} else {
		base := strings.TrimSuffix(path.Base(name), ".gz")
		if zr.Name != "" {
			base = zr.Name
		}
		full := prefix + base
		i := b.placeholder(full, prefix+b.name(base))
		var action string
		action, err = b.file(inner, full, depth, func() (io.Writer, error) { return gw, nil })
		if err == nil {
			b.res.Files[i].Action = action
		}
	}
	if err != nil {
		return err
	}
	if err := gw.Close(); err != nil {
		return b.fail(name, err)
	}
	return nil
}

// tar writes the redacted form of the tar stream src to w, with its
// headers' names, owners, modes and times.
func (b *bundler) tar(src io.Reader, w io.Writer, prefix string, depth int) error {
	tr := tar.NewReader(src)
	tw := tar.NewWriter(w)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.fail(strings.TrimSuffix(prefix, "/"), fmt.Errorf("%w: %w", dart.ErrDamaged, err))
		}
		full, note, err := b.entry(prefix, hdr.Name)
		if err != nil {
			return err
		}
		if note {
			continue
		}
		h := *hdr
		h.Name = b.name(hdr.Name)
		h.Linkname = b.name(hdr.Linkname)
		h.Uname = b.owner(hdr.Uname)
		h.Gname = b.owner(hdr.Gname)
		if hdr.PAXRecords != nil {
			h.PAXRecords = map[string]string{}
			for k, v := range hdr.PAXRecords {
				switch k {
				case "size":
					continue
				case "path", "linkpath":
					v = b.name(v)
				case "uname", "gname":
					v = b.owner(v)
				}
				h.PAXRecords[k] = v
			}
		}
		b.seen(hdr.ModTime)
		if hdr.Typeflag != tar.TypeReg {
			if err := tw.WriteHeader(&h); err != nil {
				return b.fail(full, err)
			}
			b.add(full, prefix+h.Name, ActionCopied)
			continue
		}
		// A tar header states the size before the content: the redacted
		// content is spooled first.
		sp := &spool{}
		limit, which := b.fileLimit(0)
		i := b.placeholder(full, prefix+h.Name)
		action, err := b.file(b.limit(tr, full, limit, which), full, depth, func() (io.Writer, error) { return sp, nil })
		if err != nil {
			sp.Close()
			return err
		}
		b.res.Files[i].Action = action
		if strings.HasPrefix(action, "dropped") {
			sp.Close()
			continue
		}
		h.Size = sp.n
		if err := tw.WriteHeader(&h); err != nil {
			sp.Close()
			return b.fail(full, err)
		}
		err = sp.copyTo(tw)
		sp.Close()
		if err != nil {
			return b.fail(full, err)
		}
	}
	if prefix == "" {
		note := b.noteText()
		h := &tar.Header{Typeflag: tar.TypeReg, Name: NoteName, Mode: 0o644, Size: int64(len(note)), ModTime: b.noteTime(), Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return b.fail(NoteName, err)
		}
		if _, err := tw.Write(note); err != nil {
			return b.fail(NoteName, err)
		}
	}
	if err := tw.Close(); err != nil {
		return b.fail(prefix, err)
	}
	return nil
}

// owner returns the redacted form of a tar header's owner: a user's name,
// unless it is a system account's.
func (b *bundler) owner(name string) string {
	switch strings.ToLower(name) {
	case "", "root", "wheel", "staff", "admin", "users", "nobody", "nogroup", "daemon":
		return name
	}
	if b.r.Kept(name) {
		return name
	}
	return b.r.Pseudonym(KindUser, name)
}

// dir writes the redacted copy of the folder in to the folder out, which
// exists and is empty. Files are met in lexical order, as dart reads them.
func (b *bundler) dir(in, out string) error {
	type stamp struct {
		path string
		t    time.Time
	}
	var dirs []stamp
	err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return b.fail(p, err)
		}
		if p == in {
			return nil
		}
		rel, err := filepath.Rel(in, p)
		if err != nil {
			return b.fail(p, err)
		}
		name := filepath.ToSlash(rel)
		if err := b.count(name); err != nil {
			return err
		}
		if isNote("", name) {
			b.add(name, NoteName, ActionNote)
			return nil
		}
		newName := b.name(name)
		target := filepath.Join(out, filepath.FromSlash(newName))
		info, err := d.Info()
		if err != nil {
			return b.fail(name, err)
		}
		b.seen(info.ModTime())
		switch {
		case d.IsDir():
			if err := os.MkdirAll(target, info.Mode().Perm()|0o700); err != nil {
				return b.fail(name, err)
			}
			dirs = append(dirs, stamp{target, info.ModTime()})
			b.add(name+"/", newName+"/", ActionCopied)
			return nil
		case !info.Mode().IsRegular():
			b.add(name, newName, "dropped: not a regular file")
			return nil
		}
		return b.dirFile(p, name, newName, target, info)
	})
	if err != nil {
		return err
	}
	if info, err := os.Stat(in); err == nil {
		dirs = append([]stamp{{out, info.ModTime()}}, dirs...)
	}
	note := filepath.Join(out, NoteName)
	if err := os.WriteFile(note, b.noteText(), 0o644); err != nil {
		return b.fail(NoteName, err)
	}
	if err := os.Chtimes(note, b.noteTime(), b.noteTime()); err != nil {
		return b.fail(NoteName, err)
	}
	// Deepest first, after their files: writing a file sets its folder's time.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Chtimes(dirs[i].path, dirs[i].t, dirs[i].t); err != nil {
			return b.fail(dirs[i].path, err)
		}
	}
	return nil
}

// dirFile writes the redacted copy of the file at p, named name in the
// bundle, to target.
func (b *bundler) dirFile(p, name, newName, target string, info fs.FileInfo) error {
	f, err := os.Open(p)
	if err != nil {
		return b.fail(name, err)
	}
	defer f.Close()
	var out *os.File
	i := b.placeholder(name, newName)
	limit, which := b.fileLimit(0)
	action, err := b.file(b.limit(f, name, limit, which), name, 0, func() (io.Writer, error) {
		var err error
		out, err = os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		return out, err
	})
	if out != nil {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = b.fail(name, cerr)
		}
	}
	if err != nil {
		return err
	}
	b.res.Files[i].Action = action
	if out != nil {
		if err := os.Chtimes(target, info.ModTime(), info.ModTime()); err != nil {
			return b.fail(name, err)
		}
	}
	return nil
}

// placeholder adds a file whose action is not known yet, and returns its
// index in the result.
func (b *bundler) placeholder(name, newName string) int {
	b.add(name, newName, "")
	return len(b.res.Files) - 1
}

// fail positions err at the file it is about, unless it already is.
func (b *bundler) fail(name string, err error) error {
	var pe *posError
	if errors.As(err, &pe) {
		return err
	}
	if name == "" {
		name = b.in
	}
	return &posError{name: strings.TrimSuffix(name, "/"), err: err}
}

// A posError is an error about one file of the bundle.
type posError struct {
	name string
	err  error
}

func (e *posError) Error() string { return e.name + ": " + e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

// fileLimit returns the limit on one file's bytes, given its compressed
// size when known, and the limit's name.
func (b *bundler) fileLimit(csize int64) (int64, string) {
	if csize > 0 && csize <= b.lim.MaxFileSize/b.lim.MaxRatio {
		return csize * b.lim.MaxRatio, "MaxRatio"
	}
	return b.lim.MaxFileSize, "MaxFileSize"
}

// limit returns r bounded to max bytes, and the bundle's to MaxTotalSize.
func (b *bundler) limit(r io.Reader, name string, max int64, which string) io.Reader {
	return &limited{r: r, b: b, name: name, max: max, which: which}
}

// limited fails a read past its file's limit or the bundle's.
type limited struct {
	r     io.Reader
	b     *bundler
	name  string
	n     int64
	max   int64
	which string
}

func (l *limited) Read(p []byte) (int, error) {
	if err := l.b.ctx.Err(); err != nil {
		return 0, err
	}
	k, err := l.r.Read(p)
	l.n += int64(k)
	l.b.total += int64(k)
	switch {
	case l.n > l.max:
		return 0, &dart.LimitError{Limit: l.which, Value: l.max, File: l.name}
	case l.b.total > l.b.lim.MaxTotalSize:
		return 0, &dart.LimitError{Limit: "MaxTotalSize", Value: l.b.lim.MaxTotalSize, File: l.name}
	}
	return k, err
}

// spoolMemory is how much of a spooled file is held in memory; the rest
// goes to a temporary file.
const spoolMemory = 4 << 20

// A spool holds bytes written to it, in memory while they are few, in a
// temporary file past spoolMemory.
type spool struct {
	buf bytes.Buffer
	f   *os.File
	n   int64
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.buf.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "dartkit-redact-")
		if err != nil {
			return 0, err
		}
		s.f = f
		if _, err := f.Write(s.buf.Bytes()); err != nil {
			return 0, err
		}
		s.buf = bytes.Buffer{}
	}
	s.n += int64(len(p))
	if s.f != nil {
		return s.f.Write(p)
	}
	return s.buf.Write(p)
}

// readerAt returns the spooled bytes for random access.
func (s *spool) readerAt() io.ReaderAt {
	if s.f != nil {
		return s.f
	}
	return bytes.NewReader(s.buf.Bytes())
}

func (s *spool) copyTo(w io.Writer) error {
	_, err := io.Copy(w, io.NewSectionReader(s.readerAt(), 0, s.n))
	return err
}

// Close removes the temporary file, if any.
func (s *spool) Close() error {
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	s.f.Close()
	s.f = nil
	return os.Remove(name)
}
