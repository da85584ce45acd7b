package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleet are sample bundles for -summary: several rules, one rule in
// several bundles, a clean bundle, one read in part and one missing.
var fleet = []string{
	bundles + "DARTBundle_0617_2021.zip",
	bundles + "dart-linux-technote.zip",
	bundles + "cert-chain-untrusted.zip",
	bundles + "macos-syslog.zip",
	bundles + "clean.zip",
	bundles + "truncated.zip",
	bundles + "missing.zip",
}

// -summary writes the fleet summary in each format, exits 2 as the
// reports would for the bundle read in part and the one missing, and
// says why on stderr.
func TestSummary(t *testing.T) {
	for format, ext := range map[string]string{"text": "txt", "markdown": "md", "csv": "csv", "json": "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := dartscan(t, append([]string{"-summary", "-format", format}, fleet...)...)
			assert.Equal(t, exitError, code)
			assert.Contains(t, stderr, "truncated.zip: analysis incomplete")
			assert.Contains(t, stderr, "missing.zip")
			golden.Check(t, filepath.Join("testdata", "summary."+ext), []byte(out))
		})
	}
}

// -summary takes -format csv, which the reports do not; each says which
// formats it takes.
func TestSummaryFormats(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-summary", "-format", "html"}, `dartscan: unknown format "html" with -summary (want text, markdown, csv or json)`},
		{[]string{"-format", "csv"}, `dartscan: unknown format "csv" (want text, json or markdown)`},
	} {
		code, out, stderr := dartscan(t, append(tt.args, bundles+"clean.zip")...)
		assert.Equal(t, exitError, code)
		assert.Empty(t, out)
		assert.Equal(t, tt.stderr+"\n", stderr)
	}
	code, out, _ := dartscan(t, "-summary", "-format", "csv", bundles+"clean.zip")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "path,platform,product,version,status,findings\n"), out)
}

// A clock is a fake clock that moves on by step each time it is read.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

// fakeClock replaces the progress's clock with one that moves on by step
// each time it is read, for the test.
func fakeClock(t *testing.T, step time.Duration) {
	old := now
	t.Cleanup(func() { now = old })
	now = (&clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: step}).now
}

// fakeTerminal makes every writer a terminal, for the test.
func fakeTerminal(t *testing.T) {
	old := isTerminal
	t.Cleanup(func() { isTerminal = old })
	isTerminal = func(io.Writer) bool { return true }
}

// On a terminal, a run that lasts over a second shows on stderr how many
// bundles are done and at what speed, redrawn in place, and erases it
// before the reports; the reports on stdout are unchanged.
func TestProgressOnTerminal(t *testing.T) {
	_, want, _ := dartscan(t, append([]string{"-summary"}, fleet...)...)
	fakeTerminal(t)
	fakeClock(t, 700*time.Millisecond)
	code, out, stderr := dartscan(t, append([]string{"-summary", "-j", "1"}, fleet...)...)
	assert.Equal(t, exitError, code)
	assert.Equal(t, want, out)
	n := len(fleet)
	for i := 2; i <= n; i++ {
		assert.Regexp(t, fmt.Sprintf(`\r%d/%d bundles, [0-9]+\.[0-9] MB/s\x1b\[K`, i, n), stderr)
	}
	// The line is erased before the messages about the bundles.
	last := strings.LastIndex(stderr, "\r\x1b[K")
	require.Positive(t, last, "%q", stderr)
	assert.NotContains(t, stderr[last:], "\r"+fmt.Sprint(n), "nothing drawn after the line is erased")
	assert.True(t, strings.HasPrefix(stderr[last+len("\r\x1b[K"):], "dartscan: "), "%q", stderr[last:])
}

// Nothing is shown when stderr is a pipe or a buffer, however long the
// run; nor on a terminal, when the run lasts under a second.
func TestProgressNotShown(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	var piped []byte
	done := make(chan struct{})
	go func() { piped, _ = io.ReadAll(r); close(done) }()
	fakeClock(t, time.Hour) // the run lasts long enough
	var out strings.Builder
	code := run(t.Context(), append([]string{"-summary"}, fleet...), &out, w)
	w.Close()
	<-done
	assert.Equal(t, exitError, code)
	assert.NotContains(t, string(piped), "bundles,")
	assert.NotContains(t, string(piped), "\r")
	assert.Contains(t, string(piped), "missing.zip", "stderr is the pipe")

	_, _, stderr := dartscan(t, append([]string{"-summary"}, fleet...)...)
	assert.NotContains(t, stderr, "\r", "a buffer is no terminal")

	fakeTerminal(t)
	fakeClock(t, time.Millisecond)
	_, _, stderr = dartscan(t, append([]string{"-summary"}, fleet...)...)
	assert.NotContains(t, stderr, "\r", "a run under a second shows nothing")
}

// The progress line says the bundles done and the megabytes a second of
// their inputs (a folder's files; nothing of an input that cannot be
// read), once the run has lasted over a second, and the line is erased
// at the end; it is drawn at most every tenth of a second.
func TestProgressLine(t *testing.T) {
	fakeClock(t, 500*time.Millisecond)
	dir := t.TempDir()
	file, folder := filepath.Join(dir, "3MB.zip"), filepath.Join(dir, "folder")
	require.NoError(t, os.Mkdir(folder, 0o755))
	for path, size := range map[string]int64{file: 3e6, filepath.Join(folder, "a.txt"): 1e6, filepath.Join(folder, "b.txt"): 2e6} {
		f, err := os.Create(path)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(size))
		require.NoError(t, f.Close())
	}
	var buf strings.Builder
	p := newProgress(&buf, 3) // started at 0.5 s
	p.add(file)               // 1.0 s
	p.draw()                  // 1.5 s
	assert.Empty(t, buf.String(), "nothing in the first second")
	p.draw() // 2.0 s: 3 MB in 1.5 s
	assert.Equal(t, "\r1/3 bundles, 2.0 MB/s\x1b[K", buf.String())
	buf.Reset()
	p.add(folder) // 2.5 s: 6 MB in 2 s, the folder's files counted
	assert.Equal(t, "\r2/3 bundles, 3.0 MB/s\x1b[K", buf.String())
	buf.Reset()
	p.add(filepath.Join(dir, "missing.zip")) // 3.0 s: 6 MB in 2.5 s
	assert.Equal(t, "\r3/3 bundles, 2.4 MB/s\x1b[K", buf.String())
	buf.Reset()
	p.stop()
	assert.Equal(t, "\r\x1b[K", buf.String(), "the line is erased")
	buf.Reset()
	p.stop()
	assert.Empty(t, buf.String(), "once")

	// Bundles done every 40 ms are drawn every 120 ms: the 26th (the
	// first after a second), the 29th, 32nd, 35th and 38th.
	fakeClock(t, 40*time.Millisecond)
	buf.Reset()
	p = newProgress(&buf, 40)
	for range 40 {
		p.add(file)
	}
	assert.Equal(t, 5, strings.Count(buf.String(), "\r"), "%q", buf.String())
	assert.True(t, strings.HasPrefix(buf.String(), "\r26/40 bundles") && strings.Contains(buf.String(), "\r38/40 bundles"), "%q", buf.String())

	var nilProgress *progress
	nilProgress.add("x.zip")
	nilProgress.stop()
}
