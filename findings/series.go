package findings

import (
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/dartkit/dartkit/findings/internal/timelist"
	"github.com/dartkit/dartkit/logparse"
)

// Bounds on what a Series keeps, so memory depends on the rules and not on
// the size of the bundle.
const (
	// SampleSize is how many records a Series keeps from the start and from
	// the end of its input, as evidence.
	SampleSize = 16
	// MaxTimes is how many record times a Series keeps for cadence and
	// ordering; later times are counted but not kept.
	MaxTimes = 100_000
	// MaxKeptText is how many bytes of a record's message a Series keeps
	// in its sample, and a coverage shape in its example: a record of a
	// megabyte must neither hold its memory for the whole analysis nor
	// fill the report. The client's messages are a few hundred bytes.
	MaxKeptText = 4 << 10
)

// cutText returns s cut to at most n bytes, at the start of a character,
// and followed by "…", or s if it is not longer.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// A Series collects the records that matched one [Signal] during an
// analysis: how many there were, when they happened, and a sample of them to
// cite as evidence. Records may arrive in any order; everything a Series
// reports is ordered by time.
//
// In a bundle from the field one signal may match a record in ten, every
// 15 s for days, so what a Series does for each record is kept small: it
// counts it, notes its time, and copies its text into the memory of the
// sample's slot it takes, which the record the slot holds next reuses.
type Series struct {
	Name string

	count int // records, counting rsyslog repetitions
	times timelist.List
	// kept is the sample: the first SampleSize records added, then a
	// ring of the last SampleSize, the oldest at kept[SampleSize+next].
	kept []keptRecord
	next int
	// latest is the index in kept of the record with the latest time, or
	// -1 when that record is in own: a slot about to be reused for
	// another record gives its latest record to own first.
	latest     int
	own        keptRecord
	latestTime time.Time
	hasLast    bool
	// near, when the analysis keeps evidence's context, gives the
	// records of the sample their neighbours.
	near *contextKeeper
}

// NewSeries returns an empty Series named name.
func NewSeries(name string) *Series { return &Series{Name: name, latest: -1} }

// Add records r in the series. r itself is not kept: a reader's records
// share the blocks of text they were cut from, so the series keeps a copy
// of each record of its sample, which holds only r's own text, its
// message cut at MaxKeptText bytes.
func (s *Series) Add(r *logparse.Record) {
	s.count += max(r.Repeat, 1)
	i := s.slot()
	if s.hasLast && s.latest == i {
		s.own.copyFrom(&s.kept[i])
		if s.near != nil {
			s.near.copyNear(&s.own, &s.kept[i])
		}
		s.latest = -1
	}
	s.kept[i].set(r)
	if s.near != nil {
		s.near.keep(&s.kept[i], r)
	}
	if r.Time.IsZero() {
		return
	}
	// A folded repetition has one time, its last occurrence's; the others
	// are counted but have no time of their own.
	if s.times.Len() < MaxTimes {
		s.times.Add(r.Time)
	}
	if !s.hasLast || !r.Time.Before(s.latestTime) {
		s.latest, s.latestTime, s.hasLast = i, r.Time, true
	}
}

// slot returns the index in s.kept where the record being added goes: the
// next free one, or the oldest of the ring.
func (s *Series) slot() int {
	if s.kept == nil {
		s.kept = make([]keptRecord, 0, 2*SampleSize)
	}
	if n := len(s.kept); n < 2*SampleSize {
		s.kept = s.kept[:n+1]
		return n
	}
	i := SampleSize + s.next
	s.next = (s.next + 1) % SampleSize
	return i
}

// Count returns the number of records added, each rsyslog repetition
// counted.
func (s *Series) Count() int {
	if s == nil {
		return 0
	}
	return s.count
}

// Empty reports whether no record was added.
func (s *Series) Empty() bool { return s.Count() == 0 }

// Records returns the kept sample (at most 2*SampleSize records: the first
// and the last ones added), ordered by time; records without a time keep
// their input order after the timed ones.
func (s *Series) Records() []logparse.Record {
	if s == nil {
		return nil
	}
	out := make([]logparse.Record, 0, len(s.kept))
	head := s.kept[:min(len(s.kept), SampleSize)]
	tail := s.kept[len(head):]
	for _, part := range [][]keptRecord{head, tail[min(s.next, len(tail)):], tail[:min(s.next, len(tail))]} {
		for i := range part {
			out = append(out, part[i].get())
		}
	}
	slices.SortStableFunc(out, byTime)
	return out
}

// byTime orders records by time, those without a time last.
func byTime(a, b logparse.Record) int {
	switch {
	case a.Time.IsZero() && b.Time.IsZero():
		return 0
	case a.Time.IsZero():
		return 1
	case b.Time.IsZero():
		return -1
	}
	return a.Time.Compare(b.Time)
}

// Latest returns the record with the latest time, and whether there is one.
func (s *Series) Latest() (logparse.Record, bool) {
	if s == nil || !s.hasLast {
		return logparse.Record{}, false
	}
	if s.latest < 0 {
		return s.own.get(), true
	}
	return s.kept[s.latest].get(), true
}

// Times returns the kept record times in increasing order.
func (s *Series) Times() []time.Time {
	if s == nil {
		return nil
	}
	return s.times.Sorted()
}

// A keptRecord is a record of a Series' sample. Its strings are empty, and
// their text is in buf, which the next record kept in the same place
// reuses: a record of the sample costs no allocation once the sample is
// full, however many records pass through it.
type keptRecord struct {
	rec logparse.Record
	n   [keptFields]int // the lengths of the strings, in fields' order
	buf []byte
	// near holds the record's neighbours in its log, when the analysis
	// keeps them (see contextKeeper); nil otherwise.
	near *nearby
}

// keptFields is the number of strings of a record.
const keptFields = 9

// fields returns pointers to the strings of r.
func fields(r *logparse.Record) [keptFields]*string {
	h := &r.Header
	return [keptFields]*string{&r.Source, &r.Host, &r.Sender, &r.Subsystem, &r.Message,
		&h.Function, &h.File, &h.InvokedFunction, &h.Description}
}

// messageField is the index of the message in fields.
const messageField = 4

// set makes k a copy of r, its message cut at MaxKeptText bytes.
func (k *keptRecord) set(r *logparse.Record) {
	k.rec = *r
	fs := fields(&k.rec)
	need := 0
	for _, f := range fs {
		need += len(*f)
	}
	need = min(need, need-len(r.Message)+MaxKeptText+len("…"))
	// A slot that once held a huge record gives its memory back.
	if cap(k.buf) < need || cap(k.buf) > max(4*need, 16<<10) {
		k.buf = make([]byte, 0, need)
	}
	b := k.buf[:0]
	for i, f := range fs {
		t := *f
		if i == messageField && len(t) > MaxKeptText {
			t = cutText(t, MaxKeptText)
		}
		b = append(b, t...)
		k.n[i] = len(t)
		*f = ""
	}
	k.buf = b
}

// copyFrom makes k a copy of o.
func (k *keptRecord) copyFrom(o *keptRecord) {
	k.rec, k.n = o.rec, o.n
	k.buf = append(k.buf[:0], o.buf...)
}

// get returns the record k holds, with strings of its own, in one
// allocation.
func (k *keptRecord) get() logparse.Record {
	r := k.rec
	all := string(k.buf)
	for i, f := range fields(&r) {
		*f, all = all[:k.n[i]], all[k.n[i]:]
	}
	return r
}

// A Cadence describes how regularly events repeat.
type Cadence struct {
	Count       int           // events, including those without a time
	Timed       int           // events with a time
	First, Last time.Time     // earliest and latest time
	Interval    time.Duration // median interval between consecutive events
	// Regular reports whether at least three quarters of the intervals lie
	// within 25% (and at least one second) of the median: a periodic
	// pattern rather than a burst.
	Regular bool
}

// Cadence measures the series' timing, whatever order the records came in.
func (s *Series) Cadence() Cadence {
	c := Cadence{Count: s.Count()}
	if s == nil {
		return c
	}
	// The times are read where they are kept when they were added in
	// order, and the intervals computed twice rather than kept twice.
	t := s.times.SortedView()
	n := t.Len()
	c.Timed = n
	if n == 0 {
		return c
	}
	c.First, c.Last = t.At(0), t.At(n-1)
	if n < 2 {
		return c
	}
	sorted := make([]time.Duration, n-1)
	for i := 1; i < n; i++ {
		sorted[i-1] = t.Sub(i, i-1)
	}
	slices.Sort(sorted)
	c.Interval = sorted[len(sorted)/2]
	if len(sorted)%2 == 0 {
		c.Interval = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	}
	tol := max(c.Interval/4, time.Second)
	near := 0
	for i := 1; i < n; i++ {
		if d := t.Sub(i, i-1); d >= c.Interval-tol && d <= c.Interval+tol {
			near++
		}
	}
	c.Regular = c.Interval > 0 && near*4 >= (n-1)*3
	return c
}

// Describe renders c for a person, naming the events with noun (singular):
// "8 failures, one every 15.0 s, 20:21:32 to 20:23:17".
func (c Cadence) Describe(noun string) string {
	s := fmt.Sprintf("%d %s", c.Count, plural(noun, c.Count))
	switch {
	case c.Timed >= 2 && c.Interval > 0:
		s += fmt.Sprintf(", one every %.1f s, %s to %s", c.Interval.Seconds(), clock(c.First, c.Last), clock(c.Last, c.First))
	case c.Timed >= 1:
		s += ", at " + clock(c.First, c.Last)
	}
	return s
}

// clock formats t as a time of day, with the date when the span crosses
// midnight.
func clock(t, other time.Time) string {
	if t.YearDay() != other.YearDay() || t.Year() != other.Year() {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("15:04:05")
}

func plural(noun string, n int) string {
	if n == 1 {
		return noun
	}
	if len(noun) > 1 && noun[len(noun)-1] == 'y' && !isVowel(noun[len(noun)-2]) {
		return noun[:len(noun)-1] + "ies"
	}
	if len(noun) > 0 && (noun[len(noun)-1] == 's' || noun[len(noun)-1] == 'h' || noun[len(noun)-1] == 'x') {
		return noun + "es"
	}
	return noun + "s"
}

func isVowel(b byte) bool { return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' }

// A Pair is an event of one series followed by an event of another.
type Pair struct {
	First, Then logparse.Record
}

// FollowedBy returns the sampled records of a that are followed by a record
// of b within window (0 < b.Time - a.Time <= window), each paired with the
// first such record of b's sample, and the total number of a's events
// (counted on all kept times, not only the sample) that b followed in time.
// It answers "A then B within a window" across log files, e.g. a DNS failure
// followed by the GUI's error.
func FollowedBy(a, b *Series, window time.Duration) (pairs []Pair, n int) {
	return followed(a, b, window, false)
}

// followed pairs a's events with b's that follow within window; with
// sameTime, an event of b at a's very time follows it too.
func followed(a, b *Series, window time.Duration, sameTime bool) (pairs []Pair, n int) {
	after := func(d time.Duration) bool { return d > 0 || sameTime && d == 0 }
	if a == nil || b == nil {
		return nil, 0
	}
	bt, at := b.times.SortedView(), a.times.SortedView()
	follows := func(t time.Time) bool {
		i := sort.Search(bt.Len(), func(i int) bool { return !bt.At(i).Before(t) })
		for ; i < bt.Len() && !after(bt.At(i).Sub(t)); i++ {
		}
		return i < bt.Len() && bt.At(i).Sub(t) <= window
	}
	for i := range at.Len() {
		if follows(at.At(i)) {
			n++
		}
	}
	bs := b.Records()
	for _, ra := range a.Records() {
		if ra.Time.IsZero() {
			continue
		}
		for _, rb := range bs {
			if d := rb.Time.Sub(ra.Time); !rb.Time.IsZero() && after(d) && d <= window {
				pairs = append(pairs, Pair{First: ra, Then: rb})
				break
			}
		}
	}
	return pairs, n
}

// Resolved reports whether the latest event of ok comes after the latest
// event of failed: "the last state wins", so a failure that a later success
// cancelled is history, not a finding. It is false when ok is empty, and
// when failed is empty but ok is not, it is true.
func Resolved(failed, ok *Series) bool {
	lo, hasOK := ok.Latest()
	if !hasOK {
		return false
	}
	lf, hasFail := failed.Latest()
	if !hasFail {
		return true
	}
	return lo.Time.After(lf.Time)
}
