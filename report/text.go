package report

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// WriteText writes, for a person, each bundle's endpoint summary and then
// each finding with its evidence.
func WriteText(w io.Writer, results []Bundle, opts *Options) error {
	p := opts.printer()
	w = safeWriter{w}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "== %s\n", OneLine(r.Path))
		if r.Report == nil {
			fmt.Fprintf(w, "   %s\n", p.Sprintf("not analysed: %s", OneLine(r.Err.Error())))
			continue
		}
		rep := r.Report
		if rep.NotBundle {
			fmt.Fprintf(w, "   %s\n", p.Sprintf("not a DART bundle: %s", p.Text(findings.LookedFor)))
			continue
		}
		writeTopText(w, rep)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, row := range summaryRows(rep) {
			fmt.Fprintf(tw, "   %s:\t%s\n", row[0], OneLine(row[1]))
		}
		tw.Flush()
		for _, e := range rep.Errors {
			fmt.Fprintf(w, "   ! %s\n", OneLine(e))
		}
		if rep.Incomplete {
			fmt.Fprintln(w, "   ! part of the input could not be read: the analysis is incomplete")
		}
		if notes := rep.Coverage.Notes; len(notes) > 0 {
			fmt.Fprintln(w, "   Notes (nothing lost):")
			for _, n := range notes[:min(maxNotes, len(notes))] {
				fmt.Fprintf(w, "     - %s\n", truncate(n, 160))
			}
			if len(notes) > maxNotes {
				fmt.Fprintf(w, "     … and %d more\n", len(notes)-maxNotes)
			}
		}
		if len(rep.Files) > 0 {
			fmt.Fprintln(w, "   Files:")
			writeFileTable(w, rep.Files)
		}
		if len(rep.Coverage.Shapes) > 0 {
			fmt.Fprintln(w, "   Most frequent records no rule looked at:")
			writeShapes(w, rep.Coverage, 5, "     ")
		}
		fmt.Fprintf(w, "\n   %s\n", countFindings(len(rep.Findings)))
		for _, f := range rep.Findings {
			fmt.Fprintf(w, "\n   [%s] %s  (%s)\n", strings.ToUpper(f.Severity.String()), OneLine(f.Title), f.Rule)
			for _, l := range wrap(f.Summary, 92) {
				fmt.Fprintf(w, "     %s\n", l)
			}
			if len(f.Evidence) > 0 {
				fmt.Fprintln(w, "     Evidence:")
				for _, e := range f.Evidence {
					fmt.Fprintf(w, "       %s", OneLine(e.Location()))
					if !e.Time.IsZero() {
						fmt.Fprintf(w, "  %s", e.Time.Format(time.DateTime))
					}
					if e.Note != "" {
						fmt.Fprintf(w, "  (%s)", OneLine(e.Note))
					}
					fmt.Fprintf(w, "\n         %s\n", truncate(messageFirst(e.Text), 160))
				}
			}
			if len(f.Remediation) > 0 {
				fmt.Fprintln(w, "     Remediation:")
				for i, s := range f.Remediation {
					for j, l := range wrap(s, 88) {
						if j == 0 {
							fmt.Fprintf(w, "       %d. %s\n", i+1, l)
						} else {
							fmt.Fprintf(w, "          %s\n", l)
						}
					}
				}
			}
			if len(f.References) > 0 {
				fmt.Fprintln(w, "     References:")
				for _, ref := range f.References {
					fmt.Fprintf(w, "       - %s\n", ref)
				}
			}
		}
		for _, g := range groupSkips(rep.Skipped) {
			if len(g.rules) <= 3 {
				fmt.Fprintf(w, "\n   not run: %s (%s)", strings.Join(g.rules, ", "), g.reason)
			} else {
				fmt.Fprintf(w, "\n   not run: %d rules (%s)", len(g.rules), g.reason)
			}
		}
		if len(rep.Skipped) > 0 {
			fmt.Fprintln(w)
		}
	}
	return nil
}

// writeFileTable lists the files of a report, one a line, state, name and
// detail in columns, as a text/tabwriter with a padding of two would lay
// them out, but without holding the table: a bundle may list 100,000
// files. The cells come from truncate, or are state names: none holds a
// character a tabwriter reads as layout (tabs, line breaks, 0xff).
func writeFileTable(w io.Writer, files []findings.FileReport) {
	const indent = "     "
	width0, width1 := 0, 0
	for _, f := range files {
		width0 = max(width0, len(indent)+utf8.RuneCountInString(stateName(f.State)))
		width1 = max(width1, utf8.RuneCountInString(truncate(f.Name, 100)))
	}
	width0 += 2
	width1 += 2
	line := make([]byte, 0, 256)
	for _, f := range files {
		state, name := stateName(f.State), truncate(f.Name, 100)
		line = append(line[:0], indent...)
		line = append(line, state...)
		line = appendSpaces(line, width0-len(indent)-utf8.RuneCountInString(state))
		line = append(line, name...)
		line = appendSpaces(line, width1-utf8.RuneCountInString(name))
		line = append(line, truncate(fileDetail(f), 100)...)
		line = append(line, '\n')
		w.Write(line)
	}
}

// appendSpaces appends n spaces to b.
func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// summaryRows is the endpoint summary of a report, as label/value pairs.
func summaryRows(rep *findings.Report) [][2]string {
	f := rep.Facts
	var rows [][2]string
	if c := rep.Capture; c != nil {
		capture := fmt.Sprintf("%s: %d packets, %d DNS", c.Path, c.Stats.Packets, c.Stats.DNS)
		if len(c.Servers) > 0 {
			capture += ", DNS servers " + strings.Join(c.Servers, ", ")
		}
		rows = append(rows, [2]string{"Capture", capture})
		if rep.Format == "capture" {
			return rows // a capture alone says nothing of the endpoint's client
		}
	}
	rows = append(rows, [2]string{"Bundle", fmt.Sprintf("%s, %d files", rep.Format, len(rep.Files))})
	platform := string(rep.Platform)
	if f.PlatformSource.File != "" {
		platform += "  (" + f.PlatformSource.String() + ")"
	}
	rows = append(rows, [2]string{"Platform", platform})
	product := "unknown"
	if rep.Product.Version != "" {
		product = strings.TrimSpace(rep.Product.Name + " " + rep.Product.Version)
		if rep.Product.From != "" {
			product += "  (" + rep.Product.From + ")"
		}
		if rep.Product.VersionFrom == dart.ComponentDART {
			product += "  [from DART's banner only]"
		}
	}
	rows = append(rows, [2]string{"Product", product})
	var profiles []string
	for _, p := range f.Profiles[:min(len(f.Profiles), maxProfiles)] {
		switch {
		case p.Kind == dart.KindVPNProfile:
			profiles = append(profiles, fmt.Sprintf("%s (servers: %s)", p.File, strings.Join(p.Servers, ", ")))
		case p.ServiceDisable:
			profiles = append(profiles, p.File+" (ServiceDisable true)")
		default:
			profiles = append(profiles, p.File)
		}
	}
	if n := len(f.Profiles); n > maxProfiles {
		// A bundle inflated with copies holds thousands: a person
		// wants how many, and what a few are; JSON lists them all.
		profiles[0] = fmt.Sprintf("%d profiles, the first %d: %s", n, maxProfiles, profiles[0])
		profiles = append(profiles, fmt.Sprintf("and %d more", n-maxProfiles))
	}
	if !slices.ContainsFunc(f.Profiles, func(p dart.Profile) bool { return p.Kind == dart.KindVPNProfile }) {
		none := "no VPN profile"
		if d, ok := f.EmptyProfileFolder(); ok {
			none += " (" + d + "/ is empty)"
		}
		profiles = append([]string{none}, profiles...)
	}
	rows = append(rows, [2]string{"Profiles", strings.Join(profiles, "; ")})
	var dns []string
	for _, v := range f.DNSServers {
		dns = append(dns, v.Value)
	}
	if len(dns) > 0 {
		rows = append(rows, [2]string{"DNS servers", strings.Join(dns, ", ")})
	}
	if len(f.Hosts) > 0 {
		rows = append(rows, [2]string{"Hosts file", fmt.Sprintf("%d entries", len(f.Hosts))})
	}
	records, logs := 0, 0
	for _, fr := range rep.Files {
		if fr.Kind.IsLog() {
			logs++
			records += fr.Records
		}
	}
	rows = append(rows, [2]string{"Log records", fmt.Sprintf("%d in %d log files", records, logs)})
	cv := rep.Coverage
	rows = append(rows, [2]string{"Coverage", fmt.Sprintf("%s, %d unrecognised lines, %d records no rule looked at", filesUnderstood(rep), cv.Unrecognised, cv.Unmatched)})
	return rows
}

// maxProfiles is how many profiles the text and Markdown summaries name.
const maxProfiles = 5

// maxNotes is how many of a report's notes the text and Markdown show.
const maxNotes = 10

// filesUnderstood is the coverage figure: files understood of those that
// should have been, and how many others nobody reads.
func filesUnderstood(rep *findings.Report) string {
	cv := rep.Coverage
	s := fmt.Sprintf("%d of %d files understood", cv.Understood, cv.Expected)
	if n := cv.Expected - cv.Understood; n > 0 {
		s += fmt.Sprintf(" (%d missed)", n)
	}
	if others := len(rep.Files) - cv.Expected; others > 0 {
		s += fmt.Sprintf(", %d other %s not read", others, plural(others, "file", "files"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// stateName is a file state as the text and Markdown show it.
func stateName(s findings.FileState) string {
	if s == findings.StateNotUnderstood {
		return "not understood"
	}
	return s.String()
}

// fileDetail says what became of a file: a log's format and records, what
// a fact file is, or why a file was not understood.
func fileDetail(f findings.FileReport) string {
	switch f.State {
	case findings.StateRead:
		s := fmt.Sprintf("%s, %d %s", f.Format, f.Records, plural(f.Records, "record", "records"))
		if f.Errors > 0 {
			s += fmt.Sprintf(", %d %s unrecognised or cut", f.Errors, plural(f.Errors, "line", "lines"))
		}
		return s
	case findings.StateFacts:
		if f.Kind == dart.KindOther {
			return "the facts cite it"
		}
		return f.Kind.String()
	}
	if f.Missed {
		return f.Reason + " (missed)"
	}
	return f.Reason
}

// writeShapes lists the most frequent message shapes no rule looked at.
func writeShapes(w io.Writer, cv findings.Coverage, n int, prefix string) {
	for _, s := range cv.Shapes[:min(n, len(cv.Shapes))] {
		fmt.Fprintf(w, "%s%5d  %s\n", prefix, s.Count, truncate(s.Shape, 110))
	}
}

// A skipGroup is the rules skipped for one reason.
type skipGroup struct {
	reason string
	rules  []string
}

// groupSkips groups skipped rules by reason, in the order first met.
func groupSkips(skips []findings.Skip) []skipGroup {
	var out []skipGroup
	for _, s := range skips {
		i := slices.IndexFunc(out, func(g skipGroup) bool { return g.reason == s.Reason })
		if i < 0 {
			out = append(out, skipGroup{reason: s.Reason})
			i = len(out) - 1
		}
		out[i].rules = append(out[i].rules, s.Rule)
	}
	return out
}

func countFindings(n int) string {
	switch n {
	case 0:
		return "No findings."
	case 1:
		return "1 finding:"
	}
	return fmt.Sprintf("%d findings:", n)
}

// headerRE matches AnyConnect's one-line debug header at the start of a
// record's text.
var headerRE = regexp.MustCompile(`^(Function: \S+ File: .*? Line: \d+) (.+)$`)

// messageFirst moves a record's debug header after its message, so a
// shortened line keeps the words that matter.
func messageFirst(text string) string {
	if m := headerRE.FindStringSubmatch(text); m != nil {
		return m[2] + "  [" + m[1] + "]"
	}
	return text
}

// wrap breaks s into lines of at most width runes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// truncate makes text from a bundle safe for a terminal (whitespace runs
// become one space, other control characters U+FFFD) and shortens it to n
// bytes at most, on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) && r != ' ' {
			return unicode.ReplacementChar
		}
		return r
	}, s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// mdEscape keeps text from breaking a Markdown table or turning into markup.
func mdEscape(s string) string {
	return mdReplacer.Replace(OneLine(s))
}

var mdReplacer = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "`", "'")
