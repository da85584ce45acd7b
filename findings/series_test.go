package findings

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC)

func rec(at time.Duration, line int) *logparse.Record {
	return &logparse.Record{Time: t0.Add(at), Message: "m", Pos: logparse.Position{File: "f", Line: line}}
}

func TestCadence(t *testing.T) {
	tests := []struct {
		name     string
		offsets  []time.Duration
		interval time.Duration
		regular  bool
		describe string
	}{
		{"technote order", []time.Duration{0, 15e9, 30e9, 45e9, 60e9, 75e9, 90e9, 105e9}, 15 * time.Second, true,
			"8 failures, one every 15.0 s, 20:21:32 to 20:23:17"},
		{"newest first", []time.Duration{105e9, 90e9, 75e9, 60e9, 45e9, 30e9, 15e9, 0}, 15 * time.Second, true,
			"8 failures, one every 15.0 s, 20:21:32 to 20:23:17"},
		{"shuffled with jitter", []time.Duration{30.2e9, 0, 44.9e9, 15e9}, 15 * time.Second, true,
			"4 failures, one every 15.0 s, 20:21:32 to 20:22:16"},
		{"burst then gap", []time.Duration{0, 1e9, 2e9, 300e9}, 1 * time.Second, false,
			"4 failures, one every 1.0 s, 20:21:32 to 20:26:32"},
		{"one", []time.Duration{0}, 0, false, "1 failure, at 20:21:32"},
		{"midnight", []time.Duration{0, 4 * time.Hour}, 4 * time.Hour, true,
			"2 failures, one every 14400.0 s, 2020-06-17 20:21:32 to 2020-06-18 00:21:32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSeries("x")
			for i, o := range tt.offsets {
				s.Add(rec(o, i+1))
			}
			c := s.Cadence()
			assert.Equal(t, tt.interval, c.Interval.Round(100*time.Millisecond))
			assert.Equal(t, tt.regular, c.Regular)
			assert.Equal(t, tt.describe, c.Describe("failure"))
		})
	}
}

func TestSeriesRepeatAndSample(t *testing.T) {
	s := NewSeries("x")
	r := rec(0, 1)
	r.Repeat = 29
	s.Add(r)
	assert.Equal(t, 29, s.Count())
	assert.Len(t, s.Times(), 1, "a folded repetition has one time")

	s = NewSeries("y")
	for i := range 100 {
		s.Add(rec(time.Duration(99-i)*time.Second, i+1))
	}
	got := s.Records()
	require.Len(t, got, 2*SampleSize)
	for i := 1; i < len(got); i++ {
		assert.False(t, got[i].Time.Before(got[i-1].Time), "sample ordered by time")
	}
	assert.Equal(t, 100, got[0].Pos.Line, "earliest record (added last) kept")
	assert.Equal(t, 1, got[len(got)-1].Pos.Line, "latest record (added first) kept")
	latest, ok := s.Latest()
	require.True(t, ok)
	assert.Equal(t, 1, latest.Pos.Line)
}

func TestFollowedBy(t *testing.T) {
	a, b := NewSeries("dns"), NewSeries("gui")
	for i := range 4 {
		a.Add(rec(time.Duration(i)*15*time.Second, i+1))
	}
	b.Add(rec(1*time.Second, 10))  // follows a[0]
	b.Add(rec(31*time.Second, 11)) // follows a[2]
	b.Add(rec(-5*time.Second, 12)) // before everything
	pairs, n := FollowedBy(a, b, 2*time.Second)
	assert.Equal(t, 2, n)
	require.Len(t, pairs, 2)
	assert.Equal(t, 1, pairs[0].First.Pos.Line)
	assert.Equal(t, 10, pairs[0].Then.Pos.Line)
	assert.Equal(t, 3, pairs[1].First.Pos.Line)
	assert.Equal(t, 11, pairs[1].Then.Pos.Line)

	_, n = FollowedBy(a, b, 500*time.Millisecond)
	assert.Zero(t, n, "window too short")
	_, n = FollowedBy(a, NewSeries("empty"), time.Minute)
	assert.Zero(t, n)
}

func TestResolved(t *testing.T) {
	fail, ok := NewSeries("fail"), NewSeries("ok")
	assert.False(t, Resolved(fail, ok), "nothing happened")
	fail.Add(rec(0, 1))
	assert.False(t, Resolved(fail, ok), "failure, no success")
	ok.Add(rec(10*time.Second, 2))
	assert.True(t, Resolved(fail, ok), "success after the failure")
	fail.Add(rec(20*time.Second, 3))
	assert.False(t, Resolved(fail, ok), "failure again: the last state wins")
	assert.True(t, Resolved(NewSeries("none"), ok), "success alone")
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{"failure": "failures", "query": "queries", "day": "days", "match": "matches"} {
		assert.Equal(t, want, plural(in, 2))
		assert.Equal(t, in, plural(in, 1))
	}
}

// naiveSeries is what a Series must report: every record added, cloned.
type naiveSeries struct{ recs []logparse.Record }

func (n *naiveSeries) add(r *logparse.Record) { n.recs = append(n.recs, r.Clone()) }

// sample returns the first and last SampleSize records, ordered by time.
func (n *naiveSeries) sample() []logparse.Record {
	recs := n.recs
	if len(recs) > 2*SampleSize {
		recs = append(recs[:SampleSize:SampleSize], recs[len(recs)-SampleSize:]...)
	}
	out := append([]logparse.Record(nil), recs...)
	slices.SortStableFunc(out, byTime)
	return out
}

// latest returns the last added of the records with the latest time.
func (n *naiveSeries) latest() (logparse.Record, bool) {
	var l logparse.Record
	ok := false
	for _, r := range n.recs {
		if !r.Time.IsZero() && (!ok || !r.Time.Before(l.Time)) {
			l, ok = r, true
		}
	}
	return l, ok
}

// TestSeriesReusesItsSample adds records of every length, in and out of
// time order, some without a time, and requires the sample and the latest
// record a Series that clones each record would keep: the memory a slot
// of the sample reuses must never show through.
func TestSeriesReusesItsSample(t *testing.T) {
	for _, order := range []string{"increasing", "decreasing", "shuffled", "latest in the ring"} {
		t.Run(order, func(t *testing.T) {
			s, want := NewSeries("x"), &naiveSeries{}
			n := 5*SampleSize + 3
			for i := range n {
				var at time.Duration
				switch order {
				case "increasing":
					at = time.Duration(i) * time.Second
				case "decreasing":
					at = time.Duration(n-i) * time.Second
				case "shuffled":
					at = time.Duration((i*7919)%n) * time.Second
				case "latest in the ring":
					// The latest comes into the ring, which then
					// goes round over its slot.
					at = time.Duration(i) * time.Second
					if i == SampleSize+1 {
						at = time.Hour
					}
				}
				r := logparse.Record{Time: t0.Add(at), Source: "acvpnagent", Repeat: 1,
					Message: strings.Repeat("m", (i*37)%300) + fmt.Sprint(i),
					Header:  logparse.Header{Function: strings.Repeat("F", i%7), File: "f.cpp", Line: i},
					Pos:     logparse.Position{File: "f", Line: i + 1}}
				if i%11 == 5 {
					r.Time = time.Time{}
				}
				s.Add(&r)
				want.add(&r)
			}
			assert.Equal(t, want.sample(), s.Records())
			wl, wok := want.latest()
			gl, gok := s.Latest()
			assert.Equal(t, wok, gok)
			assert.Equal(t, wl, gl)
		})
	}
}

// TestSeriesAddAllocs checks that a record added once the sample is full
// costs no allocation but the growth of the kept times.
func TestSeriesAddAllocs(t *testing.T) {
	s := NewSeries("x")
	r := logparse.Record{Time: t0, Source: "acvpnagent", Message: "Timeout (per request) while trying to resolve [A] query mus.cisco.com",
		Header: logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", File: `c:\vpn\dnsrequest.cpp`, Line: 1147}}
	for range 2 * SampleSize {
		s.Add(&r)
	}
	s.times.Grow(1000)
	assert.Zero(t, testing.AllocsPerRun(500, func() {
		r.Time = r.Time.Add(15 * time.Second)
		s.Add(&r)
	}))
}

// TestSeriesTimes checks that the times a Series gives back are those
// added, whatever their zone, year or clock reading, however it keeps
// them.
func TestSeriesTimes(t *testing.T) {
	pdt := time.FixedZone("", -7*3600)
	now := time.Now() // with a monotonic clock reading
	for name, times := range map[string][]time.Time{
		"UTC":            {t0, t0.Add(15 * time.Second), t0.Add(30e9 + 123456789)},
		"one zone":       {t0.In(pdt), t0.Add(time.Second).In(pdt)},
		"local":          {t0.Local(), t0.Add(-time.Second).Local()},
		"zones mixed":    {t0, t0.Add(time.Second).In(pdt), t0.Add(2 * time.Second)},
		"year 9999":      {t0, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), t0.Add(time.Second)},
		"year 1":         {time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), t0},
		"monotonic":      {t0, now},
		"newest first":   {t0.Add(time.Minute), t0.Add(time.Second), t0},
		"mixed, unorder": {t0.Add(time.Minute), t0.In(pdt), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC), t0.Add(time.Second)},
	} {
		t.Run(name, func(t *testing.T) {
			s := NewSeries("x")
			for i, at := range times {
				s.Add(&logparse.Record{Time: at, Message: "m", Pos: logparse.Position{File: "f", Line: i + 1}})
			}
			want := slices.Clone(times)
			slices.SortStableFunc(want, time.Time.Compare)
			got := s.Times()
			require.Len(t, got, len(want))
			for i := range want {
				assert.True(t, want[i] == got[i], "time %d: got %v, want %v", i, got[i], want[i])
			}
			m := Merge("m", s)
			assert.Equal(t, got, m.Times(), "merged")
		})
	}
}

// TestCadenceSpanOfCenturies checks that an interval longer than a
// Duration holds is saturated, as time.Time.Sub does, however the times
// are kept.
func TestCadenceSpanOfCenturies(t *testing.T) {
	s := NewSeries("x")
	early, late := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2250, 1, 1, 0, 0, 0, 0, time.UTC)
	s.Add(&logparse.Record{Time: early})
	s.Add(&logparse.Record{Time: late})
	assert.Equal(t, late.Sub(early), s.Cadence().Interval)
}
