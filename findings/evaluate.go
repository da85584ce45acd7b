package findings

import (
	"errors"
	"iter"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// EvaluateOptions give [Evaluate] what a bundle would have given the
// rules. The zero value (or nil) means none of it.
type EvaluateOptions struct {
	// Facts are the facts the rules see. Nil means none: an unknown
	// platform and no version, so that no rule is skipped for either.
	Facts *dart.Facts
	// Files, if set, lets rules see the bundle's index and tells which
	// inputs exist; without it only the records count as input.
	Files []dart.File
	// Capture, if set, is a packet capture beside the records.
	Capture *Capture
	// Language is the language of the findings' texts, as in [Options].
	Language language.Tag
}

// Evaluate runs rules over records that the caller already has, without a
// bundle: the records are offered to the rules' signals in the order
// given, then each applicable rule's Check runs with the facts, files and
// capture of opts. It is what Analyze does after reading a bundle, and
// what rule tests use. A rule whose Check fails makes the error name it
// and its error; the findings of the others are still returned.
func Evaluate(rules []*Rule, records iter.Seq[logparse.Record], opts *EvaluateOptions) ([]Finding, []Skip, error) {
	if err := Validate(rules); err != nil {
		return nil, nil, err
	}
	if opts == nil {
		opts = &EvaluateOptions{}
	}
	facts := opts.Facts
	if facts == nil {
		facts = emptyFacts()
	}
	e := newEngine(rules)
	e.capture = opts.Capture
	e.pr = i18n.NewPrinter(opts.Language)
	for _, f := range opts.Files {
		e.noteFile(f)
	}
	for r := range records {
		e.observe(&r)
	}
	fs, skips, errs := e.finish(facts, opts.Files)
	if len(errs) > 0 {
		return fs, skips, errors.New(strings.Join(errs, "; "))
	}
	return fs, skips, nil
}
