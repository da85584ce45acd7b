package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/hostile"
)

func FuzzNewReader(f *testing.F) {
	f.Add(dartZip(f))
	f.Add(makeZip(f, tfile{`a\b.log`, syslogText}, tfile{"../x", hostsText}, tfile{"a/b.log", "dup"}))
	f.Add(gzipped(f, makeTar(f, tfile{"d/", ""}, tfile{"d/hosts", hostsText}, tfile{"d/e.txt", eventLogText})))
	f.Add(gzipped(f, makeTar(f, tfile{"DART.zip", string(dartZip(f))})))
	f.Add(makeZip(f, tfile{"inner.zip", string(makeZip(f, tfile{"s.log.gz", string(gzipped(f, []byte(syslogText)))}))}))
	f.Add(gzipped(f, dartZip(f)))
	f.Add(makeTar(f, tfile{"u16.txt", string(utf16LE(eventLogText, true))}))
	f.Add(makeTar(f, tfile{"hosts", hostsText}))
	f.Add(gzipped(f, []byte(syslogText)))
	// The small hostile archives: bombs, deep nesting, lying sizes, bad
	// names, cut and corrupt archives.
	for _, c := range hostile.Cases() {
		f.Add(c.Data)
	}
	// A zip cut at several points, to reach each stop of the recovery
	// from local headers.
	z := dartZip(f)
	for _, n := range []int{20, 100, len(z) / 2, len(z) - 60} {
		f.Add(z[:n])
	}
	// Zips without a central directory whose data descriptors have no
	// signature, or were overwritten.
	files := []tfile{{"a/hosts", hostsText}, {"b/system.log", syslogText}, {"c/hosts", hostsText}}
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		z := descriptorZip(f, method, files...)
		z = z[:bytes.Index(z, []byte("PK\x01\x02"))]
		f.Add(bytes.ReplaceAll(z, []byte("PK\x07\x08"), nil))
		f.Add(bytes.ReplaceAll(z, []byte("PK\x07\x08"), []byte("PK\x00\x00")))
	}
	// Every file of the package's testdata (the 7z among them) and every
	// sample bundle of the module's.
	for _, dir := range []string{"testdata", "../testdata/bundles"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
					f.Add(data)
				}
			}
			return nil
		})
	}
	opts := &Options{Limits: Limits{
		MaxFileSize:   256 << 10,
		MaxTotalSize:  1 << 20,
		MaxNestedSize: 256 << 10,
		MaxEntries:    200,
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b, err := NewReader(ctx, bytes.NewReader(data), int64(len(data)), "fuzz.zip", opts)
		if err != nil {
			if b != nil {
				t.Fatal("bundle and error both returned")
			}
			return
		}
		files := b.Files()
		if len(files) == 0 {
			t.Fatal("no files and no error")
		}
		seen := map[string]bool{}
		for i, f := range files {
			if seen[f.Name] {
				t.Fatalf("duplicate name %q", f.Name)
			}
			seen[f.Name] = true
			if i > 0 && files[i-1].Name > f.Name {
				t.Fatalf("files not sorted")
			}
			if !fs.ValidPath(f.Name) && f.Name != "_" {
				t.Fatalf("name %q is not a clean relative path", f.Name)
			}
		}
		walked := 0
		err = b.Walk(ctx, func(f File, r io.Reader) error {
			walked++
			io.Copy(io.Discard, r)
			return nil
		})
		if err != nil && ctx.Err() == nil {
			t.Fatalf("Walk: %v", err)
		}
		if walked > len(files) {
			t.Fatalf("walked %d files, index has %d", walked, len(files))
		}
		for _, f := range files[:min(len(files), 10)] {
			b.ReadFile(f.Name)
		}
		b.Problems()
		b.Close()
	})
}
