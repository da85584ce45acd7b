package evtx_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// bigPath is a file of a million records that BenchmarkRead1M writes the
// first time it runs; testdata/big is not committed.
var bigPath = filepath.Join("..", "..", "testdata", "big", "evtx-1m.evtx")

const bigRecords = 1_000_000

func bigFile(b *testing.B) string {
	if fi, err := os.Stat(bigPath); err == nil && fi.Size() > 0 {
		return bigPath
	}
	if err := os.MkdirAll(filepath.Dir(bigPath), 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := bigPath + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := evtxgen.NewWriter(f)
	evs := musEvents(1000)
	for i := range bigRecords {
		e := evs[i%len(evs)]
		e.Time = techNoteStart.Add(time.Duration(i) * time.Second)
		if err := w.Write(e); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, bigPath); err != nil {
		b.Fatal(err)
	}
	return bigPath
}

// BenchmarkRead1M reads a file of a million records, each into the same
// Record, as a caller that looks at each record once does. It reports
// records/s, allocations per record, the peak of the heap in use and the
// CPU time per record (user and system, which other processes on the
// machine do not inflate the way they do the wall clock).
func BenchmarkRead1M(b *testing.B) {
	path := bigFile(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, peak := ms.Mallocs, ms.HeapInuse
	cpu0 := cpuTime()
	b.ResetTimer()
	n := 0
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
			if n%(1<<16) == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms)
	if n != bigRecords*b.N {
		b.Fatalf("%d records, want %d", n, bigRecords*b.N)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(n), "allocs/record")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/record")
}

// BenchmarkRead reads 2000 records from memory.
func BenchmarkRead(b *testing.B) {
	data := evtxgen.Bytes(musEvents(2000))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := evtx.NewReader(bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			b.Fatal(err)
		}
		var rec logparse.Record
		for r.ReadInto(&rec) == nil {
		}
	}
}
