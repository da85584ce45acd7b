package logparse_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/logparse"
)

// reference is the modification time the tests give every input.
var reference = time.Date(2021, time.January, 5, 12, 0, 0, 0, time.UTC)

// formatOf returns the format of a testdata input, named by its prefix.
func formatOf(name string) logparse.Format {
	switch {
	case strings.HasPrefix(name, "eventlog"):
		return logparse.FormatEventLog
	case strings.HasPrefix(name, "syslog"):
		return logparse.FormatSyslog
	case strings.HasPrefix(name, "unified"):
		return logparse.FormatUnifiedLog
	case strings.HasPrefix(name, "eventcsv"):
		return logparse.FormatEventCSV
	case strings.HasPrefix(name, "powershell"):
		return logparse.FormatPowerShell
	}
	return logparse.FormatUnknown
}

// render writes the records and errors of rr in a stable text form, one
// record per paragraph.
func render(rr logparse.RecordReader) string {
	var b strings.Builder
	for rec, err := range rr.All() {
		if err != nil {
			var pe *logparse.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(&b, "error %v\n", err)
			} else {
				fmt.Fprintf(&b, "ioerror %v\n", err)
			}
			if rec == (logparse.Record{}) {
				continue
			}
		}
		writeRecord(&b, &rec)
	}
	return b.String()
}

func writeRecord(b *strings.Builder, r *logparse.Record) {
	fmt.Fprintf(b, "record %v\n", r.Pos)
	t := "-"
	if !r.Time.IsZero() {
		t = r.Time.Format(time.RFC3339Nano)
	}
	fmt.Fprintf(b, "\ttime %s zone=%v level=%v repeat=%d\n", t, r.HasZone, r.Level, r.Repeat)
	fmt.Fprintf(b, "\tsource=%q host=%q sender=%q pid=%d event=%d\n", r.Source, r.Host, r.Sender, r.PID, r.EventID)
	if r.Subsystem != "" {
		fmt.Fprintf(b, "\tsubsystem=%q\n", r.Subsystem)
	}
	if h := r.Header; !h.IsZero() {
		fmt.Fprintf(b, "\theader function=%q file=%q line=%d\n", h.Function, h.File, h.Line)
		if h.InvokedFunction != "" || h.HasReturnCode || h.Description != "" {
			fmt.Fprintf(b, "\t       invoked=%q code=%v/%d desc=%q\n", h.InvokedFunction, h.HasReturnCode, h.ReturnCode, h.Description)
		}
	}
	fmt.Fprintf(b, "\tmessage %q\n", r.Message)
}

func inputs(t testing.TB) []string {
	files, err := filepath.Glob("testdata/*.input")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.input")
	}
	return files
}

func newTestReader(t testing.TB, path string, r io.Reader) logparse.RecordReader {
	name := filepath.Base(path)
	rr, err := logparse.NewReader(r, formatOf(name), &logparse.Options{File: name, Reference: reference})
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// TestGolden reads every testdata/NAME.input with the reader its name
// prefix selects and compares the rendering with NAME.golden. The first line
// of the rendering is what Detect says of the input.
func TestGolden(t *testing.T) {
	for _, path := range inputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := "detect " + logparse.Detect(data).String() + "\n" + render(newTestReader(t, path, bytes.NewReader(data)))
			golden.Check(t, strings.TrimSuffix(path, ".input")+".golden", []byte(got))
		})
	}
}

// TestChunking checks that the output does not depend on how the input is
// cut into reads, nor on CRLF versus LF line endings, nor on a leading BOM.
func TestChunking(t *testing.T) {
	for _, path := range inputs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := render(newTestReader(t, path, bytes.NewReader(data)))
			if got := render(newTestReader(t, path, iotest.OneByteReader(bytes.NewReader(data)))); got != want {
				t.Errorf("OneByteReader: output differs:\n%s\nwant:\n%s", got, want)
			}
			if got := render(newTestReader(t, path, iotest.HalfReader(bytes.NewReader(data)))); got != want {
				t.Errorf("HalfReader: output differs:\n%s\nwant:\n%s", got, want)
			}
			lf := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
			crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
			if got := render(newTestReader(t, path, bytes.NewReader(crlf))); got != want {
				t.Errorf("CRLF: output differs:\n%s\nwant:\n%s", got, want)
			}
			if got := render(newTestReader(t, path, bytes.NewReader(lf))); got != want {
				t.Errorf("LF: output differs:\n%s\nwant:\n%s", got, want)
			}
			bom := append([]byte("\xEF\xBB\xBF"), data...)
			if got := render(newTestReader(t, path, bytes.NewReader(bom))); got != want {
				t.Errorf("BOM: output differs:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestSizeHint reads each input with Options.Size right, too small (the
// input is then longer than it said, and read on in larger buffers), far
// too small and too large, with and without reuse of memory: the records must
// not change.
func TestSizeHint(t *testing.T) {
	for _, path := range inputs(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, reuse := range []int{0, 1} {
				read := func(size int64) string {
					rr, err := logparse.NewReader(bytes.NewReader(data), formatOf(name),
						reusing(&logparse.Options{File: name, Reference: reference, Size: size}, reuse))
					if err != nil {
						t.Fatal(err)
					}
					return render(rr)
				}
				want := read(0)
				n := int64(len(data))
				for _, size := range []int64{n, n / 2, 1, n * 4} {
					if got := read(size); got != want {
						t.Errorf("reuse %d, size %d of %d:\n%s\nwant:\n%s", reuse, size, n, got, want)
					}
				}
			}
		})
	}
}
