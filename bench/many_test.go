package bench

import (
	"context"
	"github.com/dartkit/dartkit/bench/internal/cputime"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/hostile"
)

// manyEntries is the size of the bundle of many small files: as many
// entries as dart.Limits allows by default.
const manyEntries = 100000

// BenchmarkManyEntriesAnalyze opens a zip of 100,000 small entries
// (hostile.ManySeeded: profiles, small logs, system information and files
// of no kind, a quarter each) and analyses it with every built-in rule, as
// dartscan does before it renders. Beside time and allocations it reports
// the CPU time of an op, all goroutines and the collector included
// ("cpu-ns/op"), the peak of the heap's object bytes during an op above
// what the process held before it ("peak-heap-MiB"), and what is live once
// the report is made, the bundle closed ("live-heap-MiB"): the peak
// follows from it and the collector's goal. bench/many.sh measures the
// peak RSS of a dartscan run on the same zip.
func BenchmarkManyEntriesAnalyze(b *testing.B) {
	data := hostile.ManySeeded(1, manyEntries)
	name := filepath.Join(b.TempDir(), "many.zip")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		b.Fatal(err)
	}
	// The zip is read from its file, as a program would, and not kept on
	// the heap, where it would raise the collector's goal and so the peak.
	b.SetBytes(int64(len(data)))
	data = nil
	ctx := context.Background()
	all := rules.All()
	b.ReportAllocs()
	var peak, live uint64
	var cpu time.Duration
	for b.Loop() {
		base := liveHeap()
		h := startHeapSampler()
		cpu0 := cputime.Process()
		bun, err := dart.Open(ctx, name, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := findings.Analyze(ctx, bun, all, nil)
		bun.Close()
		if err != nil {
			b.Fatal(err)
		}
		cpu += cputime.Process() - cpu0
		peak = max(peak, h.stop()-min(h.stop(), base))
		if l := liveHeap(); l > base {
			live = max(live, l-base)
		}
		if len(rep.Files) != manyEntries || len(rep.Errors) > 0 || len(rep.Facts.Profiles) == 0 {
			b.Fatalf("%d files, %d profiles, errors %q", len(rep.Files), len(rep.Facts.Profiles), rep.Errors)
		}
		runtime.KeepAlive(rep)
	}
	if cpu >= 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(live)/(1<<20), "live-heap-MiB")
}

// liveHeap returns the heap's object bytes after a collection: what is
// live.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// A heapSampler reads the heap's object bytes every millisecond until
// stopped, and keeps the highest. runtime/metrics reads them without
// stopping the world, unlike runtime.ReadMemStats, so the sampling hardly
// slows what it measures.
type heapSampler struct {
	done chan struct{}
	peak chan uint64
	max  uint64
}

func startHeapSampler() *heapSampler {
	done, peakc := make(chan struct{}), make(chan uint64)
	h := &heapSampler{done: done, peak: peakc}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				peakc <- peak
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// stop ends the sampling, once, and returns the highest sample.
func (h *heapSampler) stop() uint64 {
	if h.done != nil {
		close(h.done)
		h.done = nil
		h.max = <-h.peak
	}
	return h.max
}
