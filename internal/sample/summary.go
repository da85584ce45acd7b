package sample

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// A summary is what DART's summary.txt says of a bundle: who made it,
// when and where, and per config title the files included, with their
// sizes, and those omitted, with the reason. The sizes are read from the
// bundle's files when it is written, so that an event log written again in
// another layout is listed at its new size.
type summary struct {
	time     time.Time
	os       string
	user     string
	location string
	sections []summarySection
}

// A summarySection is one config title's part of summary.txt.
type summarySection struct {
	title    string
	included []summaryRow
	omitted  []summaryRow
	notes    []string
}

// A summaryRow is one row of a section's table. For an included file,
// file is the path of the bundle's file whose size the row gives, and name
// what the Filename column shows (its base name, as DART lists it); for an
// omitted one, reason says why.
type summaryRow struct {
	id, file, name, desc, reason string
}

// Column widths of summary.txt's tables (dart-format.md §1b).
const (
	sumID     = 17
	sumName   = 28
	sumDesc   = 40
	sumSize   = 10
	sumReason = 50
)

// render returns summary.txt for files, LF only, as DART writes it.
func (s summary) render(files []File) []byte {
	var b strings.Builder
	label := func(l, v string) { fmt.Fprintf(&b, "%-30s%s\n", l, v) }
	b.WriteString("DART BUNDLE SUMMARY\n\n")
	label("Time:", s.time.Format("Mon Jan _2 15:04:05 2006"))
	label("OS:", s.os)
	label("User Name:", s.user)
	label("Bundle on client computer:", s.location)
	size := func(name string) int {
		for _, f := range files {
			if f.Name == name {
				return len(f.Data)
			}
		}
		panic("sample: summary.txt lists " + name + ", which the bundle does not hold")
	}
	for _, sec := range s.sections {
		b.WriteString(strings.Repeat("=", 141) + "\n")
		b.WriteString(sec.title + ":\n\n")
		b.WriteString("Files Included in Bundle:\n")
		writeRow(&b, []string{"ID", "Filename", "Description", "File Size"}, []int{sumID, sumName, sumDesc, sumSize})
		b.WriteString(strings.Repeat("-", 101) + "\n")
		for _, r := range sec.included {
			writeRow(&b, []string{r.id, r.name, r.desc, sizeText(size(r.file))}, []int{sumID, sumName, sumDesc, sumSize})
		}
		b.WriteString(strings.Repeat("-", 101) + "\n\n")
		if len(sec.omitted) > 0 {
			b.WriteString("Files Omitted from Bundle:\n")
			writeRow(&b, []string{"ID", "Filename", "Description", "Reason Omitted"}, []int{sumID, sumName, sumDesc, sumReason})
			b.WriteString(strings.Repeat("-", 141) + "\n")
			for _, r := range sec.omitted {
				writeRow(&b, []string{r.id, r.name, r.desc, r.reason}, []int{sumID, sumName, sumDesc, sumReason})
			}
			b.WriteString(strings.Repeat("-", 141) + "\n\n")
		}
		if len(sec.notes) > 0 {
			b.WriteString("Notes:\n")
			for _, n := range sec.notes {
				b.WriteString(" - " + n + "\n")
			}
			b.WriteString("\n")
		}
	}
	// Assumed: DART writes "Files Requested But Not Included In Bundle:"
	// only when a requested file was left out, which no sample does; the
	// closing line is always there (§1b).
	b.WriteString("No instruction found in any config for the following file ID's from request:\n")
	return []byte(b.String())
}

// writeRow writes one table row: each cell padded to its column's width,
// two spaces between columns. An ID or file name too long for its column
// is split into chunks of width-1 on continuation lines; the reason (the
// last column of the omitted table) is wrapped at words to width-1.
func writeRow(b *strings.Builder, cells []string, widths []int) {
	cols := make([][]string, len(cells))
	lines := 1
	for i, c := range cells {
		switch {
		case i == 3 && widths[i] == sumReason:
			cols[i] = wrapWords(c, widths[i]-1)
		case (i == 0 || i == 1) && len(c) > widths[i]:
			for len(c) > widths[i]-1 {
				cols[i] = append(cols[i], c[:widths[i]-1])
				c = c[widths[i]-1:]
			}
			cols[i] = append(cols[i], c)
		default:
			cols[i] = []string{c}
		}
		lines = max(lines, len(cols[i]))
	}
	for l := range lines {
		var row strings.Builder
		for i, col := range cols {
			if i > 0 {
				row.WriteString("  ")
			}
			cell := ""
			if l < len(col) {
				cell = col[l]
			}
			fmt.Fprintf(&row, "%-*s", widths[i], cell)
		}
		b.WriteString(row.String() + "\n")
	}
}

// wrapWords wraps s at spaces into lines of at most n bytes.
func wrapWords(s string, n int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= n:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
		for len(line) > n {
			out = append(out, line[:n])
			line = line[n:]
		}
	}
	return append(out, line)
}

// sizeText is a File Size cell: "N bytes" below 1 KiB, else kibibytes
// with two decimals (1707 is "1.67K").
func sizeText(n int) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.2fK", float64(n)/1024)
}

// included returns the rows of the files under dir, in the bundle's order,
// each with the ID and description given for its base name.
func included(files []File, dir string, ids map[string][2]string) []summaryRow {
	var rows []summaryRow
	for _, f := range files {
		if path.Dir(f.Name)+"/" != dir {
			continue
		}
		base := path.Base(f.Name)
		d, ok := ids[base]
		if !ok {
			panic("sample: no summary ID for " + f.Name)
		}
		rows = append(rows, summaryRow{id: d[0], file: f.Name, name: base, desc: d[1]})
	}
	return rows
}

// withSummary returns files with summary.txt inserted at index at (DART's
// zip order is not sorted), rendered from the others.
func withSummary(files []File, at int, s summary, mod time.Time) []File {
	f := File{Name: "summary.txt", Mod: mod, summary: &s}
	out := append(append(append([]File(nil), files[:at]...), f), files[at:]...)
	return resummarize(out)
}

// resummarize renders every summary.txt of files again from the others.
func resummarize(files []File) []File {
	for i, f := range files {
		if f.summary != nil {
			files[i].Data = f.summary.render(files)
		}
	}
	return files
}

// resultBanner is the banner DART writes before a command's output in a
// _result.txt file (§1b), bytes as Cisco's dartcli writes them.
func resultBanner(command string) string {
	stars := strings.Repeat("*", 75)
	return "\n\r" + stars + "\n\"" + command + "\" output:\n" + stars + "\n\r\n"
}
