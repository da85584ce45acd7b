package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// GatewayUnreachable reports connection attempts that timed out or found
// the headend unreachable.
var GatewayUnreachable = &findings.Rule{
	ID:       "gateway-unreachable",
	Title:    "Secure gateway unreachable: connection timed out",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that could not reach the headend: the API's
"Response type (host unreachable)", and the GUI's "Connection attempt has
timed out. Please verify Internet connectivity." and "Unable to contact
<host>." (messages to the user only). Records whose debug header reports
CTRANSPORT_ERROR_TIMEOUT (0xFE370030, curl_easy_perform) are cited but do
not make the finding alone: a timeout inside a working session is not a
failed connection. TCP/443 to the headend is blocked, or the headend is
down. A later established connection cancels the finding.

CONFIRMED: the texts (Microsoft's Intune article and public code;
catalogue entry 14).`,
	Component:  "vpnapi",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "Catalogue entry 14: CTRANSPORT_ERROR_TIMEOUT / host unreachable"}},
	Remediation: []string{
		"Test TCP/443 from the endpoint to the headend (Test-NetConnection <headend> -Port 443, or curl -v https://<headend>/).",
		"Check firewalls and proxies on the path, and that the headend is up and listening.",
	},
	Signals: standardSignals(
		vpnSignal("reply", "Response type (host unreachable)"),
		userMessage("timedout", "Connection attempt has timed out"),
		userMessage("contact", "Unable to contact "),
		codeSignal("timeout", "CTRANSPORT_ERROR_TIMEOUT"),
	),
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "reply", "timedout", "contact")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "Connection attempts%s could not reach the secure gateway: %s", f.toHosts(), counted(f.cadence, "record"))
		if q := quoteOf(f.fails); q != "" {
			fmt.Fprintf(&s, " (%q)", q)
		}
		ev := cite(f.fails, "", 4)
		if t := p.Series("timeout"); !t.Empty() {
			fmt.Fprintf(&s, "; the transport reported %s", counted(t.Cadence(), "CTRANSPORT_ERROR_TIMEOUT"))
			ev = append(ev, cite(t, "transport timeout", 2)...)
		}
		fmt.Fprintf(&s, ". TCP/443 to the headend is blocked on the path or the headend does not answer. %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}
