package redact

import (
	"bufio"
	"io"
	"runtime"
	"sync"
)

// inFlight is how many windows of a file the pipeline of windows holds at
// once: read and waiting, being redacted, redacted and waiting to be
// written.
const inFlight = 4

// A chunk is one window of a file on its way through windows.
type chunk struct {
	in      []byte // the window as read
	out     []byte // what to write for it: in, red or enc
	changed bool   // whether anything in it was replaced
	raw     bool   // written as read: an odd byte ending UTF-16 text

	last bool  // no window: the file ended, or its reading failed with err
	err  error // why the reading stopped; nil at the end of the file

	red, dec, enc []byte // buffers of redact
}

// windows redacts the file in br into w a window at a time, and reports
// whether anything was replaced. cut says how much of a full or final
// window to take, and redact redacts c.in into c.out.
//
// A file longer than a window is a pipeline: one goroutine reads (and
// inflates) windows, another redacts them one after another, and the
// caller writes (and deflates) them in order. Windows are redacted in the
// order of the file, as the secret met first keeps the first pseudonym
// when two collide; at most inFlight windows are held.
func (b *bundler) windows(br *bufio.Reader, w io.Writer, cut func(buf []byte, full bool) int, redact func(c *chunk)) (bool, error) {
	read := func(c *chunk) {
		c.last, c.err, c.raw, c.changed = false, nil, false, false
		buf, err := br.Peek(window)
		if len(buf) == 0 || err != nil && err != io.EOF {
			if err != io.EOF {
				c.err = err
			}
			c.last = true
			return
		}
		n := cut(buf, err == nil)
		if n == 0 {
			n, c.raw = len(buf), true
		}
		c.in = append(c.in[:0], buf[:n]...)
		br.Discard(n)
	}
	process := func(c *chunk) {
		if c.raw {
			c.out = c.in
			return
		}
		redact(c)
	}
	chunks := b.chunks(inFlight)
	defer func() { b.spare = append(b.spare, chunks...) }()

	if _, err := br.Peek(window); err != nil || runtime.GOMAXPROCS(0) < 2 {
		// One window, or one processor: no pipeline.
		c := chunks[0]
		changed := false
		for {
			if read(c); c.last {
				return changed, c.err
			}
			process(c)
			changed = changed || c.changed
			if _, err := w.Write(c.out); err != nil {
				return changed, err
			}
		}
	}

	free := make(chan *chunk, len(chunks))
	for _, c := range chunks {
		free <- c
	}
	toRedact := make(chan *chunk, len(chunks))
	toWrite := make(chan *chunk, len(chunks))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(toRedact)
		for {
			var c *chunk
			select {
			case c = <-free:
			case <-stop:
				return
			}
			read(c)
			select {
			case toRedact <- c:
			case <-stop:
				return
			}
			if c.last {
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		defer close(toWrite)
		for c := range toRedact {
			if !c.last {
				process(c)
			}
			select {
			case toWrite <- c:
			case <-stop:
				return
			}
		}
	}()
	// The reader must be done with br, and the bundler's byte count, when
	// windows returns.
	defer func() {
		close(stop)
		wg.Wait()
	}()
	changed := false
	for c := range toWrite {
		if c.last {
			return changed, c.err
		}
		changed = changed || c.changed
		if _, err := w.Write(c.out); err != nil {
			return changed, err
		}
		free <- c
	}
	return changed, nil
}

// chunks returns n chunks, from those of files done with when it can.
func (b *bundler) chunks(n int) []*chunk {
	k := max(len(b.spare)-n, 0)
	out := append([]*chunk(nil), b.spare[k:]...)
	b.spare = b.spare[:k]
	for len(out) < n {
		out = append(out, &chunk{})
	}
	return out
}
