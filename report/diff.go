package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// diffWriters are the writers of a diff, by format.
var diffWriters = map[Format]func(io.Writer, *findings.Diff, *Options) error{
	Text:     WriteDiffText,
	Markdown: WriteDiffMarkdown,
	JSON:     WriteDiffJSON,
	HTML:     WriteDiffHTML,
	NDJSON:   WriteDiffNDJSON,
}

// WriteDiff writes d, the comparison of two bundles' reports (see
// findings.DiffReports), in format f.
func WriteDiff(w io.Writer, f Format, d *findings.Diff, opts *Options) error {
	write, ok := diffWriters[f]
	if !ok {
		return fmt.Errorf("report: unknown format %q", f)
	}
	return write(w, d, opts)
}

// A diffLayout writes the findings of a diff in one format: a section's
// heading, a finding's heading with its severity (or change of it), and a
// summary, labelled when a persisting finding has two.
type diffLayout struct {
	section func(heading string)
	finding func(severity string, f findings.Finding)
	summary func(label, s string)
}

// write writes the new, resolved and persisting findings of d, each part
// that has any; a persisting finding with both reports' summaries when
// they differ.
func (l diffLayout) write(d *findings.Diff, p *i18n.Printer) {
	for _, part := range []struct {
		heading string
		fs      []findings.Finding
	}{{p.Sprintf("New"), d.New}, {p.Sprintf("Resolved"), d.Resolved}} {
		if len(part.fs) > 0 {
			l.section(part.heading)
		}
		for _, f := range part.fs {
			l.finding(severityName(f.Severity), f)
			l.summary("", f.Summary)
		}
	}
	if len(d.Persisting) > 0 {
		l.section(p.Sprintf("Persisting"))
	}
	for _, pair := range d.Persisting {
		l.finding(severityChange(pair), pair.After)
		if pair.Before.Summary == pair.After.Summary {
			l.summary("", pair.After.Summary)
			continue
		}
		l.summary(p.Sprintf("Before:"), pair.Before.Summary)
		l.summary(p.Sprintf("After:"), pair.After.Summary)
	}
}

// WriteDiffText writes d for a person: the two bundles and the endpoint
// they come from, what may make the comparison misleading, then the new,
// resolved and persisting findings, each with its summary; a persisting
// finding with both reports' summaries when they differ.
func WriteDiffText(w io.Writer, d *findings.Diff, opts *Options) error {
	p := opts.printer()
	w = safeWriter{w}
	fmt.Fprintf(w, "== %s %s\n", p.Sprintf("Before:"), OneLine(d.Before.Bundle))
	fmt.Fprintf(w, "== %s %s\n", p.Sprintf("After:"), OneLine(d.After.Bundle))
	for _, row := range diffRows(d, p) {
		fmt.Fprintf(w, "   %s: %s\n", row.label, OneLine(row.change()))
	}
	for _, s := range diffWarnings(d, p) {
		fmt.Fprintf(w, "   ! %s\n", OneLine(s))
	}
	fmt.Fprintf(w, "\n   %s\n", diffCounts(d, p))
	diffLayout{
		section: func(heading string) { fmt.Fprintf(w, "\n   %s:\n", heading) },
		finding: func(severity string, f findings.Finding) {
			fmt.Fprintf(w, "\n     [%s] %s  (%s)\n", severity, OneLine(p.Text(f.Title)), OneLine(f.Rule))
			fmt.Fprintf(w, "       %s\n", p.Sprintf("fingerprint %s", OneLine(f.Fingerprint)))
		},
		summary: func(label, s string) {
			indent := "       "
			if label != "" {
				fmt.Fprintf(w, "%s%s\n", indent, label)
				indent += "  "
			}
			for _, l := range wrap(OneLine(s), 88) {
				fmt.Fprintf(w, "%s%s\n", indent, l)
			}
		},
	}.write(d, p)
	return nil
}

// WriteDiffMarkdown writes d as a Markdown document, for a ticket or a
// wiki: what WriteDiffText writes, the two bundles side by side in a table.
func WriteDiffMarkdown(w io.Writer, d *findings.Diff, opts *Options) error {
	p := opts.printer()
	w = safeWriter{w}
	fmt.Fprintf(w, "# %s\n\n", p.Sprintf("Diff: %s → %s", mdCode(d.Before.Bundle), mdCode(d.After.Bundle)))
	fmt.Fprintf(w, "| | %s | %s |\n|---|---|---|\n", p.Sprintf("Before"), p.Sprintf("After"))
	for _, row := range diffRows(d, p) {
		fmt.Fprintf(w, "| %s | %s | %s |\n", row.label, mdEscape(row.before), mdEscape(row.after))
	}
	for _, s := range diffWarnings(d, p) {
		fmt.Fprintf(w, "\n> **%s** %s\n", p.Sprintf("Warning:"), mdEscape(s))
	}
	fmt.Fprintf(w, "\n**%s**\n", diffCounts(d, p))
	diffLayout{
		section: func(heading string) { fmt.Fprintf(w, "\n## %s\n", heading) },
		finding: func(severity string, f findings.Finding) {
			fmt.Fprintf(w, "\n### %s: %s\n\n", severity, mdEscape(p.Text(f.Title)))
			fmt.Fprintln(w, p.Sprintf("Rule %s, fingerprint %s", mdCode(f.Rule), mdCode(f.Fingerprint)))
		},
		summary: func(label, s string) {
			if label != "" {
				label = "**" + label + "** "
			}
			fmt.Fprintf(w, "\n%s%s\n", label, mdEscape(s))
		},
	}.write(d, p)
	return nil
}

// mdCode returns s as Markdown code on one line.
func mdCode(s string) string { return "`" + strings.ReplaceAll(OneLine(s), "`", "'") + "`" }

// WriteDiffJSON writes d as one JSON document: {"schema_version":
// SchemaVersion, "before": ..., "after": ..., "new": [...], "resolved":
// [...], "persisting": [...]}, the fields of findings.Diff, each finding as
// in WriteJSON's reports. Its names and enumerations are English in every
// Options.Language.
func WriteDiffJSON(w io.Writer, d *findings.Diff, opts *Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		SchemaVersion int `json:"schema_version"`
		*findings.Diff
	}{SchemaVersion, d})
}

// A diffRow is a line of the endpoint a diff is about: a label, and what
// each bundle says.
type diffRow struct {
	label, before, after string
}

// change returns the row's value, or "before → after" when the bundles
// disagree.
func (r diffRow) change() string {
	if r.before == r.after {
		return r.before
	}
	return r.before + " → " + r.after
}

// diffRows returns the endpoint of each bundle: host, platform and
// product.
func diffRows(d *findings.Diff, p *i18n.Printer) []diffRow {
	host := func(b findings.DiffBundle) string {
		if b.Host == "" {
			return p.Sprintf("unknown")
		}
		return b.Host
	}
	product := func(b findings.DiffBundle) string {
		if s := strings.TrimSpace(b.Product.Name + " " + b.Product.Version); s != "" {
			return s
		}
		return p.Sprintf("unknown")
	}
	return []diffRow{
		{p.Sprintf("Host"), host(d.Before), host(d.After)},
		{p.Sprintf("Platform"), string(d.Before.Platform), string(d.After.Platform)},
		{p.Sprintf("Product"), product(d.Before), product(d.After)},
	}
}

// diffWarnings says what may make the diff misleading: bundles of other
// endpoints, or of one not known, and analyses that lost something.
func diffWarnings(d *findings.Diff, p *i18n.Printer) []string {
	var out []string
	switch {
	case d.Before.Host == "" || d.After.Host == "":
		out = append(out, p.Sprintf("a bundle names no host: whether both come from one endpoint is not known"))
	case !d.SameEndpoint():
		out = append(out, p.Sprintf("the bundles come from different hosts (%s, %s): no finding persists from one to the other", d.Before.Host, d.After.Host))
	}
	if d.Before.Incomplete {
		out = append(out, p.Sprintf("the analysis of the earlier bundle is incomplete: a finding shown as new may have been lost from it"))
	}
	if d.After.Incomplete {
		out = append(out, p.Sprintf("the analysis of the later bundle is incomplete: a finding shown as resolved may have been lost from it"))
	}
	return out
}

// diffCounts says how many findings are new, resolved and persisting.
func diffCounts(d *findings.Diff, p *i18n.Printer) string {
	return p.Sprintf("%d new, %d resolved, %d persisting", len(d.New), len(d.Resolved), len(d.Persisting))
}

// severityName is the severity as the reports show it: "HIGH".
func severityName(s findings.Severity) string { return strings.ToUpper(s.String()) }

// severityChange is the severity of a persisting finding, or its change:
// "MEDIUM → INFO".
func severityChange(pair findings.FindingPair) string {
	if pair.Before.Severity == pair.After.Severity {
		return severityName(pair.After.Severity)
	}
	return severityName(pair.Before.Severity) + " → " + severityName(pair.After.Severity)
}
