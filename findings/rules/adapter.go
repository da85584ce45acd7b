package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// VirtualAdapterError reports a broken virtual adapter or tun device.
var VirtualAdapterError = &findings.Rule{
	ID:       "vpn-adapter-error",
	Title:    "Virtual adapter (driver or tun) failed",
	Severity: findings.SeverityHigh,
	Doc: `Detects a virtual adapter that cannot be brought up, in two forms:
the GUI's "The VPN client driver encountered an error. Please restart your
computer or device, then try again." (the Windows vpnva miniport, or the
macOS/Linux tun device), and, on Linux 5.x, "Activating VPN adapter"
followed within 2 minutes by a record whose debug header reports
CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel (in a container
without /dev/net/tun, for example). CONNECTMGR_ERROR_UNEXPECTED from any
other function (ConnectMgr::initiateConnect follows a certificate failure,
for one) does not count. A later established connection cancels the
finding.

CONFIRMED: both forms (public code).`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{troubleshootRef},
	Remediation: []string{
		"Restart the computer.",
		"Windows: check the \"Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter\" in Device Manager, and reinstall the client if it is missing or disabled.",
		"Linux: load the tun module (modprobe tun) and check /dev/net/tun; in a container, pass the device in.",
	},
	Signals: standardSignals(
		userMessage("driver", "The VPN client driver encountered an error"),
		vpnSignal("activating", "Activating VPN adapter"),
		findings.Signal{Name: "tunnel", Contains: "CONNECTMGR_ERROR_UNEXPECTED", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return r.Header.Description == "CONNECTMGR_ERROR_UNEXPECTED" && strings.HasSuffix(r.Header.InvokedFunction, "initiateTunnel")
		}},
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		pairs, n := findings.FollowedWithin(p.Series("activating"), p.Series("tunnel"), causeWindow)
		names := []string{"driver"}
		if n > 0 {
			names = append(names, "tunnel")
		}
		f := unresolved(p, names...)
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "The virtual adapter could not be brought up%s: %s", f.toHosts(), counted(f.cadence, "record"))
		if d := p.Series("driver").Count(); d > 0 {
			fmt.Fprintf(&s, "; the user was told %q (%d %s)", "The VPN client driver encountered an error", d, plural("time", d))
		}
		ev := cite(p.Series("driver"), "", 3)
		if n > 0 {
			fmt.Fprintf(&s, "; %d %s of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel", n, plural("attempt", n))
			for _, pr := range leading(pairs, 2) {
				ev = append(ev, findings.EvidenceOf(&pr.First, "activating the adapter"), findings.EvidenceOf(&pr.Then, "the tunnel could not start"))
			}
		}
		fmt.Fprintf(&s, ". The virtual adapter driver (Windows) or the tun device (macOS, Linux) is broken or missing. %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}
