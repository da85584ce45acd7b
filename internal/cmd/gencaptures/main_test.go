package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/internal/cmd/gencaptures/capgen"
)

// TestCommitted checks that testdata/captures holds exactly what the
// generator writes: run go run ./internal/cmd/gencaptures after changing it.
func TestCommitted(t *testing.T) {
	files, err := capgen.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "captures", f.Name))
		if err != nil {
			t.Errorf("%v (run go run ./internal/cmd/gencaptures)", err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("testdata/captures/%s differs from the generator's output (run go run ./internal/cmd/gencaptures)", f.Name)
		}
	}
}

// TestDeterministic checks that two runs write the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := run(a); err != nil {
		t.Fatal(err)
	}
	if err := run(b); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(a, "*"))
	if len(names) == 0 {
		t.Fatal("nothing written")
	}
	for _, n := range names {
		x, _ := os.ReadFile(n)
		y, _ := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs", filepath.Base(n))
		}
	}
}
