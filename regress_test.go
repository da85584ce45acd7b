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

// TestBundles runs every sample bundle through the whole library with every
// built-in rule, checks that it reports exactly the findings the sample
// expects (so a rule that fires on another rule's sample is caught), that
// every file ends in a state and none is missed, and compares the whole
// report with testdata/golden/NAME.json.
func TestBundles(t *testing.T) {
	for _, s := range sample.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			path := filepath.Join("testdata", "bundles", s.Name)
			goldenPath := filepath.Join("testdata", "golden", goldenName(s.Name))
			ctx := context.Background()
			b, err := dart.Open(ctx, path, nil)
			if s.OpenError {
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
			want := s.Expect
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, got, "findings (a new rule firing on another rule's sample shows here)")
			if s.Incomplete {
				assert.True(t, rep.Incomplete)
				require.NotEmpty(t, rep.Errors)
				assert.Contains(t, strings.Join(rep.Errors, "\n"), s.Name, "the errors name the file")
			} else {
				assert.Empty(t, rep.Errors)
				assert.False(t, rep.Incomplete)
			}
			assert.False(t, rep.NotBundle, "a sample is a DART bundle")
			for _, f := range rep.Files {
				assert.NotEmpty(t, f.State, "every file ends in a state: %s", f.Name)
				if f.State == findings.StateNotUnderstood {
					assert.NotEmpty(t, f.Reason, "a file not understood says why: %s", f.Name)
				}
			}
			assert.Equal(t, rep.Coverage.Expected, rep.Coverage.Understood, "the samples hold nothing dartkit misses")
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
