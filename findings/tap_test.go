package findings_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/recordtap"
	"github.com/dartkit/dartkit/logparse"
)

// TestTap checks that a tap sees every record the report counts, each
// file's in order, and nothing of the copies left out.
func TestTap(t *testing.T) {
	for _, name := range []string{"DARTBundle_0617_2021.zip", "dart-windows-technote.zip", "dart-windows-evtx-only.zip"} {
		t.Run(name, func(t *testing.T) {
			b, err := dart.Open(context.Background(), "../testdata/bundles/"+name, nil)
			require.NoError(t, err)
			defer b.Close()
			seen := map[string]int{}
			lastLine := map[string]int{}
			opts := &findings.Options{}
			recordtap.Set(opts, func(r *logparse.Record) {
				seen[r.Pos.File]++
				assert.Greater(t, r.Pos.Line, lastLine[r.Pos.File], "%s: records out of order", r.Pos.File)
				lastLine[r.Pos.File] = r.Pos.Line
			})
			second := 0
			recordtap.Set(opts, func(*logparse.Record) { second++ })
			rep, err := findings.Analyze(context.Background(), b, rules.All(), opts)
			require.NoError(t, err)
			want := map[string]int{}
			for _, f := range rep.Files {
				if f.Records > 0 {
					want[f.Name] = f.Records
				}
			}
			require.NotEmpty(t, want)
			assert.Equal(t, want, seen)
			total := 0
			for _, n := range seen {
				total += n
			}
			assert.Equal(t, total, second, "a second tap sees every record too")
		})
	}
}
