package findings

import (
	"testing"

	"github.com/dartkit/dartkit/findings/internal/literals"
	"github.com/dartkit/dartkit/logparse"
)

// TestFindRecordAgreesWithRecordContains checks that findRecord finds each
// string where RecordContains does, in whichever of a record's fields,
// for strings searched by the table and alone.
func TestFindRecordAgreesWithRecordContains(t *testing.T) {
	lits := []string{"_ERROR_", "OnSocketRead", "can now pass data", "x"}
	set := literals.New(lits)
	texts := []string{"", "nothing", "an _ERROR_ here", "CDNSRequest::OnSocketReadComplete", "established and can now pass data.", "0x1f"}
	for _, msg := range texts {
		for _, desc := range texts {
			for k, fn := range texts {
				r := logparse.Record{Message: msg, Header: logparse.Header{Function: fn, Description: desc, InvokedFunction: texts[(k+len(msg))%len(texts)]}}
				found := make([]bool, len(lits))
				findRecord(set, &r, found)
				for i, l := range lits {
					if want := RecordContains(&r, l); found[i] != want {
						t.Fatalf("record %+v: found %q = %v, want %v", r, l, found[i], want)
					}
				}
			}
		}
	}
}

// TestEngineMatchesLikeSignals checks that the engine offers a record to a
// signal exactly when its Contains string is in one of the fields
// RecordContains reads, and counts shared strings for every signal.
func TestEngineMatchesLikeSignals(t *testing.T) {
	rules := []*Rule{
		{ID: "a", Title: "a", Check: func(*Pass) error { return nil }, Signals: []Signal{
			{Name: "up", Contains: "can now pass data"},
			{Name: "code", Contains: "_ERROR_", Match: func(r *logparse.Record) bool { return r.Header.Description != "" }},
			{Name: "all", Match: func(r *logparse.Record) bool { return r.Source == "x" }},
		}},
		{ID: "b", Title: "b", Check: func(*Pass) error { return nil }, Signals: []Signal{
			{Name: "up", Contains: "can now pass data"},
			{Name: "fn", Contains: "OnSocketRead"},
		}},
	}
	recs := []logparse.Record{
		{Source: "x", Message: "The VPN connection has been established and can now pass data."},
		{Source: "y", Message: "nothing", Header: logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", Description: "SOCKET_ERROR_X"}},
		{Source: "y", Message: "an _ERROR_ in the text only"},
		{Source: "y", Message: "can now pass"},
	}
	e := newEngine(rules)
	for i := range recs {
		e.observe(&recs[i])
	}
	counts := map[string]int{}
	for i, r := range rules {
		for _, s := range r.Signals {
			counts[r.ID+"/"+s.Name] = e.series[i][s.Name].Count()
		}
	}
	want := map[string]int{"a/up": 1, "a/code": 1, "a/all": 1, "b/up": 1, "b/fn": 1}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%s: %d records, want %d (all: %v)", k, counts[k], v, counts)
		}
	}
	if e.shapes.Count() != 2 {
		t.Errorf("unmatched %d, want 2", e.shapes.Count())
	}
}
