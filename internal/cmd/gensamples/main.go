// Command gensamples writes the sample bundles of testdata/bundles, and a
// README listing what each one shows.
//
//	go run ./internal/cmd/gensamples [-out testdata/bundles]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dartkit/dartkit/internal/sample"
)

func main() {
	out := flag.String("out", "testdata/bundles", "directory to write the bundles to")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
	if err := sample.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}
