// Package schema holds the JSON Schema (draft 2020-12) of the report
// document that dartscan -format json writes: {"schema_version": 2,
// "bundles": [...]}, each bundle a [findings.Report] or, for a bundle that
// could not be opened, a reduced shape with its error. Every field is
// described in the schema, for the authors of tools that read reports.
//
// The document's schema_version is [Version]. It changes when a field is
// removed or changes meaning, or when a value no longer fits the type
// or set of values the schema gives it; a new field does not change it,
// so a tool should ignore fields it does not know. The schema of each
// schema_version is published as report.vN.json, N being the version:
// this package holds the current one.
//
// [findings.Report]: https://pkg.go.dev/github.com/dartkit/dartkit/findings#Report
package schema

import (
	_ "embed"
	"slices"
)

// Version is the schema_version of the documents [Report] describes.
const Version = 2

// ID is the $id of [Report]: the URI that its references resolve
// against, under which a validator should register it.
const ID = "https://raw.githubusercontent.com/dartkit/dartkit/main/schema/report.v2.json"

//go:embed report.v2.json
var report []byte

// Report returns the JSON Schema of the report document, the text of
// report.v2.json. Each call returns a new copy.
//
// The schema of one bundle's report, such as findings.Report encodes, is
// its definition "report": ID + "#/$defs/report".
func Report() []byte { return slices.Clone(report) }
