package dart

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/dartkit/dartkit/internal/hostile"
)

// utf16Units returns s as UTF-16 units, little-endian unless big, with
// the units of faults spliced in where s holds "<hi>" (a lone high
// surrogate) or "<lo>" (a lone low one).
func utf16Units(s string, big bool) []byte {
	var out []byte
	put := func(u uint16) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	for s != "" {
		switch {
		case strings.HasPrefix(s, "<hi>"):
			put(0xD83D)
			s = s[4:]
		case strings.HasPrefix(s, "<lo>"):
			put(0xDE00)
			s = s[4:]
		default:
			r, size := utf8.DecodeRuneInString(s)
			for _, u := range utf16.Encode([]rune{r}) {
				put(u)
			}
			s = s[size:]
		}
	}
	return out
}

// Faults of the encoding are reported once the file was read, with the
// file, the line of the first and their count, and the text is decoded as
// before, each fault read as U+FFFD.
func TestEncodingFaults(t *testing.T) {
	bomLE, bomBE := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	long := strings.Repeat("Date : 06/17/2021 10:00:00 acvpnagent valid text\r\n", 100) // past the head
	tests := []struct {
		name string
		data []byte
		want *EncodingError // nil: no fault
	}{
		{"utf-16le valid, with a pair", slices.Concat(bomLE, utf16Units("one\r\ntwo \U0001F600\r\nthree\r\n", false)), nil},
		{"utf-16le lone high surrogate", slices.Concat(bomLE, utf16Units("one\r\ntwo\r\nx<hi>y\r\n", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2 + 2*11, Line: 3, Count: 1}},
		{"utf-16le lone low surrogate", slices.Concat(bomLE, utf16Units("one\r\n<lo>two\r\n", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2 + 2*5, Line: 2, Count: 1}},
		{"utf-16le high surrogate at the end", slices.Concat(bomLE, utf16Units("one\r\ntwo<hi>", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2 + 2*8, Line: 2, Count: 1}},
		{"utf-16le two highs, then a pair", slices.Concat(bomLE, utf16Units("<hi><hi>\U0001F600\n<lo>", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2, Line: 1, Count: 3}},
		{"utf-16le two low surrogates, read as one U+FFFD", slices.Concat(bomLE, utf16Units("a<lo><lo>b\n", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 4, Line: 1, Count: 1}},
		{"utf-16le odd byte at the end", append(slices.Concat(bomLE, utf16Units("one\r\ntwo\r\n", false)), 'X'),
			&EncodingError{Encoding: "utf-16le", What: "odd byte at the end", Offset: 2 + 2*10, Line: 3, Count: 1}},
		{"utf-16be lone high surrogate", slices.Concat(bomBE, utf16Units("one\n<hi>\n", true)),
			&EncodingError{Encoding: "utf-16be", What: "lone surrogate", Offset: 2 + 2*4, Line: 2, Count: 1}},
		{"utf-16le without a mark", utf16Units(strings.Repeat("line\r\n", 10)+"three <lo>\r\n", false),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2 * 66, Line: 11, Count: 1}},
		{"utf-16le, read ahead", slices.Concat(bomLE, utf16Units(strings.Repeat("line of text\r\n", 80000)+"<hi>x\r\n", false)),
			&EncodingError{Encoding: "utf-16le", What: "lone surrogate", Offset: 2 + 2*14*80000, Line: 80001, Count: 1}},
		{"utf-8 valid", []byte("one\ntwo ü\n"), nil},
		{"utf-8 with a mark, invalid byte", []byte("\xEF\xBB\xBFone\ntw\xFFo\n"),
			&EncodingError{Encoding: "utf-8", What: "invalid byte", Offset: 9, Line: 2, Count: 1}},
		{"utf-8, invalid byte past the head", []byte(long + "caf\xE9\n" + long),
			&EncodingError{Encoding: "utf-8", What: "invalid byte", Offset: int64(len(long)) + 3, Line: 101, Count: 1}},
		// A byte that starts no rune, a rune cut by the next one, a true
		// U+FFFD, and a rune the file ends in the middle of: one each but
		// for the third, as x/text reads them.
		{"utf-8, several faults", []byte(long + "a\xFFb\n\xC3(\uFFFD\n" + long + "\xE2\x82"),
			&EncodingError{Encoding: "utf-8", What: "invalid byte", Offset: int64(len(long)) + 1, Line: 101, Count: 3}},
		{"utf-8, faults past the head", []byte(long + "\xFF" + long + strings.Repeat("\xC3(", 1000)),
			&EncodingError{Encoding: "utf-8", What: "invalid byte", Offset: int64(len(long)), Line: 101, Count: 1001}},
		{"windows-1252", []byte("caf\xE9\n" + long), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := hostile.Zip(hostile.Entry{Name: "log.txt", Data: tt.data})
			b, err := NewReader(context.Background(), bytes.NewReader(z), int64(len(z)), "enc.zip", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			got, errs := walkAll(t, b)
			if errs["log.txt"] != nil {
				t.Fatalf("read: %v", errs["log.txt"])
			}
			enc := b.Files()[0].Encoding
			want, _ := io.ReadAll(decodeAs(bytes.NewReader(tt.data), enc))
			if enc == EncodingUTF16LE || enc == EncodingUTF16BE {
				want, _ = io.ReadAll(refUTF16(bytes.NewReader(tt.data), enc == EncodingUTF16BE))
			}
			if got["log.txt"] != string(want) {
				t.Errorf("decoded %q, want %q", got["log.txt"], want)
			}
			var faults []*EncodingError
			for _, p := range b.Problems() {
				var ee *EncodingError
				if !errors.As(p, &ee) || !errors.Is(p, ErrEncoding) {
					t.Errorf("problem %v", p)
					continue
				}
				faults = append(faults, ee)
			}
			if tt.want == nil {
				if len(faults) > 0 {
					t.Errorf("faults %v, want none", faults)
				}
				return
			}
			w := *tt.want
			w.File = "log.txt"
			if len(faults) != 1 || *faults[0] != w {
				t.Errorf("faults %+v, want %+v", faults, w)
			}
		})
	}
}

func TestEncodingErrorText(t *testing.T) {
	for _, tt := range []struct {
		err  EncodingError
		want string
	}{
		{EncodingError{File: "a.txt", Encoding: "utf-16le", What: "lone surrogate", Offset: 24, Line: 3, Count: 2},
			"a.txt:3: invalid utf-16le: lone surrogate at byte 24 (2 in all), read as U+FFFD"},
		{EncodingError{File: "a.txt", Encoding: "utf-16le", What: "odd byte at the end", Offset: 9, Line: 1, Count: 1},
			"a.txt:1: invalid utf-16le: odd byte at the end at byte 9, read as U+FFFD"},
		{EncodingError{File: "b.log", Encoding: "utf-8", What: "invalid byte", Offset: 4096, Count: 1},
			"b.log: invalid utf-8: invalid byte at byte 4096, read as U+FFFD"},
		{EncodingError{File: "b.log", Encoding: "utf-8", What: "invalid byte", Offset: 4096, Line: 70, Count: 3},
			"b.log:70: invalid utf-8: invalid byte at byte 4096 (3 in all), read as U+FFFD"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// refUTF16 returns a reader of UTF-16 text as dart read it before
// utf16Reader: through a refChecker, which counted the faults, into the
// x/text decoder. utf16Reader must give the same text and faults.
func refUTF16(r io.Reader, big bool) *refReader {
	c := &refChecker{r: r, big: big}
	order := unicode.LittleEndian
	if big {
		order = unicode.BigEndian
	}
	t := unicode.BOMOverride(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder())
	return &refReader{Reader: transform.NewReader(c, t), c: c}
}

type refReader struct {
	io.Reader
	c *refChecker
}

// A refChecker passes UTF-16 text through unchanged and notes where it is
// not valid, as the x/text decoder after it reads it: a surrogate that is
// not the first of a pair, with the low surrogate after it if there is
// one, and an odd byte at the end are each read as one U+FFFD. It counts
// lines as it goes, so that the first fault has one.
type refChecker struct {
	r   io.Reader
	big bool // big-endian

	off  int64 // bytes passed on
	line int   // newlines passed on
	// A unit cut by the end of the last read: its first byte.
	cut     bool
	cutByte byte
	// The last unit was a surrogate, a high one if high, which the unit
	// after it may pair with; and where it was.
	lead     bool
	high     bool
	leadOff  int64
	leadLine int
	ended    bool // the input ended, and what it left pending was counted

	fault EncodingError // What is "" while there is none
}

func (c *refChecker) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.check(p[:n])
	if err != nil && !c.ended {
		c.ended = true
		if c.lead {
			c.note("lone surrogate", c.leadOff, c.leadLine)
		}
		if c.cut {
			c.note("odd byte at the end", c.off-1, c.line)
		}
	}
	return n, err
}

func (c *refChecker) check(b []byte) {
	i := 0
	if c.cut && len(b) > 0 {
		c.cut = false
		c.unit(c.join(c.cutByte, b[0]), c.off-1)
		i = 1
	}
	for ; i+1 < len(b); i += 2 {
		c.unit(c.join(b[i], b[i+1]), c.off+int64(i))
	}
	if i < len(b) {
		c.cut, c.cutByte = true, b[i]
	}
	c.off += int64(len(b))
}

func (c *refChecker) join(b0, b1 byte) uint16 {
	if c.big {
		return uint16(b0)<<8 | uint16(b1)
	}
	return uint16(b1)<<8 | uint16(b0)
}

func (c *refChecker) unit(u uint16, off int64) {
	low := 0xDC00 <= u && u <= 0xDFFF
	if c.lead {
		c.lead = false
		switch {
		case low && c.high:
			return // a pair
		case low:
			// x/text reads a low surrogate after a low one with it, as
			// one U+FFFD.
			c.note("lone surrogate", c.leadOff, c.leadLine)
			return
		}
		c.note("lone surrogate", c.leadOff, c.leadLine)
	}
	switch {
	case u == '\n':
		c.line++
	case 0xD800 <= u && u <= 0xDFFF:
		c.lead, c.high, c.leadOff, c.leadLine = true, !low, off, c.line
	}
}

func (c *refChecker) note(what string, off int64, newlines int) {
	if c.fault.Count == 0 {
		c.fault.What, c.fault.Offset, c.fault.Line = what, off, newlines+1
	}
	c.fault.Count++
}

func (c *refChecker) err(file, encoding string) error {
	if c.fault.Count == 0 {
		return nil
	}
	e := c.fault
	e.File, e.Encoding = file, encoding
	return &e
}

var errCut = errors.New("input cut")

// An errAtEnd reader yields r, and then err in place of io.EOF.
type errAtEnd struct {
	r   io.Reader
	err error
}

func (e errAtEnd) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		err = e.err
	}
	return n, err
}

// utf16Case reads data, UTF-16 of the order the name big gives unless a
// byte-order mark says otherwise, through utf16Reader and through the
// reference, whose input comes in reads of the sizes sizes gives in turn
// and ends in io.EOF or else cutErr; utf16Reader is read through buffers
// of bufSize bytes. It fails t unless both give the same text, error and
// faults, and returns the text and faults.
func utf16Case(t *testing.T, data []byte, big bool, sizes []int, bufSize int, cutErr error) ([]byte, error) {
	t.Helper()
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		big = true
	} else if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		big = false
	}
	src := func() io.Reader {
		var r io.Reader = &sizedReader{r: bytes.NewReader(data), sizes: sizes}
		if cutErr != nil {
			r = errAtEnd{r, cutErr}
		}
		return r
	}
	ref := refUTF16(src(), big)
	want, wantErr := smallReads(ref, 4096)
	d := newUTF16Reader(src(), big)
	got, err := smallReads(d, bufSize)
	if err != wantErr || !bytes.Equal(got, want) {
		t.Fatalf("%q by reads of %v into %d: read\n%q, %v; want\n%q, %v", data, sizes, bufSize, got, err, want, wantErr)
	}
	enc := EncodingUTF16LE
	if big {
		enc = EncodingUTF16BE
	}
	faults, wantFaults := d.err("f", enc), ref.c.err("f", enc)
	if errString(faults) != errString(wantFaults) {
		t.Fatalf("%q by reads of %v into %d: %v, want %v", data, sizes, bufSize, faults, wantFaults)
	}
	return got, faults
}

// FuzzUTF16Transcode requires utf16Reader to give the text and the faults
// that the x/text decoder and the checker before it gave, however the
// input is cut into reads and however small the buffers it is read into,
// whether the input ends or fails; and to count as many faults as the
// x/text decoder writes U+FFFD for them.
func FuzzUTF16Transcode(f *testing.F) {
	f.Add(utf16Units("one\r\n<hi>two\U0001F600<lo>\r\n", false), false, 1, 3, 5, false)
	f.Add(append(utf16Units("x<hi>", true), 'X'), true, 2, 5, 7, true)
	f.Add(hostile.BrokenUTF16(0, 1, "Date : 06/17/2021", "Time : 10:00:00"), false, 7, 1, 100, false)
	f.Add(slices.Concat([]byte{0xFF, 0xFE}, utf16Units(strings.Repeat("Date : 06/17/2021 ü€\U0001F600\r\n", 8)+"<lo><lo><hi>", false)), false, 40, 17, 33, false)
	f.Add(utf16Units(strings.Repeat("ASCII text in runs of sixteen bytes, then: \u0416\r\n", 6), true), true, 64, 3, 64, true)
	f.Fuzz(func(t *testing.T, data []byte, big bool, s1, s2, bufSize int, cut bool) {
		// DetectEncoding calls text with a UTF-8 mark UTF-8: it never comes
		// to utf16Reader.
		for bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
			data = data[3:]
		}
		var cutErr error
		if cut {
			cutErr = errCut
		}
		sizes := []int{1 + abs(s1)%300, 1 + abs(s2)%300}
		out, faults := utf16Case(t, data, big, sizes, 1+abs(bufSize)%1000, cutErr)
		whole, wholeFaults := utf16Case(t, data, big, []int{len(data) + 1}, 3*len(data)+minRead, cutErr)
		if !bytes.Equal(out, whole) || errString(faults) != errString(wholeFaults) {
			t.Fatalf("%q: by reads %q, %v; whole %q, %v", data, out, faults, whole, wholeFaults)
		}
		if cut {
			return // what the input left incomplete is counted, not written
		}
		genuine := 0
		for i := 0; i+1 < len(data); i += 2 {
			if u := uint16(data[i])<<8 | uint16(data[i+1]); big && u == 0xFFFD || !big && u == 0xFDFF {
				genuine++
			}
		}
		var ee *EncodingError
		count := 0
		if errors.As(faults, &ee) {
			count = ee.Count
		}
		if want := strings.Count(string(out), "\uFFFD") - genuine; count != want {
			t.Fatalf("%q: %d faults, x/text read %d as U+FFFD (%v)", data, count, want, faults)
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestUTF16ReaderAgreesWithXText checks utf16Reader against the reference
// on text made of pieces that meet the fast path and every fault, in both
// byte orders, with and without a byte-order mark, cut into reads of many
// sizes, read into buffers of many sizes, ended by io.EOF or an error.
func TestUTF16ReaderAgreesWithXText(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{
		"Date : 06/17/2021 10:00:00\r\n", "a", "\n", "é", "€", "\U0001F600", "\u0416\u0438", "<hi>", "<lo>", "\uFFFD", "\x7F\u0080",
	}
	for range 2000 {
		big := rng.IntN(2) == 0
		var s string
		for range rng.IntN(40) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(3) > 0 {
				p = pieces[rng.IntN(2)] // mostly ASCII
			}
			s += p
		}
		data := utf16Units(s, big)
		switch rng.IntN(4) {
		case 0:
			data = append(utf16Units("\uFEFF", big), data...)
		case 1:
			data = append(data, 'X')
		}
		var cutErr error
		if rng.IntN(4) == 0 {
			cutErr = errCut
		}
		sizes := []int{1 + rng.IntN(40), 1 + rng.IntN(200)}
		for _, bufSize := range []int{1, 2, 5, minRead - 1, minRead, minRead + 1, 37, 64, 4096} {
			utf16Case(t, data, big, sizes, bufSize, cutErr)
		}
	}
}

// Text whose UTF-8 is as long as it can be, 3 bytes for every 2 of
// UTF-16, read into buffers of every size and with the carried bytes of
// every kind, writes no output over input not yet read (see the invariant
// of utf16Reader).
func TestUTF16ReaderLongestOutput(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("€", 100),
		strings.Repeat("<hi>", 100),
		strings.Repeat("€<hi>", 50) + "😀",
		"a" + strings.Repeat("�", 99) + "<hi>",
	} {
		for _, big := range []bool{false, true} {
			data := utf16Units(s, big)
			for _, tail := range [][]byte{nil, {'X'}} {
				in := append(slices.Clip(data), tail...)
				for bufSize := 1; bufSize <= 3*minRead; bufSize++ {
					for _, size := range []int{1, 3, 4, 7, len(in)} {
						utf16Case(t, in, big, []int{size}, bufSize, nil)
						utf16Case(t, in, big, []int{size}, bufSize, errCut)
					}
				}
			}
		}
	}
}

// utf16Reader passes on a reader's errors, and counts what the input left
// pending when it ends.
func TestUTF16ReaderOneByte(t *testing.T) {
	data := slices.Concat([]byte{0xFF, 0xFE}, utf16Units("a\n<hi>\nb<lo>", false))
	d := newUTF16Reader(iotest.OneByteReader(bytes.NewReader(data)), false)
	out, err := io.ReadAll(d)
	if want := "a\n\uFFFD\nb\uFFFD"; err != nil || string(out) != want {
		t.Fatalf("read %q, %v; want %q", out, err, want)
	}
	want := "f:2: invalid utf-16le: lone surrogate at byte 6 (2 in all), read as U+FFFD"
	if got := errString(d.err("f", "utf-16le")); got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
	// Reads after the end return its error.
	if n, err := d.Read(make([]byte, 64)); n != 0 || err != io.EOF {
		t.Errorf("read after the end: %d, %v", n, err)
	}
}

// Text read without a fault needs no allocation: utf16Reader writes into
// the caller's buffer.
func TestUTF16ReaderAllocs(t *testing.T) {
	data := utf16LE(strings.Repeat("Date : 06/17/2021 10:00:00 \u0416 \U0001F600\r\n", 1000), true)
	src := bytes.NewReader(data)
	d := newUTF16Reader(src, false)
	buf := make([]byte, 4096)
	allocs := testing.AllocsPerRun(10, func() {
		src.Reset(data)
		*d = utf16Reader{r: src}
		for {
			if _, err := d.Read(buf); err != nil {
				break
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per read of a file", allocs)
	}
}

// BenchmarkDecodeUTF16 measures decoding UTF-16LE log text, as Windows
// tools write it, mostly ASCII, read into buffers of the read-ahead's size.
func BenchmarkDecodeUTF16(b *testing.B) {
	for _, bc := range []struct {
		name string
		text string
	}{
		{"ascii", "Function: CDNSRequest::OnSocketReadComplete\r\nTimeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)\r\n"},
		{"cyrillic", "Функция: CDNSRequest::OnSocketReadComplete\r\nИстекло время ожидания при разрешении запроса [A] mus.cisco.com через DNS-сервер 10.88.240.69\r\n"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := utf16LE(strings.Repeat(bc.text, 4000), true)
			buf := make([]byte, aheadBufSize)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := io.CopyBuffer(io.Discard, decodeAs(bytes.NewReader(text), EncodingUTF16LE), buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeSmallUTF16 measures what a small UTF-16 file costs to
// decode, the allocations above all: a bundle may hold thousands.
func BenchmarkDecodeSmallUTF16(b *testing.B) {
	text := utf16LE(strings.Repeat("Date : 06/17/2021 10:00:00 acvpnagent\r\n", 12), true)
	buf := make([]byte, 4096)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r, faults := decodeChecked(bytes.NewReader(text), EncodingUTF16LE, "f")
		if _, err := io.CopyBuffer(io.Discard, r, buf); err != nil || faults() != nil {
			b.Fatal(err, faults())
		}
	}
}
