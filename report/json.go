package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// SchemaVersion is the "schema_version" of the JSON document WriteJSON
// writes. It changes when a field is removed or changes meaning; new
// fields do not change it. Version 2: "errors" lists only what was lost,
// and "incomplete" is true exactly when it is not empty; what lost
// nothing moved to "coverage.notes".
const SchemaVersion = 2

// jsonDocument is the JSON document of the reports: every bundle's report;
// a bundle that could not be analysed has the same shape, with its error.
type jsonDocument struct {
	SchemaVersion int   `json:"schema_version"`
	Bundles       []any `json:"bundles"`
}

// newJSONDocument returns the document of results.
func newJSONDocument(results []Bundle) jsonDocument {
	type failed struct {
		Path     string             `json:"path"`
		Platform dart.Platform      `json:"platform"`
		Product  struct{}           `json:"product"`
		Findings []findings.Finding `json:"findings"`
		Errors   []string           `json:"errors"`
	}
	doc := jsonDocument{SchemaVersion: SchemaVersion, Bundles: []any{}}
	for _, r := range results {
		if r.Report == nil {
			doc.Bundles = append(doc.Bundles, failed{Path: r.Path, Platform: dart.PlatformUnknown, Findings: []findings.Finding{}, Errors: []string{r.Err.Error()}})
			continue
		}
		doc.Bundles = append(doc.Bundles, r.Report)
	}
	return doc
}

// WriteJSON writes the bundles' reports as one JSON document,
// {"schema_version": SchemaVersion, "bundles": [...]}, each bundle a
// findings.Report, or, for one that could not be analysed, its path and
// error in the same shape. Its names and enumerations are English in every
// Options.Language.
func WriteJSON(w io.Writer, results []Bundle, opts *Options) error {
	doc := newJSONDocument(results)
	// The document is written as json.Encoder with an indent of two
	// spaces writes it, but a bundle at a time, and a report's files one
	// at a time: whole, a bundle of 100,000 files is tens of megabytes
	// of JSON, held twice while it is indented.
	if _, err := io.WriteString(w, fmt.Sprintf("{\n  \"schema_version\": %d,\n  \"bundles\": [", SchemaVersion)); err != nil {
		return err
	}
	for i, b := range doc.Bundles {
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, "\n    ")
		if err := writeJSONBundle(w, b); err != nil {
			return err
		}
	}
	if len(doc.Bundles) > 0 {
		io.WriteString(w, "\n  ")
	}
	_, err := io.WriteString(w, "]\n}\n")
	return err
}

// writeJSONBundle writes b, an element of the document's bundles, as
// writeJSON's encoder would, but a report's files and profiles one by
// one: they are what a bundle holds by the thousand.
func writeJSONBundle(w io.Writer, b any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	rep, ok := b.(*findings.Report)
	if !ok {
		if err := enc.Encode(b); err != nil {
			return err
		}
		_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	// The lists are left out of the report encoded, as null, and written
	// where they are, in the order they come.
	short := *rep
	var lists []jsonList
	if rep.Facts != nil && len(rep.Facts.Profiles) > 0 {
		facts := *rep.Facts
		facts.Profiles = nil
		short.Facts = &facts
		lists = append(lists, jsonList{"profiles", 4, len(rep.Facts.Profiles), func(i int) any { return &rep.Facts.Profiles[i] }})
	}
	if len(rep.Files) > 0 {
		short.Files = nil
		lists = append(lists, jsonList{"files", 3, len(rep.Files), func(i int) any { return &rep.Files[i] }})
	}
	if err := enc.Encode(&short); err != nil {
		return err
	}
	rest := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	var elem bytes.Buffer
	for _, l := range lists {
		pad := strings.Repeat("  ", l.depth)
		// Keys are at one depth of indent in an object, deeper in what
		// it holds, and strings hold no line breaks: the key's line is
		// found.
		head, tail, found := bytes.Cut(rest, []byte("\n"+pad+`"`+l.key+`": null`))
		if !found {
			return fmt.Errorf("no %s in the JSON of a report", l.key)
		}
		if _, err := w.Write(head); err != nil {
			return err
		}
		io.WriteString(w, "\n"+pad+`"`+l.key+`": [`)
		ee := json.NewEncoder(&elem)
		ee.SetIndent(pad+"  ", "  ")
		ee.SetEscapeHTML(false)
		for i := range l.n {
			elem.Reset()
			if err := ee.Encode(l.elem(i)); err != nil {
				return err
			}
			if i > 0 {
				io.WriteString(w, ",")
			}
			io.WriteString(w, "\n"+pad+"  ")
			if _, err := w.Write(bytes.TrimSuffix(elem.Bytes(), []byte("\n"))); err != nil {
				return err
			}
		}
		io.WriteString(w, "\n"+pad+"]")
		rest = tail
	}
	_, err := w.Write(rest)
	return err
}

// A jsonList is a list of a report that writeJSONBundle writes an element
// at a time: its key, the depth of indent of the key, its length, and its
// elements.
type jsonList struct {
	key   string
	depth int
	n     int
	elem  func(int) any
}
