package logparse

import (
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// An EventCSVReader reads what Event Viewer writes with "Save All Events
// As", as "CSV (Comma delimited)" or "Text (Tab delimited)": a header row,
// then one row per event with the level, the date and time in the
// machine's locale, the source, the event ID, the task category and, in a
// sixth column that has no header, the description.
//
//	Level,Date and Time,Source,Event ID,Task Category
//	Information,6/17/2020 8:21:57 PM,acvpnagent,2039,None,The VPN connection has been established and can now pass data.
//	Error,6/17/2020 8:21:58 PM,acvpnagent,2048,Engineering Debug Details,"Function: ConnectMgr::activateConnectEvent
//	File: .\ConnectMgr.cpp
//	Line: 1360
//	NULL object. Cannot establish a connection at this time."
//
// The delimiter is the first comma, tab or semicolon of the first row (a
// level word holds none). A field that starts with a double quote runs to
// the next quote followed by the delimiter or the end of a line, across
// lines; a doubled quote inside it stands for one quote, and a lone quote
// is kept as it is. An unquoted description runs to the end of its line,
// delimiters included, so that a description the exporter did not quote
// is not cut into fields. Blank lines between rows are skipped.
//
// The header is told from an event row by content: a first row in which
// no field is a date and time, nor a number alone, is a header, whatever
// its language. English column names ("Level", "Date and Time", "Source",
// "Event ID", "Task Category", "Computer", "User", "Keywords", "Log Name",
// "OpCode") place the columns, so that a view with columns added or moved
// reads right, and the description is the first column after the named
// ones. Without a header, or with one in another language, the columns are
// taken in Event Viewer's order. A later row that repeats the header (two
// exports joined) is skipped.
//
// What PowerShell's Export-Csv writes of Get-WinEvent and Get-EventLog is
// read by the same rules: its "#TYPE ..." line is skipped, and its column
// names (TimeCreated or TimeGenerated, ProviderName or Source,
// LevelDisplayName or EntryType, else Level's number, Id, EventID or
// InstanceId, MachineName, Message) place the columns. An event ID keeps
// its low 16 bits, the ID Event Viewer shows: Get-EventLog's InstanceId
// carries the severity and qualifiers above them.
//
// The level word goes through ParseLevel ("Information", "Warning",
// "Error", "Critical", "Verbose", "Audit Success", ...); the words of the
// German, French, Spanish, Italian, Portuguese and Dutch versions of
// Windows are known too, and another word gives LevelUnknown. Dates are read as Windows writes them in its locales
// ("6/17/2020 8:21:57 PM", "17.06.2020 20:21:57", "2020-06-17 20:21:57"),
// in Options.Location. The task category is not kept; a "Computer" column
// goes to Record.Host.
//
// Problems are reported as *ParseError, with what could be read of the
// row: ErrBadTime for a date that does not parse, ErrMalformed for a row
// of fewer than four fields, an event ID that is not a number, or a quoted
// field left open when a line that starts a new row comes (the row is
// ended there, and the new one read); ErrTooLarge for a row longer than
// Options.MaxRecordSize (the text is cut there, and the reader goes on at
// the end of the row); ErrTruncated for a quoted field open at the end of
// the input.
//
// The records' strings point into the blocks of input, which the analysis
// has reused (see recycle.go), as an EventLogReader's are: a field is copied
// only when its doubled quotes are undone or its lines run from one block
// into the next, and the text after a description's debug header when it
// is of several lines, to end them all with '\n'.
type EventCSVReader struct {
	cfg     config
	lr      *lineReader
	q       queue
	read    Record // made in place by ReadInto for Read to return
	done    error
	sources interner
	hosts   interner
	orders  dateOrders
	times   timeMemo
	looked  bool   // order looked ahead
	peeked  bool   // head is set
	head    string // the start of the input, for order to look ahead in
	text    arena
	later   []error // errors on the lines of a row after its first

	comma byte // the delimiter; 0 until the first row
	cols  csvColumns
	// descLast tells that the description is the last column, so that
	// when it is not quoted it runs to the end of its line.
	descLast bool
	header   []string // the header row's first two fields, to skip a repeat
	rows     int      // rows read, the header among them

	// The row being read.
	line     int // where it starts; 0 when none is being read
	vals     [csvMaxCols]string
	nf       int    // fields ended
	inQuote  bool   // a quoted field goes on at the next line
	curStr   string // the quoted field so far, while it is one piece of a line or a span
	curPiece bool   // curStr holds a piece
	curCopy  bool   // the field is being built in text
	curSpan  bool   // curStr is a span of lines (see spans)
	curOff   int    // where curStr starts in the lineReader's block, or -1
	curSeq   int    // the lineReader's seq when curStr was cut
	nl       bool   // the quoted field goes on at the start of the line being read
	lineOff  int    // where the line being read starts in the block, or -1
	size     int
	tooLarge bool
	// spans has bit i set when field i is a span of the block: lines
	// with their endings and trailing blanks, which joinSpan removes.
	// A field that runs over lines is so cut from its block rather than
	// copied line by line, and its text after the debug header only
	// copied when that too runs over lines.
	spans uint64
}

// csvMaxCols bounds the columns an EventCSVReader keeps; later ones are
// read past.
const csvMaxCols = 40

// csvColumns gives the index of each column an EventCSVReader uses, or -1.
type csvColumns struct {
	level, time, source, id, host, desc int
	levelNum                            int // Level's number, when LevelDisplayName names it
}

var defaultCSVColumns = csvColumns{level: 0, time: 1, source: 2, id: 3, host: -1, desc: 5, levelNum: -1}

// NewEventCSVReader returns a reader of the Event Viewer CSV or
// tab-delimited export in r. A nil opts means the default Options.
func NewEventCSVReader(r io.Reader, opts *Options) *EventCSVReader {
	return newEventCSVReader(r, newConfig(opts))
}

func newEventCSVReader(r io.Reader, c config) *EventCSVReader {
	er := &EventCSVReader{cfg: c, lr: newLineReader(r, c), cols: defaultCSVColumns, descLast: true}
	er.lr.reuseAfter(c.reuse, &er.q.n, er.detach)
	er.text.reuseAfter(c.reuse, &er.q.n)
	return er
}

// detach copies the fields of the row being read, which may point into
// the block of input that the lineReader is about to give up.
func (r *EventCSVReader) detach() {
	if r.line == 0 {
		return
	}
	for i := range min(r.nf, len(r.vals)) {
		r.vals[i] = strings.Clone(r.vals[i])
	}
	if r.curPiece && !r.curCopy {
		r.curStr, r.curOff = strings.Clone(r.curStr), -1
	}
}

// All returns a single-use iterator over the remaining records, as described
// by RecordReader.
func (r *EventCSVReader) All() iter.Seq2[Record, error] { return all(r.Read) }

// Read returns the next record, as described by RecordReader and
// EventCSVReader.
func (r *EventCSVReader) Read() (Record, error) {
	err := r.ReadInto(&r.read)
	return r.read, err
}

// ReadInto stores the next record in *dst, as described by RecordReader.
func (r *EventCSVReader) ReadInto(dst *Record) error {
	return readInto(&r.q, &r.done, dst, r.step)
}

// step reads one line.
func (r *EventCSVReader) step() {
	if !r.peeked {
		r.peeked, r.head = true, r.lr.peek(peekSize)
	}
	if r.line == 0 && r.row() {
		return
	}
	line, err := r.lr.next()
	r.lineOff = r.lr.at
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			r.q.deferError(&r.later, r.line > 0, pe)
			return
		}
		if r.line > 0 {
			r.finish(&ParseError{Err: ErrTruncated, Msg: "quoted field open at end of input"})
		}
		if err != io.EOF {
			r.q.push(Record{}, err)
		}
		r.done = err
		return
	}
	if r.line > 0 {
		// Inside a quoted field.
		if r.comma != 0 && csvRowStart(line, r.comma) {
			r.finish(&ParseError{Err: ErrMalformed, Msg: "quoted field not closed before the next row"})
		} else {
			r.nl = true
			if r.scan(line, 0, true) {
				r.finish(nil)
			}
			return
		}
	}
	if line == "" || r.rows == 0 && line[0] == '#' {
		return // Export-Csv's "#TYPE System.Diagnostics.EventLogEntry"
	}
	if r.comma == 0 {
		i := strings.IndexAny(line, ",\t;")
		if i < 0 {
			r.q.push(Record{}, &ParseError{Pos: Position{r.cfg.file, r.lr.n}, Err: ErrMalformed,
				Msg: "no comma, tab or semicolon: " + quote(line)})
			return
		}
		r.comma = line[i]
	}
	r.line, r.nf, r.size, r.tooLarge, r.spans = r.lr.n, 0, 0, false, 0
	if r.scan(line, 0, false) {
		r.finish(nil)
	}
}

// scan reads the fields of line from i, in a quoted field when quoted. It
// reports whether the row ends with the line.
func (r *EventCSVReader) scan(line string, i int, quoted bool) bool {
	for {
		if !quoted {
			if r.nf == r.cols.desc && r.descLast && (i == len(line) || line[i] != '"') {
				r.setField(line[i:], false)
				return true
			}
			if i < len(line) && line[i] == '"' {
				quoted, i = true, i+1
				r.inQuote, r.curPiece, r.curCopy, r.nl = true, false, false, false
			} else {
				j := strings.IndexByte(line[i:], r.comma)
				if j < 0 {
					r.setField(line[i:], false)
					return true
				}
				r.setField(line[i:i+j], false)
				i += j + 1
				continue
			}
		}
		// In a quoted field, from i.
		seg := i
		for {
			k := strings.IndexByte(line[i:], '"')
			if k < 0 {
				r.appendCur(line, seg, len(line))
				return false
			}
			k += i
			if k+1 < len(line) && line[k+1] == '"' {
				r.appendCur(line, seg, k+1)
				i = k + 2
				seg = i
				continue
			}
			if k+1 == len(line) || line[k+1] == r.comma {
				r.appendCur(line, seg, k)
				i = k + 1
				break
			}
			i = k + 1 // a lone quote, kept
		}
		quoted = false
		r.endCur()
		if i == len(line) {
			return true
		}
		i++ // the delimiter
	}
}

// appendCur adds line[from:to] to the quoted field being read, after a
// line break when the field goes on from the line before. A field that
// goes on at the next line of the same block, within the limit, is the
// span of the block from its start; other pieces are copied.
func (r *EventCSVReader) appendCur(line string, from, to int) {
	n := to - from
	if r.nl {
		n++
	}
	if r.size+n <= r.cfg.maxRecord && !r.curCopy {
		switch {
		case !r.curPiece && !r.nl:
			r.curStr, r.curPiece, r.curSpan, r.curSeq = line[from:to], true, false, r.lr.seq
			r.curOff = -1
			if r.lineOff >= 0 {
				r.curOff = r.lineOff + from
			}
			r.size += n
			return
		case r.nl && r.curOff >= 0 && r.lineOff >= 0 && r.lr.seq == r.curSeq:
			r.curStr, r.curSpan = r.lr.block[r.curOff:r.lineOff+to], true
			r.size, r.nl = r.size+n, false
			return
		}
	}
	if r.nl {
		r.nl = false
		r.appendCopy("\n")
	}
	r.appendCopy(line[from:to])
}

// appendCopy adds s to the quoted field being read, copied.
func (r *EventCSVReader) appendCopy(s string) {
	if r.size+len(s) > r.cfg.maxRecord {
		s, r.tooLarge = s[:max(0, r.cfg.maxRecord-r.size)], true
	}
	r.size += len(s)
	switch {
	case !r.curPiece:
		r.curStr, r.curPiece = s, true
	case !r.curCopy:
		r.text.build()
		if r.curSpan {
			r.text.addJoined(r.curStr)
		} else {
			r.text.add(r.curStr)
		}
		r.text.add(s)
		r.curCopy = true
	default:
		r.text.add(s)
	}
}

// endCur ends the quoted field being read.
func (r *EventCSVReader) endCur() {
	r.inQuote = false
	if r.curCopy {
		r.setField(r.text.built(), true)
		return
	}
	if r.curSpan && r.nf < len(r.vals) {
		r.spans |= 1 << r.nf
	}
	r.setField(r.curStr, true)
}

// setField ends a field with the value s, whose size is counted already
// when counted is set.
func (r *EventCSVReader) setField(s string, counted bool) {
	if !counted {
		if r.size+len(s) > r.cfg.maxRecord {
			s, r.tooLarge = s[:max(0, r.cfg.maxRecord-r.size)], true
		}
		r.size += len(s)
	}
	if r.nf < len(r.vals) {
		r.vals[r.nf] = s
	}
	r.nf++
}

// finish queues the record of the row read, or takes it as the header;
// pe is a problem already found.
func (r *EventCSVReader) finish(pe *ParseError) {
	pos := Position{r.cfg.file, r.line}
	if r.inQuote {
		r.endCur() // a quoted field left open: what it holds is its value
	}
	r.line = 0
	nf := min(r.nf, len(r.vals))
	vals := r.vals[:nf]
	r.rows++
	c := &r.cols
	// A description that is a span is joined once its header is read;
	// the other fields, and one that is read otherwise, at once.
	descSpan := false
	if r.spans != 0 {
		for i := range vals {
			if r.spans&(1<<i) == 0 {
				continue
			}
			if i == c.desc && i >= 4 && r.rows > 1 {
				descSpan = true
			} else {
				vals[i] = joinSpan(vals[i])
			}
		}
	}
	if r.rows == 1 && pe == nil && csvIsHeader(vals) {
		r.setHeader(vals)
		r.q.pushLater(&r.later)
		return
	}
	if r.header != nil && nf >= 2 && vals[0] == r.header[0] && vals[1] == r.header[1] {
		r.q.pushLater(&r.later)
		return // the header again
	}
	rec, errp := r.q.add()
	*rec = Record{Repeat: 1, Pos: pos}
	get := func(i int) (string, bool) {
		if i < 0 || i >= nf {
			return "", false
		}
		return vals[i], true
	}
	if s, ok := get(c.level); ok {
		s = trimSpace(s)
		rec.Level = eventLevel(s)
		if n, ok := atoi(s); ok && rec.Level == LevelUnknown {
			rec.Level = windowsLevel(n)
		}
	}
	if s, ok := get(c.levelNum); ok && rec.Level == LevelUnknown {
		if n, ok := atoi(trimSpace(s)); ok {
			rec.Level = windowsLevel(n)
		}
	}
	if s, ok := get(c.source); ok {
		rec.Source = r.sources.get(trimSpace(s))
	}
	if s, ok := get(c.host); ok {
		rec.Host = r.hosts.get(trimSpace(s))
	}
	if s, ok := get(c.desc); ok {
		msg := parseHeader(&rec.Header, s[skipSpace(s, 0):])
		if descSpan {
			msg = joinSpan(msg)
		}
		rec.Message = trimRight(msg)
	}
	if pe == nil && r.tooLarge {
		pe = &ParseError{Err: ErrTooLarge, Msg: "row cut at " + strconv.Itoa(r.cfg.maxRecord) + " bytes"}
	}
	if s, ok := get(c.time); ok {
		s = trimSpace(s)
		if t, ok := r.times.recall(s, r.orders.order, r.cfg.loc); ok {
			rec.Time = t
		} else if t, zoned, err := parseLocalTimeIn(s, "", r.order(s), r.cfg.loc, &r.times.hours); err == nil {
			rec.Time, rec.HasZone = t, zoned
			r.times.note(s, t, zoned, r.orders.order)
		} else if pe == nil {
			pe = &ParseError{Err: ErrBadTime, Msg: err.Error()}
		}
	}
	if s, ok := get(c.id); ok {
		if n, ok := atoi(trimSpace(s)); ok {
			rec.EventID = n & 0xFFFF // Get-EventLog's InstanceId holds more
		} else if pe == nil {
			pe = &ParseError{Err: ErrMalformed, Msg: "Event ID " + quote(s)}
		}
	}
	if pe == nil && nf < 4 {
		pe = &ParseError{Err: ErrMalformed, Msg: strconv.Itoa(nf) + " fields: " + quote(strings.Join(vals, string(r.comma)))}
	}
	if pe != nil {
		pe.Pos = pos
		*errp = pe
	}
	r.q.pushLater(&r.later)
}

// order returns the order of day and month to read date in, the same for
// the whole file (see dateOrders). Until a date decides it, the rows further
// on in the first block of input are looked at (in the block being read
// when the row lies past it), as peek gives them: where the blocks of the
// input end does not change what is decided.
func (r *EventCSVReader) order(date string) dateOrder {
	if r.orders.order == orderUnknown && !r.looked {
		r.looked = true
		rest := r.head
		for range r.lr.n {
			i := strings.IndexByte(rest, '\n')
			if i < 0 {
				rest = r.lr.rest()
				break
			}
			rest = rest[i+1:]
		}
		r.head = ""
		for len(rest) > 0 {
			var line string
			line, rest, _ = strings.Cut(rest, "\n")
			if f, ok := csvField(trimRight(line), r.comma, max(r.cols.time, 0)); ok && r.orders.see(trimSpace(f)) {
				break
			}
		}
	}
	return r.orders.use(date)
}

// csvField returns the unquoted field i of line, which must start an event
// row.
func csvField(line string, comma byte, i int) (string, bool) {
	if comma == 0 || !csvRowStart(line, comma) {
		return "", false
	}
	for range i {
		j := strings.IndexByte(line, comma)
		if j < 0 {
			return "", false
		}
		line = line[j+1:]
	}
	if j := strings.IndexByte(line, comma); j >= 0 {
		line = line[:j]
	}
	return unquote(line), true
}

// eventLevel returns the level named by an event's level word, in English
// (see ParseLevel) or as the German, French, Spanish, Italian, Portuguese
// and Dutch versions of Windows write it.
func eventLevel(s string) Level {
	if l := levelOf(s); l != LevelUnknown {
		return l
	}
	switch strings.ToLower(s) {
	case "informationen", "información", "informazioni", "informações", "informação", "informatie":
		return LevelInfo
	case "warnung", "avertissement", "advertencia", "avviso", "aviso", "waarschuwing":
		return LevelWarning
	case "fehler", "erreur", "errore", "erro", "fout":
		return LevelError
	case "kritisch", "critique", "crítico", "critico", "kritiek", "crítica":
		return LevelCritical
	case "ausführlich", "commentaires", "detallado", "dettagliato", "detalhado", "uitgebreid":
		return LevelDebug
	}
	return LevelUnknown
}

// setHeader places the columns by the names of the header row h.
func (r *EventCSVReader) setHeader(h []string) {
	r.header = []string{strings.Clone(h[0]), ""}
	if len(h) > 1 {
		r.header[1] = strings.Clone(h[1])
	}
	c := csvColumns{level: -1, time: -1, source: -1, id: -1, host: -1, desc: -1, levelNum: -1}
	named := 0
	for i, name := range h {
		p, first := (*int)(nil), true
		switch strings.ToLower(trimSpace(name)) {
		case "level", "type":
			p = &c.level
		case "leveldisplayname", "entrytype":
			// The word rather than Level's number, kept for when
			// the word is empty.
			c.levelNum, p, first = c.level, &c.level, false
		case "date and time", "date", "timecreated", "timegenerated":
			p = &c.time
		case "source", "providername":
			p = &c.source
		case "event id", "id", "eventid", "instanceid":
			p = &c.id
		case "computer", "machinename":
			p = &c.host
		case "description", "message":
			p = &c.desc
		case "task category", "user", "keywords", "log name", "log", "opcode", "category":
		default:
			continue
		}
		named++
		if p != nil && (*p < 0 || !first) {
			*p = i
		}
	}
	if named < 3 || c.time < 0 {
		return // not English: Event Viewer's order
	}
	if c.desc < 0 {
		c.desc = len(h)
	}
	r.cols, r.descLast = c, c.desc >= len(h)-1
}

// csvIsHeader reports whether a first row is a header: it has at least
// four fields, and none of them is a date and time or a number.
func csvIsHeader(vals []string) bool {
	if len(vals) < 4 {
		return false
	}
	for _, v := range vals {
		v = trimSpace(v)
		if _, ok := atoi(v); ok || isLocalTime(v) {
			return false
		}
	}
	return true
}

// csvRowStart reports whether line starts an event row with the
// delimiter comma: a level word, a date and time, a source and a number.
func csvRowStart(line string, comma byte) bool {
	var f [4]string
	for i := range f {
		s := line
		if i == 0 && len(s) > 35 {
			// The level word, quotes aside, is short: the lines of a
			// quoted description are not searched to their end.
			s = s[:35]
		}
		j := strings.IndexByte(s, comma)
		if j < 0 {
			return false
		}
		f[i], line = unquote(line[:j]), line[j+1:]
	}
	if len(f[0]) == 0 || len(f[0]) > 32 {
		return false
	}
	if !isLocalTime(f[1]) {
		return false
	}
	_, ok := atoi(f[3])
	return ok
}

// unquote removes the quotes around a field that holds none inside.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// eventCSVScore scores a line for Detect: a header row, or a row that
// starts an event.
func eventCSVScore(line string) int {
	for _, comma := range [...]byte{',', '\t', ';'} {
		if csvRowStart(line, comma) {
			return 2
		}
	}
	switch {
	case strings.HasPrefix(line, "Level") && strings.Contains(line, "Date and Time") && strings.Contains(line, "Event ID"),
		strings.HasPrefix(line, "#TYPE System.Diagnostics.Event"),
		strings.HasPrefix(line, `"`) && (strings.Contains(line, `"TimeCreated"`) && strings.Contains(line, `"ProviderName"`) ||
			strings.Contains(line, `"TimeGenerated"`) && strings.Contains(line, `"EntryType"`)):
		return 3
	case line[0] == '"' && strings.Count(line, `","`) >= 5:
		return 2 // a row of Export-Csv, every field quoted
	}
	return 0
}

// isLocalTime reports whether s is a date and time as parseLocalTime reads
// them, in either order of day and month.
func isLocalTime(s string) bool {
	if len(s) < 8 || s[0] < '0' || s[0] > '9' {
		return false
	}
	_, _, err := parseLocalTime(s, "", orderUnknown, time.UTC)
	return err == nil
}

// trimSpace removes leading and trailing blanks.
func trimSpace(s string) string { return trimRight(trimLeft(s)) }

// An arena holds the text of records that had to be put together from
// several pieces (lines joined, quotes undoubled). Their strings are built
// in place, at the end of a few large buffers that are only ever appended
// to, rather than put together elsewhere, copied and allocated one by one.
type arena struct {
	buf  []byte
	from int // where the string being built starts in buf
	reused
}

// arenaSize returns the size of an arena's buffers: 64 KiB, unless tests
// set testArenaSize.
func arenaSize() int {
	if testArenaSize > 0 {
		return testArenaSize
	}
	return 64 << 10
}

// build starts a string, made of what add appends until built.
func (a *arena) build() { a.from = len(a.buf) }

// add appends s to the string being built. One that outgrows the buffer
// moves, with what it holds so far, to another buffer with room for as
// much again: a new one, or one whose records are released when the
// arena is set up to reuse its memory (see arenareuse.go).
func (a *arena) add(s string) {
	if len(a.buf)+len(s) > cap(a.buf) {
		n := len(a.buf) - a.from
		b := a.next(max(arenaSize(), 2*(n+len(s))))
		b = append(b, a.buf[a.from:]...)
		a.retire(a.buf)
		a.buf, a.from = b, 0
	}
	a.buf = append(a.buf, s...)
}

// addJoined appends the lines of s without their trailing blanks, joined
// by '\n'.
func (a *arena) addJoined(s string) {
	for {
		line, rest, more := strings.Cut(s, "\n")
		a.add(trimRight(line))
		if !more {
			return
		}
		a.add("\n")
		s = rest
	}
}

// joinSpan returns the text of a span: its lines joined by '\n', without
// their trailing blanks, but for the last one, which ends where the field
// ends.
func joinSpan(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return s // the usual message of one line: IndexByte tells it faster than LastIndexByte
	}
	i := strings.LastIndexByte(s, '\n')
	b := appendJoined(make([]byte, 0, len(s)), s[:i])
	b = append(b, '\n')
	b = append(b, s[i+1:]...)
	return unsafe.String(&b[0], len(b))
}

// size returns the length of the string being built.
func (a *arena) size() int { return len(a.buf) - a.from }

// built ends the string being built and returns it.
func (a *arena) built() string {
	b := a.buf[a.from:]
	a.from = len(a.buf)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
