package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/findings"
)

// TestIdentityDeclared checks that every built-in rule says what
// identifies its findings, rather than taking every fact (times among
// them), and names only facts that findings of the samples hold (see
// testdata/golden at the module root) or facts of the bundle.
func TestIdentityDeclared(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	reported := map[string]bool{findings.IdentityProduct: true, findings.IdentityPlatform: true}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var rep struct {
			Findings []struct {
				Facts []struct{ Name string }
			}
		}
		require.NoError(t, json.Unmarshal(data, &rep), p)
		for _, f := range rep.Findings {
			for _, fact := range f.Facts {
				reported[fact.Name] = true
			}
		}
	}
	for _, r := range All() {
		if !assert.NotNil(t, r.Identity, "%s declares no Identity", r.ID) {
			continue
		}
		for _, name := range r.Identity {
			assert.True(t, reported[name], "%s: Identity names %q, a fact no finding of the samples holds", r.ID, name)
		}
	}
}
