package rules

import (
	"fmt"

	"github.com/dartkit/dartkit/findings"
)

// noDPDResponse is the return code BELIEVED to report dead-peer detection
// without an answer.
const noDPDResponse = "TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE"

// dpdMinFailures is how many DPD failures make the pattern; one lost
// answer is normal on a lossy link.
const dpdMinFailures = 3

// DTLSDeadPeer reports repeated dead-peer detection failures in the
// tunnel.
var DTLSDeadPeer = &findings.Rule{
	ID:       "dtls-dpd-failure",
	Title:    "Tunnel dead-peer detection keeps failing (DTLS/UDP path)",
	Severity: findings.SeverityLow,
	Doc: `BELIEVED: detects records whose debug header reports
TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE, at least 3 times: dead-peer
detection got no answer, which usually means the UDP/443 (DTLS) path is
blocked or fragments are dropped, so the tunnel falls back to TLS or
reconnects. The return-code name is from memory; no public log confirms
it, so the rule matches only that exact Description and needs repetition.
A successful connection does not cancel it: the failures happen inside
established tunnels.

CONFIRMED: that a DTLS tunnel blocked on the path makes the client
reconnect (Cisco TechNote 116881, whose DART records say "Reconfigure
reason code 16: New MTU configuration."); the MTU symptom (576 on a broken
DTLS path) for openconnect only. BELIEVED: the return code.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "technote", ID: "116881", Title: "Cisco TechNote 116881: AnyConnect Client Reconnects Every Minute Which Causes a Disruption in Traffic Flow (DTLS blocked in the path)", URL: "https://www.cisco.com/c/en/us/support/docs/security/anyconnect-secure-mobility-client/116881-technote-anyconnect-00.html"}},
	Remediation: []string{
		"Allow UDP/443 between the endpoint and the headend, in both directions.",
		"Lower the tunnel MTU in the group policy (anyconnect mtu) if fragments are dropped on the path.",
	},
	Signals: []findings.Signal{codeSignal("dpd", noDPDResponse)},
	Check: func(p *findings.Pass) error {
		dpd := p.Series("dpd")
		if dpd.Count() < dpdMinFailures {
			return nil
		}
		c := dpd.Cadence()
		p.Report(findings.Finding{
			Summary:  fmt.Sprintf("Dead-peer detection got no answer in the tunnel: %s reported %s. BELIEVED diagnosis: the UDP/443 (DTLS) path drops packets, so the tunnel falls back to TLS or reconnects.", counted(c, "record"), noDPDResponse),
			Evidence: cite(dpd, "", 4),
		})
		return nil
	},
}
