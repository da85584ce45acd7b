package dart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"path"
	"strings"
)

// classifyVersionLine decides whether a line that holds a version shape is a
// sighting of the client's version, and of which component. vpn says the
// line comes from a record of a VPN source; kind is the kind of file the
// line comes from (KindOther for records). The recognised lines:
//
//	Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 .               DART
//	Cisco Secure Client - Diagnostics and Reporting Tool 5.1.2.42            DART
//	... Product Name: Cisco AnyConnect Secure Mobility Client. Product Version: 4.8.03052. ...  install log
//	anyconnect-win-4.8.03052-core-vpn-predeploy-k9.msi                       install log (DART for -dart-)
//	Cisco AnyConnect Secure Mobility Client (version 4.9.01095) .           vpncli banner
//	Cisco AnyConnect Secure Mobility Client Version 4.3.01095               exported statistics
//	Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , ...  VPN
//	Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started.  VPN
//	Cisco AnyConnect Secure Mobility Client      4.8.03052                  installed (install log in an installer log)
//	Cisco Secure Client - AnyConnect VPN  5.1.2.42                          installed
//	Cisco AnyConnect VPN Client (version 2.3.0254 ) .                       vpncli banner (2.x)
//	ClientIfcBase.cpp:80 (0) vpnapi vpnapi version 2.3.0254 () Initializing.  VPN
//	any "version X" or product name in a record of a VPN source             VPN
//
// Outside a VPN record, a line counts only if it names the client (one of
// the product names, "AnyConnect", "Secure Client") or one of its
// modules with the word version ("vpnapi version 2.5.0217").
func classifyVersionLine(l string, vpn bool, kind Kind) (Component, versionMatch, bool) {
	if i := strings.Index(l, "Reporting Tool"); i >= 0 && namesClient(l) {
		if m, ok := clientVersion(l, i); ok {
			return ComponentDART, m, true
		}
	}
	if i := strings.Index(l, "Product Version:"); i >= 0 && namesProduct(l) >= 0 {
		if m, ok := clientVersion(l, i); ok {
			return ComponentInstallLog, m, true
		}
	}
	if vpn {
		if m, ok := versionAfterWord(l); ok {
			return ComponentVPN, m, true
		}
		if i := namesProduct(l); i >= 0 {
			if m, ok := clientVersion(l, i); ok {
				return ComponentVPN, m, true
			}
		}
		return "", versionMatch{}, false
	}
	if lower := strings.ToLower(l); strings.Contains(lower, "anyconnect-") || strings.Contains(lower, "cisco-secure-client-") {
		if c, _, ok := packageNameComponent(lower); ok {
			i := strings.Index(lower, "anyconnect-")
			if i < 0 {
				i = strings.Index(lower, "cisco-secure-client-")
			}
			if m, ok := clientVersion(l, i); ok {
				return c, m, true
			}
		}
	}
	i := namesProduct(l)
	if i < 0 {
		// "AnyConnect version 4.8.03052", "vpnapi version 2.5.0217" and the
		// like.
		if strings.Contains(l, "AnyConnect") || strings.Contains(l, "Secure Client") || namesModuleVersion(l) {
			if m, ok := versionAfterWord(l); ok {
				return ComponentVPN, m, true
			}
		}
		return "", versionMatch{}, false
	}
	m, ok := clientVersion(l, i)
	if !ok {
		return "", versionMatch{}, false
	}
	between := l[i:m.start]
	between = strings.TrimPrefix(between, nameAnyConnect)
	between = strings.TrimPrefix(between, nameSecureClient)
	between = strings.TrimPrefix(between, nameVPNClient)
	between = strings.TrimSpace(between)
	between = strings.TrimSpace(strings.TrimPrefix(between, "- AnyConnect VPN"))
	switch {
	case between == "(version":
		return ComponentCLI, m, true
	case between == "Version" || between == "Version:":
		return ComponentStats, m, true
	case !factHasLetter(between):
		if kind == KindInstallLog {
			return ComponentInstallLog, m, true
		}
		return ComponentInstalled, m, true
	case versionWordBefore(l, m.start):
		// A component's banner: "... Client Agent (version 4.8.03052) started."
		return ComponentVPN, m, true
	}
	return "", versionMatch{}, false
}

// clientVersion is nextVersion without the versions of other software
// that share the client's spelling: ".NET Framework 4.8.03761", "CLR
// 4.0.30319". It looks for their names between from (or the previous
// version) and the version, at most 40 bytes back.
func clientVersion(l string, from int) (versionMatch, bool) {
	for {
		m, ok := nextVersion(l, from)
		if !ok || !foreignBefore(l[max(from, m.start-40):m.start]) {
			return m, ok
		}
		from = m.end
	}
}

func foreignBefore(s string) bool {
	return strings.Contains(s, ".NET") || strings.Contains(s, "Framework") || strings.Contains(s, "CLR") || strings.Contains(s, "Java")
}

// namesProduct returns where l names the VPN product, "Cisco AnyConnect
// Secure Mobility Client", "Cisco Secure Client" or, for 2.x, "Cisco
// AnyConnect VPN Client", or -1.
func namesProduct(l string) int {
	if i := strings.Index(l, nameAnyConnect); i >= 0 {
		return i
	}
	if i := strings.Index(l, nameSecureClient); i >= 0 {
		return i
	}
	return strings.Index(l, nameVPNClient)
}

// namesModuleVersion reports whether l gives the version of a VPN module by
// its file name, as "vpnapi version 2.5.0217" or "vpnagent version ...".
func namesModuleVersion(l string) bool {
	for _, m := range [...]string{"vpnapi version", "vpnagent version", "vpnui version", "vpndownloader version"} {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// namesClient reports whether l names the client or its DART module.
func namesClient(l string) bool {
	return strings.Contains(l, "AnyConnect") || strings.Contains(l, "Cisco Secure Client") || strings.Contains(l, "DART")
}

// versionWordBefore reports whether the word "version" (either case of its
// first letter) comes just before offset i of l, separated by nothing but
// versionAfterWord returns the first client version in l that the word
// "version" precedes.
func versionAfterWord(l string) (versionMatch, bool) {
	for from := 0; ; {
		m, ok := clientVersion(l, from)
		if !ok || versionWordBefore(l, m.start) {
			return m, ok
		}
		from = m.end
	}
}

// spaces and ":", "=" or "(".
func versionWordBefore(l string, i int) bool {
	j := i
	for j > 0 && strings.IndexByte(" \t:=(", l[j-1]) >= 0 {
		j--
	}
	if j < len("version") {
		return false
	}
	w := l[j-len("version") : j]
	return w == "version" || w == "Version"
}

func factHasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

// A textScan reads the lines of a system-information, installer-log or
// other text file.
type textScan struct {
	b       *FactBuilder
	name    string
	kind    Kind
	dnsCont bool   // the last key was DNS Servers: indented addresses follow
	pkgID   string // the last pkgutil package-id of a Cisco package
	cisco   bool   // the file names Cisco
	pending []VersionSighting
	expect  string // "hostname" or "timezone": the next non-empty line is it
	svc     string // sc query's SERVICE_NAME, when it is the agent's: its STATE follows
}

// scanText reads a text file line by line for versions, platform evidence,
// DNS servers, the host name and the time zone.
func (b *FactBuilder) scanText(f File, r io.Reader) error {
	s := &textScan{b: b, name: f.Name, kind: f.Kind}
	base := strings.ToLower(path.Base(f.Name))
	switch strings.TrimSuffix(base, ".txt") {
	case "hostname":
		s.expect = "hostname"
	case "timezone", "tzutil":
		s.expect = "timezone"
	case "os-release":
		b.hint(PlatformLinux, 10, "/etc/os-release", Source{File: f.Name})
	}
	s.cisco = strings.Contains(base, "cisco") || strings.Contains(base, "anyconnect")
	err := factEachLine(f.Name, r, s.line)
	if s.cisco {
		for _, p := range s.pending {
			b.sight(p)
		}
	}
	return err
}

func (s *textScan) src(n int) Source { return Source{File: s.name, Line: n} }

func (s *textScan) line(n int, line string) error {
	t := strings.TrimSpace(line)
	if t == "" {
		s.dnsCont = false
		return nil
	}
	if s.expect != "" {
		v := Value{Value: t, Source: s.src(n)}
		switch s.expect {
		case "hostname":
			if s.b.hostname.Value == "" && !strings.ContainsAny(t, " \t") && len(t) <= 253 {
				s.b.hostname = v
			}
		case "timezone":
			if s.b.timeZone.Value == "" {
				s.b.timeZone = v
			}
		}
		s.expect = ""
		return nil
	}
	if len(t) < 64 {
		switch commandOf(t) {
		case "hostname":
			s.expect = "hostname"
			return nil
		case "tzutil /g":
			s.expect = "timezone"
			return nil
		}
	}
	if s.dnsCont {
		if (line[0] == ' ' || line[0] == '\t') && s.addDNSList(t, n) {
			return nil
		}
		s.dnsCont = false
	}
	if !s.cisco && strings.Contains(line, "Cisco") {
		s.cisco = true
	}
	if hasVersionShape(t) {
		s.version(n, t)
	}
	s.services(n, t)
	s.platform(n, line, t)
	s.keyValue(n, t)
	return nil
}

// commandOf returns the command of a line that shows one being run, in
// lower case without the prompt: "C:\>tzutil /g", "$ hostname", "hostname".
func commandOf(t string) string {
	if i := strings.LastIndexAny(t, ">$#"); i >= 0 {
		t = t[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(t))
}

func (s *textScan) version(n int, t string) {
	// MSI property dump: "Property(S): ProductVersion = 4.8.03052". It
	// counts only in a log that names Cisco, which may come later.
	if strings.HasPrefix(t, "Property(") {
		if _, rest, ok := strings.Cut(t, "ProductVersion = "); ok {
			if m, ok := nextVersion(rest, 0); ok && m.start == 0 {
				s.pending = append(s.pending, VersionSighting{Version: m.v, Component: ComponentInstallLog, Text: sightText(t), Source: s.src(n)})
			}
		}
		return
	}
	if c, m, ok := classifyVersionLine(t, false, s.kind); ok {
		s.b.sight(VersionSighting{Version: m.v, Component: c, Text: sightText(t), Source: s.src(n)})
	}
}

func (s *textScan) platform(n int, line, t string) {
	b := s.b
	switch {
	case t == "Windows IP Configuration":
		b.hint(PlatformWindows, 8, "ipconfig: Windows IP Configuration", s.src(n))
	case strings.HasPrefix(t, "Darwin "):
		b.hint(PlatformMacOS, 8, "uname: Darwin", s.src(n))
	case strings.HasPrefix(t, "Linux ") && strings.Contains(t, "GNU/Linux"):
		b.hint(PlatformLinux, 8, "uname: Linux", s.src(n))
	case strings.HasPrefix(t, "PRETTY_NAME="):
		b.hint(PlatformLinux, 10, "/etc/os-release", s.src(n))
	case strings.HasPrefix(t, "-- Logs begin at") || strings.HasPrefix(t, "-- Journal begins at"):
		b.hint(PlatformLinux, 6, "journald log", s.src(n))
	}
	if i := strings.Index(line, `:\`); i > 0 {
		if c := line[i-1] | 0x20; 'a' <= c && c <= 'z' && (i == 1 || !vWordByte(line[i-2])) {
			b.hint(PlatformWindows, 3, `Windows path (C:\...)`, s.src(n))
		}
	}
	if strings.Contains(line, "/Applications/Cisco") {
		b.hint(PlatformMacOS, 4, "/Applications/Cisco path", s.src(n))
	}
	if strings.Contains(line, "/opt/cisco/") {
		b.unixHint(2, "/opt/cisco/ path", s.src(n))
	}
}

// keyValue reads "Key: value" and "Key . . . : value" lines.
func (s *textScan) keyValue(n int, t string) {
	if rest, ok := strings.CutPrefix(t, "nameserver"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		// resolv.conf
		s.addDNS(strings.TrimSpace(rest), n)
		return
	}
	i := strings.IndexByte(t, ':')
	if i <= 0 {
		return
	}
	key := strings.TrimSpace(strings.TrimRight(t[:i], " .\t"))
	if key == "" || len(key) > 40 {
		return
	}
	val := strings.TrimSpace(t[i+1:])
	b := s.b
	switch k := strings.ToLower(key); k {
	case "host name", "static hostname":
		if b.hostname.Value == "" && val != "" && !strings.ContainsAny(val, " \t") {
			b.hostname = Value{Value: val, Source: s.src(n)}
		}
	case "dns servers":
		s.addDNSList(val, n)
		s.dnsCont = true
	case "time zone":
		if b.timeZone.Value == "" && val != "" {
			b.timeZone = Value{Value: val, Source: s.src(n)}
		}
	case "os name":
		if b.osName.Value == "" && val != "" {
			b.osName = Value{Value: val, Source: s.src(n)}
		}
		if strings.HasPrefix(val, "Microsoft Windows") {
			b.hint(PlatformWindows, 10, "systeminfo OS Name: Microsoft Windows", s.src(n))
		}
	case "os version":
		if b.osVersion.Value == "" && val != "" {
			b.osVersion = Value{Value: val, Source: s.src(n)}
		}
		if strings.Contains(val, "Windows") || strings.Contains(val, "WinNT") {
			b.hint(PlatformWindows, 8, "OS Version: Windows", s.src(n))
		}
	case "productname":
		if val == "macOS" || strings.HasPrefix(val, "Mac OS X") {
			b.hint(PlatformMacOS, 10, "sw_vers ProductName: macOS", s.src(n))
		}
	case "system version":
		if strings.HasPrefix(val, "macOS") || strings.HasPrefix(val, "Mac OS X") || strings.HasPrefix(val, "OS X") {
			b.hint(PlatformMacOS, 10, "system_profiler System Version: macOS", s.src(n))
		}
	case "kernel version":
		if strings.HasPrefix(val, "Darwin") {
			b.hint(PlatformMacOS, 8, "uname: Darwin", s.src(n))
		}
	case "package-id":
		s.pkgID = ""
		if strings.HasPrefix(val, "com.cisco.") {
			s.pkgID = val
			b.hint(PlatformMacOS, 6, "pkgutil: com.cisco package", s.src(n))
		}
	case "version":
		if s.pkgID == "" {
			return
		}
		id := s.pkgID
		s.pkgID = ""
		m, ok := nextVersion(val, 0)
		if !ok {
			return
		}
		c := ComponentInstalled
		switch {
		case strings.Contains(id, "dart"):
			c = ComponentDART
		case !strings.Contains(id, "vpn"):
			return // another module (umbrella, posture, ...)
		}
		b.sight(VersionSighting{Version: m.v, Component: c, Text: sightText(id + " " + t), Source: s.src(n)})
	default:
		if strings.HasPrefix(k, "nameserver[") {
			s.addDNS(val, n)
		}
	}
}

// addDNSList adds the addresses of a space-separated list and reports
// whether every field was an address.
func (s *textScan) addDNSList(val string, n int) bool {
	fields := strings.Fields(val)
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if _, ok := factParseAddr(f); !ok {
			return false
		}
	}
	for _, f := range fields {
		s.addDNS(f, n)
	}
	return true
}

func (s *textScan) addDNS(text string, n int) {
	text, _, _ = strings.Cut(text, " ") // "10.0.0.1 # comment"
	a, ok := factParseAddr(text)
	if !ok {
		return
	}
	key := a.WithZone("").String()
	b := s.b
	if b.dnsSeen[key] || len(b.dns) >= factMaxDNS {
		return
	}
	b.dnsSeen[key] = true
	b.dns = append(b.dns, Value{Value: text, Source: s.src(n)})
}

// factParseAddr parses an IPv4 or IPv6 address, with or without a zone
// ("fe80::1%12"), and an ipconfig suffix such as "(Preferred)".
func factParseAddr(s string) (netip.Addr, bool) {
	s, _, _ = strings.Cut(s, "(")
	a, err := netip.ParseAddr(s)
	return a, err == nil
}

// addHosts reads a hosts file: "address name [name...] # comment".
func (b *FactBuilder) addHosts(f File, r io.Reader) error {
	r = io.LimitReader(r, factMaxFileRead)
	return factEachLine(f.Name, r, func(n int, line string) error {
		src := Source{File: f.Name, Line: n}
		body, comment, _ := strings.Cut(line, "#")
		if strings.Contains(comment, "Microsoft Corp") {
			b.hint(PlatformWindows, 6, "Windows hosts file", src)
		}
		fields := strings.Fields(body)
		if len(fields) < 2 {
			return nil
		}
		if _, err := netip.ParseAddr(fields[0]); err != nil {
			return nil
		}
		for _, name := range fields[1:] {
			if name == "broadcasthost" {
				b.hint(PlatformMacOS, 6, "macOS hosts file (broadcasthost)", src)
			}
		}
		if len(b.hosts) >= factMaxHosts {
			return errFactStop
		}
		b.hosts = append(b.hosts, HostsEntry{Address: fields[0], Names: fields[1:], Comment: strings.TrimSpace(comment), Source: src})
		return nil
	})
}

// addProfile reads an AnyConnect XML profile.
func (b *FactBuilder) addProfile(f File, r io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(r, factMaxProfileRead))
	if err != nil {
		err = fmt.Errorf("%s: read: %w", f.Name, err)
	}
	if p, ok := parseProfile(f, data); ok {
		b.profiles = append(b.profiles, p)
	}
	return err
}

// parseProfile reads an AnyConnect profile tolerantly: element names are
// matched without their namespace, and when the XML breaks, what was read
// before is kept and Malformed says where. It reports false for a file not
// classified as a profile whose root is not AnyConnectProfile.
func parseProfile(f File, data []byte) (Profile, bool) {
	p := Profile{File: f.Name, Kind: KindOther}
	profileKind := f.Kind == KindVPNProfile || f.Kind == KindServiceDisable
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		p.Malformed = f.Name + ": empty file"
		return p, profileKind
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	// The text is UTF-8 already, whatever the declaration says.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		stack   []string
		text    strings.Builder
		entry   ServerEntry
		inEntry bool
		root    string
	)
	flush := func() {
		if inEntry && (entry.Name != "" || entry.Address != "") {
			p.Entries = append(p.Entries, entry)
		}
		entry, inEntry = ServerEntry{}, false
	}
	parent := func(up int) string {
		if len(stack) > up {
			return stack[len(stack)-1-up]
		}
		return ""
	}
	for {
		tok, err := d.Token()
		if err != nil {
			if err != io.EOF || len(stack) > 0 {
				line, _ := d.InputPos()
				var se *xml.SyntaxError
				msg := "unexpected end of file"
				if errors.As(err, &se) {
					line, msg = se.Line, se.Msg
				} else if err != io.EOF {
					msg = err.Error()
				}
				p.Malformed = fmt.Sprintf("%s:%d: %s", f.Name, line, msg)
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = t.Name.Local
				if root != "AnyConnectProfile" {
					if !profileKind {
						return p, false
					}
					p.Malformed = fmt.Sprintf("%s:1: root element is %s, not AnyConnectProfile", f.Name, root)
				}
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			if t.Name.Local == "HostEntry" && parent(1) == "ServerList" {
				inEntry = true
			}
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			name := t.Name.Local
			val := strings.TrimSpace(text.String())
			text.Reset()
			switch {
			case inEntry && parent(1) == "HostEntry" && name == "HostName":
				entry.Name = val
			case inEntry && parent(1) == "HostEntry" && name == "HostAddress":
				entry.Address = val
			case name == "HostEntry" && inEntry:
				flush()
			case name == "ServiceDisable" && parent(1) == "ClientInitialization":
				p.ServiceDisable = strings.EqualFold(val, "true")
				p.Kind = KindServiceDisable
			}
			// Pop to the matching start; a stray end tag pops nothing.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == name {
					stack = stack[:i]
					break
				}
			}
		}
	}
	flush()
	for _, e := range p.Entries {
		if e.Address != "" {
			p.Servers = append(p.Servers, e.Address)
		} else {
			p.Servers = append(p.Servers, e.Name)
		}
	}
	if len(p.Servers) > 0 {
		p.Kind = KindVPNProfile
	}
	return p, true
}
