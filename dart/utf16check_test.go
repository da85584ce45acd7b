package dart

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

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
			want, _ := io.ReadAll(decodeAs(bytes.NewReader(tt.data), b.Files()[0].Encoding))
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

// checkUTF16 reads data through a checker, by reads of the given sizes in
// turn (one read of all when none), and returns what it passed on and its
// faults.
func checkUTF16(data []byte, big bool, sizes ...int) ([]byte, error) {
	c := newUTF16Checker(bytes.NewReader(data), big)
	var out []byte
	for i := 0; ; i++ {
		size := len(data) + 1
		if len(sizes) > 0 {
			size = max(1, sizes[i%len(sizes)])
		}
		buf := make([]byte, size)
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, c.err("f", "utf-16")
		}
	}
}

// FuzzUTF16Checker requires the checker to pass its input on unchanged, to
// find the same faults however the input is cut into reads, and to count
// as many as the x/text decoder writes U+FFFD for faults.
func FuzzUTF16Checker(f *testing.F) {
	f.Add(utf16Units("one\r\n<hi>two\U0001F600<lo>\r\n", false), false, 1, 3)
	f.Add(append(utf16Units("x<hi>", true), 'X'), true, 2, 5)
	f.Add(hostile.BrokenUTF16(0, 1, "Date : 06/17/2021", "Time : 10:00:00"), false, 7, 1)
	f.Fuzz(func(t *testing.T, data []byte, big bool, s1, s2 int) {
		whole, err := checkUTF16(data, big)
		if !bytes.Equal(whole, data) {
			t.Fatalf("passed on %q, want %q", whole, data)
		}
		cut, cutErr := checkUTF16(data, big, s1%64, s2%64)
		if !bytes.Equal(cut, data) || errString(cutErr) != errString(err) {
			t.Fatalf("by reads of %d and %d: %v, want %v", s1%64, s2%64, cutErr, err)
		}
		order := unicode.LittleEndian
		if big {
			order = unicode.BigEndian
		}
		out, _ := io.ReadAll(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Reader(bytes.NewReader(data)))
		genuine := 0
		for i := 0; i+1 < len(data); i += 2 {
			if u := uint16(data[i])<<8 | uint16(data[i+1]); big && u == 0xFFFD || !big && u == 0xFDFF {
				genuine++
			}
		}
		var ee *EncodingError
		count := 0
		if errors.As(err, &ee) {
			count = ee.Count
		}
		if want := strings.Count(string(out), "\uFFFD") - genuine; count != want {
			t.Fatalf("%d faults, x/text read %d as U+FFFD (%v)", count, want, err)
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// The checker passes on a reader's errors, and counts what the input left
// pending when it ends.
func TestUTF16CheckerOneByte(t *testing.T) {
	data := slices.Concat([]byte{0xFF, 0xFE}, utf16Units("a\n<hi>\nb<lo>", false))
	c := newUTF16Checker(iotest.OneByteReader(bytes.NewReader(data)), false)
	out, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(out, data) {
		t.Fatalf("read %q, %v", out, err)
	}
	want := "f:2: invalid utf-16le: lone surrogate at byte 6 (2 in all), read as U+FFFD"
	if got := errString(c.err("f", "utf-16le")); got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
}
