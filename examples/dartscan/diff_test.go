package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/dartkit/dartkit/report"
)

// The TechNote pair: the endpoint, then the same endpoint after the
// hosts-file workaround.
const (
	technoteBefore = bundles + "dart-windows-technote.zip"
	technoteAfter  = bundles + "dart-windows-after-workaround.zip"
)

// TestDiffTechNote compares the TechNote pair in every format:
// CSCvu39643 is resolved.
func TestDiffTechNote(t *testing.T) {
	exts := map[report.Format]string{report.Text: "txt", report.Markdown: "md", report.JSON: "json", report.HTML: "html", report.NDJSON: "ndjson"}
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			require.Contains(t, exts, f, "a golden file's extension")
			code, out, stderr := dartscan(t, "diff", "-format", string(f), technoteBefore, technoteAfter)
			require.Equal(t, exitOK, code, stderr)
			assert.Empty(t, stderr)
			golden.Check(t, filepath.Join("testdata", "diff-technote."+exts[f]), []byte(out))
		})
	}
	_, out, _ := dartscan(t, "diff", "-format", "json", technoteBefore, technoteAfter)
	var d struct {
		New, Resolved, Persisting []struct{ Rule, Fingerprint string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Empty(t, d.New)
	assert.Empty(t, d.Persisting)
	require.Len(t, d.Resolved, 1)
	assert.Equal(t, "cscvu39643-mus-dns-queries", d.Resolved[0].Rule)
	assert.Regexp(t, `^[0-9a-f]{16}$`, d.Resolved[0].Fingerprint)
}

// TestDiffExit checks diff's exit codes: -fail-on counts only new
// findings; a bundle not analysed, or no DART bundle, or read in part, is
// an error.
func TestDiffExit(t *testing.T) {
	notBundle := filepath.Join(t.TempDir(), "notes.zip")
	require.NoError(t, os.WriteFile(notBundle, sample.Zip([]sample.File{{Name: "notes.txt", Data: []byte("Customer called on Monday.\n")}}), 0o644))
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		out    string // in stdout; "" when nothing is written
		stderr string // in stderr; "" when it is empty
	}{
		{"resolved, fail-on info", []string{"-fail-on", "info", technoteBefore, technoteAfter}, exitOK, "0 new, 1 resolved", ""},
		{"new at the threshold", []string{"-fail-on", "high", technoteBefore, bundles + "gateway-unreachable.zip"}, exitFindings, "1 new, 1 resolved", ""},
		{"new below the threshold", []string{"-fail-on", "critical", technoteBefore, bundles + "gateway-unreachable.zip"}, exitOK, "1 new", ""},
		{"new without -fail-on", []string{technoteAfter, technoteBefore}, exitOK, "1 new, 0 resolved", ""},
		{"persisting, fail-on info", []string{"-fail-on", "info", bundles + "DARTBundle_0617_2021.zip", bundles + "hosts-workaround.zip"}, exitOK, "1 persisting", ""},
		{"flags after the bundles", []string{technoteBefore, technoteAfter, "-format", "json"}, exitOK, `"resolved": [`, ""},
		{"incomplete", []string{technoteBefore, bundles + "truncated.zip"}, exitError, "the analysis of the later bundle is incomplete", "truncated.zip: analysis incomplete"},
		{"incomplete outranks -fail-on", []string{"-fail-on", "info", bundles + "truncated.zip", bundles + "gateway-unreachable.zip"}, exitError, "1 new", "analysis incomplete"},
		{"missing", []string{technoteBefore, "missing.zip"}, exitError, "", "missing.zip"},
		{"not a DART bundle", []string{technoteBefore, notBundle}, exitError, "", "not a DART bundle"},
		{"one bundle", []string{technoteBefore}, exitError, "", "usage: dartscan diff"},
		{"three bundles", []string{technoteBefore, technoteAfter, technoteAfter}, exitError, "", "usage: dartscan diff"},
		{"bad format", []string{"-format", "yaml", technoteBefore, technoteAfter}, exitError, "", `unknown format "yaml"`},
		{"bad severity", []string{"-fail-on", "severe", technoteBefore, technoteAfter}, exitError, "", "unknown severity"},
		{"bad flag", []string{"-rules", "x", technoteBefore, technoteAfter}, exitError, "", "flag provided but not defined: -rules"},
		{"help", []string{"help"}, exitOK, "usage: dartscan diff", ""},
		{"-h", []string{"-h"}, exitOK, "usage: dartscan diff", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := dartscan(t, append([]string{"diff"}, tt.args...)...)
			assert.Equal(t, tt.code, code, stderr)
			if tt.out == "" {
				assert.Empty(t, out)
			} else {
				assert.Contains(t, out, tt.out)
			}
			if tt.stderr == "" {
				assert.Empty(t, stderr)
			} else {
				assert.Contains(t, stderr, tt.stderr)
				assert.Equal(t, strings.Count(stderr, "dartscan diff:") > 0, !strings.HasPrefix(stderr, "usage"), "an error names the command")
			}
		})
	}
}
