package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
)

// diffCases are pairs of sample bundles, each showing a part of a diff.
var diffCases = []struct {
	name, before, after string
}{
	// The workaround applied while the failures were logged: CSCvu39643
	// persists, its severity lowered and its summary changed.
	{"persisting", "DARTBundle_0617_2021.zip", "hosts-workaround.zip"},
	// One endpoint: CSCvu39643 gone, a gateway unreachable.
	{"new-resolved", "dart-windows-technote.zip", "gateway-unreachable.zip"},
	// Another endpoint, and a bundle cut short: warned of.
	{"other-endpoint", "dart-linux-technote.zip", "truncated.zip"},
}

// sampleReport returns the report of a sample of testdata/bundles, named
// by its file name alone.
func sampleReport(t *testing.T, name string) *findings.Report {
	t.Helper()
	b := analyze(t, filepath.Join("..", "testdata", "bundles", name))
	require.NoError(t, b.Err)
	b.Report.Bundle = name
	return b.Report
}

// TestWriteDiff writes each case in every format, in English, and the
// text in Korean, and compares them with testdata/diff.
func TestWriteDiff(t *testing.T) {
	exts := map[Format]string{Text: "txt", Markdown: "md", JSON: "json"}
	for _, tc := range diffCases {
		d := findings.DiffReports(sampleReport(t, tc.before), sampleReport(t, tc.after))
		for _, f := range []Format{Text, JSON, Markdown} {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				var out bytes.Buffer
				require.NoError(t, WriteDiff(&out, f, d, nil))
				golden.Check(t, filepath.Join("testdata", "diff", tc.name+"."+exts[f]), out.Bytes())
			})
		}
		t.Run(tc.name+"/ko", func(t *testing.T) {
			stop := i18n.Record()
			var out bytes.Buffer
			require.NoError(t, WriteDiffText(&out, d, &Options{Language: language.Korean}))
			require.NoError(t, WriteDiffMarkdown(&out, d, &Options{Language: language.Korean}))
			var missing []string
			for _, k := range stop() {
				// The rules' titles are translated with the rules.
				if !titles(d)[k] {
					missing = append(missing, k)
				}
			}
			assert.Empty(t, missing, "texts of the diff without Korean")
			golden.Check(t, filepath.Join("testdata", "diff", tc.name+".ko.txt"), out.Bytes())
		})
	}
	var out bytes.Buffer
	assert.ErrorContains(t, WriteDiff(&out, "yaml", &findings.Diff{}, nil), `unknown format "yaml"`)
}

// titles returns the titles of the findings of d.
func titles(d *findings.Diff) map[string]bool {
	out := map[string]bool{}
	for _, f := range append(append([]findings.Finding(nil), d.New...), d.Resolved...) {
		out[f.Title] = true
	}
	for _, p := range d.Persisting {
		out[p.Before.Title], out[p.After.Title] = true, true
	}
	return out
}

// TestWriteDiffJSONDecodes checks that the JSON document holds the whole
// diff: decoded, it is the diff written.
func TestWriteDiffJSONDecodes(t *testing.T) {
	tc := diffCases[0]
	d := findings.DiffReports(sampleReport(t, tc.before), sampleReport(t, tc.after))
	var out bytes.Buffer
	require.NoError(t, WriteDiffJSON(&out, d, nil))
	var got struct {
		SchemaVersion int `json:"schema_version"`
		findings.Diff
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	assert.Equal(t, SchemaVersion, got.SchemaVersion)
	require.Len(t, got.Persisting, 1)
	assert.Equal(t, d.Persisting[0].After.Fingerprint, got.Persisting[0].After.Fingerprint)
	assert.Equal(t, d.Persisting[0].Before.Severity, got.Persisting[0].Before.Severity)
	assert.Equal(t, d.Before, got.Before)
	assert.Equal(t, d.After, got.After)
	assert.Empty(t, got.New)
	assert.Empty(t, got.Resolved)
}
