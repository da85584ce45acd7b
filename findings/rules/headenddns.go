package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// Texts of a failed lookup of the headend.
const (
	getAddrInfo     = "SOCKETSUPPORT_ERROR_GETADDRINFO"
	dnsFailedReply  = "Response type (DNS resolution failed)"
	dnsFailedToUser = "failed due to unsuccessful domain name resolution"
)

var resolveHostRE = regexp.MustCompile(`failed to resolve host name (\S+)`)

// HeadendDNSFailure reports connection attempts that failed because the
// headend's name does not resolve.
var HeadendDNSFailure = &findings.Rule{
	ID:       "headend-dns-failure",
	Title:    "Secure gateway's name does not resolve",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that failed on DNS: the API's "Response type
(DNS resolution failed)" or the GUI's "The VPN connection failed due to
unsuccessful domain name resolution." Records whose debug header reports
SOCKETSUPPORT_ERROR_GETADDRINFO (0xFE25000C) "failed to resolve host name
<h> to IPv4 address" name the host; they are cited, and the summary says
when the GUI message followed one within 2 minutes ("A then B"). A client
that tells the user nothing still logs the lookup: a GETADDRINFO failure
makes the finding by itself when it names the headend (the host of the
user's request or of the connection manager's "Initiating connection to
<url>") and falls within that attempt, at most 2 minutes after its start
with no connection in between. Other GETADDRINFO failures do not (the
agent resolves other names too, and a lookup inside a session or on
resume is not a failed attempt), nor does one for an IPv6 address (routine
on IPv4-only networks), and one for mus.cisco.com never counts: that is
CSCvu39643's domain. A later established connection cancels the finding.

CONFIRMED: the three texts, in one Android capture (Microsoft's Intune
troubleshooting article, public code).`,
	Component:  "vpnapi",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{intuneVPNRef},
	Remediation: []string{
		"Check that the headend's name resolves on the endpoint (nslookup <headend>) with the DNS servers it uses; fix the record or the resolver.",
		"If the name is only in an internal zone, publish it externally or connect by address.",
	},
	Signals: standardSignals(
		findings.Signal{Name: "lookup", Contains: getAddrInfo, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return r.Header.Description == getAddrInfo && !findings.ContainsFold(r.Message, musHost)
		}},
		vpnSignal("reply", dnsFailedReply),
		userMessage("told", dnsFailedToUser),
		initiatingSignal,
	),
	// The headend asked for and the name that does not resolve; not the
	// endpoint's DNS servers, which change with its network.
	Identity: []string{"requested-host", "unresolved-host"},
	Check: func(p *findings.Pass) error {
		f := unresolvedOf(p, p.Series("reply"), p.Series("told"), headendLookups(p))
		if f == nil {
			return nil
		}
		lookups := p.Series("lookup")
		var hosts []string
		for _, r := range lookups.Records() {
			if m := resolveHostRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(hosts, m[1]) {
				hosts = append(hosts, m[1])
			}
		}
		var s strings.Builder
		target := f.toHosts()
		if len(hosts) > 0 {
			target = " to " + strings.Join(hosts, ", ")
		}
		msgs := findings.Merge("messages", p.Series("reply"), p.Series("told"))
		fmt.Fprintf(&s, "Connection attempts%s failed because the secure gateway's name did not resolve: ", target)
		if !msgs.Empty() {
			s.WriteString(counted(msgs.Cadence(), "record"))
		}
		ev := cite(msgs, "", 3)
		if !lookups.Empty() {
			if !msgs.Empty() {
				s.WriteString("; ")
			}
			fmt.Fprintf(&s, "the agent logged %s", counted(lookups.Cadence(), "GETADDRINFO failure"))
			if _, n := findings.FollowedWithin(lookups, p.Series("told"), causeWindow); n > 0 {
				fmt.Fprintf(&s, ", %d of them followed by the GUI's %q", n, "unsuccessful domain name resolution")
			}
			ev = append(cite(lookups, "the lookup that failed", 3), ev...)
		}
		fmt.Fprintf(&s, ". The endpoint's DNS cannot resolve the headend. %s", f.history())
		facts := f.facts()
		if len(hosts) > 0 {
			facts = append(facts, findings.FactRef{Name: "unresolved-host", Value: strings.Join(hosts, ", ")})
		}
		for _, d := range p.Facts.DNSServers {
			facts = append(facts, findings.FactRef{Name: "dns-server", Value: d.Value, File: d.Source.File, Line: d.Source.Line})
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: facts})
		return nil
	},
}

// headendLookups returns the failed lookups of the headend within a
// connection attempt (see [inAttempt]), other than for an IPv6 address.
func headendLookups(p *findings.Pass) *findings.Series {
	hosts := attemptHosts(p)
	in := inAttempt(p)
	out := findings.NewSeries("headend lookups")
	for _, r := range p.Series("lookup").Records() {
		m := resolveHostRE.FindStringSubmatch(r.Message)
		if m == nil || r.Time.IsZero() || strings.Contains(r.Message, "IPv6") || !in(r.Time) {
			continue
		}
		if slices.ContainsFunc(hosts, func(h string) bool { return strings.EqualFold(h, m[1]) }) {
			out.Add(&r)
		}
	}
	return out
}
