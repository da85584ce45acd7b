package logparse

import (
	"io"
	"iter"
	"strings"
	"time"
)

// A SyslogReader reads syslog text files: BSD syslog (RFC 3164) lines, as
// Linux syslog daemons and macOS system.log write them,
//
//	Jan 12 17:05:35 x5 acvpnui[16263]: Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 ...
//	Feb  8 00:45:32 mac Cisco AnyConnect Secure Mobility Client[8211]: PluginManager: ...
//
// with or without a [pid] and a leading <PRI>, journalctl's short and
// short-iso forms (an RFC 3339 timestamp instead of the BSD one), RFC 5424
// lines, macOS syslog(1) output, whose level follows the pid
//
//	Jun  6 12:55:10 mac neagent(Foundation)[2409] <Notice>: calling plugIn
//
// and the macOS Console form (M/D/YY, a 12-hour clock with milliseconds),
// which has no host:
//
//	5/20/14 11:33:56.909 PM acvpnagent[69]: Function: updatePotentialPublicAddresses ...
//
// The tag goes to Record.Source and may hold blanks, dots, brackets and
// parentheses when a [pid] closes it; parseTag in syslog.go says where a
// tag ends, and isHost when a first word is a host. A "(sender)" ending a
// tag goes to Record.Sender.
//
// The message's AnyConnect header, in the modern form (ParseHeader) or
// the 2.x/3.x agent form (ParseAgentHeader, whose level word sets
// Record.Level), goes to Record.Header.
//
// BSD syslogd's and macOS's "--- last message repeated N times ---", alone
// on a line or after a timestamp and host, is no record: it adds N to the
// Repeat of the record before it (and is dropped when there is none).
// rsyslog's "message repeated N times: [ ... ]" is a record of its own
// whose Repeat is N. rsyslog's #ooo escapes of control characters (#011
// for a tab) are decoded.
//
// A line that does not start like a syslog line continues the message of
// the record before it (multi-line messages, kernel backtraces): it is
// appended to Message after a newline. Such a line before the first record
// is reported as a *ParseError wrapping ErrMalformed. Blank lines and
// journalctl's notes ("-- Boot 0a1b... --") are skipped.
type SyslogReader struct {
	lineRecords
	limit   time.Time // latest plausible time of a year-less record
	conHost string    // the host of the last Console line that had one
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

// parse parses one syslog line: a record, a repeat notice, or text that
// does not start like a syslog line.
func (r *SyslogReader) parse(s string) (rec Record, kind lineKind) {
	rec.Repeat = 1
	if n, ok := repeatNotice(s); ok {
		rec.Repeat = n
		return rec, lineRepeat
	}
	i := 0
	if s[0] == '<' {
		pri, j, n := num(s, 1, 3)
		if n == 0 || j >= len(s) || s[j] != '>' || pri > 191 {
			return rec, lineText
		}
		rec.Level = severity[pri&7]
		i = j + 1
		if i+1 < len(s) && s[i] == '1' && s[i+1] == ' ' {
			return r.parse5424(s, i+2, rec)
		}
	}
	if i >= len(s) {
		return rec, lineText
	}
	var c clock
	console := false
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
			return rec, lineText
		}
		j, ok := parseClock(s, j+1, &c, false)
		if !ok || !r.setYear(&c) {
			return rec, lineText
		}
		rec.Time = r.hours.time(&c, r.cfg.loc)
		i = j
	case len(s)-i >= 19 && s[i+4] == '-':
		j, off, zoned, ok := parseISO(s, i, &c)
		if !ok || !c.valid() {
			return rec, lineText
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
			return rec, lineText
		}
		j, ok = parseClock(s, j+1, &c, true)
		if !ok || !c.valid() {
			return rec, lineText
		}
		rec.Time = r.hours.time(&c, r.cfg.loc)
		i, console = j, true
	default:
		return rec, lineText
	}
	if i >= len(s) || s[i] != ' ' {
		return rec, lineText
	}
	i = skipBlank(s, i+1)
	if n, ok := repeatNotice(s[i:]); ok {
		rec.Repeat = n
		return rec, lineRepeat
	}
	e := strings.IndexAny(s[i:], " \t")
	if e < 0 {
		e = len(s) - i
	}
	if w := s[i : i+e]; r.isHost(w, s[i+e:], console) {
		rec.Host = w
		i = skipBlank(s, i+e)
		if n, ok := repeatNotice(s[i:]); ok {
			rec.Repeat = n
			return rec, lineRepeat
		}
	}
	i = parseTag(s, i, &rec)
	r.message(s[i:], &rec)
	return rec, lineRecord
}

// isHost reports whether the word w, followed by rest, is the host of a
// syslog line. In the BSD and ISO forms a host comes first, unless w is
// itself a tag: it ends in ':' or ']' (a line written without a host). The
// Console form has no host, but "log" and old "syslog" outputs may put one
// there, and a process name with blanks ("Cisco AnyConnect Secure Mobility
// Client[8211]:") makes a first word alone no proof of one. So a Console
// line's first word is a host only when a tag follows it and the word is
// the host of an earlier Console line, or is shaped like a host name and
// the tag after it is one word. Shaped like a host name means made of
// letters, digits, '-', '.' and '_' with a '-' or a '.' among them
// ("Johns-MacBook-Pro", "mac.local"), or "localhost": "mymac
// acvpnagent[69]:" is all tag, as a process may be named "Google
// Chrome".
func (r *SyslogReader) isHost(w, rest string, console bool) bool {
	if w == "" || strings.HasSuffix(w, ":") || strings.HasSuffix(w, "]") {
		return false
	}
	if !console {
		return true
	}
	if w != r.conHost && (!hostShaped(w) || hasBlankTag(rest)) {
		return false
	}
	var probe Record
	if j := skipBlank(rest, 0); parseTag(rest, j, &probe) == j {
		return false
	}
	if w != r.conHost {
		r.conHost = strings.Clone(w)
	}
	return true
}

// hasBlankTag reports whether the text after a Console line's first word
// starts with more words before the tag's "[pid]": then the first word is
// more likely the start of a process name than a host.
func hasBlankTag(rest string) bool {
	rest = rest[skipBlank(rest, 0):]
	b := strings.IndexAny(rest, " \t[:")
	return b >= 0 && (rest[b] == ' ' || rest[b] == '\t')
}

func hostShaped(w string) bool {
	if w == "localhost" {
		return true
	}
	marked := false
	for k := 0; k < len(w); k++ {
		switch c := w[k]; {
		case c == '-' || c == '.':
			marked = true
		case c == '_' || isLetter(c) || c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return marked
}

// repeatNotice reads the notice of BSD syslogd and macOS system.log that
// the line before occurred n more times: "--- last message repeated 2 times
// ---", or without the dashes.
func repeatNotice(s string) (n int, ok bool) {
	t := s
	dashes := strings.HasPrefix(t, "--- ")
	if dashes {
		t = t[4:]
	}
	const p = "last message repeated "
	if !strings.HasPrefix(t, p) {
		return 0, false
	}
	n, j, d := num(t, len(p), 9)
	if d == 0 {
		return 0, false
	}
	t = t[j:]
	switch {
	case strings.HasPrefix(t, " times"):
		t = t[6:]
	case strings.HasPrefix(t, " time"):
		t = t[5:]
	default:
		return 0, false
	}
	t = trimRight(t)
	if dashes || strings.HasPrefix(t, " ---") {
		t = strings.TrimPrefix(t, " ---")
	}
	return n, t == ""
}

// parseTag reads the tag (program name) at s[i:] into rec and returns the
// index of the message after it. The tag is the text before the first of
//
//   - a "[pid]" right after a non-blank and followed by ':' ("Cisco
//     AnyConnect Secure Mobility Client[8211]: ...", "Cisco Secure Client -
//     AnyConnect VPN (ext)[123]: ..."); or by a blank or the end when the
//     tag is one word ("com.apple.xpc.launchd[1] (label[55]): ..."), or by
//     " <Level>:" as macOS syslog(1) prints ("neagent[24] <Notice>: ...",
//     which sets rec.Level);
//   - a ':' followed by a blank or the end, when the tag before it is one
//     word ("kernel: ...").
//
// A tag without a pid is one word because nothing else tells a name with
// blanks from a message that holds a colon ("Connection state: up"); and a
// bracket or colon that comes after a blank-ended tag candidate settles
// nothing, so "Connection state: up [5]" has no tag. A tag ending in a
// blank-free "(sender)", as in "neagent(Foundation)[24]", is split into
// Source and Sender. Without a tag, parseTag returns i.
func parseTag(s string, i int, rec *Record) int {
	blank := false
	for j := i; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t':
			blank = true
		case ':':
			if j+1 < len(s) && s[j+1] != ' ' && s[j+1] != '\t' {
				continue
			}
			if j == i || blank {
				return i
			}
			setSource(rec, s[i:j])
			return skipBlank(s, j+1)
		case '[':
			if j == i || s[j-1] == ' ' || s[j-1] == '\t' {
				continue
			}
			pid, k, n := num(s, j+1, 10)
			if n == 0 || k >= len(s) || s[k] != ']' {
				continue
			}
			k++
			m, lv, ok := afterPID(s, k, blank)
			if !ok {
				continue
			}
			setSource(rec, s[i:j])
			rec.PID = pid
			if lv != LevelUnknown {
				rec.Level = lv
			}
			return m
		}
	}
	return i
}

// afterPID reads what follows the "]" of a tag's pid at s[k:] and returns
// the index of the message, as parseTag describes.
func afterPID(s string, k int, blank bool) (m int, lv Level, ok bool) {
	if k < len(s) && s[k] == ':' {
		return skipBlank(s, k+1), LevelUnknown, true
	}
	if k < len(s) && s[k] != ' ' && s[k] != '\t' {
		return 0, 0, false
	}
	j := skipBlank(s, k)
	if j+2 < len(s) && s[j] == '<' {
		if e := strings.IndexByte(s[j:min(len(s), j+16)], '>'); e > 1 && j+e+1 < len(s) && s[j+e+1] == ':' {
			if lv := ParseLevel(s[j+1 : j+e]); lv != LevelUnknown {
				return skipBlank(s, j+e+2), lv, true
			}
		}
	}
	if blank {
		return 0, 0, false
	}
	return j, LevelUnknown, true
}

// setSource sets rec's Source, and its Sender when the tag ends in a
// blank-free "(sender)" right after the name.
func setSource(rec *Record, tag string) {
	if strings.HasSuffix(tag, ")") {
		if p := strings.LastIndexByte(tag, '('); p > 0 && tag[p-1] != ' ' && tag[p-1] != '\t' &&
			!strings.ContainsAny(tag[p:], " \t") && p+2 < len(tag) {
			rec.Source, rec.Sender = tag[:p], tag[p+1:len(tag)-1]
			return
		}
	}
	rec.Source = tag
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
	setMessage(m, rec)
}

// setMessage splits the message text m into rec's Header and Message: the
// modern AnyConnect header (ParseHeader) or the 2.x/3.x agent prefix
// (ParseAgentHeader), whose level word, when it names one, sets rec.Level,
// or the prefix followed by the modern header.
func setMessage(m string, rec *Record) {
	if len(m) > 2 && m[0] == '[' && m[1] == 'p' {
		if lv, rest := parseAgentHeader(&rec.Header, m); rest != m || lv != LevelUnknown {
			if lv != LevelUnknown {
				rec.Level = lv
			}
			if rec.Header.IsZero() {
				// The modern header may follow the prefix.
				rec.Header, rest = ParseHeader(rest)
			}
			rec.Message = rest
			return
		}
	}
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
func (r *SyslogReader) parse5424(s string, i int, rec Record) (Record, lineKind) {
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
			return rec, lineText
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
	return rec, lineRecord
}
