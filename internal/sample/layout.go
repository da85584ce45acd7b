package sample

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// A Layout is one way a Windows event log reaches a support engineer as
// text: DART's own export in its variants, Event Viewer's "Copy details as
// text" and "Save All Events As" (CSV, tab-delimited), wevtutil's
// /f:text, and PowerShell's Format-List of Get-WinEvent and Get-EventLog
// as Out-File writes it; each in one encoding. The layouts are written from
// the public descriptions of those tools, not from what dartkit's readers
// accept: the samples are made for the family of real exports.
type Layout struct {
	// Name is the text form and the encoding, as in
	// "dart-sep-before-crlf-tabs/utf-16le".
	Name string
	// NewestFirst is the order of the layout's own files
	// ([Windows.Layout], [Scenario.InLayout]): newest first, as Event
	// Viewer and PowerShell list events unless told otherwise, or oldest
	// first, as wevtutil does without /rd:true and as a user who sorts
	// the events gets them.
	NewestFirst bool

	form form
	enc  encoding
}

// Text forms of a Layout.
const (
	formDART       = iota // DART's text export
	formViewerCopy        // Event Viewer "Copy details as text"
	formWevtutil          // wevtutil qe /f:text
	formCSV               // Event Viewer "Save All Events As" CSV or tab-delimited text
	formWinEvent          // Get-WinEvent | Format-List | Out-File
	formEventLog          // Get-EventLog | Format-List | Out-File
	formStyle             // DART's export as an EventStyle writes it
)

// Where DART's export puts its rows of asterisks.
const (
	sepBefore  = iota // a row before each record, none after the last
	sepAfter          // a row after each record, none before the first
	sepBoth           // rows before and after each record: two between records
	sepAround         // a row before each record and one after the last
	sepBetween        // rows only between records
)

var sepNames = [...]string{"before", "after", "both", "around", "between"}

// What DART's export puts between a field's name and its colon.
const (
	padTabs    = iota // tabs to the column after "Description": "Date\t\t: "
	padSpace          // one space: "Date : "
	padAligned        // spaces to that column: "Date        : "
)

var padNames = [...]string{"tabs", "spaces", "aligned"}

// A form is the text of a layout, before encoding.
type form struct {
	name  string
	kind  int
	order bool       // Layout.NewestFirst
	style EventStyle // of formStyle

	// DART export.
	sep      int
	lf       bool // LF line endings instead of CRLF
	pad      int  // what goes between a field's name and its colon
	blank    bool // blank lines after the opening row, around the Description
	descNext bool // the Description's text starts on the line after "Description :"

	date  string // Go time layout of the event's date and time
	utc   bool   // the date is in UTC with a Z (newer wevtutil)
	comma byte   // the delimiter of formCSV
	// descSpace ends wevtutil's "Description:" line with a space.
	descSpace bool
	// PowerShell: the column Out-File wraps at, and whether words are kept
	// whole (English, French, German, Italian, Portuguese and Spanish
	// cultures) or lines are cut at the column (every other culture).
	width    int
	hardWrap bool
}

// dartForm returns DART's export with the separator rows at sep, the
// padding pad and the other choices given.
func dartForm(sep int, lf bool, pad int, blank, descNext, newestFirst bool) form {
	f := form{kind: formDART, sep: sep, lf: lf, pad: pad, blank: blank, descNext: descNext, order: newestFirst, date: "01/02/2006"}
	name := "dart-sep-" + sepNames[sep]
	name += map[bool]string{false: "-crlf", true: "-lf"}[lf]
	name += "-" + padNames[pad]
	if blank {
		name += "-blank"
	}
	if descNext {
		name += "-descnext"
	}
	f.name = name
	return f
}

// forms are the text forms, each written in every encoding. Dates follow
// the locale each export is imagined in: en-US (6/17/2020 8:21:57 PM), a
// dd-MMM-yy short date (17-Jun-20 8:21:57 PM), German (17.06.2020
// 20:21:57), Russian (17.06.2020 20:21:57, and no word wrapping in
// PowerShell), ISO in wevtutil.
var forms = []form{
	dartForm(sepAround, false, padTabs, true, false, true),
	dartForm(sepBefore, false, padTabs, false, false, false),
	dartForm(sepAfter, true, padSpace, false, false, true),
	dartForm(sepBoth, false, padSpace, true, false, false),
	dartForm(sepBetween, true, padTabs, false, true, true),
	dartForm(sepBefore, false, padSpace, true, true, true),
	dartForm(sepAround, true, padSpace, false, true, false),
	dartForm(sepAfter, false, padAligned, true, true, false),
	// The TechNote's own excerpt: short rows, "Function : " in the text.
	{name: "dart-technote", kind: formStyle, style: StyleTechNote, order: true},
	{name: "eventviewer-copy", kind: formViewerCopy, date: "1/2/2006 3:04:05 PM", order: true},
	{name: "wevtutil-text", kind: formWevtutil, date: "2006-01-02T15:04:05.000"},
	{name: "wevtutil-text-rd", kind: formWevtutil, date: "2006-01-02T15:04:05.0000000Z", utc: true, descSpace: true, order: true},
	{name: "eventviewer-csv", kind: formCSV, comma: ',', date: "1/2/2006 3:04:05 PM", order: true},
	{name: "eventviewer-csv-ddmmmyy", kind: formCSV, comma: ',', date: "02-Jan-06 3:04:05 PM", order: true},
	{name: "eventviewer-tsv-de", kind: formCSV, comma: '\t', date: "02.01.2006 15:04:05", order: true},
	{name: "pwsh-winevent-fl", kind: formWinEvent, date: "1/2/2006 3:04:05 PM", width: 80, order: true},
	{name: "pwsh-eventlog-fl-ru", kind: formEventLog, date: "02.01.2006 15:04:05", width: 79, hardWrap: true, order: true},
	{name: "pwsh-eventlog-fl", kind: formEventLog, date: "1/2/2006 3:04:05 PM", width: 80},
}

// An encoding is how a layout's text is stored.
type encoding int

const (
	encUTF8 encoding = iota
	encUTF8BOM
	encUTF16LE
	encUTF16BE
)

var encNames = [...]string{"utf-8", "utf-8-bom", "utf-16le", "utf-16be"}

// Layouts returns every layout: each text form in UTF-8, UTF-8 with a
// byte-order mark, and UTF-16 little- and big-endian with one.
func Layouts() []Layout {
	var out []Layout
	for _, f := range forms {
		for e := range encNames {
			out = append(out, Layout{Name: f.name + "/" + encNames[e], NewestFirst: f.order, form: f, enc: encoding(e)})
		}
	}
	return out
}

// LayoutByName returns the layout called name.
func LayoutByName(name string) (Layout, bool) {
	for _, l := range Layouts() {
		if l.Name == name {
			return l, true
		}
	}
	return Layout{}, false
}

// eol returns the layout's line ending.
func (f *form) eol() string {
	if f.kind == formDART && f.lf {
		return "\n"
	}
	return "\r\n"
}

// Begin returns what precedes the first record: the CSV header, the blank
// lines PowerShell writes before a list; empty for the other layouts.
func (l Layout) Begin() []byte {
	f := &l.form
	switch f.kind {
	case formCSV:
		c := string(f.comma)
		return []byte("Level" + c + "Date and Time" + c + "Source" + c + "Event ID" + c + "Task Category\r\n")
	case formWinEvent, formEventLog:
		return []byte("\r\n\r\n")
	}
	return nil
}

// End returns what follows the last record.
func (l Layout) End() []byte {
	f := &l.form
	switch {
	case f.kind == formDART && f.sep == sepAround:
		return []byte(dartRow + f.eol())
	case f.kind == formStyle:
		return AppendEventEnd(nil, f.style)
	case f.kind == formWinEvent, f.kind == formEventLog:
		return []byte("\r\n\r\n")
	}
	return nil
}

// dartRow is the row of asterisks of DART's export.
const dartRow = "******************************************"

// AppendEvent appends e in the layout's text, UTF-8, to b. b must hold what
// the file holds before the record (Begin's output and the records before
// it): some layouts write the first record differently (DART's rows only
// between records) or number the records (wevtutil). A writer that flushes
// its buffer as it goes uses [Layout.AppendEventN] instead.
func (l Layout) AppendEvent(b []byte, e Event) []byte {
	n := 0
	if len(b) > len(l.Begin()) {
		n = 1
		if l.form.kind == formWevtutil {
			n = wevtutilIndex(b)
		}
	}
	return l.AppendEventN(b, e, n)
}

// AppendEventN appends e, the n-th record of its file counting from 0, in
// the layout's text, UTF-8, to b, whatever b holds.
func (l Layout) AppendEventN(b []byte, e Event, n int) []byte {
	f := &l.form
	first := n == 0
	switch f.kind {
	case formDART:
		return f.appendDART(b, e, first)
	case formViewerCopy:
		return f.appendViewerCopy(b, e, first)
	case formWevtutil:
		return f.appendWevtutil(b, e, n)
	case formCSV:
		return f.appendCSV(b, e)
	case formWinEvent:
		return f.appendWinEvent(b, e)
	case formEventLog:
		return f.appendEventLog(b, e)
	case formStyle:
		return AppendEvent(b, e, f.style)
	}
	panic("sample: unknown layout form")
}

// lines returns the body's lines.
func lines(body string) []string { return strings.Split(body, "\n") }

func (f *form) appendDART(b []byte, e Event, first bool) []byte {
	nl := f.eol()
	line := func(parts ...string) {
		for _, p := range parts {
			b = append(b, p...)
		}
		b = append(b, nl...)
	}
	if f.sep == sepBefore || f.sep == sepBoth || f.sep == sepAround || f.sep == sepBetween && !first {
		line(dartRow)
	}
	if f.blank {
		line()
	}
	key := func(k string) string {
		switch f.pad {
		case padSpace:
			return k + " :"
		case padAligned:
			return k + strings.Repeat(" ", len("Description ")-len(k)) + ":"
		}
		// Tabs to the column after "Description" (tab stops of 8).
		if len(k) < 8 {
			return k + "\t\t:"
		}
		return k + "\t:"
	}
	line(key("Date"), " ", e.Time.Format(f.date))
	line(key("Time"), " ", e.Time.Format("15:04:05"))
	line(key("Type"), " ", e.Type)
	line(key("Source"), " ", e.Source)
	if f.blank {
		line()
	}
	body := lines(e.Body)
	if f.descNext {
		line(key("Description"))
	} else {
		line(key("Description"), " ", body[0])
		body = body[1:]
	}
	for _, s := range body {
		line(s)
	}
	if f.blank {
		line()
	}
	if f.sep == sepAfter || f.sep == sepBoth {
		line(dartRow)
	}
	return b
}

// computer is the host the exports name.
const computer = "WIN10-LAB-07.lab.example.com"

// channel returns the log an event of source src is in.
func channel(src string) string {
	switch {
	case strings.HasPrefix(src, "csc_"):
		return "Cisco Secure Client - AnyConnect VPN"
	case strings.HasPrefix(src, "acvpn"), strings.HasPrefix(src, "acweb"):
		return "Cisco AnyConnect Secure Mobility Client"
	}
	return "Application"
}

// eventID returns the event ID a source logs e with. AnyConnect's IDs
// depend on the message; these are IDs its components are known to use.
func eventID(e Event) int {
	switch strings.TrimPrefix(strings.TrimPrefix(e.Source, "csc_"), "ac") {
	case "vpnagent":
		return 2048
	case "vpnui":
		return 3021
	case "vpnapi":
		return 3026
	case "vpndownloader":
		return 5005
	case "MsiInstaller":
		return 11707
	}
	return 1000
}

// qualifiers returns the classic event qualifiers of an event of type typ.
func qualifiers(typ string) int {
	if typ == "Error" {
		return 9216
	}
	return 25600
}

// level returns the Event XML level of an event type.
func level(typ string) int {
	switch typ {
	case "Error":
		return 2
	case "Warning":
		return 3
	}
	return 4
}

// recordID returns an event record number for e: the numbers grow with
// time, as the log assigns them.
func recordID(e Event) int64 {
	return 20000 + int64(e.Time.Sub(TechNoteStart.Add(-90*24*time.Hour))/time.Second)
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (f *form) appendViewerCopy(b []byte, e Event, first bool) []byte {
	line := func(parts ...string) {
		for _, p := range parts {
			b = append(b, p...)
		}
		b = append(b, "\r\n"...)
	}
	if !first {
		line() // copies pasted one after another
	}
	id := strconv.Itoa(eventID(e))
	line("Log Name:      ", channel(e.Source))
	line("Source:        ", e.Source)
	line("Date:          ", e.Time.Format(f.date))
	line("Event ID:      ", id)
	line("Task Category: None")
	line("Level:         ", e.Type)
	line("Keywords:      Classic")
	line("User:          N/A")
	line("Computer:      ", computer)
	line("Description:")
	for _, s := range lines(e.Body) {
		line(s)
	}
	line("Event Xml:")
	line(`<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`)
	line("  <System>")
	line(`    <Provider Name="`, e.Source, `" />`)
	line(`    <EventID Qualifiers="`, strconv.Itoa(qualifiers(e.Type)), `">`, id, "</EventID>")
	line("    <Level>", strconv.Itoa(level(e.Type)), "</Level>")
	line("    <Task>0</Task>")
	line("    <Keywords>0x80000000000000</Keywords>")
	line(`    <TimeCreated SystemTime="`, e.Time.UTC().Format("2006-01-02T15:04:05.000000000Z"), `" />`)
	line("    <EventRecordID>", strconv.FormatInt(recordID(e), 10), "</EventRecordID>")
	line("    <Channel>", channel(e.Source), "</Channel>")
	line("    <Computer>", computer, "</Computer>")
	line("    <Security />")
	line("  </System>")
	line("  <EventData>")
	// The message is one Data string; its line breaks stay in the XML.
	line("    <Data>", strings.ReplaceAll(xmlEscape(e.Body), "\n", "\r\n"), "</Data>")
	line("  </EventData>")
	line("</Event>")
	return b
}

// wevtutilIndex returns the number of the next "Event[N]:" block after b.
func wevtutilIndex(b []byte) int {
	i := bytes.LastIndex(b, []byte("\nEvent["))
	if i < 0 {
		if !bytes.HasPrefix(b, []byte("Event[")) {
			return 0
		}
	} else {
		b = b[i+1:]
	}
	b = b[len("Event["):]
	j := bytes.IndexByte(b, ']')
	n, err := strconv.Atoi(string(b[:max(j, 0)]))
	if err != nil {
		panic("sample: wevtutil block without a number")
	}
	return n + 1
}

func (f *form) appendWevtutil(b []byte, e Event, n int) []byte {
	line := func(parts ...string) {
		for _, p := range parts {
			b = append(b, p...)
		}
		b = append(b, "\r\n"...)
	}
	if n > 0 {
		line()
	}
	t := e.Time
	if f.utc {
		t = t.UTC()
	}
	line("Event[", strconv.Itoa(n), "]:")
	line("  Log Name: ", channel(e.Source))
	line("  Source: ", e.Source)
	line("  Date: ", t.Format(f.date))
	line("  Event ID: ", strconv.Itoa(eventID(e)))
	line("  Task: None")
	line("  Level: ", e.Type)
	line("  Opcode: Info")
	line("  Keyword: Classic")
	line("  User: N/A")
	line("  User Name: N/A")
	line("  Computer: ", computer)
	if f.descSpace {
		line("  Description: ")
	} else {
		line("  Description:")
	}
	for _, s := range lines(e.Body) {
		line(s)
	}
	return b
}

// csvField returns s as a field of a delimited file: quoted, with its
// quotes doubled, when it holds the delimiter, a quote or a line break.
func csvField(s string, comma byte) string {
	if !strings.ContainsAny(s, string(comma)+"\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func (f *form) appendCSV(b []byte, e Event) []byte {
	c := f.comma
	b = append(b, e.Type...)
	b = append(b, c)
	b = append(b, e.Time.Format(f.date)...)
	b = append(b, c)
	b = append(b, csvField(e.Source, c)...)
	b = append(b, c)
	b = strconv.AppendInt(b, int64(eventID(e)), 10)
	b = append(b, c)
	b = append(b, "None"...)
	b = append(b, c)
	b = append(b, csvField(strings.ReplaceAll(e.Body, "\n", "\r\n"), c)...)
	return append(b, "\r\n"...)
}

// appendList appends one object of PowerShell's list view: each label
// padded to the longest, " : ", the value; a value's own lines and the
// pieces it is wrapped into continue under the value column.
func (f *form) appendList(b []byte, labels, values []string) []byte {
	w := 0
	for _, l := range labels {
		w = max(w, len(l))
	}
	col := w + len(" : ")
	for i, l := range labels {
		pad := strings.Repeat(" ", col)
		for j, s := range lines(values[i]) {
			for k, piece := range f.wrap(s, f.width-col) {
				if j == 0 && k == 0 {
					b = append(b, l...)
					b = append(b, strings.Repeat(" ", w-len(l))...)
					b = append(b, " : "...)
				} else {
					b = append(b, pad...)
				}
				b = append(b, piece...)
				b = append(b, "\r\n"...)
			}
		}
	}
	return append(b, "\r\n"...)
}

// wrap splits a line into the pieces Out-File writes for a field n
// columns wide. Word wrapping keeps each word with the space after it and
// cuts only words longer than a line; hard wrapping cuts every n columns.
// (The text here is ASCII: one column per byte.)
func (f *form) wrap(s string, n int) []string {
	if len(s) <= n {
		return []string{s}
	}
	var out []string
	if f.hardWrap {
		for len(s) > n {
			out = append(out, s[:n])
			s = s[n:]
		}
		return append(out, s)
	}
	var cur []byte
	left := n
	for _, w := range splitWords(s) {
		if len(w) > n {
			for i := 0; i < len(w); i++ {
				if left < 1 {
					out = append(out, string(cur))
					cur, left = cur[:0], n
				}
				cur = append(cur, w[i])
				left--
			}
			continue
		}
		if len(w) > left {
			out = append(out, string(cur))
			cur, left = cur[:0], n
		}
		cur = append(cur, w...)
		left -= len(w)
	}
	return append(out, string(cur))
}

// splitWords splits s after each space or tab, the delimiter staying with
// the word before it.
func splitWords(s string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
}

func (f *form) appendWinEvent(b []byte, e Event) []byte {
	return f.appendList(b,
		[]string{"TimeCreated", "ProviderName", "Id", "Message"},
		[]string{e.Time.Format(f.date), e.Source, strconv.Itoa(eventID(e)), e.Body})
}

func (f *form) appendEventLog(b []byte, e Event) []byte {
	t := e.Time.Format(f.date)
	return f.appendList(b,
		[]string{"Index", "EntryType", "InstanceId", "Message", "Category", "CategoryNumber", "ReplacementStrings", "Source", "TimeGenerated", "TimeWritten", "UserName"},
		[]string{strconv.FormatInt(recordID(e), 10), e.Type, strconv.Itoa(qualifiers(e.Type)<<16 | eventID(e)), e.Body, "(0)", "0", "{" + e.Body + "}", e.Source, t, t, ""})
}

// Encode returns text, UTF-8, in the layout's encoding. first says the text
// starts the file, where a byte-order mark goes.
func (l Layout) Encode(text []byte, first bool) []byte {
	switch l.enc {
	case encUTF8:
		return text
	case encUTF8BOM:
		if first {
			return append([]byte("\xEF\xBB\xBF"), text...)
		}
		return text
	}
	u := utf16.Encode([]rune(string(text)))
	out := make([]byte, 0, 2+2*len(u))
	if first {
		u = append([]uint16{0xFEFF}, u...)
	}
	for _, c := range u {
		if l.enc == encUTF16LE {
			out = append(out, byte(c), byte(c>>8))
		} else {
			out = append(out, byte(c>>8), byte(c))
		}
	}
	return out
}

// Render returns a whole file of events in the layout, encoded: oldest
// first, or newest first with newestFirst.
func (l Layout) Render(events []Event, newestFirst bool) []byte {
	ev := slices.Clone(events)
	slices.SortStableFunc(ev, func(a, b Event) int {
		if newestFirst {
			return b.Time.Compare(a.Time)
		}
		return a.Time.Compare(b.Time)
	})
	b := l.Begin()
	for _, e := range ev {
		b = l.AppendEvent(b, e)
	}
	b = append(b, l.End()...)
	return l.Encode(b, true)
}
