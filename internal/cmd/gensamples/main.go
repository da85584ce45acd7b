// Command gensamples writes the sample bundles of testdata/bundles, and a
// README listing what each one shows.
//
//	go run ./internal/cmd/gensamples [-out testdata/bundles]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	var b strings.Builder
	b.WriteString("# Sample bundles\n\nMade by `go run ./internal/cmd/gensamples`; do not edit by hand. The regression test in\n`regress_test.go` runs every one and compares the result with `testdata/golden/`.\n\n")
	for _, s := range sample.Scenarios() {
		fmt.Fprintf(&b, "- `%s`: %s\n", s.Name, s.Shows)
	}
	if err := os.WriteFile(filepath.Join(*out, "README.md"), []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}
