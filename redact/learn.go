package redact

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
)

// LearnFacts makes r replace, wherever they appear, the secrets a
// bundle's facts name: its host name, the user DART ran as, the users
// whose folders the facts' files and folders are in, its VPN profiles'
// servers, the names of its hosts file.
func (r *Redactor) LearnFacts(f *dart.Facts) {
	if f == nil {
		return
	}
	r.Learn(KindHost, f.Hostname.Value)
	r.learnPath(f.Hostname.Source.File)
	for _, p := range f.Profiles {
		r.learnPath(p.File)
		for _, e := range p.Entries {
			r.learnServerName(e.Name)
			r.learnName(e.Address)
		}
		for _, s := range p.Servers {
			r.learnName(s)
		}
	}
	for _, h := range f.Hosts {
		for _, n := range h.Names {
			r.learnName(n)
		}
	}
	for _, d := range f.EmptyFolders {
		r.learnPath(d)
	}
	if s := f.Summary; s != nil {
		r.learnUser(s.User)
		r.learnPath(s.Location)
		for _, sec := range s.Sections {
			for _, list := range [][]dart.SummaryFile{sec.Included, sec.Omitted, sec.Requested} {
				for _, sf := range list {
					r.learnPath(sf.Name)
				}
			}
		}
	}
}

// learnName learns a server's name; addresses need no learning, since
// every address is replaced.
func (r *Redactor) learnName(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return
	}
	if h, _, ok := strings.Cut(s, ":"); ok { // host:port
		s = h
	}
	if !nameLike(s) {
		return
	}
	if strings.Contains(s, ".") {
		r.Learn(KindDomain, s)
		return
	}
	r.Learn(KindHost, s)
}

// learnServerName learns the name a profile shows the user for a server
// unless it is a single plain word ("VPN", "Corporate"), which would
// replace that word in every log.
func (r *Redactor) learnServerName(s string) {
	s = strings.TrimSpace(s)
	if s == "" || !strings.ContainsAny(s, " .-_0123456789") {
		return
	}
	if strings.Contains(s, " ") {
		r.Learn(KindHost, s)
		return
	}
	r.learnName(s)
}

// systemUsers are the names of the folders under Users and home that
// belong to no one.
var systemUsers = map[string]bool{
	"public": true, "default": true, "default user": true, "all users": true, "shared": true,
	"guest": true, "administrator": true, "admin": true, "root": true, "user": true, "users": true,
	".localized": true, "defaultapppool": true, "systemprofile": true, "localservice": true, "networkservice": true,
}

// learnUser learns a user's name, unless it is a system account's.
func (r *Redactor) learnUser(s string) {
	s = strings.TrimSpace(s)
	if s == "" || systemUsers[strings.ToLower(s)] || strings.HasPrefix(s, "%") || strings.HasPrefix(s, "$") || strings.HasPrefix(s, "*") {
		return
	}
	r.Learn(KindUser, s)
}

// userPath matches the user's folder in a path: C:\Users\NAME,
// /Users/NAME, /home/NAME, Documents and Settings\NAME.
var userPath = regexp.MustCompile(`(?i)(?:^|[\\/])(?:Users|home|Documents and Settings)[\\/]+([^\\/\x00-\x1f"'<>|:*?\r\n]+)`)

// learnPath learns the user whose folder path is in.
func (r *Redactor) learnPath(path string) {
	for _, m := range userPath.FindAllStringSubmatch(path, -1) {
		r.learnUser(strings.TrimRight(m[1], " ."))
	}
}

// learnLines are the lines of system information that name a secret:
// environment variables, ipconfig's and resolv.conf's DNS suffixes,
// netsh's SSIDs, certificate listings.
var learnLines = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	{KindUser, regexp.MustCompile(`(?im)^\s*(?:set\s+|export\s+)?(?:USERNAME|USER|LOGNAME)\s*=\s*"?([^\s"]+)`)},
	{KindHost, regexp.MustCompile(`(?im)^\s*(?:set\s+|export\s+)?(?:COMPUTERNAME|HOSTNAME)\s*=\s*"?([^\s"]+)`)},
	{KindDomain, regexp.MustCompile(`(?im)^\s*(?:set\s+|export\s+)?(?:USERDOMAIN|USERDNSDOMAIN|LOGONSERVER)\s*=\s*"?\\*([^\s"]+)`)},
	{KindDomain, regexp.MustCompile(`(?im)^\s*(?:Primary Dns Suffix|Connection-specific DNS Suffix|DNS Suffix Search List)[ .]*:[ \t]*([^\s]+)`)},
	{KindDomain, regexp.MustCompile(`(?im)^[ \t]*(?:search|domain)[ \t]+([A-Za-z0-9][^\s#]*)`)},
	{KindSSID, regexp.MustCompile(`(?im)^\s*(?:SSID(?: \d+)?|Profile)\s+:[ \t]*([^\r\n]*[^\s])`)},
	{KindCert, regexp.MustCompile(`(?im)^\s*(?:Subject|Issuer)\s*:[ \t]*([^\r\n]*[^\s])`)},
	{KindCert, regexp.MustCompile(`(?im)^\s*Serial(?: Number)?\s*:[ \t]*([0-9A-Fa-f:]{8,})`)},
}

// wideAddr matches an IPv6 address that is not in a longer token.
var wideAddr = regexp.MustCompile(`(?i)(?:^|[^0-9a-z:])((?:[0-9a-f]{1,4}:){2,7}:?(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)`)

// learnText learns the secrets a file of system information states.
func learnText(data []byte, learn func(Kind, string)) {
	for _, l := range learnLines {
		for _, m := range l.re.FindAllSubmatch(data, -1) {
			v := strings.TrimSpace(string(m[1]))
			if (l.kind == KindDomain || l.kind == KindHost) && !nameLike(v) {
				continue
			}
			learn(l.kind, v)
		}
	}
	for _, m := range userPath.FindAllSubmatch(data, -1) {
		learn(KindUser, strings.TrimRight(string(m[1]), " ."))
	}
	for _, m := range wideAddr.FindAllSubmatch(data, -1) {
		a, err := netip.ParseAddr(string(m[1]))
		if err == nil && a.Is6() && !a.Is4In6() && a.IsGlobalUnicast() && !a.IsPrivate() {
			learn(KindAddress, a.String())
			learn(KindAddress, string(m[1]))
		}
	}
}

var dnsName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.?$`)

// nameLike reports whether s reads as a host or domain name of the
// customer's: not a word such as "local" that would be replaced in every
// log.
func nameLike(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(s, ".")) {
	case "local", "localdomain", "lan", "home", "workgroup", "none", "n/a", "unknown",
		"localhost", "broadcasthost", "ip6-localhost", "ip6-loopback", "ip6-allnodes", "ip6-allrouters", "localhost.localdomain":
		return false
	}
	return len(s) >= 3 && dnsName.MatchString(s)
}

// learnMax is how much of a file of system information the first pass
// reads.
const learnMax = 8 << 20

// maxNote bounds the note of a former redaction. It is read whole, or a
// second redaction would drop the pseudonyms past the cut from its own
// note: a pseudonym a line, some fifteen bytes, and a log may hold an
// address per line.
const maxNote = 256 << 20

// learn is Bundle's first pass: it opens the bundle with dart, refuses
// it over a limit, reads the note of a former redaction, and makes r
// learn the bundle's facts and the secrets its system information
// states.
func (b *bundler) learn(in string) error {
	bd, err := dart.Open(b.ctx, in, &dart.Options{Limits: b.lim})
	if err != nil {
		return err
	}
	defer bd.Close()
	for _, p := range bd.Problems() {
		if errors.Is(p, dart.ErrLimit) || errors.Is(p, dart.ErrNotOpened) {
			return p
		}
	}
	fb := dart.NewFactBuilder()
	for _, d := range bd.EmptyFolders() {
		fb.AddEmptyFolder(d)
	}
	type secret struct {
		kind  Kind
		value string
	}
	var found []secret
	learn := func(k Kind, v string) {
		if k == KindUser {
			if systemUsers[strings.ToLower(v)] {
				return
			}
		}
		found = append(found, secret{k, v})
	}
	var buf bytes.Buffer
	err = bd.Walk(b.ctx, func(f dart.File, r io.Reader) error {
		for _, m := range userPath.FindAllStringSubmatch(f.Name, -1) {
			learn(KindUser, strings.TrimRight(m[1], " ."))
		}
		if strings.EqualFold(f.Name, NoteName) {
			data, err := io.ReadAll(io.LimitReader(r, maxNote+1))
			if err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			if len(data) > maxNote {
				return fmt.Errorf("%s: the note of a former redaction is larger than %d bytes: %w", f.Name, maxNote, dart.ErrLimit)
			}
			b.note = parseNote(data)
			return nil
		}
		if f.Kind.IsLog() || f.Encoding == "" || f.Kind == dart.KindArchive {
			fb.AddFile(f, nil)
			if f.Kind.IsLog() && f.Format != logparse.FormatUnknown && f.Encoding != "" {
				learnRecords(r, f.Format, fb, learn)
			}
			return b.ctx.Err()
		}
		buf.Reset()
		if _, err := buf.ReadFrom(io.LimitReader(r, learnMax)); err != nil {
			// The write pass says what is wrong with the file.
			return b.ctx.Err()
		}
		learnText(buf.Bytes(), learn)
		fb.AddFile(f, bufio.NewReader(bytes.NewReader(buf.Bytes())))
		return b.ctx.Err()
	})
	if err != nil {
		return err
	}
	b.r.AddPseudonyms(b.note.pseudonyms...)
	b.r.LearnFacts(fb.Facts())
	for _, s := range found {
		switch s.kind {
		case KindUser:
			b.r.learnUser(s.value)
		case KindDomain, KindHost:
			if s.kind == KindDomain && !strings.Contains(s.value, ".") {
				b.r.Learn(KindDomain, s.value)
				continue
			}
			b.r.learnName(s.value)
		case KindCert:
			if b.r.keptSubject(s.value) {
				continue
			}
			b.r.Learn(s.kind, s.value)
		default:
			b.r.Learn(s.kind, s.value)
		}
	}
	return nil
}

// The first pass reads the head of each log, at most recordsMax bytes and
// maxRecords records: the host that wrote a syslog or a macOS log is
// often named nowhere else, and the logs are too large to read twice.
const (
	recordsMax = 1 << 20
	maxRecords = 1000
)

// learnRecords learns the host names of the first records of the log in
// r, of format f, and gives them to fb, whose facts then name the host
// when no file of system information does.
func learnRecords(r io.Reader, f logparse.Format, fb *dart.FactBuilder, learn func(Kind, string)) {
	rr, err := logparse.NewReader(io.LimitReader(r, recordsMax), f, nil)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	n := 0
	for rec, err := range rr.All() {
		if err != nil {
			continue // a record the analysis will report, or the cut
		}
		if rec.Host != "" && !seen[rec.Host] {
			seen[rec.Host] = true
			learn(KindHost, rec.Host)
		}
		fb.AddRecord(&rec)
		if n++; n == maxRecords {
			return
		}
	}
}

// keptSubject reports whether the certificate subject v (CN=x, O=y) holds
// only kept values or pseudonyms, as a redacted one does: learnt whole,
// it would have a pseudonym of its own, which redacting the bundle again
// would add to its note.
func (r *Redactor) keptSubject(v string) bool {
	if !strings.Contains(v, "=") {
		return false
	}
	for _, part := range strings.Split(v, ",") {
		_, val, ok := strings.Cut(part, "=")
		if !ok {
			return false
		}
		if val = strings.TrimSpace(val); val != "" && !r.Kept(val) {
			return false
		}
	}
	return true
}
