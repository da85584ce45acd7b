package feed

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/logparse"
)

// TestBatchBytes checks that a batch goes to the feed's goroutine once
// its records' text comes to BatchBytes, however few they are and
// whichever of their strings is long, so that large records in flight
// hold a bounded amount of memory.
func TestBatchBytes(t *testing.T) {
	big := strings.Repeat("x", BatchBytes/3)
	for name, rec := range map[string]logparse.Record{
		"message": {Message: big},
		"file":    {Message: "m", Header: logparse.Header{Function: "f", File: big, Line: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			observed := 0
			f := Start(func(batch []logparse.Record) { observed += len(batch) })
			defer f.Stop()
			for i := range 3 {
				*f.Slot() = rec
				f.Slot().Pos = logparse.Position{File: "f", Line: i + 1}
				f.Add()
				if i < 2 {
					require.Len(t, f.cur, i+1, "a batch of %d records of %d bytes was sent", i+1, len(big))
				}
			}
			assert.Empty(t, f.cur, "three records of a third of BatchBytes each were not sent")
			f.Sync()
			assert.Equal(t, 3, observed, "records observed")
		})
	}
}
