package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// AgentBinaryModified reports a VPN agent binary that fails the client's
// own signature check.
var AgentBinaryModified = &findings.Rule{
	ID:       "agent-binary-modified",
	Title:    "VPN agent binary fails its integrity check",
	Severity: findings.SeverityHigh,
	Doc: `Detects TLV_ERROR_INVALID_BUFFER in a record that also names the agent's
binary vpnagentd (as in "File (/opt/cisco/secureclient/bin/vpnagentd)"):
the client checks the signature of the process it talks to, and the agent
binary on disk is not the one Cisco shipped (patched, for example by a
packaging script that rewrites library paths, or tampered with). A
TLV_ERROR_INVALID_BUFFER that does not name vpnagentd does not count. A
later established connection cancels the finding.

CONFIRMED as reported: the text (Secure Client 5.1.19.1862 packaging notes
for NixOS, public code).`,
	Component:  "vpnagentd",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Reinstall the client from Cisco's package so vpnagentd is the signed original.",
		"If a packaging system patches the binary (rpath or interpreter rewrites), run it unmodified instead (a wrapper or FHS environment).",
		"If nobody changed it on purpose, treat the endpoint as possibly tampered with.",
	},
	Signals: standardSignals(findings.Signal{Name: "tlv", Contains: "TLV_ERROR_INVALID_BUFFER", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
		return strings.Contains(r.Text(), "vpnagentd")
	}}),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "tlv")
		if f == nil {
			return nil
		}
		var s strings.Builder
		s.WriteString(p.Sprintf(verb(f.cadence.Count, "The client rejected the VPN agent binary: %s reports TLV_ERROR_INVALID_BUFFER naming vpnagentd. The agent on disk fails the client's signature check: it was modified after installation. %s", "The client rejected the VPN agent binary: %s report TLV_ERROR_INVALID_BUFFER naming vpnagentd. The agent on disk fails the client's signature check: it was modified after installation. %s"), counted(p, f.cadence, "record"), f.history(p)))
		p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"VPN agent binary fails its integrity check":                                                                                                                                                   "VPN 에이전트 바이너리 무결성 검사 실패",
		"Reinstall the client from Cisco's package so vpnagentd is the signed original.":                                                                                                               "vpnagentd가 서명된 원본이 되도록 Cisco 패키지로 클라이언트를 다시 설치하십시오.",
		"If a packaging system patches the binary (rpath or interpreter rewrites), run it unmodified instead (a wrapper or FHS environment).":                                                          "패키징 시스템이 바이너리를 패치한다면(rpath 또는 인터프리터 재작성) 대신 수정하지 않은 상태로 실행하십시오(래퍼 또는 FHS 환경).",
		"If nobody changed it on purpose, treat the endpoint as possibly tampered with.":                                                                                                               "아무도 의도적으로 변경하지 않았다면 엔드포인트가 변조되었을 가능성을 고려하십시오.",
		"The client rejected the VPN agent binary: %s reports TLV_ERROR_INVALID_BUFFER naming vpnagentd. The agent on disk fails the client's signature check: it was modified after installation. %s": "클라이언트가 VPN 에이전트 바이너리를 거부했습니다: %s, 보고 내용: vpnagentd를 가리키는 TLV_ERROR_INVALID_BUFFER. 디스크의 에이전트가 클라이언트의 서명 검사를 통과하지 못합니다: 설치 후 수정되었습니다. %s",
		"The client rejected the VPN agent binary: %s report TLV_ERROR_INVALID_BUFFER naming vpnagentd. The agent on disk fails the client's signature check: it was modified after installation. %s":  "클라이언트가 VPN 에이전트 바이너리를 거부했습니다: %s, 보고 내용: vpnagentd를 가리키는 TLV_ERROR_INVALID_BUFFER. 디스크의 에이전트가 클라이언트의 서명 검사를 통과하지 못합니다: 설치 후 수정되었습니다. %s",
		// The documentation, as dartscan explain shows it.
		AgentBinaryModified.Doc: `에이전트 바이너리 vpnagentd도 가리키는 레코드의 TLV_ERROR_INVALID_BUFFER를
감지합니다(예: "File (/opt/cisco/secureclient/bin/vpnagentd)"). 클라이언트는 통신하는
프로세스의 서명을 검사하는데, 디스크의 에이전트 바이너리가 Cisco가 배포한 것이
아닙니다(예: 라이브러리 경로를 다시 쓰는 패키징 스크립트로 패치되었거나 변조됨).
vpnagentd를 가리키지 않는 TLV_ERROR_INVALID_BUFFER는 세지 않습니다. 이후 연결이
설정되면 발견 사항은 취소됩니다.

보고된 대로 확인됨(CONFIRMED as reported): 문구(NixOS용 Secure Client 5.1.19.1862
패키징 노트, 공개 코드).`,
	})
}
