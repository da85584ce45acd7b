package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// UnauthorizedMechanism reports a login the headend denied because the
// tunnel protocol is not allowed for the user's group.
var UnauthorizedMechanism = &findings.Rule{
	ID:       "vpn-unauthorized-connection-mechanism",
	Title:    "Headend denied the login: unauthorized connection mechanism",
	Severity: findings.SeverityHigh,
	Doc: `Detects the headend's refusal "Login denied, unauthorized connection
mechanism, contact your administrator." (and the GUI's "Unauthorized
connection mechanism, contact your local administrator."). The user
authenticated, but the group policy's vpn-tunnel-protocol does not allow
the client's protocol (ssl-client or ikev2), or the user was mapped to the
wrong tunnel group, group policy or DAP record. The match is on the phrase
"nauthorized connection mechanism", which both wordings hold. A later
established connection cancels the finding.

CONFIRMED: the headend's text (public code, an openconnect wrapper's test);
the GUI wording has lower confidence (a help-desk runbook).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "Cisco ASA Series VPN Configuration Guide 9.6: Connection Profiles, Group Policies, and Users (vpn-tunnel-protocol)", URL: "https://cisco.com/c/en/us/td/docs/security/asa/asa96/configuration/vpn/asa-96-vpn-config/vpn-groups.html"}},
	Remediation: []string{
		"On the headend, allow the client's protocol (ssl-client, ikev2) in the vpn-tunnel-protocol of the user's group policy.",
		"Check which tunnel group, group policy and DAP record the user is mapped to (ASA: show vpn-sessiondb detail anyconnect, debug of the authorization).",
	},
	Signals: standardSignals(vpnSignal("denied", "nauthorized connection mechanism")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The secure gateway denied the login",
			"The headend does not allow this connection mechanism for the user's group policy (vpn-tunnel-protocol) or mapped the user to the wrong group.", "denied")
		return nil
	},
}
