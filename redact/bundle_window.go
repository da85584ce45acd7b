package redact

import (
	"bufio"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// inFlight is how many windows of a file the pipeline of windows holds at
// once: read and waiting, being redacted (two at most), redacted and
// waiting to be written. With one window per stage, the reader, the two
// redacting goroutines and the writer wait on each other whenever one is
// slower for a moment; a few more absorb that, in half a megabyte.
const inFlight = 8

// A chunk is one window of a file on its way through windows.
type chunk struct {
	in      []byte // the window as read
	out     []byte // what to write for it: in, red or enc
	changed bool   // whether anything in it was replaced
	raw     bool   // written as read: an odd byte ending UTF-16 text

	last bool  // no window: the file ended, or its reading failed with err
	err  error // why the reading stopped; nil at the end of the file

	seq  int           // the window's number in its file, from 0
	done chan struct{} // receives when out is ready

	red, dec, enc []byte // buffers of redact
}

// windows redacts the file in br into w a window at a time, and reports
// whether anything was replaced. cut says how much of a full or final
// window to take, and redact redacts c.in into c.out, speculatively when
// spec is true (see Redactor.redactWindow): it reports false when it
// gave up, having changed nothing.
//
// A file longer than a window is a pipeline: one goroutine reads (and
// inflates) windows, up to two redact them, and the caller writes (and
// deflates) them in order; at most inFlight windows are held.
//
// The output is that of redacting the windows one after another, in the
// order of the file, whatever the scheduling. The table is the only state
// a window's redaction reads that another's changes, and it changes only
// by growing: an entry, once made, never changes, and a value found kept
// by its being a pseudonym stays kept. A window j is first redacted
// speculatively: it uses the entries it finds and gives up at the first
// secret that has none, or whose answer another window could still change.
// Windows are handed out in order and a window is redone for real only
// once every window before it is done, so the entries are made one window
// at a time in the order of the file: the table a speculative redaction
// of j sees holds only entries made by windows before j, all of which are
// in the table when j's turn comes in the order of the file. A
// speculative redaction that did not give up found every secret of j in
// that table, so redacting j in its turn would have found the same
// entries and made none: same bytes, same table. One that gave up made
// nothing and is redone in j's turn, as one goroutine would have. The
// counts of the map are sums, the same in any order.
//
// A window that gave up is parked, and redone by the goroutine that ends
// the window before it, in the same run: no goroutine waits for
// another, and the windows redone one after another stay on one
// goroutine. The first window not done is always being redacted: it is
// parked only while a window before it is not done, and the goroutine
// that ends the last of those takes it up. The pipeline always moves on.
func (b *bundler) windows(br *bufio.Reader, w io.Writer, cut func(buf []byte, full bool) int, redact func(c *chunk, spec bool) bool) (bool, error) {
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
	process := func(c *chunk, spec bool) bool {
		if c.raw {
			c.out = c.in
			return true
		}
		return redact(c, spec)
	}
	chunks := b.chunks(inFlight)
	defer func() { b.spare = append(b.spare, chunks...) }()

	workers := min(runtime.GOMAXPROCS(0), 2)
	if _, err := br.Peek(window); err != nil || workers < 2 {
		// One window, or one processor: no pipeline.
		c := chunks[0]
		changed := false
		for {
			if read(c); c.last {
				return changed, c.err
			}
			process(c, false)
			changed = changed || c.changed
			if _, err := w.Write(c.out); err != nil {
				return changed, err
			}
		}
	}

	free := make(chan *chunk, len(chunks))
	for _, c := range chunks {
		c.done = make(chan struct{}, 1)
		free <- c
	}
	toRedact := make(chan *chunk, len(chunks))
	toWrite := make(chan *chunk, len(chunks))
	stop := make(chan struct{})
	ord := newTurns()
	var wg sync.WaitGroup
	wg.Add(1 + workers)
	go func() {
		defer wg.Done()
		defer close(toRedact)
		defer close(toWrite)
		for seq := 0; ; seq++ {
			var c *chunk
			select {
			case c = <-free:
			case <-stop:
				return
			}
			read(c)
			c.seq = seq
			select {
			case toWrite <- c:
			case <-stop:
				return
			}
			if c.last {
				return
			}
			select {
			case toRedact <- c:
			case <-stop:
				return
			}
		}
	}()
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	// finish records c as done, and redoes the windows that gave up
	// whose turn it makes come.
	finish := func(c *chunk) {
		for c != nil {
			next := ord.done(c.seq)
			c.done <- struct{}{}
			if next == nil || stopped() {
				return
			}
			process(next, false)
			c = next
		}
	}
	for range workers {
		go func() {
			defer wg.Done()
			for c := range toRedact {
				if stopped() {
					return
				}
				if speculateAlways || !ord.reached(c.seq) {
					if process(c, true) {
						windowCounts.spec.Add(1)
						finish(c)
						continue
					}
					windowCounts.redone.Add(1)
					if ord.park(c) {
						// Redone by the goroutine that ends the window
						// before it: this one goes on with the next.
						continue
					}
				}
				process(c, false)
				finish(c)
			}
		}()
	}
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
		<-c.done
		changed = changed || c.changed
		if _, err := w.Write(c.out); err != nil {
			return changed, err
		}
		free <- c
	}
	return changed, nil
}

// speculateAlways makes the pipeline redact a window speculatively even
// in its turn, when nothing stands before it: a test sees both paths
// taken whatever the scheduling.
var speculateAlways bool

// windowCounts count the windows of the pipeline redacted
// speculatively, and those whose speculative redaction gave up.
var windowCounts struct{ spec, redone atomic.Int64 }

// turns orders the windows of a file, numbered from 0: which are done,
// whose turn it is, and which wait for their turn to be redone.
type turns struct {
	mu     sync.Mutex
	next   int            // every window before next is done
	ahead  map[int]bool   // windows done after next
	parked map[int]*chunk // windows whose speculative redaction gave up
}

func newTurns() *turns {
	return &turns{ahead: map[int]bool{}, parked: map[int]*chunk{}}
}

// reached reports whether every window before seq is done.
func (t *turns) reached(seq int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.next >= seq
}

// park leaves the window c, whose speculative redaction gave up, to be
// redone in its turn by the one that ends the window before it, and
// reports true; or, when its turn has come, reports false: the caller
// redoes it.
func (t *turns) park(c *chunk) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.next >= c.seq {
		return false
	}
	t.parked[c.seq] = c
	return true
}

// done records window seq as done, and returns the window parked for
// its turn, if that turn has come, for the caller to redo.
func (t *turns) done(seq int) *chunk {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ahead[seq] = true
	for t.ahead[t.next] {
		delete(t.ahead, t.next)
		t.next++
	}
	c := t.parked[t.next]
	delete(t.parked, t.next)
	return c
}

// redactWindow is Redact for a window of a file redacted while others
// may be; when spec is true, it changes nothing in the table but the
// counts, and gives up, returning false, at a secret whose entry is not
// in the table yet, or whose handling depends on what other windows may
// still add to it (see bundler.windows). dst is returned extended either
// way; its content is of no use when redactWindow gives up.
func (r *Redactor) redactWindow(dst, src []byte, file string, spec bool) ([]byte, bool) {
	s := getScanner(r, dst, src, file, false)
	s.spec = spec
	s.run()
	out, ok := s.dst, !s.abort
	if ok {
		s.commit()
	}
	putScanner(s)
	return out, ok
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

// lookupMAC returns the entry of the MAC address hw, or nil.
func (r *Redactor) lookupMAC(hw [6]byte) *entry {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.macs[hw]
}
