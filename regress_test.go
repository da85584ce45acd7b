package dartkit_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSamplesUpToDate checks that testdata/bundles holds what the generator
// makes, so the samples can always be re-made and reviewed from code.
func TestSamplesUpToDate(t *testing.T) {
	if *golden.Update {
		require.NoError(t, sample.Write("testdata/bundles"))
	}
	require.NoError(t, sample.Check("testdata/bundles"))
}

// expected is what each sample must produce: the rule IDs of its findings,
// or that it cannot be opened. It is written by hand, apart from the golden
// files, so that -update cannot quietly change a diagnosis.
var expected = map[string]struct {
	rules   []string
	openErr bool
}{
	"DARTBundle_0617_2021.zip": {rules: []string{"cscvu39643-mus-dns-queries"}},
	"with-vpn-profile.zip":     {rules: []string{"dns-mus-lookup-failing"}},
	"version-4.10.zip":         {rules: []string{"dns-mus-lookup-failing"}},
	"service-disable.zip":      {rules: []string{"cscvu39643-mus-dns-queries"}},
	"hosts-workaround.zip":     {rules: []string{"cscvu39643-mus-dns-queries"}},
	"utf16-eventlog.zip":       {rules: []string{"cscvu39643-mus-dns-queries"}},
	"no-version.zip":           {rules: []string{"cscvu39643-mus-dns-queries"}},
	"clean.zip":                {rules: []string{}},
	"macos-syslog.zip":         {rules: []string{"cscvu39643-mus-dns-queries"}},
	"bundle-in-targz.tar.gz":   {rules: []string{"cscvu39643-mus-dns-queries"}},
	"extracted-folder":         {rules: []string{"cscvu39643-mus-dns-queries"}},
	"truncated.zip":            {openErr: true},
}

// TestBundles runs every sample bundle through the whole library and
// compares the report with testdata/golden/NAME.json.
func TestBundles(t *testing.T) {
	scenarios := sample.Scenarios()
	require.Len(t, expected, len(scenarios), "every sample has an expectation")
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			want, ok := expected[s.Name]
			require.True(t, ok, "no expectation for %s", s.Name)
			path := filepath.Join("testdata", "bundles", s.Name)
			goldenPath := filepath.Join("testdata", "golden", goldenName(s.Name))
			ctx := context.Background()
			b, err := dart.Open(ctx, path, nil)
			if want.openErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), s.Name, "the error names the file")
				golden.Check(t, goldenPath, []byte(`{"error": `+quote(err.Error())+"}\n"))
				return
			}
			require.NoError(t, err)
			defer b.Close()
			rep, err := findings.Analyze(ctx, b, rules.All(), nil)
			require.NoError(t, err)
			got := []string{}
			for _, f := range rep.Findings {
				got = append(got, f.Rule)
			}
			assert.Equal(t, want.rules, got)
			assert.Empty(t, rep.Errors)
			assert.False(t, rep.Incomplete)
			out, err := json.MarshalIndent(rep, "", "  ")
			require.NoError(t, err)
			golden.Check(t, goldenPath, append(out, '\n'))
		})
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// goldenName is the golden file of a sample: its name without the archive
// suffix, with .json.
func goldenName(sample string) string {
	for _, ext := range []string{".tar.gz", ".tgz", ".zip", ".7z"} {
		sample = strings.TrimSuffix(sample, ext)
	}
	return sample + ".json"
}
