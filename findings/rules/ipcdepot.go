package rules

import (
	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// IPCDepotICS reports the agent failing to create its IPC depot, which on
// Windows means Internet Connection Sharing.
var IPCDepotICS = &findings.Rule{
	ID:       "ipc-depot-ics",
	Title:    "Agent cannot create its IPC depot: Internet Connection Sharing",
	Severity: findings.SeverityHigh,
	Doc: `Detects "The VPN client agent was unable to create the interprocess
communication depot." On Windows the known cause is Internet Connection
Sharing (ICS) enabled on an adapter, which takes the agent's IPC port; the
fix is to disable ICS and restart the agent. The same text appears on Linux
in containers (distrobox with Secure Client 5.1.5), a different cause, so
the rule runs on Windows bundles only. A later established connection
cancels the finding.

CONFIRMED: text and ICS cause (several READMEs, public code).`,
	Component:  "vpnagent",
	Platforms:  []dart.Platform{dart.PlatformWindows},
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "distrobox: Secure Client cannot create the IPC depot in a container", URL: "https://github.com/89luca89/distrobox/issues/1536"}},
	Remediation: []string{
		"Disable Internet Connection Sharing: Network Connections > adapter Properties > Sharing, clear \"Allow other network users to connect\"; or stop the \"Internet Connection Sharing (ICS)\" service.",
		"Restart the VPN agent service (vpnagent / csc_vpnagent) or the computer, then connect again.",
	},
	Signals: standardSignals(vpnSignal("depot", "unable to create the interprocess communication depot")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The VPN agent could not create its interprocess communication depot",
			"On Windows this is Internet Connection Sharing enabled on an adapter, holding the port the agent needs; the GUI cannot talk to the agent.", "depot")
		return nil
	},
}
