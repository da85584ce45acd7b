package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
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
	exts := map[Format]string{Text: "txt", Markdown: "md", JSON: "json", HTML: "html", NDJSON: "ndjson"}
	for _, tc := range diffCases {
		d := findings.DiffReports(sampleReport(t, tc.before), sampleReport(t, tc.after))
		for _, f := range Formats {
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
			var page bytes.Buffer
			require.NoError(t, WriteDiffHTML(&page, d, &Options{Language: language.Korean}))
			require.NoError(t, WriteDiffNDJSON(&page, d, &Options{Language: language.Korean}))
			var missing []string
			for _, k := range stop() {
				// The rules' texts are translated with the rules.
				if !rulesTexts(d)[k] {
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

// rulesTexts returns the titles and remediation of the findings of d.
func rulesTexts(d *findings.Diff) map[string]bool {
	out := map[string]bool{}
	fs := append(append([]findings.Finding(nil), d.New...), d.Resolved...)
	for _, p := range d.Persisting {
		fs = append(fs, p.Before, p.After)
	}
	for _, f := range fs {
		out[f.Title] = true
		for _, s := range f.Remediation {
			out[s] = true
		}
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

// hostileDiff returns a diff of two bundles whose paths, hosts and
// findings hold hostileText: one finding new, one resolved, one
// persisting with another severity and summary, each with evidence among
// its neighbours.
func hostileDiff() *findings.Diff {
	f := hostileBundle().Report.Findings[0]
	f.Fingerprint = hostileText
	old := f
	old.Severity, old.Summary = findings.SeverityLow, "before: "+hostileText
	side := findings.DiffBundle{Bundle: hostileText, Host: hostileText, Platform: dart.PlatformWindows, Incomplete: true}
	return &findings.Diff{
		Before:     side,
		After:      side,
		New:        []findings.Finding{f},
		Resolved:   []findings.Finding{f},
		Persisting: []findings.FindingPair{{Before: old, After: f}},
	}
}

// TestWriteDiffHTMLHostile checks that text from the bundles cannot close
// or open an element of the diff's page, which runs no script, and that
// the page shows every part of the diff: the severity changed, both
// summaries, and the evidence among its neighbours.
func TestWriteDiffHTMLHostile(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteDiffHTML(&buf, hostileDiff(), nil))
	page := buf.String()
	for _, bad := range []string{"<script", "<!--", "<img", `href="javascript:`} {
		if i := strings.Index(page, bad); i >= 0 {
			t.Errorf("the page holds %q: %q", bad, page[max(0, i-60):min(len(page), i+60)])
		}
	}
	assert.Contains(t, page, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-`)
	assert.NotContains(t, page, "script-src")
	for _, id := range []string{"new", "resolved", "persisting"} {
		assert.Contains(t, page, `<section class="part" id="`+id+`" data-count="1">`)
	}
	assert.Equal(t, 3, strings.Count(page, "<details>"), "evidence with neighbours")
	assert.Contains(t, page, `<span class="sev sev-low">LOW</span> → <span class="sev sev-high">HIGH</span>`)
	assert.Contains(t, page, "<strong>Before:</strong> before: &lt;/script&gt;")
	assert.Equal(t, 2, strings.Count(page, `<p class="warn">`), "warnings: both analyses incomplete")
}

// TestWriteDiffNDJSONFieldsAreECS checks every field of the diff's events,
// of the sample cases and of a hostile diff, as TestNDJSONFieldsAreECS
// checks the reports': each is ECS's, of a value it allows, or under
// "anyconnect."; and that each finding of the diff has its event, with
// its fingerprint, then one sums the diff up.
func TestWriteDiffNDJSONFieldsAreECS(t *testing.T) {
	ecs := readECS(t)
	diffs := []*findings.Diff{hostileDiff()}
	for _, tc := range diffCases {
		diffs = append(diffs, findings.DiffReports(sampleReport(t, tc.before), sampleReport(t, tc.after)))
	}
	for i, d := range diffs {
		var buf bytes.Buffer
		require.NoError(t, WriteDiffNDJSON(&buf, d, nil))
		var actions []string
		for line := range strings.Lines(buf.String()) {
			dec := json.NewDecoder(strings.NewReader(line))
			dec.UseNumber()
			var ev map[string]any
			require.NoError(t, dec.Decode(&ev), line)
			for _, err := range ecsErrors(ecs, ev) {
				t.Errorf("diff %d: %v", i, err)
			}
			assert.Equal(t, "anyconnect.diff", ev["event.dataset"])
			assert.Equal(t, d.After.Bundle, ev["anyconnect.diff.after.path"])
			fp, _ := ev["anyconnect.finding.fingerprint"].(string)
			actions = append(actions, fmt.Sprint(ev["event.action"], " ", fp))
		}
		var want []string
		for _, f := range d.New {
			want = append(want, "new "+f.Fingerprint)
		}
		for _, f := range d.Resolved {
			want = append(want, "resolved "+f.Fingerprint)
		}
		for _, p := range d.Persisting {
			want = append(want, "persisting "+p.After.Fingerprint)
		}
		assert.Equal(t, append(want, "summary "), actions, "diff %d", i)
	}
}
