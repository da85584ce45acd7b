// Command dartscan analyses Cisco AnyConnect / Secure Client DART bundles and
// prints what it finds.
//
// Usage:
//
//	dartscan [-format text|json|markdown|html|ndjson] [-lang en|ko] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...
//	dartscan -capture FILE
//	dartscan -summary [-format text|markdown|csv|json] BUNDLE...
//	dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW
//	dartscan redact [-key FILE] [-map FILE] [-keep PATTERN]... IN OUT
//	dartscan rules
//	dartscan explain RULE
//	dartscan help
//
// Flags may come before, between or after the bundle names; after "--"
// every argument is a bundle name. RULE is a rule's ID or the start of one,
// in any case. help (or -h, -help, --help) prints the usage on stdout.
//
// Reports and messages are in English or Korean: -lang en or -lang ko,
// which any command takes; without it, the first of the environment's
// LC_ALL, LC_MESSAGES and LANG that is set (ko_KR.UTF-8 is Korean);
// English otherwise. In every language the JSON's field names, rule IDs,
// severities and states are English, and so are the errors of the system
// and of parsing.
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
// With -redact, every format, -summary and diff included, is written with
// the bundles' secrets replaced by pseudonyms: user and host names, the
// customer's domains, addresses, MAC and e-mail addresses, certificate
// subjects, the VPN profiles' servers. -key FILE gives the key the
// pseudonyms derive from, in hexadecimal, or the map of dartscan redact,
// so that the report names what the redacted bundle does; without it a
// key is generated and forgotten.
//
// dartscan redact writes to OUT a copy of the bundle IN, of the same
// layout, or of the pcap or pcapng capture IN, with its secrets replaced
// by pseudonyms, and, apart from it (OUT.map.json unless -map says
// where), the map of each pseudonym to its original and the key. It
// refuses to write over IN or inside it, or the map over IN or OUT or
// inside OUT. -key FILE is read, never written: a key dartscan generates
// is written only to the map, and a map is itself a key file: given the
// map of a bundle, its capture gets the same pseudonyms. -keep PATTERN,
// repeated, keeps a value, *.domain or address prefix as it is. It exits
// 0 when the copy and the map are written, 2 otherwise.
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

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/i18n"
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

func usage(w io.Writer, fs *flag.FlagSet, p *i18n.Printer) {
	fmt.Fprintf(w, "%s\n       dartscan -capture FILE\n       %s\n       %s\n       %s\n       dartscan rules\n       dartscan explain RULE\n       dartscan help\n\n",
		p.Sprintf("usage: dartscan [-format text|json|markdown|html|ndjson] [-lang en|ko] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE..."),
		"dartscan -summary [-format text|markdown|csv|json] BUNDLE...",
		"dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW",
		"dartscan redact [-key FILE] [-map FILE] [-keep PATTERN]... IN OUT")
	fmt.Fprintf(w, "%s\n\n", p.Sprintf("Flags may follow the bundle names; after -- every argument is a bundle name.\nRULE is a rule's ID or the start of one, in any case."))
	fs.SetOutput(w)
	fs.PrintDefaults()
}

const explainUsage = "usage: dartscan explain RULE (an ID, or the start of one; dartscan rules lists them)"

// pickLanguage returns the language -lang names, the flag taken out of args
// wherever it stands before "--", or, without it, the language of the
// environment: LC_ALL, LC_MESSAGES or LANG, the first that is set.
func pickLanguage(args []string) (tag language.Tag, rest []string, err error) {
	lang := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return language.Und, nil, errors.New("flag needs an argument: -lang")
			}
			i++
			value = args[i]
		}
		lang = value
	}
	if lang != "" {
		t := i18n.Match(lang)
		if t == language.English && !strings.HasPrefix(strings.ToLower(lang), "en") {
			return language.Und, nil, fmt.Errorf("unknown language %q (want en or ko)", lang)
		}
		return t, rest, nil
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return i18n.Match(s), rest, nil
		}
	}
	return language.English, rest, nil
}

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
func explain(reg *findings.Registry, args []string, stdout, stderr io.Writer, p *i18n.Printer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprintln(stdout, p.Sprintf(explainUsage))
		return exitOK
	}
	if len(args) != 1 || args[0] == "" {
		fmt.Fprintln(stderr, p.Sprintf(explainUsage))
		return exitError
	}
	r, candidates := findRule(reg.Rules(), args[0])
	switch {
	case r != nil:
		if err := report.WriteExplain(stdout, r, &report.Options{Language: p.Language()}); err != nil {
			fmt.Fprintln(stderr, "dartscan:", err)
			return exitError
		}
		return exitOK
	case len(candidates) == 0:
		fmt.Fprintf(stderr, "dartscan: %s\n", p.Sprintf("no rule %q (dartscan rules lists them)", args[0]))
	default:
		fmt.Fprintf(stderr, "dartscan: %s\n", p.Sprintf("%q is the start of %d rules; give more of the ID:", args[0], len(candidates)))
		tw := tabwriter.NewWriter(stderr, 0, 0, 2, ' ', 0)
		for _, c := range candidates {
			fmt.Fprintf(tw, "  %s\t%s\n", c.ID, p.Text(c.Title))
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
	lang, args, err := pickLanguage(args)
	if err != nil {
		fmt.Fprintln(stderr, "dartscan:", err)
		return exitError
	}
	p := i18n.NewPrinter(lang)
	ropts := &report.Options{Language: lang}
	// The flags are defined first: dartscan help prints them.
	fs := flag.NewFlagSet("dartscan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", p.Sprintf("output `format`: %s", formatNames(p, report.Formats)))
	fs.String("lang", "", p.Sprintf("the `language` of reports and messages: en or ko (default: from LC_ALL, LC_MESSAGES or LANG, else en)"))
	failOn := fs.String("fail-on", "", p.Sprintf("exit 1 when a finding is at or above this `severity` (info, low, medium, high, critical)"))
	only := fs.String("rules", "", p.Sprintf("comma-separated `IDs` of the rules to run (default: all)"))
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), p.Sprintf("bundles analysed at once"))
	capturePath := fs.String("capture", "", p.Sprintf("a pcap or pcapng `file` taken on the endpoint, read with the bundles (or alone)"))
	redactOn, keyFile := redactFlags(fs, p)
	summary := fs.Bool("summary", false, p.Sprintf("write a row per bundle and a count per rule across all, instead of the reports (-format text, markdown, csv or json)"))
	if len(args) > 0 {
		switch args[0] {
		case "help":
			usage(stdout, fs, p)
			return exitOK
		case "rules":
			if err := report.WriteRules(stdout, reg.Rules(), ropts); err != nil {
				fmt.Fprintln(stderr, "dartscan:", err)
				return exitError
			}
			return exitOK
		case "explain":
			return explain(reg, args[1:], stdout, stderr, p)
		case "diff":
			return runDiff(ctx, args[1:], stdout, stderr, p)
		case "redact":
			return runRedact(ctx, args[1:], stdout, stderr, p)
		}
	}

	names, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs, p)
			return exitOK
		}
		// The flag package's message names the flag.
		fmt.Fprintln(stderr, "dartscan:", err)
		usage(stderr, fs, p)
		return exitError
	}
	if len(names) == 0 && *capturePath == "" {
		usage(stderr, fs, p)
		return exitError
	}
	render, err := renderer(*summary, *format, ropts)
	if err != nil {
		fmt.Fprintln(stderr, "dartscan:", err)
		return exitError
	}
	red, err := newReportRedactor(*redactOn, *keyFile, p)
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
				if err := render(stdout, red.bundles([]report.Bundle{{Path: *capturePath, Err: err}})); err != nil {
					fmt.Fprintln(stderr, "dartscan:", err)
				}
				return exitError
			}
			code = exitError // the bundles are still analysed, without it
		}
	}
	var results []report.Bundle
	if len(names) == 0 {
		rep, err := findings.AnalyzeCapture(ctx, capture, selected, &findings.Options{Language: lang})
		results = []report.Bundle{{Path: *capturePath, Report: rep, Err: err}}
		if html && rep != nil {
			results[0].Timeline = report.NewTimelineRecorder().Timeline(rep) // the capture's marks
		}
	} else if *format == string(report.NDJSON) {
		// The records are written as they are read (see ndjson.go).
		red.learnAhead(ctx, names, true)
		results, render = streamNDJSON(ctx, stdout, names, selected, capture, red, p)
		red = nil // the stream wrote its reports redacted; results are for the exit status
	} else {
		red.learnAhead(ctx, names, false)
		prog := startProgress(stderr, len(names), p)
		results = analyzeAll(ctx, names, selected, capture, html, max(*jobs, 1), prog, p)
		prog.stop()
	}
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "dartscan: %s\n", report.OneLine(r.Err.Error()))
			code = exitError
		case r.Report != nil && r.Report.NotBundle:
			// Its lack of findings means nothing: never a pass.
			fmt.Fprintf(stderr, "dartscan: %s\n", report.OneLine(p.Sprintf("%s: not a DART bundle: %s", r.Report.Bundle, p.Text(findings.LookedFor))))
			code = exitError
		case r.Report != nil && r.Report.Incomplete:
			// The report is still printed; the reason names the file.
			why := p.Sprintf("part of the input could not be read")
			if len(r.Report.Unread) > 0 {
				why = r.Report.Unread[0]
				if n := len(r.Report.Unread) - 1; n > 0 {
					why += p.Sprintf(" (and %d more)", n)
				}
			}
			fmt.Fprintf(stderr, "dartscan: %s\n", p.Sprintf("%s: analysis incomplete: %s", report.OneLine(r.Path), report.OneLine(why)))
			code = exitError
		}
	}
	if err := render(stdout, red.bundles(results)); err != nil {
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
func analyzeAll(ctx context.Context, paths []string, rs []*findings.Rule, capture *findings.Capture, html bool, jobs int, prog *progress, p *i18n.Printer) []report.Bundle {
	out := make([]report.Bundle, len(paths))
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i, path := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = analyze(ctx, path, rs, capture, html, nil, p)
			prog.add(path)
		}()
	}
	wg.Wait()
	return out
}

// analyze opens and analyses the bundle at path, its texts in p's
// language. With html, the analysis keeps what the HTML report shows
// beside the findings; attach, if not nil, is given the analysis's options
// and the bundle first.
func analyze(ctx context.Context, path string, rs []*findings.Rule, capture *findings.Capture, html bool, attach attachFunc, p *i18n.Printer) report.Bundle {
	b, err := dart.Open(ctx, path, nil)
	if errors.Is(err, dart.ErrNoFiles) {
		err = errors.New(p.Sprintf("%s: not a DART bundle: it holds no files", path))
	}
	if err != nil {
		return report.Bundle{Path: path, Err: err}
	}
	defer b.Close()
	opts := &findings.Options{Capture: capture, Language: p.Language()}
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

// formatNames lists formats, for the usage and its errors.
func formatNames(p *i18n.Printer, formats []report.Format) string {
	var names []string
	for _, f := range formats {
		names = append(names, string(f))
	}
	return p.Sprintf("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
