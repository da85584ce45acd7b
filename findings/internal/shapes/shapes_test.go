package shapes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
)

// position is the example the tests keep of a shape's first record.
func position(r *logparse.Record) logparse.Position { return r.Pos }

func TestAppendShape(t *testing.T) {
	tests := []struct {
		rec  logparse.Record
		want string
	}{
		{logparse.Record{Source: "acvpnagent", Message: "IP Address Interface List: 10.31.121.202 FE80:0:0:0:8D2A:4C1E:9B7:5F21"},
			"acvpnagent: IP Address Interface List: #.#.#.# x:#:#:#:x:x:x:x"},
		{logparse.Record{Source: "acvpnagent", Header: logparse.Header{Function: "CHostLocator::resolveHostName"}, Message: "Return code 0xFE25000C after 1500 ms"},
			"acvpnagent: CHostLocator::resolveHostName: Return code x after # ms"},
		{logparse.Record{Source: "kernel", Message: "en0: link state changed, added route to cafe::1"},
			"kernel: en#: link state changed, added route to cafe::#"},
		{logparse.Record{Source: "acvpnui", Message: "Message type information sent to the user: Ready to connect."},
			"acvpnui: Message type information sent to the user: Ready to connect."},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendShape(nil, &tt.rec)))
	}
}

// TestShapeCounterByPlace checks how records are tallied: those with a
// debug header by the place that logged them (source, function, line),
// under the shape of the place's first record; the others by their own
// text.
func TestShapeCounterByPlace(t *testing.T) {
	type rec = logparse.Record
	at := func(src, fn string, line int, msg string) rec {
		return rec{Source: src, Header: logparse.Header{Function: fn, File: "x.cpp", Line: line}, Message: msg}
	}
	longFn := strings.Repeat("C", maxPlaceBytes) + "::f"
	type want struct {
		shape string
		count int
	}
	tests := []struct {
		name  string
		fill  []rec // counted first, not in want
		recs  []rec
		want  []want
		other int
	}{
		{"a place counts toward its first record's shape",
			nil,
			[]rec{at("agent", "R::log", 7, "route added 10.0.0.1"), at("agent", "R::log", 7, "route deleted 10.0.0.2"), at("agent", "R::log", 7, "no route")},
			[]want{{"agent: R::log: route added #.#.#.#", 3}}, 0},
		{"another line, source or function is another place",
			nil,
			[]rec{at("agent", "R::log", 7, "route added"), at("agent", "R::log", 8, "route deleted"), at("ui", "R::log", 7, "route changed"), at("agent", "R::log2", 7, "route gone"),
				at("agent", "R::log", 8, "route added")},
			[]want{{"agent: R::log2: route gone", 1}, {"agent: R::log: route added", 1}, {"agent: R::log: route deleted", 2}, {"ui: R::log: route changed", 1}}, 0},
		{"places that share a slot of the cache are told apart",
			nil,
			[]rec{at("agent", "R::log", 7, "route added"), at("agent", "S::log", 7, "link up"), at("ui", "R::log", 7, "state 1"),
				at("agent", "S::log", 7, "x"), at("agent", "R::log", 7, "y"), at("ui", "R::log", 7, "z"), at("agent", "R::log", 7, "w")},
			[]want{{"agent: R::log: route added", 3}, {"agent: S::log: link up", 2}, {"ui: R::log: state #", 2}}, 0},
		{"places whose first records have one shape share it",
			nil,
			[]rec{at("agent", "R::log", 7, "route 1"), at("agent", "R::log", 8, "route 2"), at("agent", "R::log", 8, "other text")},
			[]want{{"agent: R::log: route #", 3}}, 0},
		{"records without a header go by their own text",
			nil,
			[]rec{{Source: "ui", Message: "state 1"}, {Source: "ui", Message: "state 2"}, {Source: "ui", Message: "ready"}},
			[]want{{"ui: state #", 2}, {"ui: ready", 1}}, 0},
		{"a place too long to remember goes by each record's text",
			nil,
			[]rec{at("agent", longFn, 7, "route added"), at("agent", longFn, 7, "route deleted")},
			[]want{{"agent: " + longFn + ": route added", 1}, {"agent: " + longFn + ": route deleted", 1}}, 0},
		{"a place first seen when the shapes are full stays other",
			distinctShapes(MaxShapes),
			[]rec{at("agent", "R::log", 7, "route added"), at("agent", "R::log", 7, "route deleted")},
			nil, 2},
		{"a place past the table's bound goes by each record's text",
			placesOfOneShape(maxPlaces),
			[]rec{at("agent", "R::log", maxPlaces+1, "route added"), at("agent", "R::log", maxPlaces+1, "route deleted")},
			[]want{{"agent: R::log: route added", 1}, {"agent: R::log: route deleted", 1}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(position)
			for i := range tt.fill {
				c.Add(&tt.fill[i])
			}
			filled := map[string]int{}
			for k, s := range c.counts {
				filled[k] = s.Count
			}
			otherBefore := c.other
			for i := range tt.recs {
				c.Add(&tt.recs[i])
			}
			got := map[string]int{}
			for k, s := range c.counts {
				if n := s.Count - filled[k]; n > 0 {
					got[k] = n
				}
			}
			wantMap := map[string]int{}
			for _, w := range tt.want {
				wantMap[w.shape] = w.count
			}
			assert.Equal(t, wantMap, got)
			assert.Equal(t, tt.other, c.other-otherBefore, "other")
			assert.Equal(t, len(tt.fill)+len(tt.recs), c.unmatched)
		})
	}
}

// distinctShapes returns n records without a header, each of its own shape.
func distinctShapes(n int) []logparse.Record {
	recs := make([]logparse.Record, n)
	for i := range recs {
		recs[i] = logparse.Record{Source: fmt.Sprintf("src%c%c", 'a'+i%26, 'a'+i/26%26) + fmt.Sprint(i/676)}
	}
	return recs
}

// placesOfOneShape returns records from n places (lines 1 to n of one
// function) whose texts have one shape.
func placesOfOneShape(n int) []logparse.Record {
	recs := make([]logparse.Record, n)
	for i := range recs {
		recs[i] = logparse.Record{Source: "agent", Header: logparse.Header{Function: "R::log", File: "x.cpp", Line: i + 1}, Message: fmt.Sprintf("route %d", i)}
	}
	return recs
}
