package rules

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

// musQuiet is how long a capture must cover, without a query for
// mus.cisco.com, to say that the periodic queries stopped: one of their
// intervals, in which at least one query would have left.
const musQuiet = 15 * time.Second

// musCaptureSide is what a capture adds to a mus.cisco.com finding.
type musCaptureSide struct {
	text     string
	evidence []findings.Evidence
	facts    []findings.FactRef
	stopped  bool // the capture covers enough time and holds no query
}

// readMusCapture compares the capture's mus.cisco.com queries with the
// agent's failures c: count and cadence, the DNS server against the
// agent's and the bundle's, and the times, aligned when the bundle gives its
// time zone.
func readMusCapture(p *findings.Pass, c *musCase) musCaptureSide {
	var side musCaptureSide
	cp := p.Capture
	if cp == nil {
		return side
	}
	sum, txs := cp.Lookup(musHost)
	var b strings.Builder
	if sum.Queries == 0 {
		if cp.Duration() >= musQuiet {
			b.WriteString(p.Sprintf(" The capture %s covers %.0f s of DNS traffic (%d DNS packets) and holds no query for mus.cisco.com: the periodic queries have stopped, which is what the hosts-file or DNS workaround, or an upgrade, does.",
				cp.Name, cp.Duration().Seconds(), cp.Stats.DNS))
			side.stopped = true
		} else {
			b.WriteString(p.Sprintf(" The capture %s holds no query for mus.cisco.com, but covers only %.0f s: too short to tell whether the queries go on.", cp.Name, cp.Duration().Seconds()))
		}
		side.facts = append(side.facts, findings.FactRef{Name: "capture mus.cisco.com queries", Value: "0", File: cp.Name})
		side.text = b.String()
		return side
	}
	b.WriteString(p.Sprintf(" The capture %s shows the queries on the wire: %s.", cp.Name, wireSummary(p, sum)))
	side.facts = append(side.facts, findings.FactRef{Name: "capture mus.cisco.com queries", Value: sum.String(), File: cp.Name})

	var wire []string
	for _, a := range sum.Servers {
		wire = append(wire, a.String())
	}
	switch {
	case len(c.servers) > 0 && sameSet(c.servers, wire):
		b.WriteString(p.Sprintf(" They go to the server the agent names (%s)", strings.Join(wire, ", ")))
	case len(c.servers) > 0:
		b.WriteString(p.Sprintf(" They go to %s, while the agent names %s", strings.Join(wire, ", "), strings.Join(c.servers, ", ")))
	default:
		b.WriteString(p.Sprintf(" They go to %s", strings.Join(wire, ", ")))
	}
	var listed []string
	for _, v := range p.Facts.DNSServers {
		listed = append(listed, v.Value)
	}
	switch {
	case len(listed) == 0:
		b.WriteString(p.Sprintf("; the bundle's network information lists no DNS server."))
	case subset(wire, listed):
		b.WriteString(p.Sprintf(", one of the DNS servers the bundle lists (%s, %s).", strings.Join(listed, ", "), p.Facts.DNSServers[0].Source))
	default:
		b.WriteString(p.Sprintf(", not among the DNS servers the bundle lists (%s): the endpoint's DNS settings changed, or the capture was taken elsewhere.", strings.Join(listed, ", ")))
	}
	b.WriteString(alignTimes(p, c, sum))
	side.text = b.String()
	cite := txs
	if len(cite) > 4 {
		cite = append(cite[:3:3], cite[len(cite)-1])
	}
	side.evidence = findings.CaptureEvidence(cp, cite, p.Sprintf("on the wire"))
	return side
}

// wireSummary is sum's String in the analysis's language: the count of
// queries, their cadence and span, how they were answered (in the
// capture's words, "Server failure"), and the servers asked.
func wireSummary(p *findings.Pass, sum dnscapture.Summary) string {
	if sum.Queries == 0 || p.Language() == language.English {
		return sum.String()
	}
	var b strings.Builder
	first, last := sum.First.UTC().Format(time.TimeOnly), sum.Last.UTC().Format(time.TimeOnly)
	if sum.Queries == 1 {
		b.WriteString(p.Sprintf("1 query at %s", first))
	} else {
		b.WriteString(p.Sprintf("%d queries, one every %.1f s, %s to %s", sum.Queries, sum.Interval.Seconds(), first, last))
	}
	if sum.Retransmissions > 0 {
		b.WriteString(p.Sprintf(", %d retransmissions", sum.Retransmissions))
	}
	// The answers, most frequent first, as String orders them.
	type answer struct {
		what    string
		n, code int
	}
	var as []answer
	for c, n := range sum.RCodes {
		as = append(as, answer{c.String(), n, int(c)})
	}
	if sum.NoResponse > 0 {
		as = append(as, answer{p.Sprintf("no response"), sum.NoResponse, 1 << 16})
	}
	slices.SortFunc(as, func(a, b answer) int { return cmp.Or(b.n-a.n, a.code-b.code) })
	for _, a := range as {
		if len(as) == 1 && sum.Queries > 1 {
			b.WriteString(p.Sprintf(", all %s", a.what))
		} else {
			b.WriteString(p.Sprintf(", %s %d", a.what, a.n))
		}
	}
	if len(sum.Servers) > 0 {
		servers := make([]string, len(sum.Servers))
		for i, a := range sum.Servers {
			servers[i] = a.String()
		}
		b.WriteString(p.Sprintf(", servers %s", strings.Join(servers, ", ")))
	}
	return b.String()
}

// alignTimes compares when the log's failures and the capture's queries
// happened. Log times carry no zone; the bundle's time zone, when it gives
// one, turns them into UTC, the capture's clock.
func alignTimes(p *findings.Pass, c *musCase, sum dnscapture.Summary) string {
	logCadence := c.cadence.Interval.Seconds()
	loc, ok := p.Facts.Location()
	first, last := c.cadence.First, c.cadence.Last
	if latest, has := c.fails.Latest(); has && latest.HasZone {
		ok, loc = true, time.UTC // the log's times are already absolute
	}
	if !ok || first.IsZero() {
		return p.Sprintf(" The bundle does not say its time zone, so the log and the capture are compared by cadence only: one failure every %.1f s in the log, one query every %.1f s on the wire.",
			logCadence, sum.Interval.Seconds())
	}
	lf, ll := inZone(first, loc), inZone(last, loc)
	const slack = 30 * time.Second
	span := p.Sprintf("the log's failures (%s to %s UTC)", lf.Format("2006-01-02 15:04:05"), ll.Format("15:04:05"))
	if tz := p.Facts.TimeZone; tz.Value != "" {
		span = p.Sprintf("the log's failures (%s to %s UTC, read in the bundle's time zone %q, %s)", lf.Format("2006-01-02 15:04:05"), ll.Format("15:04:05"), tz.Value, tz.Source)
	}
	if sum.First.After(ll.Add(slack)) || sum.Last.Before(lf.Add(-slack)) {
		return p.Sprintf(" In UTC, %s and the capture's queries (%s to %s) do not overlap: the capture was taken at another time.",
			span, sum.First.UTC().Format("2006-01-02 15:04:05"), sum.Last.UTC().Format("15:04:05"))
	}
	return p.Sprintf(" In UTC, %s and the capture's queries (%s to %s) overlap: the same queries, seen from both sides.",
		span, sum.First.UTC().Format("15:04:05"), sum.Last.UTC().Format("15:04:05"))
}

// inZone reads the wall-clock time t (held as UTC, as logs without a zone
// are) in loc, and returns it in UTC.
func inZone(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UTC()
}

func sameSet(a, b []string) bool { return subset(a, b) && subset(b, a) }

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return sameAddr(x, y) }) {
			return false
		}
	}
	return true
}

func sameAddr(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(a, b)
	}
	return x.Unmap() == y.Unmap()
}

// MusCaptureOnly reports mus.cisco.com queries failing in a packet capture
// analysed without a bundle.
var MusCaptureOnly = &findings.Rule{
	ID:       "capture-mus-queries-failing",
	Title:    "Capture: periodic queries for mus.cisco.com fail",
	Severity: findings.SeverityLow,
	Doc: `A packet capture, analysed without a DART bundle, shows at least 3 DNS
queries for mus.cisco.com that fail (an error response or none). Queries about
every 15 seconds are the pattern of Cisco bug CSCvu39643: an AnyConnect VPN
core before 4.10, installed but unused (no VPN profile), checking for internet
access. The capture alone cannot show the client's version or profiles, so
the finding names the bug as the likely cause and asks for the bundle; when a
bundle is analysed with the capture, the bundle's rules cite the capture
instead and this rule stays silent.`,
	Component:  "capture",
	Needs:      []findings.Input{findings.InputCapture},
	References: musReferences,
	Remediation: []string{
		"Collect a DART bundle from the same endpoint and analyse it with the capture (dartscan -capture FILE BUNDLE) to confirm the client's version and profiles.",
		"Make mus.cisco.com resolvable on the DNS server the endpoint uses, or add a hosts-file entry for it; upgrading AnyConnect to 4.10 or later ends the queries.",
	},
	Identity: []string{}, // the capture's counts change, the problem stays
	Check:    checkMusCaptureOnly,
}

func checkMusCaptureOnly(p *findings.Pass) error {
	if p.Has(findings.InputVPNLog) {
		return nil // the bundle's rules speak, citing the capture
	}
	sum, txs := p.Capture.Lookup(musHost)
	failed := sum.NoResponse
	for rc, n := range sum.RCodes {
		if rc != dnscapture.RCode(0) {
			failed += n
		}
	}
	if failed < musMinFailures {
		return nil
	}
	regular := ""
	if iv := sum.Interval; iv >= 10*time.Second && iv <= 20*time.Second {
		regular = p.Sprintf(" The cadence matches Cisco bug CSCvu39643 (an unused VPN core before 4.10 querying every 15 s).")
	}
	p.Report(findings.Finding{
		Summary: p.Sprintf("The capture %s shows %s; %d of them failed.%s The capture alone cannot show the client's version or whether a VPN profile is configured: analyse the DART bundle with it to confirm.",
			p.Capture.Name, wireSummary(p, sum), failed, regular),
		Evidence: findings.CaptureEvidence(p.Capture, txs[:min(len(txs), 5)], ""),
		Facts:    []findings.FactRef{{Name: "capture mus.cisco.com queries", Value: sum.String(), File: p.Capture.Name}},
	})
	return nil
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Capture: periodic queries for mus.cisco.com fail": "캡처: mus.cisco.com에 대한 주기적인 쿼리가 실패함",
		"Collect a DART bundle from the same endpoint and analyse it with the capture (dartscan -capture FILE BUNDLE) to confirm the client's version and profiles.":                                                  "같은 엔드포인트에서 DART 번들을 생성하여 캡처와 함께 분석하고(dartscan -capture FILE BUNDLE) 클라이언트의 버전과 프로파일을 확인하십시오.",
		"Make mus.cisco.com resolvable on the DNS server the endpoint uses, or add a hosts-file entry for it; upgrading AnyConnect to 4.10 or later ends the queries.":                                                "엔드포인트가 사용하는 DNS 서버에서 mus.cisco.com의 이름을 확인할 수 있게 하거나 hosts 파일에 DNS 항목을 추가하십시오. AnyConnect를 4.10 이상으로 업그레이드하면 쿼리가 중지됩니다.",
		" The capture %s covers %.0f s of DNS traffic (%d DNS packets) and holds no query for mus.cisco.com: the periodic queries have stopped, which is what the hosts-file or DNS workaround, or an upgrade, does.": " 캡처 %s에는 DNS 트래픽 %.0f초(DNS 패킷 %d개)가 있지만 mus.cisco.com에 대한 쿼리는 없습니다: 주기적인 쿼리가 중지되었으며, 이는 hosts 파일 또는 DNS 해결 방법이나 업그레이드의 효과입니다.",
		" The capture %s holds no query for mus.cisco.com, but covers only %.0f s: too short to tell whether the queries go on.":                                                                                      " 캡처 %s에 mus.cisco.com에 대한 쿼리가 없지만 %.0f초 분량뿐이어서 쿼리가 계속되는지 판단하기에는 너무 짧습니다.",
		" The capture %s shows the queries on the wire: %s.": " 캡처 %s에서 실제 네트워크상의 쿼리가 보입니다: %s.",
		" They go to the server the agent names (%s)":        " 쿼리는 에이전트가 가리키는 서버(%s)로 갑니다",
		" They go to %s, while the agent names %s":           " 쿼리는 %s(으)로 가지만 에이전트는 %s을(를) 가리킵니다",
		" They go to %s": " 쿼리는 %s(으)로 갑니다",
		"; the bundle's network information lists no DNS server.":                                                                     ". 번들의 네트워크 정보에는 DNS 서버가 없습니다.",
		", one of the DNS servers the bundle lists (%s, %s).":                                                                         ". 이 서버는 번들에 나열된 DNS 서버 중 하나입니다(%s, %s).",
		", not among the DNS servers the bundle lists (%s): the endpoint's DNS settings changed, or the capture was taken elsewhere.": ". 이 서버는 번들에 나열된 DNS 서버(%s)에 없습니다: 엔드포인트의 DNS 설정이 바뀌었거나 캡처를 다른 곳에서 수행했습니다.",
		// The capture's summary (wireSummary).
		"1 query at %s":                          "쿼리 1개(%s)",
		"%d queries, one every %.1f s, %s to %s": "쿼리 %d개, %.1f초마다 1개, %s~%s",
		", %d retransmissions":                   ", 재전송 %d회",
		"no response":                            "응답 없음",
		", all %s":                               ", 모두 %s",
		", %s %d":                                ", %s %d개",
		", servers %s":                           ", 서버 %s",
		"on the wire":                            "네트워크상",
		" The bundle does not say its time zone, so the log and the capture are compared by cadence only: one failure every %.1f s in the log, one query every %.1f s on the wire.": " 번들에 시간대 정보가 없어 로그와 캡처는 주기로만 비교합니다: 로그에서는 %.1f초마다 실패 1회, 네트워크상에서는 %.1f초마다 쿼리 1회.",
		"the log's failures (%s to %s UTC)":                                                                                                                                                    "로그의 실패(%s~%s UTC)",
		"the log's failures (%s to %s UTC, read in the bundle's time zone %q, %s)":                                                                                                             "로그의 실패(%s~%s UTC, 번들의 시간대 %q 기준, %s)",
		" In UTC, %s and the capture's queries (%s to %s) do not overlap: the capture was taken at another time.":                                                                              " UTC 기준으로 %s와(과) 캡처의 쿼리(%s~%s)는 겹치지 않습니다: 캡처는 다른 시각에 수행되었습니다.",
		" In UTC, %s and the capture's queries (%s to %s) overlap: the same queries, seen from both sides.":                                                                                    " UTC 기준으로 %s와(과) 캡처의 쿼리(%s~%s)가 겹칩니다: 같은 쿼리를 양쪽에서 본 것입니다.",
		" The cadence matches Cisco bug CSCvu39643 (an unused VPN core before 4.10 querying every 15 s).":                                                                                      " 이 주기는 Cisco 버그 ID CSCvu39643(사용하지 않는 4.10 이전 VPN 코어가 15초마다 쿼리함)과 일치합니다.",
		"The capture %s shows %s; %d of them failed.%s The capture alone cannot show the client's version or whether a VPN profile is configured: analyse the DART bundle with it to confirm.": "캡처 %s: %s. 그중 %d개가 실패했습니다.%s 캡처만으로는 클라이언트의 버전이나 VPN 프로파일 구성 여부를 알 수 없습니다: 확인하려면 DART 번들과 함께 분석하십시오.",
		// The documentation, as dartscan explain shows it.
		MusCaptureOnly.Doc: `DART 번들 없이 분석한 패킷 캡처에 실패한(오류 응답 또는 무응답) mus.cisco.com DNS
쿼리가 3개 이상 있습니다. 약 15초마다의 쿼리는 Cisco 버그 ID CSCvu39643의
패턴입니다: 설치되었지만 사용하지 않는(VPN 프로파일 없음) 4.10 이전 AnyConnect VPN
코어가 인터넷 액세스를 확인하는 것입니다. 캡처만으로는 클라이언트의 버전이나
프로파일을 알 수 없으므로, 발견 사항은 이 버그를 유력한 원인으로 들고 번들을
요청합니다. 번들을 캡처와 함께 분석하면 번들의 규칙이 캡처를 인용하고 이 규칙은
조용히 있습니다.`,
	})
}
