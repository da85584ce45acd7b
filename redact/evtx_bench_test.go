package redact

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
)

// heapWriter discards what is written and samples the heap in use as it
// goes: the peak of a streaming redaction.
type heapWriter struct {
	n    int
	peak uint64
}

func (w *heapWriter) Write(p []byte) (int, error) {
	if w.n++; w.n%16 == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapInuse)
	}
	return len(p), nil
}

func benchEVTX(b *testing.B, open func() io.Reader, size int64) {
	r := newEVTXRedactor(b)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	w := &heapWriter{}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if err := EVTX(r, w, open(), "AnyConnect.evtx"); err != nil {
			b.Fatal(err)
		}
	}
	if w.peak > base {
		b.ReportMetric(float64(w.peak-base)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkEVTX redacts 2000 generated records holding secrets, from
// memory.
func BenchmarkEVTX(b *testing.B) {
	data := evtxgen.Bytes(secretEvents(2000))
	benchEVTX(b, func() io.Reader { return bytes.NewReader(data) }, int64(len(data)))
}

// BenchmarkEVTXBig redacts the million-record AnyConnect.evtx of the big
// benchmarks (testdata/big, written by the bench package), streamed from
// the file.
func BenchmarkEVTXBig(b *testing.B) {
	const name = "../testdata/big/anyconnect-1m.evtx"
	fi, err := os.Stat(name)
	if err != nil {
		b.Skip("no", name, "(go test ./bench writes it)")
	}
	var f *os.File
	defer func() { f.Close() }()
	benchEVTX(b, func() io.Reader {
		f.Close()
		if f, err = os.Open(name); err != nil {
			b.Fatal(err)
		}
		return f
	}, fi.Size())
}
