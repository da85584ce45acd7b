package main

import (
	"context"
	"io"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/report"
)

// streamNDJSON analyses the bundles at paths one after another, writing
// each to w as -format ndjson does while it is read: its records as the
// analysis reads them, then its findings and summary. Nothing of the
// records is held, so memory does not grow with a bundle's logs; the
// bundles are analysed in turn so that each one's events are together
// and in order. It returns the results, for the exit status, and a
// render function that reports the stream's error in place of writing
// them again. A stream that fails to write stops before the next bundle.
// red, if not nil, redacts the records and the reports written.
func streamNDJSON(ctx context.Context, w io.Writer, paths []string, rs []*findings.Rule, capture *findings.Capture, red *reportRedactor, pr *i18n.Printer) ([]report.Bundle, func(io.Writer, []report.Bundle) error) {
	n := report.NewNDJSONWriter(w, &report.Options{Language: pr.Language(), Redact: red.stringFunc()})
	var results []report.Bundle
	var err error
	for _, p := range paths {
		r := analyze(ctx, p, rs, capture, false, n.Attach, pr)
		results = append(results, r)
		if err = n.Finish(red.bundle(r)); err != nil {
			break
		}
	}
	return results, func(io.Writer, []report.Bundle) error { return err }
}

// attachFunc is the signature of report.NDJSONWriter.Attach, which
// analyze calls, when given one, before the analysis.
type attachFunc = func(*findings.Options, *dart.Bundle, string)
