package findings_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/golden"
)

// analyseSample returns the report of a sample of testdata/bundles.
func analyseSample(t *testing.T, name string) *findings.Report {
	t.Helper()
	ctx := context.Background()
	b, err := dart.Open(ctx, filepath.Join("..", "testdata", "bundles", name), nil)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	require.NoError(t, err)
	return rep
}

func TestDiffReportsSameBundle(t *testing.T) {
	before, after := analyseSample(t, "dart-windows-technote.zip"), analyseSample(t, "dart-windows-technote.zip")
	require.NotEmpty(t, before.Findings)
	d := findings.DiffReports(before, after)
	assert.Empty(t, d.New)
	assert.Empty(t, d.Resolved)
	require.Len(t, d.Persisting, len(after.Findings))
	for i, p := range d.Persisting {
		assert.Equal(t, after.Findings[i], p.After)
		assert.Equal(t, before.Findings[i], p.Before)
	}
	assert.True(t, d.SameEndpoint())
	assert.Equal(t, "WIN10-LAB-07", d.After.Host)

	// The same bundle, a finding removed from the later report.
	gone := *after
	gone.Findings = after.Findings[1:]
	d = findings.DiffReports(before, &gone)
	assert.Equal(t, before.Findings[:1], d.Resolved)
	assert.Empty(t, d.New)
	assert.Len(t, d.Persisting, len(before.Findings)-1)
	// And the other way round.
	d = findings.DiffReports(&gone, before)
	assert.Equal(t, before.Findings[:1], d.New)
	assert.Empty(t, d.Resolved)
}

// TestDiffReportsPersisting compares the TechNote bundle with one of the
// same endpoint where the hosts-file workaround was applied while the
// failures were logged: the problem persists, its severity lowered.
func TestDiffReportsPersisting(t *testing.T) {
	d := findings.DiffReports(analyseSample(t, "DARTBundle_0617_2021.zip"), analyseSample(t, "hosts-workaround.zip"))
	assert.Empty(t, d.New)
	assert.Empty(t, d.Resolved)
	require.Len(t, d.Persisting, 1)
	p := d.Persisting[0]
	assert.Equal(t, "cscvu39643-mus-dns-queries", p.After.Rule)
	assert.Equal(t, findings.SeverityMedium, p.Before.Severity)
	assert.Equal(t, findings.SeverityInfo, p.After.Severity)
}

// TestDiffReportsWorkaround compares the TechNote bundle in DART's layout
// with the same endpoint two days later, after the hosts-file workaround:
// CSCvu39643 is resolved.
func TestDiffReportsWorkaround(t *testing.T) {
	d := findings.DiffReports(analyseSample(t, "dart-windows-technote.zip"), analyseSample(t, "dart-windows-after-workaround.zip"))
	assert.Equal(t, []string{"cscvu39643-mus-dns-queries"}, ruleIDs(d.Resolved))
	assert.Empty(t, d.New)
	assert.Empty(t, d.Persisting)
	assert.True(t, d.SameEndpoint())
	out, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	golden.Check(t, filepath.Join("testdata", "diff", "technote-after-workaround.json"), append(out, '\n'))
}

// TestDiffReportsMatching checks how findings are paired: by fingerprint,
// several of one fingerprint in order, none without one.
func TestDiffReportsMatching(t *testing.T) {
	f := func(rule, fp, summary string) findings.Finding {
		return findings.Finding{Rule: rule, Fingerprint: fp, Summary: summary}
	}
	before := &findings.Report{Bundle: "a.zip", Facts: &dart.Facts{Hostname: dart.Value{Value: "host-a"}}, Findings: []findings.Finding{
		f("r", "01", "first"), f("r", "01", "second"), f("s", "02", "gone"), f("t", "", "no fingerprint"),
	}}
	after := &findings.Report{Bundle: "b.zip", Facts: &dart.Facts{Hostname: dart.Value{Value: "HOST-A"}}, Incomplete: true, Findings: []findings.Finding{
		f("u", "03", "new"), f("r", "01", "first again"), f("t", "", "no fingerprint"),
	}}
	d := findings.DiffReports(before, after)
	assert.Equal(t, []findings.FindingPair{{Before: before.Findings[0], After: after.Findings[1]}}, d.Persisting)
	assert.Equal(t, []findings.Finding{after.Findings[0], after.Findings[2]}, d.New)
	assert.Equal(t, []findings.Finding{before.Findings[1], before.Findings[2], before.Findings[3]}, d.Resolved)
	assert.True(t, d.SameEndpoint(), "host names in any case")
	assert.True(t, d.After.Incomplete)
	assert.False(t, d.Before.Incomplete)

	after.Facts.Hostname.Value = "host-b"
	assert.False(t, findings.DiffReports(before, after).SameEndpoint())
	before.Facts, after.Facts = nil, nil
	assert.False(t, findings.DiffReports(before, after).SameEndpoint(), "unknown hosts")

	empty := findings.DiffReports(&findings.Report{}, &findings.Report{})
	assert.NotNil(t, empty.New)
	assert.NotNil(t, empty.Resolved)
	assert.NotNil(t, empty.Persisting, "lists are empty, not null, in JSON")
}
