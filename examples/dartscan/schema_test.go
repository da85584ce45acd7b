package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJSONSchema checks that what -format json writes is valid against
// the published schema, fresh from every sample bundle at once, and in
// the other shapes a document takes: with a capture, a capture alone, a
// bundle that cannot be opened, a capture that cannot be read, a folder
// that is no DART bundle, and a file dartkit should have read and did
// not.
func TestJSONSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("../../schema/report.v2.json")
	if err != nil {
		t.Fatal(err)
	}

	all, err := filepath.Glob(bundles + "*")
	if err != nil || len(all) < 20 {
		t.Fatalf("%d bundles, %v", len(all), err)
	}
	const captures = "../../testdata/captures/"
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes")
	if err := os.Mkdir(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "todo.txt"), []byte("Call the customer back on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missed := filepath.Join(dir, "missed.zip")
	if err := os.WriteFile(missed, hostile.Zip(hostile.E("notes.txt", "Customer called; acvpnagent restarted twice.\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		bundles int
	}{
		{"every sample", append([]string{"-format", "json"}, all...), len(all)},
		{"with a capture", []string{"-format", "json", "-capture", captures + "technote.pcapng", bundles + "DARTBundle_0617_2021.zip"}, 1},
		{"with a truncated capture", []string{"-format", "json", "-capture", captures + "truncated.pcapng", bundles + "clean.zip"}, 1},
		{"a capture alone", []string{"-format", "json", "-capture", captures + "technote.pcapng"}, 1},
		{"a capture that is none", []string{"-format", "json", "-capture", captures + "not-a-capture.pcap"}, 1},
		{"a bundle that is missing", []string{"-format", "json", bundles + "missing.zip", bundles + "clean.zip"}, 2},
		{"not an archive", []string{"-format", "json", "schema_test.go"}, 1},
		{"no DART bundle", []string{"-format", "json", notes}, 1},
		{"a file missed", []string{"-format", "json", missed}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, _ := dartscan(t, tt.args...)
			var doc struct {
				Version int               `json:"schema_version"`
				Bundles []json.RawMessage `json:"bundles"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v\n%.500s", err, out)
			}
			if doc.Version != schema.Version || len(doc.Bundles) != tt.bundles {
				t.Fatalf("schema_version %d with %d bundles, want %d with %d", doc.Version, len(doc.Bundles), schema.Version, tt.bundles)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Error(err)
			}
		})
	}
}
