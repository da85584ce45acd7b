package findings

import (
	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
)

// Records are handed from the goroutine that parses a log to one that
// runs the fact builder and the rules' signals over them, in batches, so
// that parsing and matching use two cores. The batches are reused, which
// bounds the memory: at most feedBatches batches of feedBatchSize records
// are in flight. Sixteen let the parser run ahead of the signals by about
// 8,000 records; with four, an analysis of the big benchmark bundle took
// 14–19% longer for the same CPU time (with dart's read-ahead as deep).
const (
	feedBatchSize = 512
	feedBatches   = 16
)

// feedBatchBytes ends a batch early when its records' text, and 256 bytes
// for each record, come to it: the records in flight then hold at most
// feedBatches times this (and a record's worth), whatever their size.
// Records of the client, a few hundred bytes, fill a batch of
// feedBatchSize first: those of the big benchmark bundle (210 bytes of
// text on average) come to 91% of it.
const feedBatchBytes = 256 << 10

// feedWindow is the logparse.Options.ReuseAfter that lets a reader reuse
// the memory of the records the feed is done with. While the reader reads
// the next record into the batch being filled, the records not yet
// observed are those of that batch and of at most feedBatches-1 others,
// in order: feedBatches*feedBatchSize-1 records at most, the latest ones
// read. What outlives a record (series, shapes, facts) keeps copies of its
// text.
const feedWindow = feedBatches * feedBatchSize

// reuseAfter is the ReuseAfter that Analyze gives readers; tests compare
// with 0.
var reuseAfter = feedWindow

// A feed runs fb.AddRecord and e.observe over the records it is given, in
// order, on a goroutine of its own. Between sync and the next add, the
// caller may use fb and e itself.
type feed struct {
	fb       *dart.FactBuilder
	e        *engine
	full     chan []logparse.Record // batches to observe; nil asks for an acknowledgement
	free     chan []logparse.Record
	synced   chan struct{}
	cur      []logparse.Record
	curBytes int // of cur, as feedBatchBytes counts them
	panicked any // a panic of a signal's Match, raised again by sync
}

func startFeed(fb *dart.FactBuilder, e *engine) *feed {
	f := &feed{
		fb:     fb,
		e:      e,
		full:   make(chan []logparse.Record, feedBatches),
		free:   make(chan []logparse.Record, feedBatches),
		synced: make(chan struct{}),
	}
	for range feedBatches - 1 {
		f.free <- make([]logparse.Record, 0, feedBatchSize)
	}
	f.cur = make([]logparse.Record, 0, feedBatchSize)
	go f.run()
	return f
}

func (f *feed) run() {
	for batch := range f.full {
		if batch == nil {
			f.synced <- struct{}{}
			continue
		}
		f.observe(batch)
		f.free <- batch[:0]
	}
	close(f.synced)
}

// observe handles one batch. A panic is kept for the caller's goroutine,
// and the records after it are dropped.
func (f *feed) observe(batch []logparse.Record) {
	if f.panicked != nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			f.panicked = p
		}
	}()
	// fb and e are read once: the struct shares its cache line with the
	// fields the parsing goroutine writes for each record.
	fb, e := f.fb, f.e
	for i := range batch {
		fb.AddRecord(&batch[i])
		e.observe(&batch[i])
	}
}

// slot returns where the next record to queue may be read to: a reader's
// record is large, and reading it there saves copying it. The slot is
// queued by add, or used again by the next call.
func (f *feed) slot() *logparse.Record {
	return &f.cur[:len(f.cur)+1][len(f.cur)]
}

// add queues the record in the slot.
func (f *feed) add() {
	f.cur = f.cur[:len(f.cur)+1]
	f.curBytes += 256 + textSize(&f.cur[len(f.cur)-1])
	if len(f.cur) == cap(f.cur) || f.curBytes >= feedBatchBytes {
		f.send()
	}
}

// textSize returns the bytes of r's strings, any of which may be as long
// as a line may be.
func textSize(r *logparse.Record) int {
	h := &r.Header
	return len(r.Source) + len(r.Host) + len(r.Sender) + len(r.Subsystem) + len(r.Message) +
		len(h.Function) + len(h.File) + len(h.InvokedFunction) + len(h.Description)
}

// send hands the batch being filled to the goroutine and takes a free one.
func (f *feed) send() {
	f.full <- f.cur
	f.cur, f.curBytes = <-f.free, 0
}

// sync returns once every record added has been observed.
func (f *feed) sync() {
	if len(f.cur) > 0 {
		f.send()
	}
	f.full <- nil
	<-f.synced
	if p := f.panicked; p != nil {
		f.panicked = nil
		f.stop()
		panic(p)
	}
}

// stop ends the goroutine after the records added so far.
func (f *feed) stop() {
	if f.full == nil {
		return
	}
	close(f.full)
	for range f.synced {
	}
	f.full = nil
}
