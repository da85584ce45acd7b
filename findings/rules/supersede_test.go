package rules

import (
	"slices"
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reporting returns a rule that reports once when a record holds text.
func reporting(id, text string, supersededBy ...string) *findings.Rule {
	return &findings.Rule{ID: id, Title: id, Severity: findings.SeverityLow, SupersededBy: supersededBy,
		Signals: []findings.Signal{{Name: "hit", Contains: text}},
		Check: func(p *findings.Pass) error {
			if !p.Series("hit").Empty() {
				p.Report(findings.Finding{Summary: id})
			}
			return nil
		}}
}

func TestSupersededBy(t *testing.T) {
	general := reporting("general", "failed", "specific")
	specific := reporting("specific", "because")
	for _, tt := range []struct {
		name  string
		rules []*findings.Rule
		msg   string
		want  []string
	}{
		{"superseded", []*findings.Rule{general, specific}, "failed because", []string{"specific"}},
		{"superseding rule silent", []*findings.Rule{general, specific}, "failed", []string{"general"}},
		{"superseding rule not analysed", []*findings.Rule{general}, "failed because", []string{"general"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := findings.Evaluate(tt.rules, slices.Values([]logparse.Record{{Source: "acvpnagent", Message: tt.msg}}), nil)
			require.NoError(t, err)
			var ids []string
			for _, f := range got {
				ids = append(ids, f.Rule)
			}
			assert.Equal(t, tt.want, ids)
		})
	}
}

func TestSupersededByChecked(t *testing.T) {
	assert.ErrorContains(t, findings.Validate([]*findings.Rule{reporting("a", "x", "a")}), "superseded by \"a\"")
	assert.ErrorContains(t, findings.Validate([]*findings.Rule{reporting("a", "x", "Not An ID")}), "superseded by")
	alone := []*findings.Rule{reporting("a", "x", "b")}
	assert.NoError(t, findings.Validate(alone), "a selection may leave the superseding rule out")
	_, err := findings.NewRegistry(alone...)
	assert.ErrorContains(t, err, "unknown rule \"b\"")
	_, err = findings.NewRegistry(All()...)
	assert.NoError(t, err)
}
