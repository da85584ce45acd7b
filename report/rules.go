package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// WriteRules lists the rules, a line each: id, severity and title.
func WriteRules(w io.Writer, rs []*findings.Rule, opts *Options) error {
	p := opts.printer()
	rows := [][]string{{"ID", p.Sprintf("SEVERITY"), p.Sprintf("TITLE")}}
	for _, r := range rs {
		rows = append(rows, []string{r.ID, r.Severity.String(), p.Text(r.Title)})
	}
	writeAligned(w, rows, func(int) bool { return false })
	return nil
}

// WriteExplain writes what a rule looks for and needs, its documentation,
// remediation and references.
func WriteExplain(w io.Writer, r *findings.Rule, opts *Options) error {
	p := opts.printer()
	// The labels are padded to one width, the widest of them in p's
	// language.
	names := []string{p.Sprintf("Severity:"), p.Sprintf("Reads:"), p.Sprintf("Needs:"), p.Sprintf("Platforms:"), p.Sprintf("Versions:")}
	width := 0
	for _, n := range names {
		width = max(width, displayWidth(n))
	}
	label := func(i int) string { return names[i] + strings.Repeat(" ", width+2-displayWidth(names[i])) }
	fmt.Fprintf(w, "%s\n%s\n\n", r.ID, p.Text(r.Title))
	fmt.Fprintf(w, "%s%s\n", label(0), r.Severity)
	if r.Component != "" {
		fmt.Fprintf(w, "%s%s", label(1), p.Sprintf("%s records", r.Component))
		if len(r.Signals) > 0 {
			var names []string
			for _, s := range r.Signals {
				names = append(names, s.Name)
			}
			fmt.Fprint(w, p.Sprintf(" (signals: %s)", strings.Join(names, ", ")))
		}
		fmt.Fprintln(w)
	}
	if len(r.Needs) > 0 {
		var needs []string
		for _, n := range r.Needs {
			needs = append(needs, string(n))
		}
		fmt.Fprintf(w, "%s%s\n", label(2), strings.Join(needs, ", "))
	}
	platforms := p.Sprintf("all")
	if len(r.Platforms) > 0 {
		var ps []string
		for _, p := range r.Platforms {
			ps = append(ps, string(p))
		}
		platforms = strings.Join(ps, ", ")
	}
	versions := r.Versions.String()
	if r.Versions.IsAll() {
		versions = p.Sprintf("any")
	}
	fmt.Fprintf(w, "%s%s\n%s%s\n\n%s\n", label(3), platforms, label(4), versions, strings.TrimSpace(p.Text(r.Doc)))
	if len(r.Remediation) > 0 {
		fmt.Fprintf(w, "\n%s:\n", p.Sprintf("Remediation"))
		for i, s := range r.Remediation {
			fmt.Fprintf(w, "  %d. %s\n", i+1, p.Text(s))
		}
	}
	if len(r.References) > 0 {
		fmt.Fprintf(w, "\n%s:\n", p.Sprintf("References"))
		for _, ref := range r.References {
			fmt.Fprintf(w, "  - %s\n", ref)
		}
	}
	return nil
}
