package dart

import (
	"bytes"
	"path"
	"regexp"
	"strings"
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
	kind  Kind
	what  string // what the rule recognizes, for tests and reviewers
	score func(h *headText) int
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
	{KindEventLog, "DART event-log export: asterisk separator then Date/Time/Type/Source fields", scoreDARTEventLog},
	{KindEventLog, "Event Viewer text: Log Name:, Source:, Event ID:", scoreEventViewer},
	{KindUnifiedLog, `macOS "log show": header, default/compact/syslog style rows`, scoreUnifiedLog},
	{KindInstallLog, "MSI verbose log, macOS install.log", scoreInstallLog},
	{KindSyslog, "BSD syslog, journalctl short, ISO-timestamp syslog", scoreSyslog},
	{KindServiceDisable, "<AnyConnectProfile> with <ServiceDisable>", scoreServiceDisable},
	{KindVPNProfile, "<AnyConnectProfile> with <ServerList>/<HostEntry>", scoreVPNProfile},
	{KindPreferences, "<AnyConnectPreferences>, <AnyConnectLocalPolicy>", scorePreferences},
	{KindHosts, "hosts file: comments and 'address name...' lines", scoreHosts},
	{KindSystemInfo, "ipconfig, systeminfo, route, netstat, resolv.conf, scutil, sw_vers, os-release, uname, ...", scoreSystemInfo},
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
func Classify(name string, head []byte) Kind {
	if archiveMagic(head) != "" {
		return KindArchive
	}
	h := newHeadText(head)
	hint := hintKind(name)
	best, bestScore := KindOther, 0
	for _, r := range classifyRules {
		s := r.score(h)
		if s == 0 {
			continue
		}
		switch {
		case s > bestScore:
			best, bestScore = r.kind, s
		case s == bestScore && r.kind == hint && best != hint:
			best = r.kind
		}
	}
	if bestScore == evidenceWeak && best != hint {
		return KindOther
	}
	return best
}

// hintKind returns the kind a file name suggests, or KindOther.
func hintKind(name string) Kind {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for _, h := range nameHints {
		if ok, _ := path.Match(h.pattern, base); ok {
			return h.kind
		}
	}
	return KindOther
}

// archiveMagic returns the archive or compression format whose magic bytes
// start head: "zip", "7z", "gz", "bz2", "xz", "zst", "tar", "rar", or "".
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
	reAsterisks  = regexp.MustCompile(`^\s*\*{10,}\s*$`)
	reDARTField  = regexp.MustCompile(`^(Date|Time|Type|Source|Description)\s*:`)
	reEVLogName  = regexp.MustCompile(`^Log Name:\s*\S`)
	reEVField    = regexp.MustCompile(`^(Source|Date|Event ID|Level|Task Category|Keywords|User|Computer|OpCode|Description):`)
	reBSDSyslog  = regexp.MustCompile(`^[A-Z][a-z]{2} [ 0-3]\d \d\d:\d\d:\d\d(\.\d+)? \S+ [^\s:\[]+(\[\d+\])?: `)
	reISOSyslog  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d) \S+ [^\s:\[]+(\[\d+\])?: `)
	reULHeader   = regexp.MustCompile(`^Timestamp\s+Thread\s+Type\s+Activity\s+PID\s+TTL`)
	reULRow      = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}\s+0x[0-9a-fA-F]+\s+\S+`)
	reULSyslog   = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}\s+\S+ [^\s:\[]+\[\d+\]: `)
	reULCompact  = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z][a-z] [^\s\[]+\[\d+(:[0-9a-f]+)?\] `)
	reMSI        = regexp.MustCompile(`^MSI \([cs]\) \(`)
	reMSIStart   = regexp.MustCompile(`^=== (Verbose )?[Ll]ogging started`)
	reInstaller  = regexp.MustCompile(`\s(Installer|installd|install_monitor|package_script_service|system_installd)\[\d+\]`)
	reHostsLine  = regexp.MustCompile(`^\s*([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+(%\S+)?)\s+([^\s#]*[A-Za-z][^\s#]*)(\s+[^\s#]+)*\s*(#.*)?$`)
	reNameserver = regexp.MustCompile(`^nameserver\s+\S+`)
	reUname      = regexp.MustCompile(`^(Linux|Darwin) \S+ \d+\.\d+`)
	reIfconfig   = regexp.MustCompile(`^[a-z]+\d*: flags=\d+<`)
	rePkgutil    = regexp.MustCompile(`^package-id: \S+`)
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

func scoreEventViewer(h *headText) int {
	if h.count(reEVLogName) == 0 {
		return 0
	}
	if h.count(reEVField) >= 2 {
		return evidenceStrong
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
	if n := h.count(reInstaller); atLeast(h, n) && n*2 >= h.nonEmpty() {
		return evidenceBest
	}
	return 0
}

func scoreSyslog(h *headText) int {
	if atLeast(h, h.count(reBSDSyslog)) || atLeast(h, h.count(reISOSyslog)) {
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
