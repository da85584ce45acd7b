// Package recordtap lets this module's own packages watch the records an
// analysis in findings reads, as it reads them: the report package streams
// them as NDJSON and bins them for a timeline in the same pass.
//
// The records an analysis reads point into memory that is written over
// once they are done with (see internal/logreuse), so a watcher is given
// each record only for the length of a call, and must copy what it keeps.
// That lifetime rule is why the hook is not public: a public API returns
// no string that changes later.
//
// findings imports the package to install Set, and report to use it.
package recordtap

import "github.com/dartkit/dartkit/logparse"

// A Func is called with each record an analysis reads, in the order of
// each log, the logs in the order they are read, on one goroutine. rec
// and its strings are valid only during the call.
type Func func(rec *logparse.Record)

// Set, installed by findings, makes an analysis with opts, a
// *findings.Options, call fn with each record it reads, after the rules'
// signals saw it, and after the functions Set with opts before. Records
// that an analysis does not count (copies of a text export's records in
// its binary copy) are not given.
var Set func(opts any, fn Func)
