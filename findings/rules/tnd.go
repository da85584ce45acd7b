package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// trustedNetworkPhrases are the BELIEVED wordings of Trusted Network
// Detection's messages to the user.
var trustedNetworkPhrases = []string{"detected a trusted network", "on a trusted network"}

// untrustedNetworkPhrases say the opposite: TND checked the network and
// found it untrusted, the routine outcome away from the office.
var untrustedNetworkPhrases = []string{"not on a trusted network", "not a trusted network", "untrusted network"}

// TrustedNetwork reports Trusted Network Detection acting on the
// connection.
var TrustedNetwork = &findings.Rule{
	ID:       "trusted-network-detected",
	Title:    "Trusted Network Detection disconnected or held the VPN",
	Severity: findings.SeverityInfo,
	Doc: `BELIEVED: detects a message to the user ("Message type ... sent to the
user:") that says the client "detected a trusted network" or that the
user is "on a trusted network". Trusted Network Detection (TND) in the
profile matched the network's DNS domain or servers and disconnected the
VPN, or does not start it: expected behaviour, but the usual answer to "the
VPN disconnects by itself in the office". The wordings are from memory,
so the rule needs both the user-message form and one of the exact
phrases; a record that only says "trusted network" otherwise does not
count. TND runs at every network change and usually
finds the network untrusted: a message that says so ("You are not on a
trusted network.", "not a trusted network", "untrusted network") is
routine and never counts. Severity info: it explains, it is not a fault.`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"If the endpoint is not really on a trusted network, check the profile's TrustedDNSDomains and TrustedDNSServers against the network's DHCP settings.",
		"If it is, the behaviour is intended (TrustedNetworkPolicy Disconnect or DoNothing).",
	},
	Signals: []findings.Signal{{Name: "tnd", Contains: "trusted network", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
		if !strings.HasPrefix(r.Message, "Message type ") {
			return false
		}
		for _, ph := range untrustedNetworkPhrases {
			if findings.ContainsFold(r.Message, ph) {
				return false
			}
		}
		for _, ph := range trustedNetworkPhrases {
			if strings.Contains(r.Message, ph) {
				return true
			}
		}
		return false
	}}},
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		tnd := p.Series("tnd")
		if tnd.Empty() {
			return nil
		}
		p.Report(findings.Finding{
			Summary:  p.Sprintf(verb(tnd.Count(), "Trusted Network Detection acted on the VPN: %s says %q. The profile's trusted DNS domains or servers matched the network, so the client disconnected or did not connect, as configured (BELIEVED wording).", "Trusted Network Detection acted on the VPN: %s say %q. The profile's trusted DNS domains or servers matched the network, so the client disconnected or did not connect, as configured (BELIEVED wording)."), counted(p, tnd.Cadence(), "record"), quoteOf(tnd)),
			Evidence: cite(tnd, "", 3),
		})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Trusted Network Detection disconnected or held the VPN": "신뢰할 수 있는 네트워크 감지(TND)가 VPN을 끊거나 보류함",
		"If the endpoint is not really on a trusted network, check the profile's TrustedDNSDomains and TrustedDNSServers against the network's DHCP settings.":                                                       "엔드포인트가 실제로 신뢰할 수 있는 네트워크에 있지 않다면 프로파일의 TrustedDNSDomains와 TrustedDNSServers를 네트워크의 DHCP 설정과 비교해 확인하십시오.",
		"If it is, the behaviour is intended (TrustedNetworkPolicy Disconnect or DoNothing).":                                                                                                                        "실제로 그렇다면 의도된 동작입니다(TrustedNetworkPolicy Disconnect 또는 DoNothing).",
		"Trusted Network Detection acted on the VPN: %s says %q. The profile's trusted DNS domains or servers matched the network, so the client disconnected or did not connect, as configured (BELIEVED wording).": "신뢰할 수 있는 네트워크 감지(TND)가 VPN에 작동했습니다: %s, 내용: %q. 프로파일의 신뢰할 수 있는 DNS 도메인 또는 서버가 네트워크와 일치하여, 설정대로 클라이언트가 연결을 끊거나 연결하지 않았습니다(추정(BELIEVED) 문구).",
		"Trusted Network Detection acted on the VPN: %s say %q. The profile's trusted DNS domains or servers matched the network, so the client disconnected or did not connect, as configured (BELIEVED wording).":  "신뢰할 수 있는 네트워크 감지(TND)가 VPN에 작동했습니다: %s, 내용: %q. 프로파일의 신뢰할 수 있는 DNS 도메인 또는 서버가 네트워크와 일치하여, 설정대로 클라이언트가 연결을 끊거나 연결하지 않았습니다(추정(BELIEVED) 문구).",
		// The documentation, as dartscan explain shows it.
		TrustedNetwork.Doc: `추정(BELIEVED): 클라이언트가 "detected a trusted network"라고 하거나 사용자가 "on a
trusted network"라고 하는 사용자 메시지("Message type ... sent to the user:")를
감지합니다. 프로파일의 신뢰할 수 있는 네트워크 감지(TND)가 네트워크의 DNS 도메인
또는 서버와 일치하여 VPN을 끊었거나 시작하지 않습니다: 예상된 동작이지만 "사무실에서
VPN이 저절로 끊긴다"는 문의에 대한 흔한 답입니다. 문구는 기억에 의존한 것이므로
규칙에는 사용자 메시지 형태와 정확한 문구 중 하나가 모두 필요합니다. 그 밖에
"trusted network"만 말하는 레코드는 세지 않습니다. TND는 네트워크가 바뀔 때마다
실행되고 보통 네트워크를 신뢰할 수 없다고 판단합니다: 그렇게 말하는 메시지("You are
not on a trusted network.", "not a trusted network", "untrusted network")는
일상적이며 결코 세지 않습니다. 심각도 info: 설명일 뿐 결함이 아닙니다.`,
	})
}
