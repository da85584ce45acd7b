package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// Texts of termination reason 59.
const (
	reason59Text   = "Termination reason code 59:"
	certInvalidGUI = "The certificate on the secure gateway is invalid"
	nssMissingText = "Required NSS library was not found"
)

// nssFrom is the first release with the NSS-based certificate store on
// Linux that logs the missing library.
var nssFrom = dart.MustParseVersion("5.0")

// LinuxNSSMissing reports a Linux 5.x client that cannot load the NSS
// libraries its certificate store needs.
var LinuxNSSMissing = &findings.Rule{
	ID:       "linux-nss-missing",
	Title:    "Linux: NSS library missing, certificates cannot be verified",
	Severity: findings.SeverityHigh,
	Doc: `Detects "Required NSS library was not found" (OpenStores,
CollectiveCertStore.cpp) on Linux with Secure Client 5.x: the client's
certificate store cannot load libnss3 and friends, so it cannot verify the
headend and ends attempts with "Termination reason code 59" and "The
certificate on the secure gateway is invalid." Those records are cited as
the consequence when they follow within 5 minutes; cert-invalid-reason-59
then stays silent. A later established connection cancels the finding.

CONFIRMED as reported: the texts (Secure Client 5.1.19.1862 packaging notes
for NixOS, public code).`,
	Component:  "vpnagent",
	Platforms:  []dart.Platform{dart.PlatformLinux},
	Versions:   dart.Range{From: nssFrom},
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Install the NSS libraries (Debian/Ubuntu: libnss3 and libnss3-tools; RHEL/Fedora: nss and nss-tools) and restart the agent (systemctl restart vpnagentd).",
		"On distributions that install libraries outside the usual paths (NixOS, containers), make libnss3.so visible to /opt/cisco/secureclient/bin/vpnagentd.",
	},
	Signals: standardSignals(
		vpnSignal("nss", nssMissingText),
		vpnSignal("reason", reason59Text),
		userMessage("told", certInvalidGUI),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "nss")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "The client could not load its NSS libraries: %s %s %q.", counted(f.cadence, "record"), verb(f.cadence.Count, "says", "say"), nssMissingText)
		ev := cite(f.fails, "", 3)
		effects := findings.Merge("effects", p.Series("reason"), p.Series("told"))
		if _, n := findings.FollowedWithin(f.fails, effects, nssWindow); n > 0 {
			fmt.Fprintf(&s, " Connection attempts then ended with certificate problems (%s of reason 59 or \"The certificate on the secure gateway is invalid\"): the missing library is why.", counted(effects.Cadence(), "record"))
			ev = append(ev, cite(effects, "the consequence", 3)...)
		}
		fmt.Fprintf(&s, " %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: append(f.facts(), scopeFacts(p)...)})
		return nil
	},
}
