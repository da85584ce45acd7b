// Command genbig writes the large bundle the benchmarks read, a week of
// verbose agent logging (a million event-log records, about 350 MB
// uncompressed) in a DART zip:
//
//	go run ./internal/cmd/genbig [-out testdata/big/DARTBundle_big.zip] [-records N] [-seed S]
//
// The output depends only on the flags. testdata/big is not committed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dartkit/dartkit/internal/bigbundle"
)

func main() {
	out := flag.String("out", filepath.Join(bigbundle.Dir, bigbundle.FileName), "`file` to write")
	records := flag.Int("records", bigbundle.DefaultRecords, "event-log `records`")
	seed := flag.Uint64("seed", bigbundle.DefaultSeed, "random `seed`")
	flag.Parse()
	if err := bigbundle.WriteFile(*out, bigbundle.Options{Records: *records, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "genbig:", err)
		os.Exit(1)
	}
}
