package dart

import (
	"context"
	"io"
	"sync"

	"github.com/dartkit/dartkit/internal/logreuse"
)

// Reading ahead: Walk inflates and decodes a large file on a goroutine of
// its own, while the callback parses what came before, so that a bundle's
// biggest log keeps two cores busy. The two meet in a bounded pipe of
// reused buffers, which bounds the memory whatever the file's size.
//
// The reader is a logreuse.BlockReader: a log reader that the analysis
// set up to reuse its memory takes the buffers themselves, cuts its
// records from them without a copy, and gives them back once the records
// are released. Other readers read it as any io.Reader. Buffers it
// keeps are not waited for: the goroutine takes others from the pool.
//
// The pipe holds 4 MiB: with a few buffers the goroutines kept waiting on
// each other, and an analysis took longer for the same CPU time.
const (
	aheadMin     = 1 << 20   // files from this size (or of unknown size) are read ahead
	aheadBuffers = 16        // buffers in the pipe
	aheadBufSize = 256 << 10 // bytes per buffer
)

var aheadPool = sync.Pool{New: func() any { return new([aheadBufSize]byte) }}

// An aheadReader yields what a goroutine reads from src ahead of it.
type aheadReader struct {
	full   chan []byte              // filled buffers, in order; closed after the last
	free   chan *[aheadBufSize]byte // buffers read or given back, for the goroutine to fill again
	stop   chan struct{}            // closed by close to stop the goroutine
	done   chan struct{}            // closed when the goroutine has returned
	err    error                    // why the goroutine stopped; read after full is closed
	cur    []byte                   // the unread part of the buffer being read
	curb   *[aheadBufSize]byte
	closed bool
}

var _ logreuse.BlockReader = (*aheadReader)(nil)

// readAhead starts reading src on a goroutine. The caller must call close
// once it is done with the reader, whether or not it read to the end; src
// is not read after close returns. The goroutine stops early when ctx is
// done, and the reader then yields ctx.Err().
func readAhead(ctx context.Context, src io.Reader) *aheadReader {
	a := &aheadReader{
		full: make(chan []byte, aheadBuffers),
		free: make(chan *[aheadBufSize]byte, aheadBuffers),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go a.fill(ctx, src)
	return a
}

// fill reads src into free buffers and sends them, until src ends, fails,
// or the reader is closed or ctx done.
func (a *aheadReader) fill(ctx context.Context, src io.Reader) {
	defer close(a.done)
	defer close(a.full)
	for {
		var buf *[aheadBufSize]byte
		select {
		case buf = <-a.free:
		case <-a.stop:
			return
		case <-ctx.Done():
			a.err = ctx.Err()
			return
		default:
			buf = aheadPool.Get().(*[aheadBufSize]byte)
		}
		n, err := fillBuffer(src, buf[:])
		if n > 0 {
			select {
			case a.full <- buf[:n]:
			case <-a.stop:
				aheadPool.Put(buf)
				return
			case <-ctx.Done():
				aheadPool.Put(buf)
				a.err = ctx.Err()
				return
			}
		} else {
			a.recycle(buf)
		}
		if err != nil {
			a.err = err
			return
		}
	}
}

// fillBuffer reads from src until buf is full or src returns an error,
// which it returns as it is (io.ReadFull would turn an early io.EOF into
// io.ErrUnexpectedEOF, and hide the source's own).
func fillBuffer(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// recycle makes buf, which nothing reads any more, the next to be filled,
// or puts it back in the pool when enough wait.
func (a *aheadReader) recycle(buf *[aheadBufSize]byte) {
	select {
	case a.free <- buf:
	default:
		aheadPool.Put(buf)
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.curb != nil {
			a.recycle(a.curb)
			a.curb = nil
		}
		buf, ok := <-a.full
		if !ok {
			return 0, a.err
		}
		a.cur, a.curb = buf, (*[aheadBufSize]byte)(buf[:aheadBufSize])
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// ReadBlock returns the next buffer read ahead, the caller's until it gives
// it to Release; or, when what Read left of the last buffer is not read
// yet, that part, which Release does not take back.
func (a *aheadReader) ReadBlock() ([]byte, error) {
	if len(a.cur) > 0 {
		b := a.cur
		a.cur, a.curb = nil, nil
		return b, nil
	}
	if a.curb != nil {
		a.recycle(a.curb)
		a.curb = nil
	}
	buf, ok := <-a.full
	if !ok {
		return nil, a.err
	}
	return buf, nil
}

// Release takes back a buffer that ReadBlock returned whole, to be filled
// again; it drops any other slice.
func (a *aheadReader) Release(b []byte) {
	if cap(b) != aheadBufSize {
		return
	}
	buf := (*[aheadBufSize]byte)(b[:aheadBufSize])
	if a.closed {
		aheadPool.Put(buf)
		return
	}
	a.recycle(buf)
}

// close stops the goroutine, waits for it, and returns the buffers to the
// pool. Reads fail afterwards: the buffers may hold another file by then.
// Buffers that ReadBlock lent and that were not given back are left to
// the caller, whose records may still point into them.
func (a *aheadReader) close() {
	close(a.stop)
	<-a.done
	a.closed = true
	if a.curb != nil {
		aheadPool.Put(a.curb)
	}
	a.cur, a.curb, a.err = nil, nil, errReadAfterWalk
	for buf := range a.full {
		aheadPool.Put((*[aheadBufSize]byte)(buf[:aheadBufSize]))
	}
	for {
		select {
		case buf := <-a.free:
			aheadPool.Put(buf)
		default:
			return
		}
	}
}
