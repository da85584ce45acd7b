package findings

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/sharedmem"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blockRecords returns n records whose strings are all cut from one block
// of text, as a reader's are, and the block. Records with an even index
// carry a debug header; every third says "can now pass data".
func blockRecords(n int) ([]logparse.Record, string) {
	type fields struct {
		src, host, fn, file, inv, desc, msg string
		line                                int
	}
	var all []fields
	var b strings.Builder
	for i := range n {
		f := fields{src: "acvpnagent", host: "host-a", msg: fmt.Sprintf("Route %d changed to 10.0.0.%d", i%3, i)}
		if i%2 == 0 {
			f.fn, f.file, f.line = fmt.Sprintf("CRouteMgr::log%d", i%4), `c:\vpn\routemgr.cpp`, 100+i%3
			f.inv, f.desc = "CSocketSupport::connect", "SOCKETTRANSPORT_ERROR_CONNECT"
		}
		if i%3 == 0 {
			f.msg = "The VPN connection has been established and can now pass data."
		}
		all = append(all, f)
		for _, s := range []string{f.src, f.host, f.fn, f.file, f.inv, f.desc, f.msg} {
			b.WriteString(s)
		}
	}
	block := b.String()
	off := 0
	cut := func(s string) string {
		s = block[off : off+len(s)]
		off += len(s)
		return s
	}
	recs := make([]logparse.Record, n)
	for i, f := range all {
		recs[i] = logparse.Record{Time: t0.Add(time.Duration(i) * time.Second), Source: cut(f.src), Host: cut(f.host),
			Header:  logparse.Header{Function: cut(f.fn), File: cut(f.file), Line: f.line, InvokedFunction: cut(f.inv), Description: cut(f.desc)},
			Message: cut(f.msg), Repeat: 1, Pos: logparse.Position{File: "AnyConnectVPN.txt", Line: i + 1}}
	}
	return recs, block
}

// TestKeepsNoInput checks that what outlives the records given to it (the
// samples of a Series, the shapes' examples and keys, an engine with all
// of these) holds copies of their text, not the block the text was cut
// from.
func TestKeepsNoInput(t *testing.T) {
	upRule := &Rule{ID: "up", Title: "up", Check: func(*Pass) error { return nil }, Signals: []Signal{
		{Name: "up", Contains: "can now pass data"},
		{Name: "code", Contains: "_ERROR_", Match: func(r *logparse.Record) bool { return r.Header.Description != "" }},
		{Name: "agent", Sources: []string{"acvpnagent"}},
	}}
	tests := []struct {
		name string
		keep func([]logparse.Record) any // returns what holds the records
	}{
		{"series", func(recs []logparse.Record) any {
			s := NewSeries("x")
			for i := range recs {
				s.Add(&recs[i])
			}
			return s
		}},
		{"shape counter", func(recs []logparse.Record) any {
			c := newShapeCounter()
			for i := range recs {
				c.add(&recs[i])
			}
			return c
		}},
		{"engine", func(recs []logparse.Record) any {
			e := newEngine([]*Rule{upRule})
			for i := range recs {
				e.observe(&recs[i])
			}
			return e
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, block := blockRecords(5 * SampleSize)
			kept := tt.keep(recs)
			require.NotEmpty(t, sharedmem.Find(recs, block), "the input shares the block")
			assert.Empty(t, sharedmem.Find(kept, block), "kept strings share the input's memory")
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
