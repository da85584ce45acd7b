package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// UntrustedServerBlocked reports connections the client blocked because
// the server's certificate is untrusted and the preference forbids asking.
var UntrustedServerBlocked = &findings.Rule{
	ID:       "untrusted-server-blocked",
	Title:    "Connection to an untrusted server blocked",
	Severity: findings.SeverityHigh,
	Doc: `Detects the GUI's "Untrusted Server Blocked!" (VPN records containing that
phrase). With the preference "Block connections to untrusted servers" on,
the client refuses a headend whose certificate it cannot verify instead of
asking the user. Prompts titled "Untrusted VPN Server Certificate!" are
cited when present, but a prompt alone is not a finding: the user may have
accepted it. The cause is the one of cert-chain-untrusted (an untrusted CA
or a name mismatch); both rules may report on the same bundle, this one
saying why the user was not asked. A later established connection cancels
the finding.

CONFIRMED: the dialog texts and the preference (public code), and
vpncli's prompt for a server whose certificate is "from an untrusted
source" (cisco-anyconnect-cli#10). How the client logs the dialog is
BELIEVED: the rule matches the phrase in any VPN record.`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "cisco-anyconnect-cli#10: vpncli output for a server whose certificate is from an untrusted source", URL: "https://github.com/hacki11/cisco-anyconnect-cli/issues/10"}},
	Remediation: []string{
		"Fix the headend's certificate: a chain to a CA the endpoint trusts and a name that matches the address the user connects to.",
		"Or install the headend's CA on the endpoint; clearing \"Block connections to untrusted servers\" only hides the problem.",
	},
	Signals: standardSignals(
		vpnSignal("blocked", "Untrusted Server Blocked"),
		vpnSignal("prompt", "Untrusted VPN Server Certificate"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "blocked")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "The client blocked the attempt%s because the server is untrusted: %s. The headend's certificate could not be verified and the preference \"Block connections to untrusted servers\" is on, so the user was not asked.", f.toHosts(), counted(f.cadence, "record"))
		ev := cite(f.fails, "", 4)
		if pr := p.Series("prompt"); !pr.Empty() {
			fmt.Fprintf(&s, " The user was also shown %d \"Untrusted VPN Server Certificate\" %s.", pr.Count(), plural("prompt", pr.Count()))
			ev = append(ev, cite(pr, "the prompt", 2)...)
		}
		s.WriteString(" " + f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}
