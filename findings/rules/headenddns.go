package rules

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// Texts of a failed lookup of the headend.
const (
	getAddrInfo     = "SOCKETSUPPORT_ERROR_GETADDRINFO"
	dnsFailedReply  = "Response type (DNS resolution failed)"
	dnsFailedToUser = "failed due to unsuccessful domain name resolution"
)

var resolveHostRE = regexp.MustCompile(`failed to resolve host name (\S+)`)

// HeadendDNSFailure reports connection attempts that failed because the
// headend's name does not resolve.
var HeadendDNSFailure = &findings.Rule{
	ID:       "headend-dns-failure",
	Title:    "Secure gateway's name does not resolve",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that failed on DNS: the API's "Response type
(DNS resolution failed)" or the GUI's "The VPN connection failed due to
unsuccessful domain name resolution." Records whose debug header reports
SOCKETSUPPORT_ERROR_GETADDRINFO (0xFE25000C) "failed to resolve host name
<h> to IPv4 address" name the host; they are cited, and the summary says
when the GUI message followed one within 2 minutes ("A then B"). A client
that tells the user nothing still logs the lookup: a GETADDRINFO failure
makes the finding by itself when it names the headend (the host of the
user's request or of the connection manager's "Initiating connection to
<url>") and falls within that attempt, at most 2 minutes after its start
with no connection in between. Other GETADDRINFO failures do not (the
agent resolves other names too, and a lookup inside a session or on
resume is not a failed attempt), nor does one for an IPv6 address (routine
on IPv4-only networks), and one for mus.cisco.com never counts: that is
CSCvu39643's domain. A later established connection cancels the finding.

CONFIRMED: the three texts, in one Android capture (Microsoft's Intune
troubleshooting article, public code).`,
	Component:  "vpnapi",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{intuneVPNRef},
	Remediation: []string{
		"Check that the headend's name resolves on the endpoint (nslookup <headend>) with the DNS servers it uses; fix the record or the resolver.",
		"If the name is only in an internal zone, publish it externally or connect by address.",
	},
	Signals: standardSignals(
		findings.Signal{Name: "lookup", Contains: getAddrInfo, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return r.Header.Description == getAddrInfo && !findings.ContainsFold(r.Message, musHost)
		}},
		vpnSignal("reply", dnsFailedReply),
		userMessage("told", dnsFailedToUser),
		initiatingSignal,
	),
	// The headend asked for and the name that does not resolve; not the
	// endpoint's DNS servers, which change with its network.
	Identity: []string{"requested-host", "unresolved-host"},
	Check: func(p *findings.Pass) error {
		f := unresolvedOf(p, p.Series("reply"), p.Series("told"), headendLookups(p))
		if f == nil {
			return nil
		}
		lookups := p.Series("lookup")
		var hosts []string
		for _, r := range lookups.Records() {
			if m := resolveHostRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(hosts, m[1]) {
				hosts = append(hosts, m[1])
			}
		}
		var s strings.Builder
		target := f.toHosts(p)
		if len(hosts) > 0 {
			target = p.Sprintf(" to %s", strings.Join(hosts, ", "))
		}
		msgs := findings.Merge("messages", p.Series("reply"), p.Series("told"))
		s.WriteString(p.Sprintf("Connection attempts%s failed because the secure gateway's name did not resolve: ", target))
		if !msgs.Empty() {
			s.WriteString(counted(p, msgs.Cadence(), "record"))
		}
		ev := cite(msgs, "", 3)
		if !lookups.Empty() {
			if !msgs.Empty() {
				s.WriteString("; ")
			}
			s.WriteString(p.Sprintf("the agent logged %s", counted(p, lookups.Cadence(), "GETADDRINFO failure")))
			if _, n := findings.FollowedWithin(lookups, p.Series("told"), causeWindow); n > 0 {
				s.WriteString(p.Sprintf(", %d of them followed by the GUI's %q", n, "unsuccessful domain name resolution"))
			}
			ev = append(cite(lookups, p.Sprintf("the lookup that failed"), 3), ev...)
		}
		s.WriteString(p.Sprintf(". The endpoint's DNS cannot resolve the headend. %s", f.history(p)))
		facts := f.facts()
		if len(hosts) > 0 {
			facts = append(facts, findings.FactRef{Name: "unresolved-host", Value: strings.Join(hosts, ", ")})
		}
		for _, d := range p.Facts.DNSServers {
			facts = append(facts, findings.FactRef{Name: "dns-server", Value: d.Value, File: d.Source.File, Line: d.Source.Line})
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: facts})
		return nil
	},
}

// headendLookups returns the failed lookups of the headend within a
// connection attempt (see [inAttempt]), other than for an IPv6 address.
func headendLookups(p *findings.Pass) *findings.Series {
	hosts := attemptHosts(p)
	in := inAttempt(p)
	out := findings.NewSeries("headend lookups")
	for _, r := range p.Series("lookup").Records() {
		m := resolveHostRE.FindStringSubmatch(r.Message)
		if m == nil || r.Time.IsZero() || strings.Contains(r.Message, "IPv6") || !in(r.Time) {
			continue
		}
		if slices.ContainsFunc(hosts, func(h string) bool { return strings.EqualFold(h, m[1]) }) {
			out.Add(&r)
		}
	}
	return out
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Secure gateway's name does not resolve": "보안 게이트웨이의 이름을 확인할 수 없음",
		"Check that the headend's name resolves on the endpoint (nslookup <headend>) with the DNS servers it uses; fix the record or the resolver.": "엔드포인트가 사용하는 DNS 서버로 헤드엔드의 이름이 확인되는지 점검하고(nslookup <headend>), DNS 항목이나 확인자(resolver)를 수정하십시오.",
		"If the name is only in an internal zone, publish it externally or connect by address.":                                                     "이름이 내부 영역에만 있다면 외부에 게시하거나 주소로 연결하십시오.",
		" to %s": "(연결 대상: %s)",
		"Connection attempts%s failed because the secure gateway's name did not resolve: ": "보안 게이트웨이의 이름을 확인할 수 없어 연결 시도%s가 실패했습니다: ",
		"the agent logged %s":                                 "에이전트에 기록된 %s",
		"%d GETADDRINFO failure":                              "GETADDRINFO 실패 %d회",
		"%d GETADDRINFO failures":                             "GETADDRINFO 실패 %d회",
		"%d GETADDRINFO failure %s":                           "GETADDRINFO 실패 %d회(%s)",
		"%d GETADDRINFO failures %s":                          "GETADDRINFO 실패 %d회(%s)",
		", %d of them followed by the GUI's %q":               ", 그중 %d회 뒤에 GUI의 %q 메시지가 이어짐",
		"the lookup that failed":                              "실패한 조회",
		". The endpoint's DNS cannot resolve the headend. %s": ". 엔드포인트의 DNS가 헤드엔드의 이름을 확인하지 못합니다. %s",
		// The documentation, as dartscan explain shows it.
		HeadendDNSFailure.Doc: `DNS에서 실패한 연결 시도를 감지합니다: API의 "Response type (DNS resolution
failed)" 또는 GUI의 "The VPN connection failed due to unsuccessful domain name
resolution."입니다. 디버그 헤더가 SOCKETSUPPORT_ERROR_GETADDRINFO(0xFE25000C)
"failed to resolve host name <h> to IPv4 address"를 보고하는 레코드는 호스트를
가리키므로 인용하며, GUI 메시지가 2분 안에 그 뒤를 이었으면 요약에 밝힙니다("A 다음
B"). 사용자에게 아무것도 알리지 않는 클라이언트도 조회는 기록합니다:
GETADDRINFO 실패는 헤드엔드(사용자 요청의 호스트 또는 연결 관리자의 "Initiating
connection to <url>"의 호스트)를 가리키고 그 시도 안에, 즉 시작 후 2분 이내에 그사이
연결 없이 일어나면 그것만으로 발견 사항이 됩니다. 다른 GETADDRINFO 실패는 그렇지
않습니다(에이전트는 다른 이름도 확인하며, 세션 중이나 재개 시의 조회는 실패한
시도가 아님). IPv6 주소에 대한 실패(IPv4 전용 네트워크에서는 일상적)도 그렇고,
mus.cisco.com에 대한 실패는 결코 세지 않습니다: 그것은 CSCvu39643의 영역입니다.
이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 세 문구, 하나의 Android 캡처에서(Microsoft의 Intune 문제 해결
문서, 공개 코드).`,
	})
}
