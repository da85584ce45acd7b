package rules

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// SSONavigationFailed reports a failed SAML/SSO login page.
var SSONavigationFailed = &findings.Rule{
	ID:       "sso-navigation-failed",
	Title:    "Single sign-on page could not be loaded",
	Severity: findings.SeverityHigh,
	Doc: `Detects "Authentication failed due to problem navigating to the single
sign-on URL" (matched on "problem navigating to the single sign-on URL"):
the embedded browser could not load the identity provider's page. When
"webViewLoadFailedCB: Failed to load page: TLS support is not available"
precedes it within 2 minutes (or the bundle has it at all), the cause is
named: the embedded browser has no TLS backend (on Linux, glib-networking
missing for WebKitGTK). Otherwise the SSO URL is unreachable or refused. A
later established connection cancels the finding.

CONFIRMED as reported: both texts (Secure Client 5.1.19 on Linux, public
code).`,
	Component:  "acwebhelper",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Check that the identity provider's URL loads in a browser on the endpoint.",
		"Linux: install glib-networking (and the WebKitGTK packages) so the embedded browser has TLS; or set the profile to use the external browser for SAML.",
	},
	Signals: standardSignals(
		vpnSignal("failed", "problem navigating to the single sign-on URL"),
		vpnSignal("notls", "TLS support is not available"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "failed")
		if f == nil {
			return nil
		}
		var s strings.Builder
		s.WriteString(p.Sprintf(verb(f.cadence.Count, "Single sign-on failed%s: %s says %q.", "Single sign-on failed%s: %s say %q."), f.toHosts(p), counted(p, f.cadence, "record"), "Authentication failed due to problem navigating to the single sign-on URL"))
		ev := cite(f.fails, "", 3)
		if notls := p.Series("notls"); !notls.Empty() {
			_, n := findings.FollowedWithin(notls, f.fails, causeWindow)
			s.WriteString(p.Sprintf(" The embedded browser logged %s (%d followed by the failure): it has no TLS backend, so it cannot open any https page; on Linux install glib-networking.", counted(p, notls.Cadence(), "\"TLS support is not available\" record"), n))
			ev = append(cite(notls, p.Sprintf("the cause"), 2), ev...)
		} else {
			s.WriteString(p.Sprintf(" The identity provider's page did not load: check that its URL is reachable from the endpoint."))
		}
		fmt.Fprintf(&s, " %s", f.history(p))
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Single sign-on page could not be loaded":                                    "SSO(Single sign-on) 페이지를 로드할 수 없음",
		"Check that the identity provider's URL loads in a browser on the endpoint.": "엔드포인트의 브라우저에서 ID 공급자의 URL이 로드되는지 확인하십시오.",
		"Linux: install glib-networking (and the WebKitGTK packages) so the embedded browser has TLS; or set the profile to use the external browser for SAML.": "Linux: 내장 브라우저가 TLS를 쓸 수 있도록 glib-networking(및 WebKitGTK 패키지)을 설치하거나, SAML에 외부 브라우저를 사용하도록 프로파일을 설정하십시오.",
		"Single sign-on failed%s: %s says %q.": "SSO(Single sign-on)에 실패했습니다%s: %s, 내용: %q.",
		"Single sign-on failed%s: %s say %q.":  "SSO(Single sign-on)에 실패했습니다%s: %s, 내용: %q.",
		" The embedded browser logged %s (%d followed by the failure): it has no TLS backend, so it cannot open any https page; on Linux install glib-networking.": " 내장 브라우저에 기록된 %s(그중 %d회 뒤에 실패가 이어짐): 내장 브라우저에 TLS 백엔드가 없어 https 페이지를 열 수 없습니다. Linux에서는 glib-networking을 설치하십시오.",
		"%d \"TLS support is not available\" record":     "\"TLS support is not available\" 레코드 %d개",
		"%d \"TLS support is not available\" records":    "\"TLS support is not available\" 레코드 %d개",
		"%d \"TLS support is not available\" record %s":  "\"TLS support is not available\" 레코드 %d개(%s)",
		"%d \"TLS support is not available\" records %s": "\"TLS support is not available\" 레코드 %d개(%s)",
		"the cause": "원인",
		" The identity provider's page did not load: check that its URL is reachable from the endpoint.": " ID 공급자의 페이지가 로드되지 않았습니다: 엔드포인트에서 해당 URL에 연결할 수 있는지 확인하십시오.",
		// The documentation, as dartscan explain shows it.
		SSONavigationFailed.Doc: `"Authentication failed due to problem navigating to the single sign-on URL"
("problem navigating to the single sign-on URL"로 일치)을 감지합니다: 내장
브라우저가 ID 공급자의 페이지를 로드하지 못했습니다. "webViewLoadFailedCB: Failed
to load page: TLS support is not available"이 2분 안에 그보다 앞서면(또는 번들에
있기만 하면) 원인을 밝힙니다: 내장 브라우저에 TLS 백엔드가 없습니다(Linux에서는
WebKitGTK용 glib-networking이 없음). 그렇지 않으면 SSO URL에 연결할 수 없거나
거부된 것입니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

보고된 대로 확인됨(CONFIRMED as reported): 두 문구(Linux의 Secure Client 5.1.19,
공개 코드).`,
	})
}
