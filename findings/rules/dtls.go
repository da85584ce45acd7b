package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// noDPDResponse is the return code BELIEVED to report dead-peer detection
// without an answer.
const noDPDResponse = "TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE"

// mtuReconfigured is the agent's record of a tunnel rebuilt for a new MTU,
// which repeats about every minute when DTLS cannot be built.
const mtuReconfigured = "Reconfigure reason code 16"

// dpdMinFailures is how many DPD failures, or MTU reconfigurations, make
// the pattern; one lost answer or one new MTU is normal.
const dpdMinFailures = 3

// DTLSDeadPeer reports repeated dead-peer detection failures in the
// tunnel.
var DTLSDeadPeer = &findings.Rule{
	ID:       "dtls-dpd-failure",
	Title:    "DTLS/UDP path failing: dead-peer detection or MTU reconfiguration keeps repeating",
	Severity: findings.SeverityLow,
	Doc: `Detects a tunnel whose DTLS (UDP/443) path fails, in two forms, each
needing at least 3 records: the agent's "Reconfigure reason code 16: New
MTU configuration.", which repeats about every minute when the DTLS
tunnel cannot be built and the client reconnects over TLS to apply a new
MTU; and records whose debug header reports
TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE (dead-peer detection got no
answer). UDP/443 is blocked on the path, a non-default DTLS port is used,
or fragments are dropped. One record of either is normal (a new MTU once,
a lost answer on a lossy link) and does not count. A successful
connection does not cancel the finding: the records come from inside
established tunnels.

CONFIRMED: "Reconfigure reason code 16: New MTU configuration." with "The
entire VPN connection is being reconfigured." and "Reconnecting to
<host>...", in DART records of Cisco TechNote 116881, caused by DTLS
blocked in the path or a non-default DTLS port; the MTU symptom (576 on a
broken DTLS path) for openconnect. BELIEVED: the DPD return code's name,
from memory (no public log shows it), so the rule matches only that exact
Description.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "technote", ID: "116881", Title: "Cisco TechNote 116881: AnyConnect Client Reconnects Every Minute Which Causes a Disruption in Traffic Flow (DTLS blocked in the path)", URL: "https://www.cisco.com/c/en/us/support/docs/security/anyconnect-secure-mobility-client/116881-technote-anyconnect-00.html"}},
	Remediation: []string{
		"Allow UDP/443 between the endpoint and the headend, in both directions, and check that the headend's DTLS port is the default.",
		"Lower the tunnel MTU in the group policy (anyconnect mtu) if fragments are dropped on the path.",
	},
	Signals:  []findings.Signal{codeSignal("dpd", noDPDResponse), vpnSignal("mtu", mtuReconfigured)},
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		dpd, mtu := p.Series("dpd"), p.Series("mtu")
		var parts []string
		var ev []findings.Evidence
		if mtu.Count() >= dpdMinFailures {
			parts = append(parts, p.Sprintf("the agent rebuilt the tunnel for a new MTU %s (%q)", counted(p, mtu.Cadence(), "time"), "Reconfigure reason code 16: New MTU configuration."))
			ev = append(ev, cite(mtu, "", 4)...)
		}
		if dpd.Count() >= dpdMinFailures {
			parts = append(parts, p.Sprintf("dead-peer detection got no answer: %s reported %s (BELIEVED wording)", counted(p, dpd.Cadence(), "record"), noDPDResponse))
			ev = append(ev, cite(dpd, "", 4)...)
		}
		if len(parts) == 0 {
			return nil
		}
		p.Report(findings.Finding{
			Summary:  p.Sprintf("The tunnel's DTLS path keeps failing: %s. UDP/443 (DTLS) is blocked or drops fragments on the path, or the headend uses a non-default DTLS port, so the tunnel falls back to TLS and reconnects.", strings.Join(parts, "; ")),
			Evidence: ev,
		})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"DTLS/UDP path failing: dead-peer detection or MTU reconfiguration keeps repeating":                                                                                                                "DTLS/UDP 경로 실패: DPD(dead-peer detection) 또는 MTU 재구성이 계속 반복됨",
		"Allow UDP/443 between the endpoint and the headend, in both directions, and check that the headend's DTLS port is the default.":                                                                   "엔드포인트와 헤드엔드 사이에서 UDP/443을 양방향으로 허용하고, 헤드엔드의 DTLS 포트가 기본값인지 확인하십시오.",
		"Lower the tunnel MTU in the group policy (anyconnect mtu) if fragments are dropped on the path.":                                                                                                  "경로에서 조각난 패킷이 버려진다면 그룹 정책에서 터널 MTU를 낮추십시오(anyconnect mtu).",
		"the agent rebuilt the tunnel for a new MTU %s (%q)":                                                                                                                                               "에이전트가 새 MTU 적용을 위해 터널을 다시 구성함: %s(%q)",
		"dead-peer detection got no answer: %s reported %s (BELIEVED wording)":                                                                                                                             "DPD(dead-peer detection)에 응답이 없음: %s에서 %s 보고(추정(BELIEVED) 문구)",
		"The tunnel's DTLS path keeps failing: %s. UDP/443 (DTLS) is blocked or drops fragments on the path, or the headend uses a non-default DTLS port, so the tunnel falls back to TLS and reconnects.": "터널의 DTLS 경로가 계속 실패합니다: %s. 경로에서 UDP/443(DTLS)이 차단되거나 조각난 패킷이 버려지거나, 헤드엔드가 기본값이 아닌 DTLS 포트를 사용하므로 터널이 TLS로 돌아가 다시 연결합니다.",
		// The documentation, as dartscan explain shows it.
		DTLSDeadPeer.Doc: `DTLS(UDP/443) 경로가 실패하는 터널을 두 가지 형태로 감지하며, 각각 레코드가 3개
이상 필요합니다. 하나는 에이전트의 "Reconfigure reason code 16: New MTU
configuration."으로, DTLS 터널을 만들 수 없어 클라이언트가 새 MTU를 적용하려고
TLS로 다시 연결할 때 약 1분마다 반복됩니다. 다른 하나는 디버그 헤더가
TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE(DPD에 응답 없음)를 보고하는
레코드입니다. 경로에서 UDP/443이 차단되었거나, 기본값이 아닌 DTLS 포트를 쓰거나,
조각난 패킷이 버려집니다. 어느 쪽이든 1회는 정상이며(새 MTU 1회, 손실이 많은
링크에서 잃어버린 응답) 세지 않습니다. 레코드가 설정된 터널 안에서 나오므로 연결
성공이 발견 사항을 취소하지 않습니다.

확인됨(CONFIRMED): Cisco TechNote 116881의 DART 레코드에서 "The entire VPN
connection is being reconfigured." 및 "Reconnecting to <host>..."와 함께 나오는
"Reconfigure reason code 16: New MTU configuration."(원인: 경로에서 차단된 DTLS
또는 기본값이 아닌 DTLS 포트), 그리고 openconnect의 MTU 증상(손상된 DTLS 경로에서
576). 추정(BELIEVED): DPD 반환 코드의 이름(기억에 의존, 공개 로그에 없음). 그래서
규칙은 정확히 그 Description만 일치시킵니다.`,
	})
}
