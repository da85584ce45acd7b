package report

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The Korean of the HTML page's own texts.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"dartkit report: %s":   "dartkit 보고서: %s",
		"Endpoint":             "엔드포인트",
		"Findings":             "발견 사항",
		"No findings.":         "발견 사항이 없습니다.",
		"Evidence":             "증거",
		"Remediation":          "조치 방법",
		"References":           "참고 자료",
		"Files":                "파일",
		"Notes (nothing lost)": "참고 (손실 없음)",
		"Part of the input could not be read: the analysis is incomplete.": "입력의 일부를 읽을 수 없었습니다: 분석이 불완전합니다.",
		"User's comment":                  "사용자 의견",
		"Profiles per summary.txt":        "summary.txt에 따른 프로필",
		"Rules not run":                   "실행하지 않은 규칙",
		"Timeline":                        "타임라인",
		"Zoom in":                         "확대",
		"Zoom out":                        "축소",
		"Reset":                           "초기화",
		"Severity":                        "심각도",
		"Sources":                         "소스",
		"State":                           "상태",
		"File":                            "파일",
		"Detail":                          "세부 정보",
		"The record among its neighbours": "앞뒤 레코드와 함께 본 레코드",
		"The analysis kept no neighbouring records.":                                                   "분석이 앞뒤 레코드를 보관하지 않았습니다.",
		"Click a piece of evidence, or its mark on the timeline, to see it among its neighbours.":      "증거나 타임라인의 표시를 클릭하면 앞뒤 레코드와 함께 볼 수 있습니다.",
		"Drag across the timeline to zoom to a range; click a finding's name to zoom to its evidence.": "타임라인을 드래그하면 그 구간을 확대하고, 발견 사항의 이름을 클릭하면 그 증거로 확대합니다.",
		"Messages the user saw":                      "사용자에게 표시된 메시지",
		"DNS queries (capture)":                      "DNS 쿼리 (캡처)",
		"DNS failures (capture)":                     "DNS 실패 (캡처)",
		"records":                                    "레코드",
		"Not analysed":                               "분석되지 않음",
		"Not a DART bundle":                          "DART 번들이 아님",
		"Nothing in this report has a time to draw.": "이 보고서에는 타임라인에 그릴 시각이 없습니다.",
		"Times are as the bundle wrote them: the endpoint's local time where the log gives no zone.": "시각은 번들에 기록된 그대로입니다: 로그에 시간대가 없으면 엔드포인트의 현지 시각입니다.",
		"… and %d more": "… 외 %d개",
		"… and %d more files (the JSON report lists them all)": "… 외 파일 %d개 (JSON 보고서에 모두 있습니다)",
		"%d other sources": "기타 소스 %d개",
		"Marks left out of the timeline, to keep the page light: %s.":                    "페이지를 가볍게 하려고 타임라인에서 뺀 표시: %s.",
		"Records before %s, when the last period of activity starts, are not drawn: %d.": "마지막 활동 기간이 시작되는 %s 이전의 레코드는 그리지 않았습니다: %d개.",
		"%d records without a time are not drawn.":                                       "시각이 없는 레코드 %d개는 그리지 않았습니다.",
		"CRITICAL": "심각",
		"HIGH":     "높음",
		"MEDIUM":   "중간",
		"LOW":      "낮음",
		"INFO":     "정보",
	})
}
