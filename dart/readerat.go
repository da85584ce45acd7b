package dart

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/dartkit/dartkit/logparse/evtx"
)

// fileEncoding returns the text encoding of a file from its head, or ""
// for a binary file. An event log file (.evtx) is binary whatever its
// header's bytes look like to DetectEncoding.
func fileEncoding(head []byte) string {
	if evtx.IsEVTX(head) {
		return ""
	}
	return DetectEncoding(head)
}

// A ReaderAtCloser reads a file at any offset, and must be closed.
type ReaderAtCloser interface {
	io.ReaderAt
	io.Closer
}

// ReaderAt returns f's content for random access, with its size, for a
// reader of a binary format such as an EVTX file, which reads chunks at
// offsets its header gives. r is the reader [Bundle.Walk] gave for f; the
// caller must close the result, before Walk's callback returns.
//
// A file of a folder bundle (not inside an archive in it) of at most
// MaxFileSize bytes is opened again from the folder and read in place; r
// is not read, and its bytes do not count towards MaxTotalSize. Any other file is read
// from r: held in memory when it has at most Limits.MaxEVTXMemory bytes,
// copied to a temporary file otherwise, which Close removes; the copy is
// removed too when ReaderAt fails or ctx is done. Memory stays bounded by
// MaxEVTXMemory either way. A read of r that fails ends the copy: the
// error is returned, and what was copied before is given with it (a
// damaged entry may still hold whole chunks), unless nothing was.
func (b *Bundle) ReaderAt(ctx context.Context, f File, r io.Reader) (ReaderAtCloser, int64, error) {
	if ra, size, ok := b.openInPlace(f); ok {
		return ra, size, nil
	}
	return spool(ctx, r, b.limits.MaxEVTXMemory)
}

// openInPlace opens a file of a folder bundle from the folder.
func (b *Bundle) openInPlace(f File) (ReaderAtCloser, int64, bool) {
	d, ok := b.top.(*dirSource)
	if !ok {
		return nil, 0, false
	}
	i, ok := b.lookup(f.Name)
	if !ok || strings.Contains(b.loc(i), "/") || b.opened[b.loc(i)] {
		return nil, 0, false // inside a nested archive
	}
	fh, err := d.root.Open(f.Name)
	if err != nil {
		return nil, 0, false
	}
	st, err := fh.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > b.limits.MaxFileSize {
		// Over MaxFileSize, the stream's limit reports it.
		fh.Close()
		return nil, 0, false
	}
	return fh, st.Size(), true
}

// memReaderAt is a file held in memory.
type memReaderAt struct{ *bytes.Reader }

func (memReaderAt) Close() error { return nil }

// tempReaderAt is a temporary file, removed on Close.
type tempReaderAt struct{ *os.File }

func (t tempReaderAt) Close() error {
	err := t.File.Close()
	if rerr := os.Remove(t.Name()); err == nil {
		err = rerr
	}
	return err
}

// spool reads r whole into memory, up to max bytes, and into a temporary
// file past that.
func spool(ctx context.Context, r io.Reader, max int64) (ReaderAtCloser, int64, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(ctxReader{ctx, r}, max+1))
	if n <= max {
		if n == 0 && err != nil {
			return nil, 0, err
		}
		return memReaderAt{bytes.NewReader(buf.Bytes())}, n, err
	}
	tmp, terr := os.CreateTemp("", "dartkit-*.evtx")
	if terr != nil {
		return nil, 0, fmt.Errorf("dart: spool to disk: %w", terr)
	}
	t := tempReaderAt{tmp}
	m, err := io.Copy(tmp, io.MultiReader(&buf, ctxReader{ctx, r}))
	if cerr := ctx.Err(); cerr != nil {
		t.Close()
		return nil, 0, cerr
	}
	var pe *os.PathError
	if errors.As(err, &pe) && pe.Path == tmp.Name() {
		t.Close() // the disk failed, not the bundle
		return nil, 0, fmt.Errorf("dart: spool to disk: %w", err)
	}
	return t, m, err
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Open calls fn with the named file of the index and a reader of its
// content, decoded and bounded as in [Bundle.Walk], reading no other file:
// for a file in a tar or 7z stream it reads the stream up to that file. fn
// must not keep r after it returns. Open returns fn's error; a missing name
// gives an [*fs.PathError] wrapping [fs.ErrNotExist].
func (b *Bundle) Open(ctx context.Context, name string, fn func(f File, r io.Reader) error) error {
	i, ok := b.lookup(name)
	if !ok {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if b.isClosed() {
		return &fs.PathError{Op: "open", Path: name, Err: ErrClosed}
	}
	found := false
	var fnErr error
	p := b.newPass(passRead)
	p.target, p.targetIdx = b.loc(i), i
	p.leaf = func(f File, r io.Reader) error {
		found = true
		fnErr = fn(f, r)
		return errFound
	}
	err := p.visit(ctx, b.top, "", "", 0)
	var ce callerError
	if errors.As(err, &ce) {
		err = ce.err
	}
	switch {
	case err == errFound:
		return fnErr
	case err != nil:
		return err
	case !found:
		return newFileError(name, "no longer found in the bundle", ErrDamaged, nil)
	}
	return nil
}

// ForwardReaderAt is [Bundle.ReaderAt] for a reader that reads forward:
// each ReadAt at or past the end of the one before, as an EVTX reader
// reads its header and then its chunks in file order. A file of a folder
// bundle is read in place. A file of an archive whose size is known is
// read from r as the reads ask, with no copy at all; a ReadAt that goes
// back returns an error wrapping [ErrNotForward]. One whose size is not
// known is copied as by ReaderAt.
func (b *Bundle) ForwardReaderAt(ctx context.Context, f File, r io.Reader) (ReaderAtCloser, int64, error) {
	if ra, size, ok := b.openInPlace(f); ok {
		return ra, size, nil
	}
	if f.Size < 0 {
		return spool(ctx, r, b.limits.MaxEVTXMemory)
	}
	return &forwardReaderAt{r: ctxReader{ctx, r}}, f.Size, nil
}

// ErrNotForward is the error of a ReadAt of a [Bundle.ForwardReaderAt]
// that goes back.
var ErrNotForward = errors.New("dart: read behind the last one")

// forwardReaderAt serves reads at increasing offsets from a stream.
type forwardReaderAt struct {
	r   io.Reader
	pos int64
	err error // of r, returned from then on
}

func (f *forwardReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < f.pos {
		return 0, fmt.Errorf("read at %d after %d: %w", off, f.pos, ErrNotForward)
	}
	if f.err != nil {
		return 0, f.err
	}
	if off > f.pos {
		n, err := io.CopyN(io.Discard, f.r, off-f.pos)
		f.pos += n
		if err != nil {
			f.err = err
			return 0, err
		}
	}
	n, err := io.ReadFull(f.r, p)
	f.pos += int64(n)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF // the io.ReaderAt contract: fewer bytes at the end
	}
	if err != nil {
		f.err = err
	}
	return n, err
}

func (f *forwardReaderAt) Close() error { return nil }
