package findings

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings/internal/feed"
	"github.com/dartkit/dartkit/internal/bigbundle"
	"github.com/dartkit/dartkit/logparse"
)

// TestAnalyzeReusesMemory analyses a bundle whose event log holds many
// times feed.Window records, with the readers reusing their memory as
// Analyze has them do and without, and requires the same report: no
// record is overwritten while the feed still reads it.
func TestAnalyzeReusesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a 12 MB bundle")
	}
	path := filepath.Join(t.TempDir(), "big.zip")
	require.NoError(t, bigbundle.WriteFile(path, bigbundle.Options{Records: 4 * feed.Window}))
	ctx := context.Background()
	analyse := func(reuse int) (*Report, []byte) {
		t.Helper()
		defer func(old int) { feed.ReuseAfter = old }(feed.ReuseAfter)
		feed.ReuseAfter = reuse
		b, err := dart.Open(ctx, path, nil)
		require.NoError(t, err)
		defer b.Close()
		rep, err := Analyze(ctx, b, nil, nil)
		require.NoError(t, err)
		out, err := json.Marshal(rep)
		require.NoError(t, err)
		return rep, out
	}
	rep, want := analyse(0)
	require.GreaterOrEqual(t, rep.Coverage.Records[logparse.FormatEventLog.String()], 4*feed.Window, "the records read")
	for range 3 {
		if _, got := analyse(feed.Window); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Fatalf("the report differs when memory is reused, from byte %d:\n%.300s\nwithout:\n%.300s", i, got[i:], want[i:])
		}
	}
}
