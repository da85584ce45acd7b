package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// trustedNetworkPhrases are the BELIEVED wordings of Trusted Network
// Detection's messages to the user.
var trustedNetworkPhrases = []string{"detected a trusted network", "on a trusted network"}

// untrustedNetworkPhrases say the opposite: TND checked the network and
// found it untrusted, the routine outcome away from the office.
var untrustedNetworkPhrases = []string{"not on a trusted network", "not a trusted network", "untrusted network"}

// TrustedNetwork reports Trusted Network Detection acting on the
// connection.
var TrustedNetwork = &findings.Rule{
	ID:       "trusted-network-detected",
	Title:    "Trusted Network Detection disconnected or held the VPN",
	Severity: findings.SeverityInfo,
	Doc: `BELIEVED: detects a message to the user ("Message type ... sent to the
user:") that says the client "detected a trusted network" or that the
user is "on a trusted network". Trusted Network Detection (TND) in the
profile matched the network's DNS domain or servers and disconnected the
VPN, or does not start it: expected behaviour, but the usual answer to "the
VPN disconnects by itself in the office". The wordings are from memory,
so the rule needs both the user-message form and one of the exact
phrases; a record that only says "trusted network" otherwise does not
count. TND runs at every network change and usually
finds the network untrusted: a message that says so ("You are not on a
trusted network.", "not a trusted network", "untrusted network") is
routine and never counts. Severity info: it explains, it is not a fault.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"If the endpoint is not really on a trusted network, check the profile's TrustedDNSDomains and TrustedDNSServers against the network's DHCP settings.",
		"If it is, the behaviour is intended (TrustedNetworkPolicy Disconnect or DoNothing).",
	},
	Signals: []findings.Signal{{Name: "tnd", Contains: "trusted network", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
		if !strings.HasPrefix(r.Message, "Message type ") {
			return false
		}
		for _, ph := range untrustedNetworkPhrases {
			if findings.ContainsFold(r.Message, ph) {
				return false
			}
		}
		for _, ph := range trustedNetworkPhrases {
			if strings.Contains(r.Message, ph) {
				return true
			}
		}
		return false
	}}},
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		tnd := p.Series("tnd")
		if tnd.Empty() {
			return nil
		}
		p.Report(findings.Finding{
			Summary:  fmt.Sprintf("Trusted Network Detection acted on the VPN: %s %s %q. The profile's trusted DNS domains or servers matched the network, so the client disconnected or did not connect, as configured (BELIEVED wording).", counted(tnd.Cadence(), "record"), verb(tnd.Count(), "says", "say"), quoteOf(tnd)),
			Evidence: cite(tnd, "", 3),
		})
		return nil
	},
}
