package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
	"golang.org/x/text/language"
)

// fleetBundles are sample bundles of every status: with findings of
// several rules, one rule in several bundles, none, read in part, no DART
// bundle, and one that could not be opened.
func fleetBundles(t *testing.T) []Bundle {
	t.Helper()
	var out []Bundle
	for _, name := range []string{
		"DARTBundle_0617_2021.zip",
		"dart-windows-technote.zip",
		"dart-linux-technote.zip",
		"cert-chain-untrusted.zip",
		"macos-syslog.zip",
		"clean.zip",
		"truncated.zip",
	} {
		out = append(out, analyze(t, "../testdata/bundles/"+name))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "todo.txt"), []byte("Call the customer back on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notes := analyze(t, dir)
	if notes.Report == nil || !notes.Report.NotBundle {
		t.Fatalf("a folder of notes: %+v", notes)
	}
	notes.Path = "notes"
	out = append(out, notes, Bundle{Path: "missing.zip", Err: errors.New("open missing.zip: no such file or directory")})
	return out
}

// TestWriteSummary compares the fleet summary of the sample bundles in
// every format with testdata/summary.*.
func TestWriteSummary(t *testing.T) {
	bundles := fleetBundles(t)
	for _, f := range SummaryFormats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSummary(&buf, f, bundles, nil); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "summary."+summaryExt[f]), buf.Bytes())
		})
	}
}

var summaryExt = map[Format]string{Text: "txt", Markdown: "md", CSV: "csv", JSON: "json"}

// TestWriteSummaryKorean compares the summary in Korean with
// testdata/summary.ko.*: its headings and statuses are translated, all of
// them, and the wide characters of the headings keep the columns of the
// text aligned. Only the rules' titles, translated elsewhere, may lack a
// Korean text; CSV and JSON stay in English.
func TestWriteSummaryKorean(t *testing.T) {
	bundles := fleetBundles(t)
	titles := map[string]bool{}
	for _, b := range bundles {
		if b.Report != nil {
			for _, f := range b.Report.Findings {
				titles[f.Title] = true
			}
		}
	}
	opts := &Options{Language: language.Korean}
	for _, f := range SummaryFormats {
		t.Run(string(f), func(t *testing.T) {
			stop := i18n.Record()
			var buf bytes.Buffer
			err := WriteSummary(&buf, f, bundles, opts)
			missing := stop()
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range missing {
				if !titles[key] {
					t.Errorf("no Korean for %q", key)
				}
			}
			if f == CSV || f == JSON {
				var en bytes.Buffer
				if err := WriteSummary(&en, f, bundles, nil); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), en.Bytes()) {
					t.Errorf("%s differs in Korean:\n%s", f, buf.Bytes())
				}
				return
			}
			golden.Check(t, filepath.Join("testdata", "summary.ko."+summaryExt[f]), buf.Bytes())
		})
	}
}

// TestSummaryCSVTotals reads the CSV back: every row has every column,
// a row per bundle, and the last row holds the sums of the counts, to
// which a bundle whose findings mean nothing adds nothing.
func TestSummaryCSVTotals(t *testing.T) {
	bundles := fleetBundles(t)
	var buf bytes.Buffer
	if err := WriteSummary(&buf, CSV, bundles, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(bundles)+1 {
		t.Fatalf("%d rows for %d bundles", len(rows), len(bundles))
	}
	head, body, total := rows[0], rows[1:len(rows)-1], rows[len(rows)-1]
	if len(head) < 8 || head[5] != "findings" {
		t.Fatalf("header %q: want the fixed columns and at least two rules", head)
	}
	if total[4] != "total" {
		t.Fatalf("last row %q: not the totals", total)
	}
	for col := 5; col < len(head); col++ {
		sum := 0
		for i, row := range body {
			if row[4] == StatusNotAnalysed || row[4] == StatusNotBundle {
				if row[col] != "" {
					t.Errorf("%s: %s %q: a count where it means nothing", bundles[i].Path, head[col], row[col])
				}
				continue
			}
			n, err := strconv.Atoi(row[col])
			if err != nil {
				t.Fatalf("%s: %s: %v", bundles[i].Path, head[col], err)
			}
			sum += n
		}
		if total[col] != strconv.Itoa(sum) {
			t.Errorf("total of %s %s, want %d", head[col], total[col], sum)
		}
	}
	wantFindings := 0
	for _, b := range bundles {
		if b.Report != nil && !b.Report.NotBundle {
			wantFindings += len(b.Report.Findings)
		}
	}
	if total[5] != strconv.Itoa(wantFindings) || wantFindings == 0 {
		t.Errorf("total findings %s, want %d", total[5], wantFindings)
	}
}

// TestSummaryJSONCounts checks that the JSON's rule counts agree with
// the reports: each rule's bundles and findings, and each bundle's.
func TestSummaryJSONCounts(t *testing.T) {
	bundles := fleetBundles(t)
	var buf bytes.Buffer
	if err := WriteSummary(&buf, JSON, bundles, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Bundles []struct {
			Path     string         `json:"path"`
			Status   string         `json:"status"`
			Findings *int           `json:"findings"`
			Rules    map[string]int `json:"rules"`
		} `json:"bundles"`
		Rules []struct {
			Rule     string `json:"rule"`
			Bundles  int    `json:"bundles"`
			Findings int    `json:"findings"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Bundles) != len(bundles) {
		t.Fatalf("%d bundles, want %d", len(doc.Bundles), len(bundles))
	}
	inBundles, findingsOf := map[string]int{}, map[string]int{}
	for i, b := range bundles {
		got := doc.Bundles[i]
		if b.Report == nil || b.Report.NotBundle {
			if got.Findings != nil || got.Rules != nil {
				t.Errorf("%s: counts for a bundle whose findings mean nothing", b.Path)
			}
			continue
		}
		if got.Findings == nil || *got.Findings != len(b.Report.Findings) {
			t.Errorf("%s: findings %v, want %d", b.Path, got.Findings, len(b.Report.Findings))
		}
		seen := map[string]bool{}
		for _, f := range b.Report.Findings {
			findingsOf[f.Rule]++
			if !seen[f.Rule] {
				inBundles[f.Rule]++
				seen[f.Rule] = true
			}
		}
	}
	if len(doc.Rules) != len(findingsOf) {
		t.Errorf("%d rules, want %d", len(doc.Rules), len(findingsOf))
	}
	for _, r := range doc.Rules {
		if r.Bundles != inBundles[r.Rule] || r.Findings != findingsOf[r.Rule] {
			t.Errorf("%s: in %d bundles, %d findings; want %d, %d", r.Rule, r.Bundles, r.Findings, inBundles[r.Rule], findingsOf[r.Rule])
		}
	}
}

// TestSummaryNoBundles writes a summary of nothing in every format.
func TestSummaryNoBundles(t *testing.T) {
	want := map[Format]string{
		Text:     "BUNDLE  PLATFORM  PRODUCT  VERSION  STATUS  FINDINGS\n\nNo findings in any bundle.\nBundles: 0\n",
		Markdown: "| Bundle | Platform | Product | Version | Status | Findings |\n|---|---|---|---|---|---:|\n\nNo findings in any bundle.\n\nBundles: 0\n",
		CSV:      "path,platform,product,version,status,findings\n,,,,total,0\n",
		JSON:     "{\n  \"bundles\": [],\n  \"rules\": []\n}\n",
	}
	for _, f := range SummaryFormats {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, f, nil, nil); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want[f] {
			t.Errorf("%s: %q, want %q", f, buf.String(), want[f])
		}
	}
	if err := WriteSummary(&bytes.Buffer{}, "html", nil, nil); err == nil {
		t.Error("no error for a format WriteSummary does not write")
	}
}

// TestSummaryHostileText checks that text from a bundle cannot break a
// table: a path with a line break, a bar or an escape stays in its cell,
// and one that a spreadsheet would run as a formula is not one in CSV.
func TestSummaryHostileText(t *testing.T) {
	rep := &findings.Report{Platform: dart.PlatformWindows, Product: findings.ProductInfo{Name: "=cmd|' /C calc'!A0", Version: "4.8.03052"}, Findings: []findings.Finding{}}
	bundles := []Bundle{{Path: "a\nb|c\x1b[2J.zip", Report: rep}}
	for f, check := range map[Format]func(string) bool{
		Text: func(s string) bool { return strings.Count(s, "\n") == 5 && !strings.Contains(s, "\x1b") },
		Markdown: func(s string) bool {
			return strings.Contains(s, "| `a b\\|c\uFFFD[2J.zip` |") && strings.Contains(s, `=cmd\|'`)
		},
		CSV: func(s string) bool { return strings.Contains(s, `,'=cmd|' /C calc'!A0,`) },
	} {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, f, bundles, nil); err != nil {
			t.Fatal(err)
		}
		if !check(buf.String()) {
			t.Errorf("%s:\n%s", f, buf.String())
		}
	}
}

// TestWriteAligned checks that a column holding wide characters (Korean
// headings) lines up on a terminal, and that numbers align right.
func TestWriteAligned(t *testing.T) {
	var buf bytes.Buffer
	writeAligned(&buf, [][]string{{"번들", "발견", "x"}, {"a.zip", "12", "y"}, {"bundle.zip", "3", ""}}, func(i int) bool { return i == 1 })
	want := "번들        발견  x\n" +
		"a.zip         12  y\n" +
		"bundle.zip     3\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
