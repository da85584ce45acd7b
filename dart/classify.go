package dart

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// How strongly a rule's evidence points to its kind. The strongest
// evidence wins; a name hint breaks ties between kinds with equal evidence,
// and is needed for weak evidence to count at all.
const (
	evidenceWeak   = 1 // consistent with the kind, but proves little (a hosts file of comments only)
	evidenceGood   = 2 // a typical trait of the kind
	evidenceStrong = 3 // a marker no other kind has
	evidenceBest   = 4 // a marker that overrides another kind's strong marker
)

// A classifyRule scores a decoded head for one kind. Rules are tried in
// table order; add a row to teach Classify a new format.
type classifyRule struct {
	kind   Kind
	format logparse.Format // the log format the rule recognizes, for log kinds
	what   string          // what the rule recognizes, for tests and reviewers
	score  func(h *headText) int
}

// A nameHint says that a base name (lower case, matched with path.Match)
// suggests a kind.
type nameHint struct {
	pattern string
	kind    Kind
}

// classifyRules is the content table. Keep patterns anchored to the start of
// a line, and count lines rather than accepting one match where a format has
// many similar lines.
var classifyRules = []classifyRule{
	{KindEventLog, logparse.FormatEventLog, "DART event-log export: asterisk separators before, after or between Date/Time/Type/Source fields", scoreDARTEventLog},
	{KindEventLog, logparse.FormatEventLog, "Event Viewer text: Log Name:, Source:, Event ID:", scoreEventViewer},
	{KindEventLog, logparse.FormatEventLog, "wevtutil qe /f:text: Event[0]: then indented Log Name:, Source:, Date:", scoreWevtutil},
	{KindEventLog, logparse.FormatEventCSV, "Event Viewer Save All Events As: CSV or tab-delimited, Level,Date and Time,Source,Event ID,Task Category", scoreEventCSV},
	{KindEventLog, logparse.FormatPowerShell, "PowerShell Get-WinEvent / Get-EventLog: Format-List fields or the default tables", scorePowerShell},
	{KindUnifiedLog, logparse.FormatUnifiedLog, `macOS "log show": header, default/compact/syslog style rows`, scoreUnifiedLog},
	{KindInstallLog, logparse.FormatUnknown, "MSI verbose log, macOS install.log", scoreInstallLog},
	{KindSyslog, logparse.FormatSyslog, "BSD syslog (tags with blanks, no host), journalctl short, ISO-timestamp syslog, macOS Console", scoreSyslog},
	{KindServiceDisable, logparse.FormatUnknown, "<AnyConnectProfile> with <ServiceDisable>", scoreServiceDisable},
	{KindVPNProfile, logparse.FormatUnknown, "<AnyConnectProfile> with <ServerList>/<HostEntry>", scoreVPNProfile},
	{KindPreferences, logparse.FormatUnknown, "<AnyConnectPreferences>, <AnyConnectLocalPolicy>", scorePreferences},
	{KindHosts, logparse.FormatUnknown, "hosts file: comments and 'address name...' lines", scoreHosts},
	{KindSystemInfo, logparse.FormatUnknown, "ipconfig, systeminfo, route, netstat, resolv.conf, scutil, sw_vers, os-release, uname, ...", scoreSystemInfo},
	{KindSystemInfo, logparse.FormatUnknown, `DART command output (_result.txt): a "command" output: line between rows of asterisks`, scoreCommandOutput},
	{KindSummary, logparse.FormatUnknown, "DART's summary.txt: DART BUNDLE SUMMARY", scoreSummary},
}

var nameHints = []nameHint{
	{"hosts", KindHosts},
	{"hosts.*", KindHosts},
	{"*.evt.txt", KindEventLog},
	{"anyconnect*.txt", KindEventLog},
	{"ciscosecureclient*.txt", KindEventLog},
	{"system.log*", KindSyslog},
	{"*.syslog", KindSyslog},
	{"install.log*", KindInstallLog},
	{"*install*.log", KindInstallLog},
	{"*servicedisable*.xml", KindServiceDisable},
	{"*vpndisable*.xml", KindServiceDisable},
	{"preferences*.xml", KindPreferences},
	{"anyconnectlocalpolicy.xml", KindPreferences},
	{"*.xml", KindVPNProfile},
	{"ipconfig*", KindSystemInfo},
	{"systeminfo*", KindSystemInfo},
	{"*routes*", KindSystemInfo},
	{"netstat*", KindSystemInfo},
	{"resolv.conf", KindSystemInfo},
	{"os-release", KindSystemInfo},
	{"*unified*", KindUnifiedLog},
	{"*.logarchive*", KindUnifiedLog},
}

// headText is a decoded head split into lines, for the rules.
type headText struct {
	text  string
	lines []string // without line endings; the last line is dropped if cut
}

func newHeadText(head []byte) *headText {
	s := string(head)
	s = strings.TrimPrefix(s, "\uFEFF")
	lines := strings.Split(s, "\n")
	if len(lines) > 1 && !strings.HasSuffix(s, "\n") {
		lines = lines[:len(lines)-1] // the head may cut the last line short
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return &headText{text: s, lines: lines}
}

// count returns how many lines match re.
func (h *headText) count(re *regexp.Regexp) int {
	n := 0
	for _, l := range h.lines {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

// countContaining returns how many lines match re, trying only the lines
// that hold one of words, each of which a match must hold: unanchored, re
// would be tried at every byte of every line of every file's head.
func (h *headText) countContaining(words []string, re *regexp.Regexp) int {
	n := 0
	for _, l := range h.lines {
		for _, w := range words {
			if strings.Contains(l, w) {
				if re.MatchString(l) {
					n++
				}
				break
			}
		}
	}
	return n
}

// countFrom returns how many lines match re, trying only the lines that
// start with one of the bytes of firsts: a cheap test that spares most
// lines of other formats the regular expression.
func (h *headText) countFrom(firsts string, re *regexp.Regexp) int {
	n := 0
	for _, l := range h.lines {
		if l != "" && strings.IndexByte(firsts, l[0]) >= 0 && re.MatchString(l) {
			n++
		}
	}
	return n
}

// nonEmpty returns how many lines are not blank.
func (h *headText) nonEmpty() int {
	n := 0
	for _, l := range h.lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// Classify decides the kind of a file from head, its first bytes decoded to
// UTF-8 (as [DecodeText] yields them; a few KiB are plenty). Nested archives
// are recognized by their magic bytes, so for binary files pass the raw
// head. Classify is pure: the content decides, and name (a path or base
// name, any case) only breaks ties between kinds with equal evidence or
// confirms weak evidence, such as a file named hosts that holds only
// comments. A syslog named AnyConnectVPN.txt is a syslog.
//
// Classify returns the Kind of [ClassifyHead]'s Class.
func Classify(name string, head []byte) Kind {
	return ClassifyHead(name, head).Kind
}

// A Class is what the head of a file says about it: see [ClassifyHead].
type Class struct {
	Kind Kind
	// Format is the log format of a file whose Kind.IsLog() is true, and
	// FormatUnknown for other kinds.
	Format logparse.Format
	// Mentions is the first name of an AnyConnect or Secure Client process
	// or product that the head holds ("acvpnagent", "Cisco Secure Client";
	// see [Mentions]), or "".
	Mentions string
}

// ClassifyHead decides the kind of a file from its head as [Classify]
// does, and for a log the format its records are in. The format is what
// [logparse.Detect] finds when that is a format of the kind and the rule
// that decided the kind recognized no narrower one (such as an Event
// Viewer CSV, which is also an event log); otherwise it is the format of
// that rule. ClassifyHead also reports the AnyConnect or Secure Client
// name the head mentions, whatever its kind.
func ClassifyHead(name string, head []byte) Class {
	if archiveMagic(head) != "" {
		return Class{Kind: KindArchive}
	}
	if evtx.IsEVTX(head) {
		return Class{Kind: KindEventLog, Format: logparse.FormatEVTX}
	}
	h := newHeadText(head)
	c := Class{Kind: KindOther, Mentions: Mentions(head)}
	hint := hintKind(name)
	bestScore := 0
	var best *classifyRule
	for i := range classifyRules {
		r := &classifyRules[i]
		s := r.score(h)
		if s == 0 {
			continue
		}
		switch {
		case s > bestScore:
			best, bestScore = r, s
		case s == bestScore && r.kind == hint && best.kind != hint:
			best = r
		}
	}
	if best == nil || (bestScore == evidenceWeak && best.kind != hint) {
		return c
	}
	c.Kind = best.kind
	if c.Kind.IsLog() {
		c.Format = best.format
		if best.format == genericFormat(c.Kind) {
			if d := logparse.Detect(head); d != logparse.FormatUnknown && formatKind(d) == c.Kind {
				c.Format = d
			}
		}
	}
	return c
}

// formatKind returns the kind of file a log format is found in.
func formatKind(f logparse.Format) Kind {
	switch f {
	case logparse.FormatEventLog, logparse.FormatEventCSV, logparse.FormatPowerShell, logparse.FormatEVTX:
		return KindEventLog
	case logparse.FormatSyslog:
		return KindSyslog
	case logparse.FormatUnifiedLog:
		return KindUnifiedLog
	}
	return KindOther
}

// genericFormat returns the most common format of a log kind: the one a
// narrower rule, or logparse.Detect, may refine.
func genericFormat(k Kind) logparse.Format {
	switch k {
	case KindEventLog:
		return logparse.FormatEventLog
	case KindSyslog:
		return logparse.FormatSyslog
	case KindUnifiedLog:
		return logparse.FormatUnifiedLog
	}
	return logparse.FormatUnknown
}

// mentionNames are the names whose presence says that a text is about the
// client: its processes and services on every platform and version, and
// the product names. A process name counts as a word of its own (not
// inside a longer word), a product name in any case.
var mentionNames = []struct {
	name    string
	product bool
}{
	{"acvpnagent", false},
	{"vpnagentd", false},
	{"acvpnui", false},
	{"acvpndownloader", false},
	{"vpndownloader", false},
	{"vpnui", false},
	{"vpnagent", false},
	{"csc_", false}, // csc_vpnagent, csc_vpnapi, csc_ui, csc_dartcli, ...
	{"cisco anyconnect", true},
	{"cisco secure client", true},
}

// Mentions returns the first name of an AnyConnect or Secure Client process
// or product that text holds, as listed here, or "": acvpnagent, vpnagentd,
// acvpnui, vpnui, acvpndownloader, vpndownloader, vpnagent, a csc_ name
// (csc_vpnagent, csc_vpnapi, csc_ui...), "Cisco AnyConnect" or "Cisco Secure
// Client". A process name counts only as a word of its own ("vpnui" in
// "acvpnui.exe" is acvpnui, in "myvpnuix" nothing); the product names are
// matched in any case. Mentions reads only the text it is given: pass a
// file's head, not the file.
func Mentions(text []byte) string {
	for _, m := range mentionNames {
		if m.product {
			if containsFold(text, m.name) {
				return productName(m.name)
			}
			continue
		}
		for rest, off := text, 0; ; {
			i := bytes.Index(rest, []byte(m.name))
			if i < 0 {
				break
			}
			at := off + i
			end := at + len(m.name)
			if m.name == "csc_" {
				for end < len(text) && isNameByte(text[end]) {
					end++
				}
				if end > at+len(m.name) && (at == 0 || !isNameByte(text[at-1])) {
					return string(text[at:end])
				}
			} else if (at == 0 || !isNameByte(text[at-1])) && (end == len(text) || !isNameByte(text[end])) {
				return m.name
			}
			off = at + 1
			rest = text[off:]
		}
	}
	return ""
}

// containsFold reports whether text holds lower, an ASCII text in lower
// case, in any case.
func containsFold(text []byte, lower string) bool {
	for i := 0; i+len(lower) <= len(text); i++ {
		if c := text[i]; c|0x20 == lower[0] && bytes.EqualFold(text[i:i+len(lower)], []byte(lower)) {
			return true
		}
	}
	return false
}

func productName(lower string) string {
	if lower == "cisco anyconnect" {
		return "Cisco AnyConnect"
	}
	return "Cisco Secure Client"
}

// isNameByte reports whether c may be part of a process name's word.
func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// hintKind returns the kind a file name suggests, or KindOther.
func hintKind(name string) Kind {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for _, h := range nameHints {
		if matchStar(h.pattern, base) {
			return h.kind
		}
	}
	return KindOther
}

// matchStar reports whether name matches pattern, in which '*' stands for
// any run of bytes and every other byte for itself: path.Match for the
// patterns of nameHints and a base name, which holds no '/'. path.Match
// took a third of the classification of a bundle of many small files.
func matchStar(pattern, name string) bool {
	first, rest, star := strings.Cut(pattern, "*")
	if !star {
		return pattern == name
	}
	if !strings.HasPrefix(name, first) {
		return false
	}
	name = name[len(first):]
	for {
		part, more, star := strings.Cut(rest, "*")
		if !star {
			return strings.HasSuffix(name, part)
		}
		i := strings.Index(name, part)
		if i < 0 {
			return false
		}
		name, rest = name[i+len(part):], more
	}
}

// archiveMagic returns the archive or compression format whose magic bytes
// start head: "zip", "7z", "gz", "bz2", "xz", "zst", "tar", "rar", or "".
// ArchiveFormat returns the archive or compression format of a file whose
// first bytes are head, as Open decides it from content: "zip", "7z",
// "gz", "bz2", "xz", "zst", "tar" or "rar"; "" for anything else.
func ArchiveFormat(head []byte) string { return archiveMagic(head) }

func archiveMagic(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")),
		bytes.HasPrefix(head, []byte("PK\x07\x08")):
		return "zip"
	case bytes.HasPrefix(head, []byte("7z\xBC\xAF\x27\x1C")):
		return "7z"
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return "gz"
	case len(head) >= 10 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9' &&
		bytes.HasPrefix(head[4:], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}):
		return "bz2"
	case bytes.HasPrefix(head, []byte("\xFD7zXZ\x00")):
		return "xz"
	case bytes.HasPrefix(head, []byte{0x28, 0xB5, 0x2F, 0xFD}):
		return "zst"
	case len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar")):
		return "tar"
	case bytes.HasPrefix(head, []byte("Rar!\x1A\x07")):
		return "rar"
	}
	return ""
}

var (
	reAsterisks = regexp.MustCompile(`^\s*\*{10,}\s*$`)
	reDARTField = regexp.MustCompile(`^(Date|Time|Type|Source|Description)\s*:`)
	reEVLogName = regexp.MustCompile(`^Log Name:\s*\S`)
	reEVField   = regexp.MustCompile(`^(Source|Date|Event ID|Level|Task Category|Keywords|User|Computer|OpCode|Description):`)
	// A syslog tag is a word, or words with blanks and parentheses before
	// a [pid] ("Cisco AnyConnect Secure Mobility Client[8211]"); the host
	// is optional.
	reBSDSyslog = regexp.MustCompile(`^(<\d{1,3}>)?[A-Z][a-z]{2} [ 0-3]\d \d\d:\d\d:\d\d(\.\d+)? (\S+ )?` + syslogTag + `: `)
	reISOSyslog = regexp.MustCompile(`^(<\d{1,3}>)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d) (\S+ )?` + syslogTag + `: `)
	reConsole   = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{2,4} \d{1,2}:\d\d:\d\d(\.\d+)?( [AaPp][Mm])? (` + syslogTag + `: |--- last message repeated)`)
	reWevEvent  = regexp.MustCompile(`^Event\[\d+\]:\s*$`)
	reWevField  = regexp.MustCompile(`^\s+(Log Name|Source|Date|Event ID|Task|Level|Opcode|Keyword|User|User Name|Computer|Description):`)
	reCSVHeader = regexp.MustCompile(`^"?Level"?[,\t]"?Date and Time"?[,\t]"?Source"?[,\t]"?Event ID"?[,\t]"?Task Category"?`)
	reCSVRow    = regexp.MustCompile(`^"?(Information|Warning|Error|Critical|Verbose)"?[,\t]"?[0-9][^,\t]*"?[,\t]"?[^,\t]+"?[,\t]"?\d+"?[,\t]`)
	rePSField   = regexp.MustCompile(`^(TimeCreated|ProviderName|ProviderId|LevelDisplayName|LogName|RecordId|TimeGenerated|TimeWritten|EntryType|InstanceId|ReplacementStrings|MachineName|Index|Id|Message)\s*:`)
	rePSOnly    = regexp.MustCompile(`^(TimeCreated|ProviderName|LevelDisplayName|TimeGenerated|TimeWritten|EntryType|InstanceId)\s*:`)
	rePSTable   = regexp.MustCompile(`^\s*(TimeCreated\s+Id\s+LevelDisplayName\s+Message|Index\s+Time\s+EntryType\s+Source\s+InstanceID\s+Message)\s*$`)
	rePSRule    = regexp.MustCompile(`^\s*-+(\s+-+){3,}\s*$`)
	reCmdOutput = regexp.MustCompile(`^".*" output:\s*$`)
	reULHeader  = regexp.MustCompile(`^Timestamp\s+Thread\s+Type\s+Activity\s+PID\s+TTL`)
	reULRow     = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}\s+0x[0-9a-fA-F]+\s+\S+`)
	reULSyslog  = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}\s+\S+ [^\s:\[]+\[\d+\]: `)
	reULCompact = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z][a-z] [^\s\[]+\[\d+(:[0-9a-f]+)?\] `)
	reMSI       = regexp.MustCompile(`^MSI \([cs]\) \(`)
	reMSIStart  = regexp.MustCompile(`^=== (Verbose )?[Ll]ogging started`)
	// installerWords holds a text of each process name of reInstaller.
	installerWords = []string{"nstall", "package_script_service"}
	reInstaller    = regexp.MustCompile(`\s(Installer|installd|install_monitor|package_script_service|system_installd)\[\d+\]`)
	reHostsLine    = regexp.MustCompile(`^\s*([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+(%\S+)?)\s+([^\s#]*[A-Za-z][^\s#]*)(\s+[^\s#]+)*\s*(#.*)?$`)
	reNameserver   = regexp.MustCompile(`^nameserver\s+\S+`)
	reUname        = regexp.MustCompile(`^(Linux|Darwin) \S+ \d+\.\d+`)
	reIfconfig     = regexp.MustCompile(`^[a-z]+\d*: flags=\d+<`)
	rePkgutil      = regexp.MustCompile(`^package-id: \S+`)
)

func scoreDARTEventLog(h *headText) int {
	// An asterisk line followed, within a few lines, by a Date/Time field.
	for i, l := range h.lines {
		if !reAsterisks.MatchString(l) {
			continue
		}
		fields := 0
		for j := i + 1; j < len(h.lines) && j <= i+8; j++ {
			if reDARTField.MatchString(h.lines[j]) {
				fields++
			}
		}
		if fields >= 2 {
			return evidenceStrong
		}
	}
	// No separator seen (the head may start mid-file): all four fields.
	seen := map[string]bool{}
	for _, l := range h.lines {
		if m := reDARTField.FindStringSubmatch(l); m != nil {
			seen[m[1]] = true
		}
	}
	if seen["Date"] && seen["Time"] && seen["Type"] && seen["Source"] {
		return evidenceGood
	}
	return 0
}

// syslogTag matches a syslog tag: a word with an optional [pid], or
// words with blanks and parentheses before a [pid].
const syslogTag = `([^\s:\[]+(\[\d+\])?|[^:\[\]]+\[\d+\])`

func scoreEventViewer(h *headText) int {
	if h.count(reEVLogName) == 0 {
		return 0
	}
	if h.count(reEVField) >= 2 {
		return evidenceStrong
	}
	return 0
}

// scoreWevtutil scores the text of wevtutil qe /f:text: "Event[0]:" lines
// each followed by indented fields.
func scoreWevtutil(h *headText) int {
	if !strings.Contains(h.text, "Event[") {
		return 0
	}
	if h.countFrom("E", reWevEvent) > 0 && h.countFrom(" \t", reWevField) >= 2 {
		return evidenceStrong
	}
	return 0
}

// scoreEventCSV scores Event Viewer's "Save All Events As" CSV and
// tab-delimited text: its header, or rows that start with a level, a
// date, a source and an event ID.
func scoreEventCSV(h *headText) int {
	if strings.Contains(h.text, "Date and Time") && h.countFrom(`L"`, reCSVHeader) > 0 {
		return evidenceStrong
	}
	if atLeast(h, h.countFrom(`IWECV"`, reCSVRow)) {
		return evidenceGood
	}
	return 0
}

// scorePowerShell scores Get-WinEvent and Get-EventLog output: the
// Format-List form (TimeCreated :, ProviderName :, Id :, Message :) and
// the default tables (a header row over a row of dashes).
func scorePowerShell(h *headText) int {
	for i, l := range h.lines {
		if strings.HasSuffix(strings.TrimRight(l, " \t"), "Message") && rePSTable.MatchString(l) &&
			i+1 < len(h.lines) && rePSRule.MatchString(h.lines[i+1]) {
			return evidenceStrong
		}
	}
	if h.countFrom("TPLE", rePSOnly) >= 1 && h.countFrom("TPLREIM", rePSField) >= 3 {
		return evidenceStrong
	}
	return 0
}

// scoreCommandOutput scores a file of command output that DART wrote: each
// command's output starts with a banner, a row of asterisks, the line
// "<command>" output:, and another row. Those rows are no event-log
// separators, so the banner outweighs them.
func scoreCommandOutput(h *headText) int {
	if !strings.Contains(h.text, "\" output:") {
		return 0
	}
	for i := 1; i+1 < len(h.lines); i++ {
		if reCmdOutput.MatchString(h.lines[i]) && reAsterisks.MatchString(h.lines[i-1]) && reAsterisks.MatchString(h.lines[i+1]) {
			return evidenceBest
		}
	}
	return 0
}

// scoreSummary scores DART's summary.txt, whose first line is its title.
func scoreSummary(h *headText) int {
	for _, l := range h.lines {
		if t := strings.TrimSpace(l); t != "" {
			if t == "DART BUNDLE SUMMARY" {
				return evidenceBest
			}
			return 0
		}
	}
	return 0
}

func scoreUnifiedLog(h *headText) int {
	if h.count(reULHeader) > 0 || strings.Contains(h.text, "Filtering the log data using") {
		return evidenceStrong
	}
	if atLeast(h, h.count(reULRow)) || atLeast(h, h.count(reULSyslog)) || atLeast(h, h.count(reULCompact)) {
		return evidenceStrong
	}
	return 0
}

// atLeast reports whether n matching lines are enough to call a format:
// two, or one when the head has a single non-blank line.
func atLeast(h *headText, n int) bool {
	return n >= 2 || (n == 1 && h.nonEmpty() == 1)
}

func scoreInstallLog(h *headText) int {
	if h.count(reMSIStart) > 0 || atLeast(h, h.count(reMSI)) {
		return evidenceStrong
	}
	// A macOS install.log has syslog-like lines, mostly from the installer.
	if n := h.countContaining(installerWords, reInstaller); atLeast(h, n) && n*2 >= h.nonEmpty() {
		return evidenceBest
	}
	return 0
}

func scoreSyslog(h *headText) int {
	if atLeast(h, h.count(reBSDSyslog)) || atLeast(h, h.count(reISOSyslog)) || atLeast(h, h.countFrom("0123456789", reConsole)) {
		return evidenceStrong
	}
	return 0
}

func anyConnectProfile(h *headText) bool {
	return strings.Contains(h.text, "<AnyConnectProfile")
}

func scoreServiceDisable(h *headText) int {
	if anyConnectProfile(h) && strings.Contains(h.text, "<ServiceDisable>") {
		return evidenceBest
	}
	return 0
}

func scoreVPNProfile(h *headText) int {
	if !anyConnectProfile(h) {
		return 0
	}
	if strings.Contains(h.text, "<ServerList>") || strings.Contains(h.text, "<HostEntry>") {
		return evidenceStrong
	}
	// A profile whose server list lies past the head.
	return evidenceGood
}

func scorePreferences(h *headText) int {
	if strings.Contains(h.text, "<AnyConnectPreferences") || strings.Contains(h.text, "<AnyConnectLocalPolicy") {
		return evidenceStrong
	}
	return 0
}

func scoreHosts(h *headText) int {
	comments, entries := 0, 0
	for _, l := range h.lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
		case strings.HasPrefix(t, "#"):
			comments++
		case reHostsLine.MatchString(l):
			entries++
		default:
			return 0 // a hosts file has nothing else
		}
	}
	switch {
	case entries > 0:
		return evidenceStrong
	case strings.Contains(h.text, "This is a sample HOSTS file"):
		return evidenceStrong
	case comments > 0:
		return evidenceWeak
	}
	return 0
}

// systemInfoMarkers are substrings that only system and network reports
// hold, each at the start of a line unless it starts with a space.
var systemInfoMarkers = []string{
	"Windows IP Configuration",      // ipconfig /all
	"IPv4 Route Table",              // route print
	"Interface List",                // route print
	"Active Connections",            // netstat
	"Kernel IP routing table",       // route -n
	"Routing tables",                // netstat -rn (macOS)
	"DNS configuration",             // scutil --dns
	"resolver #1",                   // scutil --dns
	"Hardware Overview:",            // system_profiler
	"System Software Overview:",     // system_profiler
	"Software:",                     // system_profiler
	"ProductName:",                  // sw_vers
	"PRETTY_NAME=",                  // /etc/os-release
	"OS Name:",                      // systeminfo
	"Host Name:",                    // systeminfo
	"Installed Programs",            // installed-programs list
	"DisplayName",                   // registry Uninstall dump
	"Name                         ", // wmic product / Get-Package table header
}

func scoreSystemInfo(h *headText) int {
	hits := 0
	for _, l := range h.lines {
		t := strings.TrimSpace(l)
		for _, m := range systemInfoMarkers {
			if strings.HasPrefix(t, strings.TrimSpace(m)) {
				hits++
				break
			}
		}
	}
	if hits > 0 || reNameserver.MatchString(firstMatching(h, reNameserver)) ||
		h.count(reUname) > 0 || h.count(reIfconfig) > 0 || h.count(rePkgutil) > 0 {
		return evidenceStrong
	}
	return 0
}

func firstMatching(h *headText, re *regexp.Regexp) string {
	for _, l := range h.lines {
		if re.MatchString(l) {
			return l
		}
	}
	return ""
}
