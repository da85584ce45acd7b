package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dartkit/dartkit/findings"
)

// WriteRules lists the rules, a line each: id, severity and title.
func WriteRules(w io.Writer, rs []*findings.Rule, opts *Options) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
	}
	return tw.Flush()
}

// WriteExplain writes what a rule looks for and needs, its documentation,
// remediation and references.
func WriteExplain(w io.Writer, r *findings.Rule, opts *Options) error {
	fmt.Fprintf(w, "%s\n%s\n\n", r.ID, r.Title)
	fmt.Fprintf(w, "Severity:   %s\n", r.Severity)
	if r.Component != "" {
		fmt.Fprintf(w, "Reads:      %s records", r.Component)
		if len(r.Signals) > 0 {
			var names []string
			for _, s := range r.Signals {
				names = append(names, s.Name)
			}
			fmt.Fprintf(w, " (signals: %s)", strings.Join(names, ", "))
		}
		fmt.Fprintln(w)
	}
	if len(r.Needs) > 0 {
		var needs []string
		for _, n := range r.Needs {
			needs = append(needs, string(n))
		}
		fmt.Fprintf(w, "Needs:      %s\n", strings.Join(needs, ", "))
	}
	platforms := "all"
	if len(r.Platforms) > 0 {
		var ps []string
		for _, p := range r.Platforms {
			ps = append(ps, string(p))
		}
		platforms = strings.Join(ps, ", ")
	}
	fmt.Fprintf(w, "Platforms:  %s\nVersions:   %s\n\n%s\n", platforms, r.Versions, strings.TrimSpace(r.Doc))
	if len(r.Remediation) > 0 {
		fmt.Fprintln(w, "\nRemediation:")
		for i, s := range r.Remediation {
			fmt.Fprintf(w, "  %d. %s\n", i+1, s)
		}
	}
	if len(r.References) > 0 {
		fmt.Fprintln(w, "\nReferences:")
		for _, ref := range r.References {
			fmt.Fprintf(w, "  - %s\n", ref)
		}
	}
	return nil
}
