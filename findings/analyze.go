package findings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
)

// Options configure an analysis. The zero value (or nil) is ready to use.
type Options struct {
	// MaxLineLength bounds one line of a log; longer lines are reported and
	// skipped. Zero means logparse's default.
	MaxLineLength int
	// MaxErrors is how many parse errors are kept per file; the rest are
	// counted. Zero means 20.
	MaxErrors int
	// Capture, if set, is a packet capture taken on the endpoint; rules
	// cite its DNS transactions beside the bundle's records.
	Capture *Capture
}

// A Report is the result of analysing one bundle. See the package
// documentation for when a report is Incomplete and when the input is no
// DART bundle at all.
type Report struct {
	Bundle   string        `json:"path"`
	Format   string        `json:"format"`
	Platform dart.Platform `json:"platform"`
	Product  ProductInfo   `json:"product"`
	Facts    *dart.Facts   `json:"facts"`
	Findings []Finding     `json:"findings"`
	Skipped  []Skip        `json:"skipped,omitempty"`
	// Files says what became of each file of the bundle, sorted by name:
	// every file is in exactly one [FileState].
	Files []FileReport `json:"files"`
	// Errors lists what was lost: bytes or records of the bundle that
	// could not be read (a damaged archive or entry, a limit, a line or
	// record cut or skipped, a file that could not be decoded or read) and
	// rules that failed, each naming its file or rule. Doubts that lose
	// nothing are in Coverage.Notes instead.
	Errors []string `json:"errors"`
	// Incomplete reports whether something was lost, so that the absence
	// of a finding proves less than usual. It is true exactly when Errors
	// is not empty.
	Incomplete bool `json:"incomplete"`
	// Unread says why the report is Incomplete: the first loss of each
	// file (or of the bundle, or of a rule). Its texts are in Errors too;
	// it is empty when Incomplete is false.
	Unread []string `json:"unread,omitempty"`
	// NotBundle reports that the input holds no AnyConnect or Secure Client
	// content at all, in what could be read: no file whose head names one
	// of the client's processes or products, no log record from a VPN
	// source, no client profile or preferences, no client version. Such an
	// input is not a DART bundle, and its lack of findings means nothing;
	// [Report.Err] returns [ErrNotBundle] for it.
	NotBundle bool     `json:"not_bundle"`
	Coverage  Coverage `json:"coverage"`
	// Capture describes the capture analysed with the bundle, if any.
	Capture *CaptureReport `json:"capture,omitempty"`
}

// ErrNotBundle is the error [Report.Err] returns for an input that holds
// no AnyConnect or Secure Client content. Such an error is also
// [dart.ErrNotBundle], which [dart.Open] returns for an input that is no
// archive or folder at all: one test with [errors.Is] catches both.
var ErrNotBundle = errors.New("findings: not a DART bundle")

// LookedFor says what an analysis looks for to call its input a DART
// bundle, for messages about an input that is not one.
const LookedFor = "no file names acvpnagent, vpnagentd, vpnui, vpndownloader, a csc_ process, Cisco AnyConnect or Cisco Secure Client, " +
	"no log record comes from the VPN client, and there is no client profile or version"

// Err returns an error that is [ErrNotBundle], naming the input and what
// was looked for, when r.NotBundle is set, and nil otherwise. An
// incomplete report is no error: see Incomplete.
func (r *Report) Err() error {
	if !r.NotBundle {
		return nil
	}
	return notBundleError{r.Bundle}
}

// A notBundleError says that an input holds no client content.
type notBundleError struct{ name string }

func (e notBundleError) Error() string { return e.name + ": not a DART bundle: " + LookedFor }

func (e notBundleError) Is(target error) bool {
	return target == ErrNotBundle || target == dart.ErrNotBundle
}

// ProductInfo is the installed client as a report states it.
type ProductInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// From says where the version was read ("file:line"), and VersionFrom
	// which component named it.
	From        string         `json:"from,omitempty"`
	VersionFrom dart.Component `json:"version_from,omitempty"`
}

// A FileState is what the analysis made of a file. Every file of a bundle
// ends in exactly one state.
type FileState string

// File states.
const (
	// StateRead is a log whose records were read: FileReport.Format says
	// in which format, Records how many, Errors how many lines or records
	// could not be.
	StateRead FileState = "read"
	// StateFacts is a file read for facts: a profile, preferences, a hosts
	// file, system or network information, an installer log, or any other
	// file the facts cite.
	StateFacts FileState = "facts"
	// StateNotUnderstood is a file nothing was drawn from; FileReport.Reason
	// says why.
	StateNotUnderstood FileState = "not-understood"
)

// A FileReport is what the analysis made of one file of the bundle.
type FileReport struct {
	Name     string    `json:"name"`
	Kind     dart.Kind `json:"kind"`
	Format   string    `json:"format,omitempty"` // the format of a log's records, e.g. "eventlog", "syslog"
	Encoding string    `json:"encoding,omitempty"`
	Size     int64     `json:"size"`
	State    FileState `json:"state"`
	// Reason says why a file is StateNotUnderstood: "mentions acvpnagent
	// but no log format was recognised", "a syslog with 0 records", "no
	// reader for format eventcsv", "binary, not read", ...
	Reason string `json:"reason,omitempty"`
	// Mentions is the AnyConnect or Secure Client name the file's head
	// holds, if any (see [dart.Mentions]).
	Mentions string `json:"mentions,omitempty"`
	// Missed says that a file not understood is one dartkit should have
	// read: a log, or text that mentions the client. A missed file lowers
	// the coverage figure (see [Coverage]); other files not understood,
	// such as a customer's notes or a binary, do not.
	Missed  bool `json:"missed,omitempty"`
	Records int  `json:"records,omitempty"` // log records read
	Errors  int  `json:"errors,omitempty"`  // lines or records the parser could not read: unrecognised, cut or over a limit
	// Duplicates counts the records of a text export (AnyConnect.txt) left
	// out because DuplicatesIn, the binary log of the same channel beside
	// it (AnyConnect.evtx), holds them: they are not in Records, and count
	// once, from the binary log. A record matches when its source, the
	// start of its message and its time match, whatever the zone the text
	// was written in.
	Duplicates   int    `json:"duplicates,omitempty"`
	DuplicatesIn string `json:"duplicates_in,omitempty"`
}

// Analyze reads every file of b once, streams the log records past the fact
// builder and the rules' signals, then runs each applicable rule's Check.
// Each log is read in its [dart.File].Format. Problems with parts of the
// bundle are listed in the report, which is still returned; the error is
// non-nil only when the analysis could not be done at all (a cancelled
// context, a rule set that does not validate). An input that is no DART
// bundle gives a report too, with NotBundle set.
func Analyze(ctx context.Context, b *dart.Bundle, rules []*Rule, opts *Options) (*Report, error) {
	if err := Validate(rules); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	maxErrs := opts.MaxErrors
	if maxErrs <= 0 {
		maxErrs = 20
	}
	// A file's report is made in place, in a slice as long as the index:
	// made apart and appended, each escaped to the heap, a copy per file
	// of a bundle that may hold MaxEntries.
	rep := &Report{Bundle: b.Name(), Format: b.Format(), Findings: []Finding{}, Errors: []string{}, Files: make([]FileReport, 0, b.Len())}
	fb := dart.NewFactBuilder()
	e := newEngine(rules)
	if opts.Capture != nil {
		e.capture = opts.Capture
		rep.Capture = opts.Capture.report()
	}
	var notes []string
	note := func(msg string) { notes = append(notes, msg) }
	// lost records a loss in Errors, and in Unread when it is the first of
	// its file.
	lost := func(msg string, first bool) {
		rep.Errors = append(rep.Errors, msg)
		if first {
			rep.Unread = append(rep.Unread, msg)
		}
	}
	// Reads that failed while walking the bundle are losses, unless the
	// bundle's problems list their cause already.
	var failed []error
	mentions := false // a file's head names the client
	pairs, err := pairCopies(ctx, b, &logparse.Options{MaxLineLength: opts.MaxLineLength})
	if err != nil {
		return nil, err
	}
	feed := startFeed(fb, e)
	defer feed.stop()
	err = b.Walk(ctx, func(f dart.File, r io.Reader) error {
		rep.Files = append(rep.Files, FileReport{Name: f.Name, Kind: f.Kind, Encoding: f.Encoding, Size: f.Size, Mentions: f.Mentions})
		fr := &rep.Files[len(rep.Files)-1]
		if f.Mentions != "" {
			mentions = true
		}
		feed.sync() // fb and e are this goroutine's until the next record
		e.noteFile(f)
		if !f.Kind.IsLog() {
			if err := fb.AddFile(f, r); err != nil {
				failed = append(failed, err)
				fr.Reason = "could not be read"
			}
			return nil
		}
		if err := fb.AddFile(f, nil); err != nil { // notes the name; the records come through the feed
			failed = append(failed, err)
		}
		fr.Format = f.Format.String()
		rd, release, err := newRecordReader(ctx, b, f, r, &logparse.Options{
			File:          f.Name,
			Reference:     f.Modified,
			MaxLineLength: opts.MaxLineLength,
			ReuseAfter:    reuseAfter,
			Size:          f.Size, // a small log gets a buffer of its size
		})
		defer release()
		copies := pairs[f.Name] // the binary copy of this text export, if any
		if err != nil {
			// A format without a reader loses nothing that could have
			// been read: the file is not understood, and says why.
			fr.Reason = strings.TrimPrefix(err.Error(), "logparse: ")
			return nil
		}
		nLost, nDoubt := 0, 0 // losses and doubts met in this file
		defer func() {
			if fr.Records > 0 {
				e.shapes.records[fr.Format] += fr.Records
			}
		}()
		for {
			// Each record is read straight into the feed's next slot.
			rec := feed.slot()
			err := rd.ReadInto(rec)
			if err == io.EOF {
				break
			}
			if err != nil {
				fr.Errors++
				e.shapes.unrec++
				var pe *logparse.ParseError
				if !errors.As(err, &pe) {
					// The input failed: the rest of the file is lost.
					failed = append(failed, err)
					break
				}
				if lostRecords(f.Format, err) {
					if nLost++; nLost <= maxErrs {
						lost(err.Error(), nLost == 1)
					}
				} else if nDoubt++; nDoubt <= maxErrs {
					// A line or block not in the format: a doubt about
					// the layout, counted in Coverage.Unrecognised.
					note(err.Error())
				}
				if rec.Pos.Line == 0 {
					continue // nothing of the record was read
				}
			}
			if copies != nil && copies.seen(rec) {
				fr.Duplicates++
				continue // counted in the binary copy
			}
			fr.Records++
			if fr.Records&0x3fff == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			feed.add()
		}
		if copies != nil {
			fr.DuplicatesIn = copies.binary
			note(copies.note(f.Name, fr.Duplicates))
		}
		if nLost > maxErrs {
			lost(fmt.Sprintf("%s: %d more lines or records not read, not listed", f.Name, nLost-maxErrs), false)
		}
		if nDoubt > maxErrs {
			note(fmt.Sprintf("%s: %d more lines not recognised, not listed", f.Name, nDoubt-maxErrs))
		}
		return nil
	})
	feed.sync()
	feed.stop()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lost(err.Error(), true)
	}
	problems := b.Problems()
	for _, p := range problems {
		switch {
		case nothingLost(p):
			note(p.Error())
		case !slices.Contains(rep.Errors, p.Error()):
			lost(p.Error(), true)
		}
	}
	for _, err := range failed {
		if !slices.ContainsFunc(problems, func(p error) bool { return errors.Is(err, p) }) {
			lost(err.Error(), true)
		}
	}
	if e.capture != nil && e.capture.Err != nil {
		lost(e.capture.Err.Error(), true)
	}
	slices.SortFunc(rep.Files, func(a, b FileReport) int { return strings.Compare(a.Name, b.Name) })

	for _, d := range b.EmptyFolders() {
		fb.AddEmptyFolder(d)
	}
	facts := fb.Facts()
	rep.Facts = facts
	rep.Platform = facts.Platform
	rep.Product = ProductInfo{Name: facts.Product.Name, Version: facts.Product.Version.String(), VersionFrom: facts.Product.VersionFrom}
	if facts.Product.Source.File != "" {
		rep.Product.From = facts.Product.Source.String()
	}
	var errs []string
	// The rules share the bundle's index: a copy would be as large as the
	// index, at the peak of the analysis.
	rep.Findings, rep.Skipped, errs = e.finish(facts, b.Index())
	for _, msg := range errs {
		lost(msg, true) // a rule that failed: its findings are lost
	}
	rep.Incomplete = len(rep.Errors) > 0
	rep.Coverage = e.shapes.coverage()
	rep.Coverage.Notes = notes
	rep.Coverage.Understood, rep.Coverage.Expected = settleStates(rep.Files, facts)
	rep.NotBundle = !mentions && !e.vpnLog && !clientFacts(facts) &&
		!hasKind(rep.Files, dart.KindVPNProfile, dart.KindServiceDisable, dart.KindPreferences)
	return rep, nil
}

// nothingLost reports whether a problem of the bundle lost nothing: a name
// that was only cleaned or renamed (insecure or duplicate), damage that was
// repaired, or text not valid in its encoding, each fault read as U+FFFD
// and the rest of the file read.
func nothingLost(p error) bool {
	return errors.Is(p, dart.ErrInsecurePath) || errors.Is(p, dart.ErrDuplicate) || errors.Is(p, dart.ErrRepaired) || errors.Is(p, dart.ErrEncoding)
}

// settleStates gives each file its state once the facts are known, and
// returns how many files were understood and how many should have been
// (those understood and those missed).
func settleStates(files []FileReport, facts *dart.Facts) (understood, expected int) {
	cited := citedFiles(facts)
	for i := range files {
		fr := &files[i]
		switch {
		case fr.Kind.IsLog():
			if fr.Records > 0 || fr.Duplicates > 0 {
				fr.State = StateRead
				break
			}
			fr.State, fr.Missed = StateNotUnderstood, true
			if fr.Reason == "" {
				fr.Reason = article(fr.Format) + " " + fr.Format + " with 0 records"
			}
		case fr.Reason != "": // could not be read
			fr.State = StateNotUnderstood
			fr.Missed = fr.Mentions != "" && fr.Encoding != ""
		case fr.Kind != dart.KindOther && fr.Kind != dart.KindArchive, cited[fr.Name]:
			fr.State = StateFacts
		default:
			fr.State = StateNotUnderstood
			switch {
			case fr.Kind == dart.KindArchive:
				fr.Reason = "an archive that was not opened"
			case fr.Size == 0:
				fr.Reason = "empty"
			case fr.Encoding == "":
				fr.Reason = "binary, not read"
			case fr.Mentions != "":
				fr.Reason = "mentions " + fr.Mentions + " but no log format was recognised"
				fr.Missed = true
			default:
				fr.Reason = "no format recognised, and no AnyConnect or Secure Client name in its head"
			}
		}
		switch {
		case fr.State != StateNotUnderstood:
			understood++
			expected++
		case fr.Missed:
			expected++
		}
	}
	return understood, expected
}

// article returns the indefinite article of word.
func article(word string) string {
	if word != "" && strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an"
	}
	return "a"
}

// citedFiles returns the names of the files the facts were read from.
func citedFiles(f *dart.Facts) map[string]bool {
	m := map[string]bool{}
	add := func(s dart.Source) {
		if s.File != "" {
			m[s.File] = true
		}
	}
	add(f.PlatformSource)
	for _, h := range f.PlatformHints {
		add(h.Source)
	}
	add(f.Product.Source)
	for _, v := range f.Versions {
		add(v.Source)
	}
	add(f.DART.Source)
	for _, p := range f.Profiles {
		m[p.File] = true
	}
	for _, h := range f.Hosts {
		add(h.Source)
	}
	for _, v := range f.DNSServers {
		add(v.Source)
	}
	add(f.Hostname.Source)
	add(f.TimeZone.Source)
	add(f.OSName.Source)
	add(f.OSVersion.Source)
	if f.Summary != nil {
		m[f.Summary.File] = true
	}
	add(f.Comment.Source)
	for _, x := range f.Modules {
		add(x.Source)
	}
	for _, x := range f.UIHistory {
		add(x.Source)
	}
	add(f.AgentService.Source)
	add(f.VirtualAdapter.IPConfig)
	return m
}

// clientFacts reports whether the facts name the client: a version of it,
// or a profile.
func clientFacts(f *dart.Facts) bool {
	return len(f.Versions) > 0 || !f.Product.Version.IsZero() || !f.DART.Version.IsZero() || len(f.Profiles) > 0
}

// hasKind reports whether a file is of one of kinds.
func hasKind(files []FileReport, kinds ...dart.Kind) bool {
	for _, f := range files {
		if slices.Contains(kinds, f.Kind) {
			return true
		}
	}
	return false
}

// lostText reports whether a parse error means text of the log was not
// read: a line or record over a limit, or a record cut inside its fields
// by the end of the file.
func lostText(err error) bool {
	return errors.Is(err, logparse.ErrLineTooLong) || errors.Is(err, logparse.ErrTooLarge) || errors.Is(err, logparse.ErrTruncated)
}

// Evaluate runs rules over records and facts that the caller already has,
// without a bundle: the records are offered to the rules' signals in the
// order given, then each applicable rule's Check runs. Files, if given, lets
// rules see the bundle's index and tells which inputs exist; without it only
// the records count as input. It is what Analyze does after reading a
// bundle, and what rule tests use.
func Evaluate(rules []*Rule, facts *dart.Facts, files []dart.File, records iter.Seq[logparse.Record]) ([]Finding, []Skip, error) {
	return EvaluateWith(rules, facts, files, records, nil)
}

// EvaluateWith is [Evaluate] with a packet capture beside the records.
func EvaluateWith(rules []*Rule, facts *dart.Facts, files []dart.File, records iter.Seq[logparse.Record], capture *Capture) ([]Finding, []Skip, error) {
	if err := Validate(rules); err != nil {
		return nil, nil, err
	}
	if facts == nil {
		facts = emptyFacts()
	}
	e := newEngine(rules)
	e.capture = capture
	for _, f := range files {
		e.noteFile(f)
	}
	for r := range records {
		e.observe(&r)
	}
	fs, skips, errs := e.finish(facts, files)
	if len(errs) > 0 {
		return fs, skips, errors.New(strings.Join(errs, "; "))
	}
	return fs, skips, nil
}

// An engine feeds records to the rules' signals and runs the rules.
type engine struct {
	rules   []*Rule
	series  []map[string]*Series // per rule, by signal name
	have    map[Input]bool
	shapes  *shapeCounter
	capture *Capture

	// The signals' Contains strings, each once, are searched for together
	// (see literalSet); byLit[i] are the matchers of the i-th string, and
	// always those that have none.
	lits   *literalSet
	byLit  [][]matcher
	always []matcher
	found  []bool // scratch: the strings found in the current record
	vpnLog bool   // have[InputVPNLog], read for every record
}

type matcher struct {
	sig    *Signal
	series *Series
}

func newEngine(rules []*Rule) *engine {
	e := &engine{rules: rules, series: make([]map[string]*Series, len(rules)), have: map[Input]bool{}, shapes: newShapeCounter()}
	litID := map[string]int{}
	var lits []string
	// Signals declared alike by several rules (same name, string and
	// sources, no Match) collect into one Series, added to once.
	shared := map[string]*Series{}
	for i, r := range rules {
		e.series[i] = map[string]*Series{}
		for j := range r.Signals {
			sig := &r.Signals[j]
			var key string
			if sig.Match == nil {
				key = strings.Join(append([]string{sig.Name, sig.Contains}, sig.Sources...), "\x00")
				if s, ok := shared[key]; ok {
					e.series[i][sig.Name] = s
					continue
				}
			}
			s := NewSeries(sig.Name)
			e.series[i][s.Name] = s
			if key != "" {
				shared[key] = s
			}
			m := matcher{sig, s}
			if sig.Contains == "" {
				e.always = append(e.always, m)
				continue
			}
			id, ok := litID[sig.Contains]
			if !ok {
				id = len(lits)
				litID[sig.Contains] = id
				lits = append(lits, sig.Contains)
				e.byLit = append(e.byLit, nil)
			}
			e.byLit[id] = append(e.byLit[id], m)
		}
	}
	e.lits = newLiteralSet(lits)
	e.found = make([]bool, len(lits))
	return e
}

// observe offers one record to every signal. Each distinct Contains string
// is searched for once, all of them in one pass; only the signals whose
// string was found go on to their Sources and Match.
func (e *engine) observe(r *logparse.Record) {
	if !e.vpnLog && SourceIs(r, vpnSources...) {
		e.vpnLog, e.have[InputVPNLog] = true, true
	}
	matched := false
	for _, m := range e.always {
		if m.sig.matchesRest(r) {
			m.series.Add(r)
			matched = true
		}
	}
	if e.lits.findRecord(r, e.found) {
		for id, ok := range e.found {
			if !ok {
				continue
			}
			e.found[id] = false
			for _, m := range e.byLit[id] {
				if m.sig.matchesRest(r) {
					m.series.Add(r)
					matched = true
				}
			}
		}
	}
	if !matched {
		e.shapes.add(r)
	}
}

// finish runs each rule that applies and returns the findings, most severe
// first, the rules skipped and the rules' errors.
func (e *engine) finish(facts *dart.Facts, files []dart.File) (out []Finding, skipped []Skip, errs []string) {
	out = []Finding{}
	if e.capture != nil {
		e.have[InputCapture] = true
	}
	for i, r := range e.rules {
		if reason, missing := applicable(r, facts, e.have); reason != "" {
			skipped = append(skipped, Skip{Rule: r.ID, Reason: reason, Missing: missing})
			continue
		}
		p := &Pass{Rule: r, Facts: facts, Files: files, Capture: e.capture, series: e.series[i], have: e.have}
		if err := r.Check(p); err != nil {
			errs = append(errs, fmt.Sprintf("rule %s: %v", r.ID, err))
			continue
		}
		out = append(out, p.out...)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity - a.Severity)
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out, skipped, errs
}

// noteFile records which inputs file f provides.
func (e *engine) noteFile(f dart.File) { noteInputs(e.have, f) }

// emptyFacts returns the facts of nothing: an unknown platform.
func emptyFacts() *dart.Facts { return &dart.Facts{Platform: dart.PlatformUnknown} }

// noteInputs records which inputs file f provides.
func noteInputs(have map[Input]bool, f dart.File) {
	switch f.Kind {
	case dart.KindVPNProfile, dart.KindServiceDisable, dart.KindPreferences:
		have[InputProfiles] = true
	case dart.KindHosts:
		have[InputHosts] = true
	case dart.KindSystemInfo:
		have[InputSystemInfo] = true
	}
	if strings.Contains(strings.ToLower(f.Name), "/profile/") {
		have[InputProfiles] = true
	}
}

// applicable returns why rule r cannot run on a bundle with these facts and
// inputs, or "" when it can.
func applicable(r *Rule, facts *dart.Facts, have map[Input]bool) (reason string, missing []Input) {
	for _, in := range r.Needs {
		if !have[in] {
			missing = append(missing, in)
		}
	}
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = string(m)
		}
		return "the bundle has no " + strings.Join(names, ", "), missing
	}
	if len(r.Platforms) > 0 && facts.Platform != dart.PlatformUnknown && !slices.Contains(r.Platforms, facts.Platform) {
		return fmt.Sprintf("does not apply to %s", facts.Platform), nil
	}
	if v := facts.Product.Version; !v.IsZero() && !r.Versions.Contains(v) {
		return fmt.Sprintf("does not apply to version %s (applies to %s)", v, r.Versions), nil
	}
	return "", nil
}
