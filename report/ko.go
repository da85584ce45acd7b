package report

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The Korean of the reports' headings, labels and sentences.
//
// dartkit's Korean follows the Korean edition of the Cisco TechNote
// "mus.cisco.com에 대한 AnyConnect DNS 쿼리 트러블슈팅" (CSCvu39643), and
// writes in the formal style (합니다체) of Cisco's Korean documents.
// Product, process, file and error names, rule IDs, severities and the
// client's own messages stay as they are; a message the Korean client
// shows in Korean is given beside it, as the TechNote does ("Unable to
// lookup host names"(호스트 이름 조회 불가)). The terms:
//
//	agent                 에이전트 (VPN 에이전트)
//	bundle                번들 (DART 번들)
//	capture               캡처 (패킷 캡처)
//	connection attempt    연결 시도
//	coverage              커버리지
//	DNS entry / record    DNS 항목
//	endpoint              엔드포인트
//	established           (연결이) 설정됨
//	evidence              증거
//	finding               발견 사항
//	headend               헤드엔드
//	hosts file            hosts 파일 (TechNote: 운영 체제 호스트 파일)
//	profile               프로파일 (TechNote: XML 프로파일)
//	public resolver       공용 DNS 서버
//	query                 쿼리
//	record                레코드
//	references            참고 자료
//	remediation           조치 방법
//	resolve (a name)      (이름을) 확인
//	rule                  규칙
//	secure gateway        보안 게이트웨이
//	severity              심각도
//	VPN core (module)     VPN 코어 (모듈)
//	workaround            해결 방법
func init() {
	i18n.Register(language.Korean, map[string]string{
		// Inputs that could not be analysed.
		"not analysed: %s":      "분석하지 못함: %s",
		"Not analysed: %s":      "분석하지 못함: %s",
		"not a DART bundle: %s": "DART 번들이 아님: %s",
		"Not a DART bundle: %s": "DART 번들이 아님: %s",

		// The endpoint summary.
		"Capture":                       "캡처",
		"%s: %d packets, %d DNS":        "%s: 패킷 %d개, DNS %d개",
		", DNS servers %s":              ", DNS 서버 %s",
		"Bundle":                        "번들",
		"%s, %d files":                  "%s, 파일 %d개",
		"Platform":                      "플랫폼",
		"unknown":                       "알 수 없음",
		"[from DART's banner only]":     "[DART 배너에서만 확인]",
		"Product":                       "제품",
		"%s (servers: %s)":              "%s (서버: %s)",
		"%d profiles, the first %d: %s": "프로파일 %d개, 처음 %d개: %s",
		"and %d more":                   "외 %d개",
		"no VPN profile":                "VPN 프로파일 없음",
		" (%s/ is empty)":               " (%s/ 폴더가 비어 있음)",
		"Profiles":                      "프로파일",
		"DNS servers":                   "DNS 서버",
		"Hosts file":                    "hosts 파일",
		"%d entries":                    "항목 %d개",
		"Log records":                   "로그 레코드",
		"%d in %d log files":            "로그 파일 %[2]d개에 %[1]d개",
		"Coverage":                      "커버리지",
		"%s, %d unrecognised lines, %d records no rule looked at": "%s, 인식하지 못한 줄 %d개, 어느 규칙도 살펴보지 않은 레코드 %d개",
		"%d of %d files understood":                               "파일 %[2]d개 중 %[1]d개 이해함",
		" (%d missed)":                                            " (%d개 놓침)",
		", %d other file not read":                                ", 그 밖의 파일 %d개는 읽지 않음",
		", %d other files not read":                               ", 그 밖의 파일 %d개는 읽지 않음",

		// The user's comment and DART's summary.
		"User's comment (%s):":                                          "사용자 의견(%s):",
		"**User's comment** (%s):":                                      "**사용자 의견**(%s):",
		"… and %d more lines":                                           "… 외 %d줄",
		"[cut: comments.txt holds more than dartscan keeps]":            "[잘림: comments.txt에는 dartscan이 보관하는 것보다 많은 내용이 있음]",
		"Profiles per summary.txt: %s":                                  "summary.txt의 프로파일 정보: %s",
		"**Profiles per summary.txt:** %s":                              "**summary.txt의 프로파일 정보:** %s",
		"DART looked and found none: no VPN profile":                    "DART가 찾았지만 없음: VPN 프로파일 없음",
		"profiles not collected: whether the client has one is unknown": "프로파일을 수집하지 않음: 클라이언트에 프로파일이 있는지 알 수 없음",
		"collected": "수집됨",

		// Losses and notes.
		"part of the input could not be read: the analysis is incomplete": "입력의 일부를 읽을 수 없었습니다: 분석이 불완전합니다",
		"Problems reading the bundle: the analysis is incomplete":         "번들을 읽는 중 문제 발생: 분석이 불완전합니다",
		"Notes (nothing lost):": "참고(손실 없음):",
		"Notes":                 "참고",
		"(nothing lost)":        "(손실 없음)",
		"… and %d more":         "… 외 %d개",

		// The files.
		"Files":                          "파일",
		"State":                          "상태",
		"File":                           "파일",
		"read":                           "읽음",
		"facts":                          "사실 정보",
		"not understood":                 "이해하지 못함",
		"%s, %d record":                  "%s, 레코드 %d개",
		"%s, %d records":                 "%s, 레코드 %d개",
		", %d line unrecognised or cut":  ", 인식하지 못했거나 잘린 줄 %d개",
		", %d lines unrecognised or cut": ", 인식하지 못했거나 잘린 줄 %d개",
		"the facts cite it":              "사실 정보의 출처",
		"%s (missed)":                    "%s (놓침)",
		"Most frequent records no rule looked at": "어느 규칙도 살펴보지 않은 가장 잦은 레코드",

		// The findings.
		"No findings.":           "발견 사항이 없습니다.",
		"1 finding:":             "발견 사항 1건:",
		"%d findings:":           "발견 사항 %d건:",
		"Rule `%s`":              "규칙 `%s`",
		"Evidence":               "증거",
		"Where":                  "위치",
		"Time":                   "시각",
		"Text":                   "내용",
		"Remediation":            "조치 방법",
		"References":             "참고 자료",
		"not run: %s (%s)":       "실행하지 않음: %s (%s)",
		"not run: %d rules (%s)": "실행하지 않음: 규칙 %d개 (%s)",
		"Rules not run":          "실행하지 않은 규칙",

		// The rules and their explanation.
		"SEVERITY":       "심각도",
		"TITLE":          "제목",
		"Severity:":      "심각도:",
		"Reads:":         "읽는 레코드:",
		"Needs:":         "필요한 입력:",
		"Platforms:":     "플랫폼:",
		"Versions:":      "버전:",
		"%s records":     "%s 레코드",
		" (signals: %s)": " (시그널: %s)",
		"all":            "모두",
		"any":            "모든 버전",
	})
}
