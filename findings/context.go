package findings

import (
	"github.com/dartkit/dartkit/findings/internal/feed"
	"github.com/dartkit/dartkit/logparse"
)

// MaxContext is the most records kept before and after a piece of
// evidence, whatever Options.Context asks: each record of every sample
// keeps its neighbours, so the memory they take grows with it.
const MaxContext = 10

// The context of evidence is kept with the samples of the series, since
// evidence is cited from those: when a record takes a place in a sample,
// the records just before it in its log are copied beside it, and the
// records read next are copied there as they come, until it has enough
// or its log ends. A record that leaves the sample leaves its place, and
// the memory of its neighbours, to the next. What a sample holds is
// bounded, and so is the copying: a record's neighbours are copied once
// for each series whose sample it enters, and for no other record.
//
// The records before one being observed are those before it in its
// batch, which the feed has not reused yet, and, at the start of a batch,
// the last ones of the batches before, which a contextKeeper copies as
// each batch ends: a batch holds the records of one log, but Context
// records may span several small batches.

// A nearby is what a record of a sample keeps of its neighbours in its
// log.
type nearby struct {
	file   string       // the log of the record
	before []keptRecord // the records before it, oldest first
	after  []keptRecord // the records after it, in order
	want   int          // records still to come into after
	queued bool         // in its keeper's pending list
}

// A contextKeeper gives the records of the series' samples their
// neighbours, on the goroutine that observes the records.
type contextKeeper struct {
	n     int
	batch []logparse.Record // the batch being observed
	at    int               // the index in batch of the record being observed
	// prev holds copies of the last n records of the batches observed
	// before batch, a ring whose oldest record is prev[next] once full.
	prev    []keptRecord
	next    int
	pending []*nearby // those still waiting for records after theirs
}

func newContextKeeper(n int) *contextKeeper {
	return &contextKeeper{n: n, prev: make([]keptRecord, 0, n)}
}

// observe runs observe over the records of batch, keeping context as it
// goes.
func (k *contextKeeper) observe(batch []logparse.Record, observe func(r *logparse.Record)) {
	k.batch = batch
	for i := range batch {
		k.at = i
		k.follow(&batch[i])
		observe(&batch[i])
	}
	k.endBatch()
}

// follow gives r to the records waiting for those after them, and drops
// those that have all they want or whose log has ended.
func (k *contextKeeper) follow(r *logparse.Record) {
	if len(k.pending) == 0 {
		return
	}
	out := k.pending[:0]
	for _, nb := range k.pending {
		if nb.want > 0 && nb.file == r.Pos.File {
			nb.after = nb.after[:len(nb.after)+1]
			nb.after[len(nb.after)-1].set(r)
			nb.want--
		} else {
			nb.want = 0 // the log ended
		}
		if nb.want > 0 {
			out = append(out, nb)
		} else {
			nb.queued = false
		}
	}
	clear(k.pending[len(out):])
	k.pending = out
}

// endBatch copies the last records of the batch into prev, the batch's
// memory being reused once it is observed.
func (k *contextKeeper) endBatch() {
	b := k.batch
	for i := max(0, len(b)-k.n); i < len(b); i++ {
		if len(k.prev) < k.n {
			k.prev = k.prev[:len(k.prev)+1]
			k.prev[len(k.prev)-1].set(&b[i])
			continue
		}
		k.prev[k.next].set(&b[i])
		k.next = (k.next + 1) % k.n
	}
	k.batch, k.at = nil, 0
}

// keep gives kr, the copy of r, the record being observed, that a sample
// just took, r's neighbours before it, and queues it for those after.
func (k *contextKeeper) keep(kr *keptRecord, r *logparse.Record) {
	nb := kr.near
	if nb == nil {
		nb = &nearby{before: make([]keptRecord, 0, k.n), after: make([]keptRecord, 0, k.n)}
		kr.near = nb
	}
	nb.file = r.Pos.File
	nb.before = nb.before[:0]
	// How many records before r are of its log: in the batch, then in
	// prev, newest first.
	inBatch := 0
	for i := k.at - 1; i >= 0 && inBatch < k.n && k.batch[i].Pos.File == r.Pos.File; i-- {
		inBatch++
	}
	inPrev := 0
	if inBatch == k.at {
		for inPrev < min(k.n-inBatch, len(k.prev)) && k.prevAt(inPrev).rec.Pos.File == r.Pos.File {
			inPrev++
		}
	}
	for j := inPrev - 1; j >= 0; j-- {
		nb.before = nb.before[:len(nb.before)+1]
		nb.before[len(nb.before)-1].copyFrom(k.prevAt(j))
	}
	for i := k.at - inBatch; i < k.at; i++ {
		nb.before = nb.before[:len(nb.before)+1]
		nb.before[len(nb.before)-1].set(&k.batch[i])
	}
	nb.after = nb.after[:0]
	k.wait(nb, k.n)
}

// prevAt returns the j-th newest record of prev.
func (k *contextKeeper) prevAt(j int) *keptRecord {
	if len(k.prev) < k.n {
		return &k.prev[len(k.prev)-1-j]
	}
	return &k.prev[(k.next-1-j+2*k.n)%k.n]
}

// wait makes nb wait for want records after its own.
func (k *contextKeeper) wait(nb *nearby, want int) {
	nb.want = want
	if want > 0 && !nb.queued {
		nb.queued = true
		k.pending = append(k.pending, nb)
	}
}

// copyNear makes the neighbours of dst a copy of those of src, and has
// dst wait for the records src still waits for.
func (k *contextKeeper) copyNear(dst, src *keptRecord) {
	if src.near == nil {
		if dst.near != nil {
			dst.near.before, dst.near.after, dst.near.want = dst.near.before[:0], dst.near.after[:0], 0
		}
		return
	}
	if dst.near == nil {
		dst.near = &nearby{before: make([]keptRecord, 0, k.n), after: make([]keptRecord, 0, k.n)}
	}
	d, s := dst.near, src.near
	d.file = s.file
	d.before = copyKept(d.before, s.before)
	d.after = copyKept(d.after, s.after)
	k.wait(d, s.want)
}

// copyKept makes dst, reusing its memory, a copy of src.
func copyKept(dst, src []keptRecord) []keptRecord {
	dst = dst[:len(src)]
	for i := range src {
		dst[i].copyFrom(&src[i])
	}
	return dst
}

// contextLines returns the records as context lines.
func contextLines(rs []keptRecord) []ContextLine {
	if len(rs) == 0 {
		return nil
	}
	out := make([]ContextLine, len(rs))
	for i := range rs {
		r := rs[i].get()
		out[i] = ContextLine{Line: r.Pos.Line, Time: r.Time, Text: r.Text()}
	}
	return out
}

// startContextFeed is startFeed when the records of the samples keep
// their neighbours.
func startContextFeed(observe func(r *logparse.Record), k *contextKeeper) *feed.Feed {
	return feed.Start(func(batch []logparse.Record) { k.observe(batch, observe) })
}

// addContext gives each piece of evidence of a log record in fs its
// neighbours, from the samples of the engine's series.
func (e *engine) addContext(fs []Finding) {
	if e.near == nil {
		return
	}
	kept := map[logparse.Position]*nearby{}
	add := func(kr *keptRecord) {
		if kr.near != nil {
			kept[kr.rec.Pos] = kr.near
		}
	}
	seen := map[*Series]bool{}
	for _, m := range e.series {
		for _, s := range m {
			if seen[s] {
				continue
			}
			seen[s] = true
			for i := range s.kept {
				add(&s.kept[i])
			}
			if s.hasLast && s.latest < 0 {
				add(&s.own)
			}
		}
	}
	for i := range fs {
		for j := range fs[i].Evidence {
			ev := &fs[i].Evidence[j]
			if ev.Frame > 0 || ev.Line <= 0 {
				continue
			}
			if nb, ok := kept[logparse.Position{File: ev.File, Line: ev.Line}]; ok {
				ev.Before, ev.After = contextLines(nb.before), contextLines(nb.after)
			}
		}
	}
}
