package dart

import (
	"bufio"
	"errors"
	"io"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// Inflating zip entries. A klauspost/compress inflater holds a 32 KiB
// window and its Huffman tables, and the buffer of compressed input as
// much again: making one for each entry costs more than inflating a small
// file. Inflaters are kept in a pool and reset for the next entry instead,
// as archive/zip does with its own.

// flateInputSize is the buffer of compressed bytes read ahead of the
// inflater.
const flateInputSize = 32 << 10

// An inflater is a reusable flate reader and its input buffer.
type inflater struct {
	fr io.ReadCloser // a klauspost/compress flate reader, a flate.Resetter
	in *bufio.Reader // the compressed input; fr reads it byte by byte
}

var inflaters sync.Pool

// errInflaterClosed is returned by a read after Close.
var errInflaterClosed = errors.New("flate: read after close")

// newFlateReader returns a reader of the deflate data in r, with an
// inflater from the pool. Close returns the inflater to the pool: the
// reader must not be read afterwards, and reads return an error. It is the
// decompressor registered for zip entries, and the one used to recover
// truncated zips.
func newFlateReader(r io.Reader) io.ReadCloser {
	f, _ := inflaters.Get().(*inflater)
	if f == nil {
		in := bufio.NewReaderSize(r, flateInputSize)
		f = &inflater{fr: kflate.NewReader(in), in: in}
	} else {
		f.in.Reset(r)
		f.fr.(kflate.Resetter).Reset(f.in, nil)
	}
	return &flateReader{f: f}
}

// A flateReader reads through an inflater until it is closed.
type flateReader struct {
	f *inflater
}

func (r *flateReader) Read(p []byte) (int, error) {
	if r.f == nil {
		return 0, errInflaterClosed
	}
	return r.f.fr.Read(p)
}

func (r *flateReader) Close() error {
	if r.f == nil {
		return nil
	}
	err := r.f.fr.Close()
	r.f.in.Reset(nil) // let go of the entry's input
	inflaters.Put(r.f)
	r.f = nil
	return err
}
