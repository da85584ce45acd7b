// Package dartkit turns a Cisco AnyConnect / Cisco Secure Client DART bundle
// into structured, explainable findings.
//
// The work is split in three packages, each usable alone:
//
//   - [github.com/dartkit/dartkit/dart] opens a bundle (a zip as DART
//     writes it, a re-packed or nested archive, or an extracted folder),
//     identifies its files by content, decodes their text, and gathers the
//     facts about the endpoint: platform, product and version, profiles,
//     hosts entries, DNS servers.
//   - [github.com/dartkit/dartkit/logparse] streams records out of the log
//     formats a bundle holds, with AnyConnect's debug header split into
//     fields and each record's origin.
//   - [github.com/dartkit/dartkit/findings] runs rules over the records and
//     facts and returns findings with evidence, remediation and references;
//     [github.com/dartkit/dartkit/findings/rules] holds the built-in rules.
//
// The command in examples/dartscan runs all of it on one or many bundles.
package dartkit
