package main

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The Korean of dartscan's usage and messages; the terms are those of the
// glossary in package report's ko.go.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"usage: dartscan [-format text|json|markdown|html|ndjson] [-lang en|ko] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...": "사용법: dartscan [-format text|json|markdown|html|ndjson] [-lang en|ko] [-fail-on SEVERITY] [-rules ID,...] [-capture FILE] BUNDLE...",
		"Flags may follow the bundle names; after -- every argument is a bundle name.\nRULE is a rule's ID or the start of one, in any case.":  "플래그는 번들 이름 뒤에 와도 됩니다. -- 뒤의 인수는 모두 번들 이름입니다.\nRULE은 규칙의 ID 또는 그 앞부분이며, 대소문자를 구분하지 않습니다.",
		explainUsage:          "사용법: dartscan explain RULE (ID 또는 그 앞부분. dartscan rules로 목록을 볼 수 있음)",
		"output `format`: %s": "출력 `형식`: %s",
		diffUsage:             "사용법: dartscan diff [-format text|json|markdown|html|ndjson] [-fail-on SEVERITY] OLD NEW",
		"OLD and NEW are bundles of one endpoint, the older first; flags may follow them.":             "OLD와 NEW는 한 엔드포인트의 번들이며 오래된 것이 먼저입니다. 플래그는 그 뒤에 와도 됩니다.",
		"exit 1 when a new finding is at or above this `severity` (info, low, medium, high, critical)": "새 발견 사항이 이 `심각도` 이상이면 종료 코드 1 (info, low, medium, high, critical)",
		"%s or %s": "%s 또는 %s",
		"the `language` of reports and messages: en or ko (default: from LC_ALL, LC_MESSAGES or LANG, else en)": "보고서와 메시지의 `언어`: en 또는 ko (기본값: LC_ALL, LC_MESSAGES 또는 LANG에 따르며, 없으면 en)",
		"exit 1 when a finding is at or above this `severity` (info, low, medium, high, critical)":              "발견 사항이 이 `심각도` 이상이면 종료 코드 1 (info, low, medium, high, critical)",
		"comma-separated `IDs` of the rules to run (default: all)":                                              "실행할 규칙의 `ID`, 쉼표로 구분 (기본값: 모두)",
		"bundles analysed at once": "동시에 분석할 번들 수",
		"a pcap or pcapng `file` taken on the endpoint, read with the bundles (or alone)": "엔드포인트에서 수집한 pcap 또는 pcapng `파일`, 번들과 함께(또는 단독으로) 읽음",
		"no rule %q (dartscan rules lists them)":                                          "규칙 %q이(가) 없습니다 (dartscan rules로 목록을 볼 수 있음)",
		"%q is the start of %d rules; give more of the ID:":                               "%q(으)로 시작하는 규칙이 %d개 있습니다. ID를 더 입력하십시오:",
		"unknown format %q (want %s)":                                                     "알 수 없는 형식 %q (%s 중 하나)",
		"unknown format %q with -summary (want %s)":                                       "-summary에서 알 수 없는 형식 %q (%s 중 하나)",
		"write a row per bundle and a count per rule across all, instead of the reports (-format text, markdown, csv or json)": "보고서 대신 번들마다 한 행과 전체 번들에 걸친 규칙별 개수를 씀 (-format text, markdown, csv 또는 json)",
		"%d/%d bundles, %.1f MB/s":                 "번들 %d/%d개, %.1f MB/s",
		"%s: not a DART bundle: %s":                "%s: DART 번들이 아님: %s",
		"%s: not a DART bundle: it holds no files": "%s: DART 번들이 아님: 파일이 없음",
		"part of the input could not be read":      "입력의 일부를 읽을 수 없음",
		" (and %d more)":                           " (외 %d개)",
		"%s: analysis incomplete: %s":              "%s: 분석이 불완전함: %s",
		"replace the secrets of the bundles (user and host names, addresses, e-mail, servers...) with pseudonyms in the report":                       "보고서에서 번들의 비밀 정보(사용자 및 호스트 이름, 주소, 이메일, 서버 등)를 가명으로 바꿈",
		"with -redact, the `file` of the key that pseudonyms derive from: the key in hexadecimal, or the map of dartscan redact (default: a new key)": "-redact와 함께, 가명을 만드는 키의 `파일`: 16진수 키 또는 dartscan redact의 맵 (기본값: 새 키)",
		"-key is for -redact":          "-key는 -redact와 함께 씁니다",
		"not a map of dartscan redact": "dartscan redact의 맵이 아님",
		"%s: not a key: want at least 16 bytes in hexadecimal, or the map of dartscan redact": "%s: 키가 아님: 16진수로 16바이트 이상, 또는 dartscan redact의 맵이어야 함",
		redactUsage: "사용법: dartscan redact [-key FILE] [-map FILE] [-keep PATTERN]... IN OUT",
		"IN is a DART bundle, or a pcap or pcapng capture; OUT is where its redacted copy is written. The map holds the key and every original: keep it apart from OUT. With the map of a bundle as -key, a capture gets the bundle's pseudonyms.": "IN은 DART 번들 또는 pcap/pcapng 캡처이고, OUT은 비밀 정보를 가린 사본을 쓸 곳입니다. 맵에는 키와 모든 원래 값이 들어 있으므로 OUT과 따로 보관하십시오. 번들의 맵을 -key로 주면 캡처도 번들과 같은 가명을 받습니다.",
		"the `file` of the key that pseudonyms derive from: the key in hexadecimal, or the map of an earlier redaction (default: a new key, written only to the map)":                                                                              "가명을 만드는 키의 `파일`: 16진수 키 또는 이전 가림 작업의 맵 (기본값: 새 키, 맵에만 기록됨)",
		"the `file` the map (each pseudonym with its original, and the key) is written to; never inside OUT (default: OUT.map.json)":                                                                                                               "맵(각 가명과 원래 값, 그리고 키)을 쓸 `파일`. OUT 안에는 둘 수 없음 (기본값: OUT.map.json)",
		"a `pattern` left as it is, beyond the vendors' names: a value, *.domain or an address prefix (may be repeated)":                                                                                                                           "공급업체 이름 외에 그대로 둘 `패턴`: 값, *.도메인 또는 주소 접두사 (여러 번 지정 가능)",
		"%s is the input: the redacted copy must not overwrite it":        "%s은(는) 입력입니다: 가린 사본으로 덮어쓸 수 없음",
		"%s is inside the input %s":                                       "%s은(는) 입력 %s 안에 있음",
		"the input %s is inside the output %s":                            "입력 %s이(가) 출력 %s 안에 있음",
		"the map %s would overwrite the input":                            "맵 %s이(가) 입력을 덮어쓰게 됨",
		"the map %s would overwrite the redacted copy":                    "맵 %s이(가) 가린 사본을 덮어쓰게 됨",
		"the map %s would be inside the output %s, which is to be shared": "맵 %s이(가) 공유할 출력 %s 안에 놓이게 됨",
		"the map %s would be inside the input %s":                         "맵 %s이(가) 입력 %s 안에 놓이게 됨",
		"the map %s would overwrite the key file":                         "맵 %s이(가) 키 파일을 덮어쓰게 됨",
		"%d files":                     "파일 %d개",
		"%s: %d distinct, %d replaced": "%s: 값 %d개, 바꿈 %d회",
		"map written to %s: it holds the key and the originals; keep it apart": "맵을 %s에 씀: 키와 원래 값이 들어 있으므로 따로 보관하십시오",
	})
}
