package redact

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/hostile"
)

// FuzzBundle redacts arbitrary archives: no panic, and what is written
// opens again as a bundle, with the planted address gone, and redacting it
// again changes nothing.
func FuzzBundle(f *testing.F) {
	text := plantedText()
	f.Add(hostile.Zip(hostile.E("a.log", text)))
	f.Add(hostile.Zip(hostile.Entry{Name: "u.txt", Data: utf16LE(text, true)}, hostile.E(NoteName, noteHead+"\n"+notePseudonyms+"\nhost-abcdef\n")))
	f.Add(hostile.Zip(hostile.Entry{Name: "in.zip", Data: hostile.Zip(hostile.E("b.txt", text))}))
	var gz bytes.Buffer
	gzipTo(&gz, "x.log", []byte(text))
	f.Add(hostile.Zip(hostile.Entry{Name: "x.log.gz", Data: gz.Bytes()}, hostile.Entry{Name: "bin", Data: append([]byte{0, 1, 2}, utf16LE(text, false)...)}))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := filepath.Join(dir, "in.zip")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out.zip")
		again := filepath.Join(dir, "again.zip")
		defer os.Remove(out)
		defer os.Remove(again)
		r, _ := New(&Options{Key: bundleKey})
		if _, err := Bundle(context.Background(), r, in, out); err != nil {
			if _, serr := os.Stat(out); serr == nil {
				t.Fatalf("%s left after %v", out, err)
			}
			return
		}
		b, err := dart.Open(context.Background(), out, nil)
		if err != nil {
			t.Fatalf("the output does not open: %v", err)
		}
		err = b.Walk(context.Background(), func(f dart.File, r io.Reader) error {
			data, _ := io.ReadAll(r)
			if bytes.Contains(data, []byte(plantPrivate)) {
				t.Errorf("%s: %s left", f.Name, plantPrivate)
			}
			return nil
		})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		r2, _ := New(&Options{Key: bundleKey})
		if _, err := Bundle(context.Background(), r2, out, again); err != nil {
			t.Fatalf("the output does not redact again: %v", err)
		}
	})
}
