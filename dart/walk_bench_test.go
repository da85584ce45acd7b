package dart_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"testing"

	"github.com/mholt/archives"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/hostile"
)

// Walk's cost per entry, apart from the content: a bundle of many tiny
// files (a hostile one has 100,000, MaxEntries) must not cost much more to
// walk than its bytes, and a bundle of a few big logs must keep inflating
// as fast as it can.

const manyEntries = 100000

// tinyDeflated is a zip of n deflated entries of a few bytes each, as
// archive/zip writes them (with data descriptors).
func tinyDeflated(n int) []byte {
	entries := make([]hostile.Entry, n)
	for i := range entries {
		entries[i] = hostile.E(fmt.Sprintf("f/%06d.txt", i), "x\n")
	}
	return hostile.Zip(entries...)
}

// tinyLying is a zip of n stored entries of a few bytes each whose headers
// say they are 1 GiB long: the size that decides how Walk reads them is a
// lie.
func tinyLying(n int) []byte {
	data := []byte("x\n")
	raw := make([]hostile.RawEntry, n)
	for i := range raw {
		raw[i] = hostile.RawEntry{Name: fmt.Sprintf("f/%06d.txt", i), Method: zip.Store,
			Compressed: data, CRC32: crc32.ChecksumIEEE(data), Size: 1 << 30}
	}
	return hostile.RawZip(raw...)
}

// fewLarge is a zip of n deflated log files of size bytes each.
func fewLarge(n, size int) []byte {
	var text bytes.Buffer
	for i := 0; text.Len() < size; i++ {
		fmt.Fprintf(&text, "Jun 17 10:%02d:%02d pc acvpnagent[%d]: Function: CDNSRequest::OnSocketReadComplete Timeout (per request %d) while resolving host%d.example.com via 10.88.%d.%d\n",
			i/60%60, i%60, 1000+i%7, i, i%977, i%256, i*7%256)
	}
	entries := make([]hostile.Entry, n)
	for i := range entries {
		entries[i] = hostile.Entry{Name: fmt.Sprintf("log%d.txt", i), Data: text.Bytes()[:size]}
	}
	return hostile.Zip(entries...)
}

var walkBundles = sync.OnceValue(func() []struct {
	name string
	data []byte
} {
	return []struct {
		name string
		data []byte
	}{
		{"tiny-stored", hostile.ManyEntries(manyEntries)},
		{"tiny-deflated", tinyDeflated(manyEntries)},
		{"tiny-lying", tinyLying(manyEntries)},
		{"large", fewLarge(4, 16<<20)},
	}
})

// BenchmarkWalkManyEntries walks bundles of 100,000 tiny entries, stored,
// deflated, or declaring a size of 1 GiB, and one of four 16 MiB logs,
// reading every entry to the end. It reports the time per entry.
func BenchmarkWalkManyEntries(b *testing.B) {
	ctx := context.Background()
	for _, bc := range walkBundles() {
		b.Run(bc.name, func(b *testing.B) {
			bundle, err := dart.NewReader(ctx, bytes.NewReader(bc.data), int64(len(bc.data)), bc.name+".zip", nil)
			if err != nil {
				b.Fatal(err)
			}
			files := bundle.Files()
			var size int64
			for _, f := range files {
				size += f.Size
			}
			if bc.name != "tiny-lying" {
				b.SetBytes(size)
			}
			b.ReportAllocs()
			for b.Loop() {
				entries := 0
				var read int64
				err := bundle.Walk(ctx, func(f dart.File, r io.Reader) error {
					entries++
					n, _ := io.Copy(io.Discard, r)
					read += n
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if entries != len(files) || (bc.name != "tiny-lying" && read != size) {
					b.Fatalf("walked %d entries of %d, %d bytes of %d", entries, len(files), read, size)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/entry")
		})
	}
}

// BenchmarkOpenManyEntries indexes a bundle of 100,000 tiny stored entries,
// which reads the head of each.
func BenchmarkOpenManyEntries(b *testing.B) {
	ctx := context.Background()
	data := hostile.ManyEntries(manyEntries)
	b.ReportAllocs()
	for b.Loop() {
		bundle, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), "many.zip", nil)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(bundle.Files()); n != manyEntries {
			b.Fatalf("%d files", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*manyEntries), "ns/entry")
}

// BenchmarkWalkCompressedEntries walks bundles of 2,000 tiny compressed
// files (rotated logs such as system.log.0.gz), one bundle per compression
// format, reading every file to the end. It reports the time per file.
func BenchmarkWalkCompressedEntries(b *testing.B) {
	const n = 2000
	ctx := context.Background()
	for _, c := range []struct {
		format string
		comp   archives.Compressor
	}{
		{"gz", archives.Gz{}},
		{"bz2", archives.Bz2{}},
		{"xz", archives.Xz{}},
		{"zst", archives.Zstd{}},
	} {
		b.Run(c.format, func(b *testing.B) {
			var buf bytes.Buffer
			w, err := c.comp.OpenWriter(&buf)
			if err != nil {
				b.Fatal(err)
			}
			io.WriteString(w, "Jun 17 10:00:00 pc acvpnagent[1]: x\n")
			w.Close()
			entries := make([]hostile.Entry, n)
			for i := range entries {
				entries[i] = hostile.Entry{Name: fmt.Sprintf("f/%06d.log.%s", i, c.format), Data: buf.Bytes(), Store: true}
			}
			data := hostile.Zip(entries...)
			bundle, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), c.format+".zip", nil)
			if err != nil {
				b.Fatal(err)
			}
			if p := bundle.Problems(); len(p) > 0 {
				b.Fatalf("problems: %v", p[0])
			}
			b.ReportAllocs()
			for b.Loop() {
				entries := 0
				err := bundle.Walk(ctx, func(f dart.File, r io.Reader) error {
					entries++
					if _, err := io.Copy(io.Discard, r); err != nil {
						return err
					}
					return nil
				})
				if err != nil || entries != n {
					b.Fatalf("walked %d files of %d: %v", entries, n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/entry")
		})
	}
}
