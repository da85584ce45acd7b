package bench

import (
	"context"
	"slices"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

// BenchmarkAnalyzeContext is the analysis of BenchmarkAnalyze with three
// records kept before and after each piece of evidence (Options.Context),
// as a report that shows evidence in its log asks for. Its cpu-ns/op next
// to BenchmarkAnalyze's, on the same bundle in the same run, is what the
// context costs: the dense bundles (density 0.1) send about 100,000
// records through the samples that keep it.
func BenchmarkAnalyzeContext(b *testing.B) {
	forEachBig(b, func(b *testing.B, c bigCase) {
		benchAnalyzeWith(b, c, func() (*findings.Options, func(*findings.Report)) {
			return &findings.Options{Context: 3}, func(rep *findings.Report) {
				if c.density > 0 && !slices.ContainsFunc(rep.Findings, func(f findings.Finding) bool {
					return isMusBug(f) && len(f.Evidence) > 0 && f.Evidence[0].After != nil
				}) {
					b.Fatalf("no evidence with its context in %d findings", len(rep.Findings))
				}
			}
		})
	})
}

// BenchmarkAnalyzeTimeline is the analysis of BenchmarkAnalyze with a
// report.TimelineRecorder counting its records, as the HTML report does.
func BenchmarkAnalyzeTimeline(b *testing.B) {
	forEachBig(b, func(b *testing.B, c bigCase) {
		benchAnalyzeWith(b, c, func() (*findings.Options, func(*findings.Report)) {
			opts := &findings.Options{}
			rec := report.NewTimelineRecorder()
			rec.Attach(opts)
			return opts, func(rep *findings.Report) {
				if tl := rec.Timeline(rep); len(tl.Sources) == 0 || tl.Bins() > report.MaxBins {
					b.Fatalf("timeline of %d sources, %d bins", len(tl.Sources), tl.Bins())
				}
			}
		})
	})
}

// benchAnalyzeWith measures Analyze on the bundle of c with the options
// setup returns for each run, then checks its report.
func benchAnalyzeWith(b *testing.B, c bigCase, setup func() (*findings.Options, func(*findings.Report))) {
	zr, size := openZip(b, c.path)
	zr.Close()
	ctx := context.Background()
	all := rules.All()
	measure(b, size, func() int {
		opts, check := setup()
		bun, err := dart.Open(ctx, c.path, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := findings.Analyze(ctx, bun, all, opts)
		bun.Close()
		if err != nil {
			b.Fatal(err)
		}
		check(rep)
		n := 0
		for _, r := range rep.Coverage.Records {
			n += r
		}
		return n
	})
}
