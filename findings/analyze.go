package findings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings/internal/feed"
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
	fd := startFeed(fb, e)
	defer fd.Stop()
	err = b.Walk(ctx, func(f dart.File, r io.Reader) error {
		rep.Files = append(rep.Files, FileReport{Name: f.Name, Kind: f.Kind, Encoding: f.Encoding, Size: f.Size, Mentions: f.Mentions})
		fr := &rep.Files[len(rep.Files)-1]
		if f.Mentions != "" {
			mentions = true
		}
		fd.Sync() // fb and e are this goroutine's until the next record
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
			ReuseAfter:    feed.ReuseAfter,
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
			rec := fd.Slot()
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
			fd.Add()
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
	fd.Sync()
	fd.Stop()
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
	rep.Findings, rep.Skipped, errs = e.finish(facts, b.Files())
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
