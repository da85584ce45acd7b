package dart

import (
	"io"
	"sync"
)

// windowSize is how much a windowReader reads at a time.
const windowSize = 64 << 10

// A windowReader is an io.ReaderAt over a file that reads ahead: a read
// shorter than half a window reads a whole window from its offset, and the
// reads that fall inside it after are served from memory. A zip's entries
// are read one after the other, each a local header and then its data, in
// reads of a few dozen bytes to a few KiB; read straight from the file, a
// zip of 100,000 small entries cost as many system calls per entry and
// pass, and a fifth of the CPU of its analysis.
//
// It is safe for concurrent use, as an io.ReaderAt must be.
type windowReader struct {
	r io.ReaderAt

	mu  sync.Mutex
	buf []byte // the window: the file's bytes from off
	off int64
	eof bool // the file ends at the end of buf
}

func newWindowReader(r io.ReaderAt) *windowReader {
	return &windowReader{r: r}
}

func (w *windowReader) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 || len(p) >= windowSize/2 || off < 0 {
		return w.r.ReadAt(p, off)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	end := off + int64(len(p))
	in := off >= w.off && off <= w.off+int64(len(w.buf))
	if !in || end > w.off+int64(len(w.buf)) && !w.eof {
		if w.buf == nil {
			w.buf = make([]byte, windowSize)
		}
		n, err := w.r.ReadAt(w.buf[:windowSize], off)
		w.buf, w.off, w.eof = w.buf[:n], off, err == io.EOF
		if err != nil && err != io.EOF {
			// Nothing is kept of a read that failed: the next one
			// tries the file again.
			k := copy(p, w.buf)
			w.buf = w.buf[:0]
			if k == len(p) {
				return k, nil
			}
			return k, err
		}
	}
	k := copy(p, w.buf[off-w.off:])
	if k < len(p) {
		return k, io.EOF // only past the end of the file
	}
	return k, nil
}
