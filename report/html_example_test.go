package report_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

// The HTML report shows each piece of evidence among its neighbours and
// the bundle's records over time, when the analysis keeps them: the
// options ask for three records before and after each piece of evidence,
// and a TimelineRecorder counts the records as they are read.
func ExampleWriteHTML() {
	ctx := context.Background()
	b, err := dart.Open(ctx, "../testdata/bundles/DARTBundle_0617_2021.zip", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	opts := &findings.Options{Context: 3}
	rec := report.NewTimelineRecorder()
	rec.Attach(opts)
	rep, err := findings.Analyze(ctx, b, rules.All(), opts)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.CreateTemp("", "report-*.html")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	tl := rec.Timeline(rep)
	bundles := []report.Bundle{{Path: "DARTBundle_0617_2021.zip", Report: rep, Timeline: tl}}
	if err := report.WriteHTML(f, bundles, nil); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	ev := rep.Findings[0].Evidence[0]
	fmt.Printf("%s: %d records before its first evidence, %d after; %d sources on the timeline\n",
		rep.Findings[0].Rule, len(ev.Before), len(ev.After), len(tl.Sources))
	// Output: cscvu39643-mus-dns-queries: 3 records before its first evidence, 3 after; 3 sources on the timeline
}
