// Command dartscan analyses Cisco AnyConnect / Secure Client DART bundles and
// prints what it finds.
//
// Usage:
//
//	dartscan [-format text|json|markdown] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...
//	dartscan -capture FILE
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
	"bytes"
	"context"
	"encoding/json"
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
	fmt.Fprintf(w, "usage: dartscan [-format text|json|markdown] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...\n       dartscan -capture FILE\n       dartscan rules\n       dartscan explain RULE\n       dartscan help\n\n")
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
		writeExplain(stdout, r)
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
	format := fs.String("format", "text", "output `format`: text, json or markdown")
	failOn := fs.String("fail-on", "", "exit 1 when a finding is at or above this `severity` (info, low, medium, high, critical)")
	only := fs.String("rules", "", "comma-separated `IDs` of the rules to run (default: all)")
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "bundles analysed at once")
	capturePath := fs.String("capture", "", "a pcap or pcapng `file` taken on the endpoint, read with the bundles (or alone)")
	if len(args) > 0 {
		switch args[0] {
		case "help":
			usage(stdout, fs)
			return exitOK
		case "rules":
			writeRules(stdout, reg.Rules())
			return exitOK
		case "explain":
			return explain(reg, args[1:], stdout, stderr)
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
	render, ok := renderers[*format]
	if !ok {
		fmt.Fprintf(stderr, "dartscan: unknown format %q (want text, json or markdown)\n", *format)
		return exitError
	}
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
			fmt.Fprintf(stderr, "dartscan: %s\n", oneLine(err.Error()))
			if len(names) == 0 {
				if err := render(stdout, []result{{path: *capturePath, err: err}}); err != nil {
					fmt.Fprintln(stderr, "dartscan:", err)
				}
				return exitError
			}
			code = exitError // the bundles are still analysed, without it
		}
	}
	var results []result
	if len(names) == 0 {
		rep, err := findings.AnalyzeCapture(ctx, capture, selected)
		results = []result{{path: *capturePath, report: rep, err: err}}
	} else {
		results = analyzeAll(ctx, names, selected, capture, max(*jobs, 1))
	}
	for _, r := range results {
		switch {
		case r.err != nil:
			fmt.Fprintf(stderr, "dartscan: %s\n", oneLine(r.err.Error()))
			code = exitError
		case r.report != nil && r.report.NotBundle:
			// Its lack of findings means nothing: never a pass.
			fmt.Fprintf(stderr, "dartscan: %s\n", oneLine(r.report.Err().Error()))
			code = exitError
		case r.report != nil && r.report.Incomplete:
			// The report is still printed; the reason names the file.
			why := "part of the input could not be read"
			if len(r.report.Unread) > 0 {
				why = r.report.Unread[0]
				if n := len(r.report.Unread) - 1; n > 0 {
					why += fmt.Sprintf(" (and %d more)", n)
				}
			}
			fmt.Fprintf(stderr, "dartscan: %s: analysis incomplete: %s\n", oneLine(r.path), oneLine(why))
			code = exitError
		}
	}
	if err := render(stdout, results); err != nil {
		fmt.Fprintln(stderr, "dartscan:", err)
		return exitError
	}
	if code == exitOK && threshold > 0 {
		for _, r := range results {
			if r.report == nil {
				continue
			}
			for _, f := range r.report.Findings {
				if f.Severity >= threshold {
					code = exitFindings
				}
			}
		}
	}
	return code
}

// A result is one bundle's analysis, or why it could not be done.
type result struct {
	path   string
	report *findings.Report
	err    error
}

// analyzeAll analyses the bundles with up to jobs at once, keeping the
// order of paths.
func analyzeAll(ctx context.Context, paths []string, rs []*findings.Rule, capture *findings.Capture, jobs int) []result {
	out := make([]result, len(paths))
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = analyze(ctx, p, rs, capture)
		}()
	}
	wg.Wait()
	return out
}

func analyze(ctx context.Context, path string, rs []*findings.Rule, capture *findings.Capture) result {
	b, err := dart.Open(ctx, path, nil)
	if errors.Is(err, dart.ErrNoFiles) {
		err = fmt.Errorf("%s: not a DART bundle: it holds no files", path)
	}
	if err != nil {
		return result{path: path, err: err}
	}
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rs, &findings.Options{Capture: capture})
	if err != nil {
		return result{path: path, err: fmt.Errorf("%s: %w", path, err)}
	}
	rep.Bundle = path
	return result{path: path, report: rep}
}

// jsonDocument is the JSON document of the reports: every bundle's report;
// a bundle that could not be opened has the same shape, with its error.
type jsonDocument struct {
	// SchemaVersion changes when a field is removed or changes
	// meaning; new fields do not change it. Version 2: "errors"
	// lists only what was lost, and "incomplete" is true exactly when
	// it is not empty; what lost nothing moved to "coverage.notes".
	SchemaVersion int   `json:"schema_version"`
	Bundles       []any `json:"bundles"`
}

// newJSONDocument returns the document of results.
func newJSONDocument(results []result) jsonDocument {
	type failed struct {
		Path     string             `json:"path"`
		Platform dart.Platform      `json:"platform"`
		Product  struct{}           `json:"product"`
		Findings []findings.Finding `json:"findings"`
		Errors   []string           `json:"errors"`
	}
	doc := jsonDocument{SchemaVersion: 2, Bundles: []any{}}
	for _, r := range results {
		if r.report == nil {
			doc.Bundles = append(doc.Bundles, failed{Path: r.path, Platform: dart.PlatformUnknown, Findings: []findings.Finding{}, Errors: []string{r.err.Error()}})
			continue
		}
		doc.Bundles = append(doc.Bundles, r.report)
	}
	return doc
}

// writeJSON prints newJSONDocument(results).
func writeJSON(w io.Writer, results []result) error {
	doc := newJSONDocument(results)
	// The document is written as json.Encoder with an indent of two
	// spaces writes it, but a bundle at a time, and a report's files one
	// at a time: whole, a bundle of 100,000 files is tens of megabytes
	// of JSON, held twice while it is indented.
	if _, err := io.WriteString(w, "{\n  \"schema_version\": 2,\n  \"bundles\": ["); err != nil {
		return err
	}
	for i, b := range doc.Bundles {
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, "\n    ")
		if err := writeJSONBundle(w, b); err != nil {
			return err
		}
	}
	if len(doc.Bundles) > 0 {
		io.WriteString(w, "\n  ")
	}
	_, err := io.WriteString(w, "]\n}\n")
	return err
}

// writeJSONBundle writes b, an element of the document's bundles, as
// writeJSON's encoder would, but a report's files and profiles one by
// one: they are what a bundle holds by the thousand.
func writeJSONBundle(w io.Writer, b any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	rep, ok := b.(*findings.Report)
	if !ok {
		if err := enc.Encode(b); err != nil {
			return err
		}
		_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	// The lists are left out of the report encoded, as null, and written
	// where they are, in the order they come.
	short := *rep
	var lists []jsonList
	if rep.Facts != nil && len(rep.Facts.Profiles) > 0 {
		facts := *rep.Facts
		facts.Profiles = nil
		short.Facts = &facts
		lists = append(lists, jsonList{"profiles", 4, len(rep.Facts.Profiles), func(i int) any { return &rep.Facts.Profiles[i] }})
	}
	if len(rep.Files) > 0 {
		short.Files = nil
		lists = append(lists, jsonList{"files", 3, len(rep.Files), func(i int) any { return &rep.Files[i] }})
	}
	if err := enc.Encode(&short); err != nil {
		return err
	}
	rest := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	var elem bytes.Buffer
	for _, l := range lists {
		pad := strings.Repeat("  ", l.depth)
		// Keys are at one depth of indent in an object, deeper in what
		// it holds, and strings hold no line breaks: the key's line is
		// found.
		head, tail, found := bytes.Cut(rest, []byte("\n"+pad+`"`+l.key+`": null`))
		if !found {
			return fmt.Errorf("no %s in the JSON of a report", l.key)
		}
		if _, err := w.Write(head); err != nil {
			return err
		}
		io.WriteString(w, "\n"+pad+`"`+l.key+`": [`)
		ee := json.NewEncoder(&elem)
		ee.SetIndent(pad+"  ", "  ")
		ee.SetEscapeHTML(false)
		for i := range l.n {
			elem.Reset()
			if err := ee.Encode(l.elem(i)); err != nil {
				return err
			}
			if i > 0 {
				io.WriteString(w, ",")
			}
			io.WriteString(w, "\n"+pad+"  ")
			if _, err := w.Write(bytes.TrimSuffix(elem.Bytes(), []byte("\n"))); err != nil {
				return err
			}
		}
		io.WriteString(w, "\n"+pad+"]")
		rest = tail
	}
	_, err := w.Write(rest)
	return err
}

// A jsonList is a list of a report that writeJSONBundle writes an element
// at a time: its key, the depth of indent of the key, its length, and its
// elements.
type jsonList struct {
	key   string
	depth int
	n     int
	elem  func(int) any
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
