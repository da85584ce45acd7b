package dart

import (
	"fmt"
	"io"
	"strings"
)

// A Summary is what DART's summary.txt says about the bundle it made: when,
// on what system, for whom, and per section of its collection config the
// files it included, omitted or could not find. DART writes the file
// itself (see the package documentation of the format), so it is the only
// place that tells "DART looked for a file and found none" from "DART was
// not asked to collect it".
type Summary struct {
	File     string           `json:"file"`
	Time     string           `json:"time,omitempty"`     // as written, ctime style: "Mon Dec  7 03:19:02 2026"
	OS       string           `json:"os,omitempty"`       // e.g. "Linux : Linux 6.8.0 #1 SMP x86_64"
	User     string           `json:"user,omitempty"`     // may be empty in the file
	Location string           `json:"location,omitempty"` // "Bundle on client computer:"
	Sections []SummarySection `json:"sections,omitempty"` // in the order written
	// NoInstruction lists the file IDs of the request that no config knew,
	// from the closing "No instruction found ..." line and those after it.
	NoInstruction []string `json:"no_instruction,omitempty"`
	// Truncated is set when the file had more rows than are kept.
	Truncated bool `json:"truncated,omitempty"`
}

// A SummarySection is one config title of summary.txt, e.g. "Cisco
// AnyConnect Secure Mobility Client" or "General Information".
type SummarySection struct {
	Title     string        `json:"title"`
	Included  []SummaryFile `json:"included,omitempty"`
	Omitted   []SummaryFile `json:"omitted,omitempty"`
	Requested []SummaryFile `json:"requested,omitempty"` // "Files Requested But Not Included In Bundle"
	Notes     []string      `json:"notes,omitempty"`
	Source    Source        `json:"source"` // the title's line
}

// A SummaryFile is one row of a summary.txt table. A row DART wrapped onto
// continuation lines is joined back.
type SummaryFile struct {
	ID          string `json:"id"`
	Name        string `json:"name"` // "N/A" when a pattern matched nothing
	Description string `json:"description,omitempty"`
	Size        string `json:"size,omitempty"`   // as written: "812 bytes", "1.67K"
	Reason      string `json:"reason,omitempty"` // why it was omitted
	Source      Source `json:"source"`           // the row's first line
}

// Bounds on summary.txt: DART writes a few dozen rows.
const (
	summaryMaxSections = 64
	summaryMaxRows     = 4096 // rows of all tables together
	summaryMaxField    = 1024 // bytes of one field once joined
)

// summaryNoFile starts the reason DART gives for a pattern that matched
// nothing.
const summaryNoFile = "No file found with path matching:"

// summary table kinds
const (
	sumNone = iota
	sumIncluded
	sumOmitted
	sumRequested
	sumNotes
	sumNoInstr
)

// A summaryParse reads summary.txt line by line.
type summaryParse struct {
	s       *Summary
	sec     *SummarySection
	table   int
	cols    []summaryCol // from the table's header row; nil until it is read
	rows    int
	last    *SummaryFile // the row continuation lines extend
	lastID  int          // length of the last line's ID chunk
	lastNam int          // length of the last line's Filename chunk
	title   string       // a line ending in ':' that may be a section title
	titleN  int
}

// A summaryCol is one column of a table: its name and where it starts.
type summaryCol struct {
	name  string
	start int
}

// ParseSummary reads DART's summary.txt from r, the file's text decoded to
// UTF-8, and returns what it says; name is the file's name in the bundle.
// Reading is bounded: lines past factMaxLineLen are cut, rows past a few
// thousand are counted as Truncated. The error is a read error only; what
// was read before it is returned.
//
// Tables are read by the columns their header row names, so the widths DART
// uses (ID 17, Filename 28, Description 40, File Size 10, Reason Omitted 50)
// are not assumed. A line whose Description and File Size are blank
// continues the row above: an ID or file name DART split at its column's
// width, or a reason it word-wrapped.
func ParseSummary(name string, r io.Reader) (*Summary, error) {
	p := &summaryParse{s: &Summary{File: name}}
	err := factEachLine(name, r, p.line)
	return p.s, err
}

func (p *summaryParse) line(n int, line string) error {
	t := strings.TrimSpace(line)
	if t == "" {
		p.last = nil
		return nil
	}
	if isRule(t) {
		// a rule of '=' opens a section; a rule of '-' opens or closes a
		// table's rows.
		p.last = nil
		if t[0] == '=' {
			p.table, p.cols = sumNone, nil
		}
		return nil
	}
	if p.header(n, t) {
		return nil
	}
	switch p.table {
	case sumIncluded, sumOmitted, sumRequested:
		if p.cols == nil {
			p.cols = summaryColumns(line)
			if p.cols != nil {
				return nil
			}
			p.table = sumNone // no header row: not a table DART wrote
		} else {
			p.row(n, line)
			return nil
		}
	case sumNotes:
		if p.sec != nil && len(p.sec.Notes) < summaryMaxRows {
			p.sec.Notes = append(p.sec.Notes, clip(strings.TrimSpace(strings.TrimPrefix(t, "- ")), summaryMaxField))
		}
		return nil
	case sumNoInstr:
		if len(p.s.NoInstruction) < summaryMaxRows {
			for _, id := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				p.s.NoInstruction = append(p.s.NoInstruction, clip(id, summaryMaxField))
			}
		}
		return nil
	}
	// A title is a line of its own ending in ':' after a '=' rule; it is
	// taken when the next non-blank line opens a table.
	if strings.HasSuffix(t, ":") && p.table == sumNone {
		p.title, p.titleN = strings.TrimSuffix(t, ":"), n
	}
	return nil
}

// header handles the fixed lines: the bundle's facts and the table titles.
func (p *summaryParse) header(n int, t string) bool {
	for _, f := range []struct {
		label string
		dst   *string
	}{{"Time:", &p.s.Time}, {"OS:", &p.s.OS}, {"User Name:", &p.s.User}, {"Bundle on client computer:", &p.s.Location}} {
		if v, ok := strings.CutPrefix(t, f.label); ok && p.sec == nil {
			if *f.dst == "" {
				*f.dst = clip(strings.TrimSpace(v), summaryMaxField)
			}
			return true
		}
	}
	var table int
	switch {
	case strings.EqualFold(t, "Files Included in Bundle:"):
		table = sumIncluded
	case strings.EqualFold(t, "Files Omitted from Bundle:"):
		table = sumOmitted
	case strings.EqualFold(t, "Files Requested But Not Included In Bundle:"):
		table = sumRequested
	case strings.EqualFold(t, "Notes:"):
		table = sumNotes
	case strings.HasPrefix(t, "No instruction found in any config for the following file ID"):
		p.table, p.cols, p.last = sumNoInstr, nil, nil
		if _, rest, ok := strings.Cut(t, "request:"); ok && strings.TrimSpace(rest) != "" {
			p.line(n, rest)
			p.table = sumNoInstr
		}
		return true
	case t == "DART BUNDLE SUMMARY":
		return true
	default:
		return false
	}
	if p.title != "" {
		if len(p.s.Sections) >= summaryMaxSections {
			p.s.Truncated = true
			p.sec = &SummarySection{} // read on, keep nothing
		} else {
			p.s.Sections = append(p.s.Sections, SummarySection{Title: clip(p.title, summaryMaxField), Source: Source{File: p.s.File, Line: p.titleN}})
			p.sec = &p.s.Sections[len(p.s.Sections)-1]
		}
		p.title = ""
	}
	if p.sec == nil { // a table before any title: keep it under an untitled section
		p.s.Sections = append(p.s.Sections, SummarySection{Source: Source{File: p.s.File, Line: n}})
		p.sec = &p.s.Sections[len(p.s.Sections)-1]
	}
	p.table, p.cols, p.last = table, nil, nil
	return true
}

// isRule reports whether t is a row of '=' or '-' only, at least ten long.
func isRule(t string) bool {
	if len(t) < 10 || (t[0] != '=' && t[0] != '-') {
		return false
	}
	return strings.Count(t, t[:1]) == len(t)
}

// summaryColumns reads a table's header row: "ID", "Filename" and the
// other column names, separated by two spaces or more.
func summaryColumns(line string) []summaryCol {
	var cols []summaryCol
	i := 0
	for i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i >= len(line) {
			break
		}
		j := i
		for j < len(line) && !(line[j] == ' ' && (j+1 >= len(line) || line[j+1] == ' ')) {
			j++
		}
		cols = append(cols, summaryCol{name: line[i:j], start: i})
		i = j
	}
	if len(cols) < 2 || cols[0].name != "ID" || cols[1].name != "Filename" {
		return nil
	}
	return cols
}

// cell returns the trimmed text of column c of line.
func (p *summaryParse) cell(line string, c int) string {
	start := p.cols[c].start
	if start >= len(line) {
		return ""
	}
	end := len(line)
	if c+1 < len(p.cols) && p.cols[c+1].start < end {
		end = p.cols[c+1].start
	}
	return strings.TrimSpace(line[start:end])
}

func (p *summaryParse) row(n int, line string) {
	if p.sec == nil {
		return
	}
	var f SummaryFile
	for c, col := range p.cols {
		v := p.cell(line, c)
		switch col.name {
		case "ID":
			f.ID = v
		case "Filename":
			f.Name = v
		case "Description":
			f.Description = v
		case "File Size":
			f.Size = v
		default: // "Reason Omitted", or a column not known
			if f.Reason == "" {
				f.Reason = v
			}
		}
	}
	// The chunk lengths as written, to tell a hard split: DART cuts an ID
	// or a name at its column's width less one; a column's width is the
	// distance to the next less the two spaces between.
	idLen, namLen := len(f.ID), len(f.Name)
	if l := p.last; l != nil && f.Description == "" && f.Size == "" {
		idFull := len(p.cols) > 1 && p.lastID >= p.cols[1].start-p.cols[0].start-3
		namFull := len(p.cols) > 2 && p.lastNam >= p.cols[2].start-p.cols[1].start-3
		if (f.ID == "" || idFull) && (f.Name == "" || namFull) {
			l.ID = clip(l.ID+f.ID, summaryMaxField)
			l.Name = clip(l.Name+f.Name, summaryMaxField)
			if f.Reason != "" {
				l.Reason = clip(strings.TrimSpace(l.Reason+" "+f.Reason), summaryMaxField)
			}
			p.lastID, p.lastNam = idLen, namLen
			return
		}
	}
	if p.rows >= summaryMaxRows {
		p.s.Truncated = true
		p.last = nil
		return
	}
	p.rows++
	f.ID, f.Name, f.Description = clip(f.ID, summaryMaxField), clip(f.Name, summaryMaxField), clip(f.Description, summaryMaxField)
	f.Size, f.Reason = clip(f.Size, summaryMaxField), clip(f.Reason, summaryMaxField)
	f.Source = Source{File: p.s.File, Line: n}
	var list *[]SummaryFile
	switch p.table {
	case sumIncluded:
		list = &p.sec.Included
	case sumOmitted:
		list = &p.sec.Omitted
	default:
		list = &p.sec.Requested
	}
	*list = append(*list, f)
	p.last = &(*list)[len(*list)-1]
	p.lastID, p.lastNam = idLen, namLen
}

// clip cuts s to at most n bytes, at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// ProfileCollection says what summary.txt tells of the client's XML
// profiles.
type ProfileCollection string

// What a bundle says of its profiles.
const (
	// ProfilesUnknown: there is no summary.txt, or it names no profile
	// file either way.
	ProfilesUnknown ProfileCollection = ""
	// ProfilesCollected: the summary lists a profile among the files
	// included.
	ProfilesCollected ProfileCollection = "collected"
	// ProfilesNoneFound: DART looked in the profile folder and found no
	// file: "No file found with path matching: .../Profile/*.xml". The
	// client has no profile.
	ProfilesNoneFound ProfileCollection = "none-found"
	// ProfilesNotCollected: the summary lists the profiles as omitted for
	// another reason (excluded by the bundle option, too large, not
	// readable) or as requested but not included. Whether the client has
	// a profile is unknown.
	ProfilesNotCollected ProfileCollection = "not-collected"
)

// A ProfileStatus is a ProfileCollection with the summary row it was read
// from.
type ProfileStatus struct {
	State  ProfileCollection `json:"state"`
	Text   string            `json:"text,omitempty"` // the row, as "name: reason" or "name (description)"
	Source Source            `json:"source,omitzero"`
}

// Profiles says what s tells of the client's XML profiles. A row names a
// profile when its pattern (the reason of a "No file found" row) or its
// file name is an .xml file in a folder named Profile, or an .xml file
// whose description says profile; AnyConnectLocalPolicy.xml and the
// preferences files are not profiles. When rows disagree, an included
// profile wins over an omission, and an omission for another reason wins
// over "none found": one profile file is enough to have a profile.
func (s *Summary) Profiles() ProfileStatus {
	var st ProfileStatus
	rank := map[ProfileCollection]int{ProfilesUnknown: 0, ProfilesNoneFound: 1, ProfilesNotCollected: 2, ProfilesCollected: 3}
	set := func(c ProfileCollection, f SummaryFile, text string) {
		if rank[c] > rank[st.State] {
			st = ProfileStatus{State: c, Text: text, Source: f.Source}
		}
	}
	for _, sec := range s.Sections {
		for _, f := range sec.Included {
			if summaryIsProfile(f.Name, f.Description) {
				set(ProfilesCollected, f, f.Name+" ("+f.Description+")")
			}
		}
		for _, f := range sec.Omitted {
			if pat, ok := strings.CutPrefix(f.Reason, summaryNoFile); ok {
				if summaryIsProfile(strings.TrimSpace(pat), f.Description) {
					set(ProfilesNoneFound, f, f.Reason)
				}
				continue
			}
			if summaryIsProfile(f.Name, f.Description) {
				set(ProfilesNotCollected, f, f.Name+": "+f.Reason)
			}
		}
		for _, f := range sec.Requested {
			if summaryIsProfile(f.Name, f.Description) {
				set(ProfilesNotCollected, f, f.Name+": requested but not included")
			}
		}
	}
	return st
}

// summaryIsProfile reports whether a summary row's path or name and its
// description name a client XML profile.
func summaryIsProfile(name, desc string) bool {
	l := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	if !strings.HasSuffix(l, ".xml") {
		return false
	}
	base := l[strings.LastIndexByte(l, '/')+1:]
	switch base {
	case "anyconnectlocalpolicy.xml", "preferences.xml", "preferences_global.xml":
		return false
	}
	if strings.Contains(l, "/profile/") || strings.Contains(l, "/profiles/") {
		return true
	}
	return strings.Contains(strings.ToLower(desc), "profile")
}

// commentHeader starts DART's comments.txt.
const commentHeader = "Comments from AnyConnect user:"

// factMaxComment bounds the user's comment kept: a few KiB say what the
// user saw; more is pasted logs.
const factMaxComment = 4 << 10

// addSummary reads summary.txt. The first one wins: a bundle has one.
func (b *FactBuilder) addSummary(f File, r io.Reader) error {
	s, err := ParseSummary(f.Name, b.reader(io.LimitReader(r, factMaxFileRead)))
	b.br.Reset(nil)
	// A bundle has one; of more, the first by name, whatever the order
	// files come in.
	if b.summary == nil || f.Name < b.summary.File {
		b.summary = s
	}
	return err
}

// addComment reads comments.txt: the header, then the user's text as typed.
func (b *FactBuilder) addComment(f File, r io.Reader) error {
	// Of more than one, the first by name, whatever the order.
	if b.comment.Source.File != "" && b.comment.Source.File <= f.Name {
		return nil
	}
	buf, err := io.ReadAll(io.LimitReader(r, int64(factMaxComment+len(commentHeader)+8)))
	text := strings.TrimPrefix(string(buf), "\uFEFF")
	text = strings.TrimPrefix(text, commentHeader)
	text = strings.TrimPrefix(strings.TrimPrefix(text, "\r"), "\n")
	c := Comment{Source: Source{File: f.Name, Line: 2}}
	if len(text) > factMaxComment {
		text, c.Truncated = clip(text, factMaxComment), true
	}
	c.Text = strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), " \t\r\n")
	b.comment = c
	if err != nil {
		return fmt.Errorf("%s: read: %w", f.Name, err)
	}
	return nil
}
