// Package report writes what dartkit found in DART bundles for people and
// for tools: text for a terminal or a ticket, Markdown, a JSON document
// (described by package schema), and the list and explanation of the
// rules.
//
// A report is written from the findings.Report of each bundle, or the
// error that kept one from being analysed, in the order given:
//
//	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
//	...
//	err = report.Write(os.Stdout, report.Text, []report.Bundle{{Path: name, Report: rep}}, nil)
//
// The package writes only to the io.Writer it is given; text from a
// bundle (file names, log messages) is written on one line and with its
// control characters replaced, so that it cannot forge a line of the
// report or send a terminal an escape sequence.
package report
