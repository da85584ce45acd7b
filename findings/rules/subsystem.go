package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// SubsystemInitFailed reports the GUI failing to initialise its connection
// subsystem.
var SubsystemInitFailed = &findings.Rule{
	ID:       "vpn-connection-subsystem-failed",
	Title:    "GUI failed to initialize the connection subsystem",
	Severity: findings.SeverityHigh,
	Doc: `Detects "Failed to initialize connection subsystem" from the GUI or its API:
the client cannot even start a connection. A later established connection
cancels the finding.

CONFIRMED: the text only (public code). BELIEVED causes:
the GUI cannot reach the VPN agent (service stopped or blocked), or, in the
Windows 8.1 era, a Windows update broke the client's use of WinINet/IE,
fixed by a compatibility setting or a client update.`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{troubleshootRef},
	Remediation: []string{
		"Check that the VPN agent service runs (vpnagent / csc_vpnagent on Windows, vpnagentd on macOS and Linux) and restart it.",
		"Update the client to a current release; on old Windows 8.1 endpoints look for the WinINet compatibility fix.",
	},
	Signals: standardSignals(vpnSignal("failed", "Failed to initialize connection subsystem")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The client failed to initialize its connection subsystem",
			"The GUI could not start its connection machinery; BELIEVED causes are an unreachable VPN agent or a broken WinINet dependency after a Windows update.", "failed")
		return nil
	},
}
