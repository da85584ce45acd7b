package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNDJSON checks -format ndjson: for each bundle in the order given,
// its records, its findings and its summary, one JSON object a line;
// a bundle that cannot be opened has a summary with its error, and the
// exit status is that of the other formats.
func TestNDJSON(t *testing.T) {
	paths := []string{bundles + "DARTBundle_0617_2021.zip", bundles + "missing.zip", bundles + "clean.zip"}
	code, out, stderr := dartscan(t, append([]string{"-format", "ndjson", "-capture", captures + "technote.pcapng"}, paths...)...)
	assert.Equal(t, 2, code, "a bundle could not be opened")
	assert.Contains(t, stderr, "missing.zip")
	var order []string // each bundle's datasets, in turn
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var ev map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &ev), "line %d", i+1)
		step := ev["anyconnect.bundle.path"].(string) + " " + ev["event.dataset"].(string)
		if len(order) == 0 || order[len(order)-1] != step {
			order = append(order, step)
		}
	}
	assert.Equal(t, []string{
		paths[0] + " anyconnect.log", paths[0] + " anyconnect.finding", paths[0] + " anyconnect.bundle",
		paths[1] + " anyconnect.bundle",
		paths[2] + " anyconnect.log", paths[2] + " anyconnect.bundle",
	}, order)
	assert.True(t, strings.Contains(out, `"file":"`+captures+`technote.pcapng","frame":2,`), "no frame of the capture in the evidence")

	// The capture alone: its findings and summary.
	code, out, stderr = dartscan(t, "-format", "ndjson", "-capture", captures+"technote.pcapng")
	require.Equal(t, 0, code, stderr)
	assert.True(t, strings.Contains(out, `"event.dataset":"anyconnect.bundle"`), "no summary: %s", out)
}
