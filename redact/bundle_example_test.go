package redact_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dartkit/dartkit/redact"
)

func ExampleBundle() {
	dir, err := os.MkdirTemp("", "redacted")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// A fixed key gives the same pseudonyms in every run; without one,
	// New makes a key, which the map then holds.
	r, err := redact.New(&redact.Options{Key: []byte("an example key, 32 bytes long...")})
	if err != nil {
		log.Fatal(err)
	}
	in := filepath.Join("..", "testdata", "bundles", "DARTBundle_0617_2021.zip")
	res, err := redact.Bundle(context.Background(), r, in, filepath.Join(dir, "redacted.zip"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("written as", res.Format, "with", len(res.Files), "files and folders")
	for _, f := range res.Files {
		if f.Name == "Windows/System/systeminfo.txt" {
			// It names the computer.
			fmt.Printf("%s: %s\n", f.Name, f.Action)
		}
	}
	// Output:
	// written as zip with 18 files and folders
	// Windows/System/systeminfo.txt: redacted
}
