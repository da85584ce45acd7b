// Gencaptures writes the synthetic packet captures of testdata/captures.
//
// Usage:
//
//	go run ./internal/cmd/gencaptures -out testdata/captures
//
// The output is deterministic; the files are committed, and a test checks
// that they match what this program writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartkit/dartkit/internal/cmd/gencaptures/capgen"
)

func main() {
	out := flag.String("out", "testdata/captures", "directory to write the captures to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gencaptures:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := capgen.Files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
