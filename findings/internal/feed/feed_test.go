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

// TestBatchesMade checks that batches are made as the parser runs ahead
// of the observer: two for logs of a few records, synced after each, and
// Batches at most.
func TestBatchesMade(t *testing.T) {
	f := Start(func([]logparse.Record) {})
	for range 100 {
		for range 3 {
			f.Slot()
			f.Add()
		}
		f.Sync()
	}
	f.Stop()
	assert.LessOrEqual(t, f.made, 2)
	block := make(chan struct{})
	observed := 0
	f = Start(func(batch []logparse.Record) {
		<-block
		observed += len(batch)
	})
	for range (Batches - 1) * BatchSize {
		f.Slot()
		f.Add()
	}
	assert.Equal(t, Batches, f.made)
	close(block)
	f.Sync()
	f.Stop()
	assert.Equal(t, (Batches-1)*BatchSize, observed)
}
