package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// RemoteDesktopDisabled reports a connection refused because the client
// runs in a remote-desktop session.
var RemoteDesktopDisabled = &findings.Rule{
	ID:       "vpn-remote-desktop-disabled",
	Title:    "VPN refused: started from a remote desktop",
	Severity: findings.SeverityHigh,
	Doc: `Detects "VPN establishment capability from a remote desktop is disabled.  A
VPN connection will not be established." The client ran in a remote-desktop
session: an RDP session, or a Hyper-V Enhanced Session (which is RDP), while
the profile's WindowsVPNEstablishment is LocalUsersOnly. The GUI's Message
History shows the same text. A later established connection cancels the
finding.

CONFIRMED: the message text and the Hyper-V Enhanced Session cause (public
code).`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Connect from the local console; for a Hyper-V virtual machine use a basic session instead of an Enhanced Session.",
		"Or set WindowsVPNEstablishment to AllowRemoteUsers in the VPN profile on the headend.",
	},
	Signals: standardSignals(vpnSignal("refused", "VPN establishment capability from a remote desktop is disabled")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The agent refused to establish the VPN from a remote desktop",
			"The client ran in a remote-desktop session (RDP, or a Hyper-V Enhanced Session) and the profile allows only local users.", "refused")
		return nil
	},
}
