package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// AgentBinaryModified reports a VPN agent binary that fails the client's
// own signature check.
var AgentBinaryModified = &findings.Rule{
	ID:       "agent-binary-modified",
	Title:    "VPN agent binary fails its integrity check",
	Severity: findings.SeverityHigh,
	Doc: `Detects TLV_ERROR_INVALID_BUFFER in a record that also names the agent's
binary vpnagentd (as in "File (/opt/cisco/secureclient/bin/vpnagentd)"):
the client checks the signature of the process it talks to, and the agent
binary on disk is not the one Cisco shipped (patched, for example by a
packaging script that rewrites library paths, or tampered with). A
TLV_ERROR_INVALID_BUFFER that does not name vpnagentd does not count. A
later established connection cancels the finding.

CONFIRMED as reported: the text (Secure Client 5.1.19.1862 packaging notes
for NixOS, public code).`,
	Component:  "vpnagentd",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Reinstall the client from Cisco's package so vpnagentd is the signed original.",
		"If a packaging system patches the binary (rpath or interpreter rewrites), run it unmodified instead (a wrapper or FHS environment).",
		"If nobody changed it on purpose, treat the endpoint as possibly tampered with.",
	},
	Signals: standardSignals(findings.Signal{Name: "tlv", Contains: "TLV_ERROR_INVALID_BUFFER", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
		return strings.Contains(r.Text(), "vpnagentd")
	}}),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "tlv")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "The client rejected the VPN agent binary: %s %s TLV_ERROR_INVALID_BUFFER naming vpnagentd. The agent on disk fails the client's signature check: it was modified after installation. %s", counted(f.cadence, "record"), verb(f.cadence.Count, "reports", "report"), f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: f.facts()})
		return nil
	},
}
