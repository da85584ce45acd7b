// Command genbig writes the large bundle the benchmarks read, a week of
// verbose agent logging (a million event-log records, about 350 MB
// uncompressed) in a DART zip:
//
//	go run ./bench/cmd/genbig [-out FILE] [-records N] [-seed S] [-density D] [-layout NAME]
//
// -density is the share of the records that are the agent's failures to
// resolve mus.cisco.com, from 0 (none) to 0.25; at 0.1 the agent fails every
// 15 s from the first record to the last. -layout names the event log's
// layout (-layout list prints them). Without -out the bundle goes to
// testdata/big under the name the benchmarks look for; -path prints that
// name and writes nothing. The output depends only on the flags.
// testdata/big is not committed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dartkit/dartkit/bench/internal/bigbundle"
)

func main() {
	out := flag.String("out", "", "`file` to write (default testdata/big/, named by layout and density)")
	records := flag.Int("records", bigbundle.DefaultRecords, "event-log `records`")
	seed := flag.Uint64("seed", bigbundle.DefaultSeed, "random `seed`")
	density := flag.Float64("density", bigbundle.DefaultDensity, "share of the records that are failures to resolve mus.cisco.com (0: none)")
	layout := flag.String("layout", bigbundle.DefaultLayout(), "event-log `layout`: "+strings.Join(bigbundle.Layouts(), ", ")+"; list prints them")
	pathOnly := flag.Bool("path", false, "print the file's path and write nothing")
	flag.Parse()
	if *layout == "list" {
		for _, name := range bigbundle.Layouts() {
			fmt.Println(name)
		}
		return
	}
	if *out == "" {
		*out = filepath.Join(bigbundle.Dir, bigbundle.FileNameOf(*layout, *density))
	}
	if *pathOnly {
		fmt.Println(*out)
		return
	}
	opts := bigbundle.OptionsFor(*layout, *density)
	opts.Records, opts.Seed = *records, *seed
	if err := bigbundle.WriteFile(*out, opts); err != nil {
		fmt.Fprintln(os.Stderr, "genbig:", err)
		os.Exit(1)
	}
	fmt.Println(*out)
}
