// Command gensamples writes the sample bundles of testdata/bundles, and a
// README listing what each one shows.
//
//	go run ./internal/cmd/gensamples [-out testdata/bundles]
//
// With -layouts DIR it writes instead the AnyConnect event log of the
// TechNote sample in every event-log layout, one file per layout
// (DIR/FORM.ENCODING.txt), for reading them side by side.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dartkit/dartkit/internal/sample"
)

func main() {
	out := flag.String("out", "testdata/bundles", "directory to write the bundles to")
	layouts := flag.String("layouts", "", "write the TechNote event log in every layout to this `directory` instead")
	flag.Parse()
	dir, write := *out, sample.Write
	if *layouts != "" {
		dir, write = *layouts, writeLayouts
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
	if err := write(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}

// writeLayouts writes the AnyConnect event log of the first sample in
// every layout into dir.
func writeLayouts(dir string) error {
	s := sample.Scenarios()[0]
	for _, l := range sample.Layouts() {
		sl, _ := s.InLayout(l)
		var data []byte
		for _, f := range sl.Files {
			if path.Base(f.Name) == "AnyConnectVPN.txt" {
				data = f.Data
			}
		}
		if data == nil {
			return errors.New(s.Name + " has no AnyConnectVPN.txt")
		}
		name := strings.ReplaceAll(l.Name, "/", ".") + ".txt"
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
