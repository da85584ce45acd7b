package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// The user's own words and what DART says of the profiles open every
// report: the comment is often the only statement of the problem, and
// whether the profiles were collected changes what "no VPN profile"
// means.

// commentLines returns the user's comment as lines safe to print, at most
// maxCommentLines of them, and whether there is one.
func commentLines(f *dart.Facts) ([]string, bool) {
	if f == nil || f.Comment.Source.File == "" {
		return nil, false
	}
	var out []string
	lines := strings.Split(f.Comment.Text, "\n")
	for i, l := range lines {
		if i == maxCommentLines {
			out = append(out, fmt.Sprintf("… and %d more lines", len(lines)-i))
			break
		}
		out = append(out, OneLine(l))
	}
	if f.Comment.Truncated {
		out = append(out, "[cut: comments.txt holds more than dartscan keeps]")
	}
	return out, true
}

// maxCommentLines bounds the comment's lines shown; the JSON has it whole.
const maxCommentLines = 40

// profilesCollected returns what summary.txt says of the profiles, as one
// line, and whether it says anything.
func profilesCollected(f *dart.Facts) (string, bool) {
	if f == nil {
		return "", false
	}
	pc := f.ProfilesCollected
	var s string
	switch pc.State {
	case dart.ProfilesNoneFound:
		s = "DART looked and found none: no VPN profile"
	case dart.ProfilesNotCollected:
		s = "profiles not collected: whether the client has one is unknown"
	case dart.ProfilesCollected:
		s = "collected"
	default:
		return "", false
	}
	return fmt.Sprintf("%s  (%s: %s)", s, pc.Source, truncate(pc.Text, 120)), true
}

// writeTopText prints the comment and the profile collection of a text
// report.
func writeTopText(w io.Writer, rep *findings.Report) {
	if lines, ok := commentLines(rep.Facts); ok {
		fmt.Fprintf(w, "   User's comment (%s):\n", OneLine(rep.Facts.Comment.Source.File))
		for _, l := range lines {
			fmt.Fprintf(w, "     | %s\n", l)
		}
	}
	if s, ok := profilesCollected(rep.Facts); ok {
		fmt.Fprintf(w, "   Profiles per summary.txt: %s\n", OneLine(s))
	}
}

// writeTopMarkdown prints the comment, quoted, and the profile collection
// of a Markdown report.
func writeTopMarkdown(w io.Writer, rep *findings.Report) {
	if lines, ok := commentLines(rep.Facts); ok {
		fmt.Fprintf(w, "**User's comment** (%s):\n\n", mdEscape(rep.Facts.Comment.Source.File))
		for _, l := range lines {
			fmt.Fprintf(w, "> %s\n", mdEscape(l))
		}
		fmt.Fprintln(w)
	}
	if s, ok := profilesCollected(rep.Facts); ok {
		fmt.Fprintf(w, "**Profiles per summary.txt:** %s\n\n", mdEscape(s))
	}
}
