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

// bigBundle is the bundle that go run ./internal/cmd/genbig writes (not
// committed); the benchmarks that read it skip without it.
const bigBundle = "../testdata/big/DARTBundle_big.zip"

// feedRecords is how many records of the big bundle's event log
// BenchmarkFeed reads: enough for every kind of record it holds, few
// enough to keep in memory.
const feedRecords = 300_000

// bigRecords returns the first n records of the big bundle's event log, or
// skips b.
func bigRecords(b *testing.B, n int) []logparse.Record {
	b.Helper()
	if _, err := os.Stat(bigBundle); os.IsNotExist(err) {
		b.Skipf("no %s: make it with go run ./internal/cmd/genbig", bigBundle)
	}
	ctx := context.Background()
	bun, err := dart.Open(ctx, bigBundle, nil)
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
		b.Fatalf("read %d records of %s, want %d", len(recs), bigBundle, n)
	}
	return recs
}

// BenchmarkFeed measures what the feed goroutine of an analysis does with
// each record of the big bundle: the fact builder's AddRecord and the
// rules' signals with the coverage tally (all), or each alone. Beside the
// time per record, it reports the CPU time per record of the thread that
// ran the work (cpu-ns/record), on systems that tell it.
func BenchmarkFeed(b *testing.B) {
	recs := bigRecords(b, feedRecords)
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
			// On a shared machine the time the work was given a core says
			// more than the time it took: the thread is kept, and its CPU
			// time measured, where the system tells it.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			cpu0, cpuOK := threadCPU()
			for b.Loop() {
				work := findings.FeedWork(all, c.facts, c.signals)
				for i := range recs {
					work(&recs[i])
				}
			}
			records := float64(b.N * len(recs))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/records, "ns/record")
			if cpu1, ok := threadCPU(); ok && cpuOK {
				b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/records, "cpu-ns/record")
			}
		})
	}
}
