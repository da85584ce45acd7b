package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/findings/rules"
)

// TestWriteJSONAsEncoder checks that writeJSON, which writes a report's
// long lists an element at a time, writes what json.Encoder writes of the
// whole document: for every bundle of the test data at once, a bundle
// that could not be opened among them, each alone, and none.
func TestWriteJSONAsEncoder(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/bundles/*")
	if err != nil || len(paths) < 20 {
		t.Fatalf("%d bundles, %v", len(paths), err)
	}
	var all []result
	for _, p := range paths {
		all = append(all, analyze(context.Background(), p, rules.All(), nil))
	}
	all = append(all, result{path: "missing.zip", err: errors.New("missing.zip: no such file")})
	check := func(t *testing.T, results []result) {
		t.Helper()
		var got bytes.Buffer
		if err := writeJSON(&got, results); err != nil {
			t.Fatal(err)
		}
		if want := encodeWhole(t, results); !bytes.Equal(got.Bytes(), want) {
			i := 0
			for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
				i++
			}
			t.Fatalf("differs at byte %d: %q, want %q", i, got.Bytes()[max(0, i-40):min(got.Len(), i+40)], want[max(0, i-40):min(len(want), i+40)])
		}
	}
	check(t, all)
	check(t, nil)
	for _, r := range all {
		check(t, []result{r})
	}
	profiles, files := 0, 0
	for _, r := range all {
		if r.report != nil {
			files += len(r.report.Files)
			profiles += len(r.report.Facts.Profiles)
		}
	}
	if profiles == 0 || files == 0 {
		t.Fatalf("%d profiles, %d files: the lists written apart are not tested", profiles, files)
	}
}

// encodeWhole is writeJSON's document encoded whole by json.Encoder.
func encodeWhole(t *testing.T, results []result) []byte {
	doc := newJSONDocument(results)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
