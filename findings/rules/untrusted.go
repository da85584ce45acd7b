package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// UntrustedServerBlocked reports connections the client blocked because
// the server's certificate is untrusted and the preference forbids asking.
var UntrustedServerBlocked = &findings.Rule{
	ID:       "untrusted-server-blocked",
	Title:    "Connection to an untrusted server blocked",
	Severity: findings.SeverityHigh,
	Doc: `Detects the GUI's "Untrusted Server Blocked!" (VPN records containing that
phrase). With the preference "Block connections to untrusted servers" on,
the client refuses a headend whose certificate it cannot verify instead of
asking the user. Prompts titled "Untrusted VPN Server Certificate!" are
cited when present, but a prompt alone is not a finding: the user may have
accepted it. The cause is the one of cert-chain-untrusted (an untrusted CA
or a name mismatch); both rules may report on the same bundle, this one
saying why the user was not asked. A later established connection cancels
the finding.

CONFIRMED: the dialog texts and the preference (public code), and
vpncli's prompt for a server whose certificate is "from an untrusted
source" (cisco-anyconnect-cli#10). How the client logs the dialog is
BELIEVED: the rule matches the phrase in any VPN record.`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "cisco-anyconnect-cli#10: vpncli output for a server whose certificate is from an untrusted source", URL: "https://github.com/hacki11/cisco-anyconnect-cli/issues/10"}},
	Remediation: []string{
		"Fix the headend's certificate: a chain to a CA the endpoint trusts and a name that matches the address the user connects to.",
		"Or install the headend's CA on the endpoint; clearing \"Block connections to untrusted servers\" only hides the problem.",
	},
	Signals: standardSignals(
		vpnSignal("blocked", "Untrusted Server Blocked"),
		vpnSignal("prompt", "Untrusted VPN Server Certificate"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "blocked")
		if f == nil {
			return nil
		}
		var s strings.Builder
		s.WriteString(p.Sprintf("The client blocked the attempt%s because the server is untrusted: %s. The headend's certificate could not be verified and the preference \"Block connections to untrusted servers\" is on, so the user was not asked.", f.toHosts(p), counted(p, f.cadence, "record")))
		ev := cite(f.fails, "", 4)
		if pr := p.Series("prompt"); !pr.Empty() {
			s.WriteString(p.Sprintf(verb(pr.Count(), " The user was also shown %d \"Untrusted VPN Server Certificate\" prompt.", " The user was also shown %d \"Untrusted VPN Server Certificate\" prompts."), pr.Count()))
			ev = append(ev, cite(pr, p.Sprintf("the prompt"), 2)...)
		}
		s.WriteString(" " + f.history(p))
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Connection to an untrusted server blocked": "신뢰할 수 없는 서버에 대한 연결이 차단됨",
		"Fix the headend's certificate: a chain to a CA the endpoint trusts and a name that matches the address the user connects to.":                                                                                          "헤드엔드의 인증서를 수정하십시오: 엔드포인트가 신뢰하는 CA까지의 체인과, 사용자가 연결하는 주소와 일치하는 이름.",
		"Or install the headend's CA on the endpoint; clearing \"Block connections to untrusted servers\" only hides the problem.":                                                                                              "또는 헤드엔드의 CA를 엔드포인트에 설치하십시오. \"Block connections to untrusted servers\"를 해제하면 문제가 가려질 뿐입니다.",
		"The client blocked the attempt%s because the server is untrusted: %s. The headend's certificate could not be verified and the preference \"Block connections to untrusted servers\" is on, so the user was not asked.": "서버를 신뢰할 수 없어 클라이언트가 연결 시도%s를 차단했습니다: %s. 헤드엔드의 인증서를 검증할 수 없었고 \"Block connections to untrusted servers\" 환경 설정이 켜져 있어 사용자에게 묻지 않았습니다.",
		" The user was also shown %d \"Untrusted VPN Server Certificate\" prompt.":                                                                                                                                              " 사용자에게 \"Untrusted VPN Server Certificate\" 확인 창도 %d회 표시되었습니다.",
		" The user was also shown %d \"Untrusted VPN Server Certificate\" prompts.":                                                                                                                                             " 사용자에게 \"Untrusted VPN Server Certificate\" 확인 창도 %d회 표시되었습니다.",
		"the prompt": "확인 창",
		// The documentation, as dartscan explain shows it.
		UntrustedServerBlocked.Doc: `GUI의 "Untrusted Server Blocked!"를 감지합니다(그 문구를 담은 VPN 레코드).
"Block connections to untrusted servers" 환경 설정이 켜져 있으면 클라이언트는
인증서를 검증할 수 없는 헤드엔드를 사용자에게 묻지 않고 거부합니다.
"Untrusted VPN Server Certificate!"라는 제목의 확인 창은 있으면 인용하지만, 확인
창만으로는 발견 사항이 아닙니다: 사용자가 수락했을 수 있습니다. 원인은
cert-chain-untrusted와 같으며(신뢰할 수 없는 CA 또는 이름 불일치), 두 규칙이 같은
번들에서 함께 보고할 수 있고, 이 규칙은 사용자에게 묻지 않은 이유를 말합니다. 이후
연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 대화 상자 문구와 환경 설정(공개 코드), 그리고 인증서가 "from an
untrusted source"인 서버에 대한 vpncli의 확인 창(cisco-anyconnect-cli#10).
클라이언트가 대화 상자를 기록하는 방식은 추정(BELIEVED)입니다: 규칙은 모든 VPN
레코드에서 그 문구를 찾습니다.`,
	})
}
