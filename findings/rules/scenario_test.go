package rules

import (
	"os"
	"testing"

	"github.com/dartkit/dartkit/findings/rules/internal/scenario"
)

// TestScenarios runs every rule's scenarios, testdata/<rule id>/*.log.
func TestScenarios(t *testing.T) {
	scenario.Run(t, "testdata", All())
}

// TestScenarioFolders checks that each folder of testdata belongs to a
// rule, so that a misspelt one is not left unread.
func TestScenarioFolders(t *testing.T) {
	ids := map[string]bool{"healthy": true}
	for _, r := range All() {
		ids[r.ID] = true
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !ids[e.Name()] {
			t.Errorf("testdata/%s: no rule has this ID", e.Name())
		}
	}
}
