package logparse

import (
	"encoding/binary"
	"io"
	"iter"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A PowerShellReader reads the event-log output of PowerShell's
// Get-WinEvent and Get-EventLog as Format-List and the default table views
// print it, often saved with Out-File. It reads list blocks,
//
//	TimeCreated  : 6/17/2020 8:21:57 PM
//	ProviderName : acvpnagent
//	Id           : 2048
//	Message      : Function: CDNSRequest::OnSocketReadComplete
//	               File: c:\temp\build\...\dnsrequest.cpp
//	               Line: 1147
//	               Timeout (per request) while trying to resolve [A] query
//	               mus.cisco.com via DNS server 10.88.240.69 (timeout=11000ms)
//
// whatever properties they hold and in whatever order (Format-List *
// prints them all), and tables,
//
//	   ProviderName: acvpnagent
//
//	TimeCreated                     Id LevelDisplayName Message
//	-----------                     -- ---------------- -------
//	6/17/2020 8:21:57 PM          2048 Warning          Function: CDNSRequest::OnSocketReadComplete...
//
//	   Index Time          EntryType   Source                 InstanceID Message
//	   ----- ----          ---------   ------                 ---------- -------
//	    1042 Jun 17 20:21  Warning     acvpnagent             2147485696 Function: CDNSRequest::OnSocketReadComplete...
//
// Property names are matched without regard to case. The time is
// TimeCreated (Get-WinEvent) or TimeGenerated (Get-EventLog), in the forms
// Windows writes dates in its locales, in Options.Location; Get-EventLog's
// table gives no year nor seconds ("Jun 17 20:21"), and the year is chosen
// as for BSD syslog (see Options.Reference). The source is ProviderName or
// Source, or the "ProviderName:" line above a Get-WinEvent table. The level
// is LevelDisplayName or EntryType, in English or translated as for
// EventCSVReader, else the number in Level. The event ID is the low 16
// bits of Id, EventID or InstanceId, the ID Event Viewer shows:
// Get-EventLog's EventID and InstanceId carry the severity and qualifiers
// of classic events above them. The host is MachineName, and the message
// is Message, with the debug header split off by ParseHeader. Other
// properties are read past.
//
// In a list, a record ends where one of its properties comes again, or
// at the end of the input. Lines indented to the column of the values
// continue the value above; blank lines inside a message are kept when
// more of it follows. PowerShell wraps values at the width of its output
// (80 columns for Out-File unless -Width is given, the console's width
// otherwise) and the width is not written down, so the reader infers where
// a line was wrapped rather than broken in the message, from the widest
// line known (those read, and those of the rest of the block of input:
// 256 KiB, or the whole lines of a buffer that a BlockReader lent, see
// recycle.go). In English, French, German, Italian, Portuguese
// and Spanish, PowerShell wraps between words and keeps the blank at the
// end of the line: a line that ends in a blank where the first word of
// the next would not have fit is joined to it. It cuts only a word longer
// than the values' column, where the line is full: a line at least 79
// columns wide that is the widest known, and whose last word and the next
// line's first are together that long, is joined to the next. In other
// languages it cuts every line where it is full; a file is taken as cut
// so once a line as wide as the widest is followed by one that starts
// with a blank, or with lower-case letters going on from a letter or
// digit, and from then on every such line is joined to the next. A line that starts a debug
// header field ("File:", "Line:", ...) is never joined. A message line
// that happens to be exactly as wide as the output, or that ends in a
// blank of its own, may so be joined with the next; in a file cut without
// regard to words, a cut before its first sign keeps a line break.
//
// In a table, each row is a record. Cells are cut at the column
// boundaries that the row of dashes under the header marks; numbers are
// right-aligned. PowerShell shows a table cell's first line only, and cuts
// it at the column's or the output's width, ending it with "..." (Windows
// PowerShell) or "…" (PowerShell 7); Record.Message (and Record.Source,
// in Get-EventLog's 20 columns) keeps that mark, by which a caller tells a
// message that was cut: the rest was never written, so it is no error,
// and the debug header of a cut message is mostly not there to split.
// Lines of a row wrapped by Format-Table -Wrap, blank up to the message
// column, continue its message.
//
// Problems are reported as *ParseError: ErrBadTime with the record for a
// time that does not parse, ErrMalformed with the record for a record
// without a time, and ErrMalformed alone for a line that is none of the
// above (a prompt, a title); ErrTooLarge when a message passes
// Options.MaxRecordSize (the rest is dropped).
//
// When the analysis sets it up to reuse memory (see recycle.go), a
// PowerShellReader writes new input over the memory of the input it has
// read, and reads the buffers of a BlockReader without a copy, but its
// records never share that memory: they may be kept as they are.
type PowerShellReader struct {
	cfg     config
	lr      *lineReader
	q       queue
	read    Record // made in place by ReadInto for Read to return
	done    error
	sources interner
	hosts   interner
	orders  dateOrders
	times   timeMemo
	looked  bool // order looked ahead
	text    arena
	later   []error
	limit   time.Time // latest plausible time of a year-less record

	// Set up to reuse memory, lr writes new input over its blocks, or
	// reads them from the buffers a BlockReader lends, once the records
	// cut from them are released. The records hold copies of what they
	// take from the input (see endMsg), so no block waits for them: cut,
	// the records that lr counts, stays zero. Records of a thousand bytes
	// of input, as Get-EventLog's lists with their ReplacementStrings, would
	// otherwise hold megabytes of blocks for a window of records.
	cut counts

	widest int // the widest line so far, in characters
	// ahead is the widest line of the rest of the block of input numbered
	// aheadSeq, from where it was measured; aheadSeq is -1 before.
	ahead, aheadSeq int

	// The record being read; line is 0 when there is none.
	line     int
	seen     uint32 // the properties met, a bit each
	nprops   int    // the lines of a list that named a property in it
	keys     psKeyCache
	vals     [psNProps]string
	valueCol int
	prop     int    // the property whose value continuation lines add to, or -1
	inMsg    bool   // a message is being read
	blanks   int    // blank lines after the message's last line
	msgStr   string // the message while it is one piece of a line
	msgCopy  bool   // the message is being built in text
	prevW    int    // width of the value's last line (its length where that is less, see step)
	prevTail string // the blanks that line ended in
	prevText string // that line without its trailing blanks
	// hardWrap tells that PowerShell cut this file's lines at the width
	// without regard to words, as it does in most languages.
	hardWrap bool
	tooLarge bool

	// Tables.
	cols     []psColumn // the columns of the table being read; nil outside
	group    string     // the source a "ProviderName:" line names
	held     bool       // a line is held (see hold)
	heldText string
	heldLine int
	afterGap bool // a blank line came since the last row
}

// Properties a PowerShellReader uses, by their bit in seen.
const (
	psTime = iota
	psTimeGenerated
	psTimeWritten
	psSource
	psID
	psEventID
	psInstanceID
	psLevelName
	psLevel
	psHost
	psMessage
	psNProps
	psOther = psNProps // a property not used
)

func psPropOf(name string) int {
	if name == "" {
		return psOther
	}
	// Most lines name a property not used: tell most of them by their
	// first letter.
	switch name[0] | 0x20 {
	case 't':
		switch {
		case equalFold(name, "TimeCreated"):
			return psTime
		case equalFold(name, "TimeGenerated"), equalFold(name, "Time"):
			return psTimeGenerated
		case equalFold(name, "TimeWritten"):
			return psTimeWritten
		}
	case 'p', 's':
		if equalFold(name, "ProviderName") || equalFold(name, "Source") {
			return psSource
		}
	case 'i':
		switch {
		case equalFold(name, "Id"):
			return psID
		case equalFold(name, "InstanceId"):
			return psInstanceID
		}
	case 'e':
		switch {
		case equalFold(name, "EventID"):
			return psEventID
		case equalFold(name, "EntryType"):
			return psLevelName
		}
	case 'l':
		switch {
		case equalFold(name, "LevelDisplayName"):
			return psLevelName
		case equalFold(name, "Level"):
			return psLevel
		}
	case 'm':
		switch {
		case equalFold(name, "MachineName"):
			return psHost
		case equalFold(name, "Message"):
			return psMessage
		}
	}
	return psOther
}

// A psColumn is a column of a table: the span of the dashes under its
// name, and the property it holds.
type psColumn struct {
	start, end int
	prop       int
	right      bool // numbers, aligned right
}

// NewPowerShellReader returns a reader of the PowerShell output in r. A nil
// opts means the default Options.
func NewPowerShellReader(r io.Reader, opts *Options) *PowerShellReader {
	return newPowerShellReader(r, newConfig(opts))
}

func newPowerShellReader(r io.Reader, c config) *PowerShellReader {
	ps := &PowerShellReader{cfg: c, lr: newLineReader(r, c), prop: -1, aheadSeq: -1, limit: c.ref.Add(48 * time.Hour).In(c.loc)}
	ps.lr.reuseAfter(c.reuse, &ps.cut, ps.detach)
	ps.text.reuseAfter(c.reuse, &ps.q.n)
	return ps
}

// detach copies the strings of the record being read, and those of the
// line before that wrapped reads, which may point into the block of input
// being left (see cut).
func (r *PowerShellReader) detach() {
	for i, v := range r.vals {
		r.vals[i] = strings.Clone(v)
	}
	r.msgStr = strings.Clone(r.msgStr)
	r.prevTail, r.prevText = strings.Clone(r.prevTail), strings.Clone(r.prevText)
}

// All returns a single-use iterator over the remaining records, as described
// by RecordReader.
func (r *PowerShellReader) All() iter.Seq2[Record, error] { return all(r.Read) }

// Read returns the next record, as described by RecordReader and
// PowerShellReader.
func (r *PowerShellReader) Read() (Record, error) {
	err := r.ReadInto(&r.read)
	return r.read, err
}

// ReadInto stores the next record in *dst, as described by RecordReader.
func (r *PowerShellReader) ReadInto(dst *Record) error {
	// The loop of readInto, with step called directly, as
	// EventLogReader.ReadInto does: a record takes ten lines or more.
	for {
		if ok, err := r.q.take(dst); ok {
			return err
		}
		if r.done != nil {
			*dst = Record{}
			return r.done
		}
		r.q.dst = dst
		r.step()
		r.q.dst = nil
	}
}

// step reads one line, or the lines of a list that listLines reads at
// once (see powershelllist.go).
func (r *PowerShellReader) step() {
	if r.listLines() {
		return
	}
	line, err := r.lr.next()
	if err != nil {
		r.release()
		if pe, ok := err.(*ParseError); ok {
			r.q.deferError(&r.later, r.line > 0, pe)
			return
		}
		r.finish()
		if err != io.EOF {
			r.q.push(Record{}, err)
		}
		r.done = err
		return
	}
	raw := r.raw(line)
	// The width of a line is wanted where it may be the widest, or where
	// it ends in a blank (see wrapped); elsewhere its length, which is no
	// less, tells as much.
	w := len(raw)
	if w >= r.widest-1 || w > len(line) {
		w = width(raw)
		r.widest = max(r.widest, w)
	}
	if line == "" {
		if r.inMsg {
			r.blanks++
		}
		if r.cols != nil {
			r.afterGap = true
		}
		return
	}
	if r.held {
		if isDashes(line) {
			r.held = false
			r.finish()
			r.setTable(r.heldText, line)
			return
		}
		r.release()
	}
	indent := indentOf(line)
	if r.continues(indent) {
		r.lineAt(line, raw, indent, w, r.lr.n) // most lines: no group's heading
		return
	}
	if _, val, ok := psGroup(line); ok {
		r.finish()
		r.cols, r.group = nil, r.sources.get(val)
		return
	}
	if r.cols != nil && r.afterGap {
		r.hold(line) // a table's header, a row, or a list
		return
	}
	r.lineAt(line, raw, indent, w, r.lr.n)
}

// continues reports whether a line of that indent continues the value of
// a list's property.
func (r *PowerShellReader) continues(indent int) bool {
	return r.cols == nil && r.line > 0 && r.prop >= 0 && indent >= r.valueCol
}

// lineAt reads line n, which is not blank, a group's heading nor a held
// line; indent is the width of the blanks it starts with.
func (r *PowerShellReader) lineAt(line, raw string, indent, w, n int) {
	if r.cols != nil {
		r.tableLine(line, raw, indent, w, n)
		return
	}
	if indent == 0 {
		if p, val, col, ok := r.keys.split(line, r.nprops); ok {
			r.property(p, val, col, raw, w, n)
			return
		}
	}
	if r.line > 0 && r.prop >= 0 && indent >= r.valueCol {
		r.continueValue(line[r.valueCol:], raw, w)
		return
	}
	if r.line == 0 && n == r.lr.n {
		r.hold(line) // perhaps a table's header
		return
	}
	r.q.deferError(&r.later, r.line > 0, &ParseError{Pos: Position{r.cfg.file, n}, Err: ErrMalformed,
		Msg: "not a PowerShell line: " + quote(line)})
}

// hold keeps line, which may head a table, until the next line tells.
func (r *PowerShellReader) hold(line string) {
	r.held, r.heldText, r.heldLine = true, strings.Clone(line), r.lr.n
}

// release reads the line held by hold as what it is when no row of dashes
// follows it: a table row, a list's line, or a line that is not
// PowerShell's.
func (r *PowerShellReader) release() {
	if !r.held {
		return
	}
	line, n := r.heldText, r.heldLine
	r.held, r.afterGap = false, false
	if r.cols != nil {
		if _, _, _, ok := psKey(line); ok {
			r.finish()
			r.cols = nil // a list after the table
		}
	}
	if r.cols == nil && r.line == 0 {
		if _, _, _, ok := psKey(line); !ok {
			r.q.push(Record{}, &ParseError{Pos: Position{r.cfg.file, n}, Err: ErrMalformed,
				Msg: "not a PowerShell line: " + quote(line)})
			return
		}
	}
	r.lineAt(line, line, len(line)-len(trimLeft(line)), width(line), n)
}

// raw returns the line last read with its trailing blanks, which tell
// where PowerShell wrapped a value.
func (r *PowerShellReader) raw(line string) string {
	l := r.lr
	if l.at < 0 || l.at+len(line) > len(l.block) {
		return line
	}
	end := l.pos
	if end > l.at && end <= len(l.block) && l.block[end-1] == '\n' {
		end--
	}
	if end > l.at && l.block[end-1] == '\r' {
		end--
	}
	if end < l.at+len(line) {
		return line
	}
	return l.block[l.at:end]
}

// indentOf returns the length of the blanks that line starts with. The
// lines that continue a value start with many: it tells spaces a word at
// a time.
func indentOf(line string) int {
	i := 0
	for i+8 <= len(line) && binary.LittleEndian.Uint64([]byte(line[i:i+8])) == 0x2020202020202020 {
		i += 8
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// blanks8 returns the high bit of each byte of x that is a blank (a space
// or a tab), and no other bit.
func blanks8(x uint64) uint64 {
	const low7, high = 0x7F7F7F7F7F7F7F7F, 0x8080808080808080
	sp, tab := x^0x2020202020202020, x^0x0909090909090909
	// A byte's high bit is clear in (b&0x7F + 0x7F) | b when b is zero
	// only, and the sum does not carry into the next byte.
	return ^(((sp&low7 + low7) | sp) & ((tab&low7 + low7) | tab)) & high
}

// width returns the width of s in characters. Most lines are ASCII, which
// it tells 32 bytes at a time, then a word at a time.
func width(s string) int {
	const high = 0x8080808080808080
	i := 0
	for ; i+32 <= len(s); i += 32 {
		w := s[i : i+32]
		if (binary.LittleEndian.Uint64([]byte(w))|binary.LittleEndian.Uint64([]byte(w[8:]))|
			binary.LittleEndian.Uint64([]byte(w[16:]))|binary.LittleEndian.Uint64([]byte(w[24:])))&high != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&high != 0 {
			return i + utf8.RuneCountInString(s[i:])
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i + utf8.RuneCountInString(s[i:])
		}
	}
	return len(s)
}

// lastBlank returns the index of the last blank in s, or -1. The words
// before a blank are long in the lines it is asked about: it looks at
// eight bytes at a time.
func lastBlank(s string) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		if b := blanks8(binary.LittleEndian.Uint64([]byte(s[i-8 : i]))); b != 0 {
			return i - 1 - bits.LeadingZeros64(b)/8
		}
	}
	for i--; i >= 0; i-- {
		if s[i] == ' ' || s[i] == '\t' {
			return i
		}
	}
	return -1
}

// firstBlank returns the index of the first blank in s, or -1, looking at
// eight bytes at a time.
func firstBlank(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if b := blanks8(binary.LittleEndian.Uint64([]byte(s[i : i+8]))); b != 0 {
			return i + bits.TrailingZeros64(b)/8
		}
	}
	for ; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\t' {
			return i
		}
	}
	return -1
}

// psKey splits a Format-List line "Name   : value": a name of letters,
// digits, dots and underscores at the start of the line, blanks, a colon
// and a blank or the end of the line. col is where the value starts.
func psKey(line string) (name, val string, col int, ok bool) {
	i := 0
	for i < len(line) && psNameByte(line[i]) {
		i++
	}
	if i == 0 || i > 64 {
		return "", "", 0, false
	}
	name = line[:i]
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i == len(name) || i >= len(line) || line[i] != ':' {
		return "", "", 0, false
	}
	if i+1 < len(line) && line[i+1] != ' ' {
		return "", "", 0, false
	}
	col = i + 2
	if col >= len(line) {
		return name, "", col, true
	}
	return name, line[col:], col, true
}

// A psKeyCache remembers, for each of the first lines of a list's record
// that name a property, the start of the last such line read there, up
// to its value ("TimeCreated  : "), and the property. The records of a list
// name the same properties in the same order, and a line that starts with
// that text names that property, with its value after it, as psKey finds.
type psKeyCache [16]struct {
	n      int // of prefix; 0 when none is kept
	prefix [48]byte
	prop   int
}

// split splits line, which names the nth property of its record (from 0)
// if any, as psKey does, and returns its property as psPropOf does.
func (c *psKeyCache) split(line string, nth int) (prop int, val string, col int, ok bool) {
	if nth < len(c) {
		e := &c[nth]
		if e.n > 0 && len(line) >= e.n && line[:e.n] == string(e.prefix[:e.n]) {
			return e.prop, line[e.n:], e.n, true
		}
	}
	name, val, col, ok := psKey(line)
	if !ok {
		return psOther, "", 0, false
	}
	prop = psPropOf(name)
	if nth < len(c) {
		e := &c[nth]
		e.n, e.prop = 0, prop
		if col <= len(line) && col <= len(e.prefix) {
			e.n = copy(e.prefix[:], line[:col])
		}
	}
	return prop, val, col, true
}

func psNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

// psGroup splits the line that heads a group of a table, "   ProviderName: acvpnagent".
func psGroup(line string) (name, val string, ok bool) {
	s := trimLeft(line)
	if len(s) == len(line) {
		return "", "", false
	}
	i := strings.Index(s, ": ")
	if i <= 0 || strings.IndexByte(s[:i], ' ') >= 0 {
		return "", "", false
	}
	name = s[:i]
	if psPropOf(name) != psSource {
		return "", "", false
	}
	return name, trimSpace(s[i+2:]), true
}

// isDashes reports whether line is the row of dashes under a table's
// header.
func isDashes(line string) bool {
	s := trimLeft(line)
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '-' && s[i] != ' ' {
			return false
		}
	}
	return true
}

// property reads a list line with the property p and its value; col is
// the value's column, raw the line with its trailing blanks and w its
// width.
func (r *PowerShellReader) property(p int, val string, col int, raw string, w, n int) {
	if r.line > 0 && p < psNProps && r.seen&(1<<p) != 0 {
		r.finish()
	}
	if r.line == 0 {
		r.line = n
	}
	r.nprops++
	r.endMsg()
	r.valueCol, r.prop = col, p
	if p != psMessage {
		r.setPrev(val, raw, w)
	}
	if p >= psNProps {
		return
	}
	r.seen |= 1 << p
	if p != psMessage {
		r.vals[p] = val
		return
	}
	r.startMsg(val, raw, w)
}

// startMsg starts the message with its first line.
func (r *PowerShellReader) startMsg(val, raw string, w int) {
	r.inMsg, r.blanks, r.tooLarge = true, 0, false
	if r.msgCopy {
		r.text.build() // anew, as a message not ended would have been
	}
	r.vals[psMessage] = ""
	r.addMsg(val)
	r.setPrev(val, raw, w)
}

// setPrev notes what wrapped needs of the value's line s, which is raw
// with its trailing blanks, of width w.
func (r *PowerShellReader) setPrev(s, raw string, w int) {
	r.prevW, r.prevTail = w, raw[len(trimRight(raw)):]
	r.prevText = s // its last word is measured only where a line is full
}

// continueValue adds a continuation line s of the value being read; raw is
// the whole line with its trailing blanks and w its width.
func (r *PowerShellReader) continueValue(s, raw string, w int) {
	if !r.inMsg {
		// A property not used; its wraps still tell how the file's
		// lines were wrapped, where they were cut at the width (see
		// hardWrap): that is all wrapped can learn of them.
		if r.prevTail == "" && !r.hardWrap && showsCut(r.prevText, s) {
			r.wrapped(s)
		}
		r.setPrev(s, raw, w)
		return
	}
	sep := "\n"
	switch {
	case r.blanks > 0:
		for range r.blanks {
			r.addMsg("\n")
		}
	case r.wrapped(s):
		sep = r.prevTail
	}
	r.blanks = 0
	if r.msgCopy && r.text.size()+len(sep)+len(s) <= r.cfg.maxRecord {
		r.text.add(sep) // as addMsg does, for most lines
		r.text.add(s)
	} else {
		r.addMsg(sep)
		r.addMsg(s)
	}
	r.setPrev(s, raw, w)
}

// wrapped reports whether PowerShell wrapped the value's last line before
// the continuation line s, rather than the message breaking there (see
// PowerShellReader).
func (r *PowerShellReader) wrapped(s string) bool {
	if r.prevTail == "" && r.prevW < r.widest-1 {
		return false // most lines: neither wrapped at a blank nor full
	}
	// The widest line ahead, and whether s starts a field of the debug
	// header, which is never joined, are looked at last: most lines are
	// told without them.
	word, delim := s, 0
	if i := firstBlank(s); i >= 0 {
		word, delim = s[:i], 1
	}
	if r.prevTail != "" {
		n := r.prevW + width(word) + delim
		return n > r.widest && n > r.widestAhead() && !startsHeaderField(s)
	}
	widest := max(r.widest, r.widestAhead())
	if r.prevW != widest || widest < 79 {
		return false
	}
	// Cut at the width. Where PowerShell wraps between words it cuts only
	// a word longer than the values' column is wide. Where it does not,
	// it cuts anywhere: a cut shows where the next line starts with the
	// blank that the line could not hold, or goes on with the lower-case
	// letters of a word; once one has shown, every line as wide continues.
	prev := r.prevText
	if r.hardWrap || width(prev[lastBlank(prev)+1:])+width(word) > r.prevW-r.valueCol {
		return !startsHeaderField(s)
	}
	if showsCut(prev, s) {
		if startsHeaderField(s) {
			return false
		}
		r.hardWrap = true
		return true
	}
	return false
}

// showsCut reports whether the line s, after the line prev that was as
// wide as the output, shows that prev was cut without regard to words:
// it starts with a blank, or with lower-case letters going on from a
// letter or digit. Only then may wrapped learn anything from the lines of
// a property not used, which are many: Get-EventLog's
// ReplacementStrings repeat the message.
func showsCut(prev, s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t' || s[0] >= 'a' && s[0] <= 'z' && prev != "" && isAlnum(prev[len(prev)-1]))
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// widestAhead returns the width of the widest line in the rest of the
// block of input: the output's width is at least that, and a line not as
// wide as it was not cut at the width.
func (r *PowerShellReader) widestAhead() int {
	if r.aheadSeq != r.lr.seq {
		// Callers take the widest of this and r.widest, which only
		// grows: a line no longer in bytes than r.widest is not measured.
		r.aheadSeq, r.ahead = r.lr.seq, r.widest
		for rest := r.lr.rest(); len(rest) > 0; {
			n := strings.IndexByte(rest, '\n')
			if n < 0 {
				n = len(rest)
			}
			if n > r.ahead {
				line := rest[:n]
				if line[n-1] == '\r' {
					line = line[:n-1]
				}
				r.ahead = max(r.ahead, width(line))
			}
			rest = rest[min(n+1, len(rest)):]
		}
	}
	return r.ahead
}

// startsHeaderField reports whether s starts with a field of the debug
// header that comes on a line of its own.
func startsHeaderField(s string) bool {
	if s == "" {
		return false
	}
	var k string
	switch s[0] { // the keys start with different letters
	case 'F':
		k = "File"
	case 'L':
		k = "Line"
	case 'I':
		k = "Invoked Function"
	case 'R':
		k = "Return Code"
	case 'D':
		k = "Description"
	default:
		return false
	}
	_, ok := keyAt(s, 0, k)
	return ok
}

// addMsg adds s to the message, up to Options.MaxRecordSize.
func (r *PowerShellReader) addMsg(s string) {
	size := len(r.msgStr)
	if r.msgCopy {
		size = r.text.size()
	}
	if size+len(s) > r.cfg.maxRecord {
		s, r.tooLarge = s[:max(0, r.cfg.maxRecord-size)], true
	}
	switch {
	case !r.msgCopy && r.msgStr == "":
		r.msgStr = s // one piece of a line so far: no copy
	case !r.msgCopy:
		r.text.build()
		r.text.add(r.msgStr)
		r.text.add(s)
		r.msgCopy = true
	default:
		r.text.add(s)
	}
}

// endMsg ends the message being read, if any.
func (r *PowerShellReader) endMsg() {
	if !r.inMsg {
		return
	}
	switch {
	case r.msgCopy:
		r.vals[psMessage] = r.text.built()
	case r.cfg.reuse > 0:
		r.text.build() // its block may be written again (see cut)
		r.text.add(r.msgStr)
		r.vals[psMessage] = r.text.built()
	default:
		r.vals[psMessage] = r.msgStr
	}
	r.inMsg, r.msgCopy, r.msgStr, r.blanks = false, false, "", 0
}

// finish queues the record being read, if any.
func (r *PowerShellReader) finish() {
	if r.line == 0 {
		r.q.pushLater(&r.later)
		return
	}
	r.endMsg()
	v := &r.vals
	has := func(p int) bool { return r.seen&(1<<p) != 0 }
	rec, errp := r.q.add()
	*rec = Record{Repeat: 1, Pos: Position{r.cfg.file, r.line}}
	if has(psLevelName) {
		rec.Level = eventLevel(trimSpace(v[psLevelName]))
	}
	switch {
	case rec.Level != LevelUnknown:
	case has(psLevel):
		if n, ok := atoi(trimSpace(v[psLevel])); ok {
			rec.Level = windowsLevel(n)
		} else {
			rec.Level = levelOf(trimSpace(v[psLevel]))
		}
	}
	switch {
	case has(psSource):
		rec.Source = r.sources.get(trimSpace(v[psSource]))
	default:
		rec.Source = r.group
	}
	if has(psHost) {
		rec.Host = r.hosts.get(trimSpace(v[psHost]))
	}
	for _, p := range [...]int{psID, psEventID, psInstanceID} {
		if has(p) {
			n, _ := atoi(trimSpace(v[p]))
			rec.EventID = n & 0xFFFF // the rest is severity and qualifiers
			break
		}
	}
	if has(psMessage) {
		m := v[psMessage]
		rec.Message = trimRight(parseHeader(&rec.Header, m[skipSpace(m, 0):]))
	}
	var pe *ParseError
	t, name := "", ""
	for _, p := range [...]int{psTime, psTimeGenerated, psTimeWritten} {
		if has(p) {
			t, name = trimSpace(v[p]), "time"
			break
		}
	}
	switch {
	case name == "":
		pe = &ParseError{Err: ErrMalformed, Msg: "no TimeCreated or TimeGenerated"}
	default:
		var c clock
		if r.parseMonthDay(t, &c) {
			rec.Time = c.time(r.cfg.loc)
		} else if tm, ok := r.times.recall(t, r.orders.order, r.cfg.loc); ok {
			rec.Time = tm
		} else if tm, zoned, err := parseLocalTimeIn(t, "", r.order(t), r.cfg.loc, &r.times.hours); err == nil {
			rec.Time, rec.HasZone = tm, zoned
			r.times.note(t, tm, zoned, r.orders.order)
		} else {
			pe = &ParseError{Err: ErrBadTime, Msg: err.Error()}
		}
	}
	if pe == nil && r.tooLarge {
		pe = &ParseError{Err: ErrTooLarge, Msg: "Message cut at " + strconv.Itoa(r.cfg.maxRecord) + " bytes"}
	}
	if pe != nil {
		pe.Pos = rec.Pos
		*errp = pe
	}
	r.line, r.seen, r.prop, r.tooLarge, r.nprops = 0, 0, -1, false, 0
	*v = [psNProps]string{}
	r.q.pushLater(&r.later)
}

// order returns the order of day and month to read date in, the same for
// the whole file (see dateOrders). Until a date decides it, the times
// further on in the block of input are looked at.
func (r *PowerShellReader) order(date string) dateOrder {
	if r.orders.order == orderUnknown && !r.looked {
		r.looked = true
		rest := r.lr.rest()
		for len(rest) > 0 {
			var line string
			line, rest, _ = strings.Cut(rest, "\n")
			line = trimRight(line)
			if name, val, _, ok := psKey(line); ok {
				if p := psPropOf(name); p == psTime || p == psTimeGenerated || p == psTimeWritten {
					line = val
				}
			}
			if r.orders.see(line) {
				break
			}
		}
	}
	return r.orders.use(date)
}

// windowsLevel maps the number of a Windows event level to a Level.
func windowsLevel(n int) Level {
	switch n {
	case 0, 4:
		return LevelInfo
	case 1:
		return LevelCritical
	case 2:
		return LevelError
	case 3:
		return LevelWarning
	case 5:
		return LevelDebug
	}
	return LevelUnknown
}

// parseMonthDay reads the time of Get-EventLog's table, "Jun 17 20:21",
// and gives it a year as SyslogReader does.
func (r *PowerShellReader) parseMonthDay(s string, c *clock) bool {
	m, i := monthName(s, 0)
	if m == 0 || i >= len(s) || s[i] != ' ' {
		return false
	}
	d, j, n := num(s, skipBlank(s, i), 2)
	if n == 0 || j >= len(s) || s[j] != ' ' {
		return false
	}
	if j, ok := scanLocalClock(s, skipBlank(s, j), c); !ok || j != len(s) {
		return false
	}
	c.month, c.day = m, d
	y := r.limit.Year()
	for range 8 {
		c.year = y
		if c.valid() && !c.time(r.cfg.loc).After(r.limit) {
			return true
		}
		y--
	}
	return false
}

// setTable starts a table with the header and the row of dashes under it.
func (r *PowerShellReader) setTable(header, dashes string) {
	r.cols = r.cols[:0]
	for i := 0; i < len(dashes); {
		if dashes[i] != '-' {
			i++
			continue
		}
		j := i
		for j < len(dashes) && dashes[j] == '-' {
			j++
		}
		name := ""
		if i < len(header) {
			name = trimSpace(header[i:min(j, len(header))])
		}
		r.cols = append(r.cols, psColumn{start: i, end: j, prop: psPropOf(name), right: psNumeric(name)})
		i = j
	}
	r.afterGap = false
}

// psNumeric reports whether the column name holds numbers, which
// PowerShell aligns right.
func psNumeric(name string) bool {
	for _, n := range [...]string{"Id", "Index", "InstanceId", "EventID", "RecordId", "ProcessId", "ThreadId",
		"Version", "Qualifiers", "Task", "Opcode", "CategoryNumber", "Level"} {
		if equalFold(name, n) {
			return true
		}
	}
	return false
}

// tableLine reads line n, inside a table: a row, or the continuation of a
// row's message.
func (r *PowerShellReader) tableLine(line, raw string, indent, w, n int) {
	last := &r.cols[len(r.cols)-1]
	if r.line > 0 && last.prop == psMessage && indent >= last.start && r.inMsg {
		r.continueValue(line[last.start:], raw, w)
		return
	}
	r.finish()
	r.line = n
	var starts, ends [16]int
	cols := r.cols[:min(len(r.cols), len(starts))]
	for i, c := range cols {
		if c.right {
			e := min(c.end, len(line))
			s := e
			if e > 0 && line[e-1] != ' ' {
				for s > 0 && line[s-1] != ' ' {
					s--
				}
			}
			starts[i], ends[i] = s, e
		} else {
			starts[i] = min(c.start, len(line))
		}
	}
	for i, c := range cols {
		if !c.right {
			ends[i] = len(line)
			if i+1 < len(cols) {
				ends[i] = max(starts[i], starts[i+1])
			}
		}
	}
	for i, c := range cols {
		cell := trimSpace(line[min(starts[i], ends[i]):ends[i]])
		if c.prop >= psNProps {
			continue
		}
		r.seen |= 1 << c.prop
		if c.prop == psMessage {
			r.valueCol, r.prop = c.start, psMessage
			r.startMsg(cell, raw, w)
			continue
		}
		r.vals[c.prop] = cell
	}
}

// psScore scores a line for Detect.
func psScore(line string) int {
	if name, _, _, ok := psKey(line); ok {
		for _, n := range [...]string{"TimeCreated", "ProviderName", "LevelDisplayName", "RecordId", "EntryType",
			"InstanceId", "TimeGenerated", "TimeWritten", "ReplacementStrings", "CategoryNumber", "MachineName",
			"UserName", "Index", "Id", "LogName", "ProcessId", "ThreadId", "KeywordsDisplayNames", "TaskDisplayName",
			"OpcodeDisplayName", "ContainerLog", "ProviderId", "ActivityId"} {
			if name == n {
				return 1
			}
		}
		return 0
	}
	if strings.Contains(line, "TimeCreated") && strings.Contains(line, "LevelDisplayName") ||
		strings.Contains(line, "EntryType") && strings.Contains(line, "InstanceID") {
		return 3
	}
	if _, _, ok := psGroup(line); ok && strings.HasPrefix(trimLeft(line), "ProviderName:") {
		return 1
	}
	// A row of Get-WinEvent's table: a time, a number, a word.
	var c clock
	j, _, _, ok := scanLocalDate(line, 0, orderUnknown, &c)
	if ok && j < len(line) && line[j] == ' ' {
		if j, ok = scanLocalClock(line, skipBlank(line, j), &c); ok {
			k := skipBlank(line, j)
			if _, e, n := num(line, k, 10); n > 0 && k > j && e < len(line) && line[e] == ' ' {
				return 1
			}
		}
	}
	// A row of Get-EventLog's table: a number, "Jun 17 20:21".
	s := trimLeft(line)
	if _, e, n := num(s, 0, 10); n > 0 && e < len(s) && s[e] == ' ' {
		s = trimLeft(s[e:])
		if m, _ := monthName(s, 0); m > 0 && len(s) > 12 && s[3] == ' ' && s[9] == ':' {
			return 1
		}
	}
	return 0
}
