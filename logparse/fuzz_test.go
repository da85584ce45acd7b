package logparse_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/dartkit/dartkit/logparse"
)

// addSeeds adds every testdata/*.input to f's corpus.
func addSeeds(f *testing.F) {
	for _, path := range inputs(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkReader reads rr to the end and checks the invariants every reader
// keeps: it terminates, positions lie within the input, errors are
// *ParseErrors with positions, and no record is empty of everything.
func checkReader(t *testing.T, data []byte, rr logparse.RecordReader) {
	lines := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	n := 0
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		if n++; n > len(data)+2 {
			t.Fatalf("more results (%d) than input bytes (%d)", n, len(data))
		}
		if err != nil {
			var pe *logparse.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("unexpected error %v", err)
			}
			if pe.Pos.Line < 1 || pe.Pos.Line > lines {
				t.Fatalf("error %v: line outside 1..%d", err, lines)
			}
			if rec == (logparse.Record{}) {
				continue
			}
		}
		if rec.Pos.Line < 1 || rec.Pos.Line > lines {
			t.Fatalf("record at line %d, input has %d lines", rec.Pos.Line, lines)
		}
		if rec.Repeat < 1 {
			t.Fatalf("record at line %d: Repeat %d", rec.Pos.Line, rec.Repeat)
		}
		if utf8.Valid(data) && !utf8.ValidString(rec.Message) {
			t.Fatalf("record at line %d: message %q is not UTF-8", rec.Pos.Line, rec.Message)
		}
	}
	if _, err := rr.Read(); err != io.EOF {
		t.Fatalf("Read after io.EOF = %v", err)
	}
}

// fuzzReader fuzzes the reader of format, and runs checks on each input
// besides.
func fuzzReader(f *testing.F, format logparse.Format, checks ...func(*testing.T, []byte)) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, check := range checks {
			check(t, data)
		}
		opts := &logparse.Options{File: "fuzz", Reference: reference, MaxLineLength: 200, MaxRecordSize: 300}
		rr, err := logparse.NewReader(bytes.NewReader(data), format, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkReader(t, data, rr)
		// The default limits and one-byte reads must not change the
		// outcome's shape either.
		rr, _ = logparse.NewReader(bytes.NewReader(data), format, &logparse.Options{Reference: reference})
		want := render(rr)
		rr, _ = logparse.NewReader(iotest.OneByteReader(bytes.NewReader(data)), format, &logparse.Options{Reference: reference})
		if got := render(rr); got != want {
			t.Fatalf("one-byte reads differ:\n%s\nwant\n%s", got, want)
		}
		// Nor must reading into a record that holds another.
		rr, _ = logparse.NewReader(bytes.NewReader(data), format, &logparse.Options{Reference: reference})
		if got := renderInto(t, rr); got != want {
			t.Fatalf("ReadInto differs from Read:\n%s\nwant\n%s", got, want)
		}
	})
}

// renderInto is render through ReadInto, into a record that holds the
// last one read, or another before the first: ReadInto must overwrite all
// of it. At the end it must leave the zero Record.
func renderInto(t *testing.T, rr logparse.RecordReader) string {
	var b strings.Builder
	rec := logparse.Record{Time: reference, HasZone: true, Level: logparse.LevelError, Source: "s", Host: "h", PID: 1, EventID: 2,
		Sender: "x", Subsystem: "y", Message: "m", Repeat: 3, Pos: logparse.Position{File: "f", Line: 4},
		Header: logparse.Header{Function: "f", File: "g", Line: 5, InvokedFunction: "i", ReturnCode: 6, HasReturnCode: true, Description: "d"}}
	for {
		err := rr.ReadInto(&rec)
		if err == io.EOF {
			if rec != (logparse.Record{}) {
				t.Fatalf("ReadInto left %+v at io.EOF", rec)
			}
			return b.String()
		}
		if err != nil {
			var pe *logparse.ParseError
			if !errors.As(err, &pe) {
				fmt.Fprintf(&b, "ioerror %v\n", err)
				return b.String()
			}
			fmt.Fprintf(&b, "error %v\n", err)
			if rec == (logparse.Record{}) {
				continue
			}
		}
		writeRecord(&b, &rec)
	}
}

func FuzzEventLogReader(f *testing.F)   { fuzzReader(f, logparse.FormatEventLog) }
func FuzzSyslogReader(f *testing.F)     { fuzzReader(f, logparse.FormatSyslog) }
func FuzzUnifiedLogReader(f *testing.F) { fuzzReader(f, logparse.FormatUnifiedLog) }

func FuzzParseHeader(f *testing.F) {
	addSeeds(f)
	f.Add([]byte("Function: f File: a b Line: 1 Invoked Function: g Return Code: -1 (0xFFFFFFFF) Description: X y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := string(data)
		h, rest := logparse.ParseHeader(s)
		if h.IsZero() {
			if rest != s {
				t.Fatalf("no header, but rest %q != text", rest)
			}
			return
		}
		if !strings.HasSuffix(s, rest) {
			t.Fatalf("rest %q is not a suffix of the text", rest)
		}
		if h.Line < 0 || h.Function == "" {
			t.Fatalf("header %+v", h)
		}
		// The one-line rendering of a header parses back to itself
		// when its values hold no line breaks or field names.
		if strings.ContainsAny(h.Function+h.File+h.InvokedFunction+h.Description, "\r\n \t:") {
			return
		}
		r := logparse.Record{Header: h}
		if h2, _ := logparse.ParseHeader(r.Text()); h2 != h && !h.HasReturnCode {
			t.Fatalf("round trip of %q: %+v != %+v", r.Text(), h2, h)
		}
	})
}

func FuzzDetect(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		g := logparse.Detect(data)
		if g < logparse.FormatUnknown || g > logparse.FormatPowerShell {
			t.Fatalf("Detect = %v", g)
		}
		if g != logparse.Detect(bytes.Clone(data)) {
			t.Fatal("Detect is not deterministic")
		}
	})
}

func FuzzParseAgentHeader(f *testing.F) {
	addSeeds(f)
	for _, path := range inputs(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			if i := strings.Index(line, "[p:"); i >= 0 {
				f.Add([]byte(line[i:]))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := string(data)
		h, lv, rest := logparse.ParseAgentHeader(s)
		if h.IsZero() && lv == logparse.LevelUnknown && rest != s && !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "[p:") {
			t.Fatalf("no prefix, but rest %q != text", rest)
		}
		if !strings.HasSuffix(s, rest) {
			t.Fatalf("rest %q is not a suffix of the text", rest)
		}
		if !h.IsZero() && (h.File == "" || h.Line < 0 || strings.ContainsAny(h.File+h.Function, " \t\r\n")) {
			t.Fatalf("header %+v", h)
		}
		if h.InvokedFunction != "" || h.Description != "" {
			t.Fatalf("header %+v has fields the prefix never holds", h)
		}
	})
}
