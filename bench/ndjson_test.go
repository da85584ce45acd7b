package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

// BenchmarkNDJSON is BenchmarkAnalyze with every record written as NDJSON
// while the analysis reads it, then the findings and the summary, as
// dartscan -format ndjson does, to io.Discard: the cost of the encoding
// alone. Compare its cpu-ns/op with BenchmarkFloor's on the same bundle;
// ndjson-MB is the size of the stream.
func BenchmarkNDJSON(b *testing.B) {
	forEachBig(b, func(b *testing.B, c bigCase) { benchNDJSON(b, c, func(b *testing.B) io.Writer { return io.Discard }) })
}

// BenchmarkNDJSONFile is BenchmarkNDJSON writing to a file, on the default
// big bundle: what the system adds to write the stream.
func BenchmarkNDJSONFile(b *testing.B) {
	benchNDJSON(b, bigCase{name: "default", path: bigPath, density: 0.002}, func(b *testing.B) io.Writer {
		f, err := os.Create(filepath.Join(b.TempDir(), "out.ndjson"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		return f
	})
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func benchNDJSON(b *testing.B, c bigCase, sink func(*testing.B) io.Writer) {
	zr, size := openZip(b, c.path)
	zr.Close()
	ctx := context.Background()
	all := rules.All()
	out := &countingWriter{w: sink(b)}
	ops := 0
	measure(b, size, func() int {
		if f, ok := out.w.(*os.File); ok {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				b.Fatal(err)
			}
		}
		bun, err := dart.Open(ctx, c.path, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := report.NewNDJSONWriter(out, nil)
		fo := &findings.Options{}
		n.Attach(fo, bun, c.path)
		rep, err := findings.Analyze(ctx, bun, all, fo)
		bun.Close()
		if err != nil {
			b.Fatal(err)
		}
		if err := n.Finish(report.Bundle{Path: c.path, Report: rep}); err != nil {
			b.Fatal(err)
		}
		if len(rep.Errors) > 0 || c.density > 0 && !slices.ContainsFunc(rep.Findings, isMusBug) {
			b.Fatalf("findings %d, errors %q", len(rep.Findings), rep.Errors)
		}
		ops++
		n2 := 0
		for _, r := range rep.Coverage.Records {
			n2 += r
		}
		return n2
	})
	b.ReportMetric(float64(out.n)/float64(ops)/(1<<20), "ndjson-MB")
}
