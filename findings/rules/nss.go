package rules

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
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
		s.WriteString(p.Sprintf(verb(f.cadence.Count, "The client could not load its NSS libraries: %s says %q.", "The client could not load its NSS libraries: %s say %q."), counted(p, f.cadence, "record"), nssMissingText))
		ev := cite(f.fails, "", 3)
		effects := findings.Merge("effects", p.Series("reason"), p.Series("told"))
		if _, n := findings.FollowedWithin(f.fails, effects, nssWindow); n > 0 {
			s.WriteString(p.Sprintf(" Connection attempts then ended with certificate problems (%s of reason 59 or \"The certificate on the secure gateway is invalid\"): the missing library is why.", counted(p, effects.Cadence(), "record")))
			ev = append(ev, cite(effects, p.Sprintf("the consequence"), 3)...)
		}
		fmt.Fprintf(&s, " %s", f.history(p))
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: append(f.facts(), scopeFacts(p)...)})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Linux: NSS library missing, certificates cannot be verified": "Linux: NSS 라이브러리가 없어 인증서를 검증할 수 없음",
		"Install the NSS libraries (Debian/Ubuntu: libnss3 and libnss3-tools; RHEL/Fedora: nss and nss-tools) and restart the agent (systemctl restart vpnagentd).": "NSS 라이브러리를 설치하고(Debian/Ubuntu: libnss3, libnss3-tools, RHEL/Fedora: nss, nss-tools) 에이전트를 다시 시작하십시오(systemctl restart vpnagentd).",
		"On distributions that install libraries outside the usual paths (NixOS, containers), make libnss3.so visible to /opt/cisco/secureclient/bin/vpnagentd.":    "라이브러리를 일반적인 경로 밖에 설치하는 배포판(NixOS, 컨테이너)에서는 /opt/cisco/secureclient/bin/vpnagentd가 libnss3.so를 찾을 수 있게 하십시오.",
		"The client could not load its NSS libraries: %s says %q.": "클라이언트가 NSS 라이브러리를 로드하지 못했습니다: %s, 내용: %q.",
		"The client could not load its NSS libraries: %s say %q.":  "클라이언트가 NSS 라이브러리를 로드하지 못했습니다: %s, 내용: %q.",
		" Connection attempts then ended with certificate problems (%s of reason 59 or \"The certificate on the secure gateway is invalid\"): the missing library is why.": " 이후 연결 시도가 인증서 문제로 끝났습니다(reason 59 또는 \"The certificate on the secure gateway is invalid\" %s): 라이브러리가 없는 것이 원인입니다.",
		"the consequence": "그 결과",
		// The documentation, as dartscan explain shows it.
		LinuxNSSMissing.Doc: `Secure Client 5.x가 설치된 Linux에서 "Required NSS library was not found"
(OpenStores, CollectiveCertStore.cpp)를 감지합니다: 클라이언트의 인증서 저장소가
libnss3 등을 로드할 수 없어 헤드엔드를 검증하지 못하고, "Termination reason code
59"와 "The certificate on the secure gateway is invalid."로 시도를 끝냅니다. 이
레코드들이 5분 안에 뒤따르면 결과로서 인용하며, 그때 cert-invalid-reason-59는
조용히 있습니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

보고된 대로 확인됨(CONFIRMED as reported): 문구(NixOS용 Secure Client 5.1.19.1862
패키징 노트, 공개 코드).`,
	})
}
