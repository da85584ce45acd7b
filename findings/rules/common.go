package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// Pieces the catalogue rules share: the signals for a successful connection
// and a user's connection request, and the "last state wins" reading of a
// list of failures.

// Windows for "A then B": how far apart a cause and its consequence may be
// logged.
const (
	nssWindow   = 5 * time.Minute
	causeWindow = 2 * time.Minute
)

// establishedText is acvpnagent event 2039 (csc_vpnagent 2039 on 5.x): the
// tunnel is up. A failure before it is history.
const establishedText = "has been established and can now pass data"

// connectedSignal collects the records saying the VPN connection came up.
var connectedSignal = findings.Signal{Name: "connected", Contains: establishedText, Sources: findings.VPNSources()}

// attemptSignal collects the user's connection requests, "An SSL VPN
// connection to vpn.example.com has been requested by the user."
var attemptSignal = findings.Signal{Name: "attempt", Contains: "has been requested by the user", Sources: findings.VPNSources()}

var requestedRE = regexp.MustCompile(`connection to (\S+?)\.? has been requested by the user`)

// initiatingSignal collects the connection manager's start of an attempt,
// "Initiating connection to: https://vpn.example.com/" (older clients) or
// "Initiating VPN connection to the secure gateway https://vpn.example.com".
var initiatingSignal = findings.Signal{Name: "initiating", Contains: "Initiating ", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
	return strings.Contains(r.Message, "Initiating connection to") || strings.Contains(r.Message, "Initiating VPN connection to")
}}

var initiatingRE = regexp.MustCompile(`Initiating (?:VPN )?connection to[^/]*//\[?([^/\s:\]]+)`)

// inAttempt returns a test of whether a time falls within a connection
// attempt: at most causeWindow after its start (the user's request, or the
// connection manager's "Initiating ... connection to"), with no connection
// established in between. Records at other times (inside a session, on
// resume after sleep, in a log that starts mid-session) are not an
// attempt's. The rule must declare connectedSignal, attemptSignal and
// initiatingSignal.
func inAttempt(p *findings.Pass) func(time.Time) bool {
	conns := p.Series(connectedSignal.Name).Times()
	starts := findings.Merge("starts", p.Series(attemptSignal.Name), p.Series(initiatingSignal.Name)).Times()
	return func(t time.Time) bool {
		s, ok := lastAtOrBefore(starts, t)
		return ok && t.Sub(s) <= causeWindow && !between(conns, s, t)
	}
}

// vpnSignal returns a signal for records of the VPN core that contain text.
func vpnSignal(name, text string) findings.Signal {
	return findings.Signal{Name: name, Contains: text, Sources: findings.VPNSources()}
}

// codeSignal returns a signal for records of the VPN core whose debug
// header's Description is the return-code symbol sym: the record reports
// the failure, it does not merely mention the name.
func codeSignal(name, sym string) findings.Signal {
	return findings.Signal{Name: name, Contains: sym, Sources: findings.VPNSources(),
		Match: func(r *logparse.Record) bool { return r.Header.Description == sym }}
}

// userMessage returns a signal for the GUI's message to the user that
// contains text: "Message type error sent to the user: <text>", from any
// VPN source (the GUI on 4.x, the API on 5.x).
func userMessage(name, text string) findings.Signal {
	return findings.Signal{Name: name, Contains: text, Sources: findings.VPNSources(),
		Match: func(r *logparse.Record) bool { return strings.HasPrefix(r.Message, "Message type ") }}
}

// A failure is the unresolved outcome of one rule's failure signals.
type failure struct {
	fails   *findings.Series // every failure event, merged
	cadence findings.Cadence
	lastOK  logparse.Record // the latest successful connection, if hasOK
	hasOK   bool
	hosts   []string // hosts the user asked to connect to
}

// unresolved merges the series named and returns the failure, or nil when
// there is none or a later successful connection cancelled it ("the last
// state wins"). The rule must declare connectedSignal and attemptSignal.
func unresolved(p *findings.Pass, names ...string) *failure {
	ss := make([]*findings.Series, len(names))
	for i, n := range names {
		ss[i] = p.Series(n)
	}
	return unresolvedOf(p, ss...)
}

// unresolvedOf is [unresolved] for series the rule built itself.
func unresolvedOf(p *findings.Pass, ss ...*findings.Series) *failure {
	fails := findings.Merge("failures", ss...)
	if fails.Empty() {
		return nil
	}
	ok := p.Series(connectedSignal.Name)
	if findings.Resolved(fails, ok) {
		return nil
	}
	f := &failure{fails: fails, cadence: fails.Cadence(), hosts: requestedHosts(p)}
	f.lastOK, f.hasOK = ok.Latest()
	return f
}

// requestedHosts returns the hosts named in the user's connection requests,
// each once, in time order.
func requestedHosts(p *findings.Pass) []string {
	var out []string
	for _, r := range p.Series(attemptSignal.Name).Records() {
		if m := requestedRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// attemptHosts returns the hosts of the user's requests and of the
// connection manager's "Initiating ... connection to <url>", each once.
// The rule must declare attemptSignal and initiatingSignal.
func attemptHosts(p *findings.Pass) []string {
	out := requestedHosts(p)
	for _, r := range p.Series(initiatingSignal.Name).Records() {
		if m := initiatingRE.FindStringSubmatch(r.Message); m != nil && !slices.ContainsFunc(out, func(h string) bool { return strings.EqualFold(h, m[1]) }) {
			out = append(out, m[1])
		}
	}
	return out
}

// when renders the span of c: "at 09:15:02" or "between 09:15:02 and
// 09:21:40"; "" when no event has a time.
func when(p *findings.Pass, c findings.Cadence) string {
	if c.Timed == 0 {
		return ""
	}
	// Logs that keep milliseconds may put records of one second apart;
	// the span is told to the second.
	first, last := clock(c.First, c.Last), clock(c.Last, c.First)
	if c.Timed == 1 || first == last {
		return p.Sprintf("at %s", first)
	}
	return p.Sprintf("between %s and %s", first, last)
}

// clock formats t as a time of day, with the date when other is on another
// day.
func clock(t, other time.Time) string {
	if t.YearDay() != other.YearDay() || t.Year() != other.Year() {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("15:04:05")
}

// counted renders "3 records between 09:15:02 and 09:21:40". Its texts
// are the formats "%d records" and "%d records %s", with the noun given
// (see countTexts).
func counted(p *findings.Pass, c findings.Cadence, noun string) string {
	if w := when(p, c); w != "" {
		return p.Sprintf("%d "+plural(noun, c.Count)+" %s", c.Count, w)
	}
	return p.Sprintf("%d "+plural(noun, c.Count), c.Count)
}

// countTexts returns the translations of the texts counted and
// [findings.Pass.Describe] make of noun: ko, a format of the count such
// as "레코드 %d개", for "%d record" and "%d records", and ko followed by
// the span in parentheses for "%d record %s" and "%d records %s".
func countTexts(noun, ko string) map[string]string {
	return map[string]string{
		"%d " + noun:                    ko,
		"%d " + plural(noun, 2):         ko,
		"%d " + noun + " %s":            ko + "(%s)",
		"%d " + plural(noun, 2) + " %s": ko + "(%s)",
	}
}

// toHosts renders " (connection to vpn.example.com)" for the hosts asked
// for, or "".
func (f *failure) toHosts(p *findings.Pass) string {
	if len(f.hosts) == 0 {
		return ""
	}
	return p.Sprintf(" (connection to %s)", strings.Join(f.hosts, ", "))
}

// history says what the bundle shows about earlier connections.
func (f *failure) history(p *findings.Pass) string {
	if !f.hasOK {
		if f.cadence.Count == 1 {
			return p.Sprintf("No connection was established after it.")
		}
		return p.Sprintf("No connection was established after them.")
	}
	return p.Sprintf("The last successful connection, at %s, came before the last failure, so the problem is current.", clock(f.lastOK.Time, f.cadence.Last))
}

// failureIdentity is the Identity of the rules that report a failure with
// its facts: the hosts the user asked for tell one failure from another;
// the last connection's time, the platform and the version do not.
var failureIdentity = []string{"requested-host"}

// facts returns the facts a failure finding relies on: the hosts asked for
// and the latest successful connection.
func (f *failure) facts() []findings.FactRef {
	var out []findings.FactRef
	if len(f.hosts) > 0 {
		out = append(out, findings.FactRef{Name: "requested-host", Value: strings.Join(f.hosts, ", ")})
	}
	if f.hasOK {
		out = append(out, findings.FactRef{Name: "last-connection", Value: f.lastOK.Time.Format("2006-01-02 15:04:05"), File: f.lastOK.Pos.File, Line: f.lastOK.Pos.Line})
	} else {
		out = append(out, findings.FactRef{Name: "last-connection", Value: "none after the failures"})
	}
	return out
}

// cite returns evidence for the records of s: all when few, else the first
// n-1 and the last, each with note.
func cite(s *findings.Series, note string, n int) []findings.Evidence {
	recs := s.Records()
	if len(recs) > n {
		recs = append(recs[:n-1:n-1], recs[len(recs)-1])
	}
	out := make([]findings.Evidence, 0, len(recs))
	for _, r := range recs {
		out = append(out, findings.EvidenceOf(&r, note))
	}
	return out
}

// quoteOf returns the text of the first record of s, for a summary.
func quoteOf(s *findings.Series) string {
	recs := s.Records()
	if len(recs) == 0 {
		return ""
	}
	m := recs[0].Message
	if _, after, ok := strings.Cut(m, "sent to the user: "); ok {
		m = after
	}
	return strings.TrimSuffix(strings.Join(strings.Fields(m), " "), ".")
}

// verb returns one when n is 1 and many otherwise: "1 record says", "2
// records say".
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// standardSignals returns sigs with the connection and request signals the
// failure functions read.
func standardSignals(sigs ...findings.Signal) []findings.Signal {
	return append(sigs, connectedSignal, attemptSignal)
}

// reportMessage is the Check of the rules that recognise one user-facing
// failure message: it reports the unresolved failure with the summary lead
// given, the message quoted, the count and times, and the cause.
func reportMessage(p *findings.Pass, lead, cause string, names ...string) {
	f := unresolved(p, names...)
	if f == nil {
		return
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%s%s: %s", p.Text(lead), f.toHosts(p), counted(p, f.cadence, "record"))
	if q := quoteOf(f.fails); q != "" {
		s.WriteString(p.Sprintf(verb(f.cadence.Count, " says %q", " say %q"), q))
	}
	fmt.Fprintf(&s, ". %s %s", p.Text(cause), f.history(p))
	p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: append(f.facts(), scopeFacts(p)...)})
}

// scopeFacts returns the platform and version facts a rule limited to some
// platforms or versions relied on to run.
func scopeFacts(p *findings.Pass) []findings.FactRef {
	var out []findings.FactRef
	f := p.Facts
	if len(p.Rule.Platforms) > 0 {
		out = append(out, findings.FactRef{Name: "platform", Value: string(f.Platform), File: f.PlatformSource.File, Line: f.PlatformSource.Line})
	}
	if !p.Rule.Versions.IsAll() && !f.Product.Version.IsZero() {
		out = append(out, findings.FactRef{Name: "version", Value: f.Product.Version.String(), File: f.Product.Source.File, Line: f.Product.Source.Line})
	}
	return out
}

// The Korean of the texts the rules share. A rule's own texts are in its
// file; the terms are those of the glossary in report/ko.go.
func init() {
	i18n.Register(language.Korean, countTexts("record", "레코드 %d개"))
	i18n.Register(language.Korean, countTexts("time", "%d회"))
	i18n.Register(language.Korean, map[string]string{
		"at %s":               "%s",
		"between %s and %s":   "%s~%s",
		" (connection to %s)": "(연결 대상: %s)",
		" says %q":            ", 내용: %q",
		" say %q":             ", 내용: %q",
		" reports %s":         ", 보고 내용: %s",
		" report %s":          ", 보고 내용: %s",
		"No connection was established after it.":                                                         "그 이후 설정된 연결이 없습니다.",
		"No connection was established after them.":                                                       "그 이후 설정된 연결이 없습니다.",
		"The last successful connection, at %s, came before the last failure, so the problem is current.": "마지막으로 성공한 연결(%s)이 마지막 실패보다 앞서므로 문제는 현재도 계속되고 있습니다.",
	})
}

// leading returns the first n elements of s, or all of them.
func leading[T any](s []T, n int) []T { return s[:min(n, len(s))] }

// Public documents several rules cite.
var (
	// profileEditorRef documents the VPN profile's settings: certificate
	// store and matching, WindowsLogonEnforcement, WindowsVPNEstablishment
	// and LinuxVPNEstablishment, Trusted Network Detection, captive portal
	// detection, the server list.
	profileEditorRef = findings.Reference{Kind: "doc", Title: "Cisco Secure Client Administrator Guide, Release 5.0: The Cisco Secure Client Profile Editor",
		URL: "https://www.cisco.com/c/en/us/td/docs/security/vpn_client/anyconnect/Cisco-Secure-Client-5/admin/guide/b-cisco-secure-client-admin-guide-5-0/anyconnect-profile-editor.html"}
	// troubleshootRef is the troubleshooting chapter of the AnyConnect
	// administrator guide.
	troubleshootRef = findings.Reference{Kind: "doc", Title: "Cisco AnyConnect Secure Mobility Client Administrator Guide, Release 4.10: Troubleshoot AnyConnect",
		URL: "https://www.cisco.com/c/en/us/td/docs/security/vpn_client/anyconnect/anyconnect410/administration/guide/b-anyconnect-admin-guide-4-10/troubleshoot-anyconnect.html"}
	// intuneVPNRef holds AnyConnect log samples of DNS and timeout failures.
	intuneVPNRef = findings.Reference{Kind: "doc", Title: "Microsoft: Troubleshoot VPN profile issues in Microsoft Intune (AnyConnect log samples)",
		URL: "https://github.com/MicrosoftDocs/SupportArticles-docs/blob/main/support/mem/intune/device-configuration/troubleshoot-vpn-profiles.md"}
)

// lastAtOrBefore returns the latest of the sorted times ts at or before t.
func lastAtOrBefore(ts []time.Time, t time.Time) (time.Time, bool) {
	var last time.Time
	found := false
	for _, u := range ts {
		if u.After(t) {
			break
		}
		last, found = u, true
	}
	return last, found
}

// between reports whether one of the sorted times ts falls in [from, to].
func between(ts []time.Time, from, to time.Time) bool {
	for _, u := range ts {
		if !u.Before(from) && !u.After(to) {
			return true
		}
	}
	return false
}
