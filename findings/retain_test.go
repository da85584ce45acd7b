package findings

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/logparse"
)

// blockRecords returns n records whose strings are all cut from one block
// of memory, as the engine's reader cuts them, and the block, which the
// caller may overwrite as the reader does once the records are released.
// Records with an even index carry a debug header; every third says "can
// now pass data".
func blockRecords(n int) ([]logparse.Record, []byte) {
	recs := make([]logparse.Record, n)
	var strs []*string
	for i := range recs {
		r := &recs[i]
		*r = logparse.Record{Time: t0.Add(time.Duration(i) * time.Second), Source: "acvpnagent", Host: "host-a",
			Message: fmt.Sprintf("Route %d changed to 10.0.0.%d", i%3, i), Repeat: 1,
			Pos: logparse.Position{File: "AnyConnectVPN.txt", Line: i + 1}}
		if i%2 == 0 {
			r.Header = logparse.Header{Function: fmt.Sprintf("CRouteMgr::log%d", i%4), File: `c:\vpn\routemgr.cpp`, Line: 100 + i%3,
				InvokedFunction: "CSocketSupport::connect", Description: "SOCKETTRANSPORT_ERROR_CONNECT"}
		}
		if i%3 == 0 {
			r.Message = "The VPN connection has been established and can now pass data."
		}
		h := &r.Header
		strs = append(strs, &r.Source, &r.Host, &h.Function, &h.File, &h.InvokedFunction, &h.Description, &r.Message)
	}
	return recs, cutFrom(strs...)
}

// cutFrom copies the strings *ss into one buffer, makes each *ss point
// into it, and returns it.
func cutFrom(ss ...*string) []byte {
	var buf []byte
	for _, s := range ss {
		buf = append(buf, *s...)
	}
	rest := buf
	for _, s := range ss {
		if n := len(*s); n > 0 {
			*s, rest = unsafe.String(&rest[0], n), rest[n:]
		}
	}
	return buf
}

// overwrite writes over all of b, as a reader writes new input over
// memory it lent.
func overwrite(b []byte) {
	for i := range b {
		b[i] = '#'
	}
}

// render returns v as JSON, every string reachable from it included.
func render(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestKeepsNoInput checks that what outlives the records given to it (the
// samples of a Series, the shapes' examples and keys, an engine with all
// of these) holds copies of their text: it reads the same once the memory
// the records were cut from is written over.
func TestKeepsNoInput(t *testing.T) {
	upRule := &Rule{ID: "up", Title: "up", Check: func(*Pass) error { return nil }, Signals: []Signal{
		{Name: "up", Contains: "can now pass data"},
		{Name: "code", Contains: "_ERROR_", Match: func(r *logparse.Record) bool { return r.Header.Description != "" }},
		{Name: "agent", Sources: []string{"acvpnagent"}},
	}}
	tests := []struct {
		name string
		keep func([]logparse.Record) func() any // returns what is kept of the records
	}{
		{"series", func(recs []logparse.Record) func() any {
			s := NewSeries("x")
			for i := range recs {
				s.Add(&recs[i])
			}
			return func() any { return s.Records() }
		}},
		{"shape counter", func(recs []logparse.Record) func() any {
			c := newShapeCounter()
			for i := range recs {
				c.Add(&recs[i])
			}
			return func() any { return c.coverage() }
		}},
		{"engine", func(recs []logparse.Record) func() any {
			e := newEngine([]*Rule{upRule})
			for i := range recs {
				e.observe(&recs[i])
			}
			return func() any {
				kept := map[string]any{"shapes": e.shapes.coverage()}
				for _, byName := range e.series {
					for name, s := range byName {
						kept[name] = s.Records()
					}
				}
				return kept
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, block := blockRecords(5 * SampleSize)
			kept := tt.keep(recs)
			in, was := render(t, recs), render(t, kept())
			overwrite(block)
			require.NotEqual(t, in, render(t, recs), "the input does not read its block")
			assert.Equal(t, was, render(t, kept()), "what is kept reads the input's memory")
		})
	}
}

// TestSeriesKeepsTheRecordsText checks that the records a Series keeps are
// equal to those added, though their text is copied.
func TestSeriesKeepsTheRecordsText(t *testing.T) {
	recs, _ := blockRecords(3 * SampleSize)
	s := NewSeries("x")
	for i := range recs {
		s.Add(&recs[i])
	}
	got := s.Records()
	require.Len(t, got, 2*SampleSize)
	assert.Equal(t, recs[:SampleSize], got[:SampleSize])
	assert.Equal(t, recs[len(recs)-SampleSize:], got[SampleSize:])
	latest, ok := s.Latest()
	require.True(t, ok)
	assert.Equal(t, recs[len(recs)-1], latest)
}

// TestKeptTextIsBounded adds a record with a message of a megabyte to a
// Series and to the coverage tally: what they keep of it is cut.
func TestKeptTextIsBounded(t *testing.T) {
	big := strings.Repeat("é", 1<<19) // 1 MiB, two bytes to a character
	rec := logparse.Record{Source: "acvpnagent", Message: big, Repeat: 1, Pos: logparse.Position{File: "f", Line: 1}}
	s := NewSeries("x")
	s.Add(&rec)
	c := newShapeCounter()
	c.Add(&rec)
	for what, text := range map[string]string{
		"series sample": s.Records()[0].Message,
		"shape example": c.coverage().Shapes[0].Example.Text,
	} {
		assert.LessOrEqual(t, len(text), MaxKeptText+len("…"), what)
		assert.True(t, strings.HasPrefix(big, strings.TrimSuffix(text, "…")), what)
		assert.True(t, utf8.ValidString(text), what)
	}
}

func TestCutText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"aé", 2, "a…"}, // the cut would split é
		{"aéb", 3, "aé…"},
		{"日本", 4, "日…"},
		{"", 0, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cutText(tt.in, tt.n), "cutText(%q, %d)", tt.in, tt.n)
	}
}
