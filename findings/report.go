package findings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
)

// A Report is the result of analysing one bundle. See the package
// documentation for when a report is Incomplete and when the input is no
// DART bundle at all.
type Report struct {
	Bundle   string        `json:"path"`
	Format   string        `json:"format"`
	Platform dart.Platform `json:"platform"`
	Product  ProductInfo   `json:"product"`
	Facts    *dart.Facts   `json:"facts"`
	Findings []Finding     `json:"findings"`
	Skipped  []Skip        `json:"skipped,omitempty"`
	// Files says what became of each file of the bundle, sorted by name:
	// every file is in exactly one [FileState]. Each refers to the file's
	// entry in the bundle's index.
	Files []FileReport `json:"files"`
	// Errors lists what was lost: bytes or records of the bundle that
	// could not be read (a damaged archive or entry, a limit, a line or
	// record cut or skipped, a file that could not be decoded or read) and
	// rules that failed, each naming its file or rule. Doubts that lose
	// nothing are in Coverage.Notes instead.
	Errors []string `json:"errors"`
	// Incomplete reports whether something was lost, so that the absence
	// of a finding proves less than usual. It is true exactly when Errors
	// is not empty.
	Incomplete bool `json:"incomplete"`
	// Unread says why the report is Incomplete: the first loss of each
	// file (or of the bundle, or of a rule). Its texts are in Errors too;
	// it is empty when Incomplete is false.
	Unread []string `json:"unread,omitempty"`
	// NotBundle reports that the input holds no AnyConnect or Secure Client
	// content at all, in what could be read: no file whose head names one
	// of the client's processes or products, no log record from a VPN
	// source, no client profile or preferences, no client version. Such an
	// input is not a DART bundle, and its lack of findings means nothing;
	// [Report.Err] returns [ErrNotBundle] for it.
	NotBundle bool     `json:"not_bundle"`
	Coverage  Coverage `json:"coverage"`
	// Capture describes the capture analysed with the bundle, if any.
	Capture *CaptureReport `json:"capture,omitempty"`
}

// ErrNotBundle is the error [Report.Err] returns for an input that holds
// no AnyConnect or Secure Client content. Such an error is also
// [dart.ErrNotBundle], which [dart.Open] returns for an input that is no
// archive or folder at all: one test with [errors.Is] catches both.
var ErrNotBundle = errors.New("findings: not a DART bundle")

// LookedFor says what an analysis looks for to call its input a DART
// bundle, for messages about an input that is not one.
const LookedFor = "no file names acvpnagent, vpnagentd, vpnui, vpndownloader, a csc_ process, Cisco AnyConnect or Cisco Secure Client, " +
	"no log record comes from the VPN client, and there is no client profile or version"

// Err returns an error that is [ErrNotBundle], naming the input and what
// was looked for, when r.NotBundle is set, and nil otherwise. An
// incomplete report is no error: see Incomplete.
func (r *Report) Err() error {
	if !r.NotBundle {
		return nil
	}
	return notBundleError{r.Bundle}
}

// A notBundleError says that an input holds no client content.
type notBundleError struct{ name string }

func (e notBundleError) Error() string { return e.name + ": not a DART bundle: " + LookedFor }

func (e notBundleError) Is(target error) bool {
	return target == ErrNotBundle || target == dart.ErrNotBundle
}

// ProductInfo is the installed client as a report states it.
type ProductInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// From says where the version was read ("file:line"), and VersionFrom
	// which component named it.
	From        string         `json:"from,omitempty"`
	VersionFrom dart.Component `json:"version_from,omitempty"`
}

// A FileState is what the analysis made of a file. Every file of a bundle
// ends in exactly one state. Its text, in JSON and in String, is the
// constant's: "read", "facts" or "not-understood". A FileState is a byte,
// not a string: a report holds one per file, of bundles of a hundred
// thousand files.
type FileState uint8

// File states. The zero FileState is no state; its text is empty.
const (
	// StateRead is a log whose records were read: FileReport.Format says
	// in which format, Records how many, Errors how many lines or records
	// could not be.
	StateRead FileState = iota + 1
	// StateFacts is a file read for facts: a profile, preferences, a hosts
	// file, system or network information, an installer log, or any other
	// file the facts cite.
	StateFacts
	// StateNotUnderstood is a file nothing was drawn from; FileReport.Reason
	// says why.
	StateNotUnderstood
)

var stateNames = [...]string{StateRead: "read", StateFacts: "facts", StateNotUnderstood: "not-understood"}

// String returns the state's text: "read", "facts", "not-understood", or
// "" for the zero FileState.
func (s FileState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "FileState(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (s FileState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: it reads what
// MarshalText writes.
func (s *FileState) UnmarshalText(b []byte) error {
	for i, name := range stateNames {
		if string(b) == name {
			*s = FileState(i)
			return nil
		}
	}
	return fmt.Errorf("findings: unknown file state %q", b)
}

// A FileReport is what the analysis made of one file of the bundle: the
// file, as the bundle's index describes it, and what became of it.
//
// Its JSON holds the file's name, kind, format (a log's only: see
// [dart.File].Format), encoding and size, then the fields below, with
// the keys their tags give.
type FileReport struct {
	// File is the file's entry in the bundle's index ([dart.Bundle.Index]),
	// which the report shares, as the rules do: a copy per file would
	// double what the index takes, at the end of an analysis, when a
	// bundle holds a hundred thousand files. It must not be modified.
	*dart.File
	State FileState `json:"state"`
	// Reason says why a file is StateNotUnderstood: "mentions acvpnagent
	// but no log format was recognised", "a syslog with 0 records", "no
	// reader for format eventcsv", "binary, not read", ...
	Reason string `json:"reason,omitempty"`
	// Missed says that a file not understood is one dartkit should have
	// read: a log, or text that mentions the client. A missed file lowers
	// the coverage figure (see [Coverage]); other files not understood,
	// such as a customer's notes or a binary, do not.
	Missed  bool `json:"missed,omitempty"`
	Records int  `json:"records,omitempty"` // log records read
	Errors  int  `json:"errors,omitempty"`  // lines or records the parser could not read: unrecognised, cut or over a limit
	// Duplicates counts the records of a text export (AnyConnect.txt) left
	// out because DuplicatesIn, the binary log of the same channel beside
	// it (AnyConnect.evtx), holds them: they are not in Records, and count
	// once, from the binary log. A record matches when its source, the
	// start of its message and its time match, whatever the zone the text
	// was written in.
	Duplicates   int    `json:"duplicates,omitempty"`
	DuplicatesIn string `json:"duplicates_in,omitempty"`
}

// MarshalJSON implements json.Marshaler: the file's name, kind, format,
// encoding and size, then the report's fields, keyed and left out when
// empty as their tags say. A FileReport without a File is written as one
// of a zero [dart.File].
//
// The text is written by hand, not by encoding/json from a struct: a
// report of a bundle of a hundred thousand files is written as many
// times. Nor is HTML escaped in it: the encoder of the whole escapes what
// it should of the text returned, as it would have of the fields.
func (fr FileReport) MarshalJSON() ([]byte, error) {
	var f dart.File
	if fr.File != nil {
		f = *fr.File
	}
	b := make([]byte, 0, 128+len(f.Name))
	b = appendJSONString(append(b, `{"name":`...), f.Name)
	b = appendJSONString(append(b, `,"kind":`...), f.Kind.String())
	b = appendJSONField(b, "format", logFormat(&f))
	b = appendJSONField(b, "encoding", f.Encoding)
	b = strconv.AppendInt(append(b, `,"size":`...), f.Size, 10)
	b = appendJSONString(append(b, `,"state":`...), fr.State.String())
	b = appendJSONField(b, "reason", fr.Reason)
	b = appendJSONField(b, "mentions", f.Mentions)
	if fr.Missed {
		b = append(b, `,"missed":true`...)
	}
	for _, n := range [...]struct {
		key string
		n   int
	}{{"records", fr.Records}, {"errors", fr.Errors}, {"duplicates", fr.Duplicates}} {
		if n.n != 0 {
			b = strconv.AppendInt(append(append(append(b, `,"`...), n.key...), `":`...), int64(n.n), 10)
		}
	}
	b = appendJSONField(b, "duplicates_in", fr.DuplicatesIn)
	return append(b, '}'), nil
}

// appendJSONField appends the key and value s to b, a JSON object being
// written, unless s is empty.
func appendJSONField(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(append(append(b, `,"`...), key...), `":`...), s)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without escaping HTML. Text of printable ASCII is written as it is;
// other text, rare in a report, by encoding/json itself, whose escapes
// (of control characters, bytes not UTF-8, line and paragraph separators)
// it would be easy to get a little wrong.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// logFormat returns the name of the format of f's records if f is a log,
// and "" otherwise.
func logFormat(f *dart.File) string {
	if f.Kind.IsLog() {
		return f.Format.String()
	}
	return ""
}
