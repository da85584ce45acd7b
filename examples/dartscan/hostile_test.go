package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A zip cut before its central directory is read from its local headers:
// the findings of what was recovered are printed, the report says it is
// incomplete, and the command exits 2 with one line naming the file.
func TestTruncatedZipIncomplete(t *testing.T) {
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", format, bundles+"truncated.zip", bundles+"clean.zip")
			assert.Equal(t, 2, code)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			require.Len(t, lines, 1, "one line for the incomplete bundle: %s", stderr)
			assert.Contains(t, lines[0], "truncated.zip: analysis incomplete: ")
			assert.Contains(t, lines[0], "runs past the end of the file")
			assert.Contains(t, lines[0], "offset")
			assert.Contains(t, out, "cscvu39643-mus-dns-queries", "the recovered log's finding is printed")
			switch format {
			case "text":
				assert.Contains(t, out, "the analysis is incomplete")
			case "json":
				d := parse(t, out)
				require.Len(t, d.Bundles, 2)
				assert.NotEmpty(t, d.Bundles[0].Errors)
				assert.Empty(t, d.Bundles[1].Errors)
				assert.Contains(t, out, `"incomplete": true`)
				assert.Contains(t, out, `"unread": [`)
			}
		})
	}
}

// A bundle whose files are healthy but for one over a limit: the healthy
// files' findings are reported, and the command exits 2 naming the limit
// and the file.
func TestLimitIncomplete(t *testing.T) {
	files := technoteFiles()
	files = append(files, sample.File{Name: "Logs/bomb.log", Data: make([]byte, 8<<20), Mod: hostile.Mod})
	path := filepath.Join(t.TempDir(), "bomb.zip")
	require.NoError(t, os.WriteFile(path, sample.Zip(files), 0o644))
	code, out, stderr := dartscan(t, path)
	assert.Equal(t, 2, code)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
	assert.Contains(t, stderr, "bomb.zip: analysis incomplete: Logs/bomb.log: MaxRatio limit of ")
	assert.Contains(t, out, "cscvu39643-mus-dns-queries")
}

func technoteFiles() []sample.File {
	w := sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote}
	return w.Files()
}

// Text from a bundle cannot reach the terminal as control characters: not
// in file names (errors, evidence locations, the summary), not in records
// (evidence, the coverage shapes), not in any output format but JSON, which
// escapes them.
func TestHostileTextPrintedSafely(t *testing.T) {
	w := sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote,
		Extra: []sample.Event{{Time: sample.TechNoteStart.Add(time.Second), Type: "Warning", Source: "acvpnagent",
			Body: sample.Debug("CDNSRequest::OnSocketReadComplete", "DNSRequest.cpp", 1147,
				"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 "+hostile.Escapes)}}}
	files := w.Files()
	forged := "x\x1b]0;owned\x07\n   ! forged line\x1b[2J.log"
	files = append(files,
		sample.File{Name: "Logs/esc\x1b[31m.log", Data: []byte("Jun 17 10:00:00 pc acvpnagent[1]: " + hostile.Escapes + "\n"), Mod: hostile.Mod})
	// A nested zip with a damaged entry, named with escapes and a line
	// break, makes an error line that names it.
	path := filepath.Join(t.TempDir(), "esc\x1b[1m.zip")
	bundle := sample.Zip(append(files, sample.File{Name: forged, Data: hostile.Get("checksum mismatch"), Mod: hostile.Mod}))
	require.NoError(t, os.WriteFile(path, bundle, 0o644))
	for _, format := range []string{"text", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", format, path)
			assert.Contains(t, out, "cscvu39643-mus-dns-queries")
			assert.Equal(t, 2, code, "the damaged nested entry makes the analysis incomplete")
			for name, s := range map[string]string{"stdout": out, "stderr": stderr} {
				for _, r := range s {
					if r != '\n' && r != '\t' && !unicode.IsPrint(r) && r != ' ' {
						t.Errorf("%s holds %U", name, r)
						break
					}
				}
			}
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line on stderr: %q", stderr)
			assert.NotContains(t, out, "\n   ! forged line", "a name cannot forge a line")
			assert.Contains(t, out, "RED", "the text around the escapes is kept")
		})
	}
}
