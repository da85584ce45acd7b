package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
)

// TestHTMLGolden writes the HTML report of every sample bundle and
// compares it with testdata/html/NAME.html. The inlined style sheet and
// script, and the policy that holds their hashes, are left out of the
// goldens (TestHTMLSelfContained checks them): a change to the script
// would otherwise rewrite every golden.
func TestHTMLGolden(t *testing.T) {
	paths, err := filepath.Glob("../testdata/bundles/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		if strings.HasSuffix(p, ".md") {
			continue
		}
		n++
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".zip"), ".tar.gz")
		t.Run(name, func(t *testing.T) {
			b := analyzeForHTML(t, p, "")
			b.Path = filepath.Base(p)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, []Bundle{b}, nil); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "html", name+".html"), elideAssets(t, buf.Bytes()))
		})
	}
	if n < 20 {
		t.Fatalf("%d sample bundles", n)
	}
}

// elideAssets replaces the page's style sheet, script and policy with
// their names.
func elideAssets(t *testing.T, page []byte) []byte {
	t.Helper()
	for _, a := range []struct{ text, name string }{
		{htmlCSS, "/* html/report.css */"},
		{htmlJS, "/* html/report.js */"},
	} {
		if bytes.Count(page, []byte(a.text)) != 1 {
			t.Fatalf("the page holds %s %d times, want once", a.name, bytes.Count(page, []byte(a.text)))
		}
		page = bytes.Replace(page, []byte(a.text), []byte(a.name), 1)
	}
	return cspRE.ReplaceAll(page, []byte(`${1}POLICY${2}`))
}

var cspRE = regexp.MustCompile(`(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)`)

// analyzeForHTML analyses the bundle at path as dartscan does for an HTML
// report, with the capture at capturePath if it is not empty: with the
// evidence's context, and its Timeline recorded.
func analyzeForHTML(t testing.TB, path, capturePath string) Bundle {
	t.Helper()
	ctx := context.Background()
	b, err := dart.Open(ctx, path, nil)
	if err != nil {
		return Bundle{Path: path, Err: err}
	}
	defer b.Close()
	opts := &findings.Options{Context: 3}
	if capturePath != "" {
		f, err := os.Open(capturePath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if opts.Capture, err = findings.ReadCapture(ctx, f, filepath.Base(capturePath)); err != nil {
			t.Fatal(err)
		}
	}
	rec := NewTimelineRecorder()
	rec.Attach(opts)
	rep, err := findings.Analyze(ctx, b, rules.All(), opts)
	if err != nil {
		return Bundle{Path: path, Err: err}
	}
	rep.Bundle = path
	return Bundle{Path: path, Report: rep, Timeline: rec.Timeline(rep)}
}

// TestHTMLSelfContained checks that a page asks for nothing outside
// itself: its policy forbids every source but its own script and style,
// by their hashes, and data: images; it loads no script, style, image or
// frame from elsewhere.
func TestHTMLSelfContained(t *testing.T) {
	b := analyzeForHTML(t, "../testdata/bundles/dart-windows-technote.zip", "../testdata/captures/technote.pcapng")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, []Bundle{b}, nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	m := cspRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no Content-Security-Policy")
	}
	csp := html.UnescapeString(strings.TrimSuffix(strings.TrimPrefix(m[0], m[1]), m[2]))
	for _, want := range []string{"default-src 'none'", "img-src data:", "base-uri 'none'", "form-action 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the policy %q lacks %q", csp, want)
		}
	}
	scripts := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(page, -1)
	if len(scripts) != 1 || len(styles) != 1 {
		t.Fatalf("%d scripts and %d style sheets run, want one each", len(scripts), len(styles))
	}
	if want := "script-src '" + cspHash(scripts[0][1]) + "'"; !strings.Contains(csp, want) {
		t.Errorf("the policy %q does not allow the page's script (%s)", csp, want)
	}
	if want := "style-src '" + cspHash(styles[0][1]) + "'"; !strings.Contains(csp, want) {
		t.Errorf("the policy %q does not allow the page's style (%s)", csp, want)
	}
	if got := regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1); len(got) != 3 {
		t.Errorf("script elements %q, want the texts, the timeline's data and the script", got)
	}
	for _, re := range []string{`(?i)\ssrc=`, `(?i)<link(?:[^>](?:[^d]|d[^a]))*>`, `(?i)url\(`, `(?i)@import`, `(?i)<(?:iframe|img|object|embed)`} {
		if loc := regexp.MustCompile(re).FindStringIndex(page); loc != nil {
			t.Errorf("the page loads something: %q", page[max(0, loc[0]-40):min(len(page), loc[1]+40)])
		}
	}
	if !strings.Contains(page, `<link rel="icon" href="data:,">`) {
		t.Error("no favicon of its own: a browser would ask for one")
	}
}

// hostileText is text from a bundle that would run script if the page
// wrote it as it is.
const hostileText = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> ]]> \u2028 \x1b[31m"

// hostileBundle returns a bundle whose path, comment, evidence, marks and
// sources hold hostileText.
func hostileBundle() Bundle {
	at := time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC)
	ctx := []findings.ContextLine{{Line: 7, Time: at.Add(-time.Second), Text: hostileText}}
	rep := &findings.Report{
		Bundle:   hostileText,
		Format:   "zip",
		Platform: dart.PlatformWindows,
		Facts:    &dart.Facts{},
		Findings: []findings.Finding{{
			Rule:        "hostile",
			Severity:    findings.SeverityHigh,
			Title:       hostileText,
			Summary:     hostileText,
			Evidence:    []findings.Evidence{{File: hostileText, Line: 8, Time: at, Text: hostileText, Note: hostileText, Before: ctx, After: ctx}},
			Remediation: []string{hostileText},
			References:  []findings.Reference{{Kind: "doc", Title: hostileText, URL: "javascript:alert(3)"}},
		}},
		Errors:     []string{hostileText},
		Incomplete: true,
	}
	rep.Facts.Comment.Text = hostileText
	rep.Facts.Comment.Source.File = "comments.txt"
	return Bundle{
		Path:   hostileText,
		Report: rep,
		Timeline: &Timeline{
			Start: at.Add(-time.Minute), End: at.Add(time.Minute), Bin: 10 * time.Second,
			Sources: []SourceCounts{{Source: hostileText, Counts: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}},
			Marks:   []Mark{{Time: at, Kind: MarkMessage, Text: hostileText, File: hostileText, Line: 9}},
		},
	}
}

// TestHTMLHostile checks that text from a bundle cannot close or open an
// element: the page runs one script, its own, and the text is escaped
// wherever it is written.
func TestHTMLHostile(t *testing.T) {
	var buf bytes.Buffer
	bundles := []Bundle{hostileBundle(), {Path: hostileText, Err: errors.New(hostileText)}}
	if err := WriteHTML(&buf, bundles, nil); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script>alert", "<!--", "<img", `href="javascript:`} {
		if strings.Contains(page, bad) {
			i := strings.Index(page, bad)
			t.Errorf("the page holds %q: %q", bad, page[max(0, i-60):min(len(page), i+60)])
		}
	}
	if n := strings.Count(page, "<script"); n != 3 {
		t.Errorf("%d script elements, want 3 (texts, data, script)", n)
	}
	// The timeline's data still holds the text, escaped, whole.
	m := regexp.MustCompile(`(?s)<script type="application/json" class="tl-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no timeline data")
	}
	var tl htmlTimeline
	if err := json.Unmarshal([]byte(m[1]), &tl); err != nil {
		t.Fatal(err)
	}
	if len(tl.Marks) != 1 || !strings.HasPrefix(tl.Marks[0].Text, "</script><script>alert(1)</script><!--") {
		t.Errorf("marks %+v, want one with the hostile text", tl.Marks)
	}
	if len(tl.Sources) != 1 || tl.Sources[0].Name != OneLine(hostileText) {
		t.Errorf("sources %+v, want the hostile one", tl.Sources)
	}
}

// TestHTMLBounds checks that a page embeds bounded data of a timeline of
// any size: at most maxHTMLBins bins, maxHTMLSources rows and
// maxHTMLMarks marks of a kind, and says what it left out.
func TestHTMLBounds(t *testing.T) {
	start := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	const bins, sources = 100_000, 60
	tl := &Timeline{Start: start, End: start.Add(bins * time.Second), Bin: time.Second}
	total := 0
	for i := range sources {
		c := make([]int, bins)
		for j := range c {
			c[j] = (i + j) % 3
			total += c[j]
		}
		tl.Sources = append(tl.Sources, SourceCounts{Source: fmt.Sprintf("source%02d", i), Counts: c})
	}
	for i := range 5000 {
		tl.Marks = append(tl.Marks, Mark{Time: start.Add(time.Duration(i) * 15 * time.Second), Kind: MarkDNSFailure, Text: strings.Repeat("x", 1000), File: "c.pcap", Line: i + 1})
	}
	tl.Marks = append(tl.Marks, Mark{Time: start, Kind: MarkMessage, Text: "Unable to lookup host names."})
	rep := &findings.Report{Facts: &dart.Facts{}}
	h := newHTMLTimeline(nil, nil, tl)
	if len(h.Sources) != maxHTMLSources {
		t.Errorf("%d source rows, want %d", len(h.Sources), maxHTMLSources)
	}
	sum := 0
	for _, s := range h.Sources {
		if len(s.Counts) > maxHTMLBins {
			t.Errorf("%s: %d bins", s.Name, len(s.Counts))
		}
		for _, c := range s.Counts {
			sum += c
		}
	}
	if sum != total {
		t.Errorf("the rows count %d records, want %d", sum, total)
	}
	if want := map[string]int{string(MarkDNSFailure): 5000 - maxHTMLMarks}; !maps.Equal(h.Omitted, want) {
		t.Errorf("omitted %v, want %v", h.Omitted, want)
	}
	kinds := map[string]int{}
	for _, m := range h.Marks {
		kinds[m.Kind]++
		if len(m.Text) > maxHTMLMarkText+len("…") {
			t.Fatalf("a mark's text of %d bytes", len(m.Text))
		}
	}
	if kinds[string(MarkDNSFailure)] != maxHTMLMarks || kinds[string(MarkMessage)] != 1 {
		t.Errorf("marks by kind %v", kinds)
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, []Bundle{{Path: "big", Report: rep, Timeline: tl}}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Marks left out of the timeline, to keep the page light: DNS failures (capture): 4000.") {
		t.Error("the page does not say which marks it left out")
	}
	if !strings.Contains(buf.String(), `value="*other*"> 37 other sources</label>`) {
		t.Error("the page does not name the row of the other sources")
	}
	if buf.Len() > 1<<20 {
		t.Errorf("the page takes %d bytes", buf.Len())
	}
}

// TestHTMLWithoutTimeline checks that without a Timeline the evidence
// alone gives the axis, and that a report with no time draws nothing.
func TestHTMLWithoutTimeline(t *testing.T) {
	b := analyzeForHTML(t, "../testdata/bundles/DARTBundle_0617_2021.zip", "")
	b.Timeline = nil
	h := newHTMLTimeline(nil, htmlFindings(t, b), nil)
	if h == nil || len(h.Sources) != 0 || len(h.Marks) != 0 || len(h.Findings) == 0 {
		t.Fatalf("timeline %+v, want the findings' evidence alone", h)
	}
	for _, f := range h.Findings {
		for _, m := range f.Marks {
			if m.T < h.T0 || m.T > h.T1 {
				t.Errorf("mark %v outside the axis [%d, %d]", m, h.T0, h.T1)
			}
		}
	}
	if h := newHTMLTimeline(nil, nil, nil); h != nil {
		t.Errorf("timeline %+v of nothing, want nil", h)
	}
}

// htmlFindings returns the findings of b as the page shows them.
func htmlFindings(t *testing.T, b Bundle) []htmlFinding {
	hb, err := newHTMLBundle(nil, 0, b)
	if err != nil {
		t.Fatal(err)
	}
	return hb.Findings
}

// TestHTMLTimes checks that times are shown as the bundle wrote them:
// wall clocks, whatever the zone, and on the axis the same.
func TestHTMLTimes(t *testing.T) {
	east := time.FixedZone("", 9*3600)
	for _, c := range []struct {
		t     time.Time
		zoned bool
		text  string
		ms    int64
	}{
		{time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC), false, "2020-06-17 20:21:32", 1592425292000},
		{time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC), true, "2020-06-17 20:21:32 UTC", 1592425292000},
		{time.Date(2020, 6, 17, 20, 21, 32, 250e6, east), true, "2020-06-17 20:21:32.250 +09:00", 1592425292250},
	} {
		if got := evidenceTime(c.t, c.zoned); got != c.text {
			t.Errorf("evidenceTime(%v, %v) = %q, want %q", c.t, c.zoned, got, c.text)
		}
		if got := wallMillis(c.t); got != c.ms {
			t.Errorf("wallMillis(%v) = %d, want %d", c.t, got, c.ms)
		}
	}
}

// TestHTMLKorean checks that the page's own texts are in Korean when it
// is asked for.
func TestHTMLKorean(t *testing.T) {
	en, ko := htmlTexts((*Options)(nil).printer()), htmlTexts((&Options{Language: language.Korean}).printer())
	for k, v := range en {
		if k == "lookedFor" {
			continue // the package's, not the page's
		}
		if ko[k] == v {
			t.Errorf("%s: %q has no Korean", k, v)
		}
	}
	p := (&Options{Language: language.Korean}).printer()
	for _, s := range []findings.Severity{findings.SeverityInfo, findings.SeverityLow, findings.SeverityMedium, findings.SeverityHigh, findings.SeverityCritical} {
		if l := severityLabel(p, s); l == strings.ToUpper(s.String()) {
			t.Errorf("severity %s has no Korean", s)
		}
	}
	// Every text the page prints has its Korean, but for those the rest of
	// the package prints too: the findings' titles and remediation, and
	// the summary's labels.
	others := map[string]bool{findings.LookedFor: true}
	technote := analyzeForHTML(t, "../testdata/bundles/dart-windows-technote.zip", "../testdata/captures/technote.pcapng")
	for _, b := range []Bundle{technote, hostileBundle()} {
		for _, f := range b.Report.Findings {
			others[f.Title] = true
			for _, s := range f.Remediation {
				others[s] = true
			}
		}
		for _, row := range summaryRows(b.Report, nil) {
			others[row[0]] = true
		}
	}
	stop := i18n.Record()
	var buf bytes.Buffer
	err := WriteHTML(&buf, []Bundle{hostileBundle(), technote}, &Options{Language: language.Korean})
	missing := stop()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range missing {
		if !others[key] {
			t.Errorf("no Korean for %q", key)
		}
	}
	for _, want := range []string{`<html lang="ko">`, "dartkit 보고서", "타임라인", "발견 사항 (1)"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the Korean page lacks %q", want)
		}
	}
}
