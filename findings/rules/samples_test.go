package rules

import (
	"slices"
	"testing"

	"github.com/dartkit/dartkit/internal/sample"
	"github.com/stretchr/testify/assert"
)

// TestEveryRuleHasSamples checks that each catalogue rule has a sample
// bundle where it fires and a near miss where it does not; the regression
// matrix at the module root runs them.
func TestEveryRuleHasSamples(t *testing.T) {
	byName := map[string]sample.Scenario{}
	for _, s := range sample.Scenarios() {
		byName[s.Name] = s
	}
	for _, r := range All() {
		switch r {
		case MusLookupCSCvu39643, MusLookupFailing, MusCaptureOnly:
			continue // the first samples and the capture samples cover them
		}
		pos, ok := byName[r.ID+".zip"]
		if assert.True(t, ok, "%s has no positive sample", r.ID) {
			assert.Contains(t, pos.Expect, r.ID)
		}
		near, ok := byName[r.ID+"-near-miss.zip"]
		if assert.True(t, ok, "%s has no near-miss sample", r.ID) {
			assert.False(t, slices.Contains(near.Expect, r.ID), "%s fires on its near miss", r.ID)
		}
	}
}
