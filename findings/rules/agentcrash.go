package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
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
		s.WriteString(p.Sprintf("A VPN client process crashed: the kernel logged %s", counted(p, c, "segfault")))
		if strings.Contains(quoteOf(segv), "libvpnagentutilities") {
			s.WriteString(p.Sprintf(" in libvpnagentutilities"))
		}
		s.WriteString(".")
		ev := cite(segv, "", 4)
		gui := findings.Merge("gui", p.Series("unavailable"), p.Series("noresponse"))
		if !gui.Empty() {
			s.WriteString(p.Sprintf(" The GUI then reported the service unavailable (%s, BELIEVED wording).", counted(p, gui.Cadence(), "record")))
			ev = append(ev, cite(gui, p.Sprintf("what the user saw"), 2)...)
		}
		f := findings.Finding{Evidence: ev}
		if findings.Resolved(segv, p.Series(connectedSignal.Name)) {
			ok, _ := p.Series(connectedSignal.Name).Latest()
			s.WriteString(p.Sprintf(" A connection was established at %s, after the last crash: the agent recovered, but the crash is worth a dump.", clock(ok.Time, c.Last)))
			f.Severity = findings.SeverityLow
			f.Title = p.Text("VPN agent crashed (segfault) and recovered")
			f.Facts = []findings.FactRef{{Name: "last-connection", Value: ok.Time.Format("2006-01-02 15:04:05"), File: ok.Pos.File, Line: ok.Pos.Line}}
		} else {
			s.WriteString(p.Sprintf(" No connection was established after the last crash."))
		}
		f.Summary = s.String()
		p.Report(f)
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"%d segfault":                  "segfault %d회",
		"%d segfaults":                 "segfault %d회",
		"%d segfault %s":               "segfault %d회(%s)",
		"%d segfaults %s":              "segfault %d회(%s)",
		"VPN agent crashed (segfault)": "VPN 에이전트 충돌(segfault)",
		"VPN agent crashed (segfault) and recovered":                                                                               "VPN 에이전트가 충돌(segfault)한 뒤 복구됨",
		"Restart the agent (systemctl restart vpnagentd on Linux; the vpnagent / csc_vpnagent service on Windows).":                "에이전트를 다시 시작하십시오(Linux에서는 systemctl restart vpnagentd, Windows에서는 vpnagent / csc_vpnagent 서비스).",
		"Collect the crash dump or core file (Linux: coredumpctl; /var/crash) and open a case with Cisco with the client version.": "크래시 덤프나 코어 파일(Linux: coredumpctl, /var/crash)을 수집하여 클라이언트 버전과 함께 Cisco에 케이스를 여십시오.",
		"Update the client: crashes in libvpnagentutilities are often fixed in later releases.":                                    "클라이언트를 업데이트하십시오. libvpnagentutilities의 충돌은 이후 릴리스에서 수정된 경우가 많습니다.",
		"A VPN client process crashed: the kernel logged %s":                                                                       "VPN 클라이언트 프로세스가 충돌했습니다: 커널에 기록된 %s",
		" in libvpnagentutilities": ", libvpnagentutilities에서 발생",
		" The GUI then reported the service unavailable (%s, BELIEVED wording).": " 이어서 GUI가 서비스를 사용할 수 없다고 알렸습니다(%s, 추정(BELIEVED) 문구).",
		"what the user saw": "사용자가 본 메시지",
		" A connection was established at %s, after the last crash: the agent recovered, but the crash is worth a dump.": " 마지막 충돌 이후 %s에 연결이 설정되었습니다: 에이전트는 복구되었지만 충돌은 덤프를 확보해 볼 가치가 있습니다.",
		" No connection was established after the last crash.":                                                           " 마지막 충돌 이후 설정된 연결이 없습니다.",
		// The documentation, as dartscan explain shows it.
		AgentCrashed.Doc: `클라이언트 프로세스의 충돌에 대한 커널의 보고를 감지합니다:
"vpnagentd[1130]: segfault at ... in libvpnagentutilities.so[...]"(vpnagentd,
vpnui, acvpnagent, acvpnui 또는 vpndownloader를 pid와 함께 가리키는 "segfault at"
줄). 이어서 GUI가 서비스를 사용할 수 없다고 알립니다. 추정(BELIEVED) 문구
"VPN service not available"과 "The VPN agent service is not responding"은 있으면
인용하지만, 그것만으로 발견 사항이 되지는 않습니다. 마지막 충돌 이후 연결이
설정되었다면 에이전트는 복구된 것입니다: 발견 사항은 심각도 low로 남습니다(충돌은
덤프를 확보해 볼 가치가 있음).

확인됨(CONFIRMED): 커널 줄(공개 코드). 추정(BELIEVED): GUI 문구.`,
	})
}
