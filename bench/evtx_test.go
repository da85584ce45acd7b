package bench

import (
	"archive/zip"
	"context"
	"github.com/dartkit/dartkit/bench/internal/cputime"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// The big EVTX benchmarks read a million-record AnyConnect.evtx, written
// the first time they run into testdata/big, which is not committed: alone,
// and zipped as a bundle.
var (
	bigEVTX    = filepath.Join(bigDir, "anyconnect-1m.evtx")
	bigEVTXZip = filepath.Join(bigDir, "anyconnect-1m-evtx.zip")
)

const bigEVTXRecords = 1_000_000

// writeOnce makes path with write unless it exists.
func writeOnce(b *testing.B, path string, write func(w io.WriteSeeker) error) string {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return path
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	if err := write(f); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// bigEVTXFile returns the path of the EVTX: the TechNote's events over
// and over, a second apart.
func bigEVTXFile(b *testing.B) string {
	return writeOnce(b, bigEVTX, func(f io.WriteSeeker) error {
		w := evtxgen.NewWriter(f)
		evs := evtxgen.TechNote()
		start := evs[0].Time
		for i := range bigEVTXRecords {
			e := evs[i%len(evs)]
			e.Time = start.Add(time.Duration(i) * time.Second)
			if err := w.Write(e); err != nil {
				return err
			}
		}
		return w.Close()
	})
}

// bigEVTXBundle returns the path of a zip holding the EVTX where DART puts
// it.
func bigEVTXBundle(b *testing.B) string {
	src := bigEVTXFile(b)
	return writeOnce(b, bigEVTXZip, func(f io.WriteSeeker) error {
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		zw := zip.NewWriter(f.(io.Writer))
		w, err := zw.Create("Cisco AnyConnect Secure Mobility Client/AnyConnect.evtx")
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, in); err != nil {
			return err
		}
		return zw.Close()
	})
}

// cpuMetrics reports CPU time and allocations per record since cpu0 and
// mallocs0.
func cpuMetrics(b *testing.B, n int, cpu0 time.Duration, mallocs0 uint64) {
	cpu := cputime.Process() - cpu0
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/record")
	b.ReportMetric(float64(ms.Mallocs-mallocs0)/float64(n), "allocs/record")
}

// BenchmarkReadEVTX1M reads the big EVTX's records with the reader alone,
// from the file: the floor an analysis of it is compared with.
func BenchmarkReadEVTX1M(b *testing.B) {
	path := bigEVTXFile(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	cpu0, mallocs0, n := cputime.Process(), ms.Mallocs, 0
	b.ResetTimer()
	for b.Loop() {
		r, err := evtx.NewReader(f, fi.Size(), &logparse.Options{File: "AnyConnect.evtx"})
		if err != nil {
			b.Fatal(err)
		}
		var rec logparse.Record
		for {
			err := r.ReadInto(&rec)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.StopTimer()
	cpuMetrics(b, n, cpu0, mallocs0)
}

// BenchmarkAnalyzeEVTX1M analyses the zipped bundle of the big EVTX end to
// end with every rule: inflating, copying the file aside (it is over
// MaxEVTXMemory), reading, the facts and the rules.
func BenchmarkAnalyzeEVTX1M(b *testing.B) {
	path := bigEVTXBundle(b)
	ctx := context.Background()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	cpu0, mallocs0, n := cputime.Process(), ms.Mallocs, 0
	b.ResetTimer()
	for b.Loop() {
		bd, err := dart.Open(ctx, path, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := findings.Analyze(ctx, bd, rules.All(), nil)
		bd.Close()
		if err != nil {
			b.Fatal(err)
		}
		if rep.Files[0].Records != bigEVTXRecords || len(rep.Findings) == 0 {
			b.Fatalf("%d records, %d findings", rep.Files[0].Records, len(rep.Findings))
		}
		n += rep.Files[0].Records
	}
	b.StopTimer()
	cpuMetrics(b, n, cpu0, mallocs0)
}
