package report

import (
	"fmt"
	"io"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// A Bundle is one input's analysis, as the reports show it: its report,
// or why it could not be analysed.
type Bundle struct {
	// Path names the input as the user gave it.
	Path string
	// Report is the analysis, nil when Err says why there is none.
	Report *findings.Report
	// Err is why the input could not be analysed, or nil.
	Err error
	// Timeline, if set, is what HTML draws of the bundle's records over
	// time (see TimelineRecorder).
	Timeline *Timeline
}

// A Format is a form a report is written in.
type Format string

// The formats Write writes.
const (
	Text     Format = "text"     // for a terminal or a ticket
	Markdown Format = "markdown" // for a wiki, an issue or a chat
	JSON     Format = "json"     // one document, described by package schema
	HTML     Format = "html"     // one self-contained page, with a timeline
	// NDJSON is events in the Elastic Common Schema, one a line. Write
	// writes the findings and a summary of each bundle; the records are
	// written only by an NDJSONWriter attached to the analysis.
	NDJSON Format = "ndjson"
)

// Formats lists the formats Write writes.
var Formats = []Format{Text, JSON, Markdown, HTML, NDJSON}

// Options configure a report. The zero value (or nil) writes English.
type Options struct {
	// Language is the language of the report's headings and of the
	// rules' titles and remediation, matched to the nearest of those
	// dartkit has (English and Korean); the zero Tag is English. The
	// findings' summaries are in the language their analysis was run in.
	// JSON's field names, rule ids and enumerations are English in every
	// language.
	Language language.Tag
	// Redact, if set, is applied by NDJSONWriter to every string of the
	// records it streams, which no Bundle holds; the reports themselves
	// are redacted by whoever gives them.
	Redact func(string) string
}

// printer returns the printer of o's language.
func (o *Options) printer() *i18n.Printer {
	if o == nil {
		return i18n.NewPrinter(language.English)
	}
	return i18n.NewPrinter(o.Language)
}

// Write writes the bundles' reports to w in format f.
func Write(w io.Writer, f Format, bundles []Bundle, opts *Options) error {
	switch f {
	case Text:
		return WriteText(w, bundles, opts)
	case Markdown:
		return WriteMarkdown(w, bundles, opts)
	case JSON:
		return WriteJSON(w, bundles, opts)
	case HTML:
		return WriteHTML(w, bundles, opts)
	case NDJSON:
		return WriteNDJSON(w, bundles, opts)
	}
	return fmt.Errorf("report: unknown format %q", f)
}

// A Timeline is how a bundle's records fall in time: how many each source
// wrote, binned, and the moments a reader of the report should see.
type Timeline struct {
	// Start is where the first bin starts: the time of the first record
	// of the bundle's last period of activity (a gap in its records
	// longer than the period ends it), rounded down to a multiple of
	// Bin. End is the time of the last record, or of a later mark.
	Start, End time.Time
	Bin        time.Duration // the width of a bin
	Sources    []SourceCounts
	Marks      []Mark
	// Earlier counts the records before Start, and Untimed those
	// without a time: no bin holds them.
	Earlier, Untimed int
	// Cut says what the timeline's bounds left out, if anything.
	Cut []string
}

// SourceCounts are the records of one source (process) per bin.
type SourceCounts struct {
	Source string
	Counts []int // one per bin, from Start
}

// A MarkKind says what a Mark is.
type MarkKind string

// The kinds of marks.
const (
	MarkMessage    MarkKind = "message"     // a message the user saw
	MarkDNSQuery   MarkKind = "dns-query"   // a DNS query of the capture
	MarkDNSFailure MarkKind = "dns-failure" // a DNS query of the capture that failed
)

// A Mark is a moment on the timeline: a message the user saw, a DNS query
// or failure of the capture.
type Mark struct {
	Time time.Time
	Kind MarkKind
	Text string
	File string
	Line int // the line of File, or the capture's frame for DNS marks
}
