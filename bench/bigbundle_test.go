package bench

// Benchmarks on the big bundles that go run ./bench/cmd/genbig writes to
// testdata/big (not committed); without them they skip. bench/run.sh makes
// the bundles if needed and runs them. Each reports MB/s of uncompressed
// text, allocations per operation and per record; the figure that matters
// is the time of BenchmarkAnalyze over that of BenchmarkFloor on the same
// bundle in the same run.
//
// BenchmarkFloor and BenchmarkAnalyze have a sub-benchmark for each layout
// of the event log and each density of the agent's failures to resolve
// mus.cisco.com (layout=NAME/density=D), on the bundles that exist: genbig
// -layout NAME -density D makes one. The others read the default bundle.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	kflate "github.com/klauspost/compress/flate"

	"github.com/dartkit/dartkit/bench/internal/bigbundle"
	"github.com/dartkit/dartkit/bench/internal/cputime"
	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/logreuse"
	"github.com/dartkit/dartkit/logparse"
)

// bigDir is where the big bundles are: bigbundle.Dir below the module's
// root, found from the working directory, so that the benchmarks find them
// both under go test (run in this folder) and as a test binary run from
// the root, as bench/run.sh does.
var bigDir = filepath.Join(moduleRoot(), bigbundle.Dir)

// moduleRoot returns the nearest folder at or above the working directory
// that holds go.mod, or "." if there is none.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "."
		}
		dir = up
	}
}

var bigPath = filepath.Join(bigDir, bigbundle.FileName)

// A bigCase is one of the big bundles: a layout and a density.
type bigCase struct {
	name    string // layout=NAME/density=D
	path    string
	density float64
}

// bigCases returns the big bundles of every layout and density, whether
// they exist or not.
func bigCases() []bigCase {
	var cs []bigCase
	for _, l := range bigbundle.Layouts() {
		for _, d := range bigbundle.Densities {
			cs = append(cs, bigCase{
				name:    fmt.Sprintf("layout=%s/density=%g", l, d),
				path:    filepath.Join(bigDir, bigbundle.FileNameOf(l, d)),
				density: d,
			})
		}
	}
	return cs
}

// forEachBig runs f as a sub-benchmark on each big bundle that exists.
func forEachBig(b *testing.B, f func(b *testing.B, c bigCase)) {
	ran := false
	for _, c := range bigCases() {
		if _, err := os.Stat(c.path); err != nil {
			continue
		}
		ran = true
		b.Run(c.name, func(b *testing.B) { f(b, c) })
	}
	if !ran {
		b.Skipf("no big bundle in %s: make one with go run ./bench/cmd/genbig (or run bench/run.sh)", bigDir)
	}
}

// bigZip opens the default big bundle with archive/zip, or skips b.
func bigZip(b *testing.B) (*zip.ReadCloser, int64) {
	return openZip(b, bigPath)
}

// openZip opens a big bundle with archive/zip and returns it with the size
// of its entries, uncompressed; it skips b if there is no such file.
func openZip(b *testing.B, path string) (*zip.ReadCloser, int64) {
	b.Helper()
	zr, err := zip.OpenReader(path)
	if os.IsNotExist(err) {
		b.Skipf("no %s: make it with go run ./bench/cmd/genbig (or run bench/run.sh)", path)
	}
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range zr.File {
		size += int64(f.UncompressedSize64)
	}
	return zr, size
}

// measure runs op b.N times and reports MB/s over size bytes and the
// allocations per record, given how many records one op reads.
func measure(b *testing.B, size int64, op func() (records int)) {
	b.SetBytes(size)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := cputime.Process()
	records := 0
	for b.Loop() {
		records += op()
	}
	cpu := cputime.Process() - cpu0
	runtime.ReadMemStats(&after)
	// CPU time, of every goroutine and the collector, says how much work
	// an op is whatever the cores did in parallel; on a shared machine it
	// also varies less than the elapsed time.
	if cpu0 >= 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	if records > 0 {
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(records), "allocs/record")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(records), "ns/record")
	}
}

// BenchmarkFloor is what any reader of a bundle must at least do: inflate
// every entry with the standard library and split it into lines, on one
// goroutine.
func BenchmarkFloor(b *testing.B) {
	forEachBig(b, benchFloor)
}

func benchFloor(b *testing.B, c bigCase) {
	zr, size := openZip(b, c.path)
	defer zr.Close()
	buf := make([]byte, 64<<10)
	measure(b, size, func() int {
		lines := 0
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			sc := bufio.NewScanner(rc)
			sc.Buffer(buf, 1<<20)
			for sc.Scan() {
				lines++
			}
			if err := sc.Err(); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
		return 0
	})
}

// BenchmarkInflate inflates every entry and discards the bytes: with the
// standard library's inflater, and with klauspost/compress's, which dart
// registers for zips.
func BenchmarkInflate(b *testing.B) {
	for _, c := range []struct {
		name  string
		dcomp zip.Decompressor
	}{
		{"std", nil},
		{"klauspost", kflate.NewReader},
	} {
		b.Run(c.name, func(b *testing.B) {
			zr, size := bigZip(b)
			defer zr.Close()
			if c.dcomp != nil {
				zr.RegisterDecompressor(zip.Deflate, c.dcomp)
			}
			buf := make([]byte, 256<<10)
			measure(b, size, func() int {
				for _, f := range zr.File {
					rc, err := f.Open()
					if err != nil {
						b.Fatal(err)
					}
					if _, err := io.CopyBuffer(io.Discard, rc, buf); err != nil {
						b.Fatal(err)
					}
					rc.Close()
				}
				return 0
			})
		})
	}
}

// bigLogs returns the big event log, inflated from the bundle, and the same
// records as syslog and as unified-log output. They are made for each run
// and dropped after it, so that the 1 GB they hold does not stay in the
// heap that BenchmarkAnalyze measures.
func bigLogs(b *testing.B) map[logparse.Format][]byte {
	zr, _ := bigZip(b)
	defer zr.Close()
	logs := map[logparse.Format][]byte{}
	for _, f := range zr.File {
		if f.Name != bigbundle.LogName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			b.Fatal(err)
		}
		logs[logparse.FormatEventLog] = data
	}
	if logs[logparse.FormatEventLog] == nil {
		b.Fatalf("%s holds no %s", bigPath, bigbundle.LogName)
	}
	for _, f := range []logparse.Format{logparse.FormatSyslog, logparse.FormatUnifiedLog} {
		var buf bytes.Buffer
		if err := bigbundle.WriteLog(&buf, f, bigbundle.Options{}); err != nil {
			b.Fatal(err)
		}
		logs[f] = buf.Bytes()
	}
	return logs
}

// BenchmarkParse reads each log format, already in memory, with its
// logparse reader.
func BenchmarkParse(b *testing.B) {
	logs := bigLogs(b)
	defer func() { logs = nil; runtime.GC() }()
	for _, f := range []logparse.Format{logparse.FormatEventLog, logparse.FormatSyslog, logparse.FormatUnifiedLog} {
		b.Run(f.String(), func(b *testing.B) {
			data := logs[f]
			// Each record is dropped as the next is read, so the reader
			// may reuse its memory at once, as Analyze lets it after a
			// while.
			opts := &logparse.Options{File: "big", Reference: bigbundle.Start.Add(8 * 24 * time.Hour)}
			logreuse.ReuseAfter(opts, 1)
			measure(b, int64(len(data)), func() int {
				rd, err := logparse.NewReader(bytes.NewReader(data), f, opts)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					_, err := rd.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n < bigbundle.DefaultRecords {
					b.Fatalf("read %d records, want %d", n, bigbundle.DefaultRecords)
				}
				return n
			})
		})
	}
}

// BenchmarkWalk is the analysis without its rules: dart.Bundle.Walk, which
// inflates the big log ahead on a goroutine of its own, and on the other
// side only a count of the lines ("lines"), or the event-log reader as
// Analyze makes it ("records"). Next to BenchmarkAnalyze it shows what the
// fact builder and the signals add.
func BenchmarkWalk(b *testing.B) {
	_, size := bigZip(b)
	for _, name := range []string{"lines", "records"} {
		b.Run(name, func(b *testing.B) {
			measure(b, size, func() int {
				bd, err := dart.Open(context.Background(), bigPath, nil)
				if err != nil {
					b.Fatal(err)
				}
				defer bd.Close()
				n := 0
				err = bd.Walk(context.Background(), func(f dart.File, r io.Reader) error {
					if name == "lines" {
						k, err := countLines(r)
						n += k
						return err
					}
					if f.Kind != dart.KindEventLog {
						return nil
					}
					opts := &logparse.Options{File: f.Name}
					logreuse.ReuseAfter(opts, 8192)
					rd := logparse.NewEventLogReader(r, opts)
					for _, err := range rd.All() {
						if err != nil {
							return err
						}
						n++
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if name == "lines" {
					return 0
				}
				if n < bigbundle.DefaultRecords {
					b.Fatalf("read %d records, want %d", n, bigbundle.DefaultRecords)
				}
				return n
			})
		})
	}
}

// countLines counts the line endings in r, from the buffers it lends when
// it is a logreuse.BlockReader, as the read-ahead of a large file is.
func countLines(r io.Reader) (int, error) {
	n := 0
	if br, ok := r.(logreuse.BlockReader); ok {
		for {
			blk, err := br.ReadBlock()
			n += bytes.Count(blk, []byte{'\n'})
			if len(blk) > 0 {
				br.Release(blk)
			}
			if err == io.EOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
		}
	}
	buf := make([]byte, 64<<10)
	for {
		k, err := r.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// BenchmarkAnalyze is the whole analysis, as dartscan does it: open a
// bundle and analyse it with every built-in rule. peak-heap-MB is the
// largest HeapInuse sampled during one more run, made before the timed
// ones: sampling every 20 ms made the analysis slower, in elapsed time
// only, and dartscan does not sample. live-heap-MB is the heap in use
// after the analysis and a collection, with the report still held: what
// the rules kept.
func BenchmarkAnalyze(b *testing.B) {
	forEachBig(b, benchAnalyze)
}

func benchAnalyze(b *testing.B, c bigCase) {
	zr, size := openZip(b, c.path)
	zr.Close()
	ctx := context.Background()
	all := rules.All()
	var live uint64
	analyze := func() int {
		bun, err := dart.Open(ctx, c.path, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := findings.Analyze(ctx, bun, all, nil)
		bun.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Errors) > 0 || c.density > 0 && !slices.ContainsFunc(rep.Findings, isMusBug) {
			b.Fatalf("findings %d, errors %q", len(rep.Findings), rep.Errors)
		}
		if live == 0 {
			// Two collections: the first leaves the pools' buffers
			// to the second.
			var ms runtime.MemStats
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&ms)
			live = ms.HeapInuse
			runtime.KeepAlive(rep)
		}
		n := 0
		for _, r := range rep.Coverage.Records {
			n += r
		}
		return n
	}
	var base runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&base)
	peak := peakHeap(func() { analyze() })
	measure(b, size, analyze)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(live-min(live, base.HeapInuse))/(1<<20), "live-heap-MB")
}

// isMusBug reports whether f is the finding of CSCvu39643, which every big
// bundle with failures shows.
func isMusBug(f findings.Finding) bool { return f.Rule == rules.MusLookupCSCvu39643.ID }

// peakHeap runs op and returns the largest HeapInuse sampled every 20 ms
// while it ran, less the HeapInuse before.
func peakHeap(op func()) uint64 {
	var base, ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	})
	op()
	close(stop)
	wg.Wait()
	return peak - min(peak, base.HeapInuse)
}
