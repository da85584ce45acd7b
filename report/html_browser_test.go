package report

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dartkit/dartkit/findings"
)

// writeDocs makes TestHTMLInBrowser write the screenshot of the README,
// ../docs/report.png.
var writeDocs = flag.Bool("docs", false, "write docs/report.png, the HTML report of the TechNote sample")

// chromium returns the path of a Chromium to test the page in. Without
// one, the test fails under CI, where .ci/run installs Debian's package,
// and is skipped elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no Chromium to test the HTML report in: install Debian's package chromium (apt-get install -y chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium with an empty profile, in the zone
// of Seoul, so that a time the page let the browser convert would show.
// It makes no request of its own to any host.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Env("TZ=Asia/Seoul"),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// A pageWatch holds what a page did that it should not: console errors,
// exceptions, dialogs, and every request.
type pageWatch struct {
	mu       sync.Mutex
	problems []string
	requests []string
}

func watch(t *testing.T, ctx context.Context) *pageWatch {
	w := &pageWatch{}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				w.problems = append(w.problems, fmt.Sprintf("console.%s %s", ev.Type, argsText(ev.Args)))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			w.problems = append(w.problems, fmt.Sprintf("exception at %d:%d: %s", d.LineNumber, d.ColumnNumber, text))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				w.problems = append(w.problems, fmt.Sprintf("%s %s: %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *page.EventJavascriptDialogOpening:
			w.problems = append(w.problems, "a dialog opened: "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, ev.Request.URL)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func argsText(args []*runtime.RemoteObject) string {
	var s []string
	for _, a := range args {
		if a.Value != nil {
			s = append(s, string(a.Value))
		} else {
			s = append(s, a.Description)
		}
	}
	return strings.Join(s, " ")
}

// check fails t with what the pages did that they should not have, and
// with any request but for the pages themselves.
func (w *pageWatch) check(t *testing.T, pageURLs ...string) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("the page: %s", p)
	}
	if len(w.requests) == 0 {
		t.Error("no request seen, not even the page's: the network is not watched")
	}
	for _, r := range w.requests {
		if !slices.Contains(pageURLs, r) && !strings.HasPrefix(r, "data:") {
			t.Errorf("the page requested %s", r)
		}
	}
}

// writePage writes the page of bundles to a file in dir and returns its
// URL.
func writePage(t *testing.T, dir string, bundles []Bundle) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, bundles, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, as ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, as...); err != nil {
		t.Fatal(err)
	}
}

// A drawnMark is an evidence mark as the page drew it, with the scale of
// its timeline.
type drawnMark struct {
	EV, Sev        string
	T, X           float64
	T0, T1, X0, X1 float64
}

// marksJS returns the evidence marks drawn in a bundle's section.
const marksJS = `(sel) => Array.from(document.querySelectorAll(sel + ' g.evmark')).map(g => {
	const s = g.closest('svg').dataset;
	return {EV: g.dataset.ev, Sev: g.dataset.sev, T: +g.dataset.t, X: +g.querySelector('line.mark').getAttribute('x1'),
		T0: +s.t0, T1: +s.t1, X0: +s.x0, X1: +s.x1};
})`

func drawnMarks(t *testing.T, ctx context.Context, section string) []drawnMark {
	t.Helper()
	return run(t, ctx, chromedp.Evaluate[[]drawnMark](fmt.Sprintf("(%s)(%q)", marksJS, section)))
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return run(t, ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
}

// expectedMarks returns, for the evidence element ids of the page of b
// (the first of its page), the time of each timed evidence as the bundle
// wrote it, in milliseconds read as UTC.
func expectedMarks(b Bundle) map[string]float64 {
	fs := slices.Clone(b.Report.Findings)
	slices.SortStableFunc(fs, func(x, y findings.Finding) int { return cmp.Compare(y.Severity, x.Severity) })
	want := map[string]float64{}
	for fi, f := range fs {
		for ei, e := range f.Evidence {
			if e.Time.IsZero() {
				continue
			}
			wall := time.Date(e.Time.Year(), e.Time.Month(), e.Time.Day(), e.Time.Hour(), e.Time.Minute(), e.Time.Second(), e.Time.Nanosecond(), time.UTC)
			want[fmt.Sprintf("b0-f%d-e%d", fi, ei)] = float64(wall.UnixMilli())
		}
	}
	return want
}

// withSecondFinding adds to b a finding of high severity whose evidence,
// among the other's, has records before and after it.
func withSecondFinding(b Bundle) Bundle {
	rep := *b.Report
	at := time.Date(2020, 6, 17, 20, 22, 10, 0, time.UTC)
	line := func(n int, d time.Duration, text string) findings.ContextLine {
		return findings.ContextLine{Line: n, Time: at.Add(d), Text: text}
	}
	rep.Findings = append(slices.Clone(rep.Findings), findings.Finding{
		Rule: "test-second", Severity: findings.SeverityHigh, Title: "A second finding", Summary: "Evidence with its neighbours.",
		Evidence: []findings.Evidence{
			{File: "AnyConnect.txt", Line: 40, Time: at, Text: "the record itself",
				Before: []findings.ContextLine{line(38, -2*time.Second, "two before"), line(39, -time.Second, "one before")},
				After:  []findings.ContextLine{line(41, time.Second, "one after")}},
			{File: "AnyConnect.txt", Line: 50, Time: at.Add(20 * time.Second), Text: "another record"},
		},
	})
	b.Report = &rep
	return b
}

// TestHTMLInBrowser opens the HTML report in a headless Chromium from
// disk and checks that it loads with no error and no request, that each
// timed evidence record has one mark at its time on the axis, that
// filtering by severity and source hides what it should, that a click on
// evidence or on its mark shows its neighbours, and that text from a
// bundle runs no script. The screenshot goes to $TEST_ARTIFACTS if it is
// set, and to the test's artifacts otherwise (kept with go test
// -artifacts).
func TestHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t, 1280, 1000)
	technote := analyzeForHTML(t, "../testdata/bundles/dart-windows-technote.zip", "../testdata/captures/technote.pcapng")
	b0 := withSecondFinding(technote)
	pageURL := writePage(t, t.TempDir(), []Bundle{b0, hostileBundle(), {Path: "missing.zip", Err: errors.New("missing.zip: no such file")}})
	w := watch(t, ctx)
	do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("#b1 .plot svg")))

	// One mark per timed evidence record, at its time on the axis.
	want := expectedMarks(b0)
	marks := drawnMarks(t, ctx, "#b0")
	if len(marks) != len(want) || len(want) < 10 {
		t.Errorf("%d evidence marks, want %d", len(marks), len(want))
	}
	seen := map[string]bool{}
	for _, m := range marks {
		wt, ok := want[m.EV]
		switch {
		case !ok:
			t.Errorf("a mark of %s, which is no timed evidence", m.EV)
			continue
		case seen[m.EV]:
			t.Errorf("two marks of %s", m.EV)
		case m.T != wt:
			t.Errorf("%s: marked at %s, want %s", m.EV, time.UnixMilli(int64(m.T)).UTC(), time.UnixMilli(int64(wt)).UTC())
		}
		seen[m.EV] = true
		if x := m.X0 + (wt-m.T0)/(m.T1-m.T0)*(m.X1-m.X0); math.Abs(x-m.X) > 0.01 || m.X < m.X0 || m.X > m.X1 {
			t.Errorf("%s: at x %.2f, want %.2f on the axis [%g, %g] → [%g, %g]", m.EV, m.X, x, m.T0, m.T1, m.X0, m.X1)
		}
	}
	// The axis's labels are the bundle's times, whatever the browser's
	// zone: each "HH:MM:SS" or "HH:MM" label sits at its time.
	ticks := run(t, ctx, chromedp.Evaluate[[]struct {
		Label string
		X     float64
	}](`Array.from(document.querySelectorAll('#b0 .axis text')).map(e => ({Label: e.textContent, X: +e.getAttribute('x')}))`))
	if len(ticks) < 3 {
		t.Errorf("%d ticks on the axis", len(ticks))
	}
	day := time.UnixMilli(int64(marks[0].T)).UTC().Truncate(24 * time.Hour)
	for _, tk := range ticks {
		clock := tk.Label[strings.LastIndex(tk.Label, " ")+1:]
		var h, m, s int
		if n, _ := fmt.Sscanf(clock, "%d:%d:%d", &h, &m, &s); n < 2 {
			t.Errorf("tick %q is not a time of day", tk.Label)
			continue
		}
		at := float64(day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second).UnixMilli())
		m0 := marks[0]
		if x := m0.X0 + (at-m0.T0)/(m0.T1-m0.T0)*(m0.X1-m0.X0); math.Abs(x-tk.X) > 0.01 {
			t.Errorf("tick %q at x %.2f, want %.2f", tk.Label, tk.X, x)
		}
	}

	// The CSCvu39643 failures, 15 s apart, are marks well apart.
	cadence := 0
	for _, a := range marks {
		for _, b := range marks {
			if a.Sev == "medium" && b.Sev == "medium" && b.T-a.T == 15000 {
				cadence++
				if b.X-a.X < 20 {
					t.Errorf("marks 15 s apart are %.1f px apart", b.X-a.X)
				}
			}
		}
	}
	if cadence < 7 {
		t.Errorf("%d pairs of marks 15 s apart, want the 7 of the failures at least", cadence)
	}

	// Filtering a severity hides its marks, its row and its findings, and
	// nothing else.
	bySev := func() map[string]int {
		n := map[string]int{}
		for _, m := range drawnMarks(t, ctx, "#b0") {
			n[m.Sev]++
		}
		return n
	}
	before := bySev()
	if before["medium"] == 0 || before["high"] != 2 {
		t.Fatalf("marks by severity %v, want medium and 2 high", before)
	}
	sev := chromedp.CSS(`#b0-tl input[data-filter="sev"][value="medium"]`)
	do(t, ctx, chromedp.Click(sev))
	if got := bySev(); got["medium"] != 0 || got["high"] != before["high"] {
		t.Errorf("medium filtered out: marks by severity %v, want %d high only", got, before["high"])
	}
	if n := count(t, ctx, `#b0 g.row[data-sev="medium"]`); n != 0 {
		t.Errorf("medium filtered out: %d rows of medium findings", n)
	}
	if n := count(t, ctx, `#b0 article.finding[data-sev="medium"]:not([hidden])`); n != 0 {
		t.Errorf("medium filtered out: %d medium findings shown", n)
	}
	if n := count(t, ctx, `#b0 article.finding[data-sev="high"]:not([hidden])`); n != 1 {
		t.Errorf("medium filtered out: %d high findings shown, want 1", n)
	}
	do(t, ctx, chromedp.Click(sev))
	if got := bySev(); !maps.Equal(got, before) {
		t.Errorf("medium filtered in again: marks by severity %v, want %v", got, before)
	}

	// Filtering a source hides its row, and the capture's failures their
	// marks.
	sources := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#b0-tl input[data-filter="src"]')).map(e => e.value)`))
	if !slices.Contains(sources, string(MarkDNSFailure)) || !slices.Contains(sources, string(MarkMessage)) || len(sources) < 4 {
		t.Fatalf("source filters %q, want the sources, the messages and the capture's", sources)
	}
	src := sources[0]
	rows := count(t, ctx, "#b0 g.row")
	if count(t, ctx, fmt.Sprintf(`#b0 g.row[data-src=%q]`, src)) != 1 {
		t.Fatalf("no row of source %s", src)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#b0-tl input[data-filter="src"][value=%q]`, src))))
	if n := count(t, ctx, fmt.Sprintf(`#b0 g.row[data-src=%q]`, src)); n != 0 || count(t, ctx, "#b0 g.row") != rows-1 {
		t.Errorf("source %s filtered out: %d of its rows, %d rows of %d", src, n, count(t, ctx, "#b0 g.row"), rows)
	}
	failures, queries := count(t, ctx, `#b0 g.tlmark[data-kind="dns-failure"]`), count(t, ctx, `#b0 g.tlmark[data-kind="dns-query"]`)
	if failures == 0 || queries == 0 || count(t, ctx, `#b0 g.tlmark[data-kind="message"]`) == 0 {
		t.Errorf("%d DNS failures, %d queries and %d messages marked", failures, queries, count(t, ctx, `#b0 g.tlmark[data-kind="message"]`))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#b0-tl input[data-filter="src"][value="dns-failure"]`)))
	if n, q := count(t, ctx, `#b0 g.tlmark[data-kind="dns-failure"]`), count(t, ctx, `#b0 g.tlmark[data-kind="dns-query"]`); n != 0 || q != queries {
		t.Errorf("DNS failures filtered out: %d failures and %d queries marked, want 0 and %d", n, q, queries)
	}

	// A click on evidence shows it among its neighbours; a click on a mark
	// shows its evidence.
	shown := func(id string) string {
		return run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => { const c = document.getElementById(%q).querySelector('.ctx'); return c.hidden ? '' : c.textContent; })()`, id)))
	}
	if shown("b0-f0-e0") != "" {
		t.Error("the neighbours show before a click")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#b0-f0-e0 .ev-text")))
	if ctxText := shown("b0-f0-e0"); !strings.Contains(ctxText, "two before") || !strings.Contains(ctxText, "one after") || !strings.Contains(ctxText, "the record itself") {
		t.Errorf("clicked evidence shows %q, want its neighbours", ctxText)
	}
	medium := ""
	for _, m := range marks {
		if m.Sev == "medium" {
			medium = m.EV
			break
		}
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('#b0 g.evmark[data-ev=%q]').dispatchEvent(new MouseEvent('click', {bubbles: true}))`, medium)))
	if shown(medium) == "" {
		t.Errorf("a click on the mark of %s does not show it", medium)
	}

	// Zooming in halves the range shown.
	span := func() float64 {
		return run(t, ctx, chromedp.Evaluate[float64](`(() => { const s = document.querySelector('#b0 .plot svg').dataset; return s.t1 - s.t0; })()`))
	}
	s0 := span()
	do(t, ctx, chromedp.Click(chromedp.CSS(`#b0-tl button[data-zoom="in"]`)))
	if s1 := span(); math.Abs(s1-s0/2) > 1 {
		t.Errorf("zoomed in: %g ms shown, want %g", s1, s0/2)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#b0-tl button[data-zoom="reset"]`)))
	if s := span(); s != s0 {
		t.Errorf("reset: %g ms shown, want %g", s, s0)
	}

	// Dragging across the timeline zooms to the range dragged, to the
	// pixel: here from the first failure to the third, 30 s.
	brushed := run(t, ctx, chromedp.Evaluate[[]float64](`(() => {
		const svg = document.querySelector('#b0 .plot svg'), s = svg.dataset, box = svg.getBoundingClientRect();
		const scale = box.width / svg.viewBox.baseVal.width;
		const client = t => box.left + (+s.x0 + (t - s.t0) / (s.t1 - s.t0) * (s.x1 - s.x0)) * scale;
		const a = Date.UTC(2020, 5, 17, 20, 21, 32), b = Date.UTC(2020, 5, 17, 20, 22, 2), y = box.top + 30 * scale;
		svg.querySelector('rect').dispatchEvent(new MouseEvent('mousedown', {bubbles: true, clientX: client(a), clientY: y}));
		svg.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: client(b), clientY: y}));
		window.dispatchEvent(new MouseEvent('mouseup', {bubbles: true, clientX: client(b), clientY: y}));
		const z = document.querySelector('#b0 .plot svg').dataset;
		return [+z.t0, +z.t1, (s.t1 - s.t0) / box.width];
	})()`))
	if want0, want1 := float64(time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC).UnixMilli()), float64(time.Date(2020, 6, 17, 20, 22, 2, 0, time.UTC).UnixMilli()); len(brushed) != 3 || math.Abs(brushed[0]-want0) > brushed[2] || math.Abs(brushed[1]-want1) > brushed[2] {
		t.Errorf("dragged from %g to %g: shows %v (ms, ms, ms a pixel)", want0, want1, brushed)
	}
	if n := len(drawnMarks(t, ctx, "#b0")); n >= len(want) || n < 3 {
		t.Errorf("zoomed to 30 s: %d evidence marks drawn", n)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#b0-tl button[data-zoom="reset"]`)))

	// Text from the bundle shows, as text.
	h2 := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#b1 h2').textContent`))
	if !strings.HasPrefix(h2, "</script><script>alert(1)</script><!--") {
		t.Errorf("the hostile bundle's name shows as %q", h2)
	}
	if txt := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#b2').textContent`)); !strings.Contains(txt, "missing.zip: no such file") {
		t.Errorf("the bundle not analysed shows %q", txt)
	}
	if n := count(t, ctx, "script"); n != 4 {
		t.Errorf("%d script elements, want 4", n)
	}

	// On paper: no controls, no neighbours, the timeline as it is.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed := run(t, ctx, chromedp.Evaluate[map[string]string](`(() => {
		const shown = sel => { const e = document.querySelector(sel); return e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0 ? 'shown' : 'hidden'; };
		return {controls: shown('#b0-tl .controls'), timeline: shown('#b0 .plot svg'), context: shown('#b0-f0-e0 .ctx'), evidence: shown('#b0-f0-e0 .ev-text')};
	})()`))
	if want := map[string]string{"controls": "hidden", "timeline": "shown", "context": "hidden", "evidence": "shown"}; !maps.Equal(printed, want) {
		t.Errorf("printed: %v, want %v", printed, want)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	shot := run(t, ctx, chromedp.FullScreenshot(100))
	dir := os.Getenv("TEST_ARTIFACTS")
	if dir == "" {
		dir = t.ArtifactDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	w.check(t, pageURL)
}

// TestHTMLScreenshot writes the screenshot of the TechNote sample's
// report that the README shows, with go test -run HTMLScreenshot -docs.
func TestHTMLScreenshot(t *testing.T) {
	if !*writeDocs {
		t.Skip("writes docs/report.png with -docs")
	}
	ctx := browser(t, 1200, 1700)
	b := analyzeForHTML(t, "../testdata/bundles/dart-windows-technote.zip", "../testdata/captures/technote.pcapng")
	b.Path = "dart-windows-technote.zip"
	pageURL := writePage(t, t.TempDir(), []Bundle{b})
	w := watch(t, ctx)
	do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("#b0 .plot svg")),
		chromedp.Click(chromedp.CSS("#b0-f0-e1 .ev-text")),
		chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)"))
	shot := run(t, ctx, chromedp.CaptureScreenshot())
	if err := os.WriteFile("../docs/report.png", shot, 0o644); err != nil {
		t.Fatal(err)
	}
	w.check(t, pageURL)
}

// TestDiffHTMLInBrowser opens the pages of diffs in a headless Chromium
// from disk, a sample's and a hostile one's, and checks that each loads
// with no error and no request, runs no script, shows its new, resolved
// and persisting findings in three sections with their counts, opens
// evidence's neighbours on a click, and prints its findings.
func TestDiffHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t, 1280, 1000)
	diffs := []*findings.Diff{hostileDiff()}
	for _, tc := range diffCases {
		diffs = append(diffs, findings.DiffReports(sampleReport(t, tc.before), sampleReport(t, tc.after)))
	}
	w := watch(t, ctx)
	dir := t.TempDir()
	var urls []string
	for i, d := range diffs {
		var buf bytes.Buffer
		if err := WriteDiffHTML(&buf, d, nil); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("diff%d.html", i))
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		pageURL := (&url.URL{Scheme: "file", Path: path}).String()
		urls = append(urls, pageURL)
		do(t, ctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS("#persisting")))

		type part struct {
			Heading        string
			Count, Written int
		}
		parts := run(t, ctx, chromedp.Evaluate[[]struct {
			ID string
			part
		}](`Array.from(document.querySelectorAll('section.part')).map(s => ({ID: s.id, Heading: s.querySelector('h3').textContent,
			Count: s.querySelectorAll('article.finding').length, Written: +s.dataset.count}))`))
		want := []struct {
			id string
			n  int
		}{{"new", len(d.New)}, {"resolved", len(d.Resolved)}, {"persisting", len(d.Persisting)}}
		if len(parts) != len(want) {
			t.Fatalf("diff %d: sections %+v, want new, resolved and persisting", i, parts)
		}
		for j, p := range parts {
			if p.ID != want[j].id || p.Count != want[j].n || p.Written != want[j].n || !strings.HasSuffix(p.Heading, fmt.Sprintf("(%d)", want[j].n)) {
				t.Errorf("diff %d: section %+v, want %s with %d findings", i, p, want[j].id, want[j].n)
			}
		}
		if n := count(t, ctx, "script"); n != 0 {
			t.Errorf("diff %d: %d script elements, want none", i, n)
		}
		title := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('h1').textContent`))
		if want := "dartkit diff: " + OneLine(d.Before.Bundle) + " → " + OneLine(d.After.Bundle); title != want {
			t.Errorf("diff %d: heading %q, want %q", i, title, want)
		}
	}

	// The hostile diff's evidence shows its neighbours on a click, and
	// the severity it had; on paper, the findings and no neighbours.
	do(t, ctx, chromedp.Navigate(urls[0]), chromedp.WaitReady(chromedp.CSS("#persisting")))
	neighbours := `document.querySelector('#persisting-f0-e0 .ctx')`
	visible := func(js string) bool {
		return run(t, ctx, chromedp.Evaluate[bool](`(`+js+`).checkVisibility()`))
	}
	if visible(neighbours) {
		t.Error("the neighbours show before a click")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#persisting-f0-e0 details summary")))
	if !visible(neighbours) {
		t.Error("a click does not show the neighbours")
	}
	if txt := run(t, ctx, chromedp.Evaluate[string](neighbours+`.textContent`)); strings.Count(txt, "</script><script>alert(1)</script>") != 3 {
		t.Errorf("the neighbours show %q, want the record and two neighbours, as text", txt)
	}
	sevs := run(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#persisting-f0 h4 .sev')).map(e => e.textContent).join(' ')`))
	if sevs != "LOW HIGH" {
		t.Errorf("the persisting finding's severities %q, want LOW HIGH", sevs)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if !visible(`document.querySelector('#persisting-f0 .ev-text')`) || !visible(`document.querySelector('#new-f0')`) || visible(neighbours) {
		t.Error("printed: want the findings and their evidence, without neighbours")
	}
	w.check(t, urls...)
}
