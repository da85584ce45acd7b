package report

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The texts of the diff reports in Korean.
func init() {
	i18n.Register(language.Korean, map[string]string{
		"Before:":                            "이전:",
		"After:":                             "이후:",
		"Before":                             "이전",
		"After":                              "이후",
		"New":                                "새로 나타남",
		"Resolved":                           "해결됨",
		"Persisting":                         "지속됨",
		"Host":                               "호스트",
		"Platform":                           "플랫폼",
		"Product":                            "제품",
		"unknown":                            "알 수 없음",
		"Warning:":                           "주의:",
		"fingerprint %s":                     "지문 %s",
		"Rule %s, fingerprint %s":            "규칙 %s, 지문 %s",
		"Diff: %s → %s":                      "비교: %s → %s",
		"dartkit diff: %s → %s":              "dartkit 비교: %s → %s",
		"Evidence in %s":                     "%s의 증거",
		"%d new, %d resolved, %d persisting": "새로 나타남 %d건, 해결됨 %d건, 지속됨 %d건",
		"a bundle names no host: whether both come from one endpoint is not known":                               "호스트 이름이 없는 번들이 있어 두 번들이 같은 엔드포인트에서 왔는지 알 수 없습니다",
		"the bundles come from different hosts (%s, %s): no finding persists from one to the other":              "두 번들의 호스트가 다릅니다(%s, %s): 한쪽의 발견 사항이 다른 쪽에서 지속될 수 없습니다",
		"the analysis of the earlier bundle is incomplete: a finding shown as new may have been lost from it":    "이전 번들의 분석이 불완전합니다: 새로 나타난 것으로 표시된 발견 사항이 그 번들에서 유실되었을 수 있습니다",
		"the analysis of the later bundle is incomplete: a finding shown as resolved may have been lost from it": "이후 번들의 분석이 불완전합니다: 해결된 것으로 표시된 발견 사항이 그 번들에서 유실되었을 수 있습니다",
	})
}
