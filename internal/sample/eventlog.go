package sample

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
)

// An Event is one Windows event-log record.
type Event struct {
	Time   time.Time
	Type   string // Information, Warning, Error
	Source string // acvpnagent, acvpnui, ...
	Body   string // lines separated by \n; CRLF is applied on output
}

// Debug returns an AnyConnect debug body: Function, File, Line, then text.
func Debug(function, file string, line int, text string) string {
	return fmt.Sprintf("Function: %s\nFile: %s\nLine: %d\n%s", function, file, line, text)
}

// DebugRC returns a debug body with an invoked function and return code.
func DebugRC(function, file string, line int, invoked string, code int32, desc, text string) string {
	s := fmt.Sprintf("Function: %s\nFile: %s\nLine: %d\nInvoked Function: %s\nReturn Code: %d (0x%08X)\nDescription: %s", function, file, line, invoked, code, uint32(code), desc)
	if text != "" {
		s += "\n" + text
	}
	return s
}

// An EventStyle is one way the text export lays out its fields.
type EventStyle int

// Styles of the event-log text export. The real layout is not documented
// (BELIEVED: asterisk separators, "Field<tabs>: value"); the samples vary it
// so that parsers are written for the family.
const (
	// StyleTabs pads field names with tabs and puts blank lines around
	// the Description.
	StyleTabs EventStyle = iota
	// StyleTechNote is the layout of the Cisco TechNote's sample: "Date :
	// 06/17/2020", single spaces, no blank lines, a short separator.
	StyleTechNote
)

// EventLog renders events as DART's text export with CRLF line endings.
// With newestFirst the events are listed newest first, as Event Viewer
// exports do.
func EventLog(events []Event, style EventStyle, newestFirst bool) string {
	ev := append([]Event(nil), events...)
	sort.SliceStable(ev, func(i, j int) bool {
		if newestFirst {
			return ev[i].Time.After(ev[j].Time)
		}
		return ev[i].Time.Before(ev[j].Time)
	})
	var b []byte
	for _, e := range ev {
		b = AppendEvent(b, e, style)
	}
	b = AppendEventEnd(b, style)
	return string(b)
}

// eventSeparator returns the row of asterisks that opens each block.
func eventSeparator(style EventStyle) string {
	if style == StyleTechNote {
		return "*****"
	}
	return "******************************************"
}

// AppendEvent appends one block of the text export, e in the given style
// with CRLF line endings, to b. A log is its events' blocks followed by
// [AppendEventEnd]; writing them one at a time lets a large log be streamed.
func AppendEvent(b []byte, e Event, style EventStyle) []byte {
	line := func(parts ...string) {
		for _, p := range parts {
			b = append(b, p...)
		}
		b = append(b, "\r\n"...)
	}
	line(eventSeparator(style))
	body := e.Body
	if style == StyleTechNote {
		body = strings.Replace(body, "Function: ", "Function : ", 1)
	}
	switch style {
	case StyleTechNote:
		b = append(b, "Date : "...)
		b = e.Time.AppendFormat(b, "01/02/2006")
		b = append(b, "\r\nTime : "...)
		b = e.Time.AppendFormat(b, "15:04:05")
		b = append(b, "\r\n"...)
		line("Type : ", e.Type)
		line("Source : ", e.Source)
		b = append(b, "Description : "...)
	default:
		line("")
		b = append(b, "Date\t\t: "...)
		b = e.Time.AppendFormat(b, "01/02/2006")
		b = append(b, "\r\nTime\t\t: "...)
		b = e.Time.AppendFormat(b, "15:04:05")
		b = append(b, "\r\n"...)
		line("Type\t\t: ", e.Type)
		line("Source\t\t: ", e.Source)
		line("")
		b = append(b, "Description\t: "...)
	}
	b = appendCRLF(b, body)
	b = append(b, "\r\n"...)
	if style != StyleTechNote {
		line("")
	}
	return b
}

// AppendEventEnd appends the separator that closes the last block.
func AppendEventEnd(b []byte, style EventStyle) []byte {
	b = append(b, eventSeparator(style)...)
	return append(b, "\r\n"...)
}

// appendCRLF appends s to b with each "\n" written as "\r\n".
func appendCRLF(b []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		b = append(b, "\r\n"...)
		s = s[i+1:]
	}
}

// UTF16LE encodes s as UTF-16 little-endian with a byte-order mark, as
// Windows tools write "Unicode" text.
func UTF16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 2, 2+2*len(u))
	out[0], out[1] = 0xFF, 0xFE
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}
