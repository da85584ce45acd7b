package findings

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// TestLiteralSetAgreesWithContains checks the combined search against
// strings.Contains on random texts over a small alphabet, where literals
// overlap, repeat and sit at the edges of the text.
func TestLiteralSetAgreesWithContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("abc _"[rng.IntN(5)])
		}
		return b.String()
	}
	for round := range 2000 {
		seen := map[string]bool{}
		var lits []string
		for range 1 + rng.IntN(12) {
			var l string
			switch round % 4 {
			case 0:
				l = word(minWindow + rng.IntN(6)) // every literal searched by the table
			case 1:
				l = word(1 + rng.IntN(minWindow-1)) // every literal searched alone
			case 2:
				l = word(1 + rng.IntN(3*minWindow)) // lengths far apart, both ways
			default:
				l = word(250 + rng.IntN(20)) // windows wider than a shift can be
			}
			if !seen[l] {
				seen[l] = true
				lits = append(lits, l)
			}
		}
		set := newLiteralSet(lits)
		for range 20 {
			text := word(rng.IntN(40))
			if rng.IntN(2) == 0 {
				// Plant a literal, or most of one, so long ones are met.
				l := lits[rng.IntN(len(lits))]
				l = l[:len(l)-rng.IntN(2)*rng.IntN(len(l))]
				text = word(rng.IntN(10)) + l + word(rng.IntN(10))
			}
			found := make([]bool, len(lits))
			any := set.find(text, found)
			wantAny := false
			for i, l := range lits {
				want := strings.Contains(text, l)
				wantAny = wantAny || want
				if found[i] != want {
					t.Fatalf("literals %q, text %q: found %q = %v, want %v", lits, text, l, found[i], want)
				}
			}
			if any != wantAny {
				t.Fatalf("literals %q, text %q: any = %v, want %v", lits, text, any, wantAny)
			}
		}
		// A record: each literal is found where RecordContains finds it,
		// in whichever of the fields.
		for range 5 {
			field := func() string {
				if rng.IntN(3) == 0 {
					return lits[rng.IntN(len(lits))] + word(rng.IntN(4))
				}
				return word(rng.IntN(30))
			}
			r := logparse.Record{Message: field(), Header: logparse.Header{Function: field(), InvokedFunction: field(), Description: field()}}
			found := make([]bool, len(lits))
			set.findRecord(&r, found)
			for i, l := range lits {
				if want := RecordContains(&r, l); found[i] != want {
					t.Fatalf("literals %q, record %+v: found %q = %v, want %v", lits, r, l, found[i], want)
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
	if e.shapes.unmatchd != 2 {
		t.Errorf("unmatched %d, want 2", e.shapes.unmatchd)
	}
}
