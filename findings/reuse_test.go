package findings

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/bigbundle"
	"github.com/dartkit/dartkit/logparse"
)

// TestAnalyzeReusesMemory analyses a bundle whose event log holds many
// times feedWindow records, with the readers reusing their memory as
// Analyze has them do and without, and requires the same report: no
// record is overwritten while the feed still reads it.
func TestAnalyzeReusesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a 12 MB bundle")
	}
	path := filepath.Join(t.TempDir(), "big.zip")
	require.NoError(t, bigbundle.WriteFile(path, bigbundle.Options{Records: 4 * feedWindow}))
	ctx := context.Background()
	analyse := func(reuse int) (*Report, []byte) {
		t.Helper()
		defer func(old int) { reuseAfter = old }(reuseAfter)
		reuseAfter = reuse
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
	require.GreaterOrEqual(t, rep.Coverage.Records[logparse.FormatEventLog.String()], 4*feedWindow, "the records read")
	for range 3 {
		if _, got := analyse(feedWindow); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Fatalf("the report differs when memory is reused, from byte %d:\n%.300s\nwithout:\n%.300s", i, got[i:], want[i:])
		}
	}
}

// TestFeedBatchBytes checks that a batch goes to the feed's goroutine once
// its records' text comes to feedBatchBytes, however few they are and
// whichever of their strings is long, so that large records in flight
// hold a bounded amount of memory.
func TestFeedBatchBytes(t *testing.T) {
	big := strings.Repeat("x", feedBatchBytes/3)
	for name, rec := range map[string]logparse.Record{
		"message": {Message: big},
		"file":    {Message: "m", Header: logparse.Header{Function: "f", File: big, Line: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			f := startFeed(dart.NewFactBuilder(), newEngine(nil))
			defer f.stop()
			for i := range 3 {
				*f.slot() = rec
				f.slot().Pos = logparse.Position{File: "f", Line: i + 1}
				f.add()
				if i < 2 {
					require.Len(t, f.cur, i+1, "a batch of %d records of %d bytes was sent", i+1, len(big))
				}
			}
			assert.Empty(t, f.cur, "three records of a third of feedBatchBytes each were not sent")
			f.sync()
			assert.Equal(t, 3, f.e.shapes.unmatchd, "records observed")
		})
	}
}
