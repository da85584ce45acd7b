package dartkit_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/sample"
)

// A verdict is what the matrix compares of a report: each finding's rule,
// severity, evidence count and summary, the records read from each event
// log, and what went wrong reading.
type verdict struct {
	findings   []verdictFinding
	logs       []verdictLog
	errors     []string
	incomplete bool
}

// A verdictLog is what the report says of one event-log file. Only the
// record count is compared: a reader of another layout may classify the
// file under another kind.
type verdictLog struct {
	name    string
	kind    dart.Kind
	records int
}

// eventLogNames are the base names of the event logs sample.Windows writes:
// in the older layouts, and in DART's (the VPN channel as AnyConnect.txt
// and AnyConnect.evtx).
var eventLogNames = []string{"AnyConnectVPN.txt", "Application.txt", "AnyConnect.txt", "AnyConnect.evtx"}

type verdictFinding struct {
	rule     string
	severity findings.Severity
	evidence int
	summary  string
}

func (f verdictFinding) String() string {
	return fmt.Sprintf("%s (%s, %d evidence): %q", f.rule, f.severity, f.evidence, f.summary)
}

// short is String with the summary cut to its start.
func (f verdictFinding) short() string {
	s := f.summary
	if len(s) > 72 {
		s = s[:72] + "..."
	}
	return fmt.Sprintf("%s (%s, %d evidence): %q", f.rule, f.severity, f.evidence, s)
}

// analyzeBytes opens data as the bundle name and analyses it with every
// rule.
func analyzeBytes(t *testing.T, name string, data []byte) verdict {
	t.Helper()
	ctx := context.Background()
	b, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), name, nil)
	if err != nil {
		return verdict{errors: []string{"open: " + err.Error()}, incomplete: true}
	}
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	if err != nil {
		return verdict{errors: []string{"analyze: " + err.Error()}, incomplete: true}
	}
	v := verdict{errors: rep.Errors, incomplete: rep.Incomplete}
	for _, f := range rep.Findings {
		v.findings = append(v.findings, verdictFinding{f.Rule, f.Severity, len(f.Evidence), f.Summary})
	}
	for _, f := range rep.Files {
		if slices.Contains(eventLogNames, path.Base(f.Name)) {
			v.logs = append(v.logs, verdictLog{f.Name, f.Kind, f.Records})
		}
	}
	return v
}

// matrixScenario is a scenario of the matrix: one with a Windows event
// log, which opens and is read whole. (truncated.zip is left out: where
// the cut falls depends on the sizes of the files before it, so its damage
// differs from layout to layout.)
type matrixScenario struct {
	s    sample.Scenario
	pack func([]sample.File) []byte
	want verdict
}

// matrixScenarios returns the scenarios of the matrix, each with its
// verdict in its own layout. A scenario that differs from an earlier one
// only in the layout of its event logs (the TechNote case in other
// exports) is the same bundle in every layout, and is left to TestBundles.
func matrixScenarios(t *testing.T) []matrixScenario {
	var out []matrixScenario
	probe := sample.Layouts()[0]
	seen := map[[sha256.Size]byte]bool{}
	for _, s := range sample.Scenarios() {
		if s.OpenError || s.Incomplete {
			continue
		}
		p, ok := s.InLayout(probe)
		if !ok {
			continue
		}
		pack := s.Pack
		if s.Dir || strings.HasSuffix(s.Name, ".zip") {
			// The content is what counts here, not the compression:
			// stored entries cut the matrix's time by a third.
			pack = sample.ZipStored
		}
		sum := sha256.Sum256(pack(p.Files))
		if seen[sum] {
			continue
		}
		seen[sum] = true
		want := analyzeBytes(t, s.Name, pack(s.Files))
		var ids []string
		for _, f := range want.findings {
			ids = append(ids, f.rule)
		}
		if !slices.Equal(ids, s.Expect) || len(want.errors) > 0 || want.incomplete {
			t.Errorf("%s in its own layout: findings %v, want %v; errors %q, incomplete %v", s.Name, ids, s.Expect, want.errors, want.incomplete)
			continue
		}
		out = append(out, matrixScenario{s, pack, want})
	}
	return out
}

// matrixCore are the scenarios run in every layout even with -short: the
// TechNote case, its near misses through the version and the profile, and
// the healthy bundle.
var matrixCore = []string{"DARTBundle_0617_2021.zip", "with-vpn-profile.zip", "version-4.10.zip", "clean.zip"}

// TestLayoutMatrix writes every scenario that has a Windows event log with
// its event logs in every layout of sample.Layouts (each export form in
// UTF-8, UTF-8 with BOM, UTF-16LE and UTF-16BE), analyses each bundle
// with every rule, and requires the verdict of the scenario in its own
// layout: the same findings (rule, severity, evidence count, summary), the
// same number of records from each event log, no errors, a complete
// report (so dartscan exits 0). A support engineer may receive the log in
// any of these forms; the diagnosis must not depend on which.
//
// A bundle in DART's Windows layout holds the VPN channel twice:
// AnyConnect.txt, which the matrix writes in each layout, and
// AnyConnect.evtx, binary, which stays as it is (only text is exported in
// layouts; summary.txt is written again with the text copy's new size).
// The two copies then disagree in form but hold the same events, so the
// matrix still requires the verdict of the bundle as DART writes it: the
// same findings with the same evidence counts, each copy read whole. A
// reader that drops the events one copy repeats of the other must match
// them by what they are (time, source, text), not by the layout of the
// text, or the evidence counts differ from layout to layout and the
// matrix says so.
//
// The whole product, some 3400 bundles, costs about 9 s of CPU time, shared
// by the cores (layouts run in parallel). With -short the matrixCore
// scenarios still run in every layout, and every other scenario in every
// fourth layout, rotating with the scenario's index: each text form is
// still met by every scenario, in one of its encodings.
func TestLayoutMatrix(t *testing.T) {
	start := time.Now()
	scenarios := matrixScenarios(t)
	if len(scenarios) == 0 {
		t.Fatal("no scenario has a Windows event log")
	}
	layouts := sample.Layouts()
	var bundles atomic.Int64
	t.Cleanup(func() {
		t.Logf("%d scenarios x %d layouts: %d bundles in %v", len(scenarios), len(layouts), bundles.Load(), time.Since(start).Round(time.Millisecond))
	})
	for i, l := range layouts {
		t.Run(l.Name, func(t *testing.T) {
			t.Parallel()
			var failed []string
			for j, m := range scenarios {
				if testing.Short() && !slices.Contains(matrixCore, m.s.Name) && (i+j)%4 != 0 {
					continue
				}
				s, ok := m.s.InLayout(l)
				if !ok {
					t.Fatalf("%s: no event log to write in %s", m.s.Name, l.Name)
				}
				bundles.Add(1)
				got := analyzeBytes(t, s.Name, m.pack(s.Files))
				if d := diffVerdict(m.want, got); d != "" {
					failed = append(failed, m.s.Name)
					t.Errorf("layout %s, scenario %s:\n%s", l.Name, m.s.Name, d)
				}
			}
			if len(failed) > 0 {
				t.Logf("layout %s: %d scenarios differ: %s", l.Name, len(failed), strings.Join(failed, ", "))
			}
		})
	}
}

// diffVerdict describes how got differs from want, or returns "".
func diffVerdict(want, got verdict) string {
	var b strings.Builder
	if len(got.errors) > 0 {
		fmt.Fprintf(&b, "\terrors (%d), first: %s\n", len(got.errors), got.errors[0])
	}
	if got.incomplete {
		b.WriteString("\treport marked incomplete\n")
	}
	for _, w := range want.logs {
		i := slices.IndexFunc(got.logs, func(g verdictLog) bool { return g.name == w.name })
		switch {
		case i < 0:
			fmt.Fprintf(&b, "\t%s: not in the report\n", w.name)
		case got.logs[i].records != w.records:
			fmt.Fprintf(&b, "\t%s: %d records read as %s, want %d\n", w.name, got.logs[i].records, got.logs[i].kind, w.records)
		}
	}
	for i := range max(len(want.findings), len(got.findings)) {
		switch {
		case i >= len(got.findings):
			fmt.Fprintf(&b, "\tmissing finding %s\n", want.findings[i].short())
		case i >= len(want.findings):
			fmt.Fprintf(&b, "\tunexpected finding %s\n", got.findings[i].short())
		case want.findings[i] != got.findings[i]:
			w, g := want.findings[i], got.findings[i]
			if w.rule != g.rule {
				fmt.Fprintf(&b, "\tfinding %d: got %s\n\t           want %s\n", i, g, w)
				continue
			}
			if w.severity != g.severity {
				fmt.Fprintf(&b, "\t%s: severity %s, want %s\n", w.rule, g.severity, w.severity)
			}
			if w.evidence != g.evidence {
				fmt.Fprintf(&b, "\t%s: %d evidence, want %d\n", w.rule, g.evidence, w.evidence)
			}
			if w.summary != g.summary {
				fmt.Fprintf(&b, "\t%s: summary %q\n\t%*s want %q\n", w.rule, g.summary, len(w.rule), "", w.summary)
			}
		}
	}
	return b.String()
}
