// Command dartscan analyses Cisco AnyConnect / Secure Client DART bundles and
// prints what it finds.
//
// Usage:
//
//	dartscan [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...
//	dartscan -capture FILE
//	dartscan -summary [-format text|markdown|csv|json] BUNDLE...
//	dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW
//	dartscan rules
//	dartscan explain RULE
//	dartscan help
//
// Flags may come before, between or after the bundle names; after "--"
// every argument is a bundle name. RULE is a rule's ID or the start of one,
// in any case. help (or -h, -help, --help) prints the usage on stdout.
//
// A BUNDLE is a DART zip, an archive holding one (.tar.gz, .tgz, .7z,
// .zip), or a folder where a bundle was extracted. Bundles are analysed in
// parallel; the output lists them in the order given. With -capture, a pcap or
// pcapng capture taken on the endpoint is read too, and its DNS transactions
// become evidence beside the bundle's records; without a bundle, the capture
// alone is analysed.
//
// With -format ndjson, each bundle's records are written as they are read,
// one JSON object a line named in the Elastic Common Schema, then its
// findings and a summary; the bundles are then analysed one at a time.
//
// Each report says what became of every file (read, facts, not
// understood, with the reason) and how many of the files dartkit should
// understand it did.
//
// Exit status: 0 when every bundle was analysed (with or without findings);
// 1 when -fail-on is set and a finding is at or above that severity; 2 when a
// bundle could not be opened or read, wholly or in part (a one-line reason
// naming it goes to stderr; a bundle read in part is still reported, marked
// incomplete, and the other bundles are still analysed and reported), when
// an input is not a DART bundle (it holds no AnyConnect or Secure Client
// content: one line on stderr names it and says what was looked for, and
// the report never says "No findings."), or when the command line is
// wrong. Doubts that lost nothing (lines not in a log's format, names
// cleaned) are notes, and do not change the exit status.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

func main() {
	limitMemory()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// A report of a bundle of many files is written in many small
	// pieces: a write each would be a system call each.
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	code := run(ctx, os.Args[1:], out, os.Stderr)
	if err := out.Flush(); err != nil && code == exitOK {
		fmt.Fprintln(os.Stderr, "dartscan:", err)
		code = exitError
	}
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: dartscan [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...\n       dartscan -capture FILE\n       dartscan -summary [-format text|markdown|csv|json] BUNDLE...\n       dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW\n       dartscan rules\n       dartscan explain RULE\n       dartscan help\n\n")
	fmt.Fprintf(w, "Flags may follow the bundle names; after -- every argument is a bundle name.\nRULE is a rule's ID or the start of one, in any case.\n\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

const explainUsage = "usage: dartscan explain RULE (an ID, or the start of one; dartscan rules lists them)"

// parseArgs parses args with fs and returns the bundle names. fs.Parse
// stops at the first argument that is not a flag, and a user who adds a
// flag after the bundle name (dartscan bundle.zip -format json) means it:
// so each name is set aside and the rest parsed again, until a "--" ends
// the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if endsWithTerminator(fs, args[:len(args)-len(rest)]) {
			return append(names, rest...), nil
		}
		if len(rest) == 0 {
			return names, nil
		}
		names = append(names, rest[0])
		args = rest[1:]
	}
}

// endsWithTerminator reports whether the flags fs.Parse consumed ended
// with "--" itself, rather than with "--" as a flag's value
// (-capture --), by walking them as the flag package did.
func endsWithTerminator(fs *flag.FlagSet, consumed []string) bool {
	for i := 0; i < len(consumed); i++ {
		a := consumed[i]
		if a == "--" {
			return i == len(consumed)-1
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				continue
			}
		}
		i++ // the next argument is the flag's value
	}
	return false
}

// isHelp reports whether arg asks for the usage.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// explain prints the rule named in args (its ID or the start of it), or
// says why it cannot.
func explain(reg *findings.Registry, args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprintln(stdout, explainUsage)
		return exitOK
	}
	if len(args) != 1 || args[0] == "" {
		fmt.Fprintln(stderr, explainUsage)
		return exitError
	}
	r, candidates := findRule(reg.Rules(), args[0])
	switch {
	case r != nil:
		if err := report.WriteExplain(stdout, r, nil); err != nil {
			fmt.Fprintln(stderr, "dartscan:", err)
			return exitError
		}
		return exitOK
	case len(candidates) == 0:
		fmt.Fprintf(stderr, "dartscan: no rule %q (dartscan rules lists them)\n", args[0])
	default:
		fmt.Fprintf(stderr, "dartscan: %q is the start of %d rules; give more of the ID:\n", args[0], len(candidates))
		tw := tabwriter.NewWriter(stderr, 0, 0, 2, ' ', 0)
		for _, c := range candidates {
			fmt.Fprintf(tw, "  %s\t%s\n", c.ID, c.Title)
		}
		tw.Flush()
	}
	return exitError
}

// findRule returns the rule whose ID is id, or else the only one whose ID
// starts with id, ignoring case; when there is none or more than one, it
// returns the rules that start with id instead. An ID that is also the
// start of a longer one is still found.
func findRule(rs []*findings.Rule, id string) (*findings.Rule, []*findings.Rule) {
	var candidates []*findings.Rule
	for _, r := range rs {
		if strings.EqualFold(r.ID, id) {
			return r, nil
		}
		if len(r.ID) >= len(id) && strings.EqualFold(r.ID[:len(id)], id) {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 1 {
		return candidates[0], nil
	}
	return nil, candidates
}

// run is the whole command, with its streams and arguments passed in so
// tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	reg := rules.Registry()
	// The flags are defined first: dartscan help prints them.
	fs := flag.NewFlagSet("dartscan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "output `format`: "+formatNames())
	failOn := fs.String("fail-on", "", "exit 1 when a finding is at or above this `severity` (info, low, medium, high, critical)")
	only := fs.String("rules", "", "comma-separated `IDs` of the rules to run (default: all)")
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "bundles analysed at once")
	capturePath := fs.String("capture", "", "a pcap or pcapng `file` taken on the endpoint, read with the bundles (or alone)")
	summary := fs.Bool("summary", false, "write a row per bundle and a count per rule across all, instead of the reports (-format text, markdown, csv or json)")
	if len(args) > 0 {
		switch args[0] {
		case "help":
			usage(stdout, fs)
			return exitOK
		case "rules":
			if err := report.WriteRules(stdout, reg.Rules(), nil); err != nil {
				fmt.Fprintln(stderr, "dartscan:", err)
				return exitError
			}
			return exitOK
		case "explain":
			return explain(reg, args[1:], stdout, stderr)
		case "diff":
			return runDiff(ctx, args[1:], stdout, stderr)
		}
	}

	names, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return exitOK
		}
		// The flag package's message names the flag.
		fmt.Fprintln(stderr, "dartscan:", err)
		usage(stderr, fs)
		return exitError
	}
	if len(names) == 0 && *capturePath == "" {
		usage(stderr, fs)
		return exitError
	}
	render, err := renderer(*summary, *format)
	if err != nil {
		fmt.Fprintln(stderr, "dartscan:", err)
		return exitError
	}
	html := !*summary && report.Format(*format) == report.HTML
	threshold := findings.Severity(0) // unset: -fail-on not given
	if *failOn != "" {
		s, err := findings.ParseSeverity(*failOn)
		if err != nil {
			fmt.Fprintln(stderr, "dartscan:", err)
			return exitError
		}
		threshold = s
	}
	selected := reg.Rules()
	if *only != "" {
		var err error
		if selected, err = reg.Select(strings.Split(*only, ",")...); err != nil {
			fmt.Fprintln(stderr, "dartscan:", err)
			return exitError
		}
	}

	var capture *findings.Capture
	code := exitOK
	if *capturePath != "" {
		var err error
		if capture, err = readCapture(ctx, *capturePath); err != nil {
			fmt.Fprintf(stderr, "dartscan: %s\n", report.OneLine(err.Error()))
			if len(names) == 0 {
				if err := render(stdout, []report.Bundle{{Path: *capturePath, Err: err}}); err != nil {
					fmt.Fprintln(stderr, "dartscan:", err)
				}
				return exitError
			}
			code = exitError // the bundles are still analysed, without it
		}
	}
	var results []report.Bundle
	if len(names) == 0 {
		rep, err := findings.AnalyzeCapture(ctx, capture, selected)
		results = []report.Bundle{{Path: *capturePath, Report: rep, Err: err}}
		if html && rep != nil {
			results[0].Timeline = report.NewTimelineRecorder().Timeline(rep) // the capture's marks
		}
	} else if *format == string(report.NDJSON) {
		// The records are written as they are read (see ndjson.go).
		results, render = streamNDJSON(ctx, stdout, names, selected, capture)
	} else {
		prog := startProgress(stderr, len(names))
		results = analyzeAll(ctx, names, selected, capture, html, max(*jobs, 1), prog)
		prog.stop()
	}
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "dartscan: %s\n", report.OneLine(r.Err.Error()))
			code = exitError
		case r.Report != nil && r.Report.NotBundle:
			// Its lack of findings means nothing: never a pass.
			fmt.Fprintf(stderr, "dartscan: %s\n", report.OneLine(r.Report.Err().Error()))
			code = exitError
		case r.Report != nil && r.Report.Incomplete:
			// The report is still printed; the reason names the file.
			why := "part of the input could not be read"
			if len(r.Report.Unread) > 0 {
				why = r.Report.Unread[0]
				if n := len(r.Report.Unread) - 1; n > 0 {
					why += fmt.Sprintf(" (and %d more)", n)
				}
			}
			fmt.Fprintf(stderr, "dartscan: %s: analysis incomplete: %s\n", report.OneLine(r.Path), report.OneLine(why))
			code = exitError
		}
	}
	if err := render(stdout, results); err != nil {
		fmt.Fprintln(stderr, "dartscan:", err)
		return exitError
	}
	if code == exitOK && threshold > 0 {
		for _, r := range results {
			if r.Report == nil {
				continue
			}
			for _, f := range r.Report.Findings {
				if f.Severity >= threshold {
					code = exitFindings
				}
			}
		}
	}
	return code
}

// analyzeAll analyses the bundles with up to jobs at once, keeping the
// order of paths, and counts each done in prog. With html, each analysis
// keeps what the HTML report shows beside the findings.
func analyzeAll(ctx context.Context, paths []string, rs []*findings.Rule, capture *findings.Capture, html bool, jobs int, prog *progress) []report.Bundle {
	out := make([]report.Bundle, len(paths))
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = analyze(ctx, p, rs, capture, html, nil)
			prog.add(p)
		}()
	}
	wg.Wait()
	return out
}

// analyze opens and analyses the bundle at path. With html, the analysis
// keeps what the HTML report shows beside the findings; attach, if not
// nil, is given the analysis's options and the bundle first.
func analyze(ctx context.Context, path string, rs []*findings.Rule, capture *findings.Capture, html bool, attach attachFunc) report.Bundle {
	b, err := dart.Open(ctx, path, nil)
	if errors.Is(err, dart.ErrNoFiles) {
		err = fmt.Errorf("%s: not a DART bundle: it holds no files", path)
	}
	if err != nil {
		return report.Bundle{Path: path, Err: err}
	}
	defer b.Close()
	opts := &findings.Options{Capture: capture}
	if attach != nil {
		attach(opts, b, path)
	}
	var rec *report.TimelineRecorder
	if html {
		// The page shows each piece of evidence among its neighbours,
		// and the bundle's records over time.
		opts.Context = 3
		rec = report.NewTimelineRecorder()
		rec.Attach(opts)
	}
	rep, err := findings.Analyze(ctx, b, rs, opts)
	if err != nil {
		return report.Bundle{Path: path, Err: fmt.Errorf("%s: %w", path, err)}
	}
	rep.Bundle = path
	if rec != nil {
		return report.Bundle{Path: path, Report: rep, Timeline: rec.Timeline(rep)}
	}
	return report.Bundle{Path: path, Report: rep}
}

// readCapture reads the capture at path; a capture damaged part way is
// returned with what could be read, and the damage listed in the report.
func readCapture(ctx context.Context, path string) (*findings.Capture, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return findings.ReadCapture(ctx, f, path)
}

// formatNames lists the formats of -format, for the usage and its errors.
func formatNames() string {
	var names []string
	for _, f := range report.Formats {
		names = append(names, string(f))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
