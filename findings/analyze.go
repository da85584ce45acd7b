package findings

import (
	"cmp"
	"context"
	"errors"
	"io"
	"math/bits"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings/internal/feed"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/internal/logreuse"
	"github.com/dartkit/dartkit/internal/recordtap"
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
	// Context is how many records before and after each piece of
	// evidence are kept with it (Evidence.Before and After), at most
	// MaxContext; 0 keeps none.
	Context int
	// Language is the language of the report's texts: the findings'
	// titles, summaries and remediation, the reasons rules were skipped
	// and files not understood, the notes. It is matched to the nearest
	// language dartkit has (English and Korean); the zero Tag is English.
	// Rule IDs, names of files and processes, and the errors of parsing
	// and of the system stay as they are.
	Language language.Tag

	tap recordtap.Func // see internal/recordtap
}

func init() {
	recordtap.Set = func(opts any, fn recordtap.Func) {
		o := opts.(*Options)
		if prev := o.tap; prev != nil {
			o.tap = func(r *logparse.Record) { prev(r); fn(r) }
			return
		}
		o.tap = fn
	}
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
	a, err := newAnalysis(ctx, b, rules, opts)
	if err != nil {
		return nil, err
	}
	if err := a.readBundle(ctx); err != nil {
		return nil, err
	}
	a.listLosses()
	facts := a.facts()
	a.runRules(facts)
	a.finishReport(facts)
	return a.rep, nil
}

// An analysis is what Analyze knows of a bundle while it reads it.
type analysis struct {
	b       *dart.Bundle
	opts    *Options
	maxErrs int // parse errors listed per file
	rep     *Report
	fb      *dart.FactBuilder
	e       *engine
	fd      *feed.Feed          // while the bundle is read
	pairs   map[string]*copySet // by text export: its binary copy
	notes   []string            // Coverage.Notes
	// failed lists the reads that failed while walking the bundle: losses,
	// unless the bundle's problems list their cause already.
	failed   []error
	mentions bool // a file's head names the client
	// walked marks the files of the index the walk met, a bit each;
	// reads holds the logs' counts, and reasons and copiesIn, by place
	// in the index, the few texts reading gave (FileReport.Reason and
	// DuplicatesIn). The files' reports are made of these and the index
	// at the end: held through the walk, a report per file would double
	// the memory the index takes, when a bundle holds a hundred thousand
	// files.
	walked   []uint64
	reads    []logCounts
	reasons  map[int]string
	copiesIn map[int]string
}

// logCounts are the counts of a log's reading (see FileReport).
type logCounts struct {
	at                          int // the log's place in the index
	records, errors, duplicates int
}

// newAnalysis prepares the analysis of b: its report, fact builder and
// engine, and the text exports whose records a binary log holds too.
func newAnalysis(ctx context.Context, b *dart.Bundle, rules []*Rule, opts *Options) (*analysis, error) {
	if opts == nil {
		opts = &Options{}
	}
	a := &analysis{b: b, opts: opts, maxErrs: opts.MaxErrors, fb: dart.NewFactBuilder(), e: newEngine(rules)}
	a.e.pr = i18n.NewPrinter(opts.Language)
	if a.maxErrs <= 0 {
		a.maxErrs = 20
	}
	a.rep = &Report{Bundle: b.Name(), Format: b.Format(), Findings: []Finding{}, Errors: []string{}}
	a.walked = make([]uint64, (b.Len()+63)/64)
	logs := 0
	for i := range b.Index() {
		if b.Index()[i].Kind.IsLog() {
			logs++
		}
	}
	a.reads = make([]logCounts, 0, logs)
	a.reasons, a.copiesIn = map[int]string{}, map[int]string{}
	if n := min(opts.Context, MaxContext); n > 0 {
		a.e.keepContext(n)
	}
	if opts.Capture != nil {
		a.e.capture = opts.Capture
		a.rep.Capture = opts.Capture.report()
	}
	var err error
	a.pairs, err = pairCopies(ctx, b, &logparse.Options{MaxLineLength: opts.MaxLineLength})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// note records a doubt that lost nothing.
func (a *analysis) note(msg string) { a.notes = append(a.notes, msg) }

// lost records a loss in Errors, and in Unread when it is the first of
// its file.
func (a *analysis) lost(msg string, first bool) {
	a.rep.Errors = append(a.rep.Errors, msg)
	if first {
		a.rep.Unread = append(a.rep.Unread, msg)
	}
}

// readBundle reads every file of the bundle, the logs' records through the
// feed. Its error is that of a cancelled context; a walk that failed
// otherwise is a loss.
func (a *analysis) readBundle(ctx context.Context) error {
	a.fd = startFeed(a.fb, a.e, a.opts.tap)
	defer a.fd.Stop()
	err := a.b.Walk(ctx, func(f dart.File, r io.Reader) error { return a.readFile(ctx, f, r) })
	a.fd.Sync()
	a.fd.Stop()
	a.fd = nil // its slots are done with, before the rules run
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a.lost(err.Error(), true)
	}
	return nil
}

// readFile reads one file of the bundle: a log's records, or any other
// file's facts.
func (a *analysis) readFile(ctx context.Context, f dart.File, r io.Reader) error {
	at := a.place(f)
	a.walked[at/64] |= 1 << (at % 64)
	if f.Mentions != "" {
		a.mentions = true
	}
	a.fd.Sync() // fb and e are this goroutine's until the next record
	a.e.noteFile(f)
	if !f.Kind.IsLog() {
		if err := a.fb.AddFile(f, r); err != nil {
			a.failed = append(a.failed, err)
			a.reasons[at] = a.e.pr.Sprintf("could not be read")
		}
		return nil
	}
	a.reads = append(a.reads, logCounts{at: at})
	fr := &a.reads[len(a.reads)-1]               // until the next file
	if err := a.fb.AddFile(f, nil); err != nil { // notes the name; the records come through the feed
		a.failed = append(a.failed, err)
	}
	return a.readLog(ctx, f, r, fr)
}

// readLog reads a log's records in its format and queues them to the feed.
func (a *analysis) readLog(ctx context.Context, f dart.File, r io.Reader, fr *logCounts) error {
	opts := &logparse.Options{
		File:          f.Name,
		Reference:     f.Modified,
		MaxLineLength: a.opts.MaxLineLength,
		Size:          f.Size, // a small log gets a buffer of its size
	}
	// The records are valid until the reader has returned feed.Window
	// more: the engine copies what it keeps.
	logreuse.ReuseAfter(opts, feed.ReuseAfter)
	rd, release, err := newRecordReader(ctx, a.b, f, r, opts)
	defer release()
	if err != nil {
		// A format without a reader loses nothing that could have been
		// read: the file is not understood, and says why.
		a.reasons[fr.at] = strings.TrimPrefix(err.Error(), "logparse: ")
		return nil
	}
	lr := logRead{a: a, f: f, fr: fr, copies: a.pairs[f.Name]}
	err = lr.records(ctx, rd)
	if fr.records > 0 {
		a.e.shapes.records[f.Format.String()] += fr.records
	}
	if err != nil {
		return err
	}
	lr.finish()
	return nil
}

// A logRead is the reading of one log.
type logRead struct {
	a             *analysis
	f             dart.File
	fr            *logCounts
	copies        *copySet // the binary copy of this text export, if any
	nLost, nDoubt int      // losses and doubts met
}

// records reads the log's records, each straight into the feed's next
// slot, and queues those to observe. Its error is that of a cancelled
// context.
func (lr *logRead) records(ctx context.Context, rd recordSource) error {
	fd, fr, copies := lr.a.fd, lr.fr, lr.copies
	for {
		rec := fd.Slot()
		err := rd.ReadInto(rec)
		if err == io.EOF {
			break
		}
		if err != nil && !lr.parseError(err) {
			break // the input failed: the rest of the file is lost
		}
		if err != nil && rec.Pos.Line == 0 {
			continue // nothing of the record was read
		}
		if copies != nil && copies.seen(rec) {
			fr.duplicates++
			continue // counted in the binary copy
		}
		fr.records++
		if fr.records&0x3fff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fd.Add()
	}
	return nil
}

// parseError counts an error of the log's reader, lists the first
// MaxErrors losses and doubts, and reports whether reading may go on: it
// may after a line or record that could not be read, not after a failed
// input.
func (lr *logRead) parseError(err error) bool {
	a := lr.a
	lr.fr.errors++
	a.e.shapes.unrec++
	var pe *logparse.ParseError
	if !errors.As(err, &pe) {
		a.failed = append(a.failed, err)
		return false
	}
	if lostRecords(lr.f.Format, err) {
		if lr.nLost++; lr.nLost <= a.maxErrs {
			a.lost(err.Error(), lr.nLost == 1)
		}
	} else if lr.nDoubt++; lr.nDoubt <= a.maxErrs {
		// A line or block not in the format: a doubt about the layout,
		// counted in Coverage.Unrecognised.
		a.note(err.Error())
	}
	return true
}

// finish notes the records left out as copies, and the losses and doubts
// beyond those listed.
func (lr *logRead) finish() {
	a, name := lr.a, lr.f.Name
	if lr.copies != nil {
		a.copiesIn[lr.fr.at] = lr.copies.binary
		a.note(lr.copies.note(a.e.pr, name, lr.fr.duplicates))
	}
	if lr.nLost > a.maxErrs {
		a.lost(a.e.pr.Sprintf("%s: %d more lines or records not read, not listed", name, lr.nLost-a.maxErrs), false)
	}
	if lr.nDoubt > a.maxErrs {
		a.note(a.e.pr.Sprintf("%s: %d more lines not recognised, not listed", name, lr.nDoubt-a.maxErrs))
	}
}

// listLosses lists the bundle's problems, as losses or as doubts, then the
// reads that failed for another cause, and a capture that could not be
// read whole.
func (a *analysis) listLosses() {
	problems := a.b.Problems()
	for _, p := range problems {
		switch {
		case nothingLost(p):
			a.note(p.Error())
		case !slices.Contains(a.rep.Errors, p.Error()):
			a.lost(p.Error(), true)
		}
	}
	for _, err := range a.failed {
		if !slices.ContainsFunc(problems, func(p error) bool { return errors.Is(err, p) }) {
			a.lost(err.Error(), true)
		}
	}
	if c := a.e.capture; c != nil && c.Err != nil {
		a.lost(c.Err.Error(), true)
	}
}

// facts returns the facts of the bundle, and puts them in the report.
func (a *analysis) facts() *dart.Facts {
	rep := a.rep
	for _, d := range a.b.EmptyFolders() {
		a.fb.AddEmptyFolder(d)
	}
	facts := a.fb.Facts()
	a.fb = nil // what it holds beside the facts is done with
	rep.Facts = facts
	rep.Platform = facts.Platform
	rep.Product = ProductInfo{Name: facts.Product.Name, Version: facts.Product.Version.String(), VersionFrom: facts.Product.VersionFrom}
	if facts.Product.Source.File != "" {
		rep.Product.From = facts.Product.Source.String()
	}
	return facts
}

// runRules runs each applicable rule's Check. A rule that failed is a
// loss: its findings are lost.
func (a *analysis) runRules(facts *dart.Facts) {
	var errs []string
	// The rules share the bundle's index: a copy would be as large as the
	// index, at the peak of the analysis.
	a.rep.Findings, a.rep.Skipped, errs = a.e.finish(facts, a.b.Index())
	a.e.addContext(a.rep.Findings)
	for _, msg := range errs {
		a.lost(msg, true)
	}
}

// finishReport says whether the report is incomplete, gives the coverage
// and each file's state, and whether the input is a DART bundle at all.
func (a *analysis) finishReport(facts *dart.Facts) {
	rep := a.rep
	rep.Files = a.fileReports()
	rep.Incomplete = len(rep.Errors) > 0
	rep.Coverage = a.e.shapes.coverage()
	rep.Coverage.Notes = a.notes
	rep.Coverage.Understood, rep.Coverage.Expected = settleStates(rep.Files, facts, a.e.pr)
	rep.NotBundle = !a.mentions && !a.e.vpnLog && !clientFacts(facts) &&
		!hasKind(rep.Files, dart.KindVPNProfile, dart.KindServiceDisable, dart.KindPreferences)
}

// place returns the place in the index of f, a file the walk met.
func (a *analysis) place(f dart.File) int {
	i, _ := slices.BinarySearchFunc(a.b.Index(), f.Name, func(x dart.File, name string) int { return strings.Compare(x.Name, name) })
	return i
}

// fileReports returns the reports of the files the walk met, in the
// index's order (by name), made of the index and of what reading told.
func (a *analysis) fileReports() []FileReport {
	n := 0
	for _, w := range a.walked {
		n += bits.OnesCount64(w)
	}
	files := make([]FileReport, 0, n)
	slices.SortFunc(a.reads, func(x, y logCounts) int { return cmp.Compare(x.at, y.at) })
	reads := a.reads
	for i := range a.b.Index() {
		if a.walked[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		f := &a.b.Index()[i]
		fr := FileReport{File: f}
		if len(reads) > 0 && reads[0].at == i {
			fr.Records, fr.Errors, fr.Duplicates = reads[0].records, reads[0].errors, reads[0].duplicates
			reads = reads[1:]
		}
		if len(a.reasons) > 0 {
			fr.Reason = a.reasons[i]
		}
		if len(a.copiesIn) > 0 {
			fr.DuplicatesIn = a.copiesIn[i]
		}
		files = append(files, fr)
	}
	a.walked, a.reads, a.reasons, a.copiesIn = nil, nil, nil, nil
	return files
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
func settleStates(files []FileReport, facts *dart.Facts, pr *i18n.Printer) (understood, expected int) {
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
				format := logFormat(fr.File)
				if article(format) == "an" {
					fr.Reason = pr.Sprintf("an %s with 0 records", format)
				} else {
					fr.Reason = pr.Sprintf("a %s with 0 records", format)
				}
			}
		case fr.Reason != "": // could not be read
			fr.State = StateNotUnderstood
			fr.Missed = fr.Mentions != "" && fr.Encoding != ""
		case fr.Kind != dart.KindOther && fr.Kind != dart.KindArchive, cited[fr.Name]:
			fr.State = StateFacts
		default:
			fr.State = StateNotUnderstood
			fr.Reason, fr.Missed = notUnderstood(fr, pr)
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

// notUnderstood returns why nothing was drawn from a file that is no log
// and was read, and whether dartkit should have read it.
func notUnderstood(fr *FileReport, pr *i18n.Printer) (reason string, missed bool) {
	switch {
	case fr.Kind == dart.KindArchive:
		return pr.Sprintf("an archive that was not opened"), false
	case fr.Size == 0:
		return pr.Sprintf("empty"), false
	case fr.Encoding == "":
		return pr.Sprintf("binary, not read"), false
	case fr.Mentions != "":
		return pr.Sprintf("mentions %s but no log format was recognised", fr.Mentions), true
	}
	return pr.Sprintf("no format recognised, and no AnyConnect or Secure Client name in its head"), false
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
	add(f.Redacted)
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
