package bench

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

// maxHTMLBytes is what the HTML report of a big bundle may weigh: the
// page embeds binned counts, the evidence and its context, never the
// records.
const maxHTMLBytes = 2 << 20

// htmlContext is the number of records before and after each piece of
// evidence that dartscan keeps for an HTML report.
const htmlContext = 3

// analyzeHTML analyses the bundle at path as dartscan does for -format
// html, with the evidence's context and a timeline recorded, writes the
// page to w and returns the report.
func analyzeHTML(tb testing.TB, path string, w *countWriter) *findings.Report {
	ctx := context.Background()
	bun, err := dart.Open(ctx, path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	opts := &findings.Options{Context: htmlContext}
	rec := report.NewTimelineRecorder()
	rec.Attach(opts)
	rep, err := findings.Analyze(ctx, bun, rules.All(), opts)
	bun.Close()
	if err != nil {
		tb.Fatal(err)
	}
	if err := report.WriteHTML(w, []report.Bundle{{Path: path, Report: rep, Timeline: rec.Timeline(rep)}}, nil); err != nil {
		tb.Fatal(err)
	}
	return rep
}

// A countWriter counts the bytes written to it.
type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

// BenchmarkHTML is dartscan -format html on each big bundle: the analysis
// with every built-in rule, keeping each evidence's context and recording
// the timeline, then the HTML report. Its time over BenchmarkFloor's is the figure to watch, as
// for BenchmarkAnalyze; html-bytes is the size of the page, which fails
// the benchmark over maxHTMLBytes, and peak-heap-MB the largest heap
// sampled during one run, as BenchmarkAnalyze measures it.
func BenchmarkHTML(b *testing.B) {
	forEachBig(b, benchHTML)
}

func benchHTML(b *testing.B, c bigCase) {
	zr, size := openZip(b, c.path)
	zr.Close()
	var page countWriter
	op := func() int {
		page = countWriter{}
		rep := analyzeHTML(b, c.path, &page)
		if len(rep.Errors) > 0 || c.density > 0 && !slices.ContainsFunc(rep.Findings, isMusBug) {
			b.Fatalf("findings %d, errors %q", len(rep.Findings), rep.Errors)
		}
		n := 0
		for _, r := range rep.Coverage.Records {
			n += r
		}
		return n
	}
	peak := peakHeap(func() { op() })
	measure(b, size, op)
	if page.n > maxHTMLBytes {
		b.Fatalf("the page takes %d bytes, over %d", page.n, maxHTMLBytes)
	}
	b.ReportMetric(float64(page.n), "html-bytes")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// TestHTMLBigBundle checks that the HTML report of the default big bundle
// stays under maxHTMLBytes. It runs when the bundle exists (go run
// ./bench/cmd/genbig makes it), and not with -short.
func TestHTMLBigBundle(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses a million records")
	}
	if _, err := os.Stat(bigPath); err != nil {
		t.Skipf("no %s: make it with go run ./bench/cmd/genbig", bigPath)
	}
	var page countWriter
	rep := analyzeHTML(t, bigPath, &page)
	if !slices.ContainsFunc(rep.Findings, isMusBug) {
		t.Errorf("no CSCvu39643 among %d findings", len(rep.Findings))
	}
	if page.n > maxHTMLBytes || page.n < 10<<10 {
		t.Errorf("the page takes %d bytes, want 10 KiB to %d", page.n, maxHTMLBytes)
	}
	t.Logf("%s: %d bytes of HTML", bigPath, page.n)
}
