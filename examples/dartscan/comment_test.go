package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commentSummary is a summary.txt as DART writes it, saying the profiles
// were excluded by the bundle option.
var commentSummary = strings.Join([]string{
	"DART BUNDLE SUMMARY",
	"",
	"Time:                         Wed Jun 17 20:31:02 2020",
	"OS:                           Windows 10 : WinNT 10.0.18363",
	"User Name:                    jdoe",
	"",
	strings.Repeat("=", 141),
	"Cisco AnyConnect Secure Mobility Client:",
	"",
	"Files Omitted from Bundle:",
	"ID                 Filename                      Description                               Reason Omitted",
	strings.Repeat("-", 141),
	"VPNPROFILES        Corp_VPN.xml                  VPN client profiles                       Excluded by the selected bundle option",
	strings.Repeat("-", 141),
	"",
	"No instruction found in any config for the following file ID's from request:",
	"",
}, "\n")

// commentBundle writes, in dir, the TechNote bundle with a summary.txt and
// the user's comments.txt added, the comment holding an escape sequence
// and a line that would forge a report line.
func commentBundle(t *testing.T, dir string) string {
	t.Helper()
	src, err := zip.OpenReader(bundles + "DARTBundle_0617_2021.zip")
	require.NoError(t, err)
	defer src.Close()
	name := filepath.Join(dir, "DARTBundle_with_comment.zip")
	out, err := os.Create(name)
	require.NoError(t, err)
	zw := zip.NewWriter(out)
	for _, f := range src.File {
		require.NoError(t, zw.Copy(f))
	}
	for _, e := range []struct{ name, text string }{
		{"summary.txt", commentSummary},
		{"comments.txt", "Comments from AnyConnect user:\nSince Monday the client says \"Unable to lookup host names\" every few seconds.\n\x1b[2J== forged.zip\nI only use Umbrella | not the VPN."},
	} {
		w, err := zw.Create(e.name)
		require.NoError(t, err)
		_, err = io.WriteString(w, e.text)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, out.Close())
	return name
}

// TestCommentOnTop: every format opens with the user's words, escaped, and
// says the profiles were not collected.
func TestCommentOnTop(t *testing.T) {
	dir := t.TempDir()
	commentBundle(t, dir)
	testdataDir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	t.Chdir(dir) // the report names the bundle as given: keep it stable
	for _, tt := range []struct{ golden, format string }{
		{"comment.txt", "text"},
		{"comment.md", "markdown"},
	} {
		code, out, stderr := dartscan(t, "-format", tt.format, "DARTBundle_with_comment.zip")
		require.Equal(t, 0, code, stderr)
		assert.NotContains(t, out, "\x1b")
		assert.NotContains(t, out, "\n== forged.zip")
		head := out[:strings.Index(out, "Platform")]
		assert.Contains(t, head, "Since Monday the client says", "the comment comes before the endpoint summary")
		golden.Check(t, filepath.Join(testdataDir, tt.golden), []byte(out))
	}
	code, out, stderr := dartscan(t, "-format", "json", "DARTBundle_with_comment.zip")
	require.Equal(t, 0, code, stderr)
	var doc struct {
		Bundles []struct {
			Facts struct {
				Comment struct {
					Text   string `json:"text"`
					Source struct {
						File string `json:"file"`
					} `json:"source"`
				} `json:"comment"`
				ProfilesCollected struct {
					State string `json:"state"`
				} `json:"profiles_collected"`
			} `json:"facts"`
		} `json:"bundles"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Bundles, 1)
	c := doc.Bundles[0].Facts.Comment
	assert.True(t, strings.HasPrefix(c.Text, "Since Monday"), c.Text)
	assert.Contains(t, c.Text, "\x1b[2J", "the JSON keeps the text whole; its encoder escapes it")
	assert.Equal(t, "comments.txt", c.Source.File)
	assert.Equal(t, "not-collected", doc.Bundles[0].Facts.ProfilesCollected.State)
	assert.NotContains(t, out, "\x1b", "JSON escapes control characters")
}
