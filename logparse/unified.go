package logparse

import (
	"io"
	"iter"
	"strings"
)

// A UnifiedLogReader reads the text that macOS "log show" prints, in its
// default style
//
//	Timestamp                       Thread     Type        Activity             PID    TTL
//	2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) Function: ...
//
// its syslog style
//
//	2024-01-10 09:15:32.123456-0500  localhost vpnagentd[123]: (libvpnagentutilities.dylib) Function: ...
//
// and its compact style, whose process may carry [pid] or [pid:tid]:
//
//	2026-01-01 00:00:00.000 Df vpnagentd[100:1a2b] Function: ...
//
// The default and syslog styles give the time with its offset (HasZone);
// the compact style gives none, and its times are read in Options.Location.
// The sender in parentheses goes to Record.Sender, the process to Source, a
// "[subsystem:category]" before the message to Record.Subsystem.
//
// Process names may hold blanks, dots, brackets and parentheses ("Cisco
// Secure Client - AnyConnect VPN (ext)"): in the default style the name
// runs to the first ": "; in the compact style to the "[pid]" or
// "[pid:tid]" that is followed by a blank; in the syslog style it ends as
// SyslogReader's tags do. The message's header is split as SyslogReader
// splits it, in the modern form or the 2.x/3.x agent form.
// Column headers, "Filtering the log data ..." and "Skipping ..." notes and
// the closing summary ("Log      - Default: ...") are skipped. A line that
// does not start with a timestamp continues the message of the record before
// it; before the first record it is reported as a *ParseError wrapping
// ErrMalformed. Blank lines are skipped.
type UnifiedLogReader struct {
	lineRecords
}

// NewUnifiedLogReader returns a reader of the "log show" output in r. A nil
// opts means the default Options.
func NewUnifiedLogReader(r io.Reader, opts *Options) *UnifiedLogReader {
	return newUnifiedLogReader(r, newConfig(opts))
}

func newUnifiedLogReader(r io.Reader, c config) *UnifiedLogReader {
	ur := &UnifiedLogReader{}
	ur.lineRecords.init(r, c, ur.parse, isUnifiedNoise)
	return ur
}

// All returns a single-use iterator over the remaining records, as described
// by RecordReader.
func (r *UnifiedLogReader) All() iter.Seq2[Record, error] { return all(r.Read) }

// isUnifiedNoise reports whether line is one of the lines "log show" adds
// around the entries.
func isUnifiedNoise(line string) bool {
	switch line[0] {
	case 'T':
		return strings.HasPrefix(line, ("Timestamp "))
	case 'F':
		return strings.HasPrefix(line, ("Filtering the log data"))
	case 'S':
		return strings.HasPrefix(line, ("Skipping "))
	case 'L':
		return strings.HasPrefix(line, ("Log ")) && strings.Contains(line, (" - Default:"))
	case 'A':
		return strings.HasPrefix(line, ("Activity ")) && strings.Contains(line, (" - Create:"))
	case 'E':
		return strings.HasPrefix(line, ("Ecosystem ")) && strings.Contains(line, (" - "))
	case '-', '=':
		return len(strings.Trim(line, "-=")) == 0
	}
	return false
}

// compactTypes are the type abbreviations of the compact style.
func compactLevel(t string) (Level, bool) {
	switch t {
	case "Df":
		return LevelInfo, true
	case "I", "In":
		return LevelInfo, true
	case "D", "Db":
		return LevelDebug, true
	case "E", "Er":
		return LevelError, true
	case "F", "Fa", "Ft":
		return LevelCritical, true
	case "A", "Ac", "S", "Sp", "T", "Tr":
		return LevelUnknown, true // activity, signpost, transition
	}
	return 0, false
}

func (r *UnifiedLogReader) parse(s string) (rec Record, kind lineKind) {
	rec.Repeat = 1
	var c clock
	i, off, zoned, ok := parseISO(s, 0, &c)
	if !ok || !c.valid() || i >= len(s) || s[i] != ' ' {
		return rec, lineText
	}
	if zoned {
		rec.Time, rec.HasZone = c.time(r.zones.get(off)), true
	} else {
		rec.Time = r.hours.time(&c, r.cfg.loc)
	}
	tok := func() string {
		i = skipBlank(s, i)
		e := strings.IndexAny(s[i:], " \t")
		if e < 0 {
			e = len(s) - i
		}
		t := s[i : i+e]
		i += e
		return t
	}
	first := tok()
	lv, compact := compactLevel(first)
	if !zoned && !compact {
		// The default and syslog styles always print the offset: without
		// one, this is a syslog line with an ISO date.
		return rec, lineText
	}
	switch {
	case strings.HasPrefix(first, "0x"):
		// Default style: Thread Type Activity PID TTL process: message.
		typ := tok()
		rec.Level = unifiedLevel(typ)
		if a := tok(); !strings.HasPrefix(a, "0x") {
			return rec, lineText
		}
		pid, ok := atoi(tok())
		if !ok {
			return rec, lineText
		}
		rec.PID = pid
		// TTL; older releases of macOS print no TTL column.
		if j := i; !isDigits(tok()) {
			i = j
		}
		i = skipBlank(s, i)
		// The process name runs to the first ": ", blanks and all
		// ("Cisco Secure Client - AnyConnect VPN (ext): ...").
		if c := strings.Index(s[i:], ": "); c > 0 {
			rec.Source = s[i : i+c]
			i += c + 2
		} else if t := trimRight(s); strings.HasSuffix(t, ":") && len(t)-1 > i {
			rec.Source = t[i : len(t)-1]
			i = len(s)
		}
	case compact:
		// Compact style: Ty process[pid:tid] message.
		rec.Level = lv
		i = skipBlank(s, i)
		b, e, pid, ok := compactProcess(s, i)
		if !ok {
			return rec, lineText
		}
		rec.Source, rec.PID = s[i:b], pid
		i = skipBlank(s, e)
	default:
		// Syslog style: host process[pid]: message.
		if strings.HasSuffix(first, ":") || strings.HasSuffix(first, "]") {
			return rec, lineText // a tag, not a host
		}
		rec.Host = first
		i = skipBlank(s, i)
		j := parseTag(s, i, &rec)
		if j == i {
			return rec, lineText
		}
		i = j
	}
	m := s[min(skipBlank(s, i), len(s)):]
	if strings.HasPrefix(m, "(") {
		if e := strings.Index(m, ") "); e > 0 && strings.IndexByte(m[:e], ' ') < 0 {
			rec.Sender, m = m[1:e], m[e+2:]
		} else if m[len(m)-1] == ')' && strings.IndexByte(m, ' ') < 0 {
			rec.Sender, m = m[1:len(m)-1], ""
		}
	}
	if strings.HasPrefix(m, "[") && !strings.HasPrefix(m, "[p:") {
		// [subsystem:category]; "[p:" opens the 2.x/3.x agent prefix.
		if e := strings.Index(m, "] "); e > 0 && strings.IndexByte(m[:e], ' ') < 0 && strings.IndexByte(m[:e], ':') > 0 {
			rec.Subsystem, m = m[1:e], m[e+2:]
		}
	}
	setMessage(m, &rec)
	return rec, lineRecord
}

// compactProcess finds the "[pid]" or "[pid:tid]" that closes the process
// name of a compact-style line at s[i:], right after a non-blank and
// followed by a blank or the end, so that the name may hold blanks and
// brackets of its own. It returns the index of '[', the index after ']'
// and the pid.
func compactProcess(s string, i int) (b, e, pid int, ok bool) {
	for b = i + 1; b < len(s); b++ {
		if s[b] != '[' || s[b-1] == ' ' || s[b-1] == '\t' {
			continue
		}
		p, k, n := num(s, b+1, 10)
		if n == 0 {
			continue
		}
		if k < len(s) && s[k] == ':' {
			// The thread id is a short hex number: scanning on past it
			// for each '[' would take time quadratic in the line.
			_, e, _ := parseHex(s, k+1)
			k = max(e, k+1)
		}
		if k < len(s) && s[k] == ']' && (k+1 == len(s) || s[k+1] == ' ' || s[k+1] == '\t') {
			return b, k + 1, p, true
		}
	}
	return 0, 0, 0, false
}

func isDigits(s string) bool {
	_, ok := atoi(s)
	return ok
}

func unifiedLevel(t string) Level {
	switch t {
	case "Default", "Info":
		return LevelInfo
	case "Debug":
		return LevelDebug
	case "Error":
		return LevelError
	case "Fault":
		return LevelCritical
	}
	return ParseLevel(t)
}
