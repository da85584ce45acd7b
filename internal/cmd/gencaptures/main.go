// Gencaptures writes the synthetic packet captures of testdata/captures.
//
// Usage:
//
//	go run ./internal/cmd/gencaptures -out testdata/captures
//	go run ./internal/cmd/gencaptures -bench 1000000 -out /tmp/bench.pcap
//
// With -bench N it writes instead, to the file named by -out, the
// N-packet capture the benchmarks read.
//
// The output is deterministic; the files are committed, and a test checks
// that they match what this program writes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartkit/dartkit/internal/cmd/gencaptures/capgen"
)

func main() {
	out := flag.String("out", "testdata/captures", "directory to write the captures to, or with -bench the file")
	bench := flag.Int("bench", 0, "write a benchmark capture of this many packets to the file -out")
	flag.Parse()
	var err error
	if *bench > 0 {
		err = writeBench(*out, *bench)
	} else {
		err = run(*out)
	}
	if err != nil {
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

func writeBench(name string, n int) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := capgen.Bench(w, n); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
