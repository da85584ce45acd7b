package report

import (
	"io"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// WriteDiffNDJSON writes d as newline-delimited JSON events named in the
// fields of the Elastic Common Schema, as an NDJSONWriter writes them
// (see there), "event.dataset" "anyconnect.diff":
//
//   - an event per finding of the diff, "event.kind" "event", with
//     "event.action" "new", "resolved" or "persisting" and "event.type"
//     "creation", "deletion" or, for a persisting finding, "change" when
//     its severity or summary changed and "info" when not; "rule.id",
//     "rule.name", "event.severity" (the later report's, for a resolved
//     finding the earlier's), "message" its summary, and its fingerprint
//     in "anyconnect.finding.fingerprint";
//   - then one event summing the diff up, "event.action" "summary", with
//     how many findings are new, resolved and persisting in
//     "anyconnect.diff.new", ".resolved" and ".persisting", and what may
//     make the comparison misleading in "anyconnect.diff.warnings".
//
// Every event describes the two bundles in "anyconnect.diff.before.*" and
// "anyconnect.diff.after.*": path, host, platform, product, version and
// whether the analysis is incomplete; a finding's events add its severity
// and summary in each report that has it. "host.hostname" is the host of
// the later bundle, for a resolved finding of the earlier.
func WriteDiffNDJSON(w io.Writer, d *findings.Diff, opts *Options) error {
	p := opts.printer()
	e := &ecsEncoder{b: []byte{}}
	event := func(message, action, typ, host string) {
		e.begin()
		e.str("message", message)
		e.common("event", "anyconnect.diff")
		e.str("event.action", action)
		if typ != "" {
			e.list("event.type", 1, func(int) { e.b = appendJSONString(e.b, typ) })
		}
		e.optStr("host.hostname", host)
	}
	bundles := func(before, after *findings.Finding) {
		for _, side := range []struct {
			name string
			b    findings.DiffBundle
			f    *findings.Finding
		}{{"before", d.Before, before}, {"after", d.After, after}} {
			k := "anyconnect.diff." + side.name + "."
			e.str(k+"path", side.b.Bundle)
			e.optStr(k+"host", side.b.Host)
			e.optStr(k+"platform", string(side.b.Platform))
			e.optStr(k+"product", side.b.Product.Name)
			e.optStr(k+"version", side.b.Product.Version)
			e.bool(k+"incomplete", side.b.Incomplete)
			if side.f != nil {
				e.str(k+"severity", side.f.Severity.String())
				e.str(k+"summary", side.f.Summary)
			}
		}
		e.end()
		e.b = append(e.b, '\n')
	}
	finding := func(f *findings.Finding, action, typ, host string) {
		event(f.Summary, action, typ, host)
		e.int("event.severity", int64(f.Severity))
		e.str("rule.id", f.Rule)
		e.str("rule.name", p.Text(f.Title))
		e.str("anyconnect.finding.fingerprint", f.Fingerprint)
	}
	for i := range d.New {
		finding(&d.New[i], "new", "creation", d.After.Host)
		bundles(nil, &d.New[i])
	}
	for i := range d.Resolved {
		finding(&d.Resolved[i], "resolved", "deletion", d.Before.Host)
		bundles(&d.Resolved[i], nil)
	}
	for i := range d.Persisting {
		pair := &d.Persisting[i]
		typ := "info"
		if pair.Before.Severity != pair.After.Severity || pair.Before.Summary != pair.After.Summary {
			typ = "change"
		}
		finding(&pair.After, "persisting", typ, d.After.Host)
		bundles(&pair.Before, &pair.After)
	}
	warnings := diffWarnings(d, p)
	msg := diffCounts(d, p)
	if len(warnings) > 0 {
		msg += ": " + strings.Join(warnings, "; ")
	}
	event(msg, "summary", "", d.After.Host)
	e.int("anyconnect.diff.new", int64(len(d.New)))
	e.int("anyconnect.diff.resolved", int64(len(d.Resolved)))
	e.int("anyconnect.diff.persisting", int64(len(d.Persisting)))
	if len(warnings) > 0 {
		e.list("anyconnect.diff.warnings", len(warnings), func(i int) { e.b = appendJSONString(e.b, warnings[i]) })
	}
	bundles(nil, nil)
	_, err := w.Write(e.b)
	return err
}
