package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// HeadendPackageMissing reports that the headend has no client package for
// this endpoint.
var HeadendPackageMissing = &findings.Rule{
	ID:       "headend-package-missing",
	Title:    "No client package on the secure gateway",
	Severity: findings.SeverityHigh,
	Doc: `Detects "The AnyConnect package on the secure gateway could not be located.
You may be experiencing network connectivity issues. Please try connecting
again." (matched on "package on the secure gateway could not be located",
which a Secure Client wording would keep). The downloader found no client
image for this operating system or architecture on the headend, or lost the
connection while fetching it. A later established connection cancels the
finding.

CONFIRMED: the text (public code).`,
	Component:  "vpndownloader",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Upload the client package for the endpoint's operating system and architecture to the headend (ASA: anyconnect image; FTD: AnyConnect file object) and enable it.",
		"If the package is there, look for a network problem between the endpoint and the headend during the download.",
	},
	Signals: standardSignals(vpnSignal("missing", "package on the secure gateway could not be located")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The client could not find its package on the secure gateway",
			"The headend offers no client image for this platform, or the download broke off.", "missing")
		return nil
	},
}
