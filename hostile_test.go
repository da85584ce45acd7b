package dartkit_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bugRule = "cscvu39643-mus-dns-queries"

// technote returns the files of the TechNote bundle, whose event log shows
// CSCvu39643, plus extra files.
func technote(extra ...sample.File) []sample.File {
	w := sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote, NewestFirst: true}
	return append(w.Files(), extra...)
}

func file(name string, data []byte) sample.File {
	return sample.File{Name: name, Data: data, Mod: hostile.Mod}
}

// compressedSize is the compressed size of the entry name in zip z.
func compressedSize(t *testing.T, z []byte, name string) int64 {
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == name {
			return int64(f.CompressedSize64)
		}
	}
	t.Fatalf("no %s in the zip", name)
	return 0
}

// TestHostileAnalysis runs bundles that are healthy but for one hostile
// part through Open and Analyze: the healthy files are still analysed (the
// CSCvu39643 finding of the TechNote log is there), and the report says
// whether it is incomplete and why, naming the limit, its value and the
// file. What lost nothing (a name cleaned, damage repaired, a byte read as
// U+FFFD) is a note, never an error.
func TestHostileAnalysis(t *testing.T) {
	tests := []struct {
		name string
		// bundle returns the bundle's bytes and the limit error its
		// Problems must hold, if any (File is a suffix; Value 0 is not
		// compared).
		bundle   func(t *testing.T) ([]byte, *dart.LimitError)
		opts     *dart.Options
		analysis *findings.Options
		// incomplete says the report must be incomplete, with an Unread
		// entry holding each of unread.
		incomplete bool
		unread     []string
		notes      []string // substrings of Coverage.Notes: what lost nothing
		noFinding  bool     // the limit keeps the log out: no finding expected
	}{
		{
			name: "zip bomb beside the logs",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				z := sample.Zip(technote(sample.File{Name: "Logs/bomb.log", Data: make([]byte, 8<<20), Mod: hostile.Mod}))
				v := compressedSize(t, z, "Logs/bomb.log") * 100
				return z, &dart.LimitError{Limit: "MaxRatio", Value: v, File: "Logs/bomb.log"}
			},
			opts:       &dart.Options{Limits: dart.Limits{MaxRatio: 100}},
			incomplete: true,
			unread:     []string{"Logs/bomb.log: MaxRatio limit of "},
		},
		{
			name: "archive nested past MaxDepth",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/deep.zip", hostile.Nested(6, hostile.E("deep.txt", "x\n"))))),
					&dart.LimitError{Limit: "MaxDepth", Value: 3, File: "Logs/deep.zip/level1.zip/level2.zip/level3.zip"}
			},
			incomplete: true,
			unread:     []string{"Logs/deep.zip/level1.zip/level2.zip/level3.zip: nested archive not opened: ", "MaxDepth limit of 3 exceeded"},
		},
		{
			name: "more files than MaxEntries",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote()), &dart.LimitError{Limit: "MaxEntries", Value: 3, File: "hostile.zip"}
			},
			opts:       &dart.Options{Limits: dart.Limits{MaxEntries: 3}},
			incomplete: true,
			unread:     []string{"hostile.zip: MaxEntries limit of 3 exceeded"},
			noFinding:  true,
		},
		{
			name: "nested zip whose sizes lie",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				long := []byte("a longer text than declared\n")
				lie := hostile.RawZip(hostile.RawEntry{Name: "small.txt", Method: zip.Store, Compressed: long, CRC32: crc(long), Size: 3})
				return sample.Zip(technote(file("Logs/lie.zip", lie))), nil
			},
			incomplete: true,
			unread:     []string{"Logs/lie.zip/small.txt: damaged entry: zip: not a valid zip file"},
		},
		{
			name: "nested zip with a checksum mismatch",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/bad.zip", hostile.Get("checksum mismatch")))), nil
			},
			incomplete: true,
			unread:     []string{"Logs/bad.zip/a.txt: damaged entry: zip: checksum error"},
		},
		{
			name: "zip cut before its central directory",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				z := sample.Zip(technote())
				return z[:bytes.Index(z, []byte("PK\x01\x02"))+100], nil
			},
			incomplete: true,
			unread:     []string{"hostile.zip: zip without a readable central directory: central directory at offset ", "files recovered"},
		},
		{
			name: "junk between entries, the central directory whole: repaired, complete",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return hostile.Misplaced(sample.Zip(technote())), nil
			},
			notes: []string{"hostile.zip: central directory gives wrong offsets; found from their local headers: "},
		},
		{
			name: "zip cut, its data descriptors overwritten: each entry up to the next header",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return hostile.LostDescriptors(sample.Zip(technote())), nil
			},
			incomplete: true,
			unread:     []string{"hostile.zip: zip without a readable central directory: no data descriptor for entry "},
		},
		{
			name: "tar.gz cut mid-stream",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				files := technote(file("zz/tail.bin", hostile.Random(4, 32<<10)))
				tgz := sample.TarGz(files)
				return tgz[:len(tgz)-8<<10], nil
			},
			incomplete: true,
			unread:     []string{"zz/tail.bin: damaged entry: unexpected EOF"},
		},
		{
			name: "event log cut in a record",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/old/AnyConnectVPN.txt", []byte(hostile.CutEventLog())))), nil
			},
			incomplete: true,
			unread:     []string{"Logs/old/AnyConnectVPN.txt:", "truncated record"},
		},
		{
			name: "syslog line past MaxLineLength",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				var buf bytes.Buffer
				io.Copy(&buf, hostile.LongLine(64<<10, "Jun 17 10:00:01 pc acvpnagent[1]: after"))
				return sample.Zip(technote(file("Logs/system.log", buf.Bytes()))), nil
			},
			analysis:   &findings.Options{MaxLineLength: 4096},
			incomplete: true,
			unread:     []string{"Logs/system.log:1: line too long"},
		},
		{
			name: "traversal names: cleaned, reported, read",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				var extra []sample.File
				for raw := range hostile.TraversalNames {
					extra = append(extra, file(raw, []byte("127.0.0.1 localhost\n")))
				}
				return sample.Zip(technote(extra...)), nil
			},
			notes: []string{`etc/passwd: insecure name "../../etc/passwd" (parent directory)`, `Windows/x.txt: insecure name "C:\\Windows\\x.txt"`},
		},
		{
			name: "duplicate names: both read",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file(`Windows\Network\hosts`, []byte("10.0.0.1 mus.cisco.com\n")))), nil
			},
			notes: []string{"Windows/Network/hosts: duplicate name; the later file is listed as Windows/Network/hosts~2"},
		},
		{
			name: "broken UTF-16 log beside the logs",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/u16.txt", hostile.BrokenUTF16(0, 1, "Date : 06/17/2021", "Time : 10:00:00")))), nil
			},
			// Each fault was read as U+FFFD: reported, the text read whole.
			notes: []string{"Logs/u16.txt:1: invalid utf-16le: lone surrogate at byte 2 (3 in all), read as U+FFFD"},
		},
		{
			name: "invalid UTF-8 in a log beside the logs",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/bad8.log", []byte("\xEF\xBB\xBFJun 17 10:00:00 pc acvpnagent[1]: caf\xE9\n")))), nil
			},
			notes: []string{"Logs/bad8.log:1: invalid utf-8: invalid byte at byte 40, read as U+FFFD"},
		},
		{
			name: "random bytes named AnyConnectVPN.txt",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Other/AnyConnectVPN.txt", hostile.Random(5, 4096)))), nil
			},
		},
		{
			name: "escapes in records",
			bundle: func(t *testing.T) ([]byte, *dart.LimitError) {
				return sample.Zip(technote(file("Logs/esc.log", []byte("Jun 17 10:00:00 pc acvpnagent[1]: "+hostile.Escapes+"\n")))), nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, limit := tt.bundle(t)
			path := filepath.Join(t.TempDir(), "hostile.zip")
			require.NoError(t, os.WriteFile(path, data, 0o644))
			ctx := context.Background()
			b, err := dart.Open(ctx, path, tt.opts)
			require.NoError(t, err)
			defer b.Close()
			rep, err := findings.Analyze(ctx, b, rules.All(), tt.analysis)
			require.NoError(t, err)

			if limit != nil {
				var found bool
				for _, p := range b.Problems() {
					var le *dart.LimitError
					if errors.As(p, &le) && errors.Is(p, dart.ErrLimit) && le.Limit == limit.Limit &&
						(limit.Value == 0 || le.Value == limit.Value) && strings.HasSuffix(le.File, limit.File) {
						found = true
					}
				}
				assert.True(t, found, "no %s limit (value %d, file %s) among %v", limit.Limit, limit.Value, limit.File, b.Problems())
				if limit.Value != 0 {
					tt.unread = append(tt.unread, fmt.Sprintf("%s limit of %d exceeded", limit.Limit, limit.Value))
				}
			}
			assert.Equal(t, tt.incomplete, rep.Incomplete, "Incomplete; errors %q", rep.Errors)
			unread := strings.Join(rep.Unread, "\n")
			for _, want := range tt.unread {
				assert.Contains(t, unread, want, "Unread")
			}
			for _, u := range rep.Unread {
				assert.Contains(t, rep.Errors, u, "every Unread text is in Errors")
			}
			if !tt.incomplete {
				assert.Empty(t, rep.Unread)
			}
			assert.Equal(t, rep.Incomplete, len(rep.Errors) > 0, "an error means something was lost: %q", rep.Errors)
			notes := strings.Join(rep.Coverage.Notes, "\n")
			for _, want := range tt.notes {
				assert.Contains(t, notes, want, "Notes")
			}
			if !tt.noFinding {
				var ids []string
				for _, f := range rep.Findings {
					ids = append(ids, f.Rule)
				}
				assert.Contains(t, ids, bugRule, "the healthy files are still analysed")
			}
		})
	}
}

// An event log of large records beside the TechNote's: every record is
// read and counted, the finding still made, and what the report keeps of
// the records is cut, so the report stays small.
func TestLargeRecords(t *testing.T) {
	const records, lines = 40, 15_000 // about 300 KB a record, 12 MB in all
	var b strings.Builder
	for i := range records {
		fmt.Fprintf(&b, "******************************************\r\nDate : 06/17/2020\r\nTime : 10:00:%02d\r\nType : Information\r\nSource : acvpnagent\r\nDescription : Function: CRouteMgr::dump\r\nFile: c:\\vpn\\routemgr.cpp\r\nLine: 7\r\n", i)
		for j := range lines {
			fmt.Fprintf(&b, "route %d.%d.0.0/16 via 10.0.%d.1\r\n", j%223, j%251, j%199)
		}
	}
	b.WriteString("******************************************\r\n")
	const name = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN-routes.txt"
	path := filepath.Join(t.TempDir(), "large.zip")
	require.NoError(t, os.WriteFile(path, sample.Zip(technote(file(name, []byte(b.String())))), 0o644))
	ctx := context.Background()
	bun, err := dart.Open(ctx, path, nil)
	require.NoError(t, err)
	defer bun.Close()
	rep, err := findings.Analyze(ctx, bun, rules.All(), nil)
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	var fr findings.FileReport
	for _, f := range rep.Files {
		if f.Name == name {
			fr = f
		}
	}
	assert.Equal(t, records, fr.Records, "records of %s", name)
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule)
	}
	assert.Contains(t, ids, bugRule)
	out, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Less(t, len(out), 200<<10, "bytes of report for %d records of %d bytes", records, b.Len()/records)
}

func crc(b []byte) uint32 {
	z := hostile.Zip(hostile.Entry{Name: "x", Data: b, Store: true})
	zr, _ := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	return zr.File[0].CRC32
}

// A syslog line of a gigabyte, streamed from a reader that never holds
// it, is skipped as it passes: the parser reports it with its line, reads
// the next line, and allocates a small fraction of it.
func TestGigabyteLine(t *testing.T) {
	const size = 1 << 30
	r := hostile.LongLine(size, "Jun 17 10:00:01 pc acvpnagent[1]: after the long line")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rd, err := logparse.NewReader(r, logparse.FormatSyslog, &logparse.Options{File: "system.log"})
	require.NoError(t, err)
	_, err = rd.Read()
	var pe *logparse.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, logparse.ErrLineTooLong)
	assert.Equal(t, 1, pe.Pos.Line)
	assert.Contains(t, err.Error(), "system.log:1: ")
	rec, err := rd.Read()
	require.NoError(t, err)
	assert.Equal(t, 2, rec.Pos.Line)
	assert.Equal(t, "after the long line", rec.Message)
	_, err = rd.Read()
	assert.Equal(t, io.EOF, err)
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "bytes allocated reading a %d-byte line", size)
}

// Hostile logs, straight to the parsers: each gives its specific error,
// positioned, and the records around it.
func TestHostileLogs(t *testing.T) {
	broken := hostile.BrokenUTF16(7, 8,
		"******************************************",
		"Date : 06/17/2021",
		"Time : 10:00:00",
		"Type : Error",
		"Source : acvpnagent",
		"",
		"Description : after the damage",
		"more text",
		"the end",
		"******************************************",
	)
	tests := []struct {
		name    string
		input   func() io.Reader
		format  logparse.Format
		opts    logparse.Options
		wantErr error // the error met, nil for none
		errLine int
		records int    // whole records read
		message string // a substring of the last record's text
	}{
		{
			name:    "event log cut in a record",
			input:   func() io.Reader { return strings.NewReader(hostile.CutEventLog()) },
			format:  logparse.FormatEventLog,
			wantErr: logparse.ErrTruncated, errLine: 10,
			records: 1, message: "SOCKETSUPPORT_ERROR_GETADDRINFO",
		},
		{
			name:    "syslog line over MaxLineLength",
			input:   func() io.Reader { return hostile.LongLine(10<<10, "Jun 17 10:00:01 pc acvpnagent[1]: next") },
			format:  logparse.FormatSyslog,
			opts:    logparse.Options{MaxLineLength: 1024},
			wantErr: logparse.ErrLineTooLong, errLine: 1,
			records: 1, message: "next",
		},
		{
			name: "broken UTF-16 event log",
			input: func() io.Reader {
				r, _ := dart.DecodeText(bytes.NewReader(broken), broken)
				return r
			},
			format:  logparse.FormatEventLog,
			records: 1, message: "\uFFFDore text",
		},
		{
			name: "escapes in a syslog record are kept as data",
			input: func() io.Reader {
				return strings.NewReader("Jun 17 10:00:00 pc acvpnagent[1]: " + hostile.Escapes + "\n")
			},
			format:  logparse.FormatSyslog,
			records: 1, message: "\x1b[31mRED",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.File = "log.txt"
			rd, err := logparse.NewReader(tt.input(), tt.format, &opts)
			require.NoError(t, err)
			var got []error
			var last logparse.Record
			n := 0
			for rec, err := range rd.All() {
				if err != nil {
					got = append(got, err)
					var pe *logparse.ParseError
					require.ErrorAs(t, err, &pe, "a positioned error")
					if tt.wantErr != nil {
						assert.ErrorIs(t, err, tt.wantErr)
						assert.Equal(t, tt.errLine, pe.Pos.Line, "line of %v", err)
						assert.Contains(t, err.Error(), fmt.Sprintf("log.txt:%d: ", tt.errLine))
					}
					continue
				}
				n++
				last = rec
			}
			if tt.wantErr != nil {
				assert.Len(t, got, 1, "errors %v", got)
			} else {
				assert.Empty(t, got)
			}
			assert.Equal(t, tt.records, n, "records")
			assert.Contains(t, last.Text(), tt.message)
		})
	}
}
