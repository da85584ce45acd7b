package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
)

// TestWriteJSONAsEncoder checks that writeJSON, which writes a report's
// long lists an element at a time, writes what json.Encoder writes of the
// whole document: for every bundle of the test data at once, a bundle
// that could not be opened among them, each alone, and none.
func TestWriteJSONAsEncoder(t *testing.T) {
	paths, err := filepath.Glob("../testdata/bundles/*")
	if err != nil || len(paths) < 20 {
		t.Fatalf("%d bundles, %v", len(paths), err)
	}
	var all []Bundle
	for _, p := range paths {
		all = append(all, analyze(t, p))
	}
	all = append(all, Bundle{Path: "missing.zip", Err: errors.New("missing.zip: no such file")})
	check := func(t *testing.T, results []Bundle) {
		t.Helper()
		var got bytes.Buffer
		if err := WriteJSON(&got, results, nil); err != nil {
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
		check(t, []Bundle{r})
	}
	profiles, files := 0, 0
	for _, r := range all {
		if r.Report != nil {
			files += len(r.Report.Files)
			profiles += len(r.Report.Facts.Profiles)
		}
	}
	if profiles == 0 || files == 0 {
		t.Fatalf("%d profiles, %d files: the lists written apart are not tested", profiles, files)
	}
}

// encodeWhole is writeJSON's document encoded whole by json.Encoder.
func encodeWhole(t *testing.T, results []Bundle) []byte {
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

// analyze analyses the bundle at path with every rule, as dartscan does.
func analyze(t *testing.T, path string) Bundle {
	t.Helper()
	b, err := dart.Open(context.Background(), path, nil)
	if err != nil {
		return Bundle{Path: path, Err: err}
	}
	defer b.Close()
	rep, err := findings.Analyze(context.Background(), b, rules.All(), nil)
	if err != nil {
		return Bundle{Path: path, Err: err}
	}
	rep.Bundle = path
	return Bundle{Path: path, Report: rep}
}
