package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dartkit/dartkit/findings"
)

// WriteMarkdown writes the bundles' reports as a Markdown document, for a
// ticket or a wiki.
func WriteMarkdown(w io.Writer, results []Bundle, opts *Options) error {
	p := opts.printer()
	w = safeWriter{w}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "# %s\n\n", mdEscape(r.Path))
		if r.Report == nil {
			fmt.Fprintln(w, p.Sprintf("Not analysed: %s", mdEscape(r.Err.Error())))
			continue
		}
		rep := r.Report
		if rep.NotBundle {
			fmt.Fprintln(w, p.Sprintf("Not a DART bundle: %s", mdEscape(p.Text(findings.LookedFor))))
			continue
		}
		writeTopMarkdown(w, rep)
		fmt.Fprintln(w, "| | |\n|---|---|")
		for _, row := range summaryRows(rep) {
			fmt.Fprintf(w, "| %s | %s |\n", row[0], mdEscape(row[1]))
		}
		if len(rep.Errors) > 0 {
			fmt.Fprintln(w, "\n**Problems reading the bundle: the analysis is incomplete**")
			fmt.Fprintln(w)
			for _, e := range rep.Errors {
				fmt.Fprintf(w, "- %s\n", mdEscape(e))
			}
		}
		if notes := rep.Coverage.Notes; len(notes) > 0 {
			fmt.Fprintln(w, "\n**Notes** (nothing lost)")
			fmt.Fprintln(w)
			for _, n := range notes[:min(maxNotes, len(notes))] {
				fmt.Fprintf(w, "- %s\n", mdEscape(truncate(n, 200)))
			}
			if len(notes) > maxNotes {
				fmt.Fprintf(w, "- … and %d more\n", len(notes)-maxNotes)
			}
		}
		if len(rep.Files) > 0 {
			fmt.Fprintln(w, "\n<details><summary>Files</summary>\n\n| State | File | |\n|---|---|---|")
			for _, f := range rep.Files {
				fmt.Fprintf(w, "| %s | `%s` | %s |\n", stateName(f.State), strings.ReplaceAll(OneLine(f.Name), "`", "'"), mdEscape(fileDetail(f)))
			}
			fmt.Fprintln(w, "\n</details>")
		}
		fmt.Fprintf(w, "\n%s\n", countFindings(len(rep.Findings)))
		for _, f := range rep.Findings {
			fmt.Fprintf(w, "\n## %s: %s\n\n", strings.ToUpper(f.Severity.String()), mdEscape(f.Title))
			fmt.Fprintf(w, "Rule `%s`\n\n%s\n", f.Rule, mdEscape(f.Summary))
			if len(f.Evidence) > 0 {
				fmt.Fprintln(w, "\n### Evidence\n\n| Where | Time | Text |\n|---|---|---|")
				for _, e := range f.Evidence {
					t := ""
					if !e.Time.IsZero() {
						t = e.Time.Format(time.DateTime)
					}
					text := truncate(messageFirst(e.Text), 200)
					if e.Note != "" {
						text += " (" + e.Note + ")"
					}
					fmt.Fprintf(w, "| `%s` | %s | %s |\n", strings.ReplaceAll(OneLine(e.Location()), "`", "'"), t, mdEscape(text))
				}
			}
			if len(f.Remediation) > 0 {
				fmt.Fprintln(w, "\n### Remediation")
				fmt.Fprintln(w)
				for i, s := range f.Remediation {
					fmt.Fprintf(w, "%d. %s\n", i+1, mdEscape(s))
				}
			}
			if len(f.References) > 0 {
				fmt.Fprintln(w, "\n### References")
				fmt.Fprintln(w)
				for _, ref := range f.References {
					fmt.Fprintf(w, "- %s\n", mdEscape(ref.String()))
				}
			}
		}
		if len(rep.Skipped) > 0 {
			fmt.Fprintln(w, "\n### Rules not run")
			fmt.Fprintln(w)
			for _, s := range rep.Skipped {
				fmt.Fprintf(w, "- `%s`: %s\n", s.Rule, mdEscape(s.Reason))
			}
		}
	}
	return nil
}
