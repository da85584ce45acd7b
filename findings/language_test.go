package findings_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

func init() {
	i18n.Register(language.Korean, map[string]string{
		"Test rule fired":       "테스트 규칙 작동",
		"Do the test's remedy.": "테스트의 조치를 하십시오.",
		"The test saw %s.":      "테스트가 %s을(를) 보았습니다.",
		"%d test event":         "테스트 이벤트 %d개",
		"%d test events":        "테스트 이벤트 %d개",
	})
}

// TestLanguage checks that a finding's texts come in the analysis's
// language: the rule's title and remediation, what the rule writes with
// Pass.Sprintf and Pass.Describe, and the reason a rule was skipped; and
// that English is the rule's own text.
func TestLanguage(t *testing.T) {
	rule := &findings.Rule{
		ID: "test-rule", Title: "Test rule fired", Severity: findings.SeverityLow,
		Remediation: []string{"Do the test's remedy."},
		Signals:     []findings.Signal{{Name: "ev", Contains: "event"}},
		Check: func(p *findings.Pass) error {
			p.Report(findings.Finding{Summary: p.Sprintf("The test saw %s.", p.Describe(p.Series("ev").Cadence(), "test event"))})
			return nil
		},
	}
	linux := &findings.Rule{ID: "linux-only", Title: "Linux only", Platforms: []dart.Platform{dart.PlatformLinux}, Check: rule.Check}
	t0 := time.Date(2026, 3, 9, 9, 15, 0, 0, time.UTC)
	var recs []logparse.Record
	for i := range 3 {
		recs = append(recs, logparse.Record{Time: t0.Add(time.Duration(i) * 15 * time.Second), Message: "an event"})
	}
	facts := &dart.Facts{Platform: dart.PlatformWindows}
	for _, tt := range []struct {
		lang                            language.Tag
		title, remedy, summary, skipped string
	}{
		{language.Und, "Test rule fired", "Do the test's remedy.", "The test saw 3 test events, one every 15.0 s, 09:15:00 to 09:15:30.", "does not apply to windows"},
		{language.English, "Test rule fired", "Do the test's remedy.", "The test saw 3 test events, one every 15.0 s, 09:15:00 to 09:15:30.", "does not apply to windows"},
		{language.Korean, "테스트 규칙 작동", "테스트의 조치를 하십시오.", "테스트가 테스트 이벤트 3개, 15.0초마다 1회, 09:15:00~09:15:30을(를) 보았습니다.", "windows에는 적용되지 않음"},
	} {
		t.Run(tt.lang.String(), func(t *testing.T) {
			got, skips, err := findings.Evaluate([]*findings.Rule{rule, linux}, slices.Values(recs), &findings.EvaluateOptions{Facts: facts, Language: tt.lang})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, tt.title, got[0].Title)
			assert.Equal(t, []string{tt.remedy}, got[0].Remediation)
			assert.Equal(t, tt.summary, got[0].Summary)
			require.Len(t, skips, 1)
			assert.Equal(t, tt.skipped, skips[0].Reason)
		})
	}
	assert.Equal(t, []string{"Do the test's remedy."}, rule.Remediation, "the rule's own English is left as it is")
}
