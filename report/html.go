package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// The HTML report is one file that a browser opens from disk and that
// asks nothing of any host: its style sheet and script are inlined, and
// a Content-Security-Policy forbids every other request. The page's text
// (summary, findings, evidence, files) is written by html/template, so
// that it reads and prints without the script; the timeline's data is a
// JSON document in a script element that no browser runs, which the
// script draws as SVG.

//go:embed html/report.css html/report.js html/report.html.tmpl
var htmlAssets embed.FS

var (
	htmlCSS  = mustAsset("html/report.css")
	htmlJS   = mustAsset("html/report.js")
	htmlTmpl = template.Must(template.New("report.html.tmpl").Parse(mustAsset("html/report.html.tmpl")))
	// htmlCSP lets the page run its own script and style, identified by
	// their hashes, show data: images (the favicon), and nothing else.
	htmlCSP = fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		cspHash(htmlJS), cspHash(htmlCSS))
)

func mustAsset(name string) string {
	b, err := htmlAssets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cspHash is the Content-Security-Policy source of an inline script or
// style whose text is s.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Bounds on what a page embeds, so that its size depends on the findings
// and not on the size of the bundle.
const (
	// maxHTMLBins is how many bins a source's row holds at most; a
	// timeline with more is binned coarser.
	maxHTMLBins = 2000
	// maxHTMLSources is how many sources have a row of their own; the
	// records of the others share one.
	maxHTMLSources = 24
	// maxHTMLMarks is how many marks of each kind are drawn; the others
	// are counted, and the page says how many were left out.
	maxHTMLMarks = 1000
	// maxHTMLFiles is how many files the files table lists.
	maxHTMLFiles = 2000
	// maxHTMLMarkText is how many bytes of a mark's text are kept.
	maxHTMLMarkText = 160
)

// WriteHTML writes the bundles' reports as one HTML page, a section per
// bundle: the endpoint summary, the findings with their evidence (a click
// shows an evidence record among its neighbours, when the analysis kept
// them: see findings.Options.Context), the files, and a timeline of the
// bundle's records per source with the evidence, the messages the user
// saw and the capture's DNS queries marked on it, which can be zoomed and
// filtered by severity and source. The timeline is the Bundle's, which a
// TimelineRecorder attached to the analysis makes; without one, the
// timeline shows the evidence alone.
//
// The page is self-contained: it opens from disk and requests nothing
// from any host. Times are shown as the bundle wrote them, in the
// endpoint's local time when the log gives no zone, never converted to
// the reader's.
func WriteHTML(w io.Writer, bundles []Bundle, opts *Options) error {
	p := opts.printer()
	page := htmlPage{
		Lang: p.Language().String(),
		CSP:  htmlCSP,
		CSS:  template.CSS(htmlCSS),
		JS:   template.JS(htmlJS),
		T:    htmlTexts(p),
	}
	strs, err := jsonForScript(page.T)
	if err != nil {
		return err
	}
	page.Strings = strs
	paths := make([]string, len(bundles))
	for i, b := range bundles {
		paths[i] = OneLine(b.Path)
		hb, err := newHTMLBundle(p, i, b)
		if err != nil {
			return err
		}
		page.Bundles = append(page.Bundles, hb)
	}
	page.Title = p.Sprintf("dartkit report: %s", strings.Join(paths, ", "))
	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, &page); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// htmlPage is what the template of the page is given.
type htmlPage struct {
	Lang, Title, CSP string
	CSS              template.CSS
	JS               template.JS
	Strings          template.JS // T as JSON, for the script
	T                map[string]string
	Bundles          []htmlBundle
}

// htmlTexts returns the page's own texts in p's language, keyed by a short
// name that the template and the script use.
func htmlTexts(p *i18n.Printer) map[string]string {
	return map[string]string{
		"summary":      p.Text("Endpoint"),
		"findings":     p.Text("Findings"),
		"noFindings":   p.Text("No findings."),
		"evidence":     p.Text("Evidence"),
		"remediation":  p.Text("Remediation"),
		"references":   p.Text("References"),
		"files":        p.Text("Files"),
		"notes":        p.Text("Notes (nothing lost)"),
		"incomplete":   p.Text("Part of the input could not be read: the analysis is incomplete."),
		"comment":      p.Text("User's comment"),
		"profilesPer":  p.Text("Profiles per summary.txt"),
		"notRun":       p.Text("Rules not run"),
		"timeline":     p.Text("Timeline"),
		"zoomIn":       p.Text("Zoom in"),
		"zoomOut":      p.Text("Zoom out"),
		"reset":        p.Text("Reset"),
		"severity":     p.Text("Severity"),
		"sources":      p.Text("Sources"),
		"state":        p.Text("State"),
		"file":         p.Text("File"),
		"detail":       p.Text("Detail"),
		"neighbours":   p.Text("The record among its neighbours"),
		"noNeighbours": p.Text("The analysis kept no neighbouring records."),
		"clickHint":    p.Text("Click a piece of evidence, or its mark on the timeline, to see it among its neighbours."),
		"brushHint":    p.Text("Drag across the timeline to zoom to a range; click a finding's name to zoom to its evidence."),
		"messages":     markKindLabel(p, MarkMessage),
		"dnsQueries":   markKindLabel(p, MarkDNSQuery),
		"dnsFailures":  markKindLabel(p, MarkDNSFailure),
		"records":      p.Text("records"),
		"notAnalysed":  p.Text("Not analysed"),
		"notBundle":    p.Text("Not a DART bundle"),
		"lookedFor":    p.Text(findings.LookedFor),
	}
}

// htmlBundle is one bundle's section of the page.
type htmlBundle struct {
	ID        string // "b0", the prefix of the section's element ids
	Path      string
	Err       string // why the bundle was not analysed
	NotBundle bool
	Comment   []string
	CommentOf string
	Profiles  string
	Summary   [][2]string
	Errors    []string
	Notes     []string
	MoreNotes string
	Findings  []htmlFinding
	Severity  []htmlOption
	Sources   []htmlOption
	Skipped   []string
	Files     []htmlFile
	MoreFiles string
	FileCount int
	Timeline  template.JS // the timeline's data as JSON; empty with no times
	TimeNote  string
	Left      []string // what the timeline does not draw
}

// htmlOption is a filter's checkbox: the value it filters on and its label.
type htmlOption struct{ Value, Label string }

// htmlFinding is one finding as the page shows it.
type htmlFinding struct {
	ID, Rule, Title, Summary string
	Severity, SeverityLabel  string
	Evidence                 []htmlEvidence
	Remediation              []string
	References               []htmlReference
}

// htmlEvidence is one piece of evidence: where, when, what, and its
// neighbours in its log.
type htmlEvidence struct {
	ID, Where, Time, Note, Text string
	Millis                      int64 // the time on the timeline's axis; 0 when untimed
	Timed                       bool
	Before, After               []htmlContextLine
	Line                        int
}

type htmlContextLine struct {
	Line       int
	Time, Text string
}

type htmlReference struct{ Text, URL string }

type htmlFile struct{ State, Name, Detail string }

// newHTMLBundle returns the section of bundle b, the i-th of the page.
func newHTMLBundle(p *i18n.Printer, i int, b Bundle) (htmlBundle, error) {
	hb := htmlBundle{ID: fmt.Sprintf("b%d", i), Path: OneLine(b.Path)}
	if b.Report == nil {
		if b.Err != nil {
			hb.Err = OneLine(b.Err.Error())
		}
		return hb, nil
	}
	rep := b.Report
	if rep.NotBundle {
		hb.NotBundle = true
		return hb, nil
	}
	if lines, ok := commentLines(rep.Facts, p); ok {
		hb.Comment, hb.CommentOf = lines, OneLine(rep.Facts.Comment.Source.File)
	}
	if s, ok := profilesCollected(rep.Facts, p); ok {
		hb.Profiles = OneLine(s)
	}
	for _, row := range summaryRows(rep, p) {
		hb.Summary = append(hb.Summary, [2]string{p.Text(row[0]), OneLine(row[1])})
	}
	for _, e := range rep.Errors {
		hb.Errors = append(hb.Errors, OneLine(e))
	}
	notes := rep.Coverage.Notes
	for _, n := range notes[:min(maxNotes, len(notes))] {
		hb.Notes = append(hb.Notes, truncate(n, 200))
	}
	if len(notes) > maxNotes {
		hb.MoreNotes = p.Sprintf("… and %d more", len(notes)-maxNotes)
	}
	fs := slices.Clone(rep.Findings)
	slices.SortStableFunc(fs, func(a, b findings.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	var sevs []findings.Severity
	for fi, f := range fs {
		if !slices.Contains(sevs, f.Severity) {
			sevs = append(sevs, f.Severity)
		}
		hb.Findings = append(hb.Findings, newHTMLFinding(p, fmt.Sprintf("%s-f%d", hb.ID, fi), f))
	}
	for _, s := range sevs {
		hb.Severity = append(hb.Severity, htmlOption{s.String(), severityLabel(p, s)})
	}
	for _, g := range groupSkips(rep.Skipped) {
		hb.Skipped = append(hb.Skipped, OneLine(fmt.Sprintf("%s (%s)", strings.Join(g.rules, ", "), g.reason)))
	}
	hb.FileCount = len(rep.Files)
	for _, f := range rep.Files[:min(len(rep.Files), maxHTMLFiles)] {
		hb.Files = append(hb.Files, htmlFile{stateName(f.State, p), truncate(f.Name, 200), truncate(fileDetail(f, p), 200)})
	}
	if n := len(rep.Files) - maxHTMLFiles; n > 0 {
		hb.MoreFiles = p.Sprintf("… and %d more files (the JSON report lists them all)", n)
	}
	tl := newHTMLTimeline(p, hb.Findings, b.Timeline)
	if tl == nil {
		hb.TimeNote = p.Text("Nothing in this report has a time to draw.")
		return hb, nil
	}
	for _, s := range tl.Sources {
		hb.Sources = append(hb.Sources, htmlOption{s.Name, s.Label})
	}
	for _, k := range []MarkKind{MarkMessage, MarkDNSQuery, MarkDNSFailure} {
		if tl.kinds[k] {
			hb.Sources = append(hb.Sources, htmlOption{string(k), markKindLabel(p, k)})
		}
	}
	hb.TimeNote = p.Text("Times are as the bundle wrote them: the endpoint's local time where the log gives no zone.")
	var omitted []string
	for _, k := range []MarkKind{MarkMessage, MarkDNSQuery, MarkDNSFailure} {
		if n := tl.Omitted[string(k)]; n > 0 {
			omitted = append(omitted, fmt.Sprintf("%s: %d", markKindLabel(p, k), n))
		}
	}
	if len(omitted) > 0 {
		hb.Left = append(hb.Left, p.Sprintf("Marks left out of the timeline, to keep the page light: %s.", strings.Join(omitted, "; ")))
	}
	if t := b.Timeline; t != nil {
		if t.Earlier > 0 {
			hb.Left = append(hb.Left, p.Sprintf("Records before %s, when the last period of activity starts, are not drawn: %d.", t.Start.Format(time.DateTime), t.Earlier))
		}
		if t.Untimed > 0 {
			hb.Left = append(hb.Left, p.Sprintf("%d records without a time are not drawn.", t.Untimed))
		}
		for _, c := range t.Cut {
			hb.Left = append(hb.Left, truncate(c, 200))
		}
	}
	js, err := jsonForScript(tl)
	if err != nil {
		return hb, err
	}
	hb.Timeline = js
	return hb, nil
}

// newHTMLFinding returns f as the page shows it, its element's id id.
func newHTMLFinding(p *i18n.Printer, id string, f findings.Finding) htmlFinding {
	hf := htmlFinding{
		ID:            id,
		Rule:          f.Rule,
		Title:         OneLine(p.Text(f.Title)),
		Summary:       OneLine(f.Summary),
		Severity:      f.Severity.String(),
		SeverityLabel: severityLabel(p, f.Severity),
	}
	for ei, e := range f.Evidence {
		he := htmlEvidence{
			ID:    fmt.Sprintf("%s-e%d", hf.ID, ei),
			Where: OneLine(e.Location()),
			Note:  OneLine(e.Note),
			Text:  OneLine(messageFirst(e.Text)),
			Line:  e.Line,
		}
		if !e.Time.IsZero() {
			he.Time, he.Millis, he.Timed = evidenceTime(e.Time, e.Zoned), wallMillis(e.Time), true
		}
		for _, c := range e.Before {
			he.Before = append(he.Before, newContextLine(c, e.Zoned))
		}
		for _, c := range e.After {
			he.After = append(he.After, newContextLine(c, e.Zoned))
		}
		hf.Evidence = append(hf.Evidence, he)
	}
	for _, s := range f.Remediation {
		hf.Remediation = append(hf.Remediation, OneLine(p.Text(s)))
	}
	for _, r := range f.References {
		hf.References = append(hf.References, htmlReference{Text: OneLine(r.String()), URL: safeURL(r.URL)})
	}
	return hf
}

// htmlTimeline is the data the script draws a bundle's timeline from.
// Times are milliseconds of the wall clock the bundle wrote, read as if
// it were UTC (see wallMillis); the script formats them in UTC, so that
// no browser shifts them to its own zone.
type htmlTimeline struct {
	T0       int64             `json:"t0"` // the axis, first and last
	T1       int64             `json:"t1"`
	V0       int64             `json:"v0"` // the range shown first
	V1       int64             `json:"v1"`
	Start    int64             `json:"start"` // the first bin's start
	Bin      int64             `json:"bin"`   // a bin's width
	Sources  []htmlSource      `json:"sources"`
	Findings []htmlTLFinding   `json:"findings"`
	Marks    []htmlMark        `json:"marks"`
	Omitted  map[string]int    `json:"omitted,omitempty"`
	kinds    map[MarkKind]bool // the kinds of marks drawn
}

// htmlSource is a source's row: its records per bin.
type htmlSource struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Total  int    `json:"total"`
	Counts []int  `json:"counts"`
}

// htmlTLFinding is a finding's row: a mark per timed evidence record, in
// time order.
type htmlTLFinding struct {
	ID       string       `json:"id"`
	Label    string       `json:"label"`
	Severity string       `json:"sev"`
	Marks    []htmlEvMark `json:"marks"`
}

// htmlEvMark is an evidence record's mark; EV is the id of its element.
type htmlEvMark struct {
	T  int64  `json:"t"`
	EV string `json:"ev"`
}

// htmlMark is a Mark of the Timeline.
type htmlMark struct {
	T    int64  `json:"t"`
	Kind string `json:"k"`
	Text string `json:"text"`
	Loc  string `json:"loc"`
}

// newHTMLTimeline returns the timeline of a bundle's findings and its
// Timeline (which may be nil), or nil when nothing has a time.
func newHTMLTimeline(p *i18n.Printer, fs []htmlFinding, t *Timeline) *htmlTimeline {
	tl := &htmlTimeline{Sources: []htmlSource{}, Findings: []htmlTLFinding{}, Marks: []htmlMark{}, kinds: map[MarkKind]bool{}}
	first, last := int64(0), int64(0)
	seen := false
	var evFirst, evLast int64
	extend := func(ms int64) {
		if !seen || ms < first {
			first = ms
		}
		if !seen || ms > last {
			last = ms
		}
		seen = true
	}
	for _, f := range fs {
		row := htmlTLFinding{ID: f.ID, Label: f.Title, Severity: f.Severity, Marks: []htmlEvMark{}}
		for _, e := range f.Evidence {
			if e.Timed {
				row.Marks = append(row.Marks, htmlEvMark{e.Millis, e.ID})
				extend(e.Millis)
			}
		}
		slices.SortStableFunc(row.Marks, func(a, b htmlEvMark) int { return cmp.Compare(a.T, b.T) })
		tl.Findings = append(tl.Findings, row)
	}
	evFirst, evLast = first, last
	evidence := seen
	if t != nil {
		if t.Bin > 0 && !t.Start.IsZero() {
			addSources(p, tl, t)
			if len(tl.Sources) > 0 {
				extend(tl.Start)
				extend(tl.Start + tl.Bin*int64(len(tl.Sources[0].Counts)))
			}
		}
		if !t.Start.IsZero() {
			extend(wallMillis(t.Start))
		}
		if !t.End.IsZero() {
			extend(wallMillis(t.End))
		}
		addMarks(tl, t.Marks)
		for _, m := range tl.Marks {
			extend(m.T)
		}
	}
	if !seen {
		return nil
	}
	pad := max((last-first)/50, 1000)
	tl.T0, tl.T1 = first-pad, last+pad
	tl.V0, tl.V1 = tl.T0, tl.T1
	// When the evidence takes less than half the records' span (a failure
	// every 15 s for a few minutes of an hour of logs), the page opens on
	// it, so that the cadence shows at a glance; zooming out shows the
	// whole.
	if evidence && evLast-evFirst < (tl.T1-tl.T0)/2 {
		margin := max((evLast-evFirst)/12, 5000)
		tl.V0, tl.V1 = max(evFirst-margin, tl.T0), min(evLast+margin, tl.T1)
	}
	return tl
}

// addSources adds t's sources to tl, binned at most maxHTMLBins to a row,
// the maxHTMLSources with the most records each in its own row and the
// others together.
func addSources(p *i18n.Printer, tl *htmlTimeline, t *Timeline) {
	n := 0
	for _, s := range t.Sources {
		n = max(n, len(s.Counts))
	}
	if n == 0 {
		return
	}
	k := (n + maxHTMLBins - 1) / maxHTMLBins
	tl.Start, tl.Bin = wallMillis(t.Start), t.Bin.Milliseconds()*int64(k)
	if tl.Bin == 0 {
		tl.Bin = 1
	}
	rebin := func(dst []int, src []int) int {
		total := 0
		for i, c := range src {
			dst[i/k] += c
			total += c
		}
		return total
	}
	var rows []htmlSource
	for _, s := range t.Sources {
		row := htmlSource{Name: OneLine(s.Source), Label: truncate(s.Source, 60), Counts: make([]int, (n+k-1)/k)}
		row.Total = rebin(row.Counts, s.Counts)
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b htmlSource) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Name, b.Name))
	})
	if len(rows) > maxHTMLSources {
		other := htmlSource{Name: "*other*", Counts: make([]int, len(rows[0].Counts))}
		for _, r := range rows[maxHTMLSources-1:] {
			for i, c := range r.Counts {
				other.Counts[i] += c
			}
			other.Total += r.Total
		}
		other.Label = p.Sprintf("%d other sources", len(rows)-maxHTMLSources+1)
		rows = append(rows[:maxHTMLSources-1], other)
	}
	tl.Sources = rows
}

// addMarks adds marks to tl, at most maxHTMLMarks of each kind, spread
// evenly over the others in time, and counts those left out.
func addMarks(tl *htmlTimeline, marks []Mark) {
	byKind := map[MarkKind][]Mark{}
	for _, m := range marks {
		if !m.Time.IsZero() {
			byKind[m.Kind] = append(byKind[m.Kind], m)
		}
	}
	for _, k := range []MarkKind{MarkMessage, MarkDNSQuery, MarkDNSFailure} {
		ms := byKind[k]
		if len(ms) == 0 {
			continue
		}
		tl.kinds[k] = true
		slices.SortStableFunc(ms, func(a, b Mark) int { return a.Time.Compare(b.Time) })
		keep := len(ms)
		if keep > maxHTMLMarks {
			if tl.Omitted == nil {
				tl.Omitted = map[string]int{}
			}
			tl.Omitted[string(k)] = len(ms) - maxHTMLMarks
			keep = maxHTMLMarks
		}
		for j := range keep {
			m := ms[j*len(ms)/keep]
			loc := OneLine(m.File)
			if m.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, m.Line)
			}
			tl.Marks = append(tl.Marks, htmlMark{T: wallMillis(m.Time), Kind: string(k), Text: truncate(m.Text, maxHTMLMarkText), Loc: loc})
		}
	}
}

// wallMillis returns the wall clock of t, in t's own location, as
// milliseconds since 1970 read as UTC: the time as the bundle wrote it,
// which is what the report shows.
func wallMillis(t time.Time) int64 {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC).UnixMilli()
}

// evidenceTime formats an evidence's time as the bundle wrote it, with
// its zone when the source gave one.
func evidenceTime(t time.Time, zoned bool) string {
	s := t.Format("2006-01-02 15:04:05")
	if ms := t.Nanosecond() / 1e6; ms != 0 {
		s += fmt.Sprintf(".%03d", ms)
	}
	if zoned {
		if _, off := t.Zone(); off == 0 {
			s += " UTC"
		} else {
			s += t.Format(" -07:00")
		}
	}
	return s
}

func newContextLine(c findings.ContextLine, zoned bool) htmlContextLine {
	l := htmlContextLine{Line: c.Line, Text: OneLine(messageFirst(c.Text))}
	if !c.Time.IsZero() {
		l.Time = evidenceTime(c.Time, zoned)
	}
	return l
}

// jsonForScript returns v as JSON to be the text of a script element:
// encoding/json escapes '<', '>' and '&', so that no text of a bundle
// can close the element ("</script>") or open a comment ("<!--") in it.
func jsonForScript(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if bytes.Contains(b, []byte("<")) {
		return "", fmt.Errorf("report: JSON for a script holds '<'")
	}
	return template.JS(b), nil
}

// safeURL returns u if it is an http or https URL, and "" otherwise: a
// reference's link must not run script when followed.
func safeURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// severityLabel is a severity's name as the page shows it.
func severityLabel(p *i18n.Printer, s findings.Severity) string {
	return p.Text(strings.ToUpper(s.String()))
}

// markKindLabel is what the page calls the marks of kind k.
func markKindLabel(p *i18n.Printer, k MarkKind) string {
	switch k {
	case MarkMessage:
		return p.Text("Messages the user saw")
	case MarkDNSQuery:
		return p.Text("DNS queries (capture)")
	case MarkDNSFailure:
		return p.Text("DNS failures (capture)")
	}
	return string(k)
}
