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
reconnects. The return-code name is from memory (catalogue entry 23, B); no
public log confirms it, so the rule matches only that exact Description and
needs repetition. A successful connection does not cancel it: the failures
happen inside established tunnels.

Catalogue entry 23 (B); the MTU symptom (576 on a broken DTLS path) is
CONFIRMED for openconnect only.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "Catalogue entry 23: DTLS/DPD trouble (BELIEVED)"}},
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
