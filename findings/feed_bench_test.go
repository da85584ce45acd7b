package findings_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/logparse"
)

// bigBundle is the bundle that go run ./bench/cmd/genbig writes (not
// committed); the benchmarks that read it skip without it.
const bigBundle = "../testdata/big/DARTBundle_big.zip"

// feedBundles are the big bundles BenchmarkFeed reads, by the density of
// the agent's failures to resolve mus.cisco.com: none, the default, and
// one record in ten (genbig -density 0 and -density 0.1 make the others).
var feedBundles = []struct{ density, path string }{
	{"0", "../testdata/big/DARTBundle_big-dart-sep-around-crlf-tabs-blank_utf-8-0.zip"},
	{"0.002", bigBundle},
	{"0.1", "../testdata/big/DARTBundle_big-dart-sep-around-crlf-tabs-blank_utf-8-0.1.zip"},
}

// feedRecords is how many records of the big bundle's event log
// BenchmarkFeed reads: enough for every kind of record it holds, few
// enough to keep in memory.
const feedRecords = 300_000

// bigRecords returns the first n records of the event log of the big
// bundle at path, or skips b.
func bigRecords(b *testing.B, path string, n int) []logparse.Record {
	b.Helper()
	if _, err := os.Stat(path); os.IsNotExist(err) {
		b.Skipf("no %s: make it with go run ./bench/cmd/genbig", path)
	}
	ctx := context.Background()
	bun, err := dart.Open(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bun.Close()
	var recs []logparse.Record
	err = bun.Walk(ctx, func(f dart.File, r io.Reader) error {
		if f.Kind != dart.KindEventLog || len(recs) > 0 {
			return nil
		}
		rd, err := logparse.NewReader(r, logparse.FormatEventLog, &logparse.Options{File: f.Name, Reference: f.Modified})
		if err != nil {
			return err
		}
		for len(recs) < n {
			rec, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			recs = append(recs, rec)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(recs) < n {
		b.Fatalf("read %d records of %s, want %d", len(recs), path, n)
	}
	return recs
}

// BenchmarkFeed measures what the feed goroutine of an analysis does with
// each record of a big bundle: the fact builder's AddRecord and the
// rules' signals with the coverage tally (all), or each alone, at each
// density of records that a rule keeps (density=D). Beside the time per
// record, it reports the CPU time per record of the thread that ran the
// work (cpu-ns/record), on systems that tell it, and the allocations per
// record: where the bug is dense, a record a rule keeps should cost about
// what any other does.
func BenchmarkFeed(b *testing.B) {
	for _, fb := range feedBundles {
		if _, err := os.Stat(fb.path); err != nil && fb.path != bigBundle {
			continue
		}
		b.Run("density="+fb.density, func(b *testing.B) { benchFeed(b, fb.path) })
	}
}

func benchFeed(b *testing.B, path string) {
	recs := bigRecords(b, path, feedRecords)
	all := rules.All()
	for _, c := range []struct {
		name           string
		facts, signals bool
	}{
		{"all", true, true},
		{"facts", true, false},
		{"signals", false, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			for b.Loop() {
				work := findings.FeedWork(all, c.facts, c.signals)
				for i := range recs {
					work(&recs[i])
				}
			}
			runtime.ReadMemStats(&m1)
			records := float64(b.N * len(recs))
			b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/records, "allocs/record")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/records, "ns/record")
		})
	}
}
