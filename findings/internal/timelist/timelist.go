// Package timelist keeps a long list of times in little memory.
package timelist

import (
	"math"
	"slices"
	"time"
)

// A List holds times in the order added: those of the records a signal
// matched. A dense signal notes a time for each of up to
// findings.MaxTimes records, so the list keeps each in eight bytes, its
// Unix time in nanoseconds, while the times share one location and fit;
// the first time that does not (another zone, a year outside 1678–2261, a
// monotonic clock reading) moves them all to a list of time.Time, which
// keeps any time as it came. Its memory doubles as it grows, so that
// growing leaves at most its size behind. The zero List is empty.
type List struct {
	nanos    []int64
	loc      *time.Location // of every time in nanos
	wide     []time.Time    // every time, once nanos could not hold one
	unsorted bool           // some time is earlier than one added before it
}

// Len returns the number of times.
func (l *List) Len() int {
	if l.wide != nil {
		return len(l.wide)
	}
	return len(l.nanos)
}

// Add appends t.
func (l *List) Add(t time.Time) {
	n := l.Len()
	if n > 0 && t.Before(l.At(n-1)) {
		l.unsorted = true
	}
	if l.wide == nil {
		if n == 0 {
			l.loc = t.Location()
		}
		if sec := t.Unix(); t.Location() == l.loc && sec > math.MinInt64/int64(time.Second)+1 && sec < math.MaxInt64/int64(time.Second)-1 && t == t.Round(0) {
			l.nanos = grow(l.nanos)
			l.nanos = append(l.nanos, t.UnixNano())
			return
		}
		wide := make([]time.Time, 0, max(2*n, 16))
		for i := range n {
			wide = append(wide, l.At(i))
		}
		l.wide, l.nanos = wide, nil
	}
	l.wide = grow(l.wide)
	l.wide = append(l.wide, t)
}

// Grow makes room for n more times added in one location, so that adding
// them allocates nothing.
func (l *List) Grow(n int) {
	if l.wide != nil {
		l.wide = slices.Grow(l.wide, n)
		return
	}
	l.nanos = slices.Grow(l.nanos, n)
}

// grow returns s with room for one more element, doubling its capacity
// when it is full.
func grow[E any](s []E) []E {
	if len(s) < cap(s) {
		return s
	}
	return slices.Grow(s, max(len(s), 64))
}

// At returns the i-th time added.
func (l *List) At(i int) time.Time {
	if l.wide != nil {
		return l.wide[i]
	}
	return time.Unix(0, l.nanos[i]).In(l.loc)
}

// SortedView returns the times in increasing order: l itself when they
// were added in that order, as most logs list them, else a sorted copy.
func (l *List) SortedView() *List {
	if !l.unsorted {
		return l
	}
	if l.wide != nil {
		return &List{wide: l.Sorted()}
	}
	nanos := slices.Clone(l.nanos)
	slices.Sort(nanos)
	return &List{nanos: nanos, loc: l.loc}
}

// Sub returns the i-th time less the j-th.
func (l *List) Sub(i, j int) time.Duration {
	if l.wide != nil {
		return l.wide[i].Sub(l.wide[j])
	}
	a, b := l.nanos[i], l.nanos[j]
	d := a - b
	if (d >= 0) != (a >= b) { // saturated, as time.Time.Sub is
		if a >= b {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return time.Duration(d)
}

// Sorted returns the times in increasing order, in new memory.
func (l *List) Sorted() []time.Time {
	n := l.Len()
	t := make([]time.Time, n)
	for i := range n {
		t[i] = l.At(i)
	}
	if l.unsorted {
		slices.SortFunc(t, time.Time.Compare)
	}
	return t
}
