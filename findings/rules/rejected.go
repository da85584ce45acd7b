package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// GatewayRejected reports the headend rejecting the connection attempt.
var GatewayRejected = &findings.Rule{
	ID:       "gateway-rejected-attempt",
	Title:    "Secure gateway rejected the connection attempt",
	Severity: findings.SeverityHigh,
	Doc: `Detects "The secure gateway has rejected the connection attempt. A new
connection attempt to the same or another secure gateway is needed, which
requires re-authentication." The headend refused the tunnel after
authentication: a simultaneous-login limit, no address left in the pool, a
stale session, or DPD/keepalive trouble (with ocserv: no TUN device on the
server). The cause is on the headend. A later established connection
cancels the finding.

CONFIRMED: the text (public code); the causes are from
public reports.`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "OpenConnect-Cisco-AnyConnect-VPN-Server-OneKey-ocserv#50: \"The secure gateway has rejected the connection attempt\" after a few minutes", URL: "https://github.com/iw4p/OpenConnect-Cisco-AnyConnect-VPN-Server-OneKey-ocserv/issues/50"}},
	Remediation: []string{
		"On the headend, look at the user's sessions and the reason for the refusal: simultaneous-login limit, address pool exhausted, session already present.",
		"Connect again (re-authentication is needed); if it repeats, collect the headend's logs for the same time.",
	},
	Signals: standardSignals(vpnSignal("rejected", "The secure gateway has rejected the connection attempt")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The secure gateway rejected the attempt",
			"The headend refused the tunnel after authentication (session limit, address pool, stale session); the cause is on the headend.", "rejected")
		return nil
	},
}
