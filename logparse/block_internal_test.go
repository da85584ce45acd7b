package logparse

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
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// readKept is readAll for a configuration that reuses memory: it also
// checks, after each result, that the last c.reuse records returned still
// read as they did when they were returned. It returns the reader too,
// and what it saw of the reuse, so that the check means something.
func readKept(t *testing.T, data []byte, f Format, c config) (string, RecordReader, reuseSeen) {
	return readKeptFrom(t, bytes.NewReader(data), f, c)
}

// switches are the package's test switches: blocks of block bytes (0 for
// the usual size), buffers written over before they are reused, event
// blocks, CSV rows and PowerShell's lists read line by line only.
type switches struct {
	block      int
	overwrite  bool
	lineByLine bool
}

// run calls f with the switches set, and then sets them back.
func (s switches) run(f func()) {
	defer func(block int, overwrite, whole, rows, lists bool) {
		testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists = block, overwrite, whole, rows, lists
	}(testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists)
	testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists = s.block, s.overwrite, !s.lineByLine, !s.lineByLine, !s.lineByLine
	f()
}

// set sets the switches until the end of the test.
func (s switches) set(t testing.TB) {
	block, overwrite, whole, rows, lists := testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists
	t.Cleanup(func() {
		testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists = block, overwrite, whole, rows, lists
	})
	testBlockSize, testOverwrite, wholeBlocks, wholeRows, wholeLists = s.block, s.overwrite, !s.lineByLine, !s.lineByLine, !s.lineByLine
}

// LineByLine calls f with the readers' fast paths off, every line read
// by their plain path, for the tests outside the package to compare.
func LineByLine(f func()) { switches{lineByLine: true}.run(f) }

// readAllWith is readAll with the switches s set.
func readAllWith(t *testing.T, s switches, data []byte, f Format, c config) (out string) {
	s.run(func() { out = readAll(t, data, f, c) })
	return out
}

// readKeptFrom is readKept from any reader, a BlockReader among them.
// reuseSeen tells what readKept saw of a lineReader's blocks: one made
// over a buffer that an earlier block was made over (reused), and one made
// over a lent buffer (lent).
type reuseSeen struct{ reused, lent bool }

func readKeptFrom(t *testing.T, r io.Reader, f Format, c config) (string, RecordReader, reuseSeen) {
	rr, err := newReader(r, f, c)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	type kept struct {
		rec Record
		was string
	}
	var last []kept
	var seen reuseSeen
	lr := lineReaderOf(rr)
	under := map[*byte]int{} // the seq of the block last made over each buffer
	for rec, err := range rr.All() {
		fmt.Fprintf(&b, "%+v | %v\n", rec, err)
		if len(lr.cur) > 0 {
			p := unsafe.SliceData(lr.cur)
			if seq, ok := under[p]; ok && seq != lr.seq {
				seen.reused = true
			}
			under[p] = lr.seq
			seen.lent = seen.lent || lr.curLent
		}
		if rec.Pos.Line > 0 {
			last = append(last, kept{rec, fmt.Sprintf("%+v", rec)})
			if len(last) > c.reuse {
				last = last[1:]
			}
		}
		for _, k := range last {
			if now := fmt.Sprintf("%+v", k.rec); now != k.was {
				t.Fatalf("a record changed within %d records of reuse:\n%s\nwas\n%s", c.reuse, now, k.was)
			}
		}
	}
	return b.String(), rr, seen
}

// A lender is a BlockReader of data that lends it in fresh buffers of the
// given sizes, in turn. It fails the test when a buffer is given back
// twice or was never lent, and writes over one given back, so that a
// record still pointing into it shows.
type lender struct {
	t       testing.TB
	data    []byte
	sizes   []int
	i       int
	lent    map[*byte]bool // lent and not given back
	back    int            // buffers given back
	eofWith bool           // io.EOF comes with the last bytes
	reads   bool           // Read may be called
}

func newLender(t testing.TB, data []byte, eofWith bool, sizes ...int) *lender {
	return &lender{t: t, data: data, sizes: sizes, lent: map[*byte]bool{}, eofWith: eofWith}
}

func (l *lender) Read(p []byte) (int, error) {
	if !l.reads {
		l.t.Fatal("Read called on a BlockReader")
	}
	if len(l.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, l.data)
	l.data = l.data[n:]
	return n, nil
}

func (l *lender) ReadBlock() ([]byte, error) {
	if len(l.data) == 0 {
		return nil, io.EOF
	}
	n := min(max(l.sizes[l.i%len(l.sizes)], 1), len(l.data))
	l.i++
	b := append(make([]byte, 0, n), l.data[:n]...)
	l.data = l.data[n:]
	l.lent[&b[0]] = true
	if l.eofWith && len(l.data) == 0 {
		return b, io.EOF
	}
	return b, nil
}

func (l *lender) Release(b []byte) {
	if !l.lent[&b[0]] {
		l.t.Fatalf("a buffer given back twice, or never lent: %q", b)
	}
	delete(l.lent, &b[0])
	l.back++
	for i := range b[:cap(b)] {
		b[i] = '%'
	}
}

// FuzzBlocks reads the same input in blocks of 64 bytes and of the usual
// size, with the same limits, and requires the same results: where the
// blocks end must not show, whether a line, a body or a record is cut, nor
// whether the blocks' memory is reused (config.reuse), nor whether
// it is lent by a BlockReader, in buffers of other sizes. An
// event log is also read line by line only, which must not show either:
// an EventLogReader takes most event blocks at once (whole).
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
	// Records short enough for one block, each followed by a line too
	// long that fills a block of its own: results without a record come
	// between records, in reads that fill blocks.
	long := strings.Repeat("x", 63) + "\n"
	f.Add([]byte(strings.Repeat("***\nDate: 1/2/2020\nTime: 1:02:03\nDescription: a\n***\n"+long, 8)))
	f.Add([]byte(strings.Repeat("Jan 12 17:05:35 x5 a[1]: m\n"+long, 8)))
	// Small inputs of each layout, for the mutations to start from:
	// wevtutil's events, rows only between records, banners, and dates
	// that decide the order of those before them, or contradict it.
	f.Add([]byte("Event[0]:\n Log Name: L\n Date: 2020-06-17T20:21:30.123\n Description:\nFunction: f\nFile: a\nLine: 1\nx\n\nEvent[1]:\n Date: 2020-06-17T20:21:31.000Z\n Description:\ny\n"))
	f.Add([]byte("Title\n*** Log ***\nDate : 1/2/2020\nTime : 1:02 PM\nDescription :\na\n***\nDate : 1/3/2020\nTime : 1:02:03\nDescription : b"))
	f.Add([]byte("***\nDate: 06/07/20\nTime: 1:02:03\nDescription: a\n***\nDate: 13/07/20\nTime: 1:02:03\nDescription: b\n***\nDate: 07/13/20\nTime: 1:02:03\nDescription: c\n"))
	f.Add([]byte("Log Name: L\nDate: 06-Jan-18 5:03:40 p.m.\nDescription:\na\nEvent Xml:\n<x/>\nLog Name: L\nDate: 17.06.2020 20:21:57 +02:00\nDescription: b\n"))
	// Event Viewer's copy with CRLF, whose XML holds fields, a row, and a
	// Log Name that is not the key of its line; and wevtutil's -rd form,
	// 7 fractional digits, "Z" and a blank after "Description:".
	f.Add([]byte("Log Name:      L\r\nSource:        s\r\nDate:          6/10/2020 8:21:32 PM\r\nLevel:         Warning\r\nDescription:\r\nFunction: f\r\nLine: 1\r\nx\r\nEvent Xml:\r\n<Event>\r\n  <Data>Description: y\r\nLog Name  in text\r\n  Date: 1/2/2020\r\n</Data>\r\n</Event>\r\n\r\n  log name: L\r\nDate: 6/10/2020 8:21:33 PM\r\nDescription: b\r\nevent xml: \r\n***\r\nDate: 1/2/2020\r\nTime: 1:02:03\r\nDescription: c\r\n"))
	f.Add([]byte("Event[0]:\r\n  Log Name: L\r\n  Date: 2020-06-10T20:21:32.0403450Z\r\n  Level: Warning\r\n  Description: \r\nx\r\n\r\nEvent[1]:\r\n  Date: 2020-06-10T20:21:33.0000000Z\r\n  Description: \r\ny\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := newConfig(&Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
			MaxLineLength: 62, MaxRecordSize: 300})
		small := switches{block: 64, overwrite: true}
		// The last two records returned are checked after each Read:
		// their memory may be written again by later ones.
		reused := whole
		reused.reuse = 2
		for _, format := range []Format{FormatEventLog, FormatSyslog, FormatUnifiedLog, FormatEventCSV} {
			want := readAll(t, data, format, whole)
			if got := readAllWith(t, small, data, format, whole); got != want {
				t.Fatalf("%v in blocks of 64 bytes:\n%s\nin one block:\n%s", format, got, want)
			}
			var got string
			small.run(func() { got, _, _ = readKept(t, data, format, reused) })
			if got != want {
				t.Fatalf("%v in blocks of 64 bytes, reused after a record:\n%s\nin one block:\n%s", format, got, want)
			}
			lent := newLender(t, data, len(data)%2 == 0, 64, 1, 100, 7)
			small.run(func() { got, _, _ = readKeptFrom(t, lent, format, reused) })
			if got != want {
				t.Fatalf("%v in lent buffers, reused after a record:\n%s\nin one block:\n%s", format, got, want)
			}
		}
		want := readAllWith(t, switches{lineByLine: true}, data, FormatEventLog, whole)
		if got := readAll(t, data, FormatEventLog, whole); got != want {
			t.Fatalf("event log read with whole:\n%s\nline by line:\n%s", got, want)
		}
		want = readAllWith(t, switches{lineByLine: true, block: 64}, data, FormatEventCSV, whole)
		if got := readAllWith(t, small, data, FormatEventCSV, whole); got != want {
			t.Fatalf("CSV read with row in blocks of 64 bytes:\n%s\nline by line:\n%s", got, want)
		}
	})
}

// TestWhole reads event logs whose blocks take every way out of whole,
// and some it takes, both with it and line by line only, with the default
// limits and with small ones, and requires the same results.
func TestWhole(t *testing.T) {
	const sep = "******************************************\r\n"
	ev := func(fields, body string) string {
		return sep + "\r\n" + fields + "\r\nDescription\t: " + body + "\r\n\r\n"
	}
	fields := "Date\t\t: 06/17/2020\r\nTime\t\t: 20:21:57\r\nType\t\t: Warning\r\nSource\t\t: acvpnagent\r\n"
	header := "Function: CHostLocator::resolve\r\nFile: c:\\build\\HostLocator.cpp\r\nLine: 307\r\n"
	tests := []struct{ name, text string }{
		{"usual", ev(fields, header+"retrying in 24 s") + ev(fields, "no header") + sep},
		{"first line is a separator", sep + ev(fields, "a") + sep},
		{"text before the first block", "Title\r\nnot: a field\r\n" + ev(fields, "a") + sep},
		{"no closing separator", ev(fields, "a") + ev(fields, "b")},
		{"empty Description, text later", ev(fields, "\r\n\r\n  indented\r\nmore  \r\n\r\n") + sep},
		{"empty Description, no text", ev(fields, "") + sep},
		{"no Description", sep + fields + "\r\n" + sep + ev(fields, "a") + sep},
		{"no Date", sep + "Time : 1:02:03\r\nDescription: a\r\n" + sep},
		{"bad time", sep + "Date : 13/45/2020\r\nTime : 1:02:03\r\nDescription: a\r\n" + sep},
		{"second Date without separator", sep + fields + "Description: a\r\n" + fields + "Description: b\r\n" + sep},
		{"Event Xml", sep + "Log Name: Application\r\nSource: acvpnagent\r\nDate: 2020-06-17T20:21:57.123\r\nDescription:\r\nbody\r\nEvent Xml:\r\n<Event><Data>Date: x</Data></Event>\r\n" +
			"Log Name: Application\r\nSource: acvpnagent\r\nDate: 2020-06-17T20:21:58.000\r\nDescription: next\r\n"},
		{"fields in the body", ev(fields, "Date: 01/01/2021\r\nSource: other") + sep},
		{"stars in the body", ev(fields, "password: ********\r\n*** not a separator\r\n  ***  ") + sep},
		{"separator with blanks", ev(fields, "a") + "  *****  \r\n" + ev(fields, "b") + "***\n"},
		{"LF endings", strings.ReplaceAll(ev(fields, header+"x")+ev(fields, "y")+sep, "\r\n", "\n")},
		{"long line", ev(fields, "a\r\n"+strings.Repeat("x", 5000)+"\r\nb") + sep},
		{"large body", ev(fields, strings.Repeat("line of text\r\n", 400)) + sep},
		{"large Description value", ev(fields, strings.Repeat("y", 4000)) + sep},
		{"Event Xml, then a separator", sep + "Log Name: Application\r\nSource: acvpnagent\r\nDate: 6/17/2020 8:21:57 PM\r\nDescription: body\r\nEvent Xml:\r\n<Event/>\r\n" + sep + ev(fields, "a") + sep},
		{"Event Xml in lower case", ev(fields, "a\r\n  event XML:  \r\n<x/>") + sep},
		{"Event ID and Computer", ev(fields+"Event ID\t: 1234\r\nComputer\t: HOST-1\r\n", "a") + sep},
		{"BOM", "\xEF\xBB\xBF" + ev(fields, "a") + sep},
		{"wevtutil", "Event[0]:\r\n  Log Name: L\r\n  Source: acvpnagent\r\n  Date: 2020-06-17T20:21:57.123\r\n  Event ID: 2039\r\n  Level: Information\r\n  Computer: PC\r\n  Description:\r\n" + header + "text\r\nUser:\r\n\tSecurity ID: S-1-5-18\r\n\r\n" +
			"Event[1]:\r\n  Log Name: L\r\n  Date: 2020-06-17T20:21:58.000\r\n  Description:\r\nnext\r\n\r\nEvent[2]:\r\n  Log Name: L\r\n  Date: 2020-06-17T20:21:59.000\r\n"},
		{"Event Xml, with fields and a long line", "Log Name:   L\r\nDate: 6/17/2020 8:21:57 PM\r\nDescription:\r\na\r\nEvent Xml:\r\n<Event>\r\n  <Data>Description: x\r\n Source: y\r\n" + strings.Repeat("<x/>", 30) + "\r\nLog Name text\r\n</Data></Event>\r\n\r\n  LOG NAME : L\r\nDate: 6/17/2020 8:21:58 PM\r\nDescription: b\r\nEvent Xml:\r\n<Event/>\r\nEvent[3]:\r\n Date: 2020-06-17T20:21:59.0000000Z\r\n Description: \r\nc\r\n"},
		{"Event Xml at the end", ev(fields, "a\r\nEvent Xml:") + "<Event/>"},
		{"wevtutil, then a separator", "Event[0]:\n Log Name: L\n Date: 2020-06-17T20:21:57.123\n Description:\na\nEvent[1]:\n Log Name: L\n Date: 2020-06-17T20:21:57.123Z\n Description:\nb\n" + sep + ev(fields, "c") + sep},
		{"Event[ in a body, alone and not", ev(fields, "a\r\nEvent[x]:\r\nEvent[3]: text\r\n Event[4]:\r\nb") + sep},
		{"banners", "***** Event Log *****\r\n" + ev(fields, "a\r\n*** not a banner\r\n***** End *****\r\nlost") + "** x **\r\n" + sep},
		{"dates ahead decide the order", ev(strings.Replace(fields, "06/17/2020", "06/07/2020", 1), "a") + ev(strings.Replace(fields, "06/17/2020", "17/06/2020", 1), "b") + sep},
		{"a date contrary to the order", ev(fields, "a") + ev(strings.Replace(fields, "06/17/2020", "17/06/2020", 1), "b") + ev(fields, "c") + sep},
		{"dates with times and zones", ev("Date : 06-Jan-18 5:03:40 p.m.\r\n", "a") + ev("Date : 2020-06-17T20:21:30.1234567+02:00\r\n", "b") + ev("Date : 17.06.2020\r\nTime : 20:21 -0700\r\n", "c") + sep},
	}
	// Bodies of sizes around the small limit below, with blank lines
	// inside and after them.
	for n := 95; n <= 101; n++ {
		x := strings.Repeat("x", n)
		tests = append(tests,
			struct{ name, text string }{fmt.Sprintf("value of %d", n), ev(fields, x) + sep},
			struct{ name, text string }{fmt.Sprintf("blank, then %d", n-2), ev(fields, "a\r\n\r\n"+x[4:]) + sep},
			struct{ name, text string }{fmt.Sprintf("%d, then blanks", n-2), ev(fields, x[2:]+"\r\n  \r\n\r\n") + sep},
			struct{ name, text string }{fmt.Sprintf("empty value, then %d", n), ev(fields, "\r\n\r\n"+x) + sep},
			struct{ name, text string }{fmt.Sprintf("LF, line of %d", n), strings.ReplaceAll(ev(fields, "a\r\n"+x[:n-1]), "\r\n", "\n") + sep})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limits := range []Options{{}, {MaxLineLength: 1000, MaxRecordSize: 3000}, {MaxLineLength: 98, MaxRecordSize: 100}, {MaxLineLength: 98, MaxRecordSize: 3000}, {MaxLineLength: 1000, MaxRecordSize: 100}} {
				limits.File, limits.Reference = "f", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
				c := newConfig(&limits)
				want := readAllWith(t, switches{lineByLine: true}, []byte(tt.text), FormatEventLog, c)
				if got := readAll(t, []byte(tt.text), FormatEventLog, c); got != want {
					t.Errorf("limits %d/%d, with whole:\n%s\nline by line:\n%s", limits.MaxLineLength, limits.MaxRecordSize, got, want)
				}
			}
		})
	}
}

// TestWholeTaken checks that whole reads the usual blocks at once, of
// DART's export, of Event Viewer's copy and of wevtutil's text: the
// reader never falls back to reading their lines one by one.
func TestWholeTaken(t *testing.T) {
	forms := map[string]func(b *strings.Builder, i int){
		"DART": func(b *strings.Builder, i int) {
			fmt.Fprintf(b, "******\r\n\r\nDate\t\t: 06/17/2020\r\nTime\t\t: 20:21:%02d\r\nType\t\t: Information\r\nSource\t\t: acvpnagent\r\n\r\n"+
				"Description\t: Function: f\r\nFile: g.cpp\r\nLine: %d\r\nmessage %d\r\n\r\n", i%60, i, i)
		},
		"Event Viewer's copy": func(b *strings.Builder, i int) {
			if i == 0 {
				b.WriteString("Title\r\n") // read alone, as the first line is
			}
			fmt.Fprintf(b, "Log Name:      L\r\nSource:        acvpnagent\r\nDate:          6/17/2020 8:21:%02d PM\r\nEvent ID:      2039\r\nLevel:         Information\r\n"+
				"Description:\r\nFunction: f\r\nFile: g.cpp\r\nLine: %d\r\nmessage %d\r\nEvent Xml:\r\n<Event>\r\n  <EventData>\r\n    <Data>Function: f\r\nLine: %d</Data>\r\n  </EventData>\r\n</Event>\r\n\r\n", i%60, i, i, i)
		},
		"wevtutil": func(b *strings.Builder, i int) {
			fmt.Fprintf(b, "Event[%d]:\r\n  Log Name: L\r\n  Source: acvpnagent\r\n  Date: 2020-06-17T20:21:%02d.000\r\n  Event ID: 2039\r\n  Level: Information\r\n"+
				"  Description:\r\nFunction: f\r\nFile: g.cpp\r\nLine: %d\r\nmessage %d\r\n\r\n", i, i%60, i, i)
		},
	}
	for name, form := range forms {
		var b strings.Builder
		for i := range 100 {
			form(&b, i)
		}
		b.WriteString("******\r\n")
		r := newEventLogReader(strings.NewReader(b.String()), newConfig(nil))
		records, steps := 0, 0
		for {
			for r.q.head == len(r.q.items) && r.done == nil {
				r.step()
				steps++
			}
			_, err := r.Read()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatal(err)
				}
				break
			}
			records++
		}
		if records != 100 {
			t.Fatalf("%s: %d records, want 100", name, records)
		}
		// The first line (read alone), then one step a block, the
		// closing row (apart from the block after an Event Xml), then
		// the end.
		if steps > 103 {
			t.Errorf("%s: %d steps for 100 blocks: whole did not take them", name, steps)
		}
		if testing.Verbose() {
			t.Logf("%s: %d steps", name, steps)
		}
	}
}

// TestReuseAfter reads logs reusing memory in small blocks whose
// memory is overwritten before it is reused, and checks after each Read
// that the last n records returned still read as they did when returned
// (readKept), and that all read as they do without reuse: the window the
// analysis relies on. It also checks that memory was reused, so that the
// check means something.
func TestReuseAfter(t *testing.T) {
	inputs := map[string]Format{}
	paths, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	require.NoError(t, err)
	ignored := 0 // inputs of readers that never reuse memory (TestReuseIgnored)
	for _, p := range paths {
		switch name := filepath.Base(p); {
		case strings.HasPrefix(name, "powershell"):
			ignored++
		case strings.HasPrefix(name, "eventcsv"):
			inputs[p] = FormatEventCSV
		case strings.HasPrefix(name, "eventlog"):
			inputs[p] = FormatEventLog
		case strings.HasPrefix(name, "syslog"):
			inputs[p] = FormatSyslog
		case strings.HasPrefix(name, "unified"):
			inputs[p] = FormatUnifiedLog
		}
	}
	require.Len(t, inputs, len(paths)-ignored, "a testdata input of no known format")
	for p, format := range inputs {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		data = bytes.Repeat(data, 32) // many blocks, many records each
		reused := false               // a block was seen made over a buffer reused, in some subtest
		for _, limits := range []Options{{}, {MaxLineLength: 60, MaxRecordSize: 150}} {
			limits.File, limits.Reference = "f", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			base := newConfig(&limits)
			want := readAll(t, data, format, base)
			for _, block := range []int{128, 1000} {
				for _, n := range []int{1, 2, 7} {
					name := fmt.Sprintf("%s/line=%d/block=%d/n=%d", filepath.Base(p), limits.MaxLineLength, block, n)
					t.Run(name, func(t *testing.T) {
						c := base
						c.reuse = n
						sw := switches{block: block, overwrite: true}
						var got string
						var rr RecordReader
						var seen reuseSeen
						sw.run(func() { got, _, seen = readKept(t, data, format, c) })
						require.Equal(t, want, got)
						reused = reused || seen.reused

						// The same, in buffers lent by a BlockReader,
						// each larger than a block or smaller.
						lent := newLender(t, data, false, block/3, 4*block, block)
						sw.run(func() { got, rr, seen = readKeptFrom(t, lent, format, c) })
						require.Equal(t, want, got, "in lent buffers")
						require.True(t, seen.lent, "no block was made of a lent buffer")
						require.NotZero(t, lent.back, "no lent buffer was given back")
						assert.LessOrEqual(t, len(lent.lent), len(lineReaderOf(rr).held)+2, "lent buffers neither held nor given back")
					})
				}
			}
		}
		assert.True(t, reused, "%s: no memory was seen reused", filepath.Base(p))
	}
}

// TestRecordsKept reads every input with the public API, in small blocks
// whose buffers are written over before they are read into again, from a
// plain reader and from a BlockReader that writes over the buffers given
// back. It keeps every record to the end: each must then read as it did
// when it was returned, since a public reader never writes over memory a
// string points into.
func TestRecordsKept(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	require.NoError(t, err)
	switches{block: 64, overwrite: true}.set(t)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		data = bytes.Repeat(data, 8)
		format := Detect(data)
		for _, lent := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if lent {
				l := newLender(t, data, false, 64, 1000)
				l.reads = true
				r = l
			}
			rr, err := NewReader(r, format, &Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
			require.NoError(t, err)
			var kept []Record
			var was []string
			for rec, err := range rr.All() {
				kept, was = append(kept, rec), append(was, fmt.Sprintf("%+v | %v", rec, err))
			}
			require.NotEmpty(t, kept, p)
			for i, rec := range kept {
				if now := fmt.Sprintf("%+v | ", rec); !strings.HasPrefix(was[i], now) {
					t.Fatalf("%s, lent %v: result %d changed:\n%s\nwas\n%s", filepath.Base(p), lent, i, now, was[i])
				}
			}
		}
	}
}

func lineReaderOf(rr RecordReader) *lineReader {
	switch r := rr.(type) {
	case *EventLogReader:
		return r.lr
	case *SyslogReader:
		return r.lr
	case *UnifiedLogReader:
		return r.lr
	case *EventCSVReader:
		return r.lr
	case *PowerShellReader:
		return r.lr
	}
	panic(fmt.Sprintf("no lineReader in %T", rr))
}

// TestSkimBodyLinear reads event bodies of many short lines, longer than a
// block of input, and checks that skimBody keeps the reading linear: that
// it takes no longer than several times what reading the lines one by one
// takes. Were it to look again from each line to the block's end, the
// largest bodies would take hundreds of times longer.
func TestSkimBodyLinear(t *testing.T) {
	const sep = "******************************************\r\n"
	for _, lines := range []int{10, 5_000, 40_000} {
		var b strings.Builder
		for rec := range 3 {
			fmt.Fprintf(&b, "%sDate : 06/17/2020\r\nTime : 20:21:%02d\r\nDescription : Function: f\r\nFile: f.cpp\r\nLine: 1\r\n", sep, rec)
			for i := range lines {
				fmt.Fprintf(&b, "route %d changed\r\n", i)
			}
		}
		b.WriteString(sep)
		read := func(s switches) time.Duration {
			fastest := time.Duration(1 << 62)
			for range 3 {
				start := time.Now()
				s.run(func() {
					n := 0
					for _, err := range newEventLogReader(strings.NewReader(b.String()), newConfig(nil)).All() {
						require.NoError(t, err)
						n++
					}
					require.Equal(t, 3, n)
				})
				fastest = min(fastest, time.Since(start))
			}
			return fastest
		}
		plain, skimmed := read(switches{lineByLine: true}), read(switches{})
		assert.Less(t, skimmed, 5*plain+20*time.Millisecond, "bodies of %d lines: %v, line by line %v", lines, skimmed, plain)
	}
}

// TestHeldBounded reads an event log of records larger than a block, with
// a window of reuse longer than the log: no block is ever free for reuse,
// and the reader must let go of the oldest rather than hold them all.
func TestHeldBounded(t *testing.T) {
	var b strings.Builder
	for i := range maxHeld {
		fmt.Fprintf(&b, "***\r\nDate : 06/17/2020\r\nTime : 20:21:%02d\r\nDescription : %s\r\n", i%60, strings.Repeat("route changed\r\n", 300))
	}
	b.WriteString("***\r\n")
	c := newConfig(nil)
	c.reuse = 1_000_000
	switches{block: 1024, overwrite: true}.set(t)
	r := newEventLogReader(strings.NewReader(b.String()), c)
	most := 0
	for _, err := range r.All() {
		require.NoError(t, err)
		most = max(most, len(r.lr.held))
	}
	require.Greater(t, b.Len()/1024, 2*maxHeld, "too few blocks to test")
	assert.LessOrEqual(t, most, maxHeld, "buffers held")

	// The same with buffers lent by a BlockReader: those let go of are
	// not given back, and every record still reads as it did when it was
	// returned.
	lent := newLender(t, []byte(b.String()), false, 1024)
	r = newEventLogReader(lent, c)
	var kept []Record
	var was []string
	most = 0
	for rec, err := range r.All() {
		require.NoError(t, err)
		most = max(most, len(r.lr.held))
		kept, was = append(kept, rec), append(was, fmt.Sprintf("%+v", rec))
	}
	assert.LessOrEqual(t, most, maxHeld, "lent buffers held")
	require.Len(t, kept, maxHeld)
	for i, rec := range kept {
		require.Equal(t, was[i], fmt.Sprintf("%+v", rec), "record %d changed", i)
	}
}

// The last Date value's date is kept for the next blocks, which repeat it:
// a block reads the same after any other as alone, whatever the dates
// before it were (the same, another, not a date, a date with its time, a
// prefix of it, or too long to keep).
func TestDateKept(t *testing.T) {
	dates := []string{"06/17/2020", "06/18/2020", "13/45/2020", "6/17/2020 8:21:57 PM", "06/17/202", "06/17/20200",
		"2020-06-17", "06/17/2020" + strings.Repeat(" ", 10) + "x", "2020-06-17T20:21:57.123", ""}
	block := func(date string) string {
		return "******\r\nDate\t\t: " + date + "\r\nTime\t\t: 20:21:57\r\nType\t\t: Warning\r\nSource\t\t: acvpnagent\r\n\r\nDescription\t: a\r\n\r\n"
	}
	render := func(rec Record, err error) string {
		var pe *ParseError
		if errors.As(err, &pe) {
			return fmt.Sprintf("%v %q | %v %q", rec.Time, rec.Message, pe.Err, pe.Msg)
		}
		return fmt.Sprintf("%v %q | %v", rec.Time, rec.Message, err)
	}
	alone := map[string]string{}
	for _, d := range dates {
		r := NewEventLogReader(strings.NewReader(block(d)+"******\r\n"), &Options{Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
		alone[d] = render(r.Read())
	}
	for _, first := range dates {
		for _, second := range dates {
			seq := []string{first, second, first, second, second}
			var text strings.Builder
			for _, d := range seq {
				text.WriteString(block(d))
			}
			text.WriteString("******\r\n")
			r := NewEventLogReader(strings.NewReader(text.String()), &Options{Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
			for i, d := range seq {
				if got := render(r.Read()); got != alone[d] {
					t.Fatalf("dates %q, block %d: %s, alone %s", seq, i, got, alone[d])
				}
			}
		}
	}
}

// TestPeek peeks at inputs shorter and longer than the peek, from
// buffers larger and smaller than it, plain or lent by a BlockReader, and
// ending in an error or not: peek returns the whole lines of the first n
// bytes, and the lines read after it are those of the input, and the
// error after them.
func TestPeek(t *testing.T) {
	switches{}.set(t) // set back after the loop sets testBlockSize
	ioErr := errors.New("disk on fire")
	for _, size := range []int{0, 5, 99, 100, 101, 250} {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, "line %d\n", i)
		}
		in := b.String()[:size]
		for _, n := range []int{1, 30, 100, 1000} {
			want := in
			if len(in) >= n {
				want = in[:strings.LastIndexByte(in[:n], '\n')+1]
			}
			for _, block := range []int{16, 64, 4096} {
				for _, lent := range []bool{false, true} {
					for _, fail := range []bool{false, true} {
						name := fmt.Sprintf("size=%d/n=%d/block=%d/lent=%v/fail=%v", size, n, block, lent, fail)
						c := newConfig(&Options{File: "f", MaxLineLength: 100})
						testBlockSize = block
						var r io.Reader = strings.NewReader(in)
						if lent {
							c.reuse = 1
							r = newLender(t, []byte(in), false, 7, 40)
						}
						if fail {
							r = io.MultiReader(r, iotest.ErrReader(ioErr))
							if lent {
								r = &failingLender{newLender(t, []byte(in), false, 7, 40), ioErr}
							}
						}
						var count counts
						lr := newLineReader(r, c)
						lr.reuseAfter(c.reuse, &count, func() {})
						if got := lr.peek(n); got != want {
							t.Fatalf("%s: peek = %q, want %q", name, got, want)
						}
						var lines []string
						var err error
						for {
							var line string
							if line, err = lr.next(); err != nil {
								break
							}
							lines = append(lines, strings.Clone(line)) // its buffer may be given back
							count.queued++
							count.returned++
						}
						wantLines := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
						for i, l := range wantLines {
							wantLines[i] = trimRight(l) // as next returns them
						}
						if in == "" {
							wantLines = nil
						}
						if strings.Join(lines, "|") != strings.Join(wantLines, "|") {
							t.Fatalf("%s: lines %q, want %q", name, lines, wantLines)
						}
						if fail && !errors.Is(err, ioErr) || !fail && err != io.EOF {
							t.Fatalf("%s: error %v", name, err)
						}
					}
				}
			}
		}
	}
}

// A failingLender is a lender whose input ends in err.
type failingLender struct {
	*lender
	err error
}

func (f *failingLender) ReadBlock() ([]byte, error) {
	b, err := f.lender.ReadBlock()
	if err == io.EOF {
		err = f.err
	}
	return b, err
}

// TestRowSamples reads every CSV sample with row and line by line only,
// with the default limits and small ones, in blocks of several sizes,
// and requires the same results.
func TestRowSamples(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "eventcsv*.input"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, limits := range []Options{{}, {MaxLineLength: 60, MaxRecordSize: 150}} {
			limits.File, limits.Reference = "f", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			c := newConfig(&limits)
			for _, block := range []int{0, 64, 1000} {
				want := readAllWith(t, switches{block: block, lineByLine: true}, data, FormatEventCSV, c)
				got := readAllWith(t, switches{block: block}, data, FormatEventCSV, c)
				require.Equal(t, want, got, "%s, line limit %d, blocks of %d", filepath.Base(p), limits.MaxLineLength, block)
			}
		}
	}
}
