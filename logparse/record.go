package logparse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Position is the origin of a record: the file it was read from and the
// 1-based line where the record starts. A zero Line means unknown.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// String returns "file:line", "file" or "line" depending on which parts are
// known, in the style of go/token.Position.
func (p Position) String() string {
	switch {
	case p.File != "" && p.Line > 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	case p.File != "":
		return p.File
	case p.Line > 0:
		return strconv.Itoa(p.Line)
	}
	return "-"
}

// A Level is the severity a log format gives a record. The zero Level means
// the format carried none (BSD syslog lines, for example).
type Level int

// Levels, in increasing order of severity.
const (
	LevelUnknown Level = iota
	LevelDebug
	LevelInfo
	LevelNotice
	LevelWarning
	LevelError
	LevelCritical
)

var levelNames = [...]string{"unknown", "debug", "info", "notice", "warning", "error", "critical"}

// String returns the lower-case name of l.
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLevel maps the level words used by the Windows event log ("Information",
// "Warning", "Error", ...), syslog severities and macOS unified-log types
// ("Default", "Info", "Debug", "Error", "Fault") to a Level. Unknown words
// give LevelUnknown.
func ParseLevel(s string) Level {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug", "verbose", "trace", "db":
		return LevelDebug
	case "information", "informational", "info", "default", "df", "i", "in":
		return LevelInfo
	case "notice", "audit success", "audit failure":
		return LevelNotice
	case "warning", "warn", "w", "wa":
		return LevelWarning
	case "error", "err", "e", "er":
		return LevelError
	case "critical", "crit", "fault", "alert", "emerg", "emergency", "ft", "fa":
		return LevelCritical
	}
	return LevelUnknown
}

// A Header holds the fields of the debug header that AnyConnect puts in front
// of many messages:
//
//	Function: CDNSRequest::OnSocketReadComplete
//	File: c:\temp\build\...\vpn\common\ip\dnsrequest.cpp
//	Line: 1147
//	Invoked Function: CSocketSupport::getHostIPAddrByName
//	Return Code: -31129588 (0xFE25000C)
//	Description: SOCKETSUPPORT_ERROR_GETADDRINFO
//
// On Windows the fields are on separate lines, in syslog on one line. Only
// Function, File and Line are always present; the zero value means the
// message had no header.
type Header struct {
	Function        string
	File            string
	Line            int
	InvokedFunction string // optional
	ReturnCode      int64  // optional; valid when HasReturnCode
	HasReturnCode   bool
	Description     string // optional: the symbolic name of ReturnCode
}

// IsZero reports whether h holds no header.
func (h Header) IsZero() bool { return h.Function == "" && h.File == "" && h.Line == 0 }

// A Record is one log entry, whatever format it came from.
type Record struct {
	// Time is when the entry was written. Formats without a zone (the
	// Windows event-log export, BSD syslog) are read in the Location the
	// reader was given, UTC by default; HasZone reports whether the text
	// itself carried an offset.
	Time    time.Time
	HasZone bool

	Level   Level
	Source  string // event provider, syslog tag or process name, e.g. "acvpnagent"
	Host    string // optional
	PID     int    // 0 when unknown
	EventID int    // 0 when unknown

	// Sender is the library that logged a macOS unified-log entry, and
	// Subsystem its "subsystem:category". Both are optional.
	Sender    string
	Subsystem string

	// Header is the AnyConnect debug header split into fields, and Message
	// the text that follows it (the whole text when there is no header).
	Header  Header
	Message string

	// Repeat is how many times the entry occurred: 1 for an ordinary
	// record, N for rsyslog's "message repeated N times: [ ... ]", and
	// 1+N for a record that BSD syslogd or macOS followed with "--- last
	// message repeated N times ---" (more for several such lines).
	Repeat int

	Pos Position
}

// Clone returns a copy of r whose strings share no memory with the input
// r was read from. A reader's records share the block of text they were cut
// from (a few hundred kilobytes), so a caller that keeps a few records out
// of many should keep clones: they hold only their own text. The strings
// are copied in one allocation.
func (r *Record) Clone() Record {
	c := *r
	h := &c.Header
	pack(&c.Source, &c.Host, &c.Sender, &c.Subsystem, &c.Message,
		&h.Function, &h.File, &h.InvokedFunction, &h.Description)
	return c
}

// pack copies the strings *ss, in order, into one new string, makes each
// *ss the part of it that holds its text, and returns the new string: a
// clone's strings cost one allocation, not one each.
func pack(ss ...*string) string {
	n := 0
	for _, s := range ss {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ss {
		b.WriteString(*s)
	}
	all := b.String()
	rest := all
	for _, s := range ss {
		*s, rest = rest[:len(*s)], rest[len(*s):]
	}
	return all
}

// Text returns the record's message with its header, on one line, as a
// syslog line would show it.
func (r *Record) Text() string {
	if r.Header.IsZero() {
		return r.Message
	}
	var b strings.Builder
	h := &r.Header
	b.WriteString("Function: ")
	b.WriteString(h.Function)
	b.WriteString(" File: ")
	b.WriteString(h.File)
	b.WriteString(" Line: ")
	b.WriteString(strconv.Itoa(h.Line))
	if h.InvokedFunction != "" {
		b.WriteString(" Invoked Function: ")
		b.WriteString(h.InvokedFunction)
	}
	if h.HasReturnCode {
		fmt.Fprintf(&b, " Return Code: %d (0x%08X)", h.ReturnCode, uint32(h.ReturnCode))
	}
	if h.Description != "" {
		b.WriteString(" Description: ")
		b.WriteString(h.Description)
	}
	if r.Message != "" {
		b.WriteByte(' ')
		b.WriteString(r.Message)
	}
	return b.String()
}

// Errors a parser reports inside a *ParseError. Each means that something
// was lost; a doubt about the layout of the input is none of them.
var (
	// ErrBadTime reports a record whose time could not be read: a date
	// or time that does not parse, names no real time, or contradicts
	// the order of day and month that the file's dates decided. The
	// record is returned without its Time.
	ErrBadTime = errors.New("bad timestamp")

	// ErrMalformed reports a record that lacks what every record has
	// (an event-log block ended without Date, Time or Description), or
	// a line that is no record and continues none.
	ErrMalformed = errors.New("malformed record")

	// ErrTruncated reports a record cut by the end of the input, which
	// ended inside its fields. A whole record at the end of the input,
	// whatever follows or lacks after it, is not truncated.
	ErrTruncated = errors.New("truncated record")

	// ErrLineTooLong reports a line longer than Options.MaxLineLength,
	// skipped.
	ErrLineTooLong = errors.New("line too long")
)

// A ParseError is a problem with one record. The reader skips the record (or
// returns what it could read of it) and goes on with the next.
type ParseError struct {
	Pos Position
	Err error  // one of the Err* values above, possibly wrapped
	Msg string // optional detail, e.g. the offending text (quoted, truncated)
}

// Error returns "file:line: problem: detail".
func (e *ParseError) Error() string {
	if e.Msg != "" {
		return e.Pos.String() + ": " + e.Err.Error() + ": " + e.Msg
	}
	return e.Pos.String() + ": " + e.Err.Error()
}

// Unwrap returns e.Err, so that errors.Is(err, ErrTruncated) and the like
// work on a *ParseError.
func (e *ParseError) Unwrap() error { return e.Err }
