package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// Texts of a headend that does not answer.
const (
	transportTimeout = "CTRANSPORT_ERROR_TIMEOUT"
	unableToContact  = "Unable to contact "
)

// timeoutBursts is how many separate bursts of attempt timeouts make a
// finding without any other record: the client retries, and one timed-out
// attempt followed by nothing is not enough to call the headend
// unreachable.
const timeoutBursts = 2

// burstGap separates two timed-out attempts: one attempt logs its timeout
// several times (curl, the transport, the connection manager) within a
// second or two.
const burstGap = 5 * time.Second

// contactRE matches the agent's or API's own "Unable to contact
// vpn.example.com." and captures the host: a name or address, not a phrase
// such as "the OCSP responder".
var contactRE = regexp.MustCompile(`Unable to contact ([A-Za-z0-9][A-Za-z0-9.:\[\]-]*[A-Za-z0-9\]])\.?\s*$`)

// agentContactSignal collects "Unable to contact <host>." from the VPN
// core outside a message to the user (those are the "contact" signal).
var agentContactSignal = findings.Signal{Name: "unable", Contains: unableToContact, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
	if strings.HasPrefix(r.Message, "Message type ") {
		return false
	}
	m := contactRE.FindStringSubmatch(r.Message)
	return m != nil && strings.ContainsAny(m[1], ".:")
}}

// GatewayUnreachable reports connection attempts that timed out or found
// the headend unreachable.
var GatewayUnreachable = &findings.Rule{
	ID:       "gateway-unreachable",
	Title:    "Secure gateway unreachable: connection timed out",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that could not reach the headend. Any of
these makes the finding: the API's "Response type (host unreachable)";
the GUI's messages to the user "Connection attempt has timed out. Please
verify Internet connectivity." and "Unable to contact <host>."; and the
core's own "Unable to contact <host>." outside a message to the user (a
host name or address, so "Unable to contact the OCSP responder" does not
count). Clients that log no message to the user still log the attempt's
timeout: records whose debug header reports CTRANSPORT_ERROR_TIMEOUT
(curl_easy_perform, the transport, the connection manager) make the
finding when at least 2 attempts, more than 5 seconds apart, timed out.
A timeout belongs to an attempt when the attempt's start (the user's
request "... has been requested by the user.", or the connection
manager's "Initiating connection to: <url>" or "Initiating VPN connection
to the secure gateway <url>") came at most 2 minutes before it, with no
connection established in between. Any other timeout (inside a session,
on resume after sleep, in a log that starts mid-session) does not count;
it is cited when the finding is made. TCP/443 to the headend is blocked,
or the headend is down. A later established connection cancels the
finding, so a timeout followed by a successful retry is not reported.

CONFIRMED: the GUI's texts and CTRANSPORT_ERROR_TIMEOUT from
curl_easy_perform (Microsoft's Intune troubleshooting article, iOS and
Android logs), "Response type (host unreachable)" (public code); the
core's "Unable to contact <host>." after four CTRANSPORT_ERROR_TIMEOUT
records of one attempt, with no message to the user (Linux syslog,
AnyConnect 2.5, Ubuntu forum thread; public code).`,
	Component:  "vpnapi",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{intuneVPNRef},
	Remediation: []string{
		"Test TCP/443 from the endpoint to the headend (Test-NetConnection <headend> -Port 443, or curl -v https://<headend>/).",
		"Check firewalls and proxies on the path, and that the headend is up and listening.",
	},
	Signals: standardSignals(
		vpnSignal("reply", "Response type (host unreachable)"),
		userMessage("timedout", "Connection attempt has timed out"),
		userMessage("contact", unableToContact),
		agentContactSignal,
		codeSignal("timeout", transportTimeout),
		initiatingSignal,
	),
	Identity: failureIdentity,
	Check:    checkUnreachable,
}

func checkUnreachable(p *findings.Pass) error {
	msgs := findings.Merge("failures", p.Series("reply"), p.Series("timedout"), p.Series("contact"), p.Series(agentContactSignal.Name))
	timeouts := p.Series("timeout")
	attempts, bursts := attemptTimeouts(p, timeouts)
	names := []*findings.Series{msgs}
	if bursts >= timeoutBursts {
		names = append(names, attempts)
	}
	f := unresolvedOf(p, names...)
	if f == nil {
		return nil
	}
	var s strings.Builder
	fmt.Fprintf(&s, "Connection attempts%s could not reach the secure gateway: ", f.toHosts())
	ev := cite(msgs, "", 4)
	if !msgs.Empty() {
		s.WriteString(counted(msgs.Cadence(), "record"))
		if q := quoteOf(msgs); q != "" {
			fmt.Fprintf(&s, " (%q)", q)
		}
	}
	if !timeouts.Empty() {
		if !msgs.Empty() {
			s.WriteString("; ")
		}
		fmt.Fprintf(&s, "the transport reported %s (%s)", counted(timeouts.Cadence(), "timeout"), transportTimeout)
		if bursts > 0 {
			fmt.Fprintf(&s, ", in %d timed-out connection %s", bursts, plural("attempt", bursts))
		}
		ev = append(ev, cite(timeouts, "transport timeout", 2)...)
	}
	fmt.Fprintf(&s, ". TCP/443 to the headend is blocked on the path or the headend does not answer. %s", f.history())
	p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
	return nil
}

// attemptTimeouts returns the transport timeouts of connection attempts
// (see [inAttempt]) and how many attempts they make: timeouts closer than
// burstGap are one attempt.
func attemptTimeouts(p *findings.Pass, timeouts *findings.Series) (*findings.Series, int) {
	in := inAttempt(p)
	out := findings.NewSeries("attempt timeouts")
	for _, r := range timeouts.Records() {
		if !r.Time.IsZero() && in(r.Time) {
			out.Add(&r)
		}
	}
	bursts := 0
	var last time.Time
	for _, t := range timeouts.Times() {
		if !in(t) {
			continue
		}
		if bursts == 0 || t.Sub(last) > burstGap {
			bursts++
		}
		last = t
	}
	return out, bursts
}
