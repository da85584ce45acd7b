package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// remoteUserText is what the agent tells the user when the connection is
// started from a remote session the profile does not allow.
const remoteUserText = "VPN establishment capability for a remote user is disabled"

// RemoteUserDisabled reports a connection refused because the user is
// logged in remotely.
var RemoteUserDisabled = &findings.Rule{
	ID:       "vpn-remote-user-disabled",
	Title:    "VPN refused: started by a remote user",
	Severity: findings.SeverityHigh,
	Doc: `Detects the agent's refusal to connect for a user who is logged in remotely:
"VPN establishment capability for a remote user is disabled.  A VPN
connection will not be established." (two spaces after the first period).
The profile's WindowsVPNEstablishment (or LinuxVPNEstablishment) is
LocalUsersOnly and the client was started from an RDP, SSH or other remote
session. A later "The VPN connection has been established and can now pass
data." cancels the finding: the last state wins.

CONFIRMED: the message text (vpncli output quoted in public code).`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Start the connection from the local console, or",
		"set WindowsVPNEstablishment (LinuxVPNEstablishment on Linux) to AllowRemoteUsers in the VPN profile on the headend, if remote establishment is wanted.",
	},
	Signals: standardSignals(vpnSignal("refused", remoteUserText)),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The agent refused to establish the VPN for a remote user",
			"The profile allows only local users (WindowsVPNEstablishment or LinuxVPNEstablishment is LocalUsersOnly) and the client ran in a remote session.", "refused")
		return nil
	},
}
