package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/dartkit/dartkit/report"
)

// renderer returns what writes the bundles' reports in format, or, with
// -summary, their fleet summary; the error says which formats there are.
func renderer(summary bool, format string) (func(io.Writer, []report.Bundle) error, error) {
	formats, write := report.Formats, report.Write
	if summary {
		formats, write = report.SummaryFormats, report.WriteSummary
	}
	f := report.Format(format)
	if !slices.Contains(formats, f) {
		var names []string
		for _, f := range formats {
			names = append(names, string(f))
		}
		with := ""
		if summary {
			with = " with -summary"
		}
		return nil, fmt.Errorf("unknown format %q%s (want %s or %s)", format, with, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	return func(w io.Writer, bundles []report.Bundle) error { return write(w, f, bundles, nil) }, nil
}

// isTerminal reports whether w is a terminal. Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// now is the progress's clock. Tests replace it.
var now = time.Now

// A progress shows how far the analysis of the bundles is, on one line
// of a terminal redrawn in place: "3/10 bundles, 12.5 MB/s". Nothing is
// shown in the first second, so a short run leaves no trace; nothing at
// all when the output is no terminal (a pipe, a file, a CI log). A nil
// *progress shows nothing.
type progress struct {
	w     io.Writer
	total int
	start time.Time

	mu    sync.Mutex
	done  int
	bytes int64     // the size of the inputs done
	shown bool      // a line is on the terminal
	drawn time.Time // when it was drawn
	tick  *time.Ticker
	quit  chan struct{}
	ended sync.WaitGroup
}

// startProgress returns the progress of the analysis of total bundles,
// shown on w if it is a terminal and redrawn every tenth of a second
// until stop; it returns nil when w is no terminal.
func startProgress(w io.Writer, total int) *progress {
	if !isTerminal(w) {
		return nil
	}
	p := newProgress(w, total)
	p.tick, p.quit = time.NewTicker(100*time.Millisecond), make(chan struct{})
	p.ended.Add(1)
	go func() {
		defer p.ended.Done()
		for {
			select {
			case <-p.tick.C:
				p.draw()
			case <-p.quit:
				return
			}
		}
	}()
	return p
}

// newProgress returns the progress of total bundles shown on w, which it
// draws only when asked to.
func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: now()}
}

// add counts the input at path as done, and draws the line.
func (p *progress) add(path string) {
	if p == nil {
		return
	}
	n := inputSize(path)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.bytes += n
	p.drawLocked()
}

// draw draws the line, once the run has lasted over a second, at most
// every tenth of a second.
func (p *progress) draw() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drawLocked()
}

func (p *progress) drawLocked() {
	t := now()
	elapsed := t.Sub(p.start)
	// Many small bundles are done faster than a terminal is worth
	// redrawing.
	if elapsed <= time.Second || t.Sub(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = t
	// \r goes back to the start of the line, and \x1b[K erases what a
	// longer line left after it.
	fmt.Fprintf(p.w, "\r%d/%d bundles, %.1f MB/s\x1b[K", p.done, p.total, float64(p.bytes)/1e6/elapsed.Seconds())
	p.shown = true
}

// stop stops the redrawing and erases the line, so that what is written
// next starts on a clean line.
func (p *progress) stop() {
	if p == nil {
		return
	}
	if p.tick != nil {
		p.tick.Stop()
		close(p.quit)
		p.ended.Wait()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// inputSize returns the size in bytes of the input at path: a file's, or
// the sum of a folder's files. It is 0 when it cannot be told.
func inputSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !fi.IsDir() {
		return fi.Size()
	}
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
