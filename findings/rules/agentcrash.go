package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// vpnProcesses are the client's process names as the kernel names them in
// a segfault line.
var vpnProcesses = []string{"vpnagentd[", "vpnui[", "acvpnagent[", "acvpnui[", "vpndownloader["}

// AgentCrashed reports the VPN agent or GUI crashing.
var AgentCrashed = &findings.Rule{
	ID:       "agent-crashed",
	Title:    "VPN agent crashed (segfault)",
	Severity: findings.SeverityHigh,
	Doc: `Detects the kernel's report of a client process crashing:
"vpnagentd[1130]: segfault at ... in libvpnagentutilities.so[...]" (a
"segfault at" line naming vpnagentd, vpnui, acvpnagent, acvpnui or
vpndownloader with its pid). The GUI then reports the service as
unavailable; its BELIEVED wordings "VPN service not available" and "The VPN
agent service is not responding" are cited when present but never make a
finding alone. When a connection was established after the last crash the
agent recovered: the finding stays (crashes are worth a dump) at severity
low.

CONFIRMED: the kernel line (public code). BELIEVED: the
GUI wordings.`,
	Component:  "vpnagentd",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Restart the agent (systemctl restart vpnagentd on Linux; the vpnagent / csc_vpnagent service on Windows).",
		"Collect the crash dump or core file (Linux: coredumpctl; /var/crash) and open a case with Cisco with the client version.",
		"Update the client: crashes in libvpnagentutilities are often fixed in later releases.",
	},
	Signals: []findings.Signal{
		{Name: "segv", Contains: "segfault at", Match: func(r *logparse.Record) bool {
			for _, p := range vpnProcesses {
				if strings.Contains(r.Message, p) {
					return true
				}
			}
			return false
		}},
		userMessage("unavailable", "VPN service not available"),
		userMessage("noresponse", "The VPN agent service is not responding"),
		connectedSignal,
	},
	Identity: []string{}, // the last connection's time changes
	Check: func(p *findings.Pass) error {
		segv := p.Series("segv")
		if segv.Empty() {
			return nil
		}
		c := segv.Cadence()
		var s strings.Builder
		fmt.Fprintf(&s, "A VPN client process crashed: the kernel logged %s", counted(c, "segfault"))
		if strings.Contains(quoteOf(segv), "libvpnagentutilities") {
			s.WriteString(" in libvpnagentutilities")
		}
		s.WriteString(".")
		ev := cite(segv, "", 4)
		gui := findings.Merge("gui", p.Series("unavailable"), p.Series("noresponse"))
		if !gui.Empty() {
			fmt.Fprintf(&s, " The GUI then reported the service unavailable (%s, BELIEVED wording).", counted(gui.Cadence(), "record"))
			ev = append(ev, cite(gui, "what the user saw", 2)...)
		}
		f := findings.Finding{Evidence: ev}
		if findings.Resolved(segv, p.Series(connectedSignal.Name)) {
			ok, _ := p.Series(connectedSignal.Name).Latest()
			fmt.Fprintf(&s, " A connection was established at %s, after the last crash: the agent recovered, but the crash is worth a dump.", clock(ok.Time, c.Last))
			f.Severity = findings.SeverityLow
			f.Title = "VPN agent crashed (segfault) and recovered"
			f.Facts = []findings.FactRef{{Name: "last-connection", Value: ok.Time.Format("2006-01-02 15:04:05"), File: ok.Pos.File, Line: ok.Pos.Line}}
		} else {
			s.WriteString(" No connection was established after the last crash.")
		}
		f.Summary = s.String()
		p.Report(f)
		return nil
	},
}
