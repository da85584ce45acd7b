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
	Register(language.Korean, map[string]string{"%d test records": "테스트 레코드 %d개", "Test title": "테스트 제목"})
	ko, en := NewPrinter(language.Korean), NewPrinter(language.English)
	stop := Record()
	assert.Equal(t, "테스트 레코드 3개", ko.Sprintf("%d test records", 3))
	assert.Equal(t, "3 test records", en.Sprintf("%d test records", 3))
	assert.Equal(t, "테스트 제목", ko.Text("Test title"))
	assert.Equal(t, "Untranslated", ko.Text("Untranslated"))
	assert.Equal(t, "100% sure", ko.Text("100% sure"))
	assert.Equal(t, "in English only 2", en.Sprintf("in English only %d", 2))
	assert.Equal(t, []string{"Untranslated"}, stop())
	assert.Equal(t, language.Korean, NewPrinter(language.MustParse("ko-KR")).Language())
}
