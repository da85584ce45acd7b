package rules

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
)

var noProfileHostRE = regexp.MustCompile(`No profile available for host (\S+?)\.?$`)

// NoProfile reports connections made without a VPN profile.
var NoProfile = &findings.Rule{
	ID:       "vpn-no-profile",
	Title:    "Connecting without a VPN profile",
	Severity: findings.SeverityLow,
	Doc: `Detects a user connecting while the client has no XML profile for the
headend: the GUI's "No profile is available." (ProfileMgr::loadProfiles) or
"Using default preferences. Some settings (e.g. certificate matching) may
not function as expected if a local profile is expected to be used.",
together with a connection request ("... has been requested by the user.")
and no VPN profile in the bundle; or "No profile available for host <h>."
(the host is not in any profile's server list). Without a profile the
client uses defaults: no server list, no certificate matching, none of the
administrator's settings.

A missing profile alone is not a finding: an endpoint that never connects
(VPN module unused, e.g. Umbrella only) needs none. That is the situation
of the CSCvu39643 samples, whose records say "No profile is available." but
show no connection request; their repeated mus.cisco.com failures are
reported by cscvu39643-mus-dns-queries, and this rule stays silent there.
A successful connection does not cancel the finding: the headend pushes
its profile on the first connection, so a bundle that connected and still
holds none points at a group policy without a profile; the summary says
so.

CONFIRMED: the three texts (Ubuntu forum capture and public code).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Assign a client profile to the user's group policy on the headend, so it is pushed on connection; or deploy the profile with the installer (Profile folder of the client).",
		"If a profile exists, check that its ServerList holds the host the user connects to.",
	},
	Signals: standardSignals(
		vpnSignal("none", "No profile is available"),
		vpnSignal("defaults", "Using default preferences. Some settings"),
		vpnSignal("host", "No profile available for host"),
	),
	// The endpoint alone: the profiles' paths differ between bundles.
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		none := findings.Merge("none", p.Series("none"), p.Series("defaults"))
		hostMiss := p.Series("host")
		attempts := p.Series(attemptSignal.Name)
		// Whether there is a profile is asked first: a bundle may hold
		// thousands, which VPNProfiles copies.
		hasProfile := slices.ContainsFunc(p.Facts.Profiles, func(pr dart.Profile) bool { return pr.Kind == dart.KindVPNProfile })
		generic := !none.Empty() && !attempts.Empty() && !hasProfile
		if !generic && hostMiss.Empty() {
			return nil
		}
		profiles := p.Facts.VPNProfiles()
		hosts := requestedHosts(p)
		for _, r := range hostMiss.Records() {
			if m := noProfileHostRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(hosts, m[1]) {
				hosts = append(hosts, m[1])
			}
		}
		var s strings.Builder
		var ev []findings.Evidence
		if generic {
			s.WriteString(p.Sprintf("The client had no VPN profile when the user connected: %s say so, and the bundle holds no VPN profile", counted(p, none.Cadence(), "record")))
			ev = append(ev, cite(none, "", 2)...)
		} else {
			s.WriteString(p.Sprintf("The host the user connected to is in no profile's server list: %s", counted(p, hostMiss.Cadence(), "\"No profile available for host\" record")))
			ev = append(ev, cite(hostMiss, "", 2)...)
		}
		if len(hosts) > 0 {
			s.WriteString(p.Sprintf(" (connection requested to %s)", strings.Join(hosts, ", ")))
		}
		s.WriteString(p.Sprintf(". The client runs with default settings: no server list, no certificate matching, none of the administrator's profile settings."))
		ev = append(ev, cite(attempts, p.Sprintf("the connection request"), 1)...)
		facts := []findings.FactRef{}
		if len(profiles) == 0 {
			facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: "none"})
		} else {
			names := make([]string, len(profiles))
			for i, pr := range profiles {
				names[i] = pr.File
			}
			facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: strings.Join(names, ", ")})
		}
		if ref, e, ok := profilesCollectedFact(p, p.Facts); ok {
			facts = append(facts, ref)
			ev = append(ev, e)
			switch p.Facts.ProfilesCollected.State {
			case dart.ProfilesNoneFound:
				s.WriteString(p.Sprintf(" DART looked for the client's profiles and found none."))
			case dart.ProfilesNotCollected:
				if generic {
					s.WriteString(p.Sprintf(" DART did not collect the client's profiles, so the bundle cannot show whether a profile exists: the records are the evidence."))
				}
			}
		}
		if ok, has := p.Series(connectedSignal.Name).Latest(); has {
			s.WriteString(p.Sprintf(" A connection was established at %s and the bundle still holds no profile: the headend's group policy assigns none.", clock(ok.Time, ok.Time)))
			ev = append(ev, findings.EvidenceOf(&ok, p.Sprintf("connected without a profile")))
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: facts})
		return nil
	},
}

// profilesCollectedFact returns what DART's summary.txt says of the
// client's profiles as a fact and its evidence, and whether it says
// anything. It tells "no VPN profile" (DART looked and found none) from
// "profiles not collected".
func profilesCollectedFact(p *findings.Pass, f *dart.Facts) (findings.FactRef, findings.Evidence, bool) {
	pc := f.ProfilesCollected
	var value, note string
	switch pc.State {
	case dart.ProfilesNoneFound:
		value, note = "none found", "DART looked for the client's profiles and found none"
	case dart.ProfilesNotCollected:
		value, note = "profiles not collected", "DART did not collect the client's profiles"
	case dart.ProfilesCollected:
		value, note = "collected", "DART collected the client's profiles"
	default:
		return findings.FactRef{}, findings.Evidence{}, false
	}
	return findings.FactRef{Name: "profiles-collected", Value: value, File: pc.Source.File, Line: pc.Source.Line},
		findings.Evidence{File: pc.Source.File, Line: pc.Source.Line, Text: pc.Text, Note: p.Text(note)}, true
}

// The Korean of the rule's texts; the terms are those of report/ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Connecting without a VPN profile": "VPN 프로파일 없이 연결 중",
		"Assign a client profile to the user's group policy on the headend, so it is pushed on connection; or deploy the profile with the installer (Profile folder of the client).": "연결 시 프로파일이 배포되도록 헤드엔드에서 사용자의 그룹 정책에 클라이언트 프로파일을 할당하거나, 설치 프로그램으로 프로파일을 배포하십시오(클라이언트의 Profile 폴더).",
		"If a profile exists, check that its ServerList holds the host the user connects to.":                                                                                        "프로파일이 있다면 그 ServerList에 사용자가 연결하는 호스트가 있는지 확인하십시오.",
		"The client had no VPN profile when the user connected: %s say so, and the bundle holds no VPN profile":                                                                      "사용자가 연결할 때 클라이언트에 VPN 프로파일이 없었습니다: %s에 그렇게 기록되어 있고, 번들에도 VPN 프로파일이 없습니다",
		"The host the user connected to is in no profile's server list: %s":                                                                                                          "사용자가 연결한 호스트가 어느 프로파일의 서버 목록에도 없습니다: %s",
		"%d \"No profile available for host\" record":                                                                                                                                "\"No profile available for host\" 레코드 %d개",
		"%d \"No profile available for host\" records":                                                                                                                               "\"No profile available for host\" 레코드 %d개",
		"%d \"No profile available for host\" record %s":                                                                                                                             "\"No profile available for host\" 레코드 %d개(%s)",
		"%d \"No profile available for host\" records %s":                                                                                                                            "\"No profile available for host\" 레코드 %d개(%s)",
		" (connection requested to %s)":                                                                                                                                              "(연결 요청 대상: %s)",
		". The client runs with default settings: no server list, no certificate matching, none of the administrator's profile settings.":                                            ". 클라이언트가 기본 설정으로 실행됩니다: 서버 목록, 인증서 일치 조건 등 관리자의 프로파일 설정이 하나도 없습니다.",
		"the connection request":                                 "연결 요청",
		" DART looked for the client's profiles and found none.": " DART가 클라이언트의 프로파일을 찾았지만 없었습니다.",
		" DART did not collect the client's profiles, so the bundle cannot show whether a profile exists: the records are the evidence.": " DART가 클라이언트의 프로파일을 수집하지 않아 번들로는 프로파일이 있는지 알 수 없습니다: 레코드가 증거입니다.",
		" A connection was established at %s and the bundle still holds no profile: the headend's group policy assigns none.":            " %s에 연결이 설정되었는데도 번들에 프로파일이 없습니다: 헤드엔드의 그룹 정책이 프로파일을 할당하지 않습니다.",
		"connected without a profile":                          "프로파일 없이 연결됨",
		"DART looked for the client's profiles and found none": "DART가 클라이언트의 프로파일을 찾았지만 없음",
		"DART did not collect the client's profiles":           "DART가 클라이언트의 프로파일을 수집하지 않음",
		"DART collected the client's profiles":                 "DART가 클라이언트의 프로파일을 수집함",
		// The documentation, as dartscan explain shows it.
		NoProfile.Doc: `클라이언트에 헤드엔드용 XML 프로파일이 없는 상태에서 사용자가 연결하는 경우를
감지합니다: GUI의 "No profile is available."(ProfileMgr::loadProfiles) 또는
"Using default preferences. Some settings (e.g. certificate matching) may not
function as expected if a local profile is expected to be used."가 연결
요청("... has been requested by the user.")과 함께 있고 번들에 VPN 프로파일이 없는
경우, 또는 "No profile available for host <h>."(호스트가 어느 프로파일의 서버
목록에도 없음)입니다. 프로파일이 없으면 클라이언트는 기본값을 씁니다: 서버 목록,
인증서 일치 조건 등 관리자의 설정이 하나도 없습니다.

프로파일이 없다는 것만으로는 발견 사항이 아닙니다: 연결하지 않는 엔드포인트(VPN
모듈 미사용, 예: Umbrella만 사용)에는 프로파일이 필요 없습니다. CSCvu39643 샘플이
그런 경우로, 레코드에 "No profile is available."이 있지만 연결 요청은 없습니다.
반복되는 mus.cisco.com 실패는 cscvu39643-mus-dns-queries가 보고하며, 이 규칙은
그곳에서 조용히 있습니다. 연결 성공이 발견 사항을 취소하지 않습니다: 헤드엔드는 첫
연결 때 프로파일을 배포하므로, 연결되었는데도 프로파일이 없는 번들은 프로파일이
없는 그룹 정책을 가리키며, 요약에 그렇게 밝힙니다.

확인됨(CONFIRMED): 세 문구(Ubuntu 포럼 캡처와 공개 코드).`,
	})
}
