package findings

import (
	"errors"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func okRule(id string) *Rule {
	return &Rule{ID: id, Title: "t", Check: func(*Pass) error { return nil }}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		rules []*Rule
		want  string // substring of the error; "" for none
	}{
		{"ok", []*Rule{okRule("a"), okRule("b.c-1")}, ""},
		{"bad id", []*Rule{okRule("Bad ID")}, "ID must match"},
		{"duplicate", []*Rule{okRule("a"), okRule("a")}, "duplicate ID"},
		{"no title", []*Rule{{ID: "a", Check: func(*Pass) error { return nil }}}, "no title"},
		{"no check", []*Rule{{ID: "a", Title: "t"}}, "no Check"},
		{"nil", []*Rule{nil}, "is nil"},
		{"signal names", []*Rule{{ID: "a", Title: "t", Check: okRule("x").Check, Signals: []Signal{{Name: "s"}, {Name: "s"}}}}, "signal name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.rules)
			if tt.want == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.want)
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	g, err := NewRegistry(okRule("a"), okRule("b"))
	require.NoError(t, err)
	require.NoError(t, g.Register(okRule("c")))
	assert.Error(t, g.Register(okRule("d"), okRule("a")), "duplicate refused")
	assert.Len(t, g.Rules(), 3, "a failed Register adds nothing")
	got, err := g.Select("c", "a")
	require.NoError(t, err)
	assert.Equal(t, "c", got[0].ID)
	assert.Equal(t, "a", got[1].ID)
	_, err = g.Select("zz")
	assert.True(t, errors.Is(err, ErrUnknownRule))
}

func TestEvaluateSkipsAndApplicability(t *testing.T) {
	ran := map[string]bool{}
	mk := func(id string, f func(*Rule)) *Rule {
		r := okRule(id)
		r.Check = func(*Pass) error { ran[id] = true; return nil }
		f(r)
		return r
	}
	rules := []*Rule{
		mk("needs-log", func(r *Rule) { r.Needs = []Input{InputVPNLog} }),
		mk("needs-hosts", func(r *Rule) { r.Needs = []Input{InputHosts} }),
		mk("mac-only", func(r *Rule) { r.Platforms = []dart.Platform{dart.PlatformMacOS} }),
		mk("old-only", func(r *Rule) { r.Versions = dart.Range{Before: dart.MustParseVersion("4.10")} }),
		mk("any", func(*Rule) {}),
	}
	facts := &dart.Facts{Platform: dart.PlatformWindows, Product: dart.Product{Version: dart.MustParseVersion("4.10.00093")}}
	records := func(yield func(logparse.Record) bool) {
		yield(logparse.Record{Source: "acvpnagent", Message: "hello"})
	}
	_, skips, err := Evaluate(rules, records, &EvaluateOptions{Facts: facts})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"needs-log": true, "any": true}, ran)
	require.Len(t, skips, 3)
	assert.Equal(t, Skip{Rule: "needs-hosts", Reason: "the bundle has no hosts-file", Missing: []Input{InputHosts}}, skips[0])
	assert.Equal(t, "does not apply to windows", skips[1].Reason)
	assert.Equal(t, "does not apply to version 4.10.00093 (applies to < 4.10)", skips[2].Reason)
}

func TestPassReportDefaults(t *testing.T) {
	r := &Rule{ID: "r", Title: "Title", Severity: SeverityHigh, Remediation: []string{"fix"},
		References: []Reference{{Kind: "bug", ID: "CSC1"}},
		Check: func(p *Pass) error {
			p.Report(Finding{Summary: "s"})
			p.Report(Finding{Summary: "t", Severity: SeverityLow, Title: "Other"})
			return nil
		}}
	got, _, err := Evaluate([]*Rule{r}, func(func(logparse.Record) bool) {}, nil)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, Finding{Rule: "r", Severity: SeverityHigh, Title: "Title", Summary: "s", Evidence: []Evidence{},
		Remediation: []string{"fix"}, References: []Reference{{Kind: "bug", ID: "CSC1"}}, Fingerprint: got[0].Fingerprint}, got[0])
	assert.Regexp(t, `^[0-9a-f]{16}$`, got[0].Fingerprint, "set whatever the rule gave")
	assert.Equal(t, "Other", got[1].Title)
	assert.Equal(t, SeverityLow, got[1].Severity)
}

func TestSeverity(t *testing.T) {
	for i, n := range []string{"info", "low", "medium", "high", "critical"} {
		s, err := ParseSeverity(n)
		require.NoError(t, err)
		assert.Equal(t, Severity(i+1), s)
		assert.Equal(t, n, s.String())
	}
	s, err := ParseSeverity("HIGH")
	require.NoError(t, err)
	assert.Equal(t, SeverityHigh, s)
	_, err = ParseSeverity("severe")
	assert.ErrorContains(t, err, "unknown severity")
}

func TestSourceIs(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"acvpnagent", true}, {"ACVPNAGENT", true}, {"vpnagentd (libvpnagentutilities.dylib)", true},
		{"csc_vpnagent", true}, {"vpnagentd:", true}, {"kernel", false}, {"acvpnagent2", false},
	} {
		assert.Equal(t, tt.want, SourceIs(&logparse.Record{Source: tt.src}, AgentSources()...), tt.src)
	}
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"Cisco AnyConnect Secure Mobility Client", true},
		{"Cisco Secure Client - AnyConnect VPN (ext)", true},
		{"cisco secure client", true},
		{"Cisco Secure", false},
		{"Cisco Webex", false},
		{"vpnui (libvpnapi.dylib)", true},
		{"kernel", false},
	} {
		assert.Equal(t, tt.want, SourceIs(&logparse.Record{Source: tt.src}, VPNSources()...), tt.src)
	}
}
