package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// Texts of a headend that does not answer.
const (
	transportTimeout = "CTRANSPORT_ERROR_TIMEOUT"
	unableToContact  = "Unable to contact "
)

// timeoutBursts is how many separate bursts of attempt timeouts make a
// finding without any other record: the client retries, and one timed-out
// attempt followed by nothing is not enough to call the headend
// unreachable.
const timeoutBursts = 2

// burstGap separates two timed-out attempts: one attempt logs its timeout
// several times (curl, the transport, the connection manager) within a
// second or two.
const burstGap = 5 * time.Second

// contactRE matches the agent's or API's own "Unable to contact
// vpn.example.com." and captures the host: a name or address, not a phrase
// such as "the OCSP responder".
var contactRE = regexp.MustCompile(`Unable to contact ([A-Za-z0-9][A-Za-z0-9.:\[\]-]*[A-Za-z0-9\]])\.?\s*$`)

// agentContactSignal collects "Unable to contact <host>." from the VPN
// core outside a message to the user (those are the "contact" signal).
var agentContactSignal = findings.Signal{Name: "unable", Contains: unableToContact, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
	if strings.HasPrefix(r.Message, "Message type ") {
		return false
	}
	m := contactRE.FindStringSubmatch(r.Message)
	return m != nil && strings.ContainsAny(m[1], ".:")
}}

// GatewayUnreachable reports connection attempts that timed out or found
// the headend unreachable.
var GatewayUnreachable = &findings.Rule{
	ID:       "gateway-unreachable",
	Title:    "Secure gateway unreachable: connection timed out",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that could not reach the headend. Any of
these makes the finding: the API's "Response type (host unreachable)";
the GUI's messages to the user "Connection attempt has timed out. Please
verify Internet connectivity." and "Unable to contact <host>."; and the
core's own "Unable to contact <host>." outside a message to the user (a
host name or address, so "Unable to contact the OCSP responder" does not
count). Clients that log no message to the user still log the attempt's
timeout: records whose debug header reports CTRANSPORT_ERROR_TIMEOUT
(curl_easy_perform, the transport, the connection manager) make the
finding when at least 2 attempts, more than 5 seconds apart, timed out.
A timeout belongs to an attempt when the attempt's start (the user's
request "... has been requested by the user.", or the connection
manager's "Initiating connection to: <url>" or "Initiating VPN connection
to the secure gateway <url>") came at most 2 minutes before it, with no
connection established in between. Any other timeout (inside a session,
on resume after sleep, in a log that starts mid-session) does not count;
it is cited when the finding is made. TCP/443 to the headend is blocked,
or the headend is down. A later established connection cancels the
finding, so a timeout followed by a successful retry is not reported.

CONFIRMED: the GUI's texts and CTRANSPORT_ERROR_TIMEOUT from
curl_easy_perform (Microsoft's Intune troubleshooting article, iOS and
Android logs), "Response type (host unreachable)" (public code); the
core's "Unable to contact <host>." after four CTRANSPORT_ERROR_TIMEOUT
records of one attempt, with no message to the user (Linux syslog,
AnyConnect 2.5, Ubuntu forum thread; public code).`,
	Component:  "vpnapi",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{intuneVPNRef},
	Remediation: []string{
		"Test TCP/443 from the endpoint to the headend (Test-NetConnection <headend> -Port 443, or curl -v https://<headend>/).",
		"Check firewalls and proxies on the path, and that the headend is up and listening.",
	},
	Signals: standardSignals(
		vpnSignal("reply", "Response type (host unreachable)"),
		userMessage("timedout", "Connection attempt has timed out"),
		userMessage("contact", unableToContact),
		agentContactSignal,
		codeSignal("timeout", transportTimeout),
		initiatingSignal,
	),
	Identity: failureIdentity,
	Check:    checkUnreachable,
}

func checkUnreachable(p *findings.Pass) error {
	msgs := findings.Merge("failures", p.Series("reply"), p.Series("timedout"), p.Series("contact"), p.Series(agentContactSignal.Name))
	timeouts := p.Series("timeout")
	attempts, bursts := attemptTimeouts(p, timeouts)
	names := []*findings.Series{msgs}
	if bursts >= timeoutBursts {
		names = append(names, attempts)
	}
	f := unresolvedOf(p, names...)
	if f == nil {
		return nil
	}
	var s strings.Builder
	s.WriteString(p.Sprintf("Connection attempts%s could not reach the secure gateway: ", f.toHosts(p)))
	ev := cite(msgs, "", 4)
	if !msgs.Empty() {
		s.WriteString(counted(p, msgs.Cadence(), "record"))
		if q := quoteOf(msgs); q != "" {
			fmt.Fprintf(&s, " (%q)", q)
		}
	}
	if !timeouts.Empty() {
		if !msgs.Empty() {
			s.WriteString("; ")
		}
		s.WriteString(p.Sprintf("the transport reported %s (%s)", counted(p, timeouts.Cadence(), "timeout"), transportTimeout))
		if bursts > 0 {
			s.WriteString(p.Sprintf(verb(bursts, ", in %d timed-out connection attempt", ", in %d timed-out connection attempts"), bursts))
		}
		ev = append(ev, cite(timeouts, p.Sprintf("transport timeout"), 2)...)
	}
	s.WriteString(p.Sprintf(". TCP/443 to the headend is blocked on the path or the headend does not answer. %s", f.history(p)))
	p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
	return nil
}

// attemptTimeouts returns the transport timeouts of connection attempts
// (see [inAttempt]) and how many attempts they make: timeouts closer than
// burstGap are one attempt.
func attemptTimeouts(p *findings.Pass, timeouts *findings.Series) (*findings.Series, int) {
	in := inAttempt(p)
	out := findings.NewSeries("attempt timeouts")
	for _, r := range timeouts.Records() {
		if !r.Time.IsZero() && in(r.Time) {
			out.Add(&r)
		}
	}
	bursts := 0
	var last time.Time
	for _, t := range timeouts.Times() {
		if !in(t) {
			continue
		}
		if bursts == 0 || t.Sub(last) > burstGap {
			bursts++
		}
		last = t
	}
	return out, bursts
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Secure gateway unreachable: connection timed out":                                                                       "보안 게이트웨이에 연결할 수 없음: 연결 시간 초과",
		"Test TCP/443 from the endpoint to the headend (Test-NetConnection <headend> -Port 443, or curl -v https://<headend>/).": "엔드포인트에서 헤드엔드로 TCP/443을 테스트하십시오(Test-NetConnection <headend> -Port 443 또는 curl -v https://<headend>/).",
		"Check firewalls and proxies on the path, and that the headend is up and listening.":                                     "경로상의 방화벽과 프록시를 확인하고, 헤드엔드가 동작 중이며 연결을 받고 있는지 확인하십시오.",
		"Connection attempts%s could not reach the secure gateway: ":                                                             "연결 시도%s가 보안 게이트웨이에 도달하지 못했습니다: ",
		"the transport reported %s (%s)":                                                                                         "전송 계층 보고 %s(%s)",
		"%d timeout":                                                                                                             "시간 초과 %d회",
		"%d timeouts":                                                                                                            "시간 초과 %d회",
		"%d timeout %s":                                                                                                          "시간 초과 %d회(%s)",
		"%d timeouts %s":                                                                                                         "시간 초과 %d회(%s)",
		", in %d timed-out connection attempt":                                                                                   ", 시간 초과된 연결 시도 %d회",
		", in %d timed-out connection attempts":                                                                                  ", 시간 초과된 연결 시도 %d회",
		"transport timeout":                                                                                                      "전송 시간 초과",
		". TCP/443 to the headend is blocked on the path or the headend does not answer. %s": ". 경로에서 헤드엔드로 가는 TCP/443이 차단되었거나 헤드엔드가 응답하지 않습니다. %s",
		// The documentation, as dartscan explain shows it.
		GatewayUnreachable.Doc: `헤드엔드에 도달하지 못한 연결 시도를 감지합니다. 다음 중 어느 것이든 발견 사항이
됩니다: API의 "Response type (host unreachable)", GUI가 사용자에게 보낸 메시지
"Connection attempt has timed out. Please verify Internet connectivity."와
"Unable to contact <host>.", 그리고 사용자 메시지가 아닌 코어 자체의 "Unable to
contact <host>."(호스트 이름 또는 주소이므로 "Unable to contact the OCSP
responder"는 세지 않음). 사용자에게 메시지를 남기지 않는 클라이언트도 시도의 시간
초과는 기록합니다: 디버그 헤더가 CTRANSPORT_ERROR_TIMEOUT을 보고하는
레코드(curl_easy_perform, 전송 계층, 연결 관리자)는 5초 넘게 떨어진 2회 이상의
시도가 시간 초과되었을 때 발견 사항이 됩니다. 시간 초과는 시도의 시작(사용자의 요청
"... has been requested by the user." 또는 연결 관리자의 "Initiating connection
to: <url>", "Initiating VPN connection to the secure gateway <url>")이 2분 이내에
앞서고 그사이 연결이 설정되지 않았을 때 그 시도에 속합니다. 그 밖의 시간 초과(세션
중, 절전 후 재개 시, 세션 중간부터 시작하는 로그)는 세지 않으며, 발견 사항이 만들어질
때 인용됩니다. 헤드엔드로 가는 TCP/443이 차단되었거나 헤드엔드가 다운되었습니다.
이후 연결이 설정되면 발견 사항은 취소되므로, 시간 초과 뒤 재시도에 성공한 경우는
보고하지 않습니다.

확인됨(CONFIRMED): GUI의 문구와 curl_easy_perform의 CTRANSPORT_ERROR_TIMEOUT
(Microsoft의 Intune 문제 해결 문서, iOS 및 Android 로그), "Response type (host
unreachable)"(공개 코드), 사용자 메시지 없이 한 시도의 CTRANSPORT_ERROR_TIMEOUT
레코드 4개 뒤에 나오는 코어의 "Unable to contact <host>."(Linux syslog,
AnyConnect 2.5, Ubuntu 포럼 스레드, 공개 코드).`,
	})
}
