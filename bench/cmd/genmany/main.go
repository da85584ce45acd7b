// Command genmany writes a zip of many small entries, the one the
// many-entries benchmarks read:
//
//	go run ./bench/cmd/genmany [-n N] [-seed S] FILE
//
// A quarter of its entries are VPN profiles, a quarter small syslogs, a
// quarter system information and a quarter one-line files of no kind. The
// output depends only on the flags.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dartkit/dartkit/internal/hostile"
)

func main() {
	n := flag.Int("n", 100000, "`entries` in the zip")
	seed := flag.Uint64("seed", 1, "random `seed`")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genmany [-n N] [-seed S] FILE")
		os.Exit(2)
	}
	if err := os.WriteFile(flag.Arg(0), hostile.ManySeeded(*seed, *n), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genmany:", err)
		os.Exit(1)
	}
}
