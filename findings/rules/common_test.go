package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules/internal/scenario"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t1 is when the records of the catalogue rules' tests start.
var t1 = time.Date(2026, 3, 9, 9, 15, 2, 0, time.UTC)

// rec returns a record of src at t1+sec with message msg.
func rec(sec int, src, msg string) logparse.Record {
	return logparse.Record{Time: t1.Add(time.Duration(sec) * time.Second), Source: src, Message: msg}
}

// dbg returns a record with a debug header (function, file, line) and text.
func dbg(sec int, src, fn, text string) logparse.Record {
	r := rec(sec, src, text)
	r.Header = logparse.Header{Function: fn, File: "ConnectMgr.cpp", Line: 1360}
	return r
}

func requestedAt(sec int, host string) logparse.Record {
	return rec(sec, "acvpnapi", "An SSL VPN connection to "+host+" has been requested by the user.")
}

// platform returns facts for a platform and version ("" for unknown), as
// scenarios have them.
func platform(p dart.Platform, version string) *dart.Facts {
	f, err := scenario.Facts(p, version)
	if err != nil {
		panic(err)
	}
	return f
}

// A ruleCase is one row of a catalogue rule's table: records and facts in,
// the rule's finding (or none, when severity is 0) out.
type ruleCase struct {
	name     string
	facts    *dart.Facts // nil: Windows, version unknown
	records  []logparse.Record
	severity findings.Severity // 0: the rule must not report
	contains []string          // phrases of the summary
}

// runRule evaluates rule alone on each case and checks its finding. The
// records get positions in AnyConnectVPN.txt in the order given.
func runRule(t *testing.T, rule *findings.Rule, cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.facts
			if f == nil {
				f = platform(dart.PlatformWindows, "")
			}
			recs := slices.Clone(tt.records)
			for i := range recs {
				if recs[i].Pos.File == "" {
					recs[i].Pos = logparse.Position{File: "AnyConnectVPN.txt", Line: 10 * (i + 1)}
				}
			}
			got, skips, err := findings.Evaluate([]*findings.Rule{rule}, slices.Values(recs), &findings.EvaluateOptions{Facts: f})
			require.NoError(t, err)
			if tt.severity == 0 {
				assert.Empty(t, got, "skips: %v", skips)
				return
			}
			require.Len(t, got, 1, "skips: %v", skips)
			g := got[0]
			assert.Equal(t, rule.ID, g.Rule)
			assert.Equal(t, tt.severity, g.Severity)
			for _, c := range tt.contains {
				assert.Contains(t, g.Summary, c)
			}
			require.NotEmpty(t, g.Evidence)
			for _, e := range g.Evidence {
				assert.NotEmpty(t, e.File)
				assert.NotZero(t, e.Line)
			}
		})
	}
}

func TestCatalogueRulesDocumented(t *testing.T) {
	for _, r := range All() {
		assert.NotEmpty(t, r.Doc, r.ID)
		if r != MusLookupCSCvu39643 { // its remedies depend on the platform
			assert.NotEmpty(t, r.Remediation, r.ID)
		}
		assert.NotEmpty(t, r.Component, r.ID)
		if r != MusCaptureOnly { // reads a capture, not the logs
			assert.Contains(t, r.Needs, findings.InputVPNLog, r.ID)
		}
		for _, s := range r.Signals {
			assert.NotEmpty(t, s.Contains, "%s: signal %s needs a Contains prefilter", r.ID, s.Name)
		}
	}
}

func TestWhen(t *testing.T) {
	for _, tt := range []struct {
		c    findings.Cadence
		want string
	}{
		{findings.Cadence{}, ""},
		{findings.Cadence{Timed: 1, First: t1, Last: t1}, "at 09:15:02"},
		{findings.Cadence{Timed: 2, First: t1, Last: t1.Add(398 * time.Second)}, "between 09:15:02 and 09:21:40"},
		{findings.Cadence{Timed: 2, First: t1, Last: t1.Add(24 * time.Hour)}, "between 2026-03-09 09:15:02 and 2026-03-10 09:15:02"},
	} {
		assert.Equal(t, tt.want, when(&findings.Pass{}, tt.c))
	}
}
