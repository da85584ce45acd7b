package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// ndjsonCase is a sample bundle, and the capture analysed with it if any.
type ndjsonCase struct {
	name, bundle, capture string
}

// ndjsonCases returns every sample bundle, and one with a capture.
func ndjsonCases(t *testing.T) []ndjsonCase {
	paths, err := filepath.Glob("../testdata/bundles/*")
	if err != nil {
		t.Fatal(err)
	}
	var cs []ndjsonCase
	for _, p := range paths {
		if strings.HasSuffix(p, ".md") {
			continue
		}
		name := filepath.Base(p)
		name = strings.TrimSuffix(strings.TrimSuffix(name, filepath.Ext(name)), ".tar")
		cs = append(cs, ndjsonCase{name: name, bundle: p})
	}
	if len(cs) < 20 {
		t.Fatalf("%d sample bundles", len(cs))
	}
	return append(cs, ndjsonCase{
		name:    "dart-windows-technote+technote.pcapng",
		bundle:  "../testdata/bundles/dart-windows-technote.zip",
		capture: "../testdata/captures/technote.pcapng",
	})
}

// streamNDJSON analyses c's bundle with every rule, its records written
// by n as they are read, then its findings and summary.
func streamNDJSON(t *testing.T, n *NDJSONWriter, c ndjsonCase) error {
	t.Helper()
	ctx := context.Background()
	fo := &findings.Options{}
	if c.capture != "" {
		f, err := os.Open(c.capture)
		if err != nil {
			t.Fatal(err)
		}
		fo.Capture, err = findings.ReadCapture(ctx, f, filepath.Base(c.capture))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := dart.Open(ctx, c.bundle, nil)
	if err != nil {
		return n.Finish(Bundle{Path: c.bundle, Err: err})
	}
	defer b.Close()
	n.Attach(fo, b, c.bundle)
	rep, err := findings.Analyze(ctx, b, rules.All(), fo)
	if err != nil {
		return n.Finish(Bundle{Path: c.bundle, Err: err})
	}
	rep.Bundle = c.bundle
	return n.Finish(Bundle{Path: c.bundle, Report: rep})
}

// TestNDJSONGolden checks the NDJSON of every sample bundle, records,
// findings and summary, against its golden file.
func TestNDJSONGolden(t *testing.T) {
	for _, c := range ndjsonCases(t) {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := streamNDJSON(t, NewNDJSONWriter(&buf, nil), c); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "ndjson", c.name+".ndjson"), buf.Bytes())
		})
	}
}

// ecsField is a field of the ECS definitions.
type ecsField struct {
	typ     string
	array   bool
	allowed []string
}

// readECS reads the field definitions that report/internal/ecsfields
// wrote for ECSVersion.
func readECS(t *testing.T) map[string]ecsField {
	t.Helper()
	path := filepath.Join("testdata", "ecs", "fields-"+ECSVersion+".txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fields := map[string]ecsField{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			if !strings.HasPrefix(line, "# ECS "+ECSVersion+" ") && len(fields) == 0 && strings.Contains(line, "field definitions") {
				t.Fatalf("%s: %q names another version than %s", path, line, ECSVersion)
			}
			continue
		}
		parts := strings.Fields(line)
		fd := ecsField{typ: parts[1]}
		for _, p := range parts[2:] {
			if p == "array" {
				fd.array = true
			}
			if v, ok := strings.CutPrefix(p, "allowed="); ok {
				fd.allowed = strings.Split(v, ",")
			}
		}
		fields[parts[0]] = fd
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(fields) < 1000 {
		t.Fatalf("%s: %d fields", path, len(fields))
	}
	return fields
}

// TestNDJSONFieldsAreECS checks every field NDJSON writes, for every
// sample bundle, with and without a capture, and for a bundle that could
// not be analysed: a field is either one of ECSVersion's, of a value of
// its type (and one of its allowed values, if it has them), or under the
// custom namespace "anyconnect.", which ECS does not use.
func TestNDJSONFieldsAreECS(t *testing.T) {
	ecs := readECS(t)
	for name := range ecs {
		if name == "anyconnect" || strings.HasPrefix(name, "anyconnect.") {
			t.Fatalf("ECS %s defines %s: the custom namespace is not custom", ECSVersion, name)
		}
	}
	var buf bytes.Buffer
	n := NewNDJSONWriter(&buf, nil)
	for _, c := range ndjsonCases(t) {
		if err := streamNDJSON(t, n, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := n.Finish(Bundle{Path: "missing.zip", Err: errors.New("missing.zip: no such file")}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	kinds := map[string]int{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var ev map[string]any
		if err := dec.Decode(&ev); err != nil {
			t.Fatalf("line %d: %v: %s", line, err, sc.Bytes())
		}
		if ev["ecs.version"] != ECSVersion {
			t.Errorf("line %d: ecs.version %v", line, ev["ecs.version"])
		}
		if _, ok := ev["anyconnect.bundle.path"].(string); !ok {
			t.Errorf("line %d: no anyconnect.bundle.path", line)
		}
		kinds[fmt.Sprint(ev["event.kind"], " ", ev["event.dataset"])]++
		for k := range ev {
			seen[k]++
		}
		for _, err := range ecsErrors(ecs, ev) {
			t.Errorf("line %d: %v", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// Every field of the mapping is exercised by the samples.
	for _, k := range []string{
		"@timestamp", "anyconnect.local_time", "message", "log.level", "log.file.path",
		"log.origin.file.name", "log.origin.file.line", "log.origin.function",
		"process.name", "process.pid", "host.hostname", "event.code", "error.code",
		"anyconnect.invoked_function", "anyconnect.description", "anyconnect.log.format",
		"rule.id", "rule.name", "rule.reference", "event.severity", "anyconnect.finding.evidence",
		"package.version", "host.os.platform", "error.message", "anyconnect.capture.path",
	} {
		if seen[k] == 0 {
			t.Errorf("no event has %s", k)
		}
	}
	for _, k := range []string{"event anyconnect.log", "alert anyconnect.finding", "event anyconnect.bundle"} {
		if kinds[k] == 0 {
			t.Errorf("no event of kind and dataset %s: %v", k, kinds)
		}
	}
}

// ecsErrors returns what of the event ev, decoded with UseNumber, is not
// ECS: a field neither of ECSVersion nor under the custom namespace
// "anyconnect.", or a value that does not fit its field.
func ecsErrors(ecs map[string]ecsField, ev map[string]any) []error {
	var errs []error
	for k, v := range ev {
		if strings.HasPrefix(k, "anyconnect.") {
			continue
		}
		fd, ok := ecs[k]
		if !ok {
			errs = append(errs, fmt.Errorf("%s is no field of ECS %s", k, ECSVersion))
			continue
		}
		if err := checkECSValue(fd, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", k, err))
		}
	}
	return errs
}

// checkECSValue reports whether v, decoded with UseNumber, fits the ECS
// field fd.
func checkECSValue(fd ecsField, v any) error {
	if vs, ok := v.([]any); ok {
		if !fd.array {
			return fmt.Errorf("an array, and ECS does not make the field one")
		}
		for _, e := range vs {
			if err := checkECSValue(ecsField{typ: fd.typ, allowed: fd.allowed}, e); err != nil {
				return err
			}
		}
		return nil
	}
	switch fd.typ {
	case "keyword", "constant_keyword", "wildcard", "match_only_text", "ip":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%v is no string, for a %s", v, fd.typ)
		}
		if len(fd.allowed) > 0 && !contains(fd.allowed, s) {
			return fmt.Errorf("%q is none of the allowed values %v", s, fd.allowed)
		}
	case "long", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%v is no number, for a %s", v, fd.typ)
		}
		if _, err := n.Int64(); err != nil {
			return fmt.Errorf("%v is no integer, for a %s", v, fd.typ)
		}
	case "float", "double", "scaled_float":
		if _, ok := v.(json.Number); !ok {
			return fmt.Errorf("%v is no number, for a %s", v, fd.typ)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%v is no boolean", v)
		}
	case "date":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%v is no string, for a date", v)
		}
		// A date with its offset: one without would be read as UTC.
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Errorf("%q is no RFC 3339 date: %v", s, err)
		}
	default:
		return fmt.Errorf("a value for a field of ECS type %s", fd.typ)
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestNDJSONStreamsRecords checks that the records are written while the
// analysis gives them, before Finish, in bounded memory, and that each is
// encoded before the call that gives it returns: the memory of its strings
// is written over at once, as the analysis's reuse of its buffers does.
func TestNDJSONStreamsRecords(t *testing.T) {
	var out bytes.Buffer
	n := NewNDJSONWriter(&out, nil)
	n.Attach(&findings.Options{}, nil, "big.zip")
	const records = 20000
	text := make([]byte, 1000)
	for i := range records {
		copy(text, fmt.Sprintf("record %06d ", i))
		r := logparse.Record{
			Time:    time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Millisecond),
			Source:  unsafe.String(&text[0], 3),
			Message: unsafe.String(&text[0], len(text)),
			Pos:     logparse.Position{File: unsafe.String(&text[7], 6), Line: i + 1},
		}
		n.record(&r)
		clear(text)
	}
	// Less than a buffer is waiting.
	if len(n.e.b) >= bufferSize || out.Len() < records*1000 {
		t.Fatalf("%d bytes written, %d waiting before Finish", out.Len(), len(n.e.b))
	}
	if err := n.Finish(Bundle{Path: "big.zip", Err: errors.New("not analysed")}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != records+1 {
		t.Fatalf("%d lines, want %d", len(lines), records+1)
	}
	for i, l := range lines[:records] {
		var ev struct {
			Message string `json:"message"`
			Process string `json:"process.name"`
			File    string `json:"log.file.path"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprintf("%06d", i)
		if !strings.HasPrefix(ev.Message, "record "+id+" ") || ev.Process != "rec" || ev.File != id {
			t.Fatalf("line %d: %q, %q, %q", i+1, ev.Message[:20], ev.Process, ev.File)
		}
	}
}

// A failingWriter fails every write after the first n bytes.
type failingWriter struct {
	n       int
	written int
}

var errWrite = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.written+len(p) > w.n {
		k := w.n - w.written
		w.written = w.n
		return k, errWrite
	}
	w.written += len(p)
	return len(p), nil
}

// TestNDJSONWriteError checks that an error of the writer, during the
// records or at the end, stops the stream and is returned by Finish.
func TestNDJSONWriteError(t *testing.T) {
	c := ndjsonCase{name: "technote", bundle: "../testdata/bundles/dart-windows-technote.zip"}
	var whole bytes.Buffer
	if err := streamNDJSON(t, NewNDJSONWriter(&whole, nil), c); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 100, whole.Len() / 2, whole.Len() - 10} {
		w := &failingWriter{n: limit}
		err := streamNDJSON(t, NewNDJSONWriter(w, nil), c)
		if !errors.Is(err, errWrite) {
			t.Errorf("writer failing after %d bytes: Finish returned %v", limit, err)
		}
		if w.written > limit {
			t.Errorf("wrote %d bytes after failing at %d", w.written, limit)
		}
	}
}

// TestWriteNDJSON checks Write in format NDJSON: the findings and summary
// of each bundle, whatever became of it, without records.
func TestWriteNDJSON(t *testing.T) {
	ok := analyze(t, "../testdata/bundles/headend-dns-failure.zip")
	failed := Bundle{Path: "missing.zip", Err: errors.New("missing.zip: no such file")}
	var buf bytes.Buffer
	if err := Write(&buf, NDJSON, []Bundle{ok, failed}, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if want := len(ok.Report.Findings) + 2; len(lines) != want || len(ok.Report.Findings) == 0 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), want, buf.String())
	}
	for i, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		want := "alert"
		if i >= len(ok.Report.Findings) {
			want = "event"
		}
		if ev["event.kind"] != want {
			t.Errorf("line %d: event.kind %v, want %s", i+1, ev["event.kind"], want)
		}
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, `"error.message":"missing.zip: no such file"`) || !strings.Contains(last, `"event.outcome":"failure"`) {
		t.Errorf("the failed bundle's summary: %s", last)
	}
}

// jsonStrings are strings whose escaping appendJSONString must get right.
var jsonStrings = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "\b\f\x00\x01\x1f\x7f",
	"<html> & 'apos'", "caf\u00e9 \u4e16\u754c \U0001F600", "\u2028\u2029", "bad \xff utf-8 \xc3",
	"\xed\xa0\x80 surrogate", "trailing \xe2\x82",
	"0123456789abcdef\x1fxyz", "abcdefg\\hijklmnop", "abcdefgh\u00e9ijklmnop\x7f", "abcdefghijklmno !\"#",
}

// TestAppendJSONString checks that appendJSONString writes what
// encoding/json writes, with HTML escaping off.
func TestAppendJSONString(t *testing.T) {
	for _, s := range jsonStrings {
		checkJSONString(t, s)
	}
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	got := appendJSONString([]byte("x"), s)
	if !bytes.Equal(got[1:], bytes.TrimSuffix(want.Bytes(), []byte("\n"))) || got[0] != 'x' {
		t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want.Bytes())
	}
}

// TestAppendJSONStringEveryByte checks appendJSONString with every byte
// at every place of the eight bytes it looks at together, in plain text.
func TestAppendJSONStringEveryByte(t *testing.T) {
	for c := range 256 {
		for at := range 16 {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[at] = byte(c)
			checkJSONString(t, string(b))
		}
	}
}

// FuzzAppendJSONString checks appendJSONString against encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkJSONString(t, s)
	})
}

// TestNDJSONKorean checks that a summary is written in the language of
// the options, every text of it translated, and its field names English.
// (The rules' titles and remediation are the rules' texts, translated, or
// not, apart.)
func TestNDJSONKorean(t *testing.T) {
	b := analyze(t, "../testdata/bundles/truncated.zip")
	stop := i18n.Record()
	var buf bytes.Buffer
	err := WriteNDJSON(&buf, []Bundle{b}, &Options{Language: language.Korean})
	for _, key := range stop() {
		if strings.HasPrefix(key, "%s") || strings.HasPrefix(key, ";") {
			t.Errorf("no Korean for %q", key)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"message":"../testdata/bundles/truncated.zip: 읽은 레코드 `) || !strings.Contains(buf.String(), "불완전") {
		t.Errorf("summary not in Korean: %s", buf.String())
	}
}

// TestAppendTime checks appendTime and timeCache against
// time.Time.AppendFormat.
func TestAppendTime(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("", -8*3600), time.FixedZone("", 5*3600+1800), time.FixedZone("", -(9*3600 + 30*60))}
	times := []time.Time{
		time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC),
		time.Date(2021, 1, 2, 3, 4, 5, 123000000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 100, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 10, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	var c timeCache
	for _, tm := range times {
		for _, z := range zones {
			tz := tm.In(z)
			for _, zoned := range []bool{true, false} {
				layout := localTime
				if zoned {
					layout = time.RFC3339Nano
				}
				got, want := appendTime(nil, tz, zoned), tz.AppendFormat(nil, layout)
				if !bytes.Equal(got, want) {
					t.Errorf("appendTime(%v, %v) = %s, want %s", tz, zoned, got, want)
				}
				// A time cache gives the same, whether it held the
				// second or not.
				for range 2 {
					if got := c.append(nil, tz, zoned); !bytes.Equal(got, want) {
						t.Errorf("timeCache.append(%v, %v) = %s, want %s", tz, zoned, got, want)
					}
				}
			}
		}
	}
	// Times a few seconds apart, as a log's are, across minutes, hours
	// and years, before 1970 too, in zones whose offsets differ by less
	// than a minute or give the same clock: the cache holds a minute of
	// one offset only.
	odd := []*time.Location{time.UTC, time.FixedZone("", 59), time.FixedZone("", -1), time.FixedZone("", 3600), time.FixedZone("", -3540)}
	for _, start := range []time.Time{time.Date(2020, 12, 31, 22, 58, 1, 0, time.UTC), time.Date(1969, 12, 31, 23, 58, 30, 5, time.UTC)} {
		for i := range 600 {
			tm := start.Add(time.Duration(i*7) * time.Second).In(odd[i/3%len(odd)])
			for _, zoned := range []bool{true, false} {
				layout := localTime
				if zoned {
					layout = time.RFC3339Nano
				}
				if got, want := c.append(nil, tm, zoned), tm.AppendFormat(nil, layout); !bytes.Equal(got, want) {
					t.Fatalf("timeCache.append(%v, %v) = %s, want %s", tm, zoned, got, want)
				}
			}
		}
	}
}

// BenchmarkNDJSONRecord measures the encoding of a record of the agent
// with a debug header, and of one without, to io.Discard.
func BenchmarkNDJSONRecord(b *testing.B) {
	recs := []logparse.Record{{
		Time:   time.Date(2020, 6, 17, 20, 23, 17, 123000000, time.UTC),
		Level:  logparse.LevelWarning,
		Source: "acvpnagent",
		PID:    4242,
		Header: logparse.Header{
			Function: "CDNSRequest::OnSocketReadComplete",
			File:     `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`,
			Line:     1147,
		},
		Message: "Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)",
		Pos:     logparse.Position{File: "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt", Line: 2},
	}, {
		Time:    time.Date(2020, 6, 17, 20, 23, 3, 0, time.UTC),
		HasZone: true,
		Level:   logparse.LevelInfo,
		Source:  "acvpnui",
		Message: "Message type error sent to the user: Network error. Unable to lookup host names.",
		Pos:     logparse.Position{File: "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt", Line: 11},
	}}
	n := NewNDJSONWriter(io.Discard, nil)
	n.Attach(&findings.Options{}, nil, "testdata/big/DARTBundle_big.zip")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n.record(&recs[i&1])
	}
}

// FuzzNDJSONRecord checks that any record is encoded as one line of JSON
// whose fields hold the record's text (invalid UTF-8 as U+FFFD) and
// numbers.
func FuzzNDJSONRecord(f *testing.F) {
	f.Add("acvpnagent", "Timeout \"x\" \\ \n", `c:\temp\dnsrequest.cpp`, "CDNSRequest::Read", "Logs/AnyConnect.txt", int64(1592425397), 1147, -31129588, true)
	f.Add("", "", "", "", "", int64(0), 0, 0, false)
	f.Add("\xff\u2028", "\x00\x1f<>&", "\xed\xa0\x80", "é世", "a\tb", int64(-62135596800), -5, 1, false)
	f.Fuzz(func(t *testing.T, source, message, file, function, logFile string, unix int64, line, code int, zoned bool) {
		r := logparse.Record{
			Time:    time.Unix(unix, int64(line)*1000).In(time.FixedZone("", line%50400)),
			HasZone: zoned,
			Level:   logparse.Level(line & 7),
			Source:  source,
			PID:     line,
			EventID: code,
			Header:  logparse.Header{Function: function, File: file, Line: line, HasReturnCode: code != 0, ReturnCode: int64(code), Description: message},
			Message: message,
			Pos:     logparse.Position{File: logFile, Line: line},
			Repeat:  code,
		}
		var out bytes.Buffer
		n := NewNDJSONWriter(&out, nil)
		n.Attach(&findings.Options{}, nil, source)
		n.record(&r)
		if err := n.Finish(Bundle{Path: source, Err: errors.New(message)}); err != nil {
			t.Fatal(err)
		}
		first, _, ok := bytes.Cut(out.Bytes(), []byte("\n"))
		if !ok {
			t.Fatalf("no line: %q", out.Bytes())
		}
		var ev map[string]any
		if err := json.Unmarshal(first, &ev); err != nil {
			t.Fatalf("%v: %s", err, first)
		}
		valid := func(s string) string {
			// Each byte not valid in UTF-8 becomes one U+FFFD, as
			// encoding/json writes it.
			var b strings.Builder
			for _, r := range s {
				b.WriteRune(r)
			}
			return b.String()
		}
		if ev["message"] != valid(message) || ev["log.file.path"] != valid(logFile) || ev["anyconnect.bundle.path"] != valid(source) {
			t.Errorf("fields changed: %s", first)
		}
		if source != "" && ev["process.name"] != valid(source) {
			t.Errorf("process.name %q, want %q", ev["process.name"], source)
		}
		if line > 0 && ev["log.origin.file.line"] != float64(line) && !r.Header.IsZero() {
			t.Errorf("log.origin.file.line %v, want %d", ev["log.origin.file.line"], line)
		}
	})
}

// TestNDJSONRepeatedStrings checks that the strings a writer encodes once
// for many records are written as a writer that sees a record alone writes
// them, when they repeat, change and collide, in memory written over after
// each record.
func TestNDJSONRepeatedStrings(t *testing.T) {
	files := []string{
		`c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`,
		`c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.hpp`,
		`c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\agent\agent.cpp`,
		"\"quoted\" \u2028 \xff file name.cpp", "short.cpp", "",
		strings.Repeat(`long\`, 200) + "file.cpp",
	}
	var out bytes.Buffer
	n := NewNDJSONWriter(&out, nil)
	n.Attach(&findings.Options{}, nil, "big.zip")
	text := make([]byte, 4096)
	var want []string
	for i := range 2000 {
		file := files[i*7%len(files)]
		if i%13 == 0 {
			file = fmt.Sprintf(`c:\temp\build\%d\file%d.cpp`, i%97, i)
		}
		k := copy(text, file)
		k += copy(text[k:], fmt.Sprintf("CMethod%d::Function%d", i%5, i%3))
		src := fmt.Sprintf("acvpnagent-process-%d", i%4)
		copy(text[k:], src)
		r := logparse.Record{
			Time:    time.Date(2020, 6, 17, 20, 0, 0, 0, time.FixedZone("", -7*3600)).Add(time.Duration(i) * 300 * time.Millisecond),
			HasZone: i%3 == 0,
			Source:  unsafe.String(&text[k], len(src)),
			Message: fmt.Sprintf("record %d", i),
			Header:  logparse.Header{File: unsafe.String(unsafe.SliceData(text), len(file)), Function: unsafe.String(&text[len(file)], k-len(file)), Line: i},
			Pos:     logparse.Position{File: "Logs/AnyConnect.txt", Line: i + 1},
		}
		var alone bytes.Buffer
		a := NewNDJSONWriter(&alone, nil)
		a.Attach(&findings.Options{}, nil, "big.zip")
		a.record(&r)
		a.flush()
		want = append(want, alone.String())
		n.record(&r)
		clear(text)
	}
	n.flush()
	got := strings.SplitAfter(out.String(), "\n")
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("record %d:\n got %s\nwant %s", i, got[i], w)
		}
	}
}

// TestAppendCount checks appendCount against strconv.AppendUint, at
// every number of digits and on either side of each power of ten.
func TestAppendCount(t *testing.T) {
	vs := []uint64{0, 1, 9, math.MaxUint64, math.MaxInt64}
	for p := uint64(10); p <= 1e19; p *= 10 {
		vs = append(vs, p-1, p, p+1)
		if p > math.MaxUint64/10 {
			break
		}
	}
	for _, v := range vs {
		got, want := appendCount([]byte("x"), v), strconv.AppendUint([]byte("x"), v, 10)
		if !bytes.Equal(got, want) {
			t.Errorf("appendCount(%d) = %s, want %s", v, got, want)
		}
	}
}

// TestCacheSlots checks that the files and functions of a log's records,
// which share their start, their end or their length, fall in different
// entries of a stringCache: those that share one are encoded again at
// each turn.
func TestCacheSlots(t *testing.T) {
	const build = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\`
	places := []struct{ function, file string }{
		{"CHostConfigMgr::logInterfaces", `agentutilities\hostconfigmgr.cpp`},
		{"CRouteMgr::logRouteChange", `agentutilities\Routing\RouteMgr.cpp`},
		{"CDNSRequest::OnSocketReadComplete", `common\ip\dnsrequest.cpp`},
		{"CCertHelper::verifyServerCertificate", `common\crypto\CertHelper.cpp`},
		{"CVpnParam::logStatistics", `agentutilities\VpnParam.cpp`},
		{"CCvcConfig::processNotifyAgentConnectResponse", `agentutilities\CvcConfig.cpp`},
		{"CTlsProtocol::onKeepalive", `common\TLS\TlsProtocol.cpp`},
		{"CDownloaderImpl::processFile", `downloader\DownloaderImpl.cpp`},
		{"CHostLocator::resolve", `AgentUtilities\HostLocator.cpp`},
		{"ConnectMgr::activateConnectEvent", `Api\ConnectMgr.cpp`},
		{"CMainThread::OnTunnelStateChange", `agent\MainThread.cpp`},
		{"CVpnMgr::processStateChange", `agent\VpnMgr.cpp`},
	}
	slots := map[uint64][]string{}
	for _, p := range places {
		for _, s := range []string{p.function, build + p.file} {
			slots[cacheSlot(s)] = append(slots[cacheSlot(s)], s)
		}
	}
	// A few may share by chance: a table of 1<<cacheBits entries holds
	// two dozen strings in as many entries but for about one.
	if shared := 2*len(places) - len(slots); shared > 2 {
		for _, ss := range slots {
			if len(ss) > 1 {
				t.Logf("one entry for %q", ss)
			}
		}
		t.Errorf("%d of %d strings share an entry", shared, 2*len(places))
	}
}
