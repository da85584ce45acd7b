package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
)

// TestMain runs the tests in the environment of no locale, so that the
// reports are in English, whatever the machine's.
func TestMain(m *testing.M) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// TestKoreanGolden checks the Korean reports of the TechNote's samples,
// in every format.
func TestKoreanGolden(t *testing.T) {
	for _, tt := range []struct{ golden, format, bundle string }{
		{"technote.ko.txt", "text", "DARTBundle_0617_2021.zip"},
		{"technote.ko.md", "markdown", "DARTBundle_0617_2021.zip"},
		{"technote.ko.json", "json", "DARTBundle_0617_2021.zip"},
		{"technote-windows.ko.txt", "text", "dart-windows-technote.zip"},
		{"technote-windows.ko.md", "markdown", "dart-windows-technote.zip"},
		{"technote-windows.ko.json", "json", "dart-windows-technote.zip"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-lang", "ko", "-format", tt.format, bundles+tt.bundle)
			require.Equal(t, exitOK, code, stderr)
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(out))
		})
	}
}

// TestLanguageChoice checks where the language comes from: -lang first,
// then LC_ALL, LC_MESSAGES and LANG, the first set; English otherwise.
func TestLanguageChoice(t *testing.T) {
	const ko, en = "진단 결과 1건:", "1 finding:"
	for _, tt := range []struct {
		name      string
		env       map[string]string
		args      []string
		want      string
		wantUsage string
	}{
		{"nothing set", nil, nil, en, "usage:"},
		{"LANG", map[string]string{"LANG": "ko_KR.UTF-8"}, nil, ko, "사용법:"},
		{"-lang en over LANG", map[string]string{"LANG": "ko_KR.UTF-8"}, []string{"-lang", "en"}, en, "usage:"},
		{"-lang=ko after the bundle", nil, []string{"-lang=ko"}, ko, "사용법:"},
		{"LC_ALL over LANG", map[string]string{"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, nil, en, "usage:"},
		{"LC_MESSAGES over LANG", map[string]string{"LC_MESSAGES": "ko_KR.eucKR", "LANG": "en_US.UTF-8"}, nil, ko, "사용법:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, out, _ := dartscan(t, append([]string{bundles + "DARTBundle_0617_2021.zip"}, tt.args...)...)
			assert.Contains(t, out, tt.want)
			_, usage, _ := dartscan(t, append([]string{"help"}, tt.args...)...)
			assert.True(t, strings.HasPrefix(usage, tt.wantUsage), usage)
		})
	}
	code, _, stderr := dartscan(t, "-lang", "de", bundles+"clean.zip")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, `unknown language "de"`)
}

// TestKoreanCommands runs the commands that print no report in Korean:
// every text they print must have its Korean.
func TestKoreanCommands(t *testing.T) {
	stop := i18n.Record()
	defer stop()
	for _, args := range [][]string{
		{"help"}, {"rules"}, {"explain", "cscvu"}, {"explain", "vpn-"}, {"explain", "nothing"}, {"explain"},
		{"-format", "nothing", bundles + "clean.zip"}, {bundles + "clean.zip", bundles + "no-such.zip", bundles + "README.md"},
	} {
		dartscan(t, append([]string{"-lang", "ko"}, args...)...)
	}
	for _, k := range stop() {
		t.Errorf("no Korean for %q", k)
	}
}

// TestTranslationsCheck checks every translation registered by the
// packages dartscan uses: each takes its English text's verbs.
func TestTranslationsCheck(t *testing.T) {
	assert.NoError(t, i18n.Check())
}
