package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -format html writes one page for all the bundles: a section each, with
// the capture's DNS transactions among the evidence, the evidence among
// its neighbours, and a timeline of each bundle's records.
func TestFormatHTML(t *testing.T) {
	code, out, stderr := dartscan(t, "-format", "html", "-capture", "../../testdata/captures/technote.pcapng",
		bundles+"dart-windows-technote.zip", bundles+"clean.zip")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>\n"), out[:min(len(out), 100)])
	assert.True(t, strings.HasSuffix(out, "</html>\n"))
	assert.Equal(t, 2, strings.Count(out, `<section class="bundle"`))
	assert.Contains(t, out, "cscvu39643-mus-dns-queries")
	assert.Contains(t, out, "technote.pcapng frame 2")
	assert.Contains(t, out, `<tr class="self">`, "no evidence among its neighbours")
	assert.Contains(t, out, `"sources":[{"name":"acvpnagent"`, "no timeline of the records")
	assert.Contains(t, out, `"k":"dns-failure"`, "no DNS failure marked on the timeline")
}

// -format html with a capture alone draws its DNS transactions.
func TestFormatHTMLCapture(t *testing.T) {
	code, out, stderr := dartscan(t, "-format", "html", "-capture", "../../testdata/captures/technote.pcapng")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, `"k":"dns-failure"`)
}
