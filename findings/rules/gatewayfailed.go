package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// genericFailure is the GUI's generic failure, in the part Secure Client's
// wording keeps.
const genericFailure = "was not able to establish a connection to the specified secure gateway"

// explainingCodes are return codes that name a specific cause of a failed
// connection, each diagnosed by its own rule.
var explainingCodes = []string{
	chainPolicyFailed, peerCertRejected, "CTRANSPORT_ERROR_TIMEOUT",
	certNotFound, getAddrInfo, "TLV_ERROR_INVALID_BUFFER",
}

// explainingTexts are messages that name a specific cause of a failed
// connection, each diagnosed by its own rule.
var explainingTexts = findings.NewTextSet(
	cannotConfirm, "Untrusted Server Blocked", certInvalidGUI, dnsFailedToUser,
	"Connection attempt has timed out", "Unable to contact ", "rejected the connection attempt",
	"nauthorized connection mechanism", "VPN establishment capability", "mandate a single local user",
	"driver encountered an error", "interprocess communication depot", "restricting access to the Internet",
	"could not be located", "single sign-on URL", "NULL object", "Failed to initialize connection subsystem",
	noValidCerts, certValidation,
)

// failureCauses returns the signals of the records that name a specific
// cause of a failed attempt: a return code or a message to the user that
// another rule diagnoses, a termination reason, a headend's reply, the
// agent's "Unable to contact <host>". Codes in except are left out. Their
// series are read with [causeSeries].
func failureCauses(except ...string) []findings.Signal {
	return []findings.Signal{
		{Name: "code", Contains: "_ERROR_", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			d := r.Header.Description
			if slices.Contains(except, d) || !slices.Contains(explainingCodes, d) {
				return false
			}
			return !(d == getAddrInfo && findings.ContainsFold(r.Message, musHost))
		}},
		{Name: "told", Contains: "sent to the user: ", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return explainingTexts.In(r.Message)
		}},
		vpnSignal("reason", "Termination reason code"),
		vpnSignal("reply", "Response type ("),
		agentContactSignal,
	}
}

// causeSeries returns the series of the signals of [failureCauses].
func causeSeries(p *findings.Pass) []*findings.Series {
	return []*findings.Series{p.Series("code"), p.Series("told"), p.Series("reason"), p.Series("reply"), p.Series(agentContactSignal.Name)}
}

// GatewayConnectFailed reports the generic connection failure when no
// record before it names a cause.
var GatewayConnectFailed = &findings.Rule{
	ID:       "gateway-connect-failed",
	Title:    "Connection to the secure gateway failed, cause not logged",
	Severity: findings.SeverityMedium,
	Doc: `Detects the GUI's generic "AnyConnect was not able to establish a connection
to the specified secure gateway. Please try connecting again." (matched on
"was not able to establish a connection to the specified secure gateway",
which Secure Client's wording keeps) when nothing logged in the 2 minutes
before it (or in the same second) names a specific cause: a return code
such as CTRANSPORT_ERROR_PEER_CERT_REJECTED, CTRANSPORT_ERROR_TIMEOUT or
SOCKETSUPPORT_ERROR_GETADDRINFO, a "Termination reason code", a "Response
type (...)" reply, the core's "Unable to contact <host>.", or a message to
the user that another rule diagnoses. CERTSTORE_ERROR_CERT_NOT_FOUND, the
routine certificate scan before every connection, counts as a cause too:
client-cert-not-found decides whether a missing certificate explains a
failure right after it. Some of these records come in healthy bundles too
(the scan, a timeout on resume, a disconnect by the user): they only ever
keep this rule quiet. The causes are reported by their own rules; this one
only says that a failure is left unexplained, and where to look. A later
established connection cancels the finding.

CONFIRMED: the text (public code). Causes seen behind it: IPv6 conflicts
on Linux, certificates, a headend without TUN (ocserv).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{troubleshootRef},
	Remediation: []string{
		"Read the agent's and the GUI's records in the minute before the first failure: the cause is logged there without a wording dartkit knows.",
		"Collect the headend's logs for the same time (ASA: debug webvpn anyconnect) to see why it ended the attempt.",
	},
	Signals:  standardSignals(append(failureCauses(), userMessage("generic", genericFailure))...),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "generic")
		if f == nil {
			return nil
		}
		recs, n := findings.NotPrecededBy(p.Series("generic"), causeWindow, causeSeries(p)...)
		if n == 0 && len(recs) == 0 {
			return nil
		}
		var s strings.Builder
		s.WriteString(p.Sprintf("Connection attempts%s failed with the generic %q: %s, %d of them with no known cause logged in the 2 minutes before.",
			f.toHosts(p), "not able to establish a connection to the specified secure gateway", counted(p, f.cadence, "record"), n))
		if len(recs) > 0 && !recs[0].Time.IsZero() {
			s.WriteString(p.Sprintf(" Read the records just before %s: the cause is there in a wording dartkit does not know, or only in the headend's logs.", clock(recs[0].Time, recs[0].Time)))
		}
		fmt.Fprintf(&s, " %s", f.history(p))
		ev := make([]findings.Evidence, 0, 4)
		for _, r := range leading(recs, 4) {
			ev = append(ev, findings.EvidenceOf(&r, p.Sprintf("no cause logged before it")))
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Connection to the secure gateway failed, cause not logged":                                                                                 "보안 게이트웨이 연결 실패, 원인이 기록되지 않음",
		"Read the agent's and the GUI's records in the minute before the first failure: the cause is logged there without a wording dartkit knows.": "첫 실패 직전 1분 동안의 에이전트 및 GUI 레코드를 읽으십시오: 원인이 dartkit이 모르는 문구로 그곳에 기록되어 있습니다.",
		"Collect the headend's logs for the same time (ASA: debug webvpn anyconnect) to see why it ended the attempt.":                              "헤드엔드가 시도를 끝낸 이유를 알아보려면 같은 시각의 헤드엔드 로그를 수집하십시오(ASA: debug webvpn anyconnect).",
		"Connection attempts%s failed with the generic %q: %s, %d of them with no known cause logged in the 2 minutes before.":                      "연결 시도%s가 일반 오류 %q로 실패했습니다: %s, 그중 %d개는 직전 2분 동안 알려진 원인이 기록되지 않았습니다.",
		" Read the records just before %s: the cause is there in a wording dartkit does not know, or only in the headend's logs.":                   " %s 직전의 레코드를 읽으십시오: 원인이 dartkit이 모르는 문구로 그곳에 있거나, 헤드엔드 로그에만 있습니다.",
		"no cause logged before it": "이전에 기록된 원인 없음",
		// The documentation, as dartscan explain shows it.
		GatewayConnectFailed.Doc: `GUI의 일반 오류 "AnyConnect was not able to establish a connection to the
specified secure gateway. Please try connecting again."(Secure Client의 문구에도
남아 있는 "was not able to establish a connection to the specified secure
gateway"로 일치)를 감지하되, 그 직전 2분(또는 같은 초) 동안 구체적인 원인을
가리키는 기록이 없을 때만입니다: CTRANSPORT_ERROR_PEER_CERT_REJECTED,
CTRANSPORT_ERROR_TIMEOUT, SOCKETSUPPORT_ERROR_GETADDRINFO 같은 반환 코드,
"Termination reason code", "Response type (...)" 응답, 코어의 "Unable to contact
<host>.", 또는 다른 규칙이 진단하는 사용자 메시지. 연결할 때마다 일어나는 일상적인
인증서 검색 CERTSTORE_ERROR_CERT_NOT_FOUND도 원인으로 칩니다: 누락된 인증서가
바로 뒤의 실패를 설명하는지는 client-cert-not-found가 판단합니다. 이 레코드 중
일부는 정상 번들에도 나오며(검색, 재개 시의 시간 초과, 사용자의 연결 끊기) 이
규칙을 조용하게 할 뿐입니다. 원인은 각자의 규칙이 보고하고, 이 규칙은 실패가
설명되지 않은 채 남았다는 것과 어디를 볼지만 말합니다. 이후 연결이 설정되면 진단
결과는 취소됩니다.

확인됨(CONFIRMED): 문구(공개 코드). 그 뒤에서 확인된 원인: Linux의 IPv6 충돌,
인증서, TUN이 없는 헤드엔드(ocserv).`,
	})
}
