package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bundles = "../../testdata/bundles/"

func dartscan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// jsonDoc is the documented shape of -format json.
type jsonDoc struct {
	Bundles []struct {
		Path     string `json:"path"`
		Platform string `json:"platform"`
		Product  struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"product"`
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Title    string `json:"title"`
			Summary  string `json:"summary"`
			Evidence []struct {
				File string `json:"file"`
				Line int    `json:"line"`
				Time string `json:"time"`
				Text string `json:"text"`
			} `json:"evidence"`
			Remediation []string `json:"remediation"`
			References  []struct {
				ID string `json:"id"`
			} `json:"references"`
		} `json:"findings"`
		Errors []string `json:"errors"`
	} `json:"bundles"`
}

func parse(t *testing.T, s string) jsonDoc {
	t.Helper()
	var d jsonDoc
	dec := json.NewDecoder(strings.NewReader(s))
	require.NoError(t, dec.Decode(&d))
	assert.False(t, dec.More(), "one JSON document")
	return d
}

func TestJSONTechNote(t *testing.T) {
	code, out, stderr := dartscan(t, "-format", "json", bundles+"DARTBundle_0617_2021.zip")
	require.Equal(t, 0, code, stderr)
	d := parse(t, out)
	require.Len(t, d.Bundles, 1)
	b := d.Bundles[0]
	assert.Equal(t, "windows", b.Platform)
	assert.Equal(t, "4.8.03052", b.Product.Version)
	assert.Equal(t, "Cisco AnyConnect Secure Mobility Client", b.Product.Name)
	require.Len(t, b.Findings, 1)
	f := b.Findings[0]
	assert.Equal(t, "cscvu39643-mus-dns-queries", f.Rule)
	assert.Equal(t, "medium", f.Severity)
	assert.Contains(t, f.Summary, "8 failures, one every 15.0 s, 20:21:32 to 20:23:17")
	timed := 0
	for _, e := range f.Evidence {
		assert.NotEmpty(t, e.File)
		assert.Positive(t, e.Line)
		if strings.Contains(e.Text, "mus.cisco.com") {
			timed++
			assert.True(t, strings.HasPrefix(e.Time, "2020-06-17T20:2"), e.Time)
		}
	}
	assert.GreaterOrEqual(t, timed, 3)
	assert.Len(t, f.Remediation, 3)
	assert.Equal(t, "CSCvu39643", f.References[0].ID)
	assert.Empty(t, b.Errors)
}

func TestNoBugWhereFixedOrProfiled(t *testing.T) {
	code, out, stderr := dartscan(t, "-format", "json", bundles+"version-4.10.zip", bundles+"with-vpn-profile.zip")
	require.Equal(t, 0, code, stderr)
	d := parse(t, out)
	require.Len(t, d.Bundles, 2)
	for _, b := range d.Bundles {
		for _, f := range b.Findings {
			assert.NotContains(t, f.Rule, "cscvu39643", b.Path)
			for _, r := range f.References {
				assert.NotEqual(t, "CSCvu39643", r.ID)
			}
		}
	}
	assert.Equal(t, "4.10.00093", d.Bundles[0].Product.Version)
}

func TestBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	notBundle := filepath.Join(dir, "photo.jpg")
	require.NoError(t, os.WriteFile(notBundle, []byte("\xff\xd8\xff\xe0 not a bundle at all"), 0o644))
	empty := filepath.Join(dir, "empty.zip")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	for _, tt := range []struct{ name, path string }{
		{"truncated zip", bundles + "truncated.zip"},
		{"not a bundle", notBundle},
		{"empty file", empty},
		{"missing", filepath.Join(dir, "nope.zip")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", "json", tt.path, bundles+"clean.zip")
			assert.Equal(t, 2, code)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			require.Len(t, lines, 1, "one line per bundle that failed")
			assert.Contains(t, lines[0], filepath.Base(tt.path))
			d := parse(t, out)
			require.Len(t, d.Bundles, 2, "the other bundle is still reported")
			assert.NotEmpty(t, d.Bundles[0].Errors)
			assert.Empty(t, d.Bundles[1].Errors)
			assert.Equal(t, "4.10.07073", d.Bundles[1].Product.Version)
		})
	}
}

func TestFailOn(t *testing.T) {
	for _, tt := range []struct {
		sev  string
		want int
	}{{"medium", 1}, {"info", 1}, {"high", 0}} {
		code, _, _ := dartscan(t, "-fail-on", tt.sev, bundles+"DARTBundle_0617_2021.zip")
		assert.Equal(t, tt.want, code, tt.sev)
	}
	code, _, stderr := dartscan(t, "-fail-on", "severe", bundles+"clean.zip")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown severity")
	code, _, _ = dartscan(t, "-fail-on", "info", bundles+"clean.zip")
	assert.Equal(t, 0, code, "no findings, nothing to fail on")
}

func TestUsageErrors(t *testing.T) {
	code, _, stderr := dartscan(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "usage:")
	code, _, stderr = dartscan(t, "-format", "xml", bundles+"clean.zip")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown format")
	code, _, stderr = dartscan(t, "-rules", "nope", bundles+"clean.zip")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown rule")
	code, _, stderr = dartscan(t, "explain", "nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no rule")
}

// TestGoldenOutput keeps the text and Markdown renderings stable.
func TestGoldenOutput(t *testing.T) {
	for _, tt := range []struct{ golden, format, bundle string }{
		{"technote.txt", "text", "DARTBundle_0617_2021.zip"},
		{"technote.md", "markdown", "DARTBundle_0617_2021.zip"},
		{"service-disable.txt", "text", "service-disable.zip"},
		{"macos.txt", "text", "macos-syslog.zip"},
		{"clean.txt", "text", "clean.zip"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", tt.format, bundles+tt.bundle)
			require.Equal(t, 0, code, stderr)
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(out))
		})
	}
	code, out, _ := dartscan(t, "rules")
	require.Equal(t, 0, code)
	golden.Check(t, filepath.Join("testdata", "rules.txt"), []byte(out))
	code, out, _ = dartscan(t, "explain", "cscvu39643-mus-dns-queries")
	require.Equal(t, 0, code)
	golden.Check(t, filepath.Join("testdata", "explain-cscvu39643.txt"), []byte(out))
}

const captures = "../../testdata/captures/"

// TestCapture checks that the CSCvu39643 finding cites the log's records
// and the capture's frames, with the cadence measured from each.
func TestCapture(t *testing.T) {
	code, out, stderr := dartscan(t, "-format", "json", "-capture", captures+"technote.pcapng", bundles+"DARTBundle_0617_2021.zip")
	require.Equal(t, 0, code, stderr)
	var d struct {
		Bundles []struct {
			Findings []struct {
				Rule     string `json:"rule"`
				Summary  string `json:"summary"`
				Evidence []struct {
					File  string `json:"file"`
					Line  int    `json:"line"`
					Frame int    `json:"frame"`
					Time  string `json:"time"`
					Text  string `json:"text"`
				} `json:"evidence"`
			} `json:"findings"`
			Capture struct {
				Path    string   `json:"path"`
				Servers []string `json:"servers"`
			} `json:"capture"`
		} `json:"bundles"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	require.Len(t, d.Bundles, 1)
	b := d.Bundles[0]
	assert.Equal(t, []string{"10.88.240.69"}, b.Capture.Servers)
	require.Len(t, b.Findings, 1)
	f := b.Findings[0]
	assert.Equal(t, "cscvu39643-mus-dns-queries", f.Rule)
	assert.Contains(t, f.Summary, "8 failures, one every 15.0 s, 20:21:32 to 20:23:17", "the log's cadence")
	assert.Contains(t, f.Summary, "8 queries, one every 15.0 s, 20:21:32 to 20:23:17, all Server failure", "the capture's cadence")
	assert.Contains(t, f.Summary, "overlap")
	var lines, frames int
	for _, e := range f.Evidence {
		switch {
		case e.Frame > 0:
			frames++
			assert.Equal(t, captures+"technote.pcapng", e.File)
			assert.Contains(t, e.Text, "Server failure after")
			assert.True(t, strings.HasSuffix(e.Time, "Z"), "capture times are UTC: %s", e.Time)
		case e.Line > 0:
			lines++
		}
	}
	assert.GreaterOrEqual(t, lines, 3)
	assert.GreaterOrEqual(t, frames, 3)
	assert.Contains(t, out, `"text": "frame 2, 20:21:32.289, query 0x03a7 A mus.cisco.com to 10.88.240.69 → frame 18, Server failure after 11.4 s"`)
}

func TestCaptureVariants(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"capture-alone.txt", []string{"-capture", captures + "technote.pcapng"}, 0},
		{"capture-after-workaround.txt", []string{"-capture", captures + "after-workaround.pcap", bundles + "DARTBundle_0617_2021.zip"}, 0},
		{"capture-truncated.txt", []string{"-capture", captures + "truncated.pcapng", bundles + "DARTBundle_0617_2021.zip"}, 2}, // frames lost: incomplete
		{"capture-macos-no-zone.txt", []string{"-capture", captures + "technote.pcapng", bundles + "macos-syslog.zip"}, 0},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := dartscan(t, tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(out))
		})
	}
	code, out, stderr := dartscan(t, "-capture", captures+"not-a-capture.pcap")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "not-a-capture.pcap")
	assert.Contains(t, out, "not analysed")
	code, _, stderr = dartscan(t, "-capture", captures+"not-a-capture.pcap", bundles+"clean.zip")
	assert.Equal(t, 2, code, "a capture that cannot be read fails the run, the bundle is still reported")
	assert.Contains(t, stderr, "not-a-capture.pcap")
}

// The JSON document says which schema it follows: version 2, where
// "errors" lists only losses.
func TestJSONSchemaVersion(t *testing.T) {
	code, out, _ := dartscan(t, "-format", "json", bundles+"clean.zip")
	require.Equal(t, 0, code)
	var d struct {
		SchemaVersion int `json:"schema_version"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, 2, d.SchemaVersion)
}

// Evidence shows a record's message before its debug header in Markdown
// as in text: a cut cell keeps the words that matter.
func TestEvidenceMessageFirst(t *testing.T) {
	for _, tt := range []struct{ format, cell, header string }{
		{"text", "\n         Timeout (per request) while trying to resolve", "\n         Function: "},
		{"markdown", " | Timeout (per request) while trying to resolve", " | Function: "},
	} {
		t.Run(tt.format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", tt.format, bundles+"DARTBundle_0617_2021.zip")
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, out, tt.cell)
			assert.Contains(t, out, "(timeout 11000 ms) [Function: CDNSRequest::", "the header follows the message")
			assert.NotContains(t, out, tt.header, "no evidence starts with its header")
		})
	}
}
