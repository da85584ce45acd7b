package dart

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/logparse"
)

// Bounds on what a FactBuilder reads and keeps. A bundle is untrusted input:
// a system-information file of a gigabyte must not cost a gigabyte.
const (
	factMaxFileRead    = 8 << 20  // bytes read from one file; the rest is skipped
	factMaxProfileRead = 4 << 20  // bytes of one XML profile
	factMaxLineLen     = 64 << 10 // a longer line is cut to this length
	factBufSize        = 64 << 10 // the buffer text files are read through
	factMaxSightings   = 256      // sightings kept in order before only new ones are
	factMaxDistinct    = 4096     // sightings kept at most, new ones included: a hostile bundle may name a million versions
	factMaxSightText   = 256      // bytes of a sighting's text
	factMaxHosts       = 10000    // hosts-file entries kept
	factMaxDNS         = 256      // DNS server addresses kept

	// Every log record is looked at for platform evidence until this many
	// records were seen, then one in factPlatformSampleEvery; the evidence a
	// record can give is the same in every record of a file.
	factPlatformSampleAll   = 1 << 14
	factPlatformSampleEvery = 64
)

// A FactBuilder gathers the [Facts] of one bundle. Give it every file of the
// bundle with AddFile and every log record with AddRecord, in any order,
// then call Facts. A FactBuilder is not safe for concurrent use.
//
// # Platform
//
// Each piece of platform evidence (a [PlatformHint]) has a weight; a hint
// counts once however often it is seen. The platform with the highest sum
// wins; a tie at the top, or no evidence, gives PlatformUnknown. Evidence
// that fits both macOS and Linux counts for both, so alone it decides
// nothing. The weights:
//
//	10  an event-log export; systeminfo "OS Name: Microsoft Windows";
//	    sw_vers "ProductName: macOS" or "Mac OS X"; system_profiler
//	    "System Version: macOS"; /etc/os-release
//	 8  "Windows IP Configuration" (ipconfig); a unified log; uname
//	    "Darwin ..." or "Linux ... GNU/Linux"; an OS Version naming Windows
//	 6  a macOS system.log; a journald log; pkgutil output for com.cisco;
//	    an installer named -win-, -macos- or -linux-; the macOS socket
//	    filter as record source; a Windows or macOS hosts-file header;
//	    records only one platform writes: Linux kernel records with
//	    "[ 1234.567890]" stamps, NetworkManager, systemd and
//	    systemd-* sources, journalctl's "-- Logs begin at" lines (Linux);
//	    launchd, configd or a com.apple.* subsystem (macOS); the
//	    Service Control Manager, MsiInstaller and Microsoft-Windows-*
//	    providers (Windows)
//	 4  /Applications/Cisco paths; a record header naming a _OSX or _mac
//	    source file
//	 3  Windows paths (C:\...), in files or record headers
//	 2  a syslog-format log; /opt/cisco/ paths; vpnagentd records
//	    (macOS and Linux each)
//
// # Versions
//
// A version is taken only from a line that names the client or comes from
// a VPN record source (acvpnagent, acvpnui, acvpnapi, acvpndownloader,
// vpnagentd, vpnui, vpnapi, csc_vpnagent, csc_vpnui, csc_vpnapi,
// csc_vpndownloader), never from ".NET 4.0.30319", "Windows 10.0.18363"
// or "Linux version 2.6.32". All release lines are read: 2.x (2.5.0217),
// 3.x (3.0.5080, 3.1.07021), 4.x (4.10.05085) and 5.x (5.1.2.42). Each
// wording gives a component:
//
//	Cisco Secure Client - AnyConnect VPN  5.1.2.42      installed list     ComponentInstalled
//	Cisco AnyConnect Secure Mobility Client,4.8.03052   installed list     ComponentInstalled
//	... Agent (version 4.8.03052) started.              VPN record         ComponentVPN
//	vpnapi version 2.5.0217 () Initializing.            VPN record         ComponentVPN
//	Cisco AnyConnect Secure Mobility Client 4.10.05085  VPN record         ComponentVPN
//	Cisco Secure Client 5.1.2.42                        VPN record         ComponentVPN
//	Current version: 5.1.2.42                           VPN record         ComponentVPN
//	... Downloader (2) exiting, version 4.8.03036 , ... any record         ComponentVPN
//	Product Name: ... Product Version: 4.8.03052.       installer log      ComponentInstallLog
//	Cisco AnyConnect Secure Mobility Client 4.8.03052   other record       ComponentInstallLog
//	anyconnect-win-4.8.03052-core-vpn-...               file or line       ComponentInstallLog
//	Cisco AnyConnect VPN Client (version 2.3.0254 ) .   vpncli banner      ComponentCLI
//	Cisco AnyConnect Secure Mobility Client Version 4.3.01095  statistics  ComponentStats
//	Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 .  DART       ComponentDART
//	<file version="4.9.04053" id="VPNCore" is_core="yes" ...>   VPNManifest.dat  ComponentManifest
//
// A record never gives ComponentInstalled: it tells what was so when it
// was written, not when the bundle was made. Within a tier no wording
// outranks another; the time does. The product version is chosen in
// tiers; the first tier with a sighting decides:
//
//  1. an installed-programs list or pkgutil receipt (ComponentInstalled),
//     the state when the bundle was made; the highest version if several;
//     system files thus win over every record;
//  2. VPNManifest.dat's core entry (ComponentManifest), the highest: the
//     installer writes it with the modules it installs, so it is the state
//     when the bundle was made, but it is not the system's own list;
//  3. VPN records and installer logs (ComponentVPN, ComponentInstallLog),
//     including the Windows Installer's "Product Name: ... Product
//     Version: X." records of the Application log (source MsiInstaller):
//     the sighting with the latest record time, as after an upgrade (the
//     higher version at equal times); an installer's version without a
//     time wins only if it is higher;
//  4. the vpncli banner and exported statistics (ComponentCLI,
//     ComponentStats), the highest;
//  5. DART's own banner (ComponentDART). DART is installed on its own and
//     may differ from the VPN core, so it is used only when nothing else
//     names a version, however late its record; Product.VersionFrom then
//     says so.
//
// The product's name follows its version: Cisco AnyConnect VPN Client
// (2.x), Cisco AnyConnect Secure Mobility Client (3.x, 4.x), Cisco Secure
// Client (5.x).
//
// # Other facts
//
// Files are read by content, whatever their name, except where noted:
//
//   - DNS servers: ipconfig /all "DNS Servers . . . : a" and the indented
//     addresses under it, resolv.conf "nameserver a", scutil --dns
//     "nameserver[0] : a", systemd-resolve/resolvectl "DNS Servers: a b".
//   - Host name: systeminfo "Host Name:", ipconfig "Host Name . . . :",
//     hostnamectl "Static hostname:", a file named hostname, the line after
//     a "hostname" command; else the host field of the first log record
//     that has one.
//   - Time zone: systeminfo, systemsetup -gettimezone and timedatectl
//     "Time Zone:"/"Time zone:", a file named timezone or tzutil, the line
//     after a "tzutil /g" command.
//   - Hosts entries: files of KindHosts only.
//   - DART's summary.txt (KindSummary): see [ParseSummary]; it gives
//     Facts.Summary and Facts.ProfilesCollected.
//   - The user's comment: a file that starts "Comments from AnyConnect
//     user:" (DART's comments.txt).
//   - Modules: a file named VPNManifest.dat, or a .dat file whose head
//     opens <vpn rev=...> with <file> elements; see [Module]. Its core
//     entry's version is a ComponentManifest sighting.
//   - What the GUI showed: files named UIHistory*.txt; see [UIMessage].
//   - OS name and version: systeminfo "OS Name:" and "OS Version:";
//     msinfo.nfo (a file named *.nfo or opening <MsInfo>) "OS Name",
//     "Version" and, for the host name, "System Name".
//   - The agent service's state (sc query, Get-Service) and whether
//     ipconfig /all shows the client's virtual adapter; see
//     [ServiceState] and [AdapterCheck].
//   - Profiles: files of KindVPNProfile and KindServiceDisable, and any
//     other file whose first 512 bytes hold "<AnyConnectProfile"; see
//     [Profile] for how each is counted.
//
// The first file to give a host name or time zone wins; DNS servers keep
// the order met.
type FactBuilder struct {
	hints map[hintKey]*PlatformHint

	sightings []VersionSighting
	listed    map[sightKey]bool
	// lastListed is the key of listed last found there, when hasLast.
	lastListed sightKey
	hasLast    bool
	best       [factNumComponents]bestSighting
	dart       VersionSighting

	profiles  []Profile
	hosts     []HostsEntry
	dns       []Value
	dnsSeen   map[string]bool
	hostname  Value
	recHost   Value
	redacted  Source
	timeZone  Value
	osName    Value
	osVersion Value
	agent     ServiceState
	adapter   AdapterCheck
	empty     []string
	summary   *Summary
	comment   Comment
	modules   []Module
	uiHistory []UIMessage // each file's last messages; see lastUIMessages

	nrec int

	// br is the buffer AddFile reads text files through, one file after
	// another: a bundle of a hundred thousand small files then costs one
	// buffer, not one each.
	br *bufio.Reader
}

// reader returns b's buffered reader, reading r.
func (b *FactBuilder) reader(r io.Reader) *bufio.Reader {
	if b.br == nil {
		b.br = bufio.NewReaderSize(r, factBufSize)
	} else {
		b.br.Reset(r)
	}
	return b.br
}

type hintKey struct {
	platform Platform
	what     string
}

type sightKey struct {
	v Version
	c Component
}

// bestSighting is what the product decision needs of one component's
// sightings: the latest timed one and the highest untimed one, without
// their text (see bestOf).
type bestSighting struct {
	latest  VersionSighting // zero Version when none
	highest VersionSighting
}

// Component indexes of FactBuilder.best.
const (
	factIdxVPN = iota
	factIdxDART
	factIdxInstalled
	factIdxInstallLog
	factIdxCLI
	factIdxStats
	factIdxManifest
	factNumComponents
)

func componentIndex(c Component) int {
	switch c {
	case ComponentVPN:
		return factIdxVPN
	case ComponentDART:
		return factIdxDART
	case ComponentInstalled:
		return factIdxInstalled
	case ComponentInstallLog:
		return factIdxInstallLog
	case ComponentCLI:
		return factIdxCLI
	case ComponentStats:
		return factIdxStats
	case ComponentManifest:
		return factIdxManifest
	}
	return -1
}

// NewFactBuilder returns an empty FactBuilder.
func NewFactBuilder() *FactBuilder {
	return &FactBuilder{
		hints:   make(map[hintKey]*PlatformHint),
		listed:  make(map[sightKey]bool),
		dnsSeen: make(map[string]bool),
	}
}

// AddFile reads the facts of one file of the bundle from r, the file's text
// decoded to UTF-8 (CRLF or LF line ends). For a log file (f.Kind.IsLog())
// r is not read and may be nil: its records come through AddRecord, and
// only its kind and name are noted. r is not closed. At most a few
// megabytes of a file are read; the rest is ignored. AddFile returns an
// error only when reading r fails, as "file:line: what"; what was read
// before the failure is kept.
func (b *FactBuilder) AddFile(f File, r io.Reader) error {
	b.addFileName(f)
	if f.Kind.IsLog() || f.Kind == KindArchive || f.Kind == KindPreferences || r == nil {
		return nil
	}
	switch f.Kind {
	case KindVPNProfile, KindServiceDisable:
		return b.addProfile(f, r)
	case KindHosts:
		return b.addHosts(f, r)
	case KindSummary:
		return b.addSummary(f, r)
	}
	br := b.reader(io.LimitReader(r, factMaxFileRead))
	defer br.Reset(nil) // keep no reference to r
	// A profile misclassified as something else is still a profile.
	head, _ := br.Peek(512)
	if bytes.Contains(head, []byte("<AnyConnectProfile")) {
		return b.addProfile(f, br)
	}
	if strings.EqualFold(f.Name, RedactionNote) && bytes.HasPrefix(head, []byte(redactionHead)) {
		b.redacted = Source{File: f.Name, Line: 1}
		return nil
	}
	if isMsinfo(f.Name, head) {
		return b.addMsinfo(f, br)
	}
	if isUIHistory(f.Name) {
		return b.addUIHistory(f, br)
	}
	if isManifest(f.Name, head) {
		return b.addManifest(f, br)
	}
	if bytes.HasPrefix(bytes.TrimPrefix(head, []byte("\uFEFF")), []byte(commentHeader)) {
		return b.addComment(f, br)
	}
	return b.scanText(f, br)
}

// addFileName notes what a file's name and kind say: installer package
// names carry a version and a platform; log kinds say a platform.
func (b *FactBuilder) addFileName(f File) {
	src := Source{File: f.Name}
	base := path.Base(f.Name)
	lower := strings.ToLower(base)
	switch f.Kind {
	case KindEventLog:
		b.hint(PlatformWindows, 10, "Windows event-log export", src)
	case KindUnifiedLog:
		b.hint(PlatformMacOS, 8, "macOS unified log", src)
	case KindSyslog:
		switch {
		case lower == "system.log" || strings.HasPrefix(lower, "system.log."):
			b.hint(PlatformMacOS, 6, "macOS system.log", src)
		case strings.Contains(lower, "journal"):
			b.hint(PlatformLinux, 6, "journald log", src)
		default:
			b.unixHint(2, "syslog-format log", src)
		}
	}
	if c, p, ok := packageNameComponent(lower); ok {
		if m, ok := nextVersion(base, 0); ok {
			b.sight(VersionSighting{Version: m.v, Component: c, Text: base, Source: src})
		}
		if p != PlatformUnknown {
			b.hint(p, 6, "installer package named for "+string(p), src)
		}
	}
}

// packageNameComponent reports whether name (lower case) is, or holds, the
// name of a client installer package or its log, such as
// anyconnect-win-4.8.03052-core-vpn-predeploy-k9-install-1.log or
// cisco-secure-client-win-5.1.2.42-core-vpn-predeploy-k9.msi, and which
// component and platform it names.
func packageNameComponent(name string) (Component, Platform, bool) {
	i := strings.Index(name, "anyconnect-")
	n := len("anyconnect-")
	if i < 0 {
		i = strings.Index(name, "cisco-secure-client-")
		n = len("cisco-secure-client-")
	}
	if i < 0 || !hasVersionShape(name[i:]) {
		return "", "", false
	}
	rest := name[i+n:]
	p := PlatformUnknown
	switch {
	case strings.HasPrefix(rest, "win-"):
		p = PlatformWindows
	case strings.HasPrefix(rest, "macos-") || strings.HasPrefix(rest, "macosx-"):
		p = PlatformMacOS
	case strings.HasPrefix(rest, "linux"):
		p = PlatformLinux
	}
	c := ComponentInstallLog
	if strings.Contains(rest, "-dart-") {
		c = ComponentDART
	}
	return c, p, true
}

// AddEmptyFolder notes a folder of the bundle with nothing in it, as
// [Bundle.EmptyFolders] lists them.
func (b *FactBuilder) AddEmptyFolder(name string) {
	if len(b.empty) < factMaxEmptyFolders {
		b.empty = append(b.empty, name)
	}
}

// factMaxEmptyFolders bounds the empty folders kept: a bundle lists a few.
const factMaxEmptyFolders = 1024

// AddRecord notes what one log record says: a version, the platform, the
// host name. It is meant to be called for every record of a bundle and is
// cheap for records that name no version: a scan for a digit-dot-digit
// shape comes before any closer look. AddRecord keeps no reference to r,
// nor to the memory of its strings: what it keeps of them is copied, since
// a reader's records share the blocks of text they were cut from.
func (b *FactBuilder) AddRecord(r *logparse.Record) {
	b.nrec++
	if b.recHost.Value == "" && r.Host != "" {
		b.recHost = Value{Value: strings.Clone(r.Host), Source: Source{File: strings.Clone(r.Pos.File), Line: r.Pos.Line}}
	}
	if b.nrec <= factPlatformSampleAll || b.nrec%factPlatformSampleEvery == 0 {
		b.recordPlatform(r)
	}
	if !hasVersionShape(r.Message) {
		return
	}
	vpn := isVPNSource(r.Source)
	msg := r.Message
	line := r.Pos.Line
	for msg != "" {
		var l string
		l, msg, _ = strings.Cut(msg, "\n")
		if hasVersionShape(l) {
			// A record tells what was so when it was written, not when the
			// bundle was made: a product name and version in it counts as
			// an installer's, never as an installed-programs list.
			if c, m, ok := classifyVersionLine(l, vpn, KindInstallLog); ok {
				b.sight(VersionSighting{Version: m.v, Component: c, Text: l, Source: Source{File: r.Pos.File, Line: line}, Time: r.Time})
			}
		}
	}
}

// recordPlatform notes the platform evidence of a record: its source, the
// source file named in its debug header, and the shapes only one
// platform's logs have. They let a bundle with no system files still say
// its platform.
func (b *FactBuilder) recordPlatform(r *logparse.Record) {
	switch src := r.Source; {
	case src == "vpnagentd":
		b.unixHint(2, "vpnagentd log records", r.Pos)
	case src == "com.cisco.anyconnect.macos.acsockext" || src == "acsockext":
		b.hint(PlatformMacOS, 6, "macOS socket filter log records", r.Pos)
	case src == "kernel" && dmesgStamp(r.Message):
		b.hint(PlatformLinux, 6, "Linux kernel records ([ 1234.567890] stamps)", r.Pos)
	case src == "NetworkManager":
		b.hint(PlatformLinux, 6, "NetworkManager records", r.Pos)
	case src == "systemd" || strings.HasPrefix(src, "systemd-"):
		b.hint(PlatformLinux, 6, "systemd records", r.Pos)
	case src == "launchd" || src == "com.apple.xpc.launchd" || src == "configd":
		b.hint(PlatformMacOS, 6, "macOS system records (launchd, configd, com.apple.*)", r.Pos)
	case src == "Service Control Manager" || src == "MsiInstaller" || strings.HasPrefix(src, "Microsoft-Windows-"):
		b.hint(PlatformWindows, 6, "Windows event providers", r.Pos)
	}
	if strings.HasPrefix(r.Subsystem, "com.apple.") {
		b.hint(PlatformMacOS, 6, "macOS system records (launchd, configd, com.apple.*)", r.Pos)
	}
	if m := r.Message; len(m) > 3 && m[0] == '-' && m[1] == '-' && m[2] == ' ' &&
		(strings.HasPrefix(m, "-- Logs begin at") || strings.HasPrefix(m, "-- Journal begins at") || strings.HasPrefix(m, "-- Boot ")) {
		b.hint(PlatformLinux, 6, "journald log", r.Pos)
	}
	if f := r.Header.File; f != "" {
		switch {
		case strings.IndexByte(f, '\\') >= 0:
			b.hint(PlatformWindows, 3, "Windows path in a record header", r.Pos)
		case strings.Contains(f, "_OSX") || strings.Contains(f, "_mac"):
			b.hint(PlatformMacOS, 4, "macOS source file in a record header", r.Pos)
		}
	}
}

// dmesgStamp reports whether a kernel message starts with the Linux
// kernel's own time stamp, seconds since boot: "[ 1234.567890] ...". A
// macOS kernel writes none.
func dmesgStamp(m string) bool {
	if len(m) < 10 || m[0] != '[' {
		return false
	}
	i := 1
	for i < len(m) && m[i] == ' ' {
		i++
	}
	n, j := vDigitRun(m, i)
	if n == 0 || j >= len(m) || m[j] != '.' {
		return false
	}
	f, k := vDigitRun(m, j+1)
	return f == 6 && k < len(m) && m[k] == ']'
}

// isVPNSource reports whether a record source is a VPN component: the
// event providers and syslog tags of 4.x and 5.x.
func isVPNSource(s string) bool {
	switch s {
	case "acvpnagent", "acvpnui", "acvpnapi", "acvpndownloader", "acwebhelper",
		"vpnagentd", "vpnagent", "vpnui", "vpnapi", "vpndownloader",
		"csc_vpnagent", "csc_vpnui", "csc_vpnapi", "csc_vpndownloader", "csc_vpnagentd":
		return true
	}
	return false
}

func sightText(l string) string {
	l = strings.TrimSpace(l)
	if len(l) > factMaxSightText {
		l = l[:factMaxSightText]
	}
	return strings.Clone(l)
}

// sight records a version sighting. s.Text and s.Source.File may point
// into a record's memory: they are trimmed and copied only where kept.
func (b *FactBuilder) sight(s VersionSighting) {
	copied := false
	keep := func() VersionSighting {
		if !copied {
			s.Text = sightText(s.Text)
			s.Source.File = strings.Clone(s.Source.File)
			copied = true
		}
		return s
	}
	// A log names the same version in record after record: the key last
	// found listed is compared before the map is looked up.
	k := sightKey{s.Version, s.Component}
	switch {
	case len(b.sightings) < factMaxSightings:
		b.sightings = append(b.sightings, keep())
		b.listed[k] = true
	case b.hasLast && k == b.lastListed:
	case b.listed[k]:
		b.lastListed, b.hasLast = k, true
	case len(b.sightings) < factMaxDistinct:
		b.sightings = append(b.sightings, keep())
		b.listed[k] = true
	}
	if s.Component == ComponentDART && (b.dart.Version.IsZero() || b.dart.Version.Less(s.Version)) {
		b.dart = keep()
	}
	i := componentIndex(s.Component)
	if i < 0 {
		return
	}
	best := &b.best[i]
	if !s.Time.IsZero() {
		if l := &best.latest; l.Version.IsZero() || s.Time.After(l.Time) || s.Time.Equal(l.Time) && l.Version.Less(s.Version) {
			*l = bestOf(s, *l)
		}
		return
	}
	if h := &best.highest; h.Version.IsZero() || h.Version.Less(s.Version) {
		*h = bestOf(s, *h)
	}
}

// bestOf returns what bestSighting keeps of s in place of old: s without
// its text, which the product decision does not read, and with its file
// name copied unless it is old's. A log that names the version in many
// records, each later than the last, then costs no copy per record.
func bestOf(s, old VersionSighting) VersionSighting {
	s.Text = ""
	if s.Source.File == old.Source.File {
		s.Source.File = old.Source.File
	} else {
		s.Source.File = strings.Clone(s.Source.File)
	}
	return s
}

// hint records one piece of platform evidence, keeping the first source in
// (file, line) order so the result does not depend on the order files came.
func (b *FactBuilder) hint(p Platform, weight int, what string, src Source) {
	k := hintKey{p, what}
	if h, ok := b.hints[k]; ok {
		if factSourceLess(src, h.Source) {
			h.Source = Source{File: strings.Clone(src.File), Line: src.Line}
		}
		return
	}
	b.hints[k] = &PlatformHint{Platform: p, Weight: weight, What: what, Source: Source{File: strings.Clone(src.File), Line: src.Line}}
}

// unixHint records evidence that fits both macOS and Linux.
func (b *FactBuilder) unixHint(weight int, what string, src Source) {
	b.hint(PlatformMacOS, weight, what+" (macOS or Linux)", src)
	b.hint(PlatformLinux, weight, what+" (macOS or Linux)", src)
}

func factSourceLess(a, b Source) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	return a.Line < b.Line
}

// Facts decides and returns the facts gathered so far. It may be called
// more than once; each call returns a new Facts.
func (b *FactBuilder) Facts() *Facts {
	f := &Facts{
		Platform:       PlatformUnknown,
		Versions:       slices.Clone(b.sightings),
		DART:           b.dart,
		Profiles:       slices.Clone(b.profiles),
		Hosts:          slices.Clone(b.hosts),
		DNSServers:     slices.Clone(b.dns),
		Hostname:       b.hostname,
		TimeZone:       b.timeZone,
		OSName:         b.osName,
		OSVersion:      b.osVersion,
		AgentService:   b.agent,
		VirtualAdapter: b.adapter,
		Redacted:       b.redacted,
		Summary:        b.summary,
		Comment:        b.comment,
		Modules:        slices.Clone(b.modules),
		UIHistory:      lastUIMessages(b.uiHistory),
	}
	if b.summary != nil {
		f.ProfilesCollected = b.summary.Profiles()
	}
	if len(b.empty) > 0 {
		f.EmptyFolders = slices.Sorted(slices.Values(b.empty))
		f.EmptyFolders = slices.Compact(f.EmptyFolders)
	}
	if f.Hostname.Value == "" {
		f.Hostname = b.recHost
	}
	b.decidePlatform(f)
	f.Product = b.decideProduct()
	return f
}

func (b *FactBuilder) decidePlatform(f *Facts) {
	score := map[Platform]int{}
	for _, h := range b.hints {
		f.PlatformHints = append(f.PlatformHints, *h)
		score[h.Platform] += h.Weight
	}
	slices.SortFunc(f.PlatformHints, func(x, y PlatformHint) int {
		if c := cmp.Compare(y.Weight, x.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Platform, y.Platform); c != 0 {
			return c
		}
		return cmp.Compare(x.What, y.What)
	})
	var top, second int
	win := PlatformUnknown
	for _, p := range []Platform{PlatformWindows, PlatformMacOS, PlatformLinux} {
		switch s := score[p]; {
		case s > top:
			top, second, win = s, top, p
		case s > second:
			second = s
		}
	}
	if top == 0 || top == second {
		return
	}
	f.Platform = win
	for _, h := range f.PlatformHints { // heaviest first
		if h.Platform == win {
			f.PlatformSource = h.Source
			break
		}
	}
}

func (b *FactBuilder) decideProduct() Product {
	tiers := [][]int{{factIdxInstalled}, {factIdxManifest}, {factIdxVPN, factIdxInstallLog}, {factIdxCLI, factIdxStats}, {factIdxDART}}
	for _, tier := range tiers {
		var latest, highest VersionSighting
		for _, i := range tier {
			bs := b.best[i]
			if l := bs.latest; !l.Version.IsZero() && (latest.Version.IsZero() || l.Time.After(latest.Time) || l.Time.Equal(latest.Time) && latest.Version.Less(l.Version)) {
				latest = l
			}
			if h := bs.highest; !h.Version.IsZero() && (highest.Version.IsZero() || highest.Version.Less(h.Version)) {
				highest = h
			}
		}
		pick := latest
		if pick.Version.IsZero() || !highest.Version.IsZero() && pick.Version.Less(highest.Version) {
			pick = highest
		}
		if pick.Version.IsZero() {
			continue
		}
		return Product{Name: factProductName(pick.Version), Version: pick.Version, Source: pick.Source, VersionFrom: pick.Component}
	}
	return Product{}
}

// Product names by release line.
const (
	nameAnyConnect   = "Cisco AnyConnect Secure Mobility Client" // 3.x, 4.x
	nameSecureClient = "Cisco Secure Client"                     // 5.x
	nameVPNClient    = "Cisco AnyConnect VPN Client"             // 2.x
)

func factProductName(v Version) string {
	switch {
	case v.Major >= 5:
		return nameSecureClient
	case v.Major <= 2:
		return nameVPNClient
	}
	return nameAnyConnect
}

// errFactStop ends factEachLine early without an error.
var errFactStop = errors.New("stop")

// factEachLine calls fn for every line of r, without its line end, with the
// 1-based line number. Lines longer than factMaxLineLen are cut. fn may return
// errFactStop to end early. Read errors are returned as "file:line: read: err".
func factEachLine(name string, r io.Reader, fn func(n int, line string) error) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, factBufSize)
	}
	var long []byte
	for n := 1; ; n++ {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long[:0], b...)
			for err == bufio.ErrBufferFull {
				b, err = br.ReadSlice('\n')
				if room := factMaxLineLen - len(long); room > 0 {
					long = append(long, b[:min(room, len(b))]...)
				}
			}
			b = long
		}
		if len(b) > 0 {
			line := string(bytes.TrimRight(b, "\r\n"))
			if n == 1 {
				line = strings.TrimPrefix(line, "\uFEFF") // a byte-order mark left by the decoder
			}
			if e := fn(n, line); e == errFactStop {
				return nil
			} else if e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: read: %w", name, n, err)
		}
	}
}
