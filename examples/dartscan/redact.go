package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/redact"
	"github.com/dartkit/dartkit/report"
)

// A key file holds the key pseudonyms are derived from, in hexadecimal
// (white space around it ignored), as the map's "key" field writes it; a
// map written by dartscan redact is a key file too, so that the report of
// a bundle, redacted with it, names what the redacted bundle names. A key
// is at least 16 bytes. dartscan never writes a key file: a key it
// generates is written only to the map.

// redactFlags adds -redact and -key to fs: with -redact the reports are
// written with the bundles' secrets replaced by pseudonyms.
func redactFlags(fs *flag.FlagSet, p *i18n.Printer) (on *bool, key *string) {
	on = fs.Bool("redact", false, p.Sprintf("replace the secrets of the bundles (user and host names, addresses, e-mail, servers...) with pseudonyms in the report"))
	key = fs.String("key", "", p.Sprintf("with -redact, the `file` of the key that pseudonyms derive from: the key in hexadecimal, or the map of dartscan redact (default: a new key)"))
	return on, key
}

// newReportRedactor returns the redactor -redact and -key ask for: nil
// without -redact.
func newReportRedactor(on bool, keyFile string, p *i18n.Printer) (*reportRedactor, error) {
	if !on {
		if keyFile != "" {
			return nil, errors.New(p.Sprintf("-key is for -redact"))
		}
		return nil, nil
	}
	r, err := newRedactor(keyFile, nil, p)
	if err != nil {
		return nil, err
	}
	return &reportRedactor{r: r}, nil
}

// newRedactor returns a redactor with the key of keyFile (a new key when
// it is "") and keep.
func newRedactor(keyFile string, keep []string, p *i18n.Printer) (*redact.Redactor, error) {
	var key []byte
	if keyFile != "" {
		var err error
		if key, err = readKey(keyFile, p); err != nil {
			return nil, err
		}
	}
	return redact.New(&redact.Options{Key: key, Keep: keep})
}

// maxKeyFile bounds what is read of a key file: a map is read for its
// key, and a map of a big bundle is large, but not larger than this.
const maxKeyFile = 256 << 20

// readKey reads the key of the key file name.
func readKey(name string, p *i18n.Printer) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return parseKey(data, name, p)
}

// parseKey returns the key of data, the content of the key file name:
// hexadecimal, or a map whose "key" field is.
func parseKey(data []byte, name string, p *i18n.Printer) ([]byte, error) {
	text := bytes.TrimSpace(data)
	if bytes.HasPrefix(text, []byte("{")) {
		var m struct {
			Key string `json:"key"`
		}
		if err := json.Unmarshal(text, &m); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, p.Sprintf("not a map of dartscan redact"), err)
		}
		text = []byte(m.Key)
	}
	key, err := hex.DecodeString(string(text))
	if err != nil || len(key) < 16 {
		return nil, errors.New(p.Sprintf("%s: not a key: want at least 16 bytes in hexadecimal, or the map of dartscan redact", name))
	}
	return key, nil
}

// A reportRedactor redacts the reports dartscan writes with -redact. A
// nil *reportRedactor leaves them as they are.
type reportRedactor struct {
	r *redact.Redactor
}

// learn makes rr replace the secrets the bundles' facts name wherever
// any of the reports holds them, not only in their own bundle's.
func (rr *reportRedactor) learn(bs []report.Bundle) {
	for _, b := range bs {
		if b.Report != nil {
			learnFacts(rr.r, b.Report.Facts)
		}
	}
}

// bundles returns the bundles with their reports redacted.
func (rr *reportRedactor) bundles(bs []report.Bundle) []report.Bundle {
	if rr == nil {
		return bs
	}
	rr.learn(bs)
	out := make([]report.Bundle, len(bs))
	for i, b := range bs {
		out[i] = rr.bundle(b)
	}
	return out
}

// bundle returns b with its report, path, error and timeline redacted.
func (rr *reportRedactor) bundle(b report.Bundle) report.Bundle {
	if rr == nil {
		return b
	}
	out := report.Bundle{Path: rr.r.String(b.Path), Report: redact.Report(rr.r, b.Report)}
	if b.Err != nil {
		out.Err = errors.New(rr.r.String(b.Err.Error()))
	}
	if tl := b.Timeline; tl != nil {
		c := *tl
		c.Sources = make([]report.SourceCounts, len(tl.Sources))
		for i, s := range tl.Sources {
			c.Sources[i] = report.SourceCounts{Source: rr.r.String(s.Source), Counts: s.Counts}
		}
		c.Marks = make([]report.Mark, len(tl.Marks))
		for i, m := range tl.Marks {
			m.Text, m.File = rr.r.String(m.Text), rr.r.String(m.File)
			c.Marks[i] = m
		}
		c.Cut = make([]string, len(tl.Cut))
		for i, s := range tl.Cut {
			c.Cut[i] = rr.r.String(s)
		}
		out.Timeline = &c
	}
	return out
}

// stringFunc returns what redacts a string of a streamed record, nil
// for a nil rr.
//
// A record's source, host, function and file repeat from one record to
// the next, and a stream has millions of records: short strings are
// redacted once and remembered, up to maxRemembered of them. What the
// redactor learns later would not reach a string remembered before it,
// so everything is learnt before the stream starts (see learnAhead).
func (rr *reportRedactor) stringFunc() func(string) string {
	if rr == nil {
		return nil
	}
	var mu sync.Mutex
	seen := map[string]string{}
	return func(s string) string {
		if s == "" || len(s) > maxRememberedLen {
			return rr.r.String(s)
		}
		mu.Lock()
		out, ok := seen[s]
		mu.Unlock()
		if ok {
			return out
		}
		out = rr.r.String(s)
		mu.Lock()
		if len(seen) >= maxRemembered {
			clear(seen)
		}
		seen[strings.Clone(s)] = out
		mu.Unlock()
		return out
	}
}

// How many strings, and how long, a stream's redaction remembers.
const (
	maxRemembered    = 4096
	maxRememberedLen = 256
)

// learnAhead makes rr keep the pseudonyms of the bundles at paths that
// were redacted before (see learnBundle) and, with facts, learn the
// secrets their facts name: a report streamed as it is read writes its
// records before the analysis has found the host name they hold.
func (rr *reportRedactor) learnAhead(ctx context.Context, paths []string, facts bool) {
	if rr == nil {
		return
	}
	for _, path := range paths {
		learnBundle(ctx, rr.r, path, facts)
	}
}

// learnBundle makes r keep as they are the pseudonyms the redaction note
// of the bundle at path lists, if it has one, so that the pseudonyms of
// a redacted bundle's facts are not taken for secrets; and, with facts,
// learn the secrets the bundle's facts name. A bundle that cannot be read
// teaches nothing: the analysis that follows says why.
func learnBundle(ctx context.Context, r *redact.Redactor, path string, facts bool) {
	b, err := dart.Open(ctx, path, nil)
	if err != nil {
		return
	}
	defer b.Close()
	if note, err := b.ReadFile(redact.NoteName); err == nil {
		r.AddPseudonyms(strings.FieldsFunc(string(note), func(c rune) bool { return c == ',' || unicode.IsSpace(c) })...)
	}
	if !facts {
		return
	}
	if rep, err := findings.Analyze(ctx, b, nil, nil); err == nil {
		learnFacts(r, rep.Facts)
	}
}

// learnFacts makes r replace the secrets facts name, and the user DART's
// summary names, wherever they appear.
func learnFacts(r *redact.Redactor, facts *dart.Facts) {
	if facts == nil {
		return
	}
	r.LearnFacts(facts)
	if facts.Summary != nil {
		r.Learn(redact.KindUser, facts.Summary.User)
	}
}

const redactUsage = "usage: dartscan redact [-key FILE] [-map FILE] [-keep PATTERN]... IN OUT"

// A keepList is the values of the repeated flag -keep.
type keepList []string

func (k *keepList) String() string { return strings.Join(*k, ",") }

func (k *keepList) Set(v string) error {
	*k = append(*k, v)
	return nil
}

// runRedact is dartscan redact: it writes to OUT a copy of the bundle or
// capture IN with its secrets replaced by pseudonyms, and apart from it the map of
// pseudonyms to originals. It exits 0 when both are written, 2 otherwise
// (the redacted copy and the map are then removed, if they were begun).
func runRedact(ctx context.Context, args []string, stdout, stderr io.Writer, p *i18n.Printer) int {
	fs := flag.NewFlagSet("dartscan redact", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keyFile := fs.String("key", "", p.Sprintf("the `file` of the key that pseudonyms derive from: the key in hexadecimal, or the map of an earlier redaction (default: a new key, written only to the map)"))
	mapFile := fs.String("map", "", p.Sprintf("the `file` the map (each pseudonym with its original, and the key) is written to; never inside OUT (default: OUT.map.json)"))
	var keep keepList
	fs.Var(&keep, "keep", p.Sprintf("a `pattern` left as it is, beyond the vendors' names: a value, *.domain or an address prefix (may be repeated)"))
	help := func(w io.Writer) {
		fmt.Fprintf(w, "%s\n\n%s\n\n", p.Sprintf(redactUsage), p.Sprintf("IN is a DART bundle, or a pcap or pcapng capture; OUT is where its redacted copy is written. The map holds the key and every original: keep it apart from OUT. With the map of a bundle as -key, a capture gets the bundle's pseudonyms."))
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if len(args) == 1 && isHelp(args[0]) {
		help(stdout)
		return exitOK
	}
	names, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		help(stdout)
		return exitOK
	case err != nil:
		fmt.Fprintln(stderr, "dartscan redact:", err)
		help(stderr)
		return exitError
	case len(names) != 2:
		help(stderr)
		return exitError
	}
	in, out := names[0], names[1]
	if *mapFile == "" {
		*mapFile = out + ".map.json"
	}
	if why := checkRedactPaths(in, out, *mapFile, *keyFile, p); why != "" {
		fmt.Fprintln(stderr, "dartscan redact:", why)
		return exitError
	}
	r, err := newRedactor(*keyFile, keep, p)
	if err != nil {
		fmt.Fprintln(stderr, "dartscan redact:", err)
		return exitError
	}
	res, err := redactBundle(ctx, r, in, out, *mapFile)
	if err != nil {
		fmt.Fprintf(stderr, "dartscan redact: %s\n", report.OneLine(err.Error()))
		return exitError
	}
	writeRedactSummary(stderr, res, r.Totals(), *mapFile, p)
	return exitOK
}

// redactBundle writes the redacted copy of in, a bundle or a capture, to
// out and r's map to mapFile; on error it removes what it wrote, but
// never a folder that was there before. The result lists a bundle's
// files; a capture's is empty.
func redactBundle(ctx context.Context, r *redact.Redactor, in, out, mapFile string) (*redact.Result, error) {
	res := &redact.Result{}
	st, err := os.Stat(out)
	wasDir := err == nil && st.IsDir()
	if isCapture(in) {
		err = redactCapture(r, in, out)
	} else {
		// The facts name secrets the patterns cannot know of: the host
		// name, the profiles' servers, the names of the hosts file.
		learnBundle(ctx, r, in, true)
		res, err = redact.Bundle(ctx, r, in, out)
	}
	if err != nil {
		if !wasDir {
			os.Remove(out)
		}
		return nil, err
	}
	// The map holds the originals: readable by its owner alone.
	f, err := os.OpenFile(mapFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err == nil {
		err = r.WriteMap(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(mapFile)
		}
	}
	if err != nil {
		if !wasDir {
			os.Remove(out)
		}
		return nil, err
	}
	return res, nil
}

// isCapture reports whether name is a capture's, by its extension.
func isCapture(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pcap", ".pcapng", ".cap":
		return true
	}
	return false
}

// redactCapture writes the redacted copy of the capture in to out.
func redactCapture(r *redact.Redactor, in, out string) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := redact.Capture(r, dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("%s: %w", in, err)
	}
	return dst.Close()
}

// checkRedactPaths says why dartscan redact must not write out and
// mapFile for in (and the key file keyFile, read), or "" when it may:
// neither may overwrite the input or lie inside it, the output and the
// map may not be one file, and the map, which holds the originals, may
// not lie inside the output that is to be shared.
func checkRedactPaths(in, out, mapFile, keyFile string, p *i18n.Printer) string {
	if _, err := os.Stat(in); err != nil {
		return err.Error()
	}
	rin, rout, rmap := resolve(in), resolve(out), resolve(mapFile)
	switch {
	case samePath(rout, rin, out, in):
		return p.Sprintf("%s is the input: the redacted copy must not overwrite it", out)
	case within(rout, rin):
		return p.Sprintf("%s is inside the input %s", out, in)
	case within(rin, rout):
		return p.Sprintf("the input %s is inside the output %s", in, out)
	case samePath(rmap, rin, mapFile, in):
		return p.Sprintf("the map %s would overwrite the input", mapFile)
	case samePath(rmap, rout, mapFile, out):
		return p.Sprintf("the map %s would overwrite the redacted copy", mapFile)
	case within(rmap, rout):
		return p.Sprintf("the map %s would be inside the output %s, which is to be shared", mapFile, out)
	case within(rmap, rin):
		return p.Sprintf("the map %s would be inside the input %s", mapFile, in)
	case keyFile != "" && samePath(rmap, resolve(keyFile), mapFile, keyFile):
		return p.Sprintf("the map %s would overwrite the key file", mapFile)
	}
	return ""
}

// resolve returns path absolute, its symbolic links followed as far as
// it exists.
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	dir, base := filepath.Split(abs)
	dir = filepath.Clean(dir)
	if dir == abs {
		return abs
	}
	return filepath.Join(resolve(dir), base)
}

// samePath reports whether the resolved paths a and b name one file: the
// same path, or one file by two names (a hard link).
func samePath(a, b, origA, origB string) bool {
	if a == b {
		return true
	}
	sa, errA := os.Stat(origA)
	sb, errB := os.Stat(origB)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// within reports whether the resolved path child lies inside the
// resolved path parent.
func within(child, parent string) bool {
	rel, err := filepath.Rel(parent, child)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// writeRedactSummary writes to w what the redaction did: its files by
// action, a line per kind of secret with how many values and
// replacements, and where the map is. Nothing of it is secret.
func writeRedactSummary(w io.Writer, res *redact.Result, totals []redact.MapTotal, mapFile string, p *i18n.Printer) {
	if len(res.Files) > 0 {
		// The actions are the library's words, in the order first met.
		var order []string
		actions := map[string]int{}
		for _, f := range res.Files {
			a, _, _ := strings.Cut(f.Action, ":")
			if actions[a] == 0 {
				order = append(order, a)
			}
			actions[a]++
		}
		line := p.Sprintf("%d files", len(res.Files))
		for i, a := range order {
			sep := ", "
			if i == 0 {
				sep = ": "
			}
			line += fmt.Sprintf("%s%d %s", sep, actions[a], a)
		}
		fmt.Fprintf(w, "dartscan redact: %s\n", line)
	}
	for _, t := range totals {
		if t.Values > 0 {
			fmt.Fprintf(w, "dartscan redact: %s\n", p.Sprintf("%s: %d distinct, %d replaced", t.Kind, t.Values, t.Replacements))
		}
	}
	fmt.Fprintf(w, "dartscan redact: %s\n", p.Sprintf("map written to %s: it holds the key and the originals; keep it apart", mapFile))
}
