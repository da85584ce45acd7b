// Package findings turns a DART bundle into findings: the problems of a
// Cisco AnyConnect or Secure Client endpoint that its logs, profiles and
// system information show, each with the records it rests on.
//
// [Analyze] reads every file of a [dart.Bundle] once, streams the log
// records past the fact builder and the rules' signals, runs each
// applicable [Rule], and returns a [Report]: the findings, the rules
// skipped and why, and what became of each file. [Evaluate] runs rules
// over records a caller already has, as rule tests do. The package reads
// and judges; it never prints, logs or exits.
//
// # Writing a rule
//
// A [Rule] is a plain value, in the manner of an analysis.Analyzer of
// golang.org/x/tools. Its [Signal]s say which records it looks at: while
// the bundle is read, every record that matches a signal is collected in a
// [Series] of the signal's name, a count with the records' times and a
// sample of them. Once the bundle is read, the rule's Check reads its
// series and the bundle's facts through a [Pass], and reports each
// [Finding] with [Pass.Report]:
//
//	var rejected = &findings.Rule{
//		ID:       "example-gateway-rejects",
//		Title:    "The secure gateway rejects the connection",
//		Severity: findings.SeverityHigh,
//		Signals: []findings.Signal{{
//			Name:     "rejected",
//			Contains: "The secure gateway has rejected the connection attempt",
//			Sources:  findings.VPNSources(),
//		}},
//		Check: func(p *findings.Pass) error {
//			s := p.Series("rejected")
//			if s.Empty() {
//				return nil
//			}
//			f := findings.Finding{Summary: s.Cadence().Describe("rejection")}
//			for _, r := range s.Records() {
//				f.Evidence = append(f.Evidence, findings.EvidenceOf(&r, ""))
//			}
//			p.Report(f) // Rule, Title and Severity come from the rule
//			return nil
//		},
//	}
//
// A signal's Contains string is searched for in every record, together
// with those of all other signals, so a signal should have one; Sources
// and Match then narrow what it found. A rule may say which inputs it
// Needs and to which platforms and versions it applies: a rule that cannot
// run on a bundle is listed in Report.Skipped with the reason, so that a
// clean report is never mistaken for a clean endpoint. [Validate] checks a
// rule set before any record is read; Series has helpers for the questions
// rules ask of it ([Series.Cadence], [FollowedBy], [NotPrecededBy],
// [Resolved]). The built-in rules are in package findings/rules:
// rules.All returns them, and rules.Registry a [Registry] that one's own
// rules can join.
//
// # Languages
//
// A report's texts are in the language of [Options].Language: English, the
// default, or Korean. A rule is written in English, and English is the key
// of each of its texts' translations: the analysis gives the rule's Title
// and Remediation in its language, and a rule writes what it composes
// with [Pass.Sprintf], [Pass.Text] and [Pass.Describe] rather than with
// fmt. The built-in rules register their Korean beside them, each in its
// own file. Rule IDs, severities, file and process names, the records'
// text and the errors of parsing and of the system are the same in every
// language.
//
// # What became of each file
//
// Every file of a bundle ends in exactly one [FileState], in its
// [FileReport]:
//
//   - "read": a log whose records were read, in the format its content
//     shows (its [dart.File].Format): Records, and Errors, the lines or
//     records that could not be read.
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
