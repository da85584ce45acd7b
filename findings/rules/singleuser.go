package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// SingleLocalUser reports a connection refused because several users are
// logged in while the profile demands one.
var SingleLocalUser = &findings.Rule{
	ID:       "vpn-single-local-user",
	Title:    "VPN refused: profile mandates a single local user",
	Severity: findings.SeverityHigh,
	Doc: `Detects "AnyConnect profile settings mandate a single local user, but
multiple local users are currently logged into your computer.  A VPN
connection will not be established." The profile's WindowsLogonEnforcement
is SingleLocalLogon and a second session exists, often a stale console or
RDP session of another user. A later established connection cancels the
finding.

CONFIRMED: the message text (public code).`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Log off the other sessions (query user / Task Manager > Users on Windows) and connect again.",
		"Or set WindowsLogonEnforcement to SingleLogon in the VPN profile, if several local users are expected.",
	},
	Signals: standardSignals(vpnSignal("refused", "mandate a single local user, but multiple local users are currently logged into your computer")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The agent refused to establish the VPN because several users are logged in",
			"The profile's WindowsLogonEnforcement is SingleLocalLogon and another session is open on the endpoint.", "refused")
		return nil
	},
}
