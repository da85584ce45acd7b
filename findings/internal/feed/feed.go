// Package feed hands the records a log reader reads to a goroutine that
// observes them, in batches, so that parsing and matching use two cores.
package feed

import "github.com/dartkit/dartkit/logparse"

// Records are handed from the goroutine that parses a log to one that
// runs the fact builder and the rules' signals over them, in batches, so
// that parsing and matching use two cores. The batches are reused, which
// bounds the memory: at most Batches batches of BatchSize records are in
// flight. Sixteen let the parser run ahead of the signals by about 8,000
// records; with a few, the two goroutines kept waiting on each other.
const (
	BatchSize = 512
	Batches   = 16
)

// BatchBytes ends a batch early when its records' text, and 256 bytes for
// each record, come to it: the records in flight then hold at most
// Batches times this (and a record's worth), whatever their size. Records
// of the client, a few hundred bytes, fill a batch of BatchSize first.
const BatchBytes = 256 << 10

// Window is the window of records in flight: a record the feed is given
// is valid until the reader it came from has returned Window more, and
// Analyze sets up its readers (internal/logreuse) to write over a record's
// memory no sooner. While the reader reads the next record into the batch
// being filled, the records not yet observed are those of that batch and
// of at most Batches-1 others, in order: Batches*BatchSize-1 records at
// most, the latest ones read. The observer is done with a record when it
// returns: what outlives the record (series, shapes, facts, evidence)
// keeps copies of its text.
const Window = Batches * BatchSize

// ReuseAfter is the window Analyze sets its readers up with; tests set it
// to 0, which reuses no memory, to compare.
var ReuseAfter = Window

// A Feed runs its observer over the records it is given, a batch at a
// time and in order, on a goroutine of its own. Between Sync and the next
// Add, the caller may use what the observer uses itself.
type Feed struct {
	observer func([]logparse.Record)
	full     chan []logparse.Record // batches to observe; nil asks for an acknowledgement
	free     chan []logparse.Record
	synced   chan struct{}
	cur      []logparse.Record
	curBytes int // of cur, as BatchBytes counts them
	made     int // batches made so far, at most Batches
	panicked any // a panic of the observer, raised again by Sync
}

// Start starts a feed that calls observe with each batch of records. The
// records of a batch are reused once observe returns: what outlives them
// must copy their text.
func Start(observe func(batch []logparse.Record)) *Feed {
	f := &Feed{
		observer: observe,
		full:     make(chan []logparse.Record, Batches),
		free:     make(chan []logparse.Record, Batches),
		synced:   make(chan struct{}),
	}
	f.cur, f.made = make([]logparse.Record, 0, BatchSize), 1
	go f.run()
	return f
}

func (f *Feed) run() {
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
func (f *Feed) observe(batch []logparse.Record) {
	if f.panicked != nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			f.panicked = p
		}
	}()
	// The observer is read once a batch, and what it uses is its own: the
	// struct shares its cache line with the fields the parsing goroutine
	// writes for each record.
	f.observer(batch)
}

// Slot returns where the next record to queue may be read to: a reader's
// record is large, and reading it there saves copying it. The slot is
// queued by Add, or used again by the next call.
func (f *Feed) Slot() *logparse.Record {
	return &f.cur[:len(f.cur)+1][len(f.cur)]
}

// Add queues the record in the slot.
func (f *Feed) Add() {
	f.cur = f.cur[:len(f.cur)+1]
	f.curBytes += 256 + textSize(&f.cur[len(f.cur)-1])
	if len(f.cur) == cap(f.cur) || f.curBytes >= BatchBytes {
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

// send hands the batch being filled to the goroutine and takes a free
// one, or makes one if none is free and fewer than Batches were made. The
// batches are made as the parser runs ahead of the observer, not all at
// the start: of a log of a few records, synced before the next, two are
// ever in use, and the others (128 KiB each) would be kept for nothing
// through the walk of a bundle of many small logs.
func (f *Feed) send() {
	f.full <- f.cur
	f.curBytes = 0
	select {
	case f.cur = <-f.free:
		return
	default:
	}
	if f.made < Batches {
		f.cur = make([]logparse.Record, 0, BatchSize)
		f.made++
		return
	}
	f.cur = <-f.free
}

// Sync returns once every record added has been observed. A panic of the
// observer is raised again here, after the goroutine is stopped.
func (f *Feed) Sync() {
	if len(f.cur) > 0 {
		f.send()
	}
	f.full <- nil
	<-f.synced
	if p := f.panicked; p != nil {
		f.panicked = nil
		f.Stop()
		panic(p)
	}
}

// Stop ends the goroutine after the records added so far. It may be
// called more than once.
func (f *Feed) Stop() {
	if f.full == nil {
		return
	}
	close(f.full)
	for range f.synced {
	}
	f.full = nil
}
