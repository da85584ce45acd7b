package dart_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/hostile"
)

// manySeeded is a zip of n small entries made from seed: text files, logs
// and profiles of a few to a few hundred bytes, stored or deflated, under
// a few folders, as a bundle inflated with copies of small files would be.
func manySeeded(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	kinds := []struct{ name, text string }{
		{"f%06d.txt", "Host Name: pc%d\nOS Name: Microsoft Windows 10\n"},
		{"log%06d.log", "Jun 17 10:00:%02d pc acvpnagent[1]: Function: f File: x.cpp Line: 1 text\n"},
		{"p%06d.xml", "<AnyConnectProfile><ServerList><HostEntry><HostAddress>vpn%d.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>\n"},
		{"n%06d", "%d\n"},
	}
	entries := make([]hostile.Entry, n)
	for i := range entries {
		k := kinds[rng.IntN(len(kinds))]
		var text bytes.Buffer
		for range 1 + rng.IntN(4) {
			fmt.Fprintf(&text, k.text, rng.IntN(60))
		}
		entries[i] = hostile.Entry{
			Name:  fmt.Sprintf("d%d/", rng.IntN(8)) + fmt.Sprintf(k.name, i),
			Data:  text.Bytes(),
			Store: rng.IntN(2) == 0,
		}
	}
	return hostile.Zip(entries...)
}

// heapPeak samples the heap's object bytes every millisecond until stopped
// and reports the highest sample above what the heap held at the start
// (after a collection, so the input and what earlier runs left count
// out). runtime/metrics reads them without stopping the world, unlike
// runtime.ReadMemStats.
type heapPeak struct {
	stop chan struct{}
	done chan uint64
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{}), done: make(chan uint64)}
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	go func() {
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				h.done <- peak - min(peak, base)
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) end() uint64 {
	close(h.stop)
	return <-h.done
}

var manySeededZip = sync.OnceValue(func() []byte { return manySeeded(1, manyEntries) })

// BenchmarkManyEntries opens a zip of 100,000 small entries made from a
// seed and walks it, giving every file to a FactBuilder as an analysis
// does. Beside B/op and allocs/op it reports the peak of the heap's object
// bytes during an open and walk ("peak-heap-MiB"), which bounds what a
// bundle of many files costs in memory.
func BenchmarkManyEntries(b *testing.B) {
	data := manySeededZip()
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	var peak uint64
	for b.Loop() {
		h := startHeapPeak()
		bundle, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), "many.zip", nil)
		if err != nil {
			b.Fatal(err)
		}
		if p := bundle.Problems(); len(p) > 0 {
			b.Fatalf("problems: %v", p[0])
		}
		fb := dart.NewFactBuilder()
		files := 0
		err = bundle.Walk(ctx, func(f dart.File, r io.Reader) error {
			files++
			if f.Kind.IsLog() {
				_, err := io.Copy(io.Discard, r)
				return err
			}
			return fb.AddFile(f, r)
		})
		if err != nil {
			b.Fatal(err)
		}
		facts := fb.Facts()
		peak = max(peak, h.end())
		if files != manyEntries || len(facts.Profiles) == 0 || facts.Hostname.Value == "" {
			b.Fatalf("walked %d files, %d profiles, host name %q", files, len(facts.Profiles), facts.Hostname.Value)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkManyEntriesRejected opens a zip of 100,001 small entries, one
// past MaxEntries, and one of 100,000 with MaxEntries set to 1,000: the
// index must stop at the limit without reading the entries past it.
func BenchmarkManyEntriesRejected(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		data  []byte
		opts  *dart.Options
		files int
	}{
		{"one-past", hostile.ManyEntries(manyEntries + 1), nil, manyEntries},
		{"limit-1000", manySeededZip(), &dart.Options{Limits: dart.Limits{MaxEntries: 1000}}, 1000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				h := startHeapPeak()
				bundle, err := dart.NewReader(ctx, bytes.NewReader(bc.data), int64(len(bc.data)), "many.zip", bc.opts)
				peak = max(peak, h.end())
				if err != nil {
					b.Fatal(err)
				}
				if n := len(bundle.Files()); n != bc.files {
					b.Fatalf("%d files, want %d", n, bc.files)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
