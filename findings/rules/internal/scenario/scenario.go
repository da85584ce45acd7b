// Package scenario reads and runs the scenarios of the built-in rules: small
// logs kept as data beside the rules, each with the finding it must give,
// or none. It is to rules what analysistest is to analyzers: one call runs
// every rule's directory, and a failure names the file and line.
//
// # Layout
//
// A rule's scenarios are the files testdata/<rule id>/*.log. Every rule has
// at least one scenario where it reports and one near miss where it does
// not.
//
// # Format
//
// A scenario is a header of "key: value" lines, a blank line, and records,
// one a line. Lines that start with '#' are comments; the first comment
// says what the scenario shows.
//
//	# The headend refuses the tunnel after the user's request.
//	platform: linux
//	version: 5.1.19.1862
//	profile: Profile/Corp_VPN.xml vpn.example.com
//	want: high
//	summary: rejected the attempt (connection to vpn.example.com)
//	summary: 1 record at 09:15:11
//
//	09:15:02 acvpnapi An SSL VPN connection to vpn.example.com has been requested by the user.
//	09:15:11 acvpnui Message type error sent to the user: The secure gateway has rejected the connection attempt.
//	09:16:40 acvpnui [function=ConnectMgr::activateConnectEvent file=ConnectMgr.cpp line=1360] NULL object.
//
// The header's keys:
//
//   - platform: windows, macos, linux or unknown; windows when absent.
//   - version: the client's version; unknown when absent.
//   - profile: a VPN profile the bundle holds, its file and the servers
//     of its server list. The key may repeat.
//   - capture: a packet capture analysed with the records, its path
//     relative to the scenario's folder.
//   - want: the severity of the rule's one finding, or "none" when the
//     rule must not report. It is required.
//   - summary: text the finding's summary must contain. The key may
//     repeat.
//
// A record is a time, a source and a message, separated by a space. The
// time is a time of day on 2026-03-09 ("09:15:02"), a date and time
// ("2026-03-10T09:15:02"), or "-" for a record without one. An AnyConnect
// debug header, when the record has one, stands in brackets between the
// source and the message, as key=value words: function, file, line,
// invoked (the invoked function), code (the return code) and description
// (its symbol). A bracket that holds anything else is part of the message.
// A message whose spaces at either end matter is written as a Go string
// literal ("Unable to contact vpn.example.com. ").
// Each record's position is the scenario file and the record's line.
package scenario

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// Day is the date of records whose time is a time of day.
var Day = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)

// A Scenario is one parsed scenario file.
type Scenario struct {
	File    string // the file's name, as given to Parse
	Comment string // the first comment, without '#'
	Facts   *dart.Facts
	Records []logparse.Record
	Capture string // the capture's path, relative to the scenario's folder; optional
	// Want is the finding's severity; zero when the rule must not report.
	Want     findings.Severity
	WantLine int // the line of the "want:" key
	Summary  []Text
}

// A Text is a phrase the finding's summary must hold, and its line.
type Text struct {
	Text string
	Line int
}

// An Error is a problem of a scenario file, at a line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Facts returns the facts of a bundle of platform p with the client at
// version v ("" for unknown), each read from a file as a bundle's would be.
func Facts(p dart.Platform, v string) (*dart.Facts, error) {
	f := &dart.Facts{Platform: p, PlatformSource: dart.Source{File: "System/os-release", Line: 1}}
	if v != "" {
		ver, err := dart.ParseVersion(v)
		if err != nil {
			return nil, err
		}
		f.Product.Version = ver
		f.Product.Source = dart.Source{File: "InstalledPrograms.txt", Line: 9}
	}
	return f, nil
}

// Parse reads a scenario from data; name is its file's name, which the
// records' positions and the errors carry.
func Parse(name string, data []byte) (*Scenario, error) {
	s := &Scenario{File: name}
	platform, version := dart.PlatformWindows, ""
	var profiles []dart.Profile
	header := true
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(format string, args ...any) error {
			return &Error{File: name, Line: n, Msg: fmt.Sprintf(format, args...)}
		}
		switch {
		case strings.HasPrefix(line, "#"):
			if s.Comment == "" {
				s.Comment = strings.TrimSpace(line[1:])
			}
			continue
		case strings.TrimSpace(line) == "":
			header = false
			continue
		case !header:
			r, err := parseRecord(line)
			if err != nil {
				return nil, fail("%v", err)
			}
			r.Pos = logparse.Position{File: name, Line: n}
			s.Records = append(s.Records, r)
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fail("want a blank line before the records, or key: value")
		}
		value = strings.TrimSpace(value)
		switch key {
		case "platform":
			platform = dart.Platform(value)
			if !slices.Contains([]dart.Platform{dart.PlatformWindows, dart.PlatformMacOS, dart.PlatformLinux, dart.PlatformUnknown}, platform) {
				return nil, fail("unknown platform %q", value)
			}
		case "version":
			version = value
		case "profile":
			fields := strings.Fields(value)
			if len(fields) == 0 {
				return nil, fail("profile: want a file name")
			}
			profiles = append(profiles, dart.Profile{File: fields[0], Kind: dart.KindVPNProfile, Servers: fields[1:]})
		case "capture":
			s.Capture = value
		case "want":
			if s.WantLine != 0 {
				return nil, fail("want: given twice")
			}
			s.WantLine = n
			if value != "none" {
				sev, err := findings.ParseSeverity(value)
				if err != nil {
					return nil, fail("want: %v", err)
				}
				s.Want = sev
			}
		case "summary":
			if value == "" {
				return nil, fail("summary: empty")
			}
			s.Summary = append(s.Summary, Text{value, n})
		default:
			return nil, fail("unknown key %q", key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if s.WantLine == 0 {
		return nil, &Error{File: name, Line: 1, Msg: "no want: line"}
	}
	if s.Want == 0 && len(s.Summary) > 0 {
		return nil, &Error{File: name, Line: s.Summary[0].Line, Msg: "summary: given with want: none"}
	}
	f, err := Facts(platform, version)
	if err != nil {
		return nil, &Error{File: name, Line: 1, Msg: err.Error()}
	}
	f.Profiles = profiles
	s.Facts = f
	return s, nil
}

// parseRecord reads "TIME SOURCE [HEADER] MESSAGE".
func parseRecord(line string) (logparse.Record, error) {
	var r logparse.Record
	stamp, rest, _ := strings.Cut(line, " ")
	switch {
	case stamp == "-":
	case strings.Contains(stamp, "T"):
		t, err := time.Parse("2006-01-02T15:04:05", stamp)
		if err != nil {
			return r, fmt.Errorf("bad time %q", stamp)
		}
		r.Time = t
	default:
		t, err := time.Parse("15:04:05", stamp)
		if err != nil {
			return r, fmt.Errorf("bad time %q: want 15:04:05, 2006-01-02T15:04:05 or -", stamp)
		}
		r.Time = Day.Add(t.Sub(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)))
	}
	r.Source, rest, _ = strings.Cut(rest, " ")
	if r.Source == "" {
		return r, fmt.Errorf("no source")
	}
	if inner, after, ok := strings.Cut(rest, "]"); ok && strings.HasPrefix(inner, "[") {
		h, isHeader, err := parseHeader(inner[1:])
		if err != nil {
			return r, err
		}
		if isHeader {
			r.Header = h
			rest = strings.TrimPrefix(after, " ")
		}
	}
	r.Message = rest
	if strings.HasPrefix(rest, `"`) {
		if m, err := strconv.Unquote(rest); err == nil {
			r.Message = m
		}
	}
	return r, nil
}

// parseHeader reads the key=value words of a debug header. It reports
// false when s is not one: a word without '='.
func parseHeader(s string) (logparse.Header, bool, error) {
	var h logparse.Header
	words := strings.Fields(s)
	if len(words) == 0 {
		return h, false, nil
	}
	for _, w := range words {
		if !strings.Contains(w, "=") {
			return h, false, nil
		}
	}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		switch k {
		case "function":
			h.Function = v
		case "file":
			h.File = v
		case "line":
			n, err := strconv.Atoi(v)
			if err != nil {
				return h, false, fmt.Errorf("header: bad line %q", v)
			}
			h.Line = n
		case "invoked":
			h.InvokedFunction = v
		case "code":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return h, false, fmt.Errorf("header: bad code %q", v)
			}
			h.ReturnCode, h.HasReturnCode = n, true
		case "description":
			h.Description = v
		default:
			return h, false, fmt.Errorf("header: unknown key %q (want function, file, line, invoked, code or description)", k)
		}
	}
	return h, true, nil
}

// Run evaluates rules on every scenario of every rule, the files
// dir/<rule id>/*.log, and checks each rule's finding against the
// scenario's want. The whole set runs on each scenario, as on a bundle, so
// that a rule another one supersedes is silent where it would be. A rule
// without a scenario where it reports and one where it does not fails.
func Run(t *testing.T, dir string, rules []*findings.Rule) {
	t.Helper()
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(dir, r.ID, "*.log"))
			if err != nil {
				t.Fatal(err)
			}
			var pos, neg bool
			for _, name := range files {
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				s, err := Parse(filepath.ToSlash(name), data)
				if err != nil {
					t.Error(err)
					continue
				}
				pos, neg = pos || s.Want != 0, neg || s.Want == 0
				t.Run(strings.TrimSuffix(filepath.Base(name), ".log"), func(t *testing.T) { check(t, s, r.ID, rules) })
			}
			if !pos || !neg {
				t.Errorf("%s: rule %s needs a scenario where it reports (want: SEVERITY) and a near miss (want: none)", filepath.Join(dir, r.ID), r.ID)
			}
		})
	}
}

// Load reads the scenarios of rules, the files dir/<rule id>/*.log.
func Load(dir string, rules []*findings.Rule) ([]*Scenario, error) {
	var files []string
	for _, r := range rules {
		f, err := filepath.Glob(filepath.Join(dir, r.ID, "*.log"))
		if err != nil {
			return nil, err
		}
		files = append(files, f...)
	}
	var out []*Scenario
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := Parse(filepath.ToSlash(name), data)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Evaluate runs rules on the scenario's records, facts and capture, its
// findings' texts in the language lang (the zero Tag is English).
func (s *Scenario) Evaluate(rules []*findings.Rule, lang language.Tag) ([]findings.Finding, []findings.Skip, error) {
	var capture *findings.Capture
	if s.Capture != "" {
		c, err := readCapture(filepath.Join(filepath.Dir(s.File), s.Capture))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", s.File, err)
		}
		capture = c
	}
	got, skips, err := findings.Evaluate(rules, slices.Values(s.Records), &findings.EvaluateOptions{Facts: s.Facts, Capture: capture, Language: lang})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", s.File, err)
	}
	return got, skips, nil
}

// check evaluates one scenario and compares rule id's findings with it.
func check(t *testing.T, s *Scenario, id string, rules []*findings.Rule) {
	got, skips, err := s.Evaluate(rules, language.Und)
	if err != nil {
		t.Fatal(err)
	}
	var mine []findings.Finding
	for _, f := range got {
		if f.Rule == id {
			mine = append(mine, f)
		}
	}
	at := func(line int) string { return fmt.Sprintf("%s:%d", s.File, line) }
	if s.Want == 0 {
		for _, f := range mine {
			t.Errorf("%s: want no finding, got %s: %s", at(s.WantLine), f.Severity, f.Summary)
		}
		return
	}
	if len(mine) != 1 {
		t.Fatalf("%s: want one %s finding, got %d (skipped: %v)", at(s.WantLine), s.Want, len(mine), skips)
	}
	f := mine[0]
	if f.Severity != s.Want {
		t.Errorf("%s: want severity %s, got %s", at(s.WantLine), s.Want, f.Severity)
	}
	for _, x := range s.Summary {
		if !strings.Contains(f.Summary, x.Text) {
			t.Errorf("%s: summary does not contain %q:\n%s", at(x.Line), x.Text, f.Summary)
		}
	}
	if len(f.Evidence) == 0 {
		t.Errorf("%s: the finding cites no evidence", at(s.WantLine))
	}
	for _, e := range f.Evidence {
		if e.File == "" || e.Line == 0 && e.Frame == 0 {
			t.Errorf("%s: evidence without a position: %+v", at(s.WantLine), e)
		}
	}
}

// readCapture reads the packet capture at path.
func readCapture(path string) (*findings.Capture, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return findings.ReadCapture(context.Background(), f, filepath.Base(path))
}
