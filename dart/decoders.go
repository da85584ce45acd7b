package dart

import (
	"bufio"
	"errors"
	"io"
	"sync"

	"github.com/dsnet/compress/bzip2"
	kflate "github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/mikelolasagasti/xz"
)

// Decoders. Making a decoder can cost more than decompressing a small
// file: a klauspost inflater holds a 32 KiB window and its Huffman tables,
// and so does a gzip reader; an xz reader allocates the dictionary its
// stream asks for (8 MiB for xz -6, up to 64 MiB). A bundle may hold
// 100,000 small compressed files, zip entries or rotated logs, so decoders
// are kept in a pool per format and reset for the next file, as
// archive/zip does with its inflaters. They are the decoders
// mholt/archives uses, made with the same settings.
//
// bzip2 decoders are not reused: dsnet/compress's Reset keeps the bytes
// of the last block not yet read, and yields them first from the next
// stream.

// A decoder decompresses one stream, and then another after Reset.
type decoder interface {
	io.Reader
	Reset(r io.Reader) error
}

// decoderInputSize is the buffer of compressed bytes read ahead of a
// decoder.
const decoderInputSize = 32 << 10

// A pooledDecoder is a decoder and the buffer it reads its input through,
// which lets go of the input when the decoder goes back to the pool.
type pooledDecoder struct {
	d  decoder
	in *bufio.Reader
}

// decoderPools holds the idle decoders of the formats whose decoders are
// reused: "deflate" (zip entries), "gz", "xz" and "zst".
var decoderPools = map[string]*sync.Pool{
	"deflate": {}, "gz": {}, "xz": {}, "zst": {},
}

// newDecoder makes a decoder of format reading r.
func newDecoder(format string, r io.Reader) (decoder, error) {
	switch format {
	case "deflate":
		return flateDecoder{kflate.NewReader(r)}, nil
	case "gz":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		return zr, nil
	case "bz2":
		zr, err := bzip2.NewReader(r, nil)
		if err != nil {
			return nil, err
		}
		return zr, nil
	case "xz":
		zr, err := xz.NewReader(r, 0) // dictionaries of up to 64 MiB
		if err != nil {
			return nil, err
		}
		return zr, nil
	case "zst":
		// Bound the window a hostile header may ask for, and decode on one
		// goroutine: a pass reads on one goroutine anyway. Such a decoder
		// starts no goroutine, and needs no Close.
		zr, err := zstd.NewReader(r,
			zstd.WithDecoderMaxWindow(64<<20),
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, err
		}
		return zr, nil
	}
	return nil, errors.New("no decoder for " + format)
}

// flateDecoder is a klauspost/compress flate reader.
type flateDecoder struct{ io.ReadCloser }

func (f flateDecoder) Reset(r io.Reader) error { return f.ReadCloser.(kflate.Resetter).Reset(r, nil) }

// openDecoder returns a reader of the stream compressed as format ("gz",
// "deflate", ...) in r, with a decoder from the pool. Close returns the
// decoder to the pool: the reader must not be read afterwards, and reads
// return an error.
func openDecoder(format string, r io.Reader) (io.ReadCloser, error) {
	pool := decoderPools[format] // nil if not reused
	var pd *pooledDecoder
	if pool != nil {
		pd, _ = pool.Get().(*pooledDecoder)
	}
	if pd == nil {
		in := bufio.NewReaderSize(r, decoderInputSize)
		d, err := newDecoder(format, in)
		if err != nil {
			return nil, err
		}
		return &decoderReader{pd: &pooledDecoder{d: d, in: in}, pool: pool}, nil
	}
	pd.in.Reset(r)
	rc := &decoderReader{pd: pd, pool: pool}
	if err := pd.d.Reset(pd.in); err != nil {
		rc.Close() // Reset starts afresh, whatever the last stream was
		return nil, err
	}
	return rc, nil
}

// newFlateReader returns a reader of the deflate data in r. It is the
// decompressor registered for zip entries, and the one used to recover
// truncated zips.
func newFlateReader(r io.Reader) io.ReadCloser {
	rc, _ := openDecoder("deflate", r) // opening reads nothing: no error
	return rc
}

// errDecoderClosed is returned by a read after Close.
var errDecoderClosed = errors.New("dart: read of a closed decoder")

// A decoderReader reads through a decoder of the pool until it is closed.
type decoderReader struct {
	pd   *pooledDecoder
	pool *sync.Pool
}

func (r *decoderReader) Read(p []byte) (int, error) {
	if r.pd == nil {
		return 0, errDecoderClosed
	}
	return r.pd.d.Read(p)
}

// Close returns the decoder to the pool, if its format has one. It
// reports no error: damage was reported by Read, and the decoders hold no
// other resources.
func (r *decoderReader) Close() error {
	if r.pd != nil && r.pool != nil {
		r.pd.in.Reset(nil) // let go of the input
		r.pool.Put(r.pd)
	}
	r.pd = nil
	return nil
}
