package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// downloaderMinFailures is how many failed acknowledgements make a finding
// without the "arguments are invalid" text: a single one is common noise.
const downloaderMinFailures = 2

// DownloaderAgentUnreachable reports a downloader that cannot reach the
// agent over IPC.
var DownloaderAgentUnreachable = &findings.Rule{
	ID:       "downloader-agent-unreachable",
	Title:    "Downloader cannot reach the VPN agent",
	Severity: findings.SeverityMedium,
	Doc: `Detects the downloader (acvpndownloader) failing to talk to the agent:
records from wWinMain whose header names the invoked function
CDnldrIpc::SendAckMsgToDownloader and reports SOCKETTRANSPORT_ERROR_CONNECT
(0xFE1E000C), and "The downloader command line arguments are invalid". One
SendAckMsgToDownloader failure is common and harmless (the downloader ran
when the agent had already gone on), so the rule needs at least 2 of them,
or the "arguments are invalid" text. Updates and profile downloads at
connect time fail while this lasts. A later established connection cancels
the finding.

CONFIRMED: the records (Get-WinEvent output of AnyConnect 4.8.03036,
https://github.com/goichot/CVE-2020-3433/issues/1).
That thread is about an exploit of CVE-2020-3433: an unexpected downloader
run with odd arguments is also worth a look for tampering.`,
	Component:  "vpndownloader",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "acvpndownloader SOCKETTRANSPORT_ERROR_CONNECT records (CVE-2020-3433 report)", URL: "https://github.com/goichot/CVE-2020-3433/issues/1"}},
	Remediation: []string{
		"Restart the VPN agent service and connect again.",
		"Look for security software blocking local connections between the downloader and the agent.",
		"If the downloader ran without a connection attempt or with invalid arguments, check the endpoint for tampering (CVE-2020-3433 abused the downloader) and update the client.",
	},
	Signals: standardSignals(
		findings.Signal{Name: "ack", Contains: "SendAckMsgToDownloader", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return r.Header.Description == "SOCKETTRANSPORT_ERROR_CONNECT"
		}},
		vpnSignal("args", "command line arguments are invalid"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		ack, args := p.Series("ack"), p.Series("args")
		if args.Empty() && ack.Count() < downloaderMinFailures {
			return nil
		}
		f := unresolved(p, "ack", "args")
		if f == nil {
			return nil
		}
		var s strings.Builder
		s.WriteString(p.Sprintf("The downloader could not reach the VPN agent: %s", counted(p, f.cadence, "record")))
		if n := ack.Count(); n > 0 {
			s.WriteString(p.Sprintf(verb(n, "; %d record with SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader", "; %d records with SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader"), n))
		}
		if n := args.Count(); n > 0 {
			s.WriteString(p.Sprintf(verb(n, "; %d record with \"The downloader command line arguments are invalid\"", "; %d records with \"The downloader command line arguments are invalid\""), n))
		}
		s.WriteString(p.Sprintf(". Client updates and profile downloads fail while the downloader cannot talk to the agent over IPC. %s", f.history(p)))
		p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Downloader cannot reach the VPN agent":                                                       "다운로더가 VPN 에이전트에 연결할 수 없음",
		"Restart the VPN agent service and connect again.":                                            "VPN 에이전트 서비스를 다시 시작하고 다시 연결하십시오.",
		"Look for security software blocking local connections between the downloader and the agent.": "다운로더와 에이전트 사이의 로컬 연결을 차단하는 보안 소프트웨어가 있는지 확인하십시오.",
		"If the downloader ran without a connection attempt or with invalid arguments, check the endpoint for tampering (CVE-2020-3433 abused the downloader) and update the client.": "연결 시도 없이 또는 잘못된 인수로 다운로더가 실행되었다면 엔드포인트의 변조 여부를 확인하고(CVE-2020-3433이 다운로더를 악용함) 클라이언트를 업데이트하십시오.",
		"The downloader could not reach the VPN agent: %s":                                                       "다운로더가 VPN 에이전트에 연결하지 못했습니다: %s",
		"; %d record with SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader":                  "; CDnldrIpc::SendAckMsgToDownloader의 SOCKETTRANSPORT_ERROR_CONNECT %d개 레코드",
		"; %d records with SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader":                 "; CDnldrIpc::SendAckMsgToDownloader의 SOCKETTRANSPORT_ERROR_CONNECT %d개 레코드",
		"; %d record with \"The downloader command line arguments are invalid\"":                                 "; \"The downloader command line arguments are invalid\" %d개 레코드",
		"; %d records with \"The downloader command line arguments are invalid\"":                                "; \"The downloader command line arguments are invalid\" %d개 레코드",
		". Client updates and profile downloads fail while the downloader cannot talk to the agent over IPC. %s": ". 다운로더가 IPC로 에이전트와 통신할 수 없는 동안 클라이언트 업데이트와 프로파일 다운로드가 실패합니다. %s",
		// The documentation, as dartscan explain shows it.
		DownloaderAgentUnreachable.Doc: `다운로더(acvpndownloader)가 에이전트와 통신하지 못하는 경우를 감지합니다: 헤더가
호출 함수 CDnldrIpc::SendAckMsgToDownloader를 가리키고 SOCKETTRANSPORT_ERROR_CONNECT
(0xFE1E000C)를 보고하는 wWinMain의 레코드, 그리고 "The downloader command line
arguments are invalid"입니다. SendAckMsgToDownloader 실패 1회는 흔하고 무해하므로
(에이전트가 이미 다음 단계로 넘어간 뒤 다운로더가 실행됨) 규칙에는 2회 이상 또는
"arguments are invalid" 문구가 필요합니다. 이 상태가 계속되는 동안 연결 시의
업데이트와 프로파일 다운로드가 실패합니다. 이후 연결이 설정되면 발견 사항은
취소됩니다.

확인됨(CONFIRMED): 레코드(AnyConnect 4.8.03036의 Get-WinEvent 출력,
https://github.com/goichot/CVE-2020-3433/issues/1).
이 스레드는 CVE-2020-3433 익스플로잇에 관한 것입니다: 이상한 인수로 예기치 않게
실행된 다운로더는 변조 여부도 살펴볼 가치가 있습니다.`,
	})
}
