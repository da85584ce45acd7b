package logparse

import (
	"io"
	"iter"
	"strings"
	"time"
)

// A SyslogReader reads syslog text files: BSD syslog (RFC 3164) lines
//
//	Jan 12 17:05:35 x5 acvpnui[16263]: Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 ...
//
// with or without a [pid] and a leading <PRI>, journalctl's short-iso form
// (an RFC 3339 timestamp instead of the BSD one), RFC 5424 lines, and the old
// macOS Console form, which has no host:
//
//	5/20/14 11:33:56.909 PM acvpnagent[69]: Function: updatePotentialPublicAddresses ...
//
// rsyslog's "message repeated N times: [ ... ]" sets Record.Repeat, and its
// #ooo escapes of control characters (#011 for a tab) are decoded.
//
// A line that does not start like a syslog line continues the message of
// the record before it (multi-line messages, kernel backtraces): it is
// appended to Message after a newline. Such a line before the first record
// is reported as a *ParseError wrapping ErrMalformed. Blank lines and
// journalctl's notes ("-- Boot 0a1b... --") are skipped.
type SyslogReader struct {
	lineRecords
	limit time.Time // latest plausible time of a year-less record
}

// NewSyslogReader returns a reader of the syslog text in r. A nil opts means
// the default Options; see Options.Reference for how years are chosen.
func NewSyslogReader(r io.Reader, opts *Options) *SyslogReader {
	return newSyslogReader(r, newConfig(opts))
}

func newSyslogReader(r io.Reader, c config) *SyslogReader {
	sr := &SyslogReader{limit: c.ref.Add(48 * time.Hour).In(c.loc)}
	sr.lineRecords.init(r, c, sr.parse, isJournalNote)
	return sr
}

// All returns a single-use iterator over the remaining records, as described
// by RecordReader.
func (r *SyslogReader) All() iter.Seq2[Record, error] { return all(r.Read) }

// isJournalNote reports whether line is one of journalctl's notes, such as
// "-- Logs begin at ... --", "-- Boot 0a1b... --" or "-- No entries --".
func isJournalNote(line string) bool {
	n := len(line)
	return n >= 6 && line[0] == '-' && line[1] == '-' && line[2] == ' ' &&
		line[n-3] == ' ' && line[n-2] == '-' && line[n-1] == '-'
}

// severity maps syslog severities 0-7 to Levels.
var severity = [8]Level{LevelCritical, LevelCritical, LevelCritical, LevelError, LevelWarning, LevelNotice, LevelInfo, LevelDebug}

// parse parses one syslog line. It reports false when s does not start with
// a syslog prefix.
func (r *SyslogReader) parse(s string) (rec Record, ok bool) {
	rec.Repeat = 1
	i := 0
	if s[0] == '<' {
		pri, j, n := num(s, 1, 3)
		if n == 0 || j >= len(s) || s[j] != '>' || pri > 191 {
			return rec, false
		}
		rec.Level = severity[pri&7]
		i = j + 1
		if i+1 < len(s) && s[i] == '1' && s[i+1] == ' ' {
			return r.parse5424(s, i+2, rec)
		}
	}
	if i >= len(s) {
		return rec, false
	}
	var c clock
	host := true
	switch {
	case len(s)-i >= 15 && monthOf(s[i:]) > 0 && s[i+3] == ' ':
		c.month = monthOf(s[i:])
		j := i + 4
		if s[j] == ' ' {
			j++
		}
		var n int
		c.day, j, n = num(s, j, 2)
		if n == 0 || j >= len(s) || s[j] != ' ' {
			return rec, false
		}
		j, ok = parseClock(s, j+1, &c, false)
		if !ok || !r.setYear(&c) {
			return rec, false
		}
		rec.Time = r.hours.time(&c, r.cfg.loc)
		i = j
	case len(s)-i >= 19 && s[i+4] == '-':
		j, off, zoned, ok := parseISO(s, i, &c)
		if !ok || !c.valid() {
			return rec, false
		}
		if zoned {
			rec.Time, rec.HasZone = c.time(r.zones.get(off)), true
		} else {
			rec.Time = r.hours.time(&c, r.cfg.loc)
		}
		i = j
	case s[i] >= '0' && s[i] <= '9':
		// macOS Console: 5/20/14 11:33:56.909 PM tag[pid]: message
		j, ok := parseDate(s, i, &c)
		if !ok || j >= len(s) || s[j] != ' ' {
			return rec, false
		}
		j, ok = parseClock(s, j+1, &c, true)
		if !ok || !c.valid() {
			return rec, false
		}
		rec.Time = r.hours.time(&c, r.cfg.loc)
		i, host = j, false
	default:
		return rec, false
	}
	if i >= len(s) || s[i] != ' ' {
		return rec, false
	}
	i++
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if host {
		e := strings.IndexByte(s[i:], ' ')
		if e < 0 {
			e = len(s) - i
		}
		h := s[i : i+e]
		// A first word ending in ':' or ']' is the tag of a line without
		// a host, and "---" opens macOS's "--- last message repeated".
		if h != "---" && !strings.HasSuffix(h, ":") && !strings.HasSuffix(h, "]") {
			rec.Host = h
			i += e
			for i < len(s) && s[i] == ' ' {
				i++
			}
		}
	}
	i = parseTag(s, i, &rec)
	r.message(s[i:], &rec)
	return rec, true
}

// parseTag reads "tag[pid]: " or "tag: " at s[i:] into rec and returns the
// index of the message. Without a tag it returns i.
func parseTag(s string, i int, rec *Record) int {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case ':':
			if j == i {
				return i
			}
			rec.Source = s[i:j]
			return skipBlank(s, j+1)
		case '[':
			pid, k, n := num(s, j+1, 10)
			if n == 0 || k >= len(s) || s[k] != ']' {
				return i
			}
			rec.Source, rec.PID = s[i:j], pid
			k++
			if k < len(s) && s[k] == ':' {
				k++
			}
			return skipBlank(s, k)
		case ' ', '\t':
			return i
		}
	}
	return i
}

func skipBlank(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// message sets rec's Message, Header and Repeat from the message text m.
func (r *SyslogReader) message(m string, rec *Record) {
	if strings.HasPrefix(m, "message repeated ") {
		if n, j, d := num(m, len("message repeated "), 9); d > 0 && n > 0 && strings.HasPrefix(m[j:], " times: [") {
			inner := strings.TrimSpace(m[j+len(" times: ["):])
			inner = strings.TrimSuffix(inner, "]")
			rec.Repeat, m = n, strings.TrimSpace(inner)
		}
	}
	m = unescapeOctal(m)
	rec.Header, rec.Message = ParseHeader(m)
}

// unescapeOctal decodes rsyslog's #ooo escapes of control characters. A '#'
// with three octal digits that do not name a control character (as in
// "ticket #123") is left alone.
func unescapeOctal(s string) string {
	i := strings.IndexByte(s, '#')
	if i < 0 {
		return s
	}
	var b []byte
	last := 0
	for ; i >= 0 && i+3 < len(s); i = nextHash(s, i+1) {
		if !isOctal(s[i+1]) || !isOctal(s[i+2]) || !isOctal(s[i+3]) {
			continue
		}
		v := int(s[i+1]-'0')<<6 | int(s[i+2]-'0')<<3 | int(s[i+3]-'0')
		if v >= 32 && v != 127 {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
		b = append(b, byte(v))
		last = i + 4
		i += 3
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func nextHash(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	j := strings.IndexByte(s[i:], '#')
	if j < 0 {
		return -1
	}
	return i + j
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// setYear gives the year-less c the latest year that does not put it after
// the reader's limit (Reference plus two days).
func (r *SyslogReader) setYear(c *clock) bool {
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

// monthOf returns the month named by the first three letters of s, or 0.
func monthOf(s string) int {
	if len(s) < 3 {
		return 0
	}
	switch s[:3] {
	case "Jan":
		return 1
	case "Feb":
		return 2
	case "Mar":
		return 3
	case "Apr":
		return 4
	case "May":
		return 5
	case "Jun":
		return 6
	case "Jul":
		return 7
	case "Aug":
		return 8
	case "Sep":
		return 9
	case "Oct":
		return 10
	case "Nov":
		return 11
	case "Dec":
		return 12
	}
	return 0
}

// parse5424 parses the rest of an RFC 5424 line after "<PRI>1 ":
// TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG, where "-"
// stands for a missing value.
func (r *SyslogReader) parse5424(s string, i int, rec Record) (Record, bool) {
	tok := func() string {
		e := strings.IndexByte(s[i:], ' ')
		if e < 0 {
			e = len(s) - i
		}
		t := s[i : i+e]
		i = skipBlank(s, i+e)
		return t
	}
	ts := tok()
	if ts != "-" {
		var c clock
		j, off, zoned, ok := parseISO(ts, 0, &c)
		if !ok || j != len(ts) || !c.valid() {
			return rec, false
		}
		if zoned {
			rec.Time, rec.HasZone = c.time(r.zones.get(off)), true
		} else {
			rec.Time = r.hours.time(&c, r.cfg.loc)
		}
	}
	if h := tok(); h != "-" {
		rec.Host = h
	}
	if a := tok(); a != "-" {
		rec.Source = a
	}
	if p, ok := atoi(tok()); ok && p < 1<<31 {
		rec.PID = p
	}
	tok() // MSGID
	if strings.HasPrefix(s[i:], "-") {
		i = skipBlank(s, i+1)
	} else {
		for i < len(s) && s[i] == '[' {
			// Skip one SD-ELEMENT, minding escaped ']' in values.
			j := i + 1
			for j < len(s) && s[j] != ']' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+1, len(s))
		}
		i = skipBlank(s, i)
	}
	m := strings.TrimPrefix(s[i:], "\uFEFF")
	r.message(m, &rec)
	return rec, true
}
