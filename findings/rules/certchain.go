package rules

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// Texts of a rejected server certificate.
const (
	chainPolicyFailed = "CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED"
	peerCertRejected  = "CTRANSPORT_ERROR_PEER_CERT_REJECTED"
	cannotConfirm     = "cannot confirm it is connected to your secure gateway"
)

// CertChainUntrusted reports connections that failed because the client
// does not trust the secure gateway's certificate chain.
var CertChainUntrusted = &findings.Rule{
	ID:       "cert-chain-untrusted",
	Title:    "Secure gateway's certificate chain is not trusted",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that failed certificate verification:
records whose debug header reports
CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED (0xFE220011, from
CFileCertificate::Verify or the Windows store) or
CTRANSPORT_ERROR_PEER_CERT_REJECTED (0xFE370021, TranslateStatusCode), and
the GUI's message "AnyConnect cannot confirm it is connected to your secure
gateway.  The local network may not be trustworthy.  Please try another
network." A record that merely names a symbol without reporting it (no
Description field) does not count. The chain of the headend's certificate
does not lead to a CA the endpoint trusts: a private or missing
intermediate CA, a TLS-inspecting proxy (a man in the middle), or strict
certificate trust. A later "The VPN connection has been established and can
now pass data." cancels the finding: the last state wins.

CONFIRMED: all three texts, in one Linux syslog capture (Ubuntu forum copy,
public code).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "vpn CLI session: \"AnyConnect cannot confirm it is connected to your secure gateway\" after an untrusted server certificate", URL: "https://pastebin.com/nukYCCj3"}},
	Remediation: []string{
		"Give the headend a certificate from a public CA, or install its root and intermediate CAs in the endpoint's trust store (Windows: Local Computer > Trusted Root; macOS: System keychain; Linux: /opt/.cisco/certificates/ca or the NSS store).",
		"If a TLS-inspecting proxy or firewall sits in the path, exempt the headend from inspection.",
		"Only for a test: clear \"Block connections to untrusted servers\" in the client's preferences.",
	},
	Signals: standardSignals(
		codeSignal("chain", chainPolicyFailed),
		codeSignal("rejected", peerCertRejected),
		userMessage("told", cannotConfirm),
	),
	Identity: failureIdentity,
	Check:    checkCertChain,
}

func checkCertChain(p *findings.Pass) error {
	f := unresolved(p, "chain", "rejected", "told")
	if f == nil {
		return nil
	}
	var codes []string
	for _, n := range []struct{ sig, sym string }{{"chain", chainPolicyFailed}, {"rejected", peerCertRejected}} {
		if c := p.Series(n.sig).Count(); c > 0 {
			codes = append(codes, fmt.Sprintf("%s (%d)", n.sym, c))
		}
	}
	var s strings.Builder
	s.WriteString(p.Sprintf("Connection attempts%s failed certificate verification: %s", f.toHosts(p), counted(p, f.cadence, "record")))
	if len(codes) > 0 {
		s.WriteString(p.Sprintf(verb(f.cadence.Count, " reports %s", " report %s"), strings.Join(codes, p.Sprintf(" and "))))
	}
	if told := p.Series("told"); !told.Empty() {
		s.WriteString(p.Sprintf(verb(told.Count(), "; the user was told %q (%d time)", "; the user was told %q (%d times)"), "AnyConnect cannot confirm it is connected to your secure gateway", told.Count()))
	}
	s.WriteString(p.Sprintf(". The client does not trust the chain of the headend's certificate: a private or missing CA, or a TLS-inspecting proxy in the path. %s", f.history(p)))
	p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 5), Facts: f.facts()})
	return nil
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Secure gateway's certificate chain is not trusted": "보안 게이트웨이의 인증서 체인을 신뢰할 수 없음",
		"Give the headend a certificate from a public CA, or install its root and intermediate CAs in the endpoint's trust store (Windows: Local Computer > Trusted Root; macOS: System keychain; Linux: /opt/.cisco/certificates/ca or the NSS store).": "헤드엔드에 공인 CA의 인증서를 적용하거나, 루트 및 중간 CA를 엔드포인트의 신뢰 저장소에 설치하십시오(Windows: 로컬 컴퓨터 > 신뢰할 수 있는 루트, macOS: 시스템 키체인, Linux: /opt/.cisco/certificates/ca 또는 NSS 저장소).",
		"If a TLS-inspecting proxy or firewall sits in the path, exempt the headend from inspection.":    "경로에 TLS 검사 프록시나 방화벽이 있다면 헤드엔드를 검사 대상에서 제외하십시오.",
		"Only for a test: clear \"Block connections to untrusted servers\" in the client's preferences.": "테스트 목적으로만: 클라이언트 환경 설정에서 \"Block connections to untrusted servers\"(신뢰할 수 없는 서버에 대한 연결 차단)를 해제하십시오.",
		"Connection attempts%s failed certificate verification: %s":                                      "연결 시도%s가 인증서 검증에 실패했습니다: %s",
		" and ": " 및 ",
		". The client does not trust the chain of the headend's certificate: a private or missing CA, or a TLS-inspecting proxy in the path. %s": ". 클라이언트가 헤드엔드 인증서의 체인을 신뢰하지 않습니다: 사설 CA나 누락된 CA, 또는 경로상의 TLS 검사 프록시. %s",
		// The documentation, as dartscan explain shows it.
		CertChainUntrusted.Doc: `인증서 검증에 실패한 연결 시도를 감지합니다: 디버그 헤더가
CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED(0xFE220011, CFileCertificate::Verify
또는 Windows 저장소에서) 또는 CTRANSPORT_ERROR_PEER_CERT_REJECTED(0xFE370021,
TranslateStatusCode)를 보고하는 레코드와, GUI의 메시지 "AnyConnect cannot confirm it
is connected to your secure gateway.  The local network may not be trustworthy.
Please try another network."입니다. 기호를 보고하지 않고 이름만 언급하는
레코드(Description 필드 없음)는 세지 않습니다. 헤드엔드 인증서의 체인이 엔드포인트가
신뢰하는 CA로 이어지지 않습니다: 사설 또는 누락된 중간 CA, TLS 검사 프록시(중간자),
또는 엄격한 인증서 신뢰 설정. 이후의 "The VPN connection has been established and
can now pass data."가 발견 사항을 취소합니다: 마지막 상태가 우선합니다.

확인됨(CONFIRMED): 세 문구 모두, 하나의 Linux syslog 캡처에서(Ubuntu 포럼 사본,
공개 코드).`,
	})
}
