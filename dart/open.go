package dart

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"github.com/mholt/archives"
)

// Open opens the bundle at path: a zip as DART writes it; a zip, tar,
// tar.gz/tgz, tar.bz2, tar.xz, tar.zst or 7z archive a customer re-packed
// it in, with the DART zip nested inside or the extracted tree; or a folder
// where the bundle was extracted. The format is decided by content, not by
// the file's name.
//
// Open builds the index ([Bundle.Files]) before it returns. For a zip or a
// folder that reads only the head of each file; for a tar or compressed
// stream and for 7z it reads the whole bundle once. Nested zip and 7z
// archives are read into memory, up to [Limits.MaxNestedSize].
//
// Open returns an error wrapping [ErrNotBundle] for a file that is not an
// archive (or is empty), [ErrDamaged] for an archive too damaged to list
// any file, [ErrNoFiles] for an archive or folder without files, and
// ctx.Err() if ctx is done. An archive damaged after some files (a zip
// without its central directory, a tar.gz cut short) opens with those
// files, and the damage in [Bundle.Problems]. The caller must Close the
// bundle.
func Open(ctx context.Context, path string, opts *Options) (*Bundle, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	lim := opts.limits()
	if info.IsDir() {
		root, err := os.OpenRoot(path)
		if err != nil {
			return nil, err
		}
		b := &Bundle{name: path, limits: lim, top: &dirSource{root: root}, closer: root}
		if err := b.index(ctx); err != nil {
			root.Close()
			return nil, err
		}
		return b, nil
	}
	if !info.Mode().IsRegular() {
		// A device or a named pipe could block or never end.
		return nil, newFileError(path, "not a regular file or folder", ErrNotBundle, nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	b, err := newBundle(ctx, newWindowReader(f), info.Size(), path, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	b.closer = f
	return b, nil
}

// NewReader opens a bundle held in r, size bytes long: bytes in memory, a
// blob in a store. It writes nothing to disk. name is used in messages and
// [Bundle.Name], and is a hint for telling formats apart when content does
// not settle it. See [Open] for the formats and errors. r must stay
// readable until the bundle is no longer used; Close does not close it.
func NewReader(ctx context.Context, r io.ReaderAt, size int64, name string, opts *Options) (*Bundle, error) {
	return newBundle(ctx, r, size, name, opts.limits())
}

func newBundle(ctx context.Context, r io.ReaderAt, size int64, name string, lim Limits) (*Bundle, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, newFileError(name, "empty file", ErrNotBundle, nil)
	}
	top, err := topSource(ctx, r, size, name, lim)
	if err != nil {
		return nil, err
	}
	b := &Bundle{name: name, limits: lim, top: top}
	if err := b.index(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// topSource decides the container format of the whole input.
func topSource(ctx context.Context, r io.ReaderAt, size int64, name string, lim Limits) (container, error) {
	head := make([]byte, min(size, headSize))
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, newFileError(name, "cannot read", nil, err)
	}
	head = head[:n]
	magic := archiveMagic(head)
	if magic == "" {
		// Content did not settle it: ask mholt/archives, which also knows
		// tar files without the ustar magic. The name is a hint there.
		f, _, err := archives.Identify(ctx, name, io.NewSectionReader(r, 0, size))
		if err == nil {
			switch f.(type) {
			case archives.Tar, *archives.Tar:
				magic = "tar"
			}
		}
	}
	section := func() io.Reader { return io.NewSectionReader(r, 0, size) }
	switch magic {
	case "zip":
		return newLimitedZipSource(name, r, size, lim)
	case "7z":
		return &sevenZipSource{name: name, r: r, size: size}, nil
	case "tar":
		return &tarSource{name: name, fmt: "tar", open: func() (io.Reader, func(), error) { return section(), nil, nil }}, nil
	case "gz", "bz2", "xz", "zst":
		return topCompressed(r, size, name, magic, lim)
	case "":
		return nil, newFileError(name, "not an archive or folder", ErrNotBundle, nil)
	}
	return nil, newFileError(name, magic+" archives are not supported", ErrNotBundle, nil)
}

// topCompressed handles a bundle compressed whole: tar.gz and the like are
// read as streams; a compressed zip or 7z is inflated into memory, up to
// MaxNestedSize.
func topCompressed(r io.ReaderAt, size int64, name, magic string, lim Limits) (container, error) {
	openInner := func() (io.ReadCloser, *bufio.Reader, error) {
		dr, err := openDecoder(magic, io.NewSectionReader(r, 0, size))
		if err != nil {
			return nil, nil, newFileError(name, "not a valid "+magic+" file", ErrDamaged, err)
		}
		limited := newLimitReader(dr, name, lim.MaxTotalSize, "MaxTotalSize", nil)
		return dr, bufio.NewReaderSize(limited, 32<<10), nil
	}
	dr, inner, err := openInner()
	if err != nil {
		return nil, err
	}
	defer dr.Close()
	ih, err := inner.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && len(ih) == 0 {
		return nil, newFileError(name, "not a valid "+magic+" file", ErrDamaged, err)
	}
	switch archiveMagic(ih) {
	case "tar":
		return &tarSource{
			name: name,
			fmt:  "tar." + magic,
			open: func() (io.Reader, func(), error) {
				c, br, err := openInner()
				if err != nil {
					return nil, nil, err
				}
				return br, func() { c.Close() }, nil
			},
		}, nil
	case "zip", "7z":
		kind := archiveMagic(ih)
		data, err := readNested(inner, name, lim.MaxNestedSize)
		if err != nil {
			return nil, newFileError(name, kind+" in "+magic+" not opened", ErrNotBundle, err)
		}
		ra := bytes.NewReader(data)
		if kind == "zip" {
			zs, err := newLimitedZipSource(name, ra, int64(len(data)), lim)
			if err != nil {
				return nil, err
			}
			return &renamed{zs, "zip in " + magic}, nil
		}
		return &renamed{&sevenZipSource{name: name, r: ra, size: int64(len(data))}, "7z in " + magic}, nil
	}
	return nil, newFileError(name, "a compressed file, not an archive", ErrNotBundle, nil)
}

// renamed gives a container another format name.
type renamed struct {
	container
	name string
}

func (r *renamed) format() string { return r.name }

// index builds the bundle's index.
func (b *Bundle) index(ctx context.Context) error {
	b.opened = map[string]bool{}
	p := b.newPass(passIndex)
	p.curStreaming = b.top.streaming()
	if z, ok := b.top.(*zipSource); ok {
		// The directory says how many files there are: the index is
		// made at its size, not grown to it by doubling.
		n := min(z.zr.len(), b.limits.MaxEntries)
		p.files = make([]File, 0, n)
		p.locs.ends = make([]uint32, 0, n)
		p.byName = make(map[string]bool, n)
	}
	err := p.visit(ctx, b.top, "", "", 0)
	if err != nil && !errors.Is(err, errStopIndex) {
		return err
	}
	if len(p.files) == 0 {
		b.mu.Lock()
		probs := b.problems
		b.mu.Unlock()
		if len(probs) > 0 {
			// Damage before the first file: say so rather than "no files".
			return newFileError(b.name, "no readable files", ErrNoFiles, probs[0])
		}
		return newFileError(b.name, "no files", ErrNoFiles, nil)
	}
	b.finishIndex(p)
	return nil
}
