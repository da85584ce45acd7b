package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// MusLookupFailing reports repeated failures to resolve mus.cisco.com where
// CSCvu39643 does not explain them: a client at 4.10 or later, or one with a
// VPN profile in use.
var MusLookupFailing = &findings.Rule{
	ID:       "dns-mus-lookup-failing",
	Title:    "Repeated DNS failures resolving mus.cisco.com",
	Severity: findings.SeverityLow,
	Doc: `The VPN agent keeps failing to resolve mus.cisco.com, but the client is at
4.10 or later, or a VPN profile is configured, so the known behaviour of
unused pre-4.10 clients does not explain it. The failures point at the
endpoint's DNS: the server the agent names does not answer or cannot
resolve public names. The rule needs at least 3 failures that no later
successful resolution cancelled.`,
	Component: "vpnagent",
	Needs:     []findings.Input{findings.InputVPNLog},
	Remediation: []string{
		"Check that the DNS server the agent names answers queries for public names (nslookup mus.cisco.com <server> on the endpoint).",
		"Check the endpoint's DNS configuration (ipconfig /all, scutil --dns or resolvectl) and any DNS filtering on the path.",
	},
	References: []findings.Reference{},
	Signals:    musSignals,
	// The endpoint alone: the name is the rule's, and the version and
	// profiles may change while the name still fails.
	Identity: []string{},
	Check:    checkMusFailing,
}

func checkMusFailing(p *findings.Pass) error {
	c := readMusCase(p)
	if c == nil || c.isBug() {
		return nil
	}
	var why string
	var facts []findings.FactRef
	switch {
	case len(c.vpnProfile) > 0:
		names := make([]string, len(c.vpnProfile))
		for i, pr := range c.vpnProfile {
			names[i] = pr.File
		}
		why = p.Sprintf("a VPN profile is configured (%s)", strings.Join(names, ", "))
		facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: strings.Join(names, ", ")})
	default:
		why = p.Sprintf("the client is at %s, where an unused VPN core no longer queries the name periodically", c.version)
	}
	if !c.version.IsZero() {
		facts = append(facts, findings.FactRef{Name: "version", Value: c.version.String(), File: p.Facts.Product.Source.File, Line: p.Facts.Product.Source.Line})
	}
	var s strings.Builder
	s.WriteString(p.Sprintf("The VPN agent failed to resolve mus.cisco.com: %s", p.Describe(c.cadence, "failure")))
	if len(c.servers) > 0 {
		s.WriteString(p.Sprintf(", via DNS server %s", strings.Join(c.servers, ", ")))
	}
	s.WriteString(p.Sprintf(". This is not the known periodic query of unused pre-4.10 clients, because %s. The endpoint's DNS is failing for a public name; other lookups are likely failing too.", why))
	side := readMusCapture(p, c)
	s.WriteString(side.text)
	p.Report(findings.Finding{Summary: s.String(), Evidence: append(failureEvidence(c.fails), side.evidence...), Facts: append(facts, side.facts...)})
	return nil
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Repeated DNS failures resolving mus.cisco.com": "mus.cisco.com 이름 확인 중 DNS 실패가 반복됨",
		"Check that the DNS server the agent names answers queries for public names (nslookup mus.cisco.com <server> on the endpoint).": "에이전트가 가리키는 DNS 서버가 공용 이름에 대한 쿼리에 응답하는지 확인하십시오(엔드포인트에서 nslookup mus.cisco.com <server>).",
		"Check the endpoint's DNS configuration (ipconfig /all, scutil --dns or resolvectl) and any DNS filtering on the path.":         "엔드포인트의 DNS 구성(ipconfig /all, scutil --dns 또는 resolvectl)과 경로상의 DNS 필터링을 확인하십시오.",
		"a VPN profile is configured (%s)": "VPN 프로파일이 구성되어 있으므로(%s)",
		"the client is at %s, where an unused VPN core no longer queries the name periodically":                                                                                 "클라이언트가 %s 버전이고, 이 버전에서는 사용하지 않는 VPN 코어가 더 이상 이 이름을 주기적으로 쿼리하지 않으므로",
		". This is not the known periodic query of unused pre-4.10 clients, because %s. The endpoint's DNS is failing for a public name; other lookups are likely failing too.": ". %s 사용하지 않는 4.10 이전 클라이언트의 알려진 주기적 쿼리가 아닙니다. 엔드포인트의 DNS가 공용 이름을 확인하지 못하고 있으며, 다른 조회도 실패하고 있을 가능성이 큽니다.",
		// The documentation, as dartscan explain shows it.
		MusLookupFailing.Doc: `VPN 에이전트가 mus.cisco.com의 이름 확인에 계속 실패하지만, 클라이언트가 4.10
이상이거나 VPN 프로파일이 구성되어 있어 사용하지 않는 4.10 이전 클라이언트의 알려진
동작으로는 설명되지 않습니다. 실패는 엔드포인트의 DNS를 가리킵니다: 에이전트가
가리키는 서버가 응답하지 않거나 공용 이름을 확인하지 못합니다. 규칙에는 이후 이름
확인 성공으로 취소되지 않은 실패가 3회 이상 필요합니다.`,
	})
}
