package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// genericFailure is the GUI's generic failure, in the part Secure Client's
// wording keeps.
const genericFailure = "was not able to establish a connection to the specified secure gateway"

// explainingCodes are return codes that name a specific cause of a failed
// connection, each diagnosed by its own rule.
var explainingCodes = []string{
	chainPolicyFailed, peerCertRejected, "CTRANSPORT_ERROR_TIMEOUT",
	certNotFound, getAddrInfo, "TLV_ERROR_INVALID_BUFFER",
}

// explainingTexts are messages that name a specific cause of a failed
// connection, each diagnosed by its own rule.
var explainingTexts = findings.NewTextSet(
	cannotConfirm, "Untrusted Server Blocked", certInvalidGUI, dnsFailedToUser,
	"Connection attempt has timed out", "Unable to contact ", "rejected the connection attempt",
	"nauthorized connection mechanism", "VPN establishment capability", "mandate a single local user",
	"driver encountered an error", "interprocess communication depot", "restricting access to the Internet",
	"could not be located", "single sign-on URL", "NULL object", "Failed to initialize connection subsystem",
	noValidCerts, certValidation,
)

// failureCauses returns the signals of the records that name a specific
// cause of a failed attempt: a return code or a message to the user that
// another rule diagnoses, a termination reason, a headend's reply, the
// agent's "Unable to contact <host>". Codes in except are left out. Their
// series are read with [causeSeries].
func failureCauses(except ...string) []findings.Signal {
	return []findings.Signal{
		{Name: "code", Contains: "_ERROR_", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			d := r.Header.Description
			if slices.Contains(except, d) || !slices.Contains(explainingCodes, d) {
				return false
			}
			return !(d == getAddrInfo && findings.ContainsFold(r.Message, musHost))
		}},
		{Name: "told", Contains: "sent to the user: ", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return explainingTexts.In(r.Message)
		}},
		vpnSignal("reason", "Termination reason code"),
		vpnSignal("reply", "Response type ("),
		agentContactSignal,
	}
}

// causeSeries returns the series of the signals of [failureCauses].
func causeSeries(p *findings.Pass) []*findings.Series {
	return []*findings.Series{p.Series("code"), p.Series("told"), p.Series("reason"), p.Series("reply"), p.Series(agentContactSignal.Name)}
}

// GatewayConnectFailed reports the generic connection failure when no
// record before it names a cause.
var GatewayConnectFailed = &findings.Rule{
	ID:       "gateway-connect-failed",
	Title:    "Connection to the secure gateway failed, cause not logged",
	Severity: findings.SeverityMedium,
	Doc: `Detects the GUI's generic "AnyConnect was not able to establish a connection
to the specified secure gateway. Please try connecting again." (matched on
"was not able to establish a connection to the specified secure gateway",
which Secure Client's wording keeps) when nothing logged in the 2 minutes
before it (or in the same second) names a specific cause: a return code
such as CTRANSPORT_ERROR_PEER_CERT_REJECTED, CTRANSPORT_ERROR_TIMEOUT or
SOCKETSUPPORT_ERROR_GETADDRINFO, a "Termination reason code", a "Response
type (...)" reply, the core's "Unable to contact <host>.", or a message to
the user that another rule diagnoses. CERTSTORE_ERROR_CERT_NOT_FOUND, the
routine certificate scan before every connection, counts as a cause too:
client-cert-not-found decides whether a missing certificate explains a
failure right after it. Some of these records come in healthy bundles too
(the scan, a timeout on resume, a disconnect by the user): they only ever
keep this rule quiet. The causes are reported by their own rules; this one
only says that a failure is left unexplained, and where to look. A later
established connection cancels the finding.

CONFIRMED: the text (public code). Causes seen behind it: IPv6 conflicts
on Linux, certificates, a headend without TUN (ocserv).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{troubleshootRef},
	Remediation: []string{
		"Read the agent's and the GUI's records in the minute before the first failure: the cause is logged there without a wording dartkit knows.",
		"Collect the headend's logs for the same time (ASA: debug webvpn anyconnect) to see why it ended the attempt.",
	},
	Signals:  standardSignals(append(failureCauses(), userMessage("generic", genericFailure))...),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "generic")
		if f == nil {
			return nil
		}
		recs, n := findings.NotPrecededBy(p.Series("generic"), causeWindow, causeSeries(p)...)
		if n == 0 && len(recs) == 0 {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "Connection attempts%s failed with the generic %q: %s, %d of them with no known cause logged in the 2 minutes before.",
			f.toHosts(), "not able to establish a connection to the specified secure gateway", counted(f.cadence, "record"), n)
		if len(recs) > 0 && !recs[0].Time.IsZero() {
			fmt.Fprintf(&s, " Read the records just before %s: the cause is there in a wording dartkit does not know, or only in the headend's logs.", clock(recs[0].Time, recs[0].Time))
		}
		fmt.Fprintf(&s, " %s", f.history())
		ev := make([]findings.Evidence, 0, 4)
		for _, r := range leading(recs, 4) {
			ev = append(ev, findings.EvidenceOf(&r, "no cause logged before it"))
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}
