package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/dartkit/dartkit/findings"
)

//go:embed html/diff.html.tmpl
var diffHTMLText string

// diffHTMLCSS is what the diff's page adds to the report's style sheet:
// room between the bundles' columns, and evidence that is not clicked.
const diffHTMLCSS = `table.sides th, table.sides td { padding-right: 24px; }
li.ev { cursor: auto; }`

var (
	diffHTMLTmpl = template.Must(template.New("diff.html.tmpl").Parse(diffHTMLText))
	// diffHTMLCSP lets the page show its own styles, identified by their
	// hashes, and data: images (the favicon): it has no script.
	diffHTMLCSP = fmt.Sprintf("default-src 'none'; style-src '%s' '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		cspHash(htmlCSS), cspHash(diffHTMLCSS))
)

// WriteDiffHTML writes d as one HTML page, self-contained as WriteHTML's:
// the two bundles side by side, what may make the comparison misleading,
// then the new, resolved and persisting findings, each with its severity
// (or change of it), its summary (both reports' when they differ) and the
// evidence of the later report that has the finding, each piece with its
// neighbours when the analysis kept them. The page has no timeline and
// no script: it reads and prints as it is.
func WriteDiffHTML(w io.Writer, d *findings.Diff, opts *Options) error {
	p := opts.printer()
	page := diffHTMLPage{
		Lang:   p.Language().String(),
		Title:  p.Sprintf("dartkit diff: %s → %s", OneLine(d.Before.Bundle), OneLine(d.After.Bundle)),
		CSP:    diffHTMLCSP,
		CSS:    template.CSS(htmlCSS),
		Style:  template.CSS(diffHTMLCSS),
		Counts: diffCounts(d, p),
		T: map[string]string{
			"before":      p.Sprintf("Before"),
			"after":       p.Sprintf("After"),
			"beforeLabel": p.Sprintf("Before:"),
			"afterLabel":  p.Sprintf("After:"),
			"warning":     p.Sprintf("Warning:"),
			"noFindings":  p.Text("No findings."),
			"neighbours":  p.Text("The record among its neighbours"),
			"remediation": p.Text("Remediation"),
			"references":  p.Text("References"),
		},
	}
	page.Rows = append(page.Rows, diffHTMLRow{p.Sprintf("Bundle"), OneLine(d.Before.Bundle), OneLine(d.After.Bundle)})
	for _, row := range diffRows(d, p) {
		page.Rows = append(page.Rows, diffHTMLRow{row.label, OneLine(row.before), OneLine(row.after)})
	}
	for _, s := range diffWarnings(d, p) {
		page.Warnings = append(page.Warnings, OneLine(s))
	}
	part := func(id, heading string) *diffHTMLPart {
		page.Parts = append(page.Parts, diffHTMLPart{ID: id, Heading: heading})
		return &page.Parts[len(page.Parts)-1]
	}
	newFinding := func(pt *diffHTMLPart, f findings.Finding, evidenceOf string) *diffHTMLFinding {
		hf := diffHTMLFinding{
			htmlFinding:     newHTMLFinding(p, fmt.Sprintf("%s-f%d", pt.ID, len(pt.Findings)), f),
			FingerprintNote: p.Sprintf("fingerprint %s", OneLine(f.Fingerprint)),
			EvidenceOf:      evidenceOf,
		}
		pt.Findings = append(pt.Findings, hf)
		return &pt.Findings[len(pt.Findings)-1]
	}
	evidenceOf := func(b findings.DiffBundle) string {
		return p.Sprintf("Evidence in %s", OneLine(b.Bundle))
	}
	pt := part("new", p.Sprintf("New"))
	for _, f := range d.New {
		newFinding(pt, f, evidenceOf(d.After))
	}
	pt = part("resolved", p.Sprintf("Resolved"))
	for _, f := range d.Resolved {
		newFinding(pt, f, evidenceOf(d.Before))
	}
	pt = part("persisting", p.Sprintf("Persisting"))
	for _, pair := range d.Persisting {
		hf := newFinding(pt, pair.After, evidenceOf(d.After))
		if pair.Before.Severity != pair.After.Severity {
			hf.SeverityBefore, hf.SeverityBeforeLabel = pair.Before.Severity.String(), severityLabel(p, pair.Before.Severity)
		}
		if pair.Before.Summary != pair.After.Summary {
			hf.SummaryBefore = OneLine(pair.Before.Summary)
		}
	}
	var buf bytes.Buffer
	if err := diffHTMLTmpl.Execute(&buf, &page); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// diffHTMLPage is what the template of a diff's page is given.
type diffHTMLPage struct {
	Lang, Title, CSP string
	CSS, Style       template.CSS // the report's style sheet, and the diff's own
	T                map[string]string
	Rows             []diffHTMLRow
	Warnings         []string
	Counts           string
	Parts            []diffHTMLPart
}

// diffHTMLRow is a row of the table of the two bundles.
type diffHTMLRow struct{ Label, Before, After string }

// diffHTMLPart is a section of a diff's page: its new, resolved or
// persisting findings.
type diffHTMLPart struct {
	ID, Heading string
	Findings    []diffHTMLFinding
}

// diffHTMLFinding is a finding of a diff as the page shows it: for a
// persisting finding, its severity and summary in the earlier report when
// they differ from the later's.
type diffHTMLFinding struct {
	htmlFinding
	SeverityBefore, SeverityBeforeLabel string
	SummaryBefore                       string
	FingerprintNote                     string
	EvidenceOf                          string // whose evidence it is
}
