package findings_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/dartkit/dartkit/logparse"
)

// technote is the Windows endpoint of the TechNote: AnyConnect 4.8.03052,
// no VPN profile, 8 failures to resolve mus.cisco.com.
func technote() sample.Windows {
	return sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote, NewestFirst: true}
}

// analyse returns the report of the bundle zip holds, with every built-in
// rule.
func analyse(t *testing.T, name string, zip []byte) *findings.Report {
	t.Helper()
	ctx := context.Background()
	b, err := dart.NewReader(ctx, bytes.NewReader(zip), int64(len(zip)), name, nil)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	require.NoError(t, err)
	require.False(t, rep.Incomplete, "%s: %v", name, rep.Errors)
	return rep
}

// renamed returns files with the host WIN10-LAB-07 named host instead in
// the text files (the binary event logs keep their checksums, and name it
// with its domain).
func renamed(files []sample.File, host string) []sample.File {
	out := slices.Clone(files)
	for i, f := range out {
		d := bytes.ReplaceAll(f.Data, []byte("WIN10-LAB-07"), []byte(host))
		out[i].Data = bytes.ReplaceAll(d, sample.UTF16LE("WIN10-LAB-07")[2:], sample.UTF16LE(host)[2:])
	}
	return out
}

// fingerprints returns the rule and fingerprint of each finding.
func fingerprints(rep *findings.Report) [][2]string {
	var out [][2]string
	for _, f := range rep.Findings {
		out = append(out, [2]string{f.Rule, f.Fingerprint})
	}
	return out
}

// locations returns where each finding's evidence is, and when.
func locations(rep *findings.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		for _, e := range f.Evidence {
			out = append(out, e.Location()+" "+e.Time.String())
		}
	}
	return out
}

// TestFingerprintsStable analyses bundles of one endpoint that differ in
// what must not matter, and requires the same fingerprints; and bundles
// that differ in what identifies a problem, and requires others.
func TestFingerprintsStable(t *testing.T) {
	base := technote()
	dartLayout := base
	dartLayout.DART = true
	later := base
	later.Later = 24 * time.Hour
	// Newest first: records newer than all others go on top, and move
	// every line below them.
	moved := base
	for i := range 3 {
		moved.Extra = append(moved.Extra, sample.Event{Time: sample.TechNoteStart.Add(5*time.Minute + time.Duration(i)*time.Second),
			Type: "Information", Source: "acvpnagent", Body: "A new network interface has been detected."})
	}
	upgraded := base
	upgraded.Version = "4.9.04043" // still before 4.10: not fixed
	fixed := base
	fixed.Version, fixed.DARTVersion = "4.10.00093", "4.10.00093"

	want := analyse(t, "base.zip", sample.Zip(base.Files()))
	require.Equal(t, [][2]string{{"cscvu39643-mus-dns-queries", want.Findings[0].Fingerprint}}, fingerprints(want))
	reversed := base.Files()
	slices.Reverse(reversed)

	for _, tc := range []struct {
		name string
		zip  []byte
		// moves says the evidence is elsewhere or at other times than
		// in base: the test is not met by an unchanged bundle.
		moves bool
	}{
		{"the same bundle", sample.Zip(base.Files()), false},
		{"its files in reverse order", sample.Zip(reversed), false},
		{"every time a day later", sample.Zip(later.Files()), true},
		{"lines inserted at the top", sample.Zip(moved.Files()), true},
		{"in DART's layout", sample.ZipDART(dartLayout.Files()), true},
		{"upgraded to a version with the bug", sample.Zip(upgraded.Files()), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := analyse(t, tc.name+".zip", tc.zip)
			assert.Equal(t, fingerprints(want), fingerprints(got))
			if tc.moves {
				assert.NotEqual(t, locations(want), locations(got), "the evidence moved")
			}
		})
	}

	t.Run("another endpoint", func(t *testing.T) {
		got := analyse(t, "other.zip", sample.Zip(renamed(base.Files(), "WIN10-LAB-12")))
		require.Equal(t, "WIN10-LAB-12", got.Facts.Hostname.Value)
		require.Len(t, got.Findings, 1)
		assert.Equal(t, want.Findings[0].Rule, got.Findings[0].Rule)
		assert.NotEqual(t, want.Findings[0].Fingerprint, got.Findings[0].Fingerprint)
	})
	t.Run("fixed by the upgrade", func(t *testing.T) {
		got := analyse(t, "fixed.zip", sample.Zip(fixed.Files()))
		d := findings.DiffReports(want, got)
		assert.Equal(t, []string{"cscvu39643-mus-dns-queries"}, ruleIDs(d.Resolved))
		assert.Equal(t, []string{"dns-mus-lookup-failing"}, ruleIDs(d.New))
		assert.Empty(t, d.Persisting)
	})
}

// TestFingerprintIdentity checks what a rule's Identity takes in.
func TestFingerprintIdentity(t *testing.T) {
	host := func(h string) findings.FactRef { return findings.FactRef{Name: "requested-host", Value: h} }
	last := func(v string) findings.FactRef {
		return findings.FactRef{Name: "last-connection", Value: v, File: "a.txt", Line: 7}
	}
	reported := [][]findings.FactRef{
		0: {host("vpn.example.com"), last("none")},
		1: {last("2020-06-17 20:21:32"), host("VPN.example.com")}, // same problem as 0
		2: {host("vpn2.example.com"), last("none")},
		3: {host("vpn.example.com, vpn2.example.com")},
		4: {host("vpn2.example.com, vpn.example.com")},         // same as 3
		5: {host("vpn.example.com"), host("vpn2.example.com")}, // same as 3
		6: nil,
	}
	run := func(identity []string, facts *dart.Facts) []string {
		t.Helper()
		r := &findings.Rule{ID: "r", Title: "T", Identity: identity, Check: func(p *findings.Pass) error {
			for _, f := range reported {
				p.Report(findings.Finding{Facts: f})
			}
			return nil
		}}
		got, _, err := findings.Evaluate([]*findings.Rule{r}, func(func(logparse.Record) bool) {}, &findings.EvaluateOptions{Facts: facts})
		require.NoError(t, err)
		out := make([]string, len(got))
		for i, f := range got {
			require.Regexp(t, `^[0-9a-f]{16}$`, f.Fingerprint)
			out[i] = f.Fingerprint
		}
		return out
	}
	endpoint := &dart.Facts{Hostname: dart.Value{Value: "WIN10-LAB-07"}, Product: dart.Product{Name: "Cisco AnyConnect Secure Mobility Client"}, Platform: dart.PlatformWindows}

	fp := run([]string{"requested-host"}, endpoint)
	assert.Equal(t, fp[0], fp[1], "not the last connection, nor the case of a name")
	assert.NotEqual(t, fp[0], fp[2], "another gateway")
	assert.Equal(t, fp[3], fp[4], "a list is a set")
	assert.Equal(t, fp[3], fp[5], "a list is a set")
	assert.NotEqual(t, fp[0], fp[3])
	assert.NotEqual(t, fp[0], fp[6], "no host asked for")

	all := run(nil, endpoint)
	assert.NotEqual(t, all[0], all[1], "nil Identity: every fact")
	assert.NotEqual(t, fp[0], all[0])

	none := run([]string{}, endpoint)
	for _, f := range none {
		assert.Equal(t, none[0], f, "empty Identity: the rule and the endpoint alone")
	}

	other := *endpoint
	other.Hostname.Value = "win10-lab-07"
	assert.Equal(t, fp, run([]string{"requested-host"}, &other), "the host name in any case")
	other.Hostname.Value = "WIN10-LAB-12"
	assert.NotEqual(t, fp[0], run([]string{"requested-host"}, &other)[0], "another endpoint")
	assert.NotEqual(t, none[0], run([]string{}, nil)[0], "an unknown endpoint is not this one")

	product := run([]string{findings.IdentityProduct}, endpoint)
	other = *endpoint
	other.Product.Version = dart.MustParseVersion("4.9.04043")
	other.Platform = dart.PlatformMacOS
	assert.Equal(t, product, run([]string{findings.IdentityProduct}, &other), "not the version")
	other.Product.Name = "Cisco Secure Client"
	assert.NotEqual(t, product[0], run([]string{findings.IdentityProduct}, &other)[0], "another product")
	assert.NotEqual(t, product[0], run([]string{findings.IdentityPlatform}, endpoint)[0])
}

func ruleIDs(fs []findings.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestValidateIdentity(t *testing.T) {
	check := func(*findings.Pass) error { return nil }
	err := findings.Validate([]*findings.Rule{{ID: "r", Title: "T", Check: check, Identity: []string{"requested-host", " "}}})
	assert.ErrorContains(t, err, `rule "r": empty name in Identity`)
	_, err = findings.NewRegistry(&findings.Rule{ID: "r", Title: "T", Check: check, Identity: []string{""}})
	require.Error(t, err)
	assert.Equal(t, 1, strings.Count(err.Error(), "empty name in Identity"), "said once")
	assert.NoError(t, findings.Validate([]*findings.Rule{{ID: "r", Title: "T", Check: check, Identity: []string{}}}))
}
