package schema_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
	"github.com/dartkit/dartkit/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compile returns the schema of the document, and that of one bundle's
// report, compiled as draft 2020-12 with formats asserted.
func compile(t *testing.T) (doc, single *jsonschema.Schema) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Report()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(schema.ID, v); err != nil {
		t.Fatal(err)
	}
	if doc, err = c.Compile(schema.ID); err != nil {
		t.Fatal(err)
	}
	if single, err = c.Compile(schema.ID + "#/$defs/report"); err != nil {
		t.Fatal(err)
	}
	return doc, single
}

// instance decodes JSON as the validator reads it.
func instance(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaHeader checks that the schema says the version and the $id
// the package gives, is of draft 2020-12, and describes the version
// package report writes.
func TestSchemaHeader(t *testing.T) {
	var s struct {
		Schema     string `json:"$schema"`
		ID         string `json:"$id"`
		Properties struct {
			Version struct {
				Const int `json:"const"`
			} `json:"schema_version"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(schema.Report(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %q, want draft 2020-12", s.Schema)
	}
	if s.ID != schema.ID {
		t.Errorf("$id %q, want schema.ID %q", s.ID, schema.ID)
	}
	if s.Properties.Version.Const != schema.Version {
		t.Errorf("schema_version const %d, want schema.Version %d", s.Properties.Version.Const, schema.Version)
	}
	if report.SchemaVersion != schema.Version {
		t.Errorf("report.SchemaVersion %d, schema.Version %d: the document written is not the one described", report.SchemaVersion, schema.Version)
	}
	if want := "report.v" + strconv.Itoa(schema.Version) + ".json"; !strings.HasSuffix(schema.ID, "/"+want) {
		t.Errorf("$id %q does not end in %s: the file is named after its schema_version", schema.ID, want)
	}
}

// TestDescribed checks that the schema is written for its readers and
// strict: every definition and every property is described (a property
// that only refers to a definition takes its description), and every
// object says what other properties it allows, so that a field renamed
// in the encoder fails validation instead of passing unnoticed.
func TestDescribed(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(schema.Report(), &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["$defs"].(map[string]any)
	if len(defs) == 0 {
		t.Fatal("no $defs")
	}
	described := func(s map[string]any) bool {
		if d, _ := s["description"].(string); d != "" {
			return true
		}
		ref, _ := s["$ref"].(string)
		def, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		d, _ := def["description"].(string)
		return strings.HasPrefix(ref, "#/$defs/") && d != ""
	}
	properties := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		case map[string]any:
			if v["type"] == "object" {
				if _, ok := v["additionalProperties"]; !ok {
					t.Errorf("%s: an object without additionalProperties", path)
				}
			}
			if props, ok := v["properties"].(map[string]any); ok && path != "/$defs/report/if" && !strings.HasPrefix(path, "/$defs/report/then") && !strings.HasPrefix(path, "/$defs/report/else") {
				for name, p := range props {
					properties++
					if p, _ := p.(map[string]any); !described(p) {
						t.Errorf("%s: property %s is not described", path, name)
					}
				}
			}
			for k, e := range v {
				walk(path+"/"+k, e)
			}
		}
	}
	walk("", root)
	for name, d := range defs {
		if d, _ := d.(map[string]any); d["description"] == nil {
			t.Errorf("$defs/%s is not described", name)
		}
	}
	if properties < 100 {
		t.Errorf("%d properties described: the walk missed most of the schema", properties)
	}
}

// TestGoldens validates every JSON golden of the module that is a report:
// whole documents (a schema_version and bundles) against the schema, and
// single reports (as the library's golden tests encode findings.Report)
// against its definition "report". Other JSON (a golden of a bundle that
// could not be opened, which holds only the error; documents of another
// kind) is left alone.
func TestGoldens(t *testing.T) {
	doc, single := compile(t)
	docs, reports := 0, 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".json" || !strings.Contains(filepath.ToSlash(path), "/testdata/") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(b, &keys) != nil {
			return nil // not an object: no report
		}
		switch {
		case keys["schema_version"] != nil && keys["bundles"] != nil:
			docs++
			if err := doc.Validate(instance(t, b)); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		case keys["findings"] != nil && keys["path"] != nil:
			reports++
			if err := single.Validate(instance(t, b)); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents, %d reports", docs, reports)
	if reports < 70 {
		t.Errorf("%d reports validated: the goldens of testdata/golden were not found", reports)
	}
}

// TestFreshReports validates the document package report writes of every
// sample bundle analysed now, with the records around each piece of
// evidence kept, and of a bundle that could not be opened.
func TestFreshReports(t *testing.T) {
	doc, _ := compile(t)
	paths, err := filepath.Glob("../testdata/bundles/*")
	if err != nil || len(paths) < 20 {
		t.Fatalf("%d bundles, %v", len(paths), err)
	}
	ctx := context.Background()
	var bundles []report.Bundle
	for _, p := range paths {
		b, err := dart.Open(ctx, p, nil)
		if err != nil {
			bundles = append(bundles, report.Bundle{Path: p, Err: err})
			continue
		}
		rep, err := findings.Analyze(ctx, b, rules.All(), &findings.Options{Context: 3})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, report.Bundle{Path: p, Report: rep})
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, bundles, nil); err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(instance(t, buf.Bytes())); err != nil {
		t.Error(err)
	}
}

// TestRejects checks that the schema catches what a changed encoder would
// write: a field it does not know, a value outside a closed set, a
// required field missing, a report that says it is complete but lists
// losses. Each case edits a valid document; the document unedited must
// pass.
func TestRejects(t *testing.T) {
	doc, _ := compile(t)
	rep, err := os.ReadFile("../testdata/golden/DARTBundle_0617_2021.json")
	if err != nil {
		t.Fatal(err)
	}
	valid := `{"schema_version": 2, "bundles": [` + string(rep) +
		`, {"path": "missing.zip", "platform": "unknown", "product": {}, "findings": [], "errors": ["missing.zip: no such file"]}]}`
	tests := []struct {
		name string
		edit func(d map[string]any)
	}{
		{"unedited", func(map[string]any) {}},
		{"unknown field at the top", func(d map[string]any) { d["generator"] = "dartscan" }},
		{"unknown field in a report", func(d map[string]any) { at(d, "bundles", 0)["bundle"] = "x.zip" }},
		{"field renamed in a finding", func(d map[string]any) { rename(at(d, "bundles", 0, "findings", 0), "rule", "rule_id") }},
		{"unknown field in evidence", func(d map[string]any) { at(d, "bundles", 0, "findings", 0, "evidence", 0)["offset"] = 12 }},
		{"unknown field in facts", func(d map[string]any) { at(d, "bundles", 0, "facts")["os"] = "windows" }},
		{"unknown field in a file", func(d map[string]any) { at(d, "bundles", 0, "files", 0)["mtime"] = "2020-06-17" }},
		{"unknown field in an unopened bundle", func(d map[string]any) { at(d, "bundles", 1)["format"] = "zip" }},
		{"schema_version 3", func(d map[string]any) { d["schema_version"] = 3 }},
		{"severity not in the set", func(d map[string]any) { at(d, "bundles", 0, "findings", 0)["severity"] = "warning" }},
		{"severity upper-case", func(d map[string]any) { at(d, "bundles", 0, "findings", 0)["severity"] = "MEDIUM" }},
		{"file state not in the set", func(d map[string]any) { at(d, "bundles", 0, "files", 0)["state"] = "skipped" }},
		{"platform not in the set", func(d map[string]any) { at(d, "bundles", 0)["platform"] = "win32" }},
		{"file kind not in the set", func(d map[string]any) { at(d, "bundles", 0, "files", 0)["kind"] = "log" }},
		{"fingerprint not 16 hex digits", func(d map[string]any) { at(d, "bundles", 0, "findings", 0)["fingerprint"] = "CSCvu39643" }},
		{"evidence time in another layout", func(d map[string]any) {
			at(d, "bundles", 0, "findings", 0, "evidence", 0)["time"] = "6/17/2020 8:21:57 PM"
		}},
		{"bundles missing", func(d map[string]any) { delete(d, "bundles") }},
		{"schema_version missing", func(d map[string]any) { delete(d, "schema_version") }},
		{"coverage missing", func(d map[string]any) { delete(at(d, "bundles", 0), "coverage") }},
		{"finding without its rule", func(d map[string]any) { delete(at(d, "bundles", 0, "findings", 0), "rule") }},
		{"evidence without its text", func(d map[string]any) { delete(at(d, "bundles", 0, "findings", 0, "evidence", 0), "text") }},
		{"unopened bundle without its error", func(d map[string]any) { at(d, "bundles", 1)["errors"] = []any{} }},
		{"complete but with losses", func(d map[string]any) { at(d, "bundles", 0)["errors"] = []any{"x.log: line 3 cut"} }},
		{"incomplete without losses", func(d map[string]any) { at(d, "bundles", 0)["incomplete"] = true }},
		{"size not an integer", func(d map[string]any) { at(d, "bundles", 0, "files", 0)["size"] = 1.5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d map[string]any
			if err := json.Unmarshal([]byte(valid), &d); err != nil {
				t.Fatal(err)
			}
			tt.edit(d)
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			err = doc.Validate(instance(t, b))
			switch {
			case tt.name == "unedited" && err != nil:
				t.Fatalf("a valid document fails: %v", err)
			case tt.name != "unedited" && err == nil:
				t.Fatal("passes")
			}
		})
	}
}

// TestFieldsToCome checks that the fields that reports are about to
// carry (a finding's fingerprint, lines around a piece of evidence)
// validate when present.
func TestFieldsToCome(t *testing.T) {
	_, single := compile(t)
	b, err := os.ReadFile("../testdata/golden/DARTBundle_0617_2021.json")
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	at(d, "findings", 0)["fingerprint"] = "0123456789abcdef"
	ev := at(d, "findings", 0, "evidence", 0)
	ev["before"] = []any{map[string]any{"line": 11, "time": "2020-06-17T20:21:30", "text": "Function: CHostConfigMgr::..."}}
	ev["after"] = []any{map[string]any{"line": 20, "text": "Description: ..."}, map[string]any{"text": "no line, no time"}}
	if b, err = json.Marshal(d); err != nil {
		t.Fatal(err)
	}
	if err := single.Validate(instance(t, b)); err != nil {
		t.Fatal(err)
	}
}

// at returns the object at path in v, each step a key or an index.
func at(v any, path ...any) map[string]any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			v = v.(map[string]any)[p]
		case int:
			v = v.([]any)[p]
		}
	}
	return v.(map[string]any)
}

// rename moves the value of key old of m to key new.
func rename(m map[string]any, old, new string) {
	m[new] = m[old]
	delete(m, old)
}
