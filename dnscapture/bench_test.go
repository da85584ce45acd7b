package dnscapture_test

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/internal/cmd/gencaptures/capgen"
)

// benchPackets is the size of the benchmark capture.
const benchPackets = 1_000_000

// BenchmarkReader reads a generated capture of a million packets, one in
// five DNS, and reports packets per second and the peak heap in use while
// reading, which stays bounded whatever the capture's length.
func BenchmarkReader(b *testing.B) {
	name := filepath.Join(b.TempDir(), "bench.pcap")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := capgen.Bench(w, benchPackets); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	var txs int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		r, err := dnscapture.NewReader(f, nil)
		if err != nil {
			b.Fatal(err)
		}
		txs = 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			txs++
			if txs%16384 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		f.Close()
		if st := r.Stats(); st.Packets != benchPackets {
			b.Fatalf("read %d packets, want %d", st.Packets, benchPackets)
		}
	}
	b.ReportMetric(float64(benchPackets)*float64(b.N)/b.Elapsed().Seconds(), "packets/s")
	b.ReportMetric(float64(txs), "transactions")
	if peak > base {
		b.ReportMetric(float64(peak-base)/(1<<20), "peak-heap-MB")
	}
}
