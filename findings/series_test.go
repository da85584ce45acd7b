package findings

import (
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
