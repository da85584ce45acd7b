package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// noDPDResponse is the return code BELIEVED to report dead-peer detection
// without an answer.
const noDPDResponse = "TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE"

// mtuReconfigured is the agent's record of a tunnel rebuilt for a new MTU,
// which repeats about every minute when DTLS cannot be built.
const mtuReconfigured = "Reconfigure reason code 16"

// dpdMinFailures is how many DPD failures, or MTU reconfigurations, make
// the pattern; one lost answer or one new MTU is normal.
const dpdMinFailures = 3

// DTLSDeadPeer reports repeated dead-peer detection failures in the
// tunnel.
var DTLSDeadPeer = &findings.Rule{
	ID:       "dtls-dpd-failure",
	Title:    "DTLS/UDP path failing: dead-peer detection or MTU reconfiguration keeps repeating",
	Severity: findings.SeverityLow,
	Doc: `Detects a tunnel whose DTLS (UDP/443) path fails, in two forms, each
needing at least 3 records: the agent's "Reconfigure reason code 16: New
MTU configuration.", which repeats about every minute when the DTLS
tunnel cannot be built and the client reconnects over TLS to apply a new
MTU; and records whose debug header reports
TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE (dead-peer detection got no
answer). UDP/443 is blocked on the path, a non-default DTLS port is used,
or fragments are dropped. One record of either is normal (a new MTU once,
a lost answer on a lossy link) and does not count. A successful
connection does not cancel the finding: the records come from inside
established tunnels.

CONFIRMED: "Reconfigure reason code 16: New MTU configuration." with "The
entire VPN connection is being reconfigured." and "Reconnecting to
<host>...", in DART records of Cisco TechNote 116881, caused by DTLS
blocked in the path or a non-default DTLS port; the MTU symptom (576 on a
broken DTLS path) for openconnect. BELIEVED: the DPD return code's name,
from memory (no public log shows it), so the rule matches only that exact
Description.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "technote", ID: "116881", Title: "Cisco TechNote 116881: AnyConnect Client Reconnects Every Minute Which Causes a Disruption in Traffic Flow (DTLS blocked in the path)", URL: "https://www.cisco.com/c/en/us/support/docs/security/anyconnect-secure-mobility-client/116881-technote-anyconnect-00.html"}},
	Remediation: []string{
		"Allow UDP/443 between the endpoint and the headend, in both directions, and check that the headend's DTLS port is the default.",
		"Lower the tunnel MTU in the group policy (anyconnect mtu) if fragments are dropped on the path.",
	},
	Signals:  []findings.Signal{codeSignal("dpd", noDPDResponse), vpnSignal("mtu", mtuReconfigured)},
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		dpd, mtu := p.Series("dpd"), p.Series("mtu")
		var parts []string
		var ev []findings.Evidence
		if mtu.Count() >= dpdMinFailures {
			parts = append(parts, fmt.Sprintf("the agent rebuilt the tunnel for a new MTU %s (%q)", counted(mtu.Cadence(), "time"), "Reconfigure reason code 16: New MTU configuration."))
			ev = append(ev, cite(mtu, "", 4)...)
		}
		if dpd.Count() >= dpdMinFailures {
			parts = append(parts, fmt.Sprintf("dead-peer detection got no answer: %s reported %s (BELIEVED wording)", counted(dpd.Cadence(), "record"), noDPDResponse))
			ev = append(ev, cite(dpd, "", 4)...)
		}
		if len(parts) == 0 {
			return nil
		}
		p.Report(findings.Finding{
			Summary:  "The tunnel's DTLS path keeps failing: " + strings.Join(parts, "; ") + ". UDP/443 (DTLS) is blocked or drops fragments on the path, or the headend uses a non-default DTLS port, so the tunnel falls back to TLS and reconnects.",
			Evidence: ev,
		})
		return nil
	},
}
