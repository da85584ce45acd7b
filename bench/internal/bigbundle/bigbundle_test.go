package bigbundle_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/bench/internal/bigbundle"
	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/logparse"
)

// failuresRE reads the count and cadence of the failures from the
// CSCvu39643 finding's summary.
var failuresRE = regexp.MustCompile(`mus\.cisco\.com: (\d+) failures, one every ([0-9.]+) s`)

// TestLayoutsAndDensities makes a small bundle of each layout and density
// and analyses it: every record is read, and the agent's failures are as
// many as the density asks, every 15 s, and found by the rule.
func TestLayoutsAndDensities(t *testing.T) {
	type tc struct {
		layout  string
		density float64
		records int
	}
	// Every layout with none and with the densest; the default density,
	// in runs of 40, needs more records to come near its share.
	cases := []tc{{bigbundle.DefaultLayout(), bigbundle.DefaultDensity, 100_000}}
	for _, layout := range bigbundle.Layouts() {
		cases = append(cases, tc{layout, 0, 5_000}, tc{layout, 0.1, 5_000})
	}
	if testing.Short() {
		cases = cases[:1]
	}
	ctx := context.Background()
	for _, c := range cases {
		layout, density, records := c.layout, c.density, c.records
		t.Run(fmt.Sprintf("%s/%g", layout, density), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), bigbundle.FileNameOf(layout, density))
			opts := bigbundle.OptionsFor(layout, density)
			opts.Records = records
			require.NoError(t, bigbundle.WriteFile(path, opts))
			b, err := dart.Open(ctx, path, nil)
			require.NoError(t, err)
			defer b.Close()
			rep, err := findings.Analyze(ctx, b, rules.All(), nil)
			require.NoError(t, err)
			require.Empty(t, rep.Errors)
			for _, f := range rep.Files {
				if f.Name == bigbundle.LogName {
					assert.Equal(t, records, f.Records, "records read from the big log")
				}
			}
			var summary string
			for _, f := range rep.Findings {
				if f.Rule == rules.MusLookupCSCvu39643.ID {
					summary = f.Summary
				}
			}
			if density == 0 {
				assert.Empty(t, summary, "a finding without failures")
				return
			}
			m := failuresRE.FindStringSubmatch(summary)
			require.NotNil(t, m, "no count of failures in %q", summary)
			n, _ := strconv.Atoi(m[1])
			want := density * float64(records)
			assert.InDelta(t, want, n, want/4, "failures")
			// The failures come 15.0 to 15.1 s apart: a layout that keeps
			// milliseconds shows the mean to the tenth, the others to the
			// second.
			interval, _ := strconv.ParseFloat(m[2], 64)
			assert.InDelta(t, 15.05, interval, 0.06, "the failures' interval")
		})
	}
}

// TestDenseIsThroughout checks that at the densest the agent fails from
// the start of the log to its end, and that the log then spans the days
// that takes.
func TestDenseIsThroughout(t *testing.T) {
	opts := bigbundle.OptionsFor("", 0.1)
	opts.Records = 20_000
	var buf bytes.Buffer
	require.NoError(t, bigbundle.WriteLog(&buf, logparse.FormatSyslog, opts))
	rd, err := logparse.NewReader(&buf, logparse.FormatSyslog, &logparse.Options{Reference: bigbundle.Start.Add(30 * 24 * time.Hour)})
	require.NoError(t, err)
	var recs []logparse.Record
	for r, err := range rd.All() {
		require.NoError(t, err)
		recs = append(recs, r)
	}
	require.Len(t, recs, opts.Records)
	var fails []int // indices
	for i, r := range recs {
		if strings.Contains(r.Message, "mus.cisco.com") {
			fails = append(fails, i)
		}
	}
	require.NotEmpty(t, fails)
	assert.Less(t, fails[0], 20, "the first failure comes late")
	assert.Greater(t, fails[len(fails)-1], len(recs)-20, "the last failure comes early")
	span := recs[len(recs)-1].Time.Sub(recs[0].Time)
	assert.InDelta(t, float64(len(fails))*15, span.Seconds(), float64(len(fails))*15/20, "the log's span")
}

func TestBadOptions(t *testing.T) {
	for _, opts := range []bigbundle.Options{
		{Records: 10, Density: bigbundle.MaxDensity * 2},
		{Records: 10, Layout: "no-such-layout"},
	} {
		assert.Error(t, bigbundle.WriteLog(&bytes.Buffer{}, logparse.FormatEventLog, opts), "%+v", opts)
	}
}
