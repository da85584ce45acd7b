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
	var b strings.Builder
	sep := "******************************************"
	if style == StyleTechNote {
		sep = "*****"
	}
	line := func(s string) { b.WriteString(s); b.WriteString("\r\n") }
	for _, e := range ev {
		line(sep)
		body := strings.ReplaceAll(e.Body, "\n", "\r\n")
		switch style {
		case StyleTechNote:
			line("Date : " + e.Time.Format("01/02/2006"))
			line("Time : " + e.Time.Format("15:04:05"))
			line("Type : " + e.Type)
			line("Source : " + e.Source)
			line("Description : " + strings.Replace(body, "Function: ", "Function : ", 1))
		default:
			line("")
			line("Date\t\t: " + e.Time.Format("01/02/2006"))
			line("Time\t\t: " + e.Time.Format("15:04:05"))
			line("Type\t\t: " + e.Type)
			line("Source\t\t: " + e.Source)
			line("")
			line("Description\t: " + body)
			line("")
		}
	}
	line(sep)
	return b.String()
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
