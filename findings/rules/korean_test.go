package rules_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/findings/rules/internal/scenario"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/report"
)

// TestKorean analyses every rule scenario and every sample bundle in
// Korean and writes every report of them, the list of rules and each
// rule's explanation: every text printed must have its Korean.
func TestKorean(t *testing.T) {
	ko := &report.Options{Language: language.Korean}
	stop := i18n.Record()
	defer stop()
	write := func(name string, bundles []report.Bundle) {
		for _, f := range report.Formats {
			if err := report.Write(io.Discard, f, bundles, ko); err != nil {
				t.Errorf("%s: %s: %v", name, f, err)
			}
		}
	}
	scenarios, err := scenario.Load("testdata", rules.All())
	if err != nil {
		t.Fatal(err)
	}
	reported := 0
	for _, s := range scenarios {
		got, skips, err := s.Evaluate(rules.All(), language.Korean)
		if err != nil {
			t.Error(err)
			continue
		}
		reported += len(got)
		rep := &findings.Report{Bundle: s.File, Format: "scenario", Platform: s.Facts.Platform, Facts: s.Facts, Findings: got, Skipped: skips, Errors: []string{}}
		write(s.File, []report.Bundle{{Path: s.File, Report: rep}})
	}
	paths, err := filepath.Glob("../../testdata/bundles/*")
	if err != nil || len(paths) < 20 {
		t.Fatalf("%d bundles, %v", len(paths), err)
	}
	for _, p := range paths {
		b, err := dart.Open(context.Background(), p, nil)
		if err != nil {
			write(p, []report.Bundle{{Path: p, Err: err}})
			continue
		}
		rep, err := findings.Analyze(context.Background(), b, rules.All(), &findings.Options{Language: language.Korean})
		b.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		reported += len(rep.Findings)
		write(p, []report.Bundle{{Path: p, Report: rep}})
	}
	if err := report.WriteRules(io.Discard, rules.All(), ko); err != nil {
		t.Error(err)
	}
	for _, r := range rules.All() {
		if err := report.WriteExplain(io.Discard, r, ko); err != nil {
			t.Error(err)
		}
	}
	if reported < len(rules.All()) {
		t.Errorf("%d findings: the scenarios and bundles should make every rule report", reported)
	}
	for _, k := range stop() {
		t.Errorf("no Korean for %q", k)
	}
}

// TestRulesKorean checks that every rule's title, documentation and
// remediation have their Korean, whether or not a scenario shows them.
func TestRulesKorean(t *testing.T) {
	for _, r := range rules.All() {
		for _, s := range append([]string{r.Title, r.Doc}, r.Remediation...) {
			if !i18n.Translated(language.Korean, s) {
				t.Errorf("%s: no Korean for %q", r.ID, s)
			}
		}
	}
}
