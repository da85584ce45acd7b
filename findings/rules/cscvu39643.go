package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// musHost is the name the VPN core resolves to check internet access.
const musHost = "mus.cisco.com"

// musMinFailures is how many failures make the pattern: one transient
// failure is not CSCvu39643.
const musMinFailures = 3

// guiWindow is how soon after a failure the GUI's error counts as its echo.
const guiWindow = 5 * time.Second

// musFixed is the first release without the behaviour.
var musFixed = dart.MustParseVersion("4.10")

// failureWords mark a record about mus.cisco.com as a failed resolution.
var failureWords = []string{
	"timeout", "timed out", "fail", "error", "unable", "could not", "cannot",
	"servfail", "server failure", "getaddrinfo", "not resolve", "no such host", "nxdomain",
}

// failureSet looks for all the failureWords at once.
var failureSet = findings.NewTextSetFold(failureWords...)

// isFailure reports whether a failure word is in one of the fields that
// make r's Text. The fields are read where they are, without joining
// them: in a bundle from the field every record about mus.cisco.com may be
// a failure, every 15 s for days.
func isFailure(r *logparse.Record) bool {
	h := &r.Header
	return failureSet.In(r.Message) || failureSet.In(h.Description) ||
		failureSet.In(h.Function) || failureSet.In(h.File) || failureSet.In(h.InvokedFunction)
}

// musSignals are shared by the two rules about mus.cisco.com, so they read
// the same records and never disagree on the count.
var musSignals = []findings.Signal{
	{Name: "fail", Contains: musHost, Sources: findings.VPNSources(), Match: isFailure},
	{Name: "ok", Contains: musHost, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool { return !isFailure(r) && resolvedRE.MatchString(r.Message) }},
	{Name: "gui", Contains: "Unable to lookup host names"},
	{Name: "noprofile", Contains: "No profile is available"},
}

// resolvedRE matches a record saying the name resolved (BELIEVED wording:
// no public log shows it).
var resolvedRE = regexp.MustCompile(`(?i)(resolved|success)`)

// dnsServerRE finds the server a failed query went to, as in the TechNote's
// record "... query mus.cisco.com via DNS server 10.88.240.69 ...".
var dnsServerRE = regexp.MustCompile(`(?i)DNS server\s+\[?([0-9A-Fa-f:.]+[0-9A-Fa-f])\]?`)

// MusLookupCSCvu39643 diagnoses Cisco bug CSCvu39643.
var MusLookupCSCvu39643 = &findings.Rule{
	ID:       "cscvu39643-mus-dns-queries",
	Title:    "CSCvu39643: unused VPN core queries mus.cisco.com every 15 s",
	Severity: findings.SeverityMedium,
	Doc: `The AnyConnect VPN core (acvpnagent on Windows, vpnagentd on macOS and
Linux) resolves mus.cisco.com to check that the endpoint has internet access
and no VPN in use. In every version before 4.10, when the VPN module is
installed but not in use (no VPN XML profile), it repeats the query about
every 15 seconds until the name resolves; where the DNS server cannot resolve
it, the agent logs a failure each time and the GUI shows "Network error.
Unable to lookup host names." Cisco bug CSCvu39643 changed the behaviour.

The rule fires when the agent's records show at least 3 failures to resolve
mus.cisco.com (the last state: a later successful resolution cancels them),
the client version is before 4.10 (an unknown version does not stop it; the
finding then says so), and the bundle holds no VPN profile. It measures the
cadence whatever order the log lists the records in, cites the GUI's
"Unable to lookup host names" records, a service-disable profile (which
hides the VPN tile while the core still queries), a hosts-file entry for
mus.cisco.com (the workaround, already applied), and an empty Profile folder,
which says that DART collected the client's profiles and there were none
(BELIEVED: that DART lists the folder when it is empty). With 4.10 or later, or
with a VPN profile, repeated failures are a different problem, reported by
dns-mus-lookup-failing.

Source: the Cisco TechNote "Troubleshoot AnyConnect DNS queries to
mus.cisco.com" (lab: 4.8.03052 on Windows 10). The exact wording of the
agent's record varies by version; the TechNote shows "Timeout (per request)
while trying to resolve [A] query mus.cisco.com via DNS server ...", and any
failure wording from a VPN source that names mus.cisco.com is counted.`,
	Component: "vpnagent",
	// The remedies for any bundle, as dartscan explain shows them; each
	// finding's own are fitted to its platform and DNS servers.
	Remediation: musRemedies(fmt.Sprintf, &dart.Facts{}, nil),
	// Before 4.10; an unknown version does not stop the rule.
	Versions:   dart.Range{Before: musFixed},
	Needs:      []findings.Input{findings.InputVPNLog},
	References: musReferences,
	Signals:    musSignals,
	// The endpoint and its client identify the problem (the name is the
	// rule's); not the version an upgrade before 4.10 changes, the DNS
	// server, or the workaround that lowers the severity.
	Identity: []string{findings.IdentityProduct},
	Check:    checkMusBug,
}

var musReferences = []findings.Reference{
	{Kind: "bug", ID: "CSCvu39643", Title: "VPN core should not query mus.cisco.com when the VPN module is not used", URL: "https://bst.cloudapps.cisco.com/bugsearch/bug/CSCvu39643"},
}

// musCase is what both mus.cisco.com rules establish from the records and
// facts before deciding which of them speaks.
type musCase struct {
	fails      *findings.Series
	cadence    findings.Cadence
	version    dart.Version
	vpnProfile []dart.Profile
	servers    []string
}

// readMusCase returns the case, or nil when the records do not show the
// pattern (too few failures, or resolved since).
func readMusCase(p *findings.Pass) *musCase {
	fails := p.Series("fail")
	if fails.Count() < musMinFailures || findings.Resolved(fails, p.Series("ok")) {
		return nil
	}
	c := &musCase{fails: fails, cadence: fails.Cadence(), version: p.Facts.Product.Version, vpnProfile: p.Facts.VPNProfiles()}
	for _, r := range fails.Records() {
		if m := dnsServerRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(c.servers, m[1]) {
			c.servers = append(c.servers, m[1])
		}
	}
	return c
}

// isBug reports whether the case is CSCvu39643: a version before 4.10 (or
// unknown) and no VPN profile.
func (c *musCase) isBug() bool {
	return (c.version.IsZero() || c.version.Less(musFixed)) && len(c.vpnProfile) == 0
}

func checkMusBug(p *findings.Pass) error {
	c := readMusCase(p)
	if c == nil || !c.isBug() {
		return nil
	}
	f := p.Facts
	var summary strings.Builder
	var facts []findings.FactRef
	evidence := failureEvidence(c.fails)

	summary.WriteString(p.Sprintf("The VPN agent failed to resolve mus.cisco.com: %s", p.Describe(c.cadence, "failure")))
	if len(c.servers) > 0 {
		summary.WriteString(p.Sprintf(", via DNS server %s", strings.Join(c.servers, ", ")))
		facts = append(facts, findings.FactRef{Name: "dns-server (agent records)", Value: strings.Join(c.servers, ", ")})
	}
	summary.WriteString(". ")
	switch {
	case c.version.IsZero():
		summary.WriteString(p.Sprintf("The bundle names no version of the VPN core, so the diagnosis rests on the other evidence: the periodic queries and the absence of a VPN profile. "))
	case f.Product.VersionFrom == dart.ComponentDART:
		summary.WriteString(p.Sprintf("Only DART's own banner names a version (%s); DART is installed separately, so the VPN core's version is inferred from it. ", c.version))
	default:
		summary.WriteString(p.Sprintf("%s %s is older than 4.10 ", productName(p, f), c.version))
	}
	if !c.version.IsZero() {
		facts = append(facts, findings.FactRef{Name: "version", Value: c.version.String(), File: f.Product.Source.File, Line: f.Product.Source.Line})
	}
	if c.version.IsZero() || f.Product.VersionFrom == dart.ComponentDART {
		summary.WriteString(p.Sprintf("The bundle holds no VPN profile"))
	} else {
		summary.WriteString(p.Sprintf("and the bundle holds no VPN profile"))
	}
	facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: "none"})
	if ref, ev, ok := profilesCollectedFact(p, f); ok {
		facts = append(facts, ref)
		evidence = append(evidence, ev)
		switch f.ProfilesCollected.State {
		case dart.ProfilesNoneFound:
			summary.WriteString(p.Sprintf(" (DART looked for profiles and found none)"))
		case dart.ProfilesNotCollected:
			// The profile condition of the bug cannot be checked: the
			// finding stands on the periodic queries and the version.
			summary.WriteString(p.Sprintf(" (DART did not collect the client's profiles: whether the client has one is unknown, and the diagnosis rests on the periodic queries and the version)"))
		}
	}
	if d, ok := f.EmptyProfileFolder(); ok {
		// DART copied the profile folder, and it was empty: the client
		// has no profile, rather than DART not collecting it.
		summary.WriteString(p.Sprintf(" (its profile folder, %s, is empty)", d))
		evidence = append(evidence, findings.Evidence{File: d, Text: p.Sprintf("(empty folder)"), Note: p.Sprintf("DART collected the profile folder; it holds no profile")})
		facts = append(facts, findings.FactRef{Name: "profile-folder", Value: "empty", File: d})
	}
	summary.WriteString(", ")
	if f.ProfilesCollected.State == dart.ProfilesNotCollected {
		summary.WriteString(p.Sprintf("so the VPN module is probably installed but unused: this is"))
	} else {
		summary.WriteString(p.Sprintf("so the VPN module is installed but unused: this is"))
	}
	summary.WriteString(p.Sprintf(" Cisco bug CSCvu39643, where the VPN core checks for internet access by resolving mus.cisco.com about every 15 seconds until the name resolves."))
	if !c.cadence.Regular && c.cadence.Timed >= 3 {
		summary.WriteString(p.Sprintf(" The intervals are irregular (median %.1f s), which the bug alone does not explain.", c.cadence.Interval.Seconds()))
	}

	if gui := p.Series("gui"); !gui.Empty() {
		summary.WriteString(p.Sprintf(verb(gui.Count(), " The GUI's %q (%d record", " The GUI's %q (%d records"), "Unable to lookup host names", gui.Count()))
		// The GUI's error follows the agent's failure: a failure then the
		// error within a few seconds ties the two together.
		pairs, n := findings.FollowedBy(c.fails, gui, guiWindow)
		if n > 0 {
			summary.WriteString(p.Sprintf(", shown within %d s of %d of the failures", int(guiWindow.Seconds()), n))
		}
		summary.WriteString(p.Sprintf(") is this symptom, not a network outage."))
		cited := 0
		for _, pr := range pairs {
			if cited < 2 {
				evidence = append(evidence, findings.EvidenceOf(&pr.Then, p.Sprintf("what the user sees, after the failure at %s", pr.First.Time.Format("15:04:05"))))
				cited++
			}
		}
		for _, r := range gui.Records() {
			if cited == 0 {
				evidence = append(evidence, findings.EvidenceOf(&r, p.Sprintf("what the user sees")))
				cited++
			}
		}
	}
	if np := p.Series("noprofile"); !np.Empty() {
		r := np.Records()[0]
		evidence = append(evidence, findings.EvidenceOf(&r, p.Sprintf("the client loaded no profile")))
	}
	if sd, ok := f.ServiceDisabled(); ok {
		summary.WriteString(p.Sprintf(" A service-disable profile (%s) hides the VPN tile from the user, but the VPN core still runs and queries: that is why the user sees no VPN and still gets the error.", sd.File))
		evidence = append(evidence, findings.Evidence{File: sd.File, Text: "<ServiceDisable>true</ServiceDisable>", Note: p.Sprintf("VPN tile hidden; the core still runs")})
		facts = append(facts, findings.FactRef{Name: "service-disable-profile", Value: "true", File: sd.File})
	}
	facts = append(facts, findings.FactRef{Name: "platform", Value: string(f.Platform), File: f.PlatformSource.File, Line: f.PlatformSource.Line})

	side := readMusCapture(p, c)
	summary.WriteString(side.text)
	evidence = append(evidence, side.evidence...)
	facts = append(facts, side.facts...)
	finding := findings.Finding{Evidence: evidence, Remediation: musRemedies(p.Sprintf, f, c.servers)}
	if side.stopped {
		finding.Severity = findings.SeverityInfo
		finding.Title = p.Text("CSCvu39643: mus.cisco.com queries failed; a later capture shows they stopped")
	}
	if e, ok := f.HostsMapping(musHost); ok {
		summary.WriteString(p.Sprintf(" The hosts file already maps mus.cisco.com to %s (%s): the workaround is applied; failures logged after the entry was added would mean it is not read.", e.Address, e.Source))
		finding.Severity = findings.SeverityInfo
		finding.Title = p.Text("CSCvu39643: mus.cisco.com queries failed; hosts-file workaround applied since")
		evidence = append(finding.Evidence, findings.Evidence{File: e.Source.File, Line: e.Source.Line, Text: e.Address + " " + strings.Join(e.Names, " "), Note: p.Sprintf("workaround applied")})
		finding.Evidence = evidence
		facts = append(facts, findings.FactRef{Name: "hosts-entry", Value: e.Address + " " + musHost, File: e.Source.File, Line: e.Source.Line})
		finding.Remediation = append([]string{p.Sprintf("The hosts-file workaround is in place (%s). If the failures go on after it was added, check that the entry is in the hosts file the system reads and has no typo.", e.Source)}, musRemedies(p.Sprintf, f, c.servers)[:1]...)
	}
	finding.Summary = summary.String()
	finding.Facts = facts
	p.Report(finding)
	return nil
}

// musRemedies returns the three remedies of the TechNote, with the hosts-file
// steps of the bundle's platform (both kinds when it is unknown), written
// with sprintf.
func musRemedies(sprintf func(string, ...any) string, f *dart.Facts, servers []string) []string {
	resolvable := sprintf("Make mus.cisco.com resolvable on the DNS server the client uses: add a record for it, or forward the query to a public resolver. Once the name resolves, the client stops querying.")
	if len(servers) > 0 {
		resolvable = sprintf("Make mus.cisco.com resolvable on the DNS server the client uses (%s): add a record for it, or forward the query to a public resolver. Once the name resolves, the client stops querying.", strings.Join(servers, ", "))
	}
	out := []string{
		sprintf("Upgrade the client to AnyConnect 4.10 or later (or Cisco Secure Client 5.x), where the VPN core no longer queries mus.cisco.com when the VPN module is not used."),
		resolvable,
	}
	win := `Add a hosts-file entry for mus.cisco.com on Windows: press the Windows key, type Notepad, right-click it and choose "Run as administrator", open C:\Windows\System32\Drivers\etc\hosts, add a line "<address> mus.cisco.com", and save.`
	unix := `Add a hosts-file entry for mus.cisco.com on macOS or Linux: in a terminal run "sudo nano /etc/hosts", add a line "<address> mus.cisco.com", and save.`
	win, unix = sprintf(win), sprintf(unix)
	switch f.Platform {
	case dart.PlatformWindows:
		out = append(out, win)
	case dart.PlatformMacOS, dart.PlatformLinux:
		out = append(out, unix)
	default:
		out = append(out, win, unix)
	}
	return out
}

// failureEvidence cites the failures: all of them when few, else the first
// three and the last two of the sample.
func failureEvidence(s *findings.Series) []findings.Evidence {
	recs := s.Records()
	if len(recs) > 8 {
		recs = append(recs[:3:3], recs[len(recs)-2:]...)
	}
	out := make([]findings.Evidence, 0, len(recs))
	for _, r := range recs {
		out = append(out, findings.EvidenceOf(&r, ""))
	}
	return out
}

func productName(p *findings.Pass, f *dart.Facts) string {
	if f.Product.Name != "" {
		return f.Product.Name
	}
	return p.Text("The client")
}

func plural(noun string, n int) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"CSCvu39643: unused VPN core queries mus.cisco.com every 15 s":                  "CSCvu39643: 사용하지 않는 VPN 코어가 15초마다 mus.cisco.com을 쿼리함",
		"CSCvu39643: mus.cisco.com queries failed; a later capture shows they stopped":  "CSCvu39643: mus.cisco.com 쿼리 실패, 이후 캡처에서 쿼리 중지가 확인됨",
		"CSCvu39643: mus.cisco.com queries failed; hosts-file workaround applied since": "CSCvu39643: mus.cisco.com 쿼리 실패, 이후 hosts 파일 해결 방법이 적용됨",
		"%d failure":  "실패 %d회",
		"%d failures": "실패 %d회",
		"The VPN agent failed to resolve mus.cisco.com: %s": "VPN 에이전트가 mus.cisco.com의 이름을 확인하지 못했습니다: %s",
		", via DNS server %s":                               ", DNS 서버 %s 경유",
		"The bundle names no version of the VPN core, so the diagnosis rests on the other evidence: the periodic queries and the absence of a VPN profile. ": "번들에 VPN 코어의 버전이 없으므로 진단은 다른 증거, 즉 주기적인 쿼리와 VPN 프로파일이 없다는 점에 근거합니다. ",
		"Only DART's own banner names a version (%s); DART is installed separately, so the VPN core's version is inferred from it. ":                         "DART 자체의 배너에만 버전(%s)이 있습니다. DART는 별도로 설치되므로 VPN 코어의 버전은 이 값으로 추정한 것입니다. ",
		"The client":                                 "클라이언트",
		"%s %s is older than 4.10 ":                  "%s %s은(는) 4.10 이전 버전이고 ",
		"The bundle holds no VPN profile":            "번들에 VPN 프로파일이 없으므로",
		"and the bundle holds no VPN profile":        "번들에 VPN 프로파일이 없으므로",
		" (DART looked for profiles and found none)": "(DART가 프로파일을 찾았지만 없었음)",
		" (DART did not collect the client's profiles: whether the client has one is unknown, and the diagnosis rests on the periodic queries and the version)": "(DART가 클라이언트의 프로파일을 수집하지 않아 프로파일이 있는지는 알 수 없으며, 진단은 주기적인 쿼리와 버전에 근거함)",
		" (its profile folder, %s, is empty)":                         "(프로파일 폴더 %s이(가) 비어 있음)",
		"(empty folder)":                                              "(빈 폴더)",
		"DART collected the profile folder; it holds no profile":      "DART가 프로파일 폴더를 수집했으며, 폴더에 프로파일이 없음",
		"so the VPN module is probably installed but unused: this is": "VPN 모듈은 설치되어 있지만 사용되지 않는 것으로 보입니다. 이는",
		"so the VPN module is installed but unused: this is":          "VPN 모듈은 설치되어 있지만 사용되지 않습니다. 이는",
		" Cisco bug CSCvu39643, where the VPN core checks for internet access by resolving mus.cisco.com about every 15 seconds until the name resolves.": " VPN 코어가 인터넷 액세스를 확인하기 위해 이름이 확인될 때까지 약 15초마다 mus.cisco.com을 쿼리하는 Cisco 버그 ID CSCvu39643입니다.",
		" The intervals are irregular (median %.1f s), which the bug alone does not explain.":                                                             " 간격이 불규칙하며(중앙값 %.1f초), 이는 이 버그만으로는 설명되지 않습니다.",
		" The GUI's %q (%d record":                    " GUI의 %q(호스트 이름 조회 불가) 메시지(레코드 %d개",
		" The GUI's %q (%d records":                   " GUI의 %q(호스트 이름 조회 불가) 메시지(레코드 %d개",
		", shown within %d s of %d of the failures":   ", 실패 %[2]d회 후 각각 %[1]d초 이내에 표시됨",
		") is this symptom, not a network outage.":    ")는 네트워크 장애가 아니라 이 증상입니다.",
		"what the user sees, after the failure at %s": "사용자에게 보이는 메시지, %s의 실패 이후",
		"what the user sees":                          "사용자에게 보이는 메시지",
		"the client loaded no profile":                "클라이언트가 프로파일을 로드하지 않음",
		" A service-disable profile (%s) hides the VPN tile from the user, but the VPN core still runs and queries: that is why the user sees no VPN and still gets the error.": " 서비스 비활성화 프로파일(%s)이 사용자에게 VPN 타일을 숨기지만 VPN 코어는 계속 실행되며 쿼리합니다: 그래서 사용자에게 VPN은 보이지 않는데도 오류가 표시됩니다.",
		"VPN tile hidden; the core still runs": "VPN 타일은 숨겨졌지만 코어는 계속 실행됨",
		" The hosts file already maps mus.cisco.com to %s (%s): the workaround is applied; failures logged after the entry was added would mean it is not read.": " hosts 파일에 이미 mus.cisco.com이 %s(으)로 매핑되어 있습니다(%s): 해결 방법이 적용되었습니다. 항목을 추가한 뒤에 기록된 실패가 있다면 hosts 파일이 읽히지 않는다는 뜻입니다.",
		"workaround applied": "해결 방법 적용됨",
		"The hosts-file workaround is in place (%s). If the failures go on after it was added, check that the entry is in the hosts file the system reads and has no typo.":                                                                       "hosts 파일 해결 방법이 적용되어 있습니다(%s). 추가한 뒤에도 실패가 계속되면 시스템이 읽는 hosts 파일에 항목이 있는지, 오타가 없는지 확인하십시오.",
		"Upgrade the client to AnyConnect 4.10 or later (or Cisco Secure Client 5.x), where the VPN core no longer queries mus.cisco.com when the VPN module is not used.":                                                                        "클라이언트를 AnyConnect 4.10 이상(또는 Cisco Secure Client 5.x)으로 업그레이드하십시오. 이 버전부터는 VPN 모듈을 사용하지 않을 때 VPN 코어가 mus.cisco.com을 쿼리하지 않습니다.",
		"Make mus.cisco.com resolvable on the DNS server the client uses: add a record for it, or forward the query to a public resolver. Once the name resolves, the client stops querying.":                                                     "클라이언트가 사용하는 DNS 서버에서 mus.cisco.com의 이름을 확인할 수 있게 하십시오: DNS 항목을 추가하거나, 공용 DNS 서버로 요청을 전달하십시오. mus.cisco.com을 확인할 수 있게 되면 클라이언트는 쿼리를 중지합니다.",
		"Make mus.cisco.com resolvable on the DNS server the client uses (%s): add a record for it, or forward the query to a public resolver. Once the name resolves, the client stops querying.":                                                "클라이언트가 사용하는 DNS 서버(%s)에서 mus.cisco.com의 이름을 확인할 수 있게 하십시오: DNS 항목을 추가하거나, 공용 DNS 서버로 요청을 전달하십시오. mus.cisco.com을 확인할 수 있게 되면 클라이언트는 쿼리를 중지합니다.",
		`Add a hosts-file entry for mus.cisco.com on Windows: press the Windows key, type Notepad, right-click it and choose "Run as administrator", open C:\Windows\System32\Drivers\etc\hosts, add a line "<address> mus.cisco.com", and save.`: `운영 체제 호스트 파일에 mus.cisco.com에 대한 DNS 항목을 추가하십시오(Windows): Windows 키를 누르고 Notepad(메모장)를 입력한 다음, 검색 결과에서 Notepad(메모장)를 마우스 오른쪽 단추로 클릭하여 Run as administrator(관리자로 실행)를 선택하고, "C:\Windows\System32\Drivers\etc\hosts" 파일을 열어 "<address> mus.cisco.com" 줄을 추가한 뒤 저장하십시오.`,
		`Add a hosts-file entry for mus.cisco.com on macOS or Linux: in a terminal run "sudo nano /etc/hosts", add a line "<address> mus.cisco.com", and save.`:                                                                                   `운영 체제 호스트 파일에 mus.cisco.com에 대한 DNS 항목을 추가하십시오(macOS, Linux): 터미널 창에서 "sudo nano /etc/hosts" 명령을 입력하고 "<address> mus.cisco.com" 줄을 추가한 뒤 저장하십시오.`,
		// The documentation, as dartscan explain shows it.
		MusLookupCSCvu39643.Doc: `AnyConnect VPN 코어(Windows에서는 acvpnagent, macOS와 Linux에서는 vpnagentd)는
엔드포인트에 인터넷 액세스가 있고 사용 중인 VPN이 없는지 확인하기 위해
mus.cisco.com을 쿼리합니다. 4.10 이전의 모든 버전에서 VPN 모듈이 설치되어 있지만
사용 중이 아닐 때(VPN XML 프로파일 없음) 이름이 확인될 때까지 약 15초마다 쿼리를
반복합니다. DNS 서버가 이 이름을 확인할 수 없으면 에이전트는 매번 실패를 기록하고
GUI에는 "Network error. Unable to lookup host names."(네트워크 오류. 호스트 이름
조회 불가)가 표시됩니다. Cisco 버그 ID CSCvu39643에서 이 동작이 바뀌었습니다.

이 규칙은 에이전트의 레코드에 mus.cisco.com 이름 확인 실패가 3회 이상 있고(마지막
상태 기준: 이후 이름 확인에 성공하면 취소됨), 클라이언트 버전이 4.10 이전이며(버전을
알 수 없어도 규칙은 멈추지 않고 발견 사항에 그렇게 밝힘), 번들에 VPN 프로파일이
없을 때 작동합니다. 로그가 레코드를 어떤 순서로 나열하든 주기를 측정하고, GUI의
"Unable to lookup host names" 레코드, 서비스 비활성화 프로파일(코어는 계속
쿼리하는데 VPN 타일을 숨김), mus.cisco.com에 대한 hosts 파일 항목(이미 적용된 해결
방법), 그리고 DART가 클라이언트의 프로파일을 수집했지만 없었음을 말해 주는 빈
Profile 폴더를 인용합니다(추정(BELIEVED): 폴더가 비어 있을 때 DART가 폴더를
나열한다는 점). 4.10 이상이거나 VPN 프로파일이 있으면 반복되는 실패는 다른 문제이며
dns-mus-lookup-failing이 보고합니다.

출처: Cisco TechNote "mus.cisco.com에 대한 AnyConnect DNS 쿼리 트러블슈팅"(랩:
Windows 10의 4.8.03052). 에이전트 레코드의 정확한 문구는 버전마다 다릅니다.
TechNote에는 "Timeout (per request) while trying to resolve [A] query
mus.cisco.com via DNS server ..."가 나오며, mus.cisco.com을 가리키는 VPN
소스의 모든 실패 문구를 셉니다.`,
	})
}
