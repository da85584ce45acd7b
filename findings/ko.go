package findings

import (
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// The Korean of the analysis's own texts: why a rule was skipped or a file
// not understood, the notes, the cadence of a series. The terms are those
// of report/ko.go's glossary.
func init() {
	i18n.Register(language.Korean, map[string]string{
		// Why a rule did not run.
		"the bundle has no %s":                         "번들에 %s 없음",
		"does not apply to %s":                         "%s에는 적용되지 않음",
		"does not apply to version %s (applies to %s)": "버전 %s에는 적용되지 않음(적용 대상: %s)",
		"rule %s: %v":                                  "규칙 %s: %v",

		// Why a file was not understood.
		"could not be read":              "읽을 수 없음",
		"a %s with 0 records":            "레코드가 0개인 %s",
		"an %s with 0 records":           "레코드가 0개인 %s",
		"an archive that was not opened": "열지 않은 아카이브",
		"empty":                          "비어 있음",
		"binary, not read":               "바이너리, 읽지 않음",
		"mentions %s but no log format was recognised":                              "%s을(를) 언급하지만 인식된 로그 형식이 없음",
		"no format recognised, and no AnyConnect or Secure Client name in its head": "인식된 형식이 없고, 앞부분에 AnyConnect 또는 Secure Client 이름이 없음",

		// Notes and losses.
		"%s: %d more lines or records not read, not listed":                                                    "%s: 그 밖에 읽지 못한 줄 또는 레코드 %d개(목록에 없음)",
		"%s: %d more lines not recognised, not listed":                                                         "%s: 그 밖에 인식하지 못한 줄 %d개(목록에 없음)",
		"%s: read; %s records also in %s, not counted twice":                                                   "%s: 읽음. 레코드 %s개는 %s에도 있어 두 번 세지 않음",
		" (keys of %s kept for its first %s distinct events only: later events of both files may count twice)": " (%s의 키는 처음 %s개의 고유 이벤트까지만 보관: 이후 두 파일의 이벤트는 두 번 셀 수 있음)",

		// What a bundle must hold to be one.
		LookedFor: "acvpnagent, vpnagentd, vpnui, vpndownloader, csc_ 프로세스, Cisco AnyConnect 또는 Cisco Secure Client를 언급하는 파일이 없고, VPN 클라이언트에서 온 로그 레코드가 없으며, 클라이언트 프로파일이나 버전도 없음",

		// The cadence of a series (Cadence.Describe).
		", one every %.1f s, %s to %s": ", %.1f초마다 1회, %s~%s",
		", at %s":                      ", %s",
	})
}
