package findings

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// A Severity ranks findings. The zero Severity means unset: a finding
// reported without one takes its rule's.
type Severity int

// Severities, in increasing order.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name of s.
func (s Severity) String() string {
	if s >= SeverityInfo && s <= SeverityCritical {
		return severityNames[s-1]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity returns the Severity named s (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i + 1), nil
		}
	}
	return 0, fmt.Errorf("findings: unknown severity %q (want one of %s)", s, strings.Join(severityNames[:], ", "))
}

// A Reference points to a document behind a rule: a Cisco bug, a TechNote, a
// configuration guide.
type Reference struct {
	Kind  string `json:"kind"`         // "bug", "technote", "doc"
	ID    string `json:"id,omitempty"` // e.g. "CSCvu39643"
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

// String returns "ID: Title <URL>" with the parts that are set.
func (r Reference) String() string {
	var parts []string
	if r.ID != "" {
		parts = append(parts, r.ID)
	}
	if r.Title != "" {
		parts = append(parts, r.Title)
	}
	s := strings.Join(parts, ": ")
	if r.URL != "" {
		if s != "" {
			s += " "
		}
		s += "<" + r.URL + ">"
	}
	return s
}

// Evidence is one record or line a finding rests on.
type Evidence struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// Frame is the 1-based frame number when the evidence is a packet of
	// a capture (File is then the capture).
	Frame int       `json:"frame,omitempty"`
	Time  time.Time `json:"-"` // as the bundle wrote it; zero when the source has no time
	// Zoned reports whether Time carries a real offset; if not, Time is
	// the local time written in the bundle, held as UTC.
	Zoned bool   `json:"-"`
	Text  string `json:"text"`
	Note  string `json:"note,omitempty"` // optional: why this record matters
	// Before and After are up to Options.Context records just before and after
	// the evidence in its log, when the analysis kept them.
	Before []ContextLine `json:"before,omitempty"`
	After  []ContextLine `json:"after,omitempty"`
}

// A ContextLine is a record near a piece of evidence, as the evidence shows it.
type ContextLine struct {
	Line int       `json:"line"`
	Time time.Time `json:"-"`
	Text string    `json:"text"`
}

// Location returns "file:line", "file frame N" or "file".
func (e Evidence) Location() string {
	if e.Frame > 0 {
		return fmt.Sprintf("%s frame %d", e.File, e.Frame)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// A FactRef is a fact a rule relied on, with where it was read.
type FactRef struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// A Finding is one diagnosis a rule made on a bundle.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Summary explains the finding in one paragraph written for the
	// support engineer: what happens, why, and how sure we are.
	Summary     string      `json:"summary"`
	Evidence    []Evidence  `json:"evidence"`
	Facts       []FactRef   `json:"facts,omitempty"`
	Remediation []string    `json:"remediation"`
	References  []Reference `json:"references"`
	// Fingerprint identifies the problem the finding is about, so that
	// two reports can be compared (see [DiffReports]): 16 lower-case
	// hexadecimal digits, the start of a SHA-256 digest of the rule's ID,
	// the endpoint's host name ([dart.Facts].Hostname) and the values of
	// the facts the rule's [Rule.Identity] names.
	//
	// It never depends on times, line numbers, file names, the order of
	// the bundle's files or records, counts, or the wording of the
	// finding: the same problem on the same endpoint has the same
	// fingerprint in every analysis, of this bundle or of another bundle
	// of the endpoint, in this release of dartkit and the next unless the
	// rule's Identity changes. Findings of one rule on different problems
	// (two gateways unreachable) or on different endpoints differ. The
	// host name and the facts' values are compared without regard to
	// case, and a value listing several items separated by ", " as the
	// set of them. When the bundle names no host, the endpoint is unknown
	// and counts as one value of its own: the fingerprint then tells
	// problems apart but not endpoints.
	Fingerprint string `json:"fingerprint"`
}

// EvidenceOf returns the evidence for record r, with an optional note.
func EvidenceOf(r *logparse.Record, note string) Evidence {
	return Evidence{File: r.Pos.File, Line: r.Pos.Line, Time: r.Time, Zoned: r.HasZone, Text: r.Text(), Note: note}
}

// MarshalJSON writes Time as the bundle wrote it: RFC 3339 with its offset
// when the source gave one, and as a local date and time without an offset
// otherwise (the Windows event-log export and BSD syslog carry no zone).
func (e Evidence) MarshalJSON() ([]byte, error) {
	type plain Evidence
	var t string
	switch {
	case e.Time.IsZero():
	case e.Zoned:
		t = e.Time.Format(time.RFC3339Nano)
	default:
		t = e.Time.Format("2006-01-02T15:04:05.999999999")
	}
	return json.Marshal(struct {
		plain
		Time string `json:"time,omitempty"`
	}{plain(e), t})
}
