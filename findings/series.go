package findings

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

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
type Series struct {
	Name string

	count   int // records, counting rsyslog repetitions
	times   []time.Time
	head    []logparse.Record
	tail    []logparse.Record // ring of the last SampleSize records
	next    int               // ring position in tail
	latest  logparse.Record   // the record with the latest time
	hasLast bool
}

// NewSeries returns an empty Series named name.
func NewSeries(name string) *Series { return &Series{Name: name} }

// Add records r in the series. r itself is not kept: a reader's records
// share the blocks of text they were cut from, so the series keeps a clone,
// which holds only r's own text, its message cut at MaxKeptText bytes.
func (s *Series) Add(r *logparse.Record) {
	n := max(r.Repeat, 1)
	s.count += n
	// Every record goes to the head or to the tail ring, so every record
	// is cloned, once; the latest record shares that clone.
	if len(r.Message) > MaxKeptText {
		cut := *r
		cut.Message = cutText(r.Message, MaxKeptText)
		r = &cut
	}
	c := r.Clone()
	if !c.Time.IsZero() {
		// A folded repetition has one time, its last occurrence's; the
		// others are counted but have no time of their own.
		if len(s.times) < MaxTimes {
			s.times = append(s.times, c.Time)
		}
		if !s.hasLast || !c.Time.Before(s.latest.Time) {
			s.latest, s.hasLast = c, true
		}
	}
	switch {
	case len(s.head) < SampleSize:
		s.head = append(s.head, c)
	case len(s.tail) < SampleSize:
		s.tail = append(s.tail, c)
	default:
		s.tail[s.next] = c
		s.next = (s.next + 1) % SampleSize
	}
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
	out := make([]logparse.Record, 0, len(s.head)+len(s.tail))
	out = append(out, s.head...)
	out = append(out, s.tail[s.next:]...)
	out = append(out, s.tail[:s.next]...)
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
	if s == nil {
		return logparse.Record{}, false
	}
	return s.latest, s.hasLast
}

// Times returns the kept record times in increasing order.
func (s *Series) Times() []time.Time {
	if s == nil {
		return nil
	}
	t := slices.Clone(s.times)
	slices.SortFunc(t, time.Time.Compare)
	return t
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
	t := s.Times()
	c.Timed = len(t)
	if len(t) == 0 {
		return c
	}
	c.First, c.Last = t[0], t[len(t)-1]
	if len(t) < 2 {
		return c
	}
	iv := make([]time.Duration, len(t)-1)
	for i := 1; i < len(t); i++ {
		iv[i-1] = t[i].Sub(t[i-1])
	}
	sorted := slices.Clone(iv)
	slices.Sort(sorted)
	c.Interval = sorted[len(sorted)/2]
	if len(sorted)%2 == 0 {
		c.Interval = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	}
	tol := max(c.Interval/4, time.Second)
	near := 0
	for _, d := range iv {
		if d >= c.Interval-tol && d <= c.Interval+tol {
			near++
		}
	}
	c.Regular = c.Interval > 0 && near*4 >= len(iv)*3
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
	bt := b.Times()
	follows := func(t time.Time) bool {
		i, _ := slices.BinarySearchFunc(bt, t, time.Time.Compare)
		for ; i < len(bt) && !after(bt[i].Sub(t)); i++ {
		}
		return i < len(bt) && bt[i].Sub(t) <= window
	}
	for _, t := range a.Times() {
		if follows(t) {
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
