package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every rule can be explained, and its explanation ends with all its
// remedies and references.
func TestExplainEveryRule(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			code, out, stderr := dartscan(t, "explain", r.ID)
			require.Equal(t, 0, code, stderr)
			assert.True(t, strings.HasPrefix(out, r.ID+"\n"+r.Title+"\n"), out)
			require.NotEmpty(t, r.Remediation, "a rule says what to do about its findings")
			var want strings.Builder
			want.WriteString("\nRemediation:\n")
			for i, s := range r.Remediation {
				fmt.Fprintf(&want, "  %d. %s\n", i+1, s)
			}
			assert.Contains(t, out, want.String())
			for _, ref := range r.References {
				assert.Contains(t, out, "  - "+ref.String()+"\n")
			}
		})
	}
}

// explain finds a rule by its ID or a prefix of it, in any case; a prefix
// of several lists them, and exits 2.
func TestExplainLookup(t *testing.T) {
	var vpn []string
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, "vpn-") {
			vpn = append(vpn, r.ID)
		}
	}
	require.Greater(t, len(vpn), 1)
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		rule   string   // the rule explained on stdout
		stderr []string // what stderr says
	}{
		{"id", []string{"cscvu39643-mus-dns-queries"}, 0, "cscvu39643-mus-dns-queries", nil},
		{"id in upper case", []string{"CSCVU39643-MUS-DNS-QUERIES"}, 0, "cscvu39643-mus-dns-queries", nil},
		{"prefix", []string{"cscvu"}, 0, "cscvu39643-mus-dns-queries", nil},
		{"prefix in mixed case", []string{"Captive"}, 0, "captive-portal", nil},
		{"ambiguous prefix", []string{"vpn-"}, 2, "", append([]string{`"vpn-" is the start of ` + fmt.Sprint(len(vpn)) + " rules"}, vpn...)},
		{"ambiguous in upper case", []string{"GATEWAY"}, 2, "", []string{"gateway-unreachable", "gateway-connect-failed", "gateway-rejected-attempt"}},
		{"no such rule", []string{"nope"}, 2, "", []string{`no rule "nope"`, "dartscan rules lists them"}},
		{"longer than an id", []string{"captive-portal-x"}, 2, "", []string{`no rule "captive-portal-x"`}},
		{"empty", []string{""}, 2, "", []string{"usage: dartscan explain RULE"}},
		{"no rule given", nil, 2, "", []string{"usage: dartscan explain RULE"}},
		{"two rules", []string{"captive-portal", "vpn-no-profile"}, 2, "", []string{"usage: dartscan explain RULE"}},
		{"help", []string{"-h"}, 0, "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := dartscan(t, append([]string{"explain"}, tt.args...)...)
			assert.Equal(t, tt.code, code, stderr)
			switch {
			case tt.rule != "":
				assert.True(t, strings.HasPrefix(out, tt.rule+"\n"), out)
				assert.Empty(t, stderr)
			case tt.code == 0:
				assert.Contains(t, out, "usage: dartscan explain RULE")
			default:
				assert.Empty(t, out)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, stderr, s)
			}
		})
	}
}

// An ID that is also the start of a longer one still finds its own rule.
func TestFindRuleExactFirst(t *testing.T) {
	rs := []*findings.Rule{{ID: "dns-failing"}, {ID: "dns"}, {ID: "dns-slow"}}
	r, c := findRule(rs, "DNS")
	require.NotNil(t, r)
	assert.Equal(t, "dns", r.ID)
	assert.Nil(t, c)
	r, c = findRule(rs, "dns-")
	assert.Nil(t, r)
	assert.Len(t, c, 2)
	r, _ = findRule(rs, "dns-f")
	require.NotNil(t, r)
	assert.Equal(t, "dns-failing", r.ID)
}
