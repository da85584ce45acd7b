package report

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// CSV is the format of a fleet summary as comma-separated values; see
// WriteSummary. Write does not write it.
const CSV Format = "csv"

// SummaryFormats lists the formats WriteSummary writes.
var SummaryFormats = []Format{Text, Markdown, CSV, JSON}

// The statuses of a bundle in a fleet summary, as CSV and JSON write them.
const (
	StatusComplete    = "complete"     // analysed, nothing lost
	StatusIncomplete  = "incomplete"   // analysed, but something was lost (findings.Report.Incomplete)
	StatusNotBundle   = "not-bundle"   // no AnyConnect or Secure Client content (findings.Report.NotBundle)
	StatusNotAnalysed = "not-analysed" // could not be opened or analysed (Bundle.Err)
)

// WriteSummary writes the fleet summary of many bundles in format f (Text,
// Markdown, CSV or JSON): a row per bundle, in the order given, with its
// platform, product, version, status (complete, incomplete, not a DART
// bundle, not analysed) and findings by rule; and a count per rule across
// all bundles. The rules are those that reported in any bundle, most
// severe first, then by ID.
//
// Text and Markdown give two tables: the bundles, with a numbered column
// per rule holding its findings in the bundle ("-" for none), and the
// rules, by number, with their ID, severity, the bundles they reported in,
// their findings in all, and their title; then a line counting the
// bundles by status. Their headings and statuses are in
// Options.Language.
//
// CSV gives one table, for a spreadsheet or a tool: a header row (path,
// platform, product, version, status, findings, then each rule's ID), a
// row per bundle, and a last row whose status is "total" holding the sums
// of the columns of counts. A bundle not analysed or not a DART bundle
// has empty counts: its lack of findings means nothing. A cell that a
// spreadsheet would read as a formula (starting with =, +, -, @, a tab or
// a carriage return) is written with a ' before it.
//
// JSON gives {"bundles": [...], "rules": [...]}: per bundle its path,
// platform, product, version, status, findings (their number) and rules
// (an object of each rule's findings in it), the last two absent when
// the bundle was not analysed or is not a DART bundle, and error for one
// not analysed; per rule its rule ID, severity, title, bundles and
// findings.
//
// CSV's and JSON's names, statuses and severities are English in every
// language, as in the JSON report; the rules' titles are those of the
// findings, in the language the bundles were analysed in.
func WriteSummary(w io.Writer, f Format, bundles []Bundle, opts *Options) error {
	s := summarize(bundles)
	switch f {
	case Text:
		return s.writeText(safeWriter{w}, opts.printer())
	case Markdown:
		return s.writeMarkdown(safeWriter{w}, opts.printer())
	case CSV:
		return s.writeCSV(w)
	case JSON:
		return s.writeJSON(w)
	}
	return fmt.Errorf("report: unknown summary format %q", f)
}

// A fleet is the summary of many bundles.
type fleet struct {
	rows  []fleetRow
	rules []fleetRule
}

// A fleetRow is one bundle of a fleet.
type fleetRow struct {
	path, platform, product, version string
	status                           string
	err                              string // why it was not analysed
	findings                         int
	byRule                           map[string]int
}

// analysed reports whether the row's findings mean something: the bundle
// was analysed, and is a DART bundle.
func (r *fleetRow) analysed() bool {
	return r.status == StatusComplete || r.status == StatusIncomplete
}

// A fleetRule is one rule that reported in a fleet, and how often.
type fleetRule struct {
	id       string
	severity findings.Severity
	title    string
	bundles  int // bundles it reported in
	findings int // its findings in all bundles
}

// summarize returns the fleet of bundles.
func summarize(bundles []Bundle) *fleet {
	s := &fleet{}
	rules := map[string]*fleetRule{}
	for _, b := range bundles {
		row := fleetRow{path: b.Path, byRule: map[string]int{}}
		switch rep := b.Report; {
		case rep == nil:
			row.status = StatusNotAnalysed
			if b.Err != nil {
				row.err = b.Err.Error()
			}
		case rep.NotBundle:
			row.status = StatusNotBundle
		default:
			row.status = StatusComplete
			if rep.Incomplete {
				row.status = StatusIncomplete
			}
			row.platform, row.product, row.version = string(rep.Platform), rep.Product.Name, rep.Product.Version
			row.findings = len(rep.Findings)
			for _, f := range rep.Findings {
				r := rules[f.Rule]
				if r == nil {
					r = &fleetRule{id: f.Rule, title: f.Title}
					rules[f.Rule] = r
				}
				r.severity = max(r.severity, f.Severity)
				r.findings++
				if row.byRule[f.Rule]++; row.byRule[f.Rule] == 1 {
					r.bundles++
				}
			}
		}
		s.rows = append(s.rows, row)
	}
	for _, r := range rules {
		s.rules = append(s.rules, *r)
	}
	slices.SortFunc(s.rules, func(a, b fleetRule) int {
		return cmp.Or(cmp.Compare(b.severity, a.severity), strings.Compare(a.id, b.id))
	})
	return s
}

// count returns the number of rows of each status, in the order of
// statuses.
func (s *fleet) count(statuses ...string) []int {
	n := make([]int, len(statuses))
	for _, r := range s.rows {
		n[slices.Index(statuses, r.status)]++
	}
	return n
}

// statusText is a status as the text and Markdown show it.
func statusText(p *i18n.Printer, status string) string {
	switch status {
	case StatusComplete:
		return p.Sprintf("complete")
	case StatusIncomplete:
		return p.Sprintf("incomplete")
	case StatusNotBundle:
		return p.Sprintf("not a DART bundle")
	}
	return p.Sprintf("not analysed")
}

// cells returns the cells of the bundles' table for people: a row of
// headings, then a row per bundle, none of a number for a count of zero
// or a count that means nothing.
func (s *fleet) cells(p *i18n.Printer, headings []string, quote func(string) string) [][]string {
	head := slices.Clone(headings)
	for i := range s.rules {
		head = append(head, strconv.Itoa(i+1))
	}
	out := [][]string{head}
	for _, r := range s.rows {
		row := []string{quote(r.path), orDash(r.platform), orDash(r.product), orDash(r.version), statusText(p, r.status), "-"}
		if r.analysed() {
			row[5] = strconv.Itoa(r.findings)
		}
		for _, rule := range s.rules {
			row = append(row, countCell(r.byRule[rule.id]))
		}
		out = append(out, row)
	}
	return out
}

// orDash returns s on one line, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return OneLine(s)
}

// countCell is a count as the tables for people show it: "-" for none.
func countCell(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

// writeText writes the fleet as two aligned tables and a count of the
// bundles by status.
func (s *fleet) writeText(w io.Writer, p *i18n.Printer) error {
	headings := []string{p.Sprintf("BUNDLE"), p.Sprintf("PLATFORM"), p.Sprintf("PRODUCT"), p.Sprintf("VERSION"), p.Sprintf("STATUS"), p.Sprintf("FINDINGS")}
	writeAligned(w, s.cells(p, headings, OneLine), func(i int) bool { return i >= 5 })
	fmt.Fprintln(w)
	if len(s.rules) == 0 {
		fmt.Fprintln(w, p.Sprintf("No findings in any bundle."))
	} else {
		rows := [][]string{{"", p.Sprintf("RULE"), p.Sprintf("SEVERITY"), p.Sprintf("BUNDLES"), p.Sprintf("FINDINGS"), p.Sprintf("TITLE")}}
		for i, r := range s.rules {
			rows = append(rows, []string{strconv.Itoa(i + 1), r.id, r.severity.String(), strconv.Itoa(r.bundles), strconv.Itoa(r.findings), OneLine(p.Text(r.title))})
		}
		writeAligned(w, rows, func(i int) bool { return i == 0 || i == 3 || i == 4 })
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, s.statusLine(p))
	return err
}

// statusLine counts the bundles by status: "Bundles: 4 (complete 2,
// not analysed 2)".
func (s *fleet) statusLine(p *i18n.Printer) string {
	statuses := []string{StatusComplete, StatusIncomplete, StatusNotBundle, StatusNotAnalysed}
	var parts []string
	for i, n := range s.count(statuses...) {
		if n == 0 {
			continue
		}
		switch statuses[i] {
		case StatusComplete:
			parts = append(parts, p.Sprintf("complete %d", n))
		case StatusIncomplete:
			parts = append(parts, p.Sprintf("incomplete %d", n))
		case StatusNotBundle:
			parts = append(parts, p.Sprintf("not a DART bundle %d", n))
		default:
			parts = append(parts, p.Sprintf("not analysed %d", n))
		}
	}
	line := p.Sprintf("Bundles: %d", len(s.rows))
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	return line
}

// writeAligned writes rows as a table whose columns are two spaces apart,
// each as wide as its widest cell on a terminal (a wide character, as in
// Korean, takes two columns); the columns for which right is true are
// aligned right. No line ends in spaces.
func writeAligned(w io.Writer, rows [][]string, right func(column int) bool) {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.Reset()
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if right(i) {
				b.WriteString(pad)
			}
			b.WriteString(c)
			if !right(i) {
				b.WriteString(pad)
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
}

// displayWidth returns the columns s takes on a terminal: two for a wide
// or fullwidth character, none for a combining mark, one for others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case width.LookupRune(r).Kind() == width.EastAsianWide, width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// writeMarkdown writes the fleet as two Markdown tables and a count of
// the bundles by status.
func (s *fleet) writeMarkdown(w io.Writer, p *i18n.Printer) error {
	// A bar splits a row even in a code span, unless escaped.
	code := func(s string) string { return "`" + strings.NewReplacer("`", "'", "|", `\|`).Replace(OneLine(s)) + "`" }
	headings := []string{p.Sprintf("Bundle"), p.Sprintf("Platform"), p.Sprintf("Product"), p.Sprintf("Version"), p.Sprintf("Status"), p.Sprintf("Findings")}
	for i, row := range s.cells(p, headings, code) {
		for j := 1; j < len(row); j++ {
			row[j] = mdEscape(row[j])
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		if i == 0 {
			fmt.Fprintf(w, "|---|---|---|---|---|%s\n", strings.Repeat("---:|", len(row)-5))
		}
	}
	fmt.Fprintln(w)
	if len(s.rules) == 0 {
		fmt.Fprintln(w, p.Sprintf("No findings in any bundle."))
	} else {
		fmt.Fprintf(w, "| # | %s | %s | %s | %s | %s |\n|---:|---|---|---:|---:|---|\n",
			p.Sprintf("Rule"), p.Sprintf("Severity"), p.Sprintf("Bundles"), p.Sprintf("Findings"), p.Sprintf("Title"))
		for i, r := range s.rules {
			fmt.Fprintf(w, "| %d | %s | %s | %d | %d | %s |\n", i+1, code(r.id), r.severity, r.bundles, r.findings, mdEscape(p.Text(r.title)))
		}
	}
	fmt.Fprintln(w)
	_, err := fmt.Fprintln(w, mdEscape(s.statusLine(p)))
	return err
}

// writeCSV writes the fleet as one CSV table with a row of totals.
func (s *fleet) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"path", "platform", "product", "version", "status", "findings"}
	for _, r := range s.rules {
		head = append(head, r.id)
	}
	cw.Write(head)
	total := make([]int, 1+len(s.rules))
	for _, r := range s.rows {
		row := []string{noFormula(r.path), noFormula(r.platform), noFormula(r.product), noFormula(r.version), r.status, ""}
		for range s.rules {
			row = append(row, "")
		}
		if r.analysed() {
			row[5] = strconv.Itoa(r.findings)
			total[0] += r.findings
			for i, rule := range s.rules {
				row[6+i] = strconv.Itoa(r.byRule[rule.id])
				total[1+i] += r.byRule[rule.id]
			}
		}
		cw.Write(row)
	}
	row := []string{"", "", "", "", "total"}
	for _, n := range total {
		row = append(row, strconv.Itoa(n))
	}
	cw.Write(row)
	cw.Flush()
	return cw.Error()
}

// noFormula returns s with a ' before it when a spreadsheet would read it
// as a formula.
func noFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeJSON writes the fleet as a JSON document.
func (s *fleet) writeJSON(w io.Writer) error {
	type bundle struct {
		Path     string         `json:"path"`
		Platform string         `json:"platform,omitempty"`
		Product  string         `json:"product,omitempty"`
		Version  string         `json:"version,omitempty"`
		Status   string         `json:"status"`
		Findings *int           `json:"findings,omitempty"`
		Rules    map[string]int `json:"rules,omitzero"`
		Error    string         `json:"error,omitempty"`
	}
	type rule struct {
		Rule     string            `json:"rule"`
		Severity findings.Severity `json:"severity"`
		Title    string            `json:"title"`
		Bundles  int               `json:"bundles"`
		Findings int               `json:"findings"`
	}
	doc := struct {
		Bundles []bundle `json:"bundles"`
		Rules   []rule   `json:"rules"`
	}{Bundles: []bundle{}, Rules: []rule{}}
	for _, r := range s.rows {
		b := bundle{Path: r.path, Platform: r.platform, Product: r.product, Version: r.version, Status: r.status, Error: r.err}
		if r.analysed() {
			b.Findings, b.Rules = &r.findings, r.byRule
		}
		doc.Bundles = append(doc.Bundles, b)
	}
	for _, r := range s.rules {
		doc.Rules = append(doc.Rules, rule{r.id, r.severity, r.title, r.bundles, r.findings})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
