package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readAll renders everything a reader of format f returns from data, read
// with configuration c.
func readAll(t *testing.T, data []byte, f Format, c config) string {
	rr, err := newReader(bytes.NewReader(data), f, c)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rec, err := range rr.All() {
		fmt.Fprintf(&b, "%+v | %v\n", rec, err)
	}
	return b.String()
}

// FuzzBlocks reads the same input in blocks of 64 bytes and of the usual
// size, with the same limits, and requires the same results: where the
// blocks end must not show, whether a line, a body or a record is cut.
func FuzzBlocks(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds in testdata: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\xEF\xBB\xBF" + strings.Repeat("x", 70) + "\r\n***\r\nDate: 1/2/2020\r\nTime: 1:02:03\r\nDescription: a\r\n  b  \r\n\r\n\r\n***\r\n"))
	// A body of short lines with trailing blanks, moved along so that
	// the blocks end at each of its bytes.
	body := "***\r\nDate: 1/2/2020\r\nTime: 1:02:03\r\nDescription: Function: f \r\nFile: g.cpp\t\r\nLine: 3 \r\none  \r\n\r\ntwo\t\r\nthree\r\n \r\n***\r\n"
	for pad := range 64 {
		f.Add([]byte(strings.Repeat("-", pad) + "\n" + body))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := newConfig(&Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
			MaxLineLength: 62, MaxRecordSize: 300})
		small := whole
		small.block = 64
		for _, format := range []Format{FormatEventLog, FormatSyslog, FormatUnifiedLog} {
			want := readAll(t, data, format, whole)
			if got := readAll(t, data, format, small); got != want {
				t.Fatalf("%v in blocks of 64 bytes:\n%s\nin one block:\n%s", format, got, want)
			}
		}
	})
}
