package findings

import (
	"math"
	"slices"
	"time"
)

// A timeList holds the times of a Series' records in the order added. A
// dense signal notes a time for each of up to MaxTimes records, so the
// list keeps each in eight bytes, its Unix time in nanoseconds, while the
// times share one location and fit; the first time that does not (another
// zone, a year outside 1678–2261, a monotonic clock reading) moves them all
// to a list of time.Time, which keeps any time as it came. Its memory
// doubles as it grows, so that growing leaves at most its size behind.
type timeList struct {
	nanos    []int64
	loc      *time.Location // of every time in nanos
	wide     []time.Time    // every time, once nanos could not hold one
	unsorted bool           // some time is earlier than one added before it
}

// len returns the number of times.
func (l *timeList) len() int {
	if l.wide != nil {
		return len(l.wide)
	}
	return len(l.nanos)
}

// add appends t.
func (l *timeList) add(t time.Time) {
	n := l.len()
	if n > 0 && t.Before(l.at(n-1)) {
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
			wide = append(wide, l.at(i))
		}
		l.wide, l.nanos = wide, nil
	}
	l.wide = grow(l.wide)
	l.wide = append(l.wide, t)
}

// grow returns s with room for one more element, doubling its capacity
// when it is full.
func grow[E any](s []E) []E {
	if len(s) < cap(s) {
		return s
	}
	return slices.Grow(s, max(len(s), 64))
}

// at returns the i-th time added.
func (l *timeList) at(i int) time.Time {
	if l.wide != nil {
		return l.wide[i]
	}
	return time.Unix(0, l.nanos[i]).In(l.loc)
}

// sortedView returns the times in increasing order: l itself when they
// were added in that order, as most logs list them, else a sorted copy.
func (l *timeList) sortedView() *timeList {
	if !l.unsorted {
		return l
	}
	if l.wide != nil {
		return &timeList{wide: l.sorted()}
	}
	nanos := slices.Clone(l.nanos)
	slices.Sort(nanos)
	return &timeList{nanos: nanos, loc: l.loc}
}

// sub returns the i-th time less the j-th.
func (l *timeList) sub(i, j int) time.Duration {
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

// sorted returns the times in increasing order, in new memory.
func (l *timeList) sorted() []time.Time {
	n := l.len()
	t := make([]time.Time, n)
	for i := range n {
		t[i] = l.at(i)
	}
	if l.unsorted {
		slices.SortFunc(t, time.Time.Compare)
	}
	return t
}
