package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/report"
)

const diffUsage = "usage: dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW"

// runDiff is dartscan diff: it analyses the bundles OLD and NEW, two
// bundles of one endpoint, with every rule, and writes which findings are
// new, resolved and persisting, in any of report.Formats. It exits 1 when
// -fail-on is set and a new finding is at or above it, and 2 when a bundle
// could not be analysed (no diff is written), is not a DART bundle (nor is
// one then), or was read in part (the diff is written, marked).
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer, p *i18n.Printer) int {
	fs := flag.NewFlagSet("dartscan diff", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", p.Sprintf("output `format`: %s", formatNames(p, report.Formats)))
	failOn := fs.String("fail-on", "", p.Sprintf("exit 1 when a new finding is at or above this `severity` (info, low, medium, high, critical)"))
	redactOn, keyFile := redactFlags(fs, p)
	diffHelp := func(w io.Writer) {
		fmt.Fprintf(w, "%s\n\n%s\n\n", p.Sprintf(diffUsage), p.Sprintf("OLD and NEW are bundles of one endpoint, the older first; flags may follow them."))
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if len(args) == 1 && isHelp(args[0]) {
		diffHelp(stdout)
		return exitOK
	}
	names, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		diffHelp(stdout)
		return exitOK
	case err != nil:
		fmt.Fprintln(stderr, "dartscan diff:", err)
		diffHelp(stderr)
		return exitError
	case len(names) != 2:
		diffHelp(stderr)
		return exitError
	case !slices.Contains(report.Formats, report.Format(*format)):
		fmt.Fprintf(stderr, "dartscan diff: %s\n", p.Sprintf("unknown format %q (want %s)", *format, formatNames(p, report.Formats)))
		return exitError
	}
	red, err := newReportRedactor(*redactOn, *keyFile, p)
	if err != nil {
		fmt.Fprintln(stderr, "dartscan diff:", err)
		return exitError
	}
	var threshold findings.Severity // unset: -fail-on not given
	if *failOn != "" {
		if threshold, err = findings.ParseSeverity(*failOn); err != nil {
			fmt.Fprintln(stderr, "dartscan diff:", err)
			return exitError
		}
	}

	red.learnAhead(ctx, names, false)
	results := analyzeAll(ctx, names, rules.All(), nil, false, runtime.GOMAXPROCS(0), nil, p)
	code := exitOK
	for _, r := range results {
		why, diffable := diffProblem(r, p)
		if why == "" {
			continue
		}
		fmt.Fprintf(stderr, "dartscan diff: %s\n", report.OneLine(why))
		code = exitError
		if !diffable {
			return exitError
		}
	}
	// Both are redacted with one redactor, before they are compared: a
	// finding's redacted fingerprint is the same in both.
	results = red.bundles(results)
	d := findings.DiffReports(results[0].Report, results[1].Report)
	if err := report.WriteDiff(stdout, report.Format(*format), d, &report.Options{Language: p.Language()}); err != nil {
		fmt.Fprintln(stderr, "dartscan diff:", err)
		return exitError
	}
	if code == exitOK && threshold > 0 && slices.ContainsFunc(d.New, func(f findings.Finding) bool { return f.Severity >= threshold }) {
		code = exitFindings
	}
	return code
}

// diffProblem says what keeps a bundle's analysis from standing in a diff
// as it is, "" when nothing does, and whether it may be compared anyway:
// an analysis that lost part of the bundle may, marked in the diff; a
// bundle not analysed, or holding nothing of the client, whose lack of
// findings would read as all of them resolved, may not.
func diffProblem(r report.Bundle, p *i18n.Printer) (why string, diffable bool) {
	switch {
	case r.Err != nil:
		return r.Err.Error(), false
	case r.Report.NotBundle:
		return p.Sprintf("%s: not a DART bundle: %s", r.Report.Bundle, p.Text(findings.LookedFor)), false
	case r.Report.Incomplete:
		why := p.Sprintf("part of the input could not be read")
		if len(r.Report.Unread) > 0 {
			why = r.Report.Unread[0]
			if n := len(r.Report.Unread) - 1; n > 0 {
				why += p.Sprintf(" (and %d more)", n)
			}
		}
		return p.Sprintf("%s: analysis incomplete: %s", r.Path, why), true
	}
	return "", true
}
