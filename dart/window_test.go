package dart

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// A windowReader reads what the file holds at every offset and length, at
// and past its end, as the file itself does.
func TestWindowReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 100, windowSize - 1, windowSize, windowSize + 1, 3*windowSize + 17} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		file := bytes.NewReader(data)
		w := newWindowReader(file)
		off := int64(0)
		for range 2000 {
			switch rng.IntN(4) {
			case 0:
				off = rng.Int64N(int64(size) + 10)
			case 1:
				off = max(off-int64(rng.IntN(200)), 0)
			}
			n := rng.IntN(300)
			if rng.IntN(50) == 0 {
				n = windowSize/2 + rng.IntN(windowSize)
			}
			want := make([]byte, n)
			wn, werr := file.ReadAt(want, off)
			got := make([]byte, n)
			gn, gerr := w.ReadAt(got, off)
			if gn != wn || !errors.Is(gerr, werr) && (werr == nil || gerr == nil) || !bytes.Equal(got[:gn], want[:wn]) {
				t.Fatalf("size %d, ReadAt(%d bytes, %d) = %d, %v; want %d, %v", size, n, off, gn, gerr, wn, werr)
			}
			off += int64(gn)
		}
	}
}

// failAt is a file whose bytes from fail on cannot be read.
type failAt struct {
	data []byte
	fail int64
}

var errDisk = errors.New("disk error")

func (f failAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := bytes.NewReader(f.data[:min(int64(len(f.data)), f.fail)]).ReadAt(p, off)
	if err == io.EOF && off+int64(len(p)) > f.fail && f.fail < int64(len(f.data)) {
		err = errDisk
	}
	return n, err
}

// A failed read is not kept: the bytes before the failure are served, the
// read that needs more gets the error, every time.
func TestWindowReaderError(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), windowSize/5)
	w := newWindowReader(failAt{data, 1000})
	p := make([]byte, 100)
	if n, err := w.ReadAt(p, 850); n != 100 || err != nil || !bytes.Equal(p, data[850:950]) {
		t.Fatalf("before the failure: %d, %v", n, err)
	}
	for range 2 {
		if n, err := w.ReadAt(p, 950); n != 50 || !errors.Is(err, errDisk) {
			t.Fatalf("across the failure: %d, %v; want 50, %v", n, err, errDisk)
		}
	}
}
