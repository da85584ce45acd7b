package findings_test

import (
	"archive/zip"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/recordtap"
	"github.com/dartkit/dartkit/logparse"
)

// analyzeWithContext analyses a sample bundle keeping n records of
// context, and returns the report and every record the analysis read, by
// file, in order, as context lines.
func analyzeWithContext(t *testing.T, name string, n int) (*findings.Report, map[string][]findings.ContextLine) {
	t.Helper()
	b, err := dart.Open(context.Background(), "../testdata/bundles/"+name, nil)
	require.NoError(t, err)
	defer b.Close()
	read := map[string][]findings.ContextLine{}
	opts := &findings.Options{Context: n}
	recordtap.Set(opts, func(r *logparse.Record) {
		read[r.Pos.File] = append(read[r.Pos.File], findings.ContextLine{Line: r.Pos.Line, Time: r.Time, Text: strings.Clone(r.Text())})
	})
	rep, err := findings.Analyze(context.Background(), b, rules.All(), opts)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Findings)
	return rep, read
}

// TestEvidenceContext checks the records before and after each piece of
// evidence against the records its log holds: n on each side, fewer at the
// start and end of the log, and none for evidence that is no record of a
// log (a fact file's line, an empty folder).
func TestEvidenceContext(t *testing.T) {
	const n = 3
	atStart, atEnd, inLog, notLog := 0, 0, 0, 0
	for _, name := range []string{
		"DARTBundle_0617_2021.zip", "dart-windows-technote.zip", "dart-windows-evtx-only.zip",
		"dart-windows-profiles-none-found.zip", "dart-linux-technote.zip", "macos-syslog.zip",
		"empty-profile-folder.zip", "cert-chain-untrusted.zip", "hosts-workaround.zip",
	} {
		t.Run(name, func(t *testing.T) {
			rep, read := analyzeWithContext(t, name, n)
			for _, f := range rep.Findings {
				for _, ev := range f.Evidence {
					recs, ok := read[ev.File]
					if !ok || ev.Line == 0 {
						notLog++
						assert.Nil(t, ev.Before, "%s: %s", f.Rule, ev.Location())
						assert.Nil(t, ev.After, "%s: %s", f.Rule, ev.Location())
						continue
					}
					inLog++
					i := slices.IndexFunc(recs, func(l findings.ContextLine) bool { return l.Line == ev.Line })
					require.GreaterOrEqual(t, i, 0, "%s: %s is no record read", f.Rule, ev.Location())
					require.Equal(t, recs[i].Text, ev.Text)
					want := func(lines []findings.ContextLine) []findings.ContextLine {
						if len(lines) == 0 {
							return nil
						}
						return lines
					}
					assert.Equal(t, want(recs[max(0, i-n):i]), ev.Before, "%s: before %s", f.Rule, ev.Location())
					assert.Equal(t, want(recs[i+1:min(len(recs), i+1+n)]), ev.After, "%s: after %s", f.Rule, ev.Location())
					if i < n {
						atStart++
					}
					if i+n >= len(recs) {
						atEnd++
					}
				}
			}
		})
	}
	// The samples hold evidence at each end of its log, and evidence of
	// fact files.
	assert.Positive(t, atStart)
	assert.Positive(t, atEnd)
	assert.Positive(t, inLog)
	assert.Positive(t, notLog)
}

// TestEvidenceContextLines checks the context of the TechNote bundle's
// evidence against the text of its event log, record by record: the lines
// where the records just before and after each piece of evidence start.
func TestEvidenceContextLines(t *testing.T) {
	const (
		bundle = "DARTBundle_0617_2021.zip"
		log    = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt"
	)
	zr, err := zip.OpenReader("../testdata/bundles/" + bundle)
	require.NoError(t, err)
	defer zr.Close()
	rc, err := zr.Open(log)
	require.NoError(t, err)
	data, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	// A record of DART's export starts with its Date line, after a row of
	// asterisks; its message ends its last line, the Description's.
	var starts []int
	last := map[int]string{}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Date") && i > 0 && strings.HasPrefix(lines[i-1], "*****") {
			starts = append(starts, i+1)
		}
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "*****") && len(starts) > 0 {
			if d, ok := strings.CutPrefix(l, "Description"); ok {
				_, l, _ = strings.Cut(d, ":")
			}
			last[starts[len(starts)-1]] = strings.TrimSpace(l)
		}
	}
	require.Greater(t, len(starts), 10)

	rep, _ := analyzeWithContext(t, bundle, 2)
	checked := 0
	for _, ev := range rep.Findings[0].Evidence {
		if ev.File != log {
			continue
		}
		i := slices.Index(starts, ev.Line)
		require.GreaterOrEqual(t, i, 0, "%s starts no record", ev.Location())
		var before, after []int
		for _, l := range ev.Before {
			before = append(before, l.Line)
			assert.True(t, strings.HasSuffix(l.Text, last[l.Line]), "line %d: %q does not end in %q", l.Line, l.Text, last[l.Line])
		}
		for _, l := range ev.After {
			after = append(after, l.Line)
			assert.True(t, strings.HasSuffix(l.Text, last[l.Line]), "line %d: %q does not end in %q", l.Line, l.Text, last[l.Line])
		}
		assert.Equal(t, starts[max(0, i-2):i], append([]int{}, before...), "before %s", ev.Location())
		assert.Equal(t, starts[i+1:min(len(starts), i+3)], append([]int{}, after...), "after %s", ev.Location())
		checked++
	}
	assert.Greater(t, checked, 5)
}

// TestEvidenceContextBounds checks that Context 0 keeps none, and that
// more than MaxContext keeps MaxContext.
func TestEvidenceContextBounds(t *testing.T) {
	for _, c := range []struct{ ask, want int }{{0, 0}, {-1, 0}, {findings.MaxContext + 5, findings.MaxContext}} {
		rep, _ := analyzeWithContext(t, "dart-linux-technote.zip", c.ask)
		most := 0
		for _, f := range rep.Findings {
			for _, ev := range f.Evidence {
				most = max(most, len(ev.Before), len(ev.After))
				if c.want == 0 {
					assert.Nil(t, ev.Before)
					assert.Nil(t, ev.After)
				}
			}
		}
		assert.Equal(t, c.want, most, "Context %d", c.ask)
	}
}
