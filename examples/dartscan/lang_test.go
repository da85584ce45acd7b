package main

import (
	"os"
	"path/filepath"
	"regexp"
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
// in every format, the list of rules, an explanation and the usage.
func TestKoreanGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"technote.ko.txt", []string{"-format", "text", bundles + "DARTBundle_0617_2021.zip"}},
		{"technote.ko.md", []string{"-format", "markdown", bundles + "DARTBundle_0617_2021.zip"}},
		{"technote.ko.json", []string{"-format", "json", bundles + "DARTBundle_0617_2021.zip"}},
		{"technote-windows.ko.txt", []string{"-format", "text", bundles + "dart-windows-technote.zip"}},
		{"technote-windows.ko.md", []string{"-format", "markdown", bundles + "dart-windows-technote.zip"}},
		{"technote-windows.ko.json", []string{"-format", "json", bundles + "dart-windows-technote.zip"}},
		{"rules.ko.txt", []string{"rules"}},
		{"explain-cscvu39643.ko.txt", []string{"explain", "cscvu39643"}},
		{"usage.ko.txt", []string{"help"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := dartscan(t, append([]string{"-lang", "ko"}, tt.args...)...)
			require.Equal(t, exitOK, code, stderr)
			out = jobsDefaultKo.ReplaceAllString(out, "$1 (default: CPU 수)")
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(out))
		})
	}
}

// jobsDefaultKo is -j's default in the Korean usage (see jobsDefault).
var jobsDefaultKo = regexp.MustCompile(`(동시에 분석할 번들 수) \(default \d+\)`)

// TestLanguageChoice checks where the language comes from: -lang first,
// then LC_ALL, LC_MESSAGES and LANG, the first set; English otherwise.
func TestLanguageChoice(t *testing.T) {
	const ko, en = "발견 사항 1건:", "1 finding:"
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
		{"-capture", captures + "technote.pcapng", bundles + "DARTBundle_0617_2021.zip"},
		{"-capture", captures + "after-workaround.pcap", bundles + "DARTBundle_0617_2021.zip"},
		{"-capture", captures + "truncated.pcapng", bundles + "dart-windows-technote.zip"},
		{"-capture", captures + "technote.pcapng"}, {"-capture", captures + "not-a-capture.pcap"},
		{"diff", bundles + "DARTBundle_0617_2021.zip", bundles + "dart-windows-technote.zip"}, {"diff", "help"}, {"diff", bundles + "clean.zip", bundles + "README.md"},
		{"-summary", bundles + "clean.zip", bundles + "DARTBundle_0617_2021.zip", bundles + "README.md", bundles + "no-such.zip"},
	} {
		for _, f := range []string{"text", "markdown", "json"} {
			// A subcommand comes first, its flags after it.
			dartscan(t, append(append([]string{"-lang", "ko"}, args...), "-format", f)...)
		}
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
