package findings

import (
	"slices"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// Correlations between series that several rules need. Logs with one-second
// resolution (BSD syslog, the event-log export) often write a cause and its
// effect in the same second, so the functions here count an event at the
// same time as "before" or "after" where [FollowedBy] would not.

// Merge returns a series holding the events of every series in ss: the
// counts add up, the kept times are pooled (up to [MaxTimes]) and the
// evidence sample is rebuilt from the samples, first and last events by
// time. It lets a rule treat several signals (a return code, the GUI's
// message, a headend reply) as one list of failures, for [Resolved] or a
// [Cadence]. Nil series are skipped.
func Merge(name string, ss ...*Series) *Series {
	out := NewSeries(name)
	var recs []logparse.Record
	var latest logparse.Record
	for _, s := range ss {
		if s == nil {
			continue
		}
		out.count += s.count
		for i := range min(MaxTimes-out.times.Len(), s.times.Len()) {
			out.times.Add(s.times.At(i))
		}
		if l, ok := s.Latest(); ok && (!out.hasLast || !l.Time.Before(out.latestTime)) {
			latest, out.latestTime, out.hasLast = l, l.Time, true
		}
		recs = append(recs, s.Records()...)
	}
	if out.hasLast {
		out.own.set(&latest)
	}
	slices.SortStableFunc(recs, byTime)
	if len(recs) > 2*SampleSize {
		recs = append(recs[:SampleSize], recs[len(recs)-SampleSize:]...)
	}
	for i := range recs {
		out.kept[out.slot()].set(&recs[i])
	}
	return out
}

// FollowedWithin is [FollowedBy] where b's event may share a's time
// (0 <= b.Time - a.Time <= window): the form to use for "A then B" when the
// log has one-second resolution.
func FollowedWithin(a, b *Series, window time.Duration) (pairs []Pair, n int) {
	return followed(a, b, window, true)
}

// NotPrecededBy returns the events of effect that no event of any of causes
// precedes within window (at the same time counts as preceding), and how
// many there are among all kept times. It answers "a generic failure that no
// specific one explains": the sampled records come back in time order, and
// an effect without a time is unexplained only when every cause series is
// empty.
func NotPrecededBy(effect *Series, window time.Duration, causes ...*Series) (recs []logparse.Record, n int) {
	var ct []time.Time
	anyCause := false
	for _, c := range causes {
		if c.Count() > 0 {
			anyCause = true
		}
		ct = append(ct, c.Times()...)
	}
	slices.SortFunc(ct, time.Time.Compare)
	explained := func(t time.Time) bool {
		// The last cause at or before t.
		i, found := slices.BinarySearchFunc(ct, t, time.Time.Compare)
		if found {
			return true
		}
		return i > 0 && t.Sub(ct[i-1]) <= window
	}
	for _, t := range effect.Times() {
		if !explained(t) {
			n++
		}
	}
	for _, r := range effect.Records() {
		if r.Time.IsZero() {
			if !anyCause {
				recs = append(recs, r)
			}
			continue
		}
		if !explained(r.Time) {
			recs = append(recs, r)
		}
	}
	if !anyCause {
		n += effect.Count() - len(effect.Times())
	}
	return recs, n
}

// Since returns the events of s later than t: their number among the kept
// times, and the sampled records. With a zero t every event counts,
// including those without a time. A rule uses it to count the failures
// after the last success.
func Since(s *Series, t time.Time) (recs []logparse.Record, n int) {
	if t.IsZero() {
		return s.Records(), s.Count()
	}
	for _, u := range s.Times() {
		if u.After(t) {
			n++
		}
	}
	for _, r := range s.Records() {
		if r.Time.After(t) {
			recs = append(recs, r)
		}
	}
	return recs, n
}
