package i18n

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
)

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		prefs []string
		want  language.Tag
	}{
		{nil, language.English},
		{[]string{"ko"}, language.Korean},
		{[]string{"ko_KR.UTF-8"}, language.Korean},
		{[]string{"", "C", "ko-KR"}, language.Korean},
		{[]string{"en_US.UTF-8", "ko"}, language.English},
		{[]string{"de_DE.UTF-8"}, language.English},
		{[]string{"not a locale"}, language.English},
	} {
		assert.Equal(t, tt.want, Match(tt.prefs...), "%q", tt.prefs)
	}
}

func TestPrinter(t *testing.T) {
	Register(language.Korean, map[string]string{
		"%d test records":  "테스트 레코드 %d개",
		"Test title":       "테스트 제목",
		"%s at line %d":    "%[2]d번째 줄의 %[1]s",
		"100%% sure of %s": "%s 100%% 확신",
		"Sure at 100%":     "100% 확신",
	})
	ko, en := NewPrinter(language.Korean), NewPrinter(language.English)
	stop := Record()
	assert.Equal(t, "테스트 레코드 1234개", ko.Sprintf("%d test records", 1234), "numbers as fmt writes them")
	assert.Equal(t, "1234 test records", en.Sprintf("%d test records", 1234))
	assert.Equal(t, "12번째 줄의 x", ko.Sprintf("%s at line %d", "x", 12))
	assert.Equal(t, "y 100% 확신", ko.Sprintf("100%% sure of %s", "y"))
	assert.Equal(t, "테스트 제목", ko.Text("Test title"))
	assert.Equal(t, "테스트 제목", ko.Text("테스트 제목"), "a text already in the language")
	assert.Equal(t, "서버 10.0.0.1에서 확인", ko.Text("서버 10.0.0.1에서 확인"), "a text formatted in the language")
	assert.Equal(t, "100% 확신", ko.Text("Sure at 100%"))
	assert.Equal(t, "Untranslated", ko.Text("Untranslated"))
	assert.Equal(t, "in English only 2", en.Sprintf("in English only %d", 2))
	assert.Equal(t, "in English 3", (*Printer)(nil).Sprintf("in English %d", 3))
	assert.Equal(t, []string{"Untranslated"}, stop())
	assert.Equal(t, language.Korean, NewPrinter(language.MustParse("ko-KR")).Language())
	assert.True(t, Translated(language.Korean, "Test title"))
	assert.False(t, Translated(language.Korean, "Untranslated"))
}

func TestVerbs(t *testing.T) {
	for _, tt := range []struct {
		key, tr string
		ok      bool
	}{
		{"%d records in %s", "%s의 레코드 %d개", false},
		{"%d records in %s", "%[2]s의 레코드 %[1]d개", true},
		{"%d records in %s", "레코드 %d개, %s", true},
		{"%5d  %s", "%5d  %s", true},
		{"%.1f s", "%.1f초", true},
		{"%.1f s", "%d초", false},
		{"%q says %s", "%q: %s", true},
		{"%s and %s", "%s", false},
		{"100%% of %d", "%d의 100%%", true},
		{"plain", "평문", true},
		{"plain", "평문 %s", false},
		{"%*d", "%*d", true},
		{"%s", "%[2]s", false},
		{"%s", "%", false},
	} {
		err := sameVerbs(tt.key, tt.tr)
		assert.Equal(t, tt.ok, err == nil, "%q → %q: %v", tt.key, tt.tr, err)
	}
}

// TestCheck checks the translations registered by this package's tests;
// the test of the command checks every package's.
func TestCheck(t *testing.T) {
	Register(language.Korean, map[string]string{"%d test records": "테스트 레코드 %d개"})
	assert.NoError(t, Check())
}
