package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/redact"
)

// BenchmarkRedactBundle redacts the default big bundle to a zip, both
// passes: learning its facts and writing it. Its cpu-ns/op is to be read
// against that of its floor sub-benchmark, BenchmarkFloor on the same
// bundle in the same run.
func BenchmarkRedactBundle(b *testing.B) {
	b.Run("floor", func(b *testing.B) {
		benchFloor(b, bigCase{name: "default", path: bigPath})
	})
	b.Run("redact", func(b *testing.B) {
		zr, size := openZip(b, bigPath)
		zr.Close()
		dir := b.TempDir()
		key := []byte("dartkit-benchmark-key-0123456789")
		ctx := context.Background()
		i := 0
		op := func() int {
			r, err := redact.New(&redact.Options{Key: key})
			if err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "out.zip")
			i++
			res, err := redact.Bundle(ctx, r, bigPath, out)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Files) == 0 {
				b.Fatal("no files")
			}
			if err := os.Remove(out); err != nil {
				b.Fatal(err)
			}
			return 0
		}
		peak := peakHeap(func() { op() })
		measure(b, size, op)
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}
