package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/dartkit/dartkit/internal/hostile"
)

// cutNames returns the entry names archive/zip reads from data cut to keep
// records, and whether it was cut.
func cutNames(t *testing.T, data []byte, keep int) ([]string, bool) {
	t.Helper()
	v, size, ok := cutZipDirectory(bytes.NewReader(data), int64(len(data)), keep)
	if !ok {
		return nil, false
	}
	zr, err := zip.NewReader(v, size)
	if err != nil {
		t.Fatalf("the cut zip does not read: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		rc.Close()
	}
	return names, true
}

func TestCutZipDirectory(t *testing.T) {
	entries := func(n int) []hostile.Entry {
		var es []hostile.Entry
		for i := range n {
			es = append(es, hostile.Entry{Name: fmt.Sprintf("d/%06d.txt", i), Data: []byte("text\n"), Store: i%2 == 0})
		}
		return es
	}
	small := hostile.Zip(entries(30)...)
	big := hostile.ManyEntries(70000) // past 65,535: a zip64 directory
	for _, tt := range []struct {
		name string
		data []byte
		keep int
		cut  bool
	}{
		{"fewer records than kept", small, 40, false},
		{"as many records as kept", small, 30, false},
		{"one more", small, 29, true},
		{"a few of many", small, 3, true},
		{"zip64", big, 100, true},
		{"zip64, most kept", big, 69999, true},
		{"data before the zip", append([]byte("#!/bin/sh\nexit 0\n"), small...), 5, true},
		{"a comment after", withComment(small, "bundle made by DART"), 5, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			names, cut := cutNames(t, tt.data, tt.keep)
			if cut != tt.cut {
				t.Fatalf("cut %v, want %v", cut, tt.cut)
			}
			if !cut {
				return
			}
			zr, err := zip.NewReader(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err != nil {
				t.Fatal(err)
			}
			if len(names) != tt.keep {
				t.Fatalf("%d records read, want %d", len(names), tt.keep)
			}
			for i, n := range names {
				if n != zr.File[i].Name {
					t.Fatalf("record %d is %q, want %q", i, n, zr.File[i].Name)
				}
			}
		})
	}
	for _, bad := range [][]byte{nil, []byte("PK\x05\x06"), small[:len(small)-1], small[:len(small)/2]} {
		if _, _, ok := cutZipDirectory(bytes.NewReader(bad), int64(len(bad)), 1); ok {
			t.Errorf("a damaged zip of %d bytes was cut", len(bad))
		}
	}
}

// withComment returns the zip data with its archive comment set.
func withComment(data []byte, comment string) []byte {
	out := bytes.Clone(data)
	out[len(out)-2] = byte(len(comment))
	out[len(out)-1] = byte(len(comment) >> 8)
	return append(out, comment...)
}

// A bundle far past MaxEntries is read only as far as the index can use:
// with MaxEntries 1,000, a zip of 100,000 entries costs what one of 2,000
// does, and lists 1,000 files with the limit as a problem.
func TestManyEntriesPastLimitCheap(t *testing.T) {
	data := hostile.ManyEntries(100000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "many.zip", &Options{Limits: Limits{MaxEntries: 1000}})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.Files()); n != 1000 {
		t.Errorf("%d files, want 1000", n)
	}
	var le *LimitError
	found := false
	for _, p := range b.Problems() {
		if errors.As(p, &le) && le.Limit == "MaxEntries" && le.Value == 1000 {
			found = true
		}
	}
	if !found {
		t.Errorf("no MaxEntries problem among %v", b.Problems())
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("opening allocated %d KiB; the directory was read whole", alloc>>10)
	}
	walked := 0
	if err := b.Walk(context.Background(), func(f File, r io.Reader) error { walked++; return nil }); err != nil || walked != 1000 {
		t.Errorf("walked %d files: %v", walked, err)
	}
}

// A file after more than twice MaxEntries folders is past the cut: the
// bundle has no file the index can list, and says it is for the limit.
func TestCutFoldersFirst(t *testing.T) {
	var files []tfile
	for i := range 30 {
		files = append(files, tfile{fmt.Sprintf("d%02d/", i), ""})
	}
	files = append(files, tfile{"x.txt", "x\n"})
	data := makeZip(t, files...)
	_, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", &Options{Limits: Limits{MaxEntries: 10}})
	if !errors.Is(err, ErrNoFiles) || !errors.Is(err, ErrLimit) {
		t.Errorf("open: %v; want no files, for the MaxEntries limit", err)
	}
}

// FuzzCutZipDirectory cuts damaged zips: a cut never panics, and a zip it
// cuts reads with archive/zip, with the first records of the original.
func FuzzCutZipDirectory(f *testing.F) {
	for _, n := range []int{1, 3, 10} {
		var es []hostile.Entry
		for i := range n {
			es = append(es, hostile.E(fmt.Sprintf("f%d.txt", i), "x\n"))
		}
		f.Add(hostile.Zip(es...), 2)
	}
	f.Fuzz(func(t *testing.T, data []byte, keep int) {
		keep = keep%16 + 1
		v, size, ok := cutZipDirectory(bytes.NewReader(data), int64(len(data)), keep)
		if !ok {
			return
		}
		zr, err := zip.NewReader(v, size)
		if err != nil {
			return // archive/zip may refuse what the cut let through; the zip is then read as it is
		}
		if len(zr.File) > keep {
			t.Fatalf("%d records after a cut to %d", len(zr.File), keep)
		}
		orig, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for i, f := range zr.File {
			if i >= len(orig.File) || f.Name != orig.File[i].Name {
				t.Fatalf("record %d differs from the original's", i)
			}
		}
	})
}
