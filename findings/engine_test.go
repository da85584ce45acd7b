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

// TestEngineSharedSignals checks that rules declaring one slice of signals
// see the same series, each record's Match run once for both, and that a
// source list several signals name is read for each record anew.
func TestEngineSharedSignals(t *testing.T) {
	calls := 0
	shared := []Signal{
		{Name: "fail", Contains: "mus.cisco.com", Sources: VPNSources(), Match: func(r *logparse.Record) bool { calls++; return r.Level == logparse.LevelError }},
		{Name: "any", Contains: "mus.cisco.com", Sources: VPNSources()},
		{Name: "agent", Contains: "mus.cisco.com", Sources: AgentSources()},
	}
	check := func(*Pass) error { return nil }
	rules := []*Rule{
		{ID: "a", Title: "a", Check: check, Signals: shared},
		{ID: "b", Title: "b", Check: check, Signals: shared},
		{ID: "c", Title: "c", Check: check, Signals: []Signal{{Name: "ui", Contains: "mus.cisco.com", Sources: GUISources()}}},
	}
	recs := []logparse.Record{
		{Source: "acvpnagent", Level: logparse.LevelError, Message: "query mus.cisco.com failed"},
		{Source: "acvpnui", Message: "query mus.cisco.com"},
		{Source: "other", Level: logparse.LevelError, Message: "query mus.cisco.com failed"},
		{Source: "vpnagentd (libvpnagentutilities.dylib)", Message: "mus.cisco.com"},
	}
	e := newEngine(rules)
	for i := range recs {
		e.observe(&recs[i])
	}
	if calls != 3 { // the records from the VPN's sources, once each
		t.Errorf("Match ran %d times, want 3", calls)
	}
	want := map[string]int{"fail": 1, "any": 3, "agent": 2}
	for name, n := range want {
		a, b := e.series[0][name], e.series[1][name]
		if a != b {
			t.Errorf("%s: the rules have two series", name)
		}
		if a.Count() != n {
			t.Errorf("%s: %d records, want %d", name, a.Count(), n)
		}
	}
	if n := e.series[2]["ui"].Count(); n != 1 {
		t.Errorf("ui: %d records, want 1", n)
	}
	if !e.have[InputVPNLog] {
		t.Error("no VPN log seen")
	}
}
