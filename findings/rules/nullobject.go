package rules

import (
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// ConnectNullObject reports the GUI's "NULL object" failure in
// ConnectMgr::activateConnectEvent.
var ConnectNullObject = &findings.Rule{
	ID:       "connect-null-object",
	Title:    "GUI could not start a connection (NULL object)",
	Severity: findings.SeverityMedium,
	Doc: `Detects "NULL object. Cannot establish a connection at this time." logged by
ConnectMgr::activateConnectEvent (the record's debug header must name that
function: the text alone is not enough). The GUI or its API is in a bad
state and cannot hand the connection to the agent. A later established
connection cancels the finding.

CONFIRMED: the record (Event Viewer copy, pastebin V7ggxM9v). The remedy
(restart the GUI and the agent) is the usual one.`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "AnyConnect event log: NULL object in ConnectMgr::activateConnectEvent", URL: "https://pastebin.com/V7ggxM9v"}},
	Remediation: []string{
		"Quit the client GUI, restart the VPN agent service, start the GUI and connect again.",
		"If it comes back, reinstall the client.",
	},
	Signals: standardSignals(findings.Signal{Name: "null", Contains: "NULL object. Cannot establish a connection", Sources: findings.VPNSources(),
		Match: func(r *logparse.Record) bool { return strings.HasSuffix(r.Header.Function, "activateConnectEvent") }}),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The GUI could not start a connection",
			"ConnectMgr::activateConnectEvent found no connection object: the GUI or its API is in a bad state.", "null")
		return nil
	},
}
