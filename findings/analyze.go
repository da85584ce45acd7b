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

// A Report is the result of analysing one bundle.
type Report struct {
	Bundle   string        `json:"path"`
	Format   string        `json:"format"`
	Platform dart.Platform `json:"platform"`
	Product  ProductInfo   `json:"product"`
	Facts    *dart.Facts   `json:"facts"`
	Findings []Finding     `json:"findings"`
	Skipped  []Skip        `json:"skipped,omitempty"`
	Files    []FileReport  `json:"files"`
	// Errors lists what went wrong reading the bundle (damaged entries,
	// limits, malformed records), each naming its file.
	Errors []string `json:"errors"`
	// Incomplete reports whether part of the bundle could not be read, so
	// the absence of a finding proves less than usual.
	Incomplete bool `json:"incomplete"`
	// Unread says why the report is Incomplete: what could not be read
	// (a damaged archive or entry, a limit, a line or record skipped, a log
	// cut short), each naming its file; it is empty when Incomplete is
	// false. Its texts are in Errors too. Names in Errors that were only
	// cleaned or renamed (insecure or duplicate names), damage repaired
	// (dart.ErrRepaired) and text not valid in its encoding
	// (dart.ErrEncoding, each fault read as U+FFFD) do not make a report
	// incomplete: those files are read.
	Unread   []string `json:"unread,omitempty"`
	Coverage Coverage `json:"coverage"`
	// Capture describes the capture analysed with the bundle, if any.
	Capture *CaptureReport `json:"capture,omitempty"`
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

// A FileReport is what the analysis made of one file of the bundle.
type FileReport struct {
	Name     string    `json:"name"`
	Kind     dart.Kind `json:"kind"`
	Encoding string    `json:"encoding,omitempty"`
	Size     int64     `json:"size"`
	Records  int       `json:"records,omitempty"` // log records read
	Errors   int       `json:"errors,omitempty"`  // malformed records or lines
}

// logFormat maps a log file kind to its logparse format.
func logFormat(k dart.Kind) logparse.Format {
	switch k {
	case dart.KindEventLog:
		return logparse.FormatEventLog
	case dart.KindSyslog:
		return logparse.FormatSyslog
	case dart.KindUnifiedLog:
		return logparse.FormatUnifiedLog
	}
	return logparse.FormatUnknown
}

// Analyze reads every file of b once, streams the log records past the fact
// builder and the rules' signals, then runs each applicable rule's Check.
// Problems with parts of the bundle are listed in the report, which is still
// returned; the error is non-nil only when the analysis could not be done at
// all (a cancelled context, a rule set that does not validate).
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
	rep := &Report{Bundle: b.Name(), Format: b.Format(), Findings: []Finding{}, Errors: []string{}}
	fb := dart.NewFactBuilder()
	e := newEngine(rules)
	if opts.Capture != nil {
		e.capture = opts.Capture
		rep.Capture = opts.Capture.report()
	}
	addErr := func(msg string) { rep.Errors = append(rep.Errors, msg) }
	incomplete := func(msg string) {
		rep.Incomplete = true
		rep.Unread = append(rep.Unread, msg)
	}
	feed := startFeed(fb, e)
	defer feed.stop()
	err := b.Walk(ctx, func(f dart.File, r io.Reader) error {
		fr := FileReport{Name: f.Name, Kind: f.Kind, Encoding: f.Encoding, Size: f.Size}
		defer func() { rep.Files = append(rep.Files, fr) }()
		feed.sync() // fb and e are this goroutine's until the next record
		e.noteFile(f)
		if !f.Kind.IsLog() {
			if err := fb.AddFile(f, r); err != nil {
				addErr(err.Error())
			}
			return nil
		}
		if err := fb.AddFile(f, nil); err != nil {
			addErr(err.Error())
		}
		rd, err := logparse.NewReader(r, logFormat(f.Kind), &logparse.Options{
			File:          f.Name,
			Reference:     f.Modified,
			MaxLineLength: opts.MaxLineLength,
			ReuseAfter:    reuseAfter,
		})
		if err != nil {
			addErr(fmt.Sprintf("%s: %v", f.Name, err))
			return nil
		}
		skipped := false // a line or record of this file was skipped or cut
		defer func() {
			if fr.Records > 0 {
				e.shapes.records[logFormat(f.Kind).String()] += fr.Records
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
				if fr.Errors <= maxErrs {
					addErr(err.Error())
				}
				var pe *logparse.ParseError
				if !errors.As(err, &pe) {
					incomplete(err.Error())
					break
				}
				if !skipped && lostText(err) {
					skipped = true
					incomplete(err.Error())
				}
				if rec.Pos.Line == 0 {
					continue // nothing of the record was read
				}
			}
			fr.Records++
			if fr.Records&0x3fff == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			feed.add()
		}
		if fr.Errors > maxErrs {
			addErr(fmt.Sprintf("%s: %d more malformed records not listed", f.Name, fr.Errors-maxErrs))
		}
		return nil
	})
	feed.sync()
	feed.stop()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		addErr(err.Error())
		incomplete(err.Error())
	}
	for _, p := range b.Problems() {
		addErr(p.Error())
		if !errors.Is(p, dart.ErrInsecurePath) && !errors.Is(p, dart.ErrDuplicate) && !errors.Is(p, dart.ErrRepaired) && !errors.Is(p, dart.ErrEncoding) {
			incomplete(p.Error())
		}
	}
	if e.capture != nil && e.capture.Err != nil {
		addErr(e.capture.Err.Error())
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
	rep.Findings, rep.Skipped, errs = e.finish(facts, b.Files())
	rep.Errors = append(rep.Errors, errs...)
	rep.Coverage = e.shapes.coverage()
	return rep, nil
}

// lostText reports whether a parse error means text of the log was not
// read: a line or record over a limit, or a record cut by the end of the
// file.
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
