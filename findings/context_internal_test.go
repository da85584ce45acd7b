package findings

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/logparse"
)

// TestContextKeeper feeds two logs in batches of every size, each batch
// written over once it is observed as the feed reuses it, to a series
// whose sample keeps n records on each side, and checks every record of
// the sample, and the latest, against its log.
func TestContextKeeper(t *testing.T) {
	for _, c := range []struct{ n, every int }{{1, 5}, {3, 5}, {MaxContext, 5}, {3, 1}, {MaxContext, 2}, {2, 97}} {
		n := c.n
		t.Run(fmt.Sprintf("n=%d/every=%d", c.n, c.every), func(t *testing.T) {
			var logs [][]logparse.Record
			start := time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC)
			for f, size := range []int{1000, 7, 300} {
				var recs []logparse.Record
				for i := range size {
					msg := fmt.Sprintf("record %d of log %d", i, f)
					if i%c.every == 0 || i == size-1 {
						msg = "match " + msg
					}
					// The latest time is early in the last log, so
					// that the latest record leaves its place in
					// the sample for own.
					at := start.Add(time.Duration(f*10000+i) * time.Second)
					if f == 2 && i == 20 {
						at = start.Add(time.Hour * 24)
					}
					recs = append(recs, logparse.Record{Time: at, Source: "acvpnagent", Message: msg,
						Pos: logparse.Position{File: fmt.Sprintf("log%d", f), Line: 2*i + 1}})
				}
				logs = append(logs, recs)
			}
			k := newContextKeeper(n)
			s := NewSeries("match")
			s.near = k
			rng := rand.New(rand.NewPCG(uint64(c.every), uint64(n)))
			batch := make([]logparse.Record, 0, 64)
			for _, recs := range logs {
				for len(recs) > 0 {
					m := min(len(recs), 1+rng.IntN(cap(batch)))
					batch = append(batch[:0], recs[:m]...)
					recs = recs[m:]
					k.observe(batch, func(r *logparse.Record) {
						if strings.HasPrefix(r.Message, "match") {
							s.Add(r)
						}
					})
					for i := range batch {
						batch[i] = logparse.Record{Message: "reused", Pos: logparse.Position{File: "reused"}}
					}
				}
			}
			k.follow(&logparse.Record{}) // the end of the last log
			require.Empty(t, k.pending)

			check := func(kr *keptRecord) {
				t.Helper()
				r := kr.get()
				require.NotNil(t, kr.near, "%v", r.Pos)
				var f, i int
				_, err := fmt.Sscanf(r.Message[strings.Index(r.Message, "record"):], "record %d of log %d", &i, &f)
				require.NoError(t, err)
				recs := logs[f]
				want := func(from, to int) []ContextLine {
					var out []ContextLine
					for j := max(from, 0); j < min(to, len(recs)); j++ {
						out = append(out, ContextLine{Line: recs[j].Pos.Line, Time: recs[j].Time, Text: recs[j].Message})
					}
					return out
				}
				assert.Equal(t, want(i-n, i), contextLines(kr.near.before), "before %v", r.Pos)
				assert.Equal(t, want(i+1, i+1+n), contextLines(kr.near.after), "after %v", r.Pos)
			}
			for i := range s.kept {
				check(&s.kept[i])
			}
			if c.every > 5 {
				assert.Less(t, len(s.kept), 2*SampleSize)
				return // a sample never full
			}
			require.Len(t, s.kept, 2*SampleSize)
			require.Equal(t, -1, s.latest, "the latest record should have left the sample")
			check(&s.own)
		})
	}
}
