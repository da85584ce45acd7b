package report

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The fleet summary's texts in Korean.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"BUNDLE":                     "번들",
		"PLATFORM":                   "플랫폼",
		"PRODUCT":                    "제품",
		"VERSION":                    "버전",
		"STATUS":                     "상태",
		"FINDINGS":                   "발견 사항",
		"RULE":                       "규칙",
		"SEVERITY":                   "심각도",
		"BUNDLES":                    "번들 수",
		"TITLE":                      "제목",
		"Bundle":                     "번들",
		"Platform":                   "플랫폼",
		"Product":                    "제품",
		"Version":                    "버전",
		"Status":                     "상태",
		"Findings":                   "발견 사항",
		"Rule":                       "규칙",
		"Severity":                   "심각도",
		"Bundles":                    "번들 수",
		"Title":                      "제목",
		"complete":                   "완료",
		"incomplete":                 "불완전",
		"not a DART bundle":          "DART 번들 아님",
		"not analysed":               "분석 안 됨",
		"complete %d":                "완료 %d",
		"incomplete %d":              "불완전 %d",
		"not a DART bundle %d":       "DART 번들 아님 %d",
		"not analysed %d":            "분석 안 됨 %d",
		"Bundles: %d":                "번들: %d개",
		"No findings in any bundle.": "어느 번들에서도 발견 사항이 없습니다.",
	})
}
