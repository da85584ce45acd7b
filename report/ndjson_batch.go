package report

import (
	"unsafe"

	"github.com/dartkit/dartkit/logparse"
)

// The records of an analysis are encoded on a goroutine of the
// NDJSONWriter's own, not on the analysis's: encoding a record costs more
// than parsing it, and the analysis's goroutine sets the pace of the
// whole. The analysis's goroutine only copies each record, its strings
// into the text of a batch, and hands batches over; a few batches go
// round, so memory stays bounded whatever the bundle.
const (
	batchText    = 256 << 10 // bytes of text in a batch
	batchRecords = 2048      // records in a batch
	batches      = 3         // batches going round
)

// A recordBatch is records copied from an analysis, their strings pointing
// into text, which is written only before the batch is handed over.
type recordBatch struct {
	recs []logparse.Record
	text []byte
}

// startEncoder starts the goroutine that encodes the batches sent to it.
func (n *NDJSONWriter) startEncoder() {
	n.batches = make(chan *recordBatch, batches)
	n.free = make(chan *recordBatch, batches)
	n.done = make(chan struct{})
	for range batches {
		n.free <- &recordBatch{recs: make([]logparse.Record, 0, batchRecords), text: make([]byte, 0, batchText)}
	}
	n.cur = <-n.free
	go func() {
		defer close(n.done)
		for bt := range n.batches {
			for i := range bt.recs {
				n.record(&bt.recs[i])
				bt.recs[i] = logparse.Record{}
			}
			bt.recs, bt.text = bt.recs[:0], bt.text[:0]
			if cap(bt.text) == batchText {
				n.free <- bt
			} else {
				// A batch made for a huge record: a new one takes its
				// place.
				n.free <- &recordBatch{recs: bt.recs, text: make([]byte, 0, batchText)}
			}
		}
	}()
}

// stopEncoder hands over the last batch and waits for the goroutine to
// have encoded every record.
func (n *NDJSONWriter) stopEncoder() {
	if n.batches == nil {
		return
	}
	if len(n.cur.recs) > 0 {
		n.batches <- n.cur
	}
	close(n.batches)
	<-n.done
	n.batches, n.free, n.done, n.cur = nil, nil, nil, nil
}

// tap copies r into the current batch, handing the batch over when it is
// full. It is called on the analysis's goroutine.
func (n *NDJSONWriter) tap(r *logparse.Record) {
	h := &r.Header
	size := len(r.Source) + len(r.Host) + len(r.Sender) + len(r.Subsystem) + len(r.Message) +
		len(h.Function) + len(h.File) + len(h.InvokedFunction) + len(h.Description) + len(r.Pos.File)
	bt := n.cur
	if len(bt.recs) == cap(bt.recs) || len(bt.text)+size > cap(bt.text) {
		if len(bt.recs) > 0 {
			n.batches <- bt
			bt = <-n.free
		}
		if size > cap(bt.text) {
			bt.text = make([]byte, 0, size)
		}
		n.cur = bt
	}
	var prev *logparse.Record
	if len(bt.recs) > 0 {
		prev = &bt.recs[len(bt.recs)-1]
	}
	bt.recs = append(bt.recs, *r)
	c := &bt.recs[len(bt.recs)-1]
	ch := &c.Header
	// A log's records share their file, and often their source and
	// host: those are copied once.
	if prev != nil && prev.Pos.File == r.Pos.File {
		c.Pos.File = prev.Pos.File
	} else {
		c.Pos.File = bt.keep(r.Pos.File)
	}
	if prev != nil && prev.Source == r.Source {
		c.Source = prev.Source
	} else {
		c.Source = bt.keep(r.Source)
	}
	if prev != nil && prev.Host == r.Host {
		c.Host = prev.Host
	} else {
		c.Host = bt.keep(r.Host)
	}
	c.Sender = bt.keep(r.Sender)
	c.Subsystem = bt.keep(r.Subsystem)
	c.Message = bt.keep(r.Message)
	ch.Function = bt.keep(h.Function)
	ch.File = bt.keep(h.File)
	ch.InvokedFunction = bt.keep(h.InvokedFunction)
	ch.Description = bt.keep(h.Description)
}

// keep copies s into the batch's text, which has room for it, and returns
// the copy. The text is never reallocated, and is written again only
// once the goroutine encoding the batch is done with it.
func (bt *recordBatch) keep(s string) string {
	if s == "" {
		return ""
	}
	off := len(bt.text)
	bt.text = append(bt.text, s...)
	return unsafe.String(&bt.text[off], len(s))
}
