package logparse

import (
	"strconv"
	"strings"
	"time"
)

// A Format is a log text format that this package reads.
type Format int

// Formats recognised by Detect.
const (
	FormatUnknown    Format = iota
	FormatEventLog          // Windows event-log text export (EventLogReader)
	FormatSyslog            // syslog, journalctl, macOS Console (SyslogReader)
	FormatUnifiedLog        // macOS "log show" output (UnifiedLogReader)
	FormatEventCSV          // Event Viewer "Save All Events As" CSV or tab-delimited text
	FormatPowerShell        // PowerShell Get-WinEvent / Get-EventLog output, list or table
	// FormatEVTX is a binary Windows event log file (.evtx). NewReader does
	// not read it: package logparse/evtx does, from an io.ReaderAt.
	FormatEVTX
)

var formatNames = [...]string{"unknown", "eventlog", "syslog", "unifiedlog", "eventcsv", "powershell", "evtx"}

// String returns the lower-case name of f.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// detectLimit is how much of head Detect looks at.
const detectLimit = 16 << 10

// Detect reports the format of a log from the first few kilobytes of its
// text (UTF-8, as for the readers). It scores each line for each format and
// returns the format for which most lines agree, provided at least two lines
// (or the only line) do; otherwise it returns FormatUnknown. File names play
// no part.
func Detect(head []byte) Format {
	if len(head) > detectLimit {
		head = head[:detectLimit]
	}
	text := strings.TrimPrefix(string(head), "\xEF\xBB\xBF")
	sr := &SyslogReader{lineRecords: lineRecords{cfg: config{loc: time.UTC}, zones: zones{}}, limit: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
	ur := &UnifiedLogReader{lineRecords{cfg: config{loc: time.UTC}, zones: zones{}}}
	var score [FormatPowerShell + 1]int
	lines := 0
	for len(text) > 0 && lines < 200 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = trimRight(line)
		if len(line) == 0 {
			continue
		}
		lines++
		if n := eventCSVScore(line); n > 0 {
			score[FormatEventCSV] += n
			continue
		}
		if n := psScore(line); n > 0 {
			score[FormatPowerShell] += n
			continue
		}
		if isSeparator(line) || isEventStart(line) {
			score[FormatEventLog]++
			continue
		}
		if key, _, ok := splitField(line); ok && knownKey(key) > keyOther && !equalFold(key, "Message") {
			score[FormatEventLog]++
			continue
		}
		if isUnifiedNoise(line) {
			score[FormatUnifiedLog] += 2
			continue
		}
		if _, k := ur.parse(line); k == lineRecord && (len(line) < 11 || line[10] != 'T') {
			score[FormatUnifiedLog]++
			continue
		}
		// A repeat notice is syslog's own line too.
		if _, k := sr.parse(line); k != lineText {
			score[FormatSyslog]++
		}
	}
	best, f := 0, FormatUnknown
	tie := false
	for g := FormatEventLog; g < Format(len(score)); g++ {
		switch {
		case score[g] > best:
			best, f, tie = score[g], g, false
		case score[g] == best && best > 0:
			tie = true
		}
	}
	if tie || best < min(2, lines) {
		return FormatUnknown
	}
	return f
}
