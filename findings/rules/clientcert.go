package rules

import (
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// Texts of certificate authentication without a client certificate.
const (
	certNotFound     = "CERTSTORE_ERROR_CERT_NOT_FOUND"
	noCertsFound     = "Number of certificates found: 0"
	noValidCerts     = "No valid certificates available for authentication"
	certValidation   = "Certificate Validation Failure"
	clientCertAsked  = "client-cert-request"
	attemptFailedGUI = "Connection attempt has failed"
	loginCancelled   = "User credentials prompt cancelled"
)

// ClientCertNotFound reports certificate authentication that found no
// client certificate.
var ClientCertNotFound = &findings.Rule{
	ID:       "client-cert-not-found",
	Title:    "No client certificate for certificate authentication",
	Severity: findings.SeverityMedium,
	Doc: `Detects certificate authentication without a usable client certificate.
Before every connection the client scans its certificate stores; on an
endpoint without client certificates the scan logs records whose debug
header reports CERTSTORE_ERROR_CERT_NOT_FOUND (0xFE21000E) and "Number of
certificates found: 0". That scan is routine: it also precedes connections
to gateways that never ask for a certificate, so it never makes a finding
alone. The rule needs one of:

  - the client saying the certificate was missing: "No valid certificates
    available for authentication." (a record or a message to the user);
  - the GUI's "Certificate Validation Failure" within 2 minutes after an
    empty scan;
  - the gateway asking for a certificate (a record naming the headend's
    client-cert-request) within 2 minutes after an empty scan;
  - a failed attempt ("Connection attempt has failed." or "... not able to
    establish a connection to the specified secure gateway") within 2
    minutes after an empty scan, with no other cause logged in between:
    no other return code that another rule diagnoses (such as
    CTRANSPORT_ERROR_TIMEOUT or CTRANSPORT_ERROR_PEER_CERT_REJECTED), no
    "Termination reason code", no "Response type (...)" reply, no
    "Unable to contact <host>", no message to the user that another rule
    diagnoses, no "User credentials prompt cancelled." (the user gave
    up). Those records are routine too (a timeout on resume, a disconnect
    by the user, a cancelled login) and only ever stop this case.

The tunnel group then requires a certificate and none in the user's or
machine's store matches (not deployed, expired, or excluded by the
profile's certificate matching). A later established connection cancels
the finding.

CONFIRMED: CERTSTORE_ERROR_CERT_NOT_FOUND and "Number of certificates
found: 0", both in routine scans of Linux syslog captures (Ubuntu forum
threads, public code), the second both as free text ("Function:
getCertList File: ApiCert.cpp ... Number of certificates found: 0") and as
the Description of a header with return code 0. CONFIRMED: "No valid
certificates available for authentication." followed by "Certificate
Validation Failure" (vpn CLI output quoted in public notes on GitHub).
CONFIRMED: the headend's <client-cert-request> element (openconnect's
source). BELIEVED: that the client logs that element, and the event-log
form of the two messages ("Message type ... sent to the user: ...").`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Deploy the client certificate the tunnel group expects (user or machine store, with its private key) and check that it has not expired.",
		"Check the profile's certificate matching (CertificateMatch) against the certificate's key usage and issuer.",
	},
	Signals: standardSignals(append([]findings.Signal{
		codeSignal("notfound", certNotFound),
		vpnSignal("zero", noCertsFound),
		vpnSignal("novalid", noValidCerts),
		userMessage("validation", certValidation),
		vpnSignal("asked", clientCertAsked),
		userMessage("failed", attemptFailedGUI),
		userMessage("generic", genericFailure),
		userMessage("cancelled", loginCancelled),
	}, failureCauses(certNotFound)...)...),
	Identity: failureIdentity,
	Check:    checkClientCert,
}

func checkClientCert(p *findings.Pass) error {
	scan := findings.Merge("scan", p.Series("notfound"), p.Series("zero"))
	var causes []*findings.Series
	var why []string
	if nv := p.Series("novalid"); !nv.Empty() {
		causes = append(causes, nv)
		why = append(why, p.Sprintf("the client said %q (%d)", noValidCerts, nv.Count()))
	}
	if v := afterScan(p.Series("validation"), scan, nil); !v.Empty() {
		causes = append(causes, v)
		why = append(why, p.Sprintf("the user was told %q (%d)", certValidation, v.Count()))
	}
	if a := afterScan(p.Series("asked"), scan, nil); !a.Empty() {
		causes = append(causes, a)
		why = append(why, p.Sprintf("the gateway asked for a client certificate (%d)", a.Count()))
	}
	other := findings.Merge("causes", append(causeSeries(p), p.Series("cancelled"))...).Times()
	if after := afterScan(findings.Merge("failed", p.Series("failed"), p.Series("generic")), scan, other); !after.Empty() {
		causes = append(causes, after)
		why = append(why, p.Sprintf("%s within 2 minutes of the empty scan with no other cause logged", counted(p, after.Cadence(), "failed attempt")))
	}
	if len(causes) == 0 {
		return nil // an empty scan alone is routine
	}
	f := unresolvedOf(p, causes...)
	if f == nil {
		return nil
	}
	var s strings.Builder
	s.WriteString(p.Sprintf("Certificate authentication%s found no client certificate: %s", f.toHosts(p), strings.Join(why, "; ")))
	if !scan.Empty() {
		s.WriteString(p.Sprintf(verb(scan.Count(), ". The certificate scan found none: %s reports CERTSTORE_ERROR_CERT_NOT_FOUND or %q", ". The certificate scan found none: %s report CERTSTORE_ERROR_CERT_NOT_FOUND or %q"), counted(p, scan.Cadence(), "record"), noCertsFound))
	}
	s.WriteString(p.Sprintf(". The tunnel group requires a certificate and none on the endpoint matches. %s", f.history(p)))
	ev := cite(f.fails, "", 4)
	ev = append(ev, cite(scan, p.Sprintf("the empty certificate scan"), 2)...)
	p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
	return nil
}

// afterScan returns the records of s that follow an empty certificate
// scan within causeWindow (the same second counts) with none of the times
// others between the scan and them.
func afterScan(s, scan *findings.Series, others []time.Time) *findings.Series {
	out := findings.NewSeries(s.Name + " after the scan")
	scans := scan.Times()
	for _, r := range s.Records() {
		if r.Time.IsZero() {
			continue
		}
		last, found := lastAtOrBefore(scans, r.Time)
		if !found || r.Time.Sub(last) > causeWindow || between(others, last, r.Time) {
			continue
		}
		out.Add(&r)
	}
	return out
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"No client certificate for certificate authentication": "인증서 인증에 사용할 클라이언트 인증서가 없음",
		"Deploy the client certificate the tunnel group expects (user or machine store, with its private key) and check that it has not expired.": "터널 그룹이 요구하는 클라이언트 인증서를 개인 키와 함께 사용자 또는 컴퓨터 저장소에 배포하고, 만료되지 않았는지 확인하십시오.",
		"Check the profile's certificate matching (CertificateMatch) against the certificate's key usage and issuer.":                             "프로파일의 인증서 일치 조건(CertificateMatch)을 인증서의 키 사용 및 발급자와 비교해 확인하십시오.",
		"the client said %q (%d)":                                          "클라이언트 메시지 %q(%d)",
		"the user was told %q (%d)":                                        "사용자에게 표시된 메시지 %q(%d)",
		"the gateway asked for a client certificate (%d)":                  "게이트웨이의 클라이언트 인증서 요청(%d)",
		"%s within 2 minutes of the empty scan with no other cause logged": "빈 인증서 검색 후 2분 안에, 다른 원인이 기록되지 않은 %s",
		"%d failed attempt":                                                "실패한 시도 %d회",
		"%d failed attempts":                                               "실패한 시도 %d회",
		"%d failed attempt %s":                                             "실패한 시도 %d회(%s)",
		"%d failed attempts %s":                                            "실패한 시도 %d회(%s)",
		"Certificate authentication%s found no client certificate: %s":     "인증서 인증%s에서 클라이언트 인증서를 찾지 못했습니다: %s",
		". The certificate scan found none: %s reports CERTSTORE_ERROR_CERT_NOT_FOUND or %q": ". 인증서 검색 결과 인증서가 없습니다: %s, 보고 내용: CERTSTORE_ERROR_CERT_NOT_FOUND 또는 %q",
		". The certificate scan found none: %s report CERTSTORE_ERROR_CERT_NOT_FOUND or %q":  ". 인증서 검색 결과 인증서가 없습니다: %s, 보고 내용: CERTSTORE_ERROR_CERT_NOT_FOUND 또는 %q",
		". The tunnel group requires a certificate and none on the endpoint matches. %s":     ". 터널 그룹은 인증서를 요구하지만 엔드포인트에 일치하는 인증서가 없습니다. %s",
		"the empty certificate scan": "빈 인증서 검색",
		// The documentation, as dartscan explain shows it.
		ClientCertNotFound.Doc: `사용할 수 있는 클라이언트 인증서 없이 진행된 인증서 인증을 감지합니다. 클라이언트는
연결할 때마다 먼저 인증서 저장소를 검색하며, 클라이언트 인증서가 없는
엔드포인트에서는 이 검색이 디버그 헤더에 CERTSTORE_ERROR_CERT_NOT_FOUND
(0xFE21000E)를 보고하는 레코드와 "Number of certificates found: 0"을 기록합니다.
이 검색은 일상적인 것입니다: 인증서를 요구하지 않는 게이트웨이에 연결할 때도
일어나므로, 그것만으로 발견 사항이 되지는 않습니다. 규칙에는 다음 중 하나가
필요합니다.

  - 인증서가 없다는 클라이언트의 말: "No valid certificates available for
    authentication."(레코드 또는 사용자에게 보낸 메시지)
  - 빈 검색 후 2분 안의 GUI 메시지 "Certificate Validation Failure"
  - 빈 검색 후 2분 안에 게이트웨이가 인증서를 요청함(헤드엔드의
    client-cert-request를 가리키는 레코드)
  - 빈 검색 후 2분 안의 실패한 시도("Connection attempt has failed." 또는
    "... not able to establish a connection to the specified secure gateway")로,
    그사이에 다른 원인이 기록되지 않은 경우: 다른 규칙이 진단하는 반환 코드
    (CTRANSPORT_ERROR_TIMEOUT, CTRANSPORT_ERROR_PEER_CERT_REJECTED 등),
    "Termination reason code", "Response type (...)" 응답, "Unable to contact
    <host>", 다른 규칙이 진단하는 사용자 메시지, "User credentials prompt
    cancelled."(사용자가 포기함)가 없어야 합니다. 이 레코드들도 일상적이며(재개 시의
    시간 초과, 사용자의 연결 끊기, 취소된 로그인) 이 경우를 막기만 합니다.

이때 터널 그룹은 인증서를 요구하지만 사용자 또는 컴퓨터 저장소의 어느 인증서도
일치하지 않습니다(배포되지 않음, 만료됨, 또는 프로파일의 인증서 일치 조건에서
제외됨). 이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): CERTSTORE_ERROR_CERT_NOT_FOUND와 "Number of certificates
found: 0", 둘 다 Linux syslog 캡처의 일상적인 검색에서(Ubuntu 포럼 스레드, 공개
코드). 뒤의 것은 자유 텍스트("Function: getCertList File: ApiCert.cpp ... Number of
certificates found: 0")로도, 반환 코드 0인 헤더의 Description으로도 나타납니다.
확인됨(CONFIRMED): "No valid certificates available for authentication." 뒤의
"Certificate Validation Failure"(GitHub의 공개 노트에 인용된 vpn CLI 출력).
확인됨(CONFIRMED): 헤드엔드의 <client-cert-request> 요소(openconnect 소스).
추정(BELIEVED): 클라이언트가 그 요소를 기록한다는 점, 그리고 두 메시지의 이벤트
로그 형태("Message type ... sent to the user: ...").`,
	})
}
