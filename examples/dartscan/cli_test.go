package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jobsDefault is -j's default in the usage: the machine's CPUs, so the
// golden holds a placeholder.
var jobsDefault = regexp.MustCompile(`(bundles analysed at once) \(default \d+\)`)

// Every way of asking for help prints the usage on stdout and exits 0,
// wherever the flag is.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"help"},
		{"-h"},
		{"-help"},
		{"--help"},
		{"-format", "json", "-h"},
		{bundles + "clean.zip", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, stderr := dartscan(t, args...)
			assert.Equal(t, 0, code)
			assert.Empty(t, stderr)
			out = jobsDefault.ReplaceAllString(out, "$1 (default: the number of CPUs)")
			golden.Check(t, filepath.Join("testdata", "usage.txt"), []byte(out))
		})
	}
}

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

// Flags may come before, between or after the bundle names.
func TestFlagsAnywhere(t *testing.T) {
	technote, clean := bundles+"DARTBundle_0617_2021.zip", bundles+"clean.zip"
	for _, tt := range []struct {
		name    string
		args    []string
		code    int
		bundles []string // the bundles of the JSON report, in order
	}{
		{"after the bundle", []string{clean, "-format", "json"}, 0, []string{clean}},
		{"after the bundle, with =", []string{clean, "-format=json"}, 0, []string{clean}},
		{"double dash", []string{clean, "--format", "json"}, 0, []string{clean}},
		{"between bundles", []string{technote, "-format", "json", clean}, 0, []string{technote, clean}},
		{"before and after", []string{"-format", "json", technote, "-fail-on", "medium", clean}, 1, []string{technote, clean}},
		{"after every bundle", []string{technote, clean, "-fail-on", "high", "-format", "json"}, 0, []string{technote, clean}},
		{"-- as a flag's value does not end the flags", []string{"-capture", "--", clean, "-format", "json"}, 2, []string{clean}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := dartscan(t, tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			d := parse(t, out)
			var got []string
			for _, b := range d.Bundles {
				got = append(got, b.Path)
			}
			assert.Equal(t, tt.bundles, got)
		})
	}
	code, out, stderr := dartscan(t, clean, "-format", "markdown")
	assert.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(out, "# "+clean+"\n"), out)
}

// After "--" every argument is a bundle name, even one that looks like a
// flag.
func TestDoubleDashEndsFlags(t *testing.T) {
	clean, err := filepath.Abs(bundles + "clean.zip")
	require.NoError(t, err)
	data, err := os.ReadFile(clean)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("-format", data, 0o644))
	code, out, stderr := dartscan(t, "-format", "json", clean, "--", "-format", "json")
	assert.Equal(t, 2, code, "json is no bundle")
	assert.Contains(t, stderr, "json")
	d := parse(t, out)
	require.Len(t, d.Bundles, 3)
	assert.Equal(t, "-format", d.Bundles[1].Path)
	assert.Equal(t, "4.10.07073", d.Bundles[1].Product.Version, "the file named -format is read")
	assert.Equal(t, "json", d.Bundles[2].Path)
	assert.NotEmpty(t, d.Bundles[2].Errors)
}

// A flag after a bundle name that is wrong is refused as one before it
// is: exit 2, and a message that names the flag.
func TestBadFlagAfterBundle(t *testing.T) {
	clean := bundles + "clean.zip"
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{clean, "-verbose"}, "flag provided but not defined: -verbose"},
		{[]string{clean, "--verbose", clean}, "flag provided but not defined: -verbose"},
		{[]string{clean, "-format"}, "flag needs an argument: -format"},
		{[]string{clean, "-j", "many"}, `invalid value "many" for flag -j`},
		{[]string{clean, "-format", "xml"}, `unknown format "xml"`},
		{[]string{clean, "-fail-on", "severe"}, "unknown severity"},
		{[]string{clean, "-rules", "nope"}, "unknown rule"},
	} {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, out, stderr := dartscan(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out, "nothing is analysed")
			assert.True(t, strings.HasPrefix(stderr, "dartscan: "), stderr)
			assert.Contains(t, strings.SplitN(stderr, "\n", 2)[0], tt.says)
		})
	}
}
