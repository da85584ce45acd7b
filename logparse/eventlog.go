package logparse

import (
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
)

// An EventLogReader reads the text export of a Windows event log, the form
// in which DART stores the AnyConnect channel: blocks separated by lines of
// asterisks, each holding "Key : value" fields and a Description that runs
// to the end of the block.
//
//	******************************************
//	Date		: 06/17/2020
//	Time		: 20:21:57
//	Type		: Warning
//	Source		: acvpnagent
//
//	Description	: Function: CDNSRequest::OnSocketReadComplete
//	File: c:\temp\build\...\dnsrequest.cpp
//	Line: 1147
//	Timeout (per request) while trying to resolve [A] query mus.cisco.com ...
//	******************************************
//
// The rows may come before each block, after each, both, only between
// blocks, or not at all: a block also ends where the next one starts.
// The output of wevtutil qe LOG /f:text is read too, blocks that start with
// a line "Event[N]:" and end before the next:
//
//	Event[0]:
//	  Log Name: Cisco AnyConnect Secure Mobility Client
//	  Source: acvpnagent
//	  Date: 2020-06-17T20:21:30.123
//	  Event ID: 2039
//	  Level: Information
//	  Computer: PC-1
//	  Description:
//	The VPN connection has been established and can now pass data.
//
// And so is Event Viewer's "copy details as text" form (date and time in
// one Date field, Level instead of Type, an "Event Xml:" section after the
// body). Lines outside a block, and lines before Description that are not
// "Key : value" fields, are skipped. See the package documentation for the
// dates and the other rules.
type EventLogReader struct {
	cfg            config
	lr             *lineReader
	q              queue
	read           Record // made in place by ReadInto for Read to return
	done           error  // io.EOF or the I/O error, once the input is used up
	sources, hosts interner
	hours          hourCache
	zones          zones
	orders         dateOrders // of the numeric dates of the input
	peeked         bool       // the dates ahead have been shown to orders
	// The last Date value that was a date alone, and the date it gave:
	// the blocks of a day repeat it.
	lastDate struct {
		n                int
		text             [16]byte
		year, month, day int
	}

	state int
	blk   eventBlock
	body  bodyText
	later []error // errors inside the block, held back until it is returned

	wholeState // of the way through a block at once: see eventwhole.go
}

// States of an EventLogReader between lines.
const (
	elOutside = iota // between blocks: blank lines, titles, separators
	elFields         // in a block, before Description
	elBody           // in a block's Description
	elSkip           // after a block's end: wait for a separator or a new block
)

// eventBlock holds the fields of the block being read.
type eventBlock struct {
	line     int // of the first field
	c        clock
	hasDate  bool
	hasTime  bool
	badTime  string // what is wrong with Date or Time, naming it
	zoned    bool   // the time carried an offset, off seconds east of UTC
	off      int
	hasDesc  bool
	tooLarge bool
	level    Level
	source   string
	host     string
	eventID  int
}

// NewEventLogReader returns a reader of the event-log text export in r.
// A nil opts means the default Options.
func NewEventLogReader(r io.Reader, opts *Options) *EventLogReader {
	return newEventLogReader(r, newConfig(opts))
}

func newEventLogReader(r io.Reader, c config) *EventLogReader {
	er := &EventLogReader{cfg: c, lr: newLineReader(r, c)}
	er.lr.reuseAfter(c.reuse, &er.q.n, er.body.detach)
	return er
}

// All returns a single-use iterator over the remaining records, as described
// by RecordReader.
func (r *EventLogReader) All() iter.Seq2[Record, error] { return all(r.Read) }

// Read returns the next record, as described by RecordReader. A block
// whose fields the end of the input cut before its Description is returned
// with a *ParseError wrapping ErrTruncated; a block without a valid Date and
// Time, or without Description, is returned (as far as it could be read)
// with a *ParseError wrapping ErrMalformed or ErrBadTime.
func (r *EventLogReader) Read() (Record, error) {
	err := r.ReadInto(&r.read)
	return r.read, err
}

// ReadInto stores the next record in *dst, as described by RecordReader
// and Read.
func (r *EventLogReader) ReadInto(dst *Record) error {
	// The loop of lineRecords.ReadInto, with this reader's step called
	// directly: one loop for both would call step through a func value, on
	// the hottest path of an analysis.
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

// step consumes one line, or a whole event block (see eventwhole.go).
func (r *EventLogReader) step() {
	if !r.peeked {
		r.peeked = true
		r.seeDates(r.lr.peek(peekSize))
	}
	if r.state == elSkip {
		r.skipXML()
	}
	if r.state == elOutside && r.whole() {
		return
	}
	line, err := r.lr.next()
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			r.q.deferError(&r.later, r.state == elFields || r.state == elBody, pe)
			return
		}
		r.finish(endEOF)
		if err != io.EOF {
			r.q.push(Record{}, err)
		}
		r.done = err
		return
	}
	if isSeparator(line) || isEventStart(line) {
		r.finish(endSeparator)
		r.state = elOutside
		return
	}
	switch r.state {
	case elBody:
		if isEventXML(line) {
			r.finish(endXML)
			r.state = elSkip
			return
		}
		if r.blk.tooLarge || !r.body.started && line == "" {
			return // blank lines before the text
		}
		if r.body.size+1+len(line) > r.cfg.maxRecord {
			r.blk.tooLarge = true
			return
		}
		r.body.add(line, r.lr.offset(line), r.lr)
		r.skimBody()
	case elOutside, elSkip, elFields:
		key, val, ok := splitField(line)
		if !ok {
			return // blank line, title or stray text outside a body
		}
		k := knownKey(key)
		if r.state != elFields {
			// After "Event Xml:" the XML's <Data> may hold lines like
			// "Description: X"; only the next event's first field ends it.
			if k == keyUnknown || r.state == elSkip && k != keyLogName {
				return
			}
			r.start()
		} else if (k == keyDate || k == keyLogName) && r.blk.hasDate {
			// A new event without a separator (Event Viewer text).
			r.finish(endSeparator)
			r.start()
		}
		r.field(k, val)
	}
}

// seeDates shows r.orders the Date fields of head, the start of the
// input, until one decides the order of numeric dates: a file whose later
// dates prove day-first is then not read month-first. It follows blocks as
// step does, to skip what a body or Event XML holds.
func (r *EventLogReader) seeDates(head string) {
	head = strings.TrimPrefix(head, "\xEF\xBB\xBF")
	state := elOutside
	for head != "" {
		var line string
		line, head, _ = strings.Cut(head, "\n")
		line = trimRight(line)
		switch {
		case isSeparator(line) || isEventStart(line):
			state = elOutside
			continue
		case state == elBody && isEventXML(line):
			state = elSkip
			continue
		case state == elBody:
			continue
		}
		key, val, ok := splitField(line)
		if !ok {
			continue
		}
		switch k := knownKey(key); {
		case state == elSkip && k != keyLogName:
		case k == keyDescription:
			state = elBody
		case k == keyDate:
			if r.orders.see(val) {
				return
			}
			state = elFields
		case k != keyUnknown:
			state = elFields
		}
	}
}

func (r *EventLogReader) start() {
	r.blk = eventBlock{line: r.lr.n}
	r.body.reset()
	r.state = elFields
}

// Keys of the fields an EventLogReader uses.
const (
	keyUnknown = iota
	keyOther   // known, but not used
	keyDate
	keyTime
	keyType
	keySource
	keyDescription
	keyEventID
	keyComputer
	keyLogName
)

func knownKey(k string) int {
	switch {
	case equalFold(k, "Date"):
		return keyDate
	case equalFold(k, "Time"):
		return keyTime
	case equalFold(k, "Type"), equalFold(k, "Level"), equalFold(k, "Event Type"):
		return keyType
	case equalFold(k, "Source"):
		return keySource
	case equalFold(k, "Description"), equalFold(k, "Message"):
		return keyDescription
	case equalFold(k, "Event ID"), equalFold(k, "EventID"):
		return keyEventID
	case equalFold(k, "Computer"):
		return keyComputer
	case equalFold(k, "Log Name"):
		return keyLogName
	case equalFold(k, "Category"), equalFold(k, "Task Category"), equalFold(k, "User"),
		equalFold(k, "Keywords"), equalFold(k, "OpCode"), equalFold(k, "Task"):
		return keyOther
	}
	return keyUnknown
}

func equalFold(b, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c, d := b[i], s[i]
		if c != d && c|0x20 != d|0x20 {
			return false
		}
	}
	return true
}

func (r *EventLogReader) field(k int, val string) {
	if k != keyDescription {
		r.setField(&r.blk, k, val)
		return
	}
	b := &r.blk
	b.hasDesc = true
	off := r.lr.offset(val)
	if len(val) > r.cfg.maxRecord {
		val, b.tooLarge = val[:r.cfg.maxRecord], true
	}
	r.state = elBody
	if val != "" {
		r.body.add(val, off, r.lr)
		r.skimBody()
	}
}

// setField sets in b the field k other than Description.
func (r *EventLogReader) setField(b *eventBlock, k int, val string) {
	switch k {
	case keyDate:
		if d := &r.lastDate; d.n > 0 && val == string(d.text[:d.n]) {
			b.c.year, b.c.month, b.c.day, b.hasDate = d.year, d.month, d.day, true
			return
		}
		b.hasDate = false
		// Read first in the order decided so far: while none is, as
		// in a file of ISO dates, which never decide it, use would read
		// each date twice. Only a date that proves an order or is
		// ambiguous decides it, and is read again in it.
		order := r.orders.order
		j, proves, ambiguous, ok := scanLocalDate(val, 0, order, &b.c)
		if order == orderUnknown && (proves != orderUnknown || ambiguous) {
			order = r.orders.use(val)
			j, proves, _, ok = scanLocalDate(val, 0, order, &b.c)
		}
		switch {
		case !ok:
		case proves != orderUnknown && proves != order:
			b.badTime = badTimeText("date", val, "is "+proves.String()+", but the file's dates are "+order.String())
			return
		case j == len(val):
			if d := &r.lastDate; j <= len(d.text) {
				d.n, d.year, d.month, d.day = copy(d.text[:], val), b.c.year, b.c.month, b.c.day
			}
			b.hasDate = true
			return
		default:
			// Event Viewer and wevtutil: the time follows the date,
			// after blanks or a 'T'.
			k := j
			for k < len(val) && (val[k] == ' ' || val[k] == '\t') {
				k++
			}
			if k == j && val[k] == 'T' {
				k++
			}
			if k > j && clockAt(b, val, k) {
				b.hasDate, b.hasTime = true, true
				return
			}
		}
		b.badTime = badTimeText("date", val, "")
	case keyTime:
		if clockAt(b, val, 0) {
			b.hasTime = true
		} else {
			b.badTime = badTimeText("time", val, "")
		}
	case keyType:
		b.level = levelOf(val)
	case keySource:
		b.source = r.sources.get(val)
	case keyComputer:
		b.host = r.hosts.get(val)
	case keyEventID:
		if n, ok := atoi(val); ok && n < 1<<31 {
			b.eventID = n
		}
	}
}

// clockAt reads into b the time of day, and the offset that may follow
// it, at val[k:], and reports whether they make the rest of val.
func clockAt(b *eventBlock, val string, k int) bool {
	k, ok := scanLocalClock(val, k, &b.c)
	if !ok {
		return false
	}
	off, k, zoned := scanZone(val, k)
	if k != len(val) {
		return false
	}
	b.off, b.zoned = off, zoned
	return true
}

func levelOf(b string) Level {
	switch b {
	case "Information":
		return LevelInfo
	case "Warning":
		return LevelWarning
	case "Error":
		return LevelError
	}
	return ParseLevel(b)
}

// How a block ended.
const (
	endSeparator = iota
	endEOF
	endXML
)

// finish queues the record of the block being read, if any.
func (r *EventLogReader) finish(how int) {
	if r.state != elFields && r.state != elBody {
		return
	}
	b := &r.blk
	rec, errp := r.q.add() // the record is made in place: it is large
	*rec = Record{Level: b.level, Source: b.source, Host: b.host, EventID: b.eventID, Repeat: 1, Pos: Position{r.cfg.file, b.line}}
	valid := b.c.valid()
	if b.hasDate && b.hasTime && valid {
		if b.zoned {
			if r.zones == nil {
				r.zones = zones{} // most exports carry no offset
			}
			rec.Time, rec.HasZone = b.c.time(r.zones.get(b.off)), true
		} else {
			rec.Time = r.hours.time(&b.c, r.cfg.loc)
		}
	}
	if body := r.body.text(); body != "" {
		rec.Message = parseHeader(&rec.Header, body) // rec is new: its Header is zero
		if r.body.isSpan() {
			rec.Message = joinLines(rec.Message) // a copy's lines are joined already
		}
	}
	var pe *ParseError
	switch {
	case how == endEOF && !b.hasDesc:
		pe = &ParseError{Err: ErrTruncated, Msg: "input ends before the Description field"}
	case b.badTime != "":
		pe = &ParseError{Err: ErrBadTime, Msg: b.badTime}
	case !b.hasDate:
		pe = &ParseError{Err: ErrMalformed, Msg: "no Date field"}
	case !b.hasTime:
		pe = &ParseError{Err: ErrMalformed, Msg: "no Time field"}
	case !valid:
		c := &b.c
		pe = &ParseError{Err: ErrBadTime, Msg: fmt.Sprintf("no such date or time: %04d-%02d-%02d %02d:%02d:%02d",
			c.year, c.month, c.day, c.hour, c.min, c.sec)}
	case b.tooLarge:
		pe = &ParseError{Err: ErrTooLarge, Msg: "Description cut at " + strconv.Itoa(r.cfg.maxRecord) + " bytes"}
	case !b.hasDesc:
		pe = &ParseError{Err: ErrMalformed, Msg: "no Description field"}
	}
	r.state = elOutside
	r.body.reset()
	if pe != nil {
		pe.Pos = rec.Pos
		*errp = pe
	}
	r.q.pushLater(&r.later)
}

// isSeparator reports whether line is a row of at least three asterisks,
// or a banner: words between two such rows ("***** Event Log *****").
func isSeparator(line string) bool {
	line = trimLeft(line)
	if len(line) < 3 || line[0] != '*' {
		return false
	}
	// Compared a run at a time: the export's separators are 42 bytes.
	row := line
	for len(row) > len(stars) {
		if row[:len(stars)] != stars {
			return isBanner(line)
		}
		row = row[len(stars):]
	}
	return row == stars[:len(row)] || isBanner(line)
}

// isBanner reports whether line is a banner: a letter or digit between
// two runs of three asterisks or more.
func isBanner(line string) bool {
	i, end := 0, len(line)
	for i < end && line[i] == '*' {
		i++
	}
	for end > i && line[end-1] == '*' {
		end--
	}
	if i < 3 || len(line)-end < 3 {
		return false
	}
	for _, c := range []byte(line[i:end]) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			return true
		}
	}
	return false
}

// isEventStart reports whether line opens an event of wevtutil's text
// output, "Event[12]:".
func isEventStart(line string) bool {
	line = trimLeft(line)
	if len(line) < 9 || !equalFold(line[:6], "Event[") || line[len(line)-2:] != "]:" {
		return false
	}
	_, ok := atoi(line[6 : len(line)-2])
	return ok
}

// stars is a run of asterisks that isSeparator compares lines with.
const stars = "****************************************************************"

func isEventXML(line string) bool {
	return len(line) >= 10 && equalFold(trimRight(trimLeft(line)), "Event Xml:")
}

// splitField splits "Key : value" where Key is a few words of letters,
// digits and blanks, the colon within the first 41 bytes; blanks around the
// colon may be spaces or tabs.
func splitField(line string) (key, val string, ok bool) {
	// One pass over the key finds the colon and checks the key's bytes,
	// and ends at the first byte a key cannot hold.
	i := 0
	for i < len(line) && i <= 40 && keyByte[line[i]] {
		i++
	}
	if i == 0 || i > 40 || i == len(line) || line[i] != ':' {
		return "", "", false
	}
	key = trimRight(trimLeft(line[:i]))
	if len(key) == 0 {
		return "", "", false
	}
	return key, trimLeft(line[i+1:]), true
}

// keyByte tells the bytes a field's key may hold.
var keyByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '\t' || c == '_' || c == '-'
	}
	return t
}()

// trimLeft removes leading spaces and tabs.
func trimLeft(b string) string {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return b[i:]
}
