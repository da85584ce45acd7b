package dart

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// smallReads reads r to the end through buffers of n bytes.
func smallReads(r io.Reader, n int) ([]byte, error) {
	var out []byte
	buf := make([]byte, n)
	for {
		m, err := r.Read(buf)
		out = append(out, buf[:m]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// TestUTF8ReaderAgreesWithXText checks the pass-through reader against the
// x/text decoder it replaces, on valid and invalid UTF-8, with and without
// a byte-order mark, read in every chunking.
func TestUTF8ReaderAgreesWithXText(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := [][]byte{
		[]byte("a"), []byte("log line\r\n"), []byte("é"), []byte("€"), []byte("𝄞"),
		{0xEF, 0xBB, 0xBF}, {0xFF}, {0xC3}, {0xE2, 0x82}, {0xF0, 0x9D, 0x84}, {0x80}, {0xED, 0xA0, 0x80},
	}
	inputs := [][]byte{nil, {0xEF}, {0xEF, 0xBB}, {0xEF, 0xBB, 0xBF}, []byte("plain"), {0xEF, 0xBB, 0xBF, 'x'}}
	for range 3000 {
		var b []byte
		for range rng.IntN(30) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(3) > 0 {
				p = pieces[rng.IntN(3)] // mostly valid text
			}
			b = append(b, p...)
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		want, err := io.ReadAll(unicode.UTF8BOM.NewDecoder().Reader(bytes.NewReader(in)))
		if err != nil {
			t.Fatal(err)
		}
		readers := map[string]func() io.Reader{
			"whole":   func() io.Reader { return bytes.NewReader(in) },
			"onebyte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(in)) },
			"half":    func() io.Reader { return iotest.HalfReader(bytes.NewReader(in)) },
			"dataerr": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(in)) },
		}
		faults := utf8Faults(in, want)
		for name, mk := range readers {
			for _, size := range []int{1, 3, 7, 8, 9, 64, 4096} {
				u := newUTF8Reader(mk())
				got, err := smallReads(u, size)
				if err != nil {
					t.Fatalf("%q %s/%d: %v", in, name, size, err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%q %s/%d:\n got %q\nwant %q", in, name, size, got, want)
				}
				count := 0
				if ee, ok := u.err("f").(*EncodingError); ok {
					count = ee.Count
				}
				if count != faults {
					t.Fatalf("%q %s/%d: %d faults counted, x/text read %d", in, name, size, count, faults)
				}
			}
		}
	}
}

// utf8Faults returns how many U+FFFD the x/text decoder wrote for faults
// when it read in as out: those of out less those in already.
func utf8Faults(in, out []byte) int {
	genuine := 0
	for i := 0; i < len(in); {
		r, size := utf8.DecodeRune(in[i:])
		if r == utf8.RuneError && size == 3 {
			genuine++
		}
		i += size
	}
	return bytes.Count(out, []byte("\uFFFD")) - genuine
}

// FuzzUTF8Reader requires the reader to give what the x/text decoder
// gives, however the input is cut into reads, and to count as many faults
// as the decoder writes U+FFFD for them.
func FuzzUTF8Reader(f *testing.F) {
	f.Add([]byte("a\xFFb\n\xC3(\uFFFD\n\xE2\x82"), 1, 3)
	f.Add([]byte("\xEF\xBB\xBFone\ntw\xFFo\n"), 4, 9)
	f.Add([]byte("\xF0\x9D\x84\x9E\xF0\x9D\x84"), 2, 7)
	f.Fuzz(func(t *testing.T, in []byte, s1, s2 int) {
		want, err := io.ReadAll(unicode.UTF8BOM.NewDecoder().Reader(bytes.NewReader(in)))
		if err != nil {
			t.Fatal(err)
		}
		u := newUTF8Reader(&sizedReader{r: bytes.NewReader(in), sizes: []int{1 + abs(s1)%64, 1 + abs(s2)%64}})
		got, err := smallReads(u, 1+abs(s1+s2)%100)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read %q, %v; want %q", got, err, want)
		}
		count := 0
		if ee, ok := u.err("f").(*EncodingError); ok {
			count = ee.Count
		}
		if faults := utf8Faults(in, want); count != faults {
			t.Fatalf("%d faults counted, x/text read %d", count, faults)
		}
	})
}

// A sizedReader returns reads of the given sizes in turn.
type sizedReader struct {
	r     io.Reader
	sizes []int
	i     int
}

func (s *sizedReader) Read(p []byte) (int, error) {
	n := s.sizes[s.i%len(s.sizes)]
	s.i++
	return s.r.Read(p[:min(n, len(p))])
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// BenchmarkDecodeUTF8 measures decoding valid UTF-8 log text, the bulk of
// a bundle.
func BenchmarkDecodeUTF8(b *testing.B) {
	text := bytes.Repeat([]byte("Function: CDNSRequest::OnSocketReadComplete\r\nTimeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms) é\r\n"), 4000)
	buf := make([]byte, 64<<10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := io.CopyBuffer(io.Discard, decodeAs(bytes.NewReader(text), EncodingUTF8), buf); err != nil {
			b.Fatal(err)
		}
	}
}
