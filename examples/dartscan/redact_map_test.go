package main

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/dartkit/dartkit/redact"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRedactMapFile checks the map file the command writes: the JSON of
// a redact.Map, its addresses first in numeric order, its totals those
// the summary states.
func TestRedactMapFile(t *testing.T) {
	planted := plantedBundle(t)
	out := filepath.Join(t.TempDir(), "shared.zip")
	code, _, stderr := dartscan(t, "redact", planted, out)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(out + ".map.json")
	require.NoError(t, err)
	var m redact.Map
	require.NoError(t, json.Unmarshal(data, &m))
	require.NotEmpty(t, m.Entries)

	// What the map holds, written again as WriteJSON writes it, is the
	// same bytes.
	var again []byte
	w := writerFunc(func(p []byte) (int, error) { again = append(again, p...); return len(p), nil })
	require.NoError(t, m.WriteJSON(w))
	assert.Equal(t, string(data), string(again))

	var addrs []netip.Addr
	values, counts := map[string]int{}, map[string]int{}
	for i, e := range m.Entries {
		values[e.Kind]++
		counts[e.Kind] += e.Count
		if a, err := netip.ParseAddr(e.Pseudonym); err == nil && e.Kind == "address" {
			require.Equal(t, len(addrs), i, "addresses come first")
			addrs = append(addrs, a)
		}
	}
	require.NotEmpty(t, addrs)
	for i := 1; i < len(addrs); i++ {
		assert.Negative(t, addrs[i-1].Compare(addrs[i]), "%s before %s", addrs[i-1], addrs[i])
	}
	line := regexp.MustCompile(`(?m)^dartscan redact: (\w+): (\d+) distinct, (\d+) replaced$`)
	found := 0
	for _, sm := range line.FindAllStringSubmatch(stderr, -1) {
		found++
		assert.Equal(t, strconv.Itoa(values[sm[1]]), sm[2], "%s values", sm[1])
		assert.Equal(t, strconv.Itoa(counts[sm[1]]), sm[3], "%s replacements", sm[1])
	}
	assert.Equal(t, len(values), found, "a summary line per kind in the map")
	for _, tot := range m.Totals {
		assert.Equal(t, values[tot.Kind], tot.Values, "%s totals", tot.Kind)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
