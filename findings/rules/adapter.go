package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
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
		s.WriteString(p.Sprintf("The virtual adapter could not be brought up%s: %s", f.toHosts(p), counted(p, f.cadence, "record")))
		if d := p.Series("driver").Count(); d > 0 {
			s.WriteString(p.Sprintf(verb(d, "; the user was told %q (%d time)", "; the user was told %q (%d times)"), "The VPN client driver encountered an error", d))
		}
		ev := cite(p.Series("driver"), "", 3)
		if n > 0 {
			s.WriteString(p.Sprintf(verb(n, "; %d attempt of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel", "; %d attempts of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel"), n))
			for _, pr := range leading(pairs, 2) {
				ev = append(ev, findings.EvidenceOf(&pr.First, p.Sprintf("activating the adapter")), findings.EvidenceOf(&pr.Then, p.Sprintf("the tunnel could not start")))
			}
		}
		s.WriteString(p.Sprintf(". The virtual adapter driver (Windows) or the tun device (macOS, Linux) is broken or missing. %s", f.history(p)))
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Virtual adapter (driver or tun) failed": "가상 어댑터(드라이버 또는 tun) 오류",
		"Restart the computer.":                  "컴퓨터를 다시 시작하십시오.",
		"Windows: check the \"Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter\" in Device Manager, and reinstall the client if it is missing or disabled.": "Windows: 장치 관리자에서 \"Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter\"를 확인하고, 없거나 사용 안 함 상태이면 클라이언트를 다시 설치하십시오.",
		"Linux: load the tun module (modprobe tun) and check /dev/net/tun; in a container, pass the device in.":                                                             "Linux: tun 모듈을 로드하고(modprobe tun) /dev/net/tun을 확인하십시오. 컨테이너에서는 장치를 컨테이너에 전달하십시오.",
		"The virtual adapter could not be brought up%s: %s": "가상 어댑터를 시작하지 못했습니다%s: %s",
		"; the user was told %q (%d time)":                  "; 사용자에게 %q 메시지가 표시되었습니다(%d회)",
		"; the user was told %q (%d times)":                 "; 사용자에게 %q 메시지가 표시되었습니다(%d회)",
		"; %d attempt of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel":  "; \"Activating VPN adapter\" %d회가 ConnectMgr::initiateTunnel의 CONNECTMGR_ERROR_UNEXPECTED로 끝났습니다",
		"; %d attempts of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel": "; \"Activating VPN adapter\" %d회가 ConnectMgr::initiateTunnel의 CONNECTMGR_ERROR_UNEXPECTED로 끝났습니다",
		"activating the adapter":     "어댑터 활성화",
		"the tunnel could not start": "터널을 시작할 수 없음",
		". The virtual adapter driver (Windows) or the tun device (macOS, Linux) is broken or missing. %s": ". 가상 어댑터 드라이버(Windows) 또는 tun 장치(macOS, Linux)가 손상되었거나 없습니다. %s",
		// The documentation, as dartscan explain shows it.
		VirtualAdapterError.Doc: `가상 어댑터를 시작할 수 없는 경우를 두 가지 형태로 감지합니다. 하나는 GUI의
"The VPN client driver encountered an error. Please restart your computer or
device, then try again."(Windows의 vpnva 미니포트 또는 macOS/Linux의 tun 장치)이고,
다른 하나는 Linux 5.x에서 "Activating VPN adapter" 뒤 2분 안에
ConnectMgr::initiateTunnel의 CONNECTMGR_ERROR_UNEXPECTED를 보고하는 디버그 헤더의
레코드가 이어지는 경우입니다(예: /dev/net/tun이 없는 컨테이너).
다른 함수의 CONNECTMGR_ERROR_UNEXPECTED(예: 인증서 실패 뒤에 오는
ConnectMgr::initiateConnect)는 세지 않습니다. 이후 연결이 설정되면 발견 사항은
취소됩니다.

확인됨(CONFIRMED): 두 형태 모두(공개 코드).`,
	})
}
