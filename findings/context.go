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
// evidence is cited from those: a record that takes a place in a sample
// keeps copies of the records just before and after it in its log, until
// it has enough or its log ends. A record that leaves the sample leaves
// its place, and the memory of its neighbours, to the next. What a sample
// holds is bounded, and so is the copying: the records a sample takes
// and leaves within one batch of the feed (most of them, when a signal
// matches often) have theirs copied never; the neighbours of those still
// in the sample when the batch has been observed are copied then, from
// the batch, whose memory is the reader's until then. The records after
// them in the next batches are copied as they come.
//
// At the start of a batch, the records before one are the last ones of
// the batches before, which a contextKeeper copies as each batch ends: a
// batch holds the records of one log, but Context records may span
// several small batches.

// A nearby is what a record of a sample keeps of its neighbours in its
// log.
type nearby struct {
	file   string       // the log of the record
	before []keptRecord // the records before it, oldest first
	after  []keptRecord // the records after it, in order
	want   int          // records still to come into after
	queued bool         // in its keeper's pending list
	// fresh means the record is the at-th of the batch being observed,
	// and its neighbours are copied when the batch has been.
	fresh bool
	at    int
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
	fresh   []*nearby // those of records of the batch
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

// endBatch copies the neighbours of the records of the batch that are
// still in a sample, then the last records of the batch into prev: the
// batch's memory is reused once it is observed.
func (k *contextKeeper) endBatch() {
	for _, nb := range k.fresh {
		if nb.fresh {
			nb.fresh = false
			k.fill(nb)
		}
	}
	clear(k.fresh)
	k.fresh = k.fresh[:0]
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
// just took, r's neighbours, once the batch has been observed.
func (k *contextKeeper) keep(kr *keptRecord, r *logparse.Record) {
	nb := kr.near
	if nb == nil {
		nb = &nearby{before: make([]keptRecord, 0, k.n), after: make([]keptRecord, 0, k.n)}
		kr.near = nb
	}
	nb.file, nb.at = r.Pos.File, k.at
	nb.before, nb.after, nb.want = nb.before[:0], nb.after[:0], 0
	k.refresh(nb)
}

// refresh marks nb fresh, to be filled when the batch has been observed.
func (k *contextKeeper) refresh(nb *nearby) {
	if !nb.fresh {
		nb.fresh = true
		k.fresh = append(k.fresh, nb)
	}
}

// fill copies the neighbours of nb's record, the at-th of the batch: the
// records before it, from the batch and prev, and those after it in the
// batch; it waits for the rest.
func (k *contextKeeper) fill(nb *nearby) {
	// How many records before it are of its log: in the batch, then in
	// prev, newest first.
	inBatch := 0
	for i := nb.at - 1; i >= 0 && inBatch < k.n && k.batch[i].Pos.File == nb.file; i-- {
		inBatch++
	}
	inPrev := 0
	if inBatch == nb.at {
		for inPrev < min(k.n-inBatch, len(k.prev)) && k.prevAt(inPrev).rec.Pos.File == nb.file {
			inPrev++
		}
	}
	for j := inPrev - 1; j >= 0; j-- {
		nb.before = nb.before[:len(nb.before)+1]
		nb.before[len(nb.before)-1].copyFrom(k.prevAt(j))
	}
	for i := nb.at - inBatch; i < nb.at; i++ {
		nb.before = nb.before[:len(nb.before)+1]
		nb.before[len(nb.before)-1].set(&k.batch[i])
	}
	for i := nb.at + 1; i < len(k.batch) && len(nb.after) < k.n && k.batch[i].Pos.File == nb.file; i++ {
		nb.after = nb.after[:len(nb.after)+1]
		nb.after[len(nb.after)-1].set(&k.batch[i])
	}
	want := k.n - len(nb.after)
	if len(nb.after) < k.n && nb.at+1+len(nb.after) < len(k.batch) {
		want = 0 // its log ended in the batch
	}
	k.wait(nb, want)
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
			dst.near.before, dst.near.after, dst.near.want, dst.near.fresh = dst.near.before[:0], dst.near.after[:0], 0, false
		}
		return
	}
	if dst.near == nil {
		dst.near = &nearby{before: make([]keptRecord, 0, k.n), after: make([]keptRecord, 0, k.n)}
	}
	d, s := dst.near, src.near
	d.file, d.at = s.file, s.at
	d.before = copyKept(d.before, s.before)
	d.after = copyKept(d.after, s.after)
	if s.fresh {
		d.want = 0
		k.refresh(d)
		return
	}
	d.fresh = false
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
