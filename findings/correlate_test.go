package findings

import (
	"testing"
	"time"

	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
)

var ct0 = time.Date(2026, 1, 12, 17, 5, 35, 0, time.UTC)

// seriesAt returns a series with one record at ct0 plus each offset, in
// seconds; a negative offset below -1e6 gives a record without a time.
func seriesAt(name string, secs ...int) *Series {
	s := NewSeries(name)
	for i, sec := range secs {
		r := logparse.Record{Message: name, Pos: logparse.Position{File: name + ".log", Line: i + 1}}
		if sec > -1_000_000 {
			r.Time = ct0.Add(time.Duration(sec) * time.Second)
		}
		s.Add(&r)
	}
	return s
}

func lines(recs []logparse.Record) []int {
	out := []int{}
	for _, r := range recs {
		out = append(out, r.Pos.Line)
	}
	return out
}

func TestMerge(t *testing.T) {
	for _, tt := range []struct {
		name      string
		in        []*Series
		count     int
		latestSec int
		first     string // message of the earliest sampled record
	}{
		{"none", nil, 0, -1, ""},
		{"nil skipped", []*Series{nil, seriesAt("a", 5)}, 1, 5, "a"},
		{"pooled in time order", []*Series{seriesAt("a", 10, 30), seriesAt("b", 0, 20)}, 4, 30, "b"},
		{"untimed counted", []*Series{seriesAt("a", -2_000_000), seriesAt("b", 3)}, 2, 3, "b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := Merge("m", tt.in...)
			assert.Equal(t, "m", m.Name)
			assert.Equal(t, tt.count, m.Count())
			l, ok := m.Latest()
			if tt.latestSec < 0 {
				assert.False(t, ok)
				return
			}
			assert.True(t, ok)
			assert.Equal(t, ct0.Add(time.Duration(tt.latestSec)*time.Second), l.Time)
			assert.Equal(t, tt.first, m.Records()[0].Message)
		})
	}
}

func TestMergeSampleBounded(t *testing.T) {
	secs := make([]int, 100)
	for i := range secs {
		secs[i] = i
	}
	m := Merge("m", seriesAt("a", secs...), seriesAt("b", secs...))
	assert.Equal(t, 200, m.Count())
	assert.Len(t, m.Records(), 2*SampleSize)
	assert.Len(t, m.Times(), 200)
	assert.Equal(t, 99*time.Second, m.Cadence().Last.Sub(m.Cadence().First))
}

func TestFollowedWithin(t *testing.T) {
	for _, tt := range []struct {
		name  string
		a, b  *Series
		n     int
		pairs int
	}{
		{"same second counts", seriesAt("a", 0), seriesAt("b", 0), 1, 1},
		{"within window", seriesAt("a", 0, 100), seriesAt("b", 5), 1, 1},
		{"b before a does not", seriesAt("a", 10), seriesAt("b", 5), 0, 0},
		{"outside window", seriesAt("a", 0), seriesAt("b", 61), 0, 0},
		{"empty b", seriesAt("a", 0), NewSeries("b"), 0, 0},
		{"untimed a skipped", seriesAt("a", -2_000_000), seriesAt("b", 0), 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pairs, n := FollowedWithin(tt.a, tt.b, time.Minute)
			assert.Equal(t, tt.n, n)
			assert.Len(t, pairs, tt.pairs)
		})
	}
}

func TestNotPrecededBy(t *testing.T) {
	for _, tt := range []struct {
		name   string
		effect *Series
		causes []*Series
		n      int
		lines  []int
	}{
		{"no causes", seriesAt("e", 0, 10), nil, 2, []int{1, 2}},
		{"same second explains", seriesAt("e", 0), []*Series{seriesAt("c", 0)}, 0, []int{}},
		{"cause within window", seriesAt("e", 30, 200), []*Series{seriesAt("c", 0)}, 1, []int{2}},
		{"cause after effect does not explain", seriesAt("e", 0), []*Series{seriesAt("c", 1)}, 1, []int{1}},
		{"any of several causes", seriesAt("e", 10, 110), []*Series{seriesAt("c", 0), seriesAt("d", 100)}, 0, []int{}},
		{"untimed effect, no causes", seriesAt("e", -2_000_000), []*Series{NewSeries("c")}, 1, []int{1}},
		{"untimed effect, a cause", seriesAt("e", -2_000_000), []*Series{seriesAt("c", 0)}, 0, []int{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			recs, n := NotPrecededBy(tt.effect, time.Minute, tt.causes...)
			assert.Equal(t, tt.n, n)
			assert.Equal(t, tt.lines, lines(recs))
		})
	}
}

func TestSince(t *testing.T) {
	for _, tt := range []struct {
		name  string
		s     *Series
		since time.Time
		n     int
		lines []int
	}{
		{"zero time takes all", seriesAt("s", 0, -2_000_000), time.Time{}, 2, []int{1, 2}},
		{"strictly later", seriesAt("s", 0, 10, 20), ct0.Add(10 * time.Second), 1, []int{3}},
		{"none later", seriesAt("s", 0), ct0.Add(time.Hour), 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			recs, n := Since(tt.s, tt.since)
			assert.Equal(t, tt.n, n)
			if tt.lines == nil {
				assert.Empty(t, recs)
				return
			}
			assert.Equal(t, tt.lines, lines(recs))
		})
	}
}
