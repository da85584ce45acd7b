package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dartkit/dartkit/internal/logreuse"
	"github.com/dartkit/dartkit/logparse"
)

// bigZip returns a zip holding two logs of about 3 MiB each, which Walk
// reads ahead, and a small file, which it does not.
func bigZip(t *testing.T) []byte {
	t.Helper()
	var log strings.Builder
	for i := 0; log.Len() < 3<<20; i++ {
		fmt.Fprintf(&log, "Jun 17 20:21:%02d host vpnagentd[12]: line %d of a long log\n", i%60, i)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"a/system.log", "b/small.txt", "c/system.log"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		text := log.String()
		if name == "b/small.txt" {
			text = "small\n"
		}
		if _, err := io.WriteString(w, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// noLeak fails t if goroutines started during the test are still running
// shortly after it.
func noLeak(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Errorf("%d goroutines left running, %d before", n, before)
		}
	})
}

// openBigZip opens bigZip's bundle.
func openBigZip(t *testing.T) *Bundle {
	t.Helper()
	data := bigZip(t)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "big.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWalkReadsAhead(t *testing.T) {
	noLeak(t)
	b := openBigZip(t)
	sizes := map[string]int64{}
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		n, err := io.Copy(io.Discard, r)
		sizes[f.Name] = n
		if n != f.Size {
			t.Errorf("%s: read %d bytes, want %d", f.Name, n, f.Size)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 3 {
		t.Errorf("walked %v", sizes)
	}
}

// TestWalkLendsToLogReaders reads the logs that Walk reads ahead with log
// readers set up to reuse their memory, as the analysis sets them up, and
// so borrow the read-ahead's buffers: the first log only in part, the
// other whole. Each record must say what its line does, and the buffers
// the first reader still held when its file ended must not come back in
// the second file's records. Each record is also compared with its clone
// once the next one is read; that a buffer given back too early shows
// there depends on when the read-ahead's goroutine fills it again, so the
// release itself is checked in logparse (TestReuseAfter, FuzzBlocks), with
// a lender that writes over it at once.
func TestWalkLendsToLogReaders(t *testing.T) {
	noLeak(t)
	b := openBigZip(t)
	files := 0
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		if f.Size < aheadMin {
			return nil
		}
		if _, ok := r.(logreuse.BlockReader); !ok {
			t.Fatalf("%s: read ahead, but not lent: %T", f.Name, r)
		}
		files++
		opts := &logparse.Options{Reference: time.Date(2020, 6, 18, 0, 0, 0, 0, time.UTC)}
		logreuse.ReuseAfter(opts, 1)
		rd := logparse.NewSyslogReader(r, opts)
		var last, kept logparse.Record
		n := 0
		for rec, err := range rd.All() {
			if err != nil {
				return err
			}
			if n > 0 && !reflect.DeepEqual(last, kept) {
				t.Fatalf("%s: record %d changed before the next was read: %+v, was %+v", f.Name, n, last, kept)
			}
			if want := fmt.Sprintf("line %d of a long log", n); rec.Message != want {
				t.Fatalf("%s: record %d says %q, want %q", f.Name, n+1, rec.Message, want)
			}
			last, kept = rec, rec.Clone()
			n++
			if files == 1 && n == 1000 {
				return nil // the rest of the file is not read
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 2 {
		t.Errorf("%d logs read ahead, want 2", files)
	}
}

// Walk reads ahead the files that are large or of unknown size, but not
// those that end within their head, whatever size they declare: a goroutine
// for each of 100,000 tiny files that claim a gigabyte would cost more than
// the files.
func TestWalkReadsAheadOnlyLongFiles(t *testing.T) {
	long := strings.Repeat("a line of a log of unknown size\n", 4096)
	short, lie := []byte("short\n"), []byte("a longer text\n")
	data := zipOfRaw(t,
		rawFile{name: "lying.txt", data: short, size: 1 << 30},
		rawFile{name: "long.log.gz", data: gzipped(t, []byte(long))},
		rawFile{name: "short.log.gz", data: gzipped(t, short)},
		rawFile{name: "cut.txt", data: lie, size: 3},
	)
	b := must(NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil))
	type result struct {
		ahead bool
		text  string
		err   error
	}
	got := map[string]result{}
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		_, ahead := r.(*aheadReader)
		text, err := io.ReadAll(r)
		got[f.Name] = result{ahead, string(text), err}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]result{
		"lying.txt": {false, string(short), io.ErrUnexpectedEOF},
		"long.log":  {true, long, nil},
		"short.log": {false, string(short), nil},
		"cut.txt":   {false, "", zip.ErrFormat}, // archive/zip yields nothing past the size
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s not walked; walked %v", name, got)
			continue
		}
		if g.ahead != w.ahead || g.text != w.text || !errors.Is(g.err, w.err) {
			t.Errorf("%s: read ahead %v, %d bytes, error %v; want %v, %d bytes, %v", name, g.ahead, len(g.text), g.err, w.ahead, len(w.text), w.err)
		}
	}
}

// A rawFile is a stored zip entry whose header declares size (when not 0)
// as its uncompressed size, true or not.
type rawFile struct {
	name string
	data []byte
	size uint64
}

func zipOfRaw(t *testing.T, files ...rawFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		size := f.size
		if size == 0 {
			size = uint64(len(f.data))
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(f.data),
			CompressedSize64: uint64(len(f.data)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWalkStopsReadingAhead(t *testing.T) {
	t.Run("callback returns at once", func(t *testing.T) {
		noLeak(t)
		n := 0
		err := openBigZip(t).Walk(context.Background(), func(f File, r io.Reader) error { n++; return nil })
		if err != nil || n != 3 {
			t.Fatalf("walked %d files, err %v", n, err)
		}
	})
	t.Run("callback stops the walk", func(t *testing.T) {
		noLeak(t)
		stop := errors.New("enough")
		err := openBigZip(t).Walk(context.Background(), func(f File, r io.Reader) error {
			io.CopyN(io.Discard, r, 1000)
			return stop
		})
		if err != stop {
			t.Fatalf("err %v, want %v", err, stop)
		}
	})
	t.Run("SkipAll", func(t *testing.T) {
		noLeak(t)
		err := openBigZip(t).Walk(context.Background(), func(f File, r io.Reader) error { return fs.SkipAll })
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("context cancelled while reading", func(t *testing.T) {
		noLeak(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var readErr error
		err := openBigZip(t).Walk(ctx, func(f File, r io.Reader) error {
			if _, err := io.CopyN(io.Discard, r, 1000); err != nil {
				return err
			}
			cancel()
			_, readErr = io.Copy(io.Discard, r)
			return readErr
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Walk: %v, want context.Canceled", err)
		}
		if readErr != nil && !errors.Is(readErr, context.Canceled) {
			t.Errorf("read: %v, want nil or context.Canceled", readErr)
		}
	})
}

func TestReadAheadYieldsTheInputAndItsError(t *testing.T) {
	noLeak(t)
	rng := rand.New(rand.NewPCG(5, 6))
	data := make([]byte, 3*aheadBufSize+12345)
	for i := range data {
		data[i] = byte(rng.IntN(256))
	}
	fail := errors.New("damaged")
	for _, size := range []int{0, 1, aheadBufSize - 1, aheadBufSize, len(data)} {
		src := io.MultiReader(iotest.HalfReader(bytes.NewReader(data[:size])), iotest.ErrReader(fail))
		a := readAhead(context.Background(), src)
		got, err := io.ReadAll(iotest.OneByteReader(io.LimitReader(a, 10)))
		if err != nil && err != fail {
			t.Fatal(err)
		}
		rest, err := io.ReadAll(a)
		if err != fail {
			t.Errorf("size %d: err %v, want %v", size, err, fail)
		}
		if got = append(got, rest...); !bytes.Equal(got, data[:size]) {
			t.Errorf("size %d: got %d bytes, not the input", size, len(got))
		}
		a.close()
	}
}

// TestReadAheadLends reads through ReadBlock, after some bytes through
// Read, and keeps the buffers it is lent, gives them back, or gives back
// some of them: the bytes and the error are the input's, the goroutine
// never waits for a buffer kept, and one given back is filled again.
func TestReadAheadLends(t *testing.T) {
	noLeak(t)
	rng := rand.New(rand.NewPCG(7, 8))
	data := make([]byte, 2*aheadBuffers*aheadBufSize+777)
	for i := range data {
		data[i] = byte(rng.IntN(256))
	}
	fail := errors.New("damaged")
	for _, keep := range []string{"none", "all", "every other"} {
		t.Run(keep, func(t *testing.T) {
			a := readAhead(context.Background(), io.MultiReader(bytes.NewReader(data), iotest.ErrReader(fail)))
			defer a.close()
			got := make([]byte, 10)
			if _, err := io.ReadFull(a, got); err != nil {
				t.Fatal(err)
			}
			seen := map[*byte]int{} // how often each buffer was lent
			for i := 0; ; i++ {
				b, err := a.ReadBlock()
				if len(b) == 0 {
					if err != fail {
						t.Fatalf("err %v, want %v", err, fail)
					}
					break
				}
				got = append(got, b...)
				seen[&b[0]]++
				if keep == "none" || keep == "every other" && i%2 == 0 {
					a.Release(b)
				}
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("got %d bytes, not the %d of the input", len(got), len(data))
			}
			reused := 0
			for _, n := range seen {
				reused += n - 1
			}
			if keep == "all" && reused > 0 || keep == "none" && reused == 0 {
				t.Errorf("%d buffers lent again, keeping %s", reused, keep)
			}
		})
	}
}
