package dart_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/hostile"
)

// A hostileCase is one damaged or malicious bundle and what opening and
// reading it must give.
type hostileCase struct {
	name string
	data func(t *testing.T) []byte
	opts *dart.Options

	// openErr, when set, is the sentinel Open must fail with; openMsg is a
	// substring of its message.
	openErr  error
	openMsg  string
	openMsg2 string // another substring, if set

	// Otherwise the bundle opens, and:
	limit    *dart.LimitError  // a problem or read error is this limit
	problems []error           // sentinels some problem wraps
	names    map[string]string // file name -> a substring of its content ("" for any)
	nfiles   int               // the number of files, when not 0
	check    func(t *testing.T, b *dart.Bundle, walked map[string]walkResult)
}

type walkResult struct {
	data []byte
	err  error
}

func zipCSize(t *testing.T, z []byte) int64 {
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	return int64(zr.File[0].CompressedSize64)
}

func hostileCases() []hostileCase {
	bomb := hostile.Bomb("bomb.txt", 32<<20)
	healthy := hostile.Zip(hostile.E("AnyConnectVPN.txt", hostile.CutEventLog()), hostile.E("hosts", "127.0.0.1 localhost\n"))
	var traversal []hostile.Entry
	for raw := range hostile.TraversalNames {
		traversal = append(traversal, hostile.E(raw, "x\n"))
	}
	longName := hostile.LongName(65535)
	traversal = append(traversal, hostile.E(longName, "long\n"))
	return []hostileCase{
		{
			name:  "zip bomb, one entry",
			data:  func(*testing.T) []byte { return bomb },
			opts:  &dart.Options{Limits: dart.Limits{MaxRatio: 10}},
			limit: &dart.LimitError{Limit: "MaxRatio", File: "bomb.txt"}, // Value: 10 × compressed size, set below
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				want := zipCSize(t, bomb) * 10
				if got := int64(len(w["bomb.txt"].data)); got != want {
					t.Errorf("read %d bytes of the bomb, want exactly the limit %d", got, want)
				}
			},
		},
		{
			name:  "zip bomb, default ratio",
			data:  func(*testing.T) []byte { return hostile.Bomb("bomb.txt", 64<<20) },
			limit: &dart.LimitError{Limit: "MaxRatio", File: "bomb.txt"},
		},
		{
			name:     "42.zip-style nested bomb stops at MaxDepth",
			data:     func(*testing.T) []byte { return hostile.NestedBomb(4, 4, 1<<20) },
			limit:    &dart.LimitError{Limit: "MaxDepth", Value: 3, File: "lib0.zip/lib0.zip/lib0.zip/lib0.zip"},
			problems: []error{dart.ErrNotOpened},
			nfiles:   256,
			check: func(t *testing.T, b *dart.Bundle, _ map[string]walkResult) {
				for _, f := range b.Files() {
					if f.Kind != dart.KindArchive {
						t.Errorf("%s: kind %v, want the unopened archive", f.Name, f.Kind)
					}
				}
			},
		},
		{
			name:  "42.zip-style nested bomb, deep limits: MaxTotalSize",
			data:  func(*testing.T) []byte { return hostile.NestedBomb(3, 4, 1<<20) },
			opts:  &dart.Options{Limits: dart.Limits{MaxDepth: 10, MaxTotalSize: 4 << 20}},
			limit: &dart.LimitError{Limit: "MaxTotalSize", Value: 4 << 20},
		},
		{
			name:     "nesting past MaxDepth",
			data:     func(*testing.T) []byte { return hostile.Nested(6, hostile.E("deep.txt", "x\n")) },
			limit:    &dart.LimitError{Limit: "MaxDepth", Value: 3, File: "level1.zip/level2.zip/level3.zip/level4.zip"},
			problems: []error{dart.ErrNotOpened},
			names:    map[string]string{"level1.zip/level2.zip/level3.zip/level4.zip": "PK"},
		},
		{
			name:  "nesting within a raised MaxDepth",
			data:  func(*testing.T) []byte { return hostile.Nested(6, hostile.E("deep.txt", "x\n")) },
			opts:  &dart.Options{Limits: dart.Limits{MaxDepth: 7}},
			names: map[string]string{"level1.zip/level2.zip/level3.zip/level4.zip/level5.zip/level6.zip/deep.txt": "x"},
		},
		{
			name:   "100,001 entries: MaxEntries",
			data:   func(*testing.T) []byte { return hostile.ManyEntries(100001) },
			limit:  &dart.LimitError{Limit: "MaxEntries", Value: 100000, File: "hostile.zip"},
			nfiles: 100000,
		},
		{
			name: "declared sizes that lie",
			data: func(*testing.T) []byte {
				short, long := []byte("short\n"), []byte("a longer text than declared\n")
				return hostile.RawZip(
					hostile.RawEntry{Name: "big.txt", Method: zip.Store, Compressed: short, CRC32: crc(short), Size: 1 << 40},
					hostile.RawEntry{Name: "small.txt", Method: zip.Store, Compressed: long, CRC32: crc(long), Size: 3},
				)
			},
			limit:    &dart.LimitError{Limit: "MaxFileSize", Value: dart.DefaultMaxFileSize, File: "big.txt"},
			problems: []error{dart.ErrDamaged},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				for _, name := range []string{"big.txt", "small.txt"} {
					if !errors.Is(w[name].err, io.ErrUnexpectedEOF) && !errors.Is(w[name].err, zip.ErrFormat) {
						t.Errorf("%s: read error %v, want the size mismatch", name, w[name].err)
					}
					if !hasProblem(b, name+": damaged entry", dart.ErrDamaged) {
						t.Errorf("no damage problem names %s: %v", name, b.Problems())
					}
				}
			},
		},
		{
			name:     "traversal and hidden names",
			data:     func(*testing.T) []byte { return hostile.Zip(traversal...) },
			problems: []error{dart.ErrInsecurePath},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				var names []string
				for _, f := range b.Files() {
					names = append(names, f.Name)
				}
				for raw, clean := range hostile.TraversalNames {
					if !slices.Contains(names, clean) {
						t.Errorf("%q not listed as %q: %q", raw, clean, names)
					}
					insecure := raw != clean
					if got := hasProblem(b, clean+`: insecure name`, dart.ErrInsecurePath); got != insecure {
						t.Errorf("%q: insecure-name problem %v, want %v; problems %v", raw, got, insecure, b.Problems())
					}
				}
				if !slices.Contains(names, longName) {
					t.Errorf("the %d-byte name is not listed", len(longName))
				}
				for _, n := range names {
					if !utf8.ValidString(n) || strings.ContainsRune(n, 0) || strings.HasPrefix(n, "/") || slices.Contains(strings.Split(n, "/"), "..") {
						t.Errorf("listed name %q is not a clean relative path", n)
					}
				}
			},
		},
		{
			name:     "duplicate names",
			data:     func(*testing.T) []byte { return hostile.Get("duplicate names") },
			problems: []error{dart.ErrDuplicate},
			names:    map[string]string{"a/x.txt": "1", "a/x.txt~2": "2", "a/x.txt~3": "3"},
		},
		{
			name:     "checksum mismatch in a deflated entry",
			data:     func(*testing.T) []byte { return hostile.Get("checksum mismatch") },
			problems: []error{dart.ErrDamaged, zip.ErrChecksum},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				if !errors.Is(w["a.txt"].err, zip.ErrChecksum) {
					t.Errorf("a.txt: read error %v, want zip.ErrChecksum", w["a.txt"].err)
				}
				if !hasProblem(b, "a.txt: damaged entry", zip.ErrChecksum) {
					t.Errorf("no problem names a.txt: %v", b.Problems())
				}
			},
		},
		{
			name:     "truncated zip: entries recovered",
			data:     func(*testing.T) []byte { return healthy[:len(healthy)-30] },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"AnyConnectVPN.txt": "acvpnagent", "hosts": "localhost"},
			check: func(t *testing.T, b *dart.Bundle, _ map[string]walkResult) {
				if !hasProblem(b, "hostile.zip: zip without a readable central directory", dart.ErrDamaged) {
					t.Errorf("no problem names the zip: %v", b.Problems())
				}
			},
		},
		{
			name:     "zip cut and garbled between entries: entries after the garbage recovered",
			data:     func(*testing.T) []byte { return hostile.Garbled(healthy) },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"AnyConnectVPN.txt": "acvpnagent", "hosts": "localhost"},
			nfiles:   2,
			check: func(t *testing.T, b *dart.Bundle, _ map[string]walkResult) {
				if !hasProblem(b, "hostile.zip: zip without a readable central directory: no local header from offset", dart.ErrDamaged) {
					t.Errorf("no problem names the skipped bytes: %v", b.Problems())
				}
			},
		},
		{
			name:     "1 MiB of false local-header signatures: nothing false recovered",
			data:     func(*testing.T) []byte { return hostile.FalseSignatures(1 << 20) },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"hosts": "localhost"},
			nfiles:   1,
			check: func(t *testing.T, b *dart.Bundle, _ map[string]walkResult) {
				if !hasProblem(b, "hostile.zip: zip without a readable central directory: no local header at offset", dart.ErrDamaged) {
					t.Errorf("no problem names the damage: %v", b.Problems())
				}
			},
		},
		{
			name:     "zip cut, its data descriptors overwritten: each entry taken to the next header",
			data:     func(*testing.T) []byte { return hostile.LostDescriptors(healthy) },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"AnyConnectVPN.txt": "acvpnagent", "hosts": "localhost"},
			nfiles:   2,
			check: func(t *testing.T, b *dart.Bundle, walked map[string]walkResult) {
				if !hasProblem(b, `hostile.zip: zip without a readable central directory: no data descriptor for entry "AnyConnectVPN.txt" at offset 0`, dart.ErrDamaged) {
					t.Errorf("no problem names the lost descriptor: %v", b.Problems())
				}
				if err := walked["AnyConnectVPN.txt"].err; !errors.Is(err, zip.ErrFormat) {
					t.Errorf("AnyConnectVPN.txt: read error %v, want zip.ErrFormat", err)
				}
			},
		},
		{
			name:     "junk between entries, the central directory whole: the entries before it found from their headers",
			data:     func(*testing.T) []byte { return hostile.Misplaced(healthy) },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"AnyConnectVPN.txt": "acvpnagent", "hosts": "localhost"},
			nfiles:   2,
			check: func(t *testing.T, b *dart.Bundle, walked map[string]walkResult) {
				if !hasProblem(b, `hostile.zip: central directory gives wrong offsets; found from their local headers: "AnyConnectVPN.txt" at offset 0`, dart.ErrDamaged) {
					t.Errorf("no problem names the misplaced entry: %v", b.Problems())
				}
				for name, w := range walked {
					if w.err != nil {
						t.Errorf("%s: %v", name, w.err)
					}
				}
			},
		},
		{
			name:     "20,000 entries, their data descriptors overwritten: all recovered",
			data:     func(*testing.T) []byte { return hostile.ManyLostDescriptors(20000) },
			problems: []error{dart.ErrDamaged},
			names:    map[string]string{"f/000000.txt": "0 0", "f/019999.txt": "19999 "},
			nfiles:   20000,
			check: func(t *testing.T, b *dart.Bundle, _ map[string]walkResult) {
				if !hasProblem(b, "19995 more entries without a data descriptor", dart.ErrDamaged) {
					t.Errorf("no problem counts the lost descriptors: %v", b.Problems())
				}
			},
		},
		{
			name:     "truncated zip, nothing before the cut",
			data:     func(*testing.T) []byte { return healthy[:25] },
			openErr:  dart.ErrDamaged,
			openMsg:  "hostile.zip: no readable files: ",
			openMsg2: "hostile.zip: zip without a readable central directory: local header at offset 0 cut at offset 25",
		},
		{
			name:    "empty file",
			data:    func(*testing.T) []byte { return nil },
			openErr: dart.ErrNotBundle,
			openMsg: "hostile.zip: empty file",
		},
		{
			name:    "archive with no entries",
			data:    func(*testing.T) []byte { return hostile.Zip() },
			openErr: dart.ErrNoFiles,
			openMsg: "hostile.zip: no files",
		},
		{
			name: "tar.gz cut mid-stream",
			data: func(*testing.T) []byte {
				tgz := hostile.TarGz(hostile.E("hosts", "127.0.0.1 localhost\n"), hostile.Entry{Name: "big.log", Data: hostile.Random(2, 64<<10)})
				return tgz[:len(tgz)/2]
			},
			problems: []error{dart.ErrDamaged, io.ErrUnexpectedEOF},
			names:    map[string]string{"hosts": "localhost"},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				if !hasProblem(b, "big.log: damaged entry", io.ErrUnexpectedEOF) {
					t.Errorf("no problem names the cut file: %v", b.Problems())
				}
			},
		},
		{
			name:  "broken UTF-16: lone surrogates, odd length",
			data:  func(*testing.T) []byte { return hostile.Get("broken utf-16") },
			names: map[string]string{"AnyConnectVPN.txt": "\uFFFD"},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				if f := fileNamed(b, "AnyConnectVPN.txt"); f.Encoding != "utf-16le" {
					t.Errorf("encoding %q", f.Encoding)
				}
				if d := w["AnyConnectVPN.txt"].data; !utf8.Valid(d) || !bytes.Contains(d, []byte("\uFFFDate : 06/17/2021\r\n\uFFFDime : 10:00:00\r\n\uFFFD")) {
					t.Errorf("decoded %q", d)
				}
				// The high surrogate of line 1, the low one of line 2, the
				// odd byte at the end.
				if !hasProblem(b, "AnyConnectVPN.txt:1: invalid utf-16le: lone surrogate at byte 2 (3 in all), read as U+FFFD", dart.ErrEncoding) {
					t.Errorf("no problem names the faults: %v", b.Problems())
				}
			},
		},
		{
			name:  "random bytes named AnyConnectVPN.txt",
			data:  func(*testing.T) []byte { return hostile.Get("random named log") },
			names: map[string]string{"AnyConnectVPN.txt": ""},
			check: func(t *testing.T, b *dart.Bundle, w map[string]walkResult) {
				if f := fileNamed(b, "AnyConnectVPN.txt"); f.Kind.IsLog() || f.Encoding != "" {
					t.Errorf("random bytes taken for a log: %+v", f)
				}
				if !bytes.Equal(w["AnyConnectVPN.txt"].data, hostile.Random(1, 2048)) {
					t.Errorf("binary content changed")
				}
			},
		},
		{
			name:  "control characters in names and text are data",
			data:  func(*testing.T) []byte { return hostile.Get("escapes") },
			names: map[string]string{"esc\x1b[31m.log": hostile.Escapes},
		},
	}
}

func crc(b []byte) uint32 {
	zr := hostile.Zip(hostile.Entry{Name: "x", Data: b, Store: true})
	r, _ := zip.NewReader(bytes.NewReader(zr), int64(len(zr)))
	return r.File[0].CRC32
}

func fileNamed(b *dart.Bundle, name string) dart.File {
	for _, f := range b.Files() {
		if f.Name == name {
			return f
		}
	}
	return dart.File{}
}

// hasProblem reports whether a problem of b says text and wraps target.
func hasProblem(b *dart.Bundle, text string, target error) bool {
	for _, p := range b.Problems() {
		if strings.Contains(p.Error(), text) && errors.Is(p, target) {
			return true
		}
	}
	return false
}

// TestHostileBundles opens each hostile bundle from a file in an empty
// folder (the working folder is another empty one), walks it, and checks
// the error or limit it must give; nothing may be written to disk.
func TestHostileBundles(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	for _, tt := range hostileCases() {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "hostile.zip")
			data := tt.data(t)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			b, err := dart.Open(ctx, path, tt.opts)
			if tt.openErr != nil {
				if err == nil {
					b.Close()
					t.Fatalf("Open succeeded with %d files, want %v", len(b.Files()), tt.openErr)
				}
				if !errors.Is(err, tt.openErr) || !strings.Contains(err.Error(), tt.openMsg) || !strings.Contains(err.Error(), tt.openMsg2) {
					t.Fatalf("Open = %q, want %q and %q wrapping %v", err, tt.openMsg, tt.openMsg2, tt.openErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer b.Close()
			// The same bytes through NewReader give the same index.
			if len(data) > 1<<20 {
				// Big enough; once is enough.
			} else if b2, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), path, tt.opts); err != nil || len(b2.Files()) != len(b.Files()) {
				t.Errorf("NewReader: %v", err)
			}
			walked := map[string]walkResult{}
			var readErrs []error
			err = b.Walk(ctx, func(f dart.File, r io.Reader) error {
				data, err := io.ReadAll(r)
				walked[f.Name] = walkResult{data, err}
				if err != nil {
					readErrs = append(readErrs, err)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if tt.nfiles > 0 && len(b.Files()) != tt.nfiles {
				t.Errorf("%d files, want %d", len(b.Files()), tt.nfiles)
			}
			for name, want := range tt.names {
				w, ok := walked[name]
				if !ok {
					t.Errorf("%q not walked; files %d", name, len(walked))
					continue
				}
				if !bytes.Contains(w.data, []byte(want)) {
					t.Errorf("%q: content %.80q does not hold %q", name, w.data, want)
				}
			}
			for _, want := range tt.problems {
				found := false
				for _, p := range b.Problems() {
					found = found || errors.Is(p, want)
				}
				if !found {
					t.Errorf("no problem wraps %v: %v", want, b.Problems())
				}
			}
			if tt.limit != nil {
				checkLimit(t, tt.limit, append(b.Problems(), readErrs...), bomb(tt))
			}
			if tt.check != nil {
				tt.check(t, b, walked)
			}
			// Nothing was extracted: both folders hold what they held.
			for d, want := range map[string]int{dir: 1, work: 0} {
				if ents, _ := os.ReadDir(d); len(ents) != want {
					t.Errorf("%s holds %d entries, want %d", d, len(ents), want)
				}
			}
		})
	}
}

// bomb returns the compressed size of the bomb of tt, for its limit value.
func bomb(tt hostileCase) int64 {
	if tt.limit.Limit != "MaxRatio" {
		return 0
	}
	ratio := int64(dart.DefaultMaxRatio)
	if tt.opts != nil && tt.opts.Limits.MaxRatio > 0 {
		ratio = tt.opts.Limits.MaxRatio
	}
	data := tt.data(nil)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	return int64(zr.File[0].CompressedSize64) * ratio
}

// checkLimit checks that one of errs is a *LimitError like want: the same
// Limit, the same Value unless it is zero, a File ending in want.File
// (the bundle's name is its path). value, if set, is the Value.
func checkLimit(t *testing.T, want *dart.LimitError, errs []error, value int64) {
	t.Helper()
	if value > 0 {
		want = &dart.LimitError{Limit: want.Limit, Value: value, File: want.File}
	}
	for _, err := range errs {
		var le *dart.LimitError
		if !errors.As(err, &le) || !errors.Is(err, dart.ErrLimit) {
			continue
		}
		if le.Limit == want.Limit && (want.Value == 0 || le.Value == want.Value) && strings.HasSuffix(le.File, want.File) {
			return
		}
	}
	t.Errorf("no %s limit error (value %d, file %q) among %v", want.Limit, want.Value, want.File, errs)
}

// Reading a bomb holds a bounded amount of memory: the index and a walk of
// a 256 MiB bomb allocate a small fraction of it.
func TestBombMemory(t *testing.T) {
	data := hostile.Bomb("bomb.txt", 256<<20)
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := dart.NewReader(ctx, bytes.NewReader(data), int64(len(data)), "bomb.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	var readErr error
	b.Walk(ctx, func(f dart.File, r io.Reader) error {
		n, readErr = io.Copy(io.Discard, r)
		return nil
	})
	runtime.ReadMemStats(&after)
	limit := int64(len(data)-200) * dart.DefaultMaxRatio // about the compressed size × ratio
	if !errors.Is(readErr, dart.ErrLimit) || n > limit+1000*dart.DefaultMaxRatio {
		t.Errorf("read %d bytes, error %v; want a MaxRatio error near %d bytes", n, readErr, limit)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading %d bytes of the bomb allocated %d bytes", n, alloc)
	}
}

// 100,000 small entries open in reasonable memory.
func TestManyEntriesMemory(t *testing.T) {
	b, held := openHeld(t, hostile.ManyEntries(100000), "many.zip")
	if n := len(b.Files()); n != 100000 {
		t.Fatalf("%d files", n)
	}
	if len(b.Problems()) != 0 {
		t.Errorf("problems: %v", b.Problems()[:1])
	}
	if held > 100<<20 {
		t.Errorf("the index of 100,000 files holds %d MiB", held>>20)
	}
	t.Logf("index of 100,000 files: %d MiB held", held>>20)
}

// A zip of 100,001 empty folders and one file opens; no more than
// MaxEntries of the folders are kept, in reasonable memory.
func TestManyEmptyFolders(t *testing.T) {
	b, held := openHeld(t, hostile.ManyFolders(100001), "folders.zip")
	if n := len(b.Files()); n != 1 {
		t.Fatalf("%d files", n)
	}
	empty := b.EmptyFolders()
	if len(empty) != dart.DefaultMaxEntries || empty[0] != "d/000000" {
		t.Errorf("%d empty folders, the first %q; want %d from d/000000", len(empty), empty[0], dart.DefaultMaxEntries)
	}
	if held > 100<<20 {
		t.Errorf("a bundle of 100,001 folders holds %d MiB", held>>20)
	}
}

// openHeld opens data and returns the bundle and the heap it holds.
func openHeld(t *testing.T, data []byte, name string) (*dart.Bundle, int64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := dart.NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(b)
	return b, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}
