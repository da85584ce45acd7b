package report

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The texts of NDJSON's summaries in Korean.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"%s: records read: %d; findings: %d":                 "%s: 읽은 레코드 %d개, 발견 %d건",
		"; incomplete: part of the bundle could not be read": "; 불완전: 번들의 일부를 읽지 못했습니다",
		"%s could not be analysed":                           "%s을(를) 분석하지 못했습니다",
	})
}
