// Package findings turns a DART bundle into findings: [Analyze] reads every
// file of a [dart.Bundle] once, streams the log records past the fact
// builder and the rules' signals, runs each applicable [Rule], and returns
// a [Report]. [Evaluate] runs rules over records a caller already has. The
// package reads and judges; it never prints, logs or exits.
//
// # What became of each file
//
// Every file of a bundle ends in exactly one [FileState], in its
// [FileReport]:
//
//   - "read": a log whose records were read, in the format its content
//     shows ([dart.File].Format): FileReport.Format, Records, and Errors,
//     the lines or records that could not be read.
//   - "facts": a file read for facts: a profile or preferences, a hosts
//     file, system or network information, an installer log, or any other
//     file the facts cite (a DART banner, a list of installed programs).
//   - "not-understood": nothing was drawn from the file, and Reason says
//     why: "mentions acvpnagent but no log format was recognised", "a
//     syslog with 0 records", "binary, not read", "empty", ...
//
// A file not understood is Missed when dartkit should have read it: a log,
// or text whose head names a process or product of the client (see
// [dart.Mentions]). Missed files lower the coverage figure,
// Coverage.Understood of Coverage.Expected; other files nobody reads (a
// customer's notes, a crash dump) count in neither, so they do not.
//
// # When a report is incomplete
//
// A report is Incomplete, and its Errors list why, only when something was
// lost: bytes or records of the bundle could not be read. That is damage
// (a damaged archive or entry, a read that failed), a limit (a file, line
// or record over one), a record cut inside its fields by the end of its
// file, a file that could not be decoded or read, or a rule whose Check
// failed. Unread holds the first loss of each file.
//
// Doubts that lose nothing are notes in Coverage.Notes, each naming its
// file, never errors: a line or block not in its log's format (also
// counted in Coverage.Unrecognised), a time that names no time, a name
// cleaned or renamed (insecure or duplicate), damage that was repaired, a
// byte not valid in its encoding (read as U+FFFD). A file in a format no
// reader reads is not understood, and Missed; nothing of it was lost to
// damage, so it is no error either. A whole final record is read whole,
// whatever separator follows it or not.
//
// # Inputs that are no DART bundle
//
// An input with no AnyConnect or Secure Client content at all is no DART
// bundle: no file whose head names one of the client's processes
// (acvpnagent, vpnagentd, acvpnui, vpnui, vpndownloader, a csc_ process) or
// products ("Cisco AnyConnect", "Cisco Secure Client"), no log record from
// a VPN source, no profile or preferences, no client version among the
// facts. Its report has NotBundle set and [Report.Err] returns an error
// that is [ErrNotBundle] (and [dart.ErrNotBundle]), naming the input and
// what was looked for ([LookedFor]): the lack of findings of such a report
// means nothing.
package findings
