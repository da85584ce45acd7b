package redact

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// redactDamaged runs EVTX on in and checks what holds of any input: no
// panic, an error that says what it is, and output of the input's size
// unless the input is not an EVTX file at all.
func redactDamaged(t *testing.T, r *Redactor, in []byte) ([]byte, error) {
	t.Helper()
	var out bytes.Buffer
	err := EVTX(r, &out, bytes.NewReader(in), "AnyConnect.evtx")
	switch {
	case errors.Is(err, ErrNotEVTX):
		if out.Len() != 0 {
			t.Fatalf("%d bytes written for a file refused: %v", out.Len(), err)
		}
		return nil, err
	case err != nil && !errors.Is(err, ErrBlanked):
		t.Fatalf("error wraps neither ErrBlanked nor ErrNotEVTX: %v", err)
	case err != nil && !strings.HasPrefix(err.Error(), "AnyConnect.evtx: chunk "):
		t.Fatalf("error does not name the file and chunk: %v", err)
	}
	if out.Len() != len(in) {
		t.Fatalf("wrote %d bytes of %d", out.Len(), len(in))
	}
	return out.Bytes(), err
}

// records returns how many records the reader reads from b, and how many
// problems it reports.
func records(b []byte) (recs, errs int) {
	rd, err := evtx.NewReader(bytes.NewReader(b), int64(len(b)), nil)
	if err != nil {
		return 0, 1
	}
	for _, err := range rd.All() {
		if err != nil {
			errs++
		} else {
			recs++
		}
	}
	return recs, errs
}

func TestEVTXTruncated(t *testing.T) {
	in := evtxgen.Bytes(secretEvents(400))
	r := newEVTXRedactor(t)
	for _, n := range []int{0, 7, 100, 4095} {
		if _, err := redactDamaged(t, r, in[:n]); !errors.Is(err, ErrNotEVTX) {
			t.Errorf("cut at %d: %v, want ErrNotEVTX", n, err)
		}
	}
	if out, err := redactDamaged(t, r, in[:4096]); err != nil || !bytes.Equal(out, in[:4096]) {
		t.Errorf("header alone: %v", err)
	}
	if _, err := redactDamaged(t, r, in[:4096+65536]); err != nil {
		t.Errorf("cut after a chunk: %v", err)
	}
	for _, n := range []int{4096 + 300, 4096 + 65536 + 5000, 4096 + 65536 + 12345, 4096 + int(le.Uint32(in[4096+48:])) - 10} {
		out, err := redactDamaged(t, r, in[:n])
		if !errors.Is(err, ErrBlanked) {
			t.Errorf("cut at %d: %v, want ErrBlanked", n, err)
		}
		checkNoSecret(t, "cut", out)
		if recs, _ := records(out); n > 4096+65536 && recs == 0 {
			t.Errorf("cut at %d: no record left", n)
		}
	}
}

// TestEVTXDamaged redacts files whose chunks or records are damaged:
// what cannot be parsed is blanked, and no secret is left.
func TestEVTXDamaged(t *testing.T) {
	base := evtxgen.Bytes(secretEvents(400))
	chunk := func(b []byte, i int) []byte { return b[4096+i*65536:][:65536] }
	firstRecord := 512
	tests := []struct {
		name   string
		damage func(b []byte)
		lost   bool // records are lost
	}{
		{"no chunk signature", func(b []byte) { chunk(b, 1)[0] = 'X' }, true},
		{"record size huge", func(b []byte) { le.PutUint32(chunk(b, 0)[firstRecord+4:], 0x7fffffff) }, true},
		{"record signature", func(b []byte) { chunk(b, 0)[firstRecord] = 0 }, true},
		{"template offset outside", func(b []byte) { le.PutUint32(chunk(b, 0)[firstRecord+24+10:], 0x10) }, true},
		{"unknown token", func(b []byte) { chunk(b, 2)[firstRecord+24+4] = 0x3f }, true},
		{"free space offset garbage", func(b []byte) {
			c := chunk(b, 1)
			le.PutUint32(c[48:], 0xffffffff)
			evtxgen.SetChunkChecksums(c)
		}, false},
		{"records checksum", func(b []byte) { le.PutUint32(chunk(b, 0)[52:], 1) }, false},
		{"garbage past the free space", func(b []byte) {
			c := chunk(b, 0)
			free := le.Uint32(c[48:])
			copy(c[free:], utf16le("stale record of DESKTOP-ACME42 at 10.1.2.3"))
		}, false},
		{"unused slot with text", func(b []byte) { copy(b[len(b)-65536:], "jdoe.smith@acme-corp.com") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(base)
			if tt.name == "unused slot with text" {
				in = append(in, make([]byte, 65536)...)
			}
			tt.damage(in)
			wantRecs, _ := records(in)
			out, err := redactDamaged(t, newEVTXRedactor(t), in)
			if tt.lost != (err != nil) {
				t.Errorf("error %v", err)
			}
			checkNoSecret(t, "output", out)
			recs, _ := records(out)
			if tt.lost && recs == 0 || !tt.lost && recs != wantRecs {
				t.Errorf("%d records read from the output, %d from the input", recs, wantRecs)
			}
		})
	}
}

// TestEVTXFlipped flips bytes of a small file: whatever EVTX makes of it,
// it does not panic, keeps the size, and says what it blanked.
func TestEVTXFlipped(t *testing.T) {
	base := evtxgen.Bytes(secretEvents(40))
	rng := rand.New(rand.NewPCG(1, 2))
	r := newEVTXRedactor(t)
	for range 500 {
		in := bytes.Clone(base)
		for range 1 + rng.IntN(4) {
			in[4096+512+rng.IntN(12000)] ^= byte(1 + rng.IntN(255))
		}
		if out, _ := redactDamaged(t, r, in); out != nil {
			records(out)
		}
	}
}

// errReader fails after its first n bytes.
type errReader struct {
	r io.Reader
	n int
}

var errDisk = errors.New("disk on fire")

func (e *errReader) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, errDisk
	}
	p = p[:min(len(p), e.n)]
	n, err := e.r.Read(p)
	e.n -= n
	return n, err
}

func TestEVTXReadError(t *testing.T) {
	in := evtxgen.Bytes(secretEvents(400))
	for _, n := range []int{10, 4096 + 70000} {
		err := EVTX(newEVTXRedactor(t), io.Discard, &errReader{bytes.NewReader(in), n}, "x.evtx")
		if !errors.Is(err, errDisk) {
			t.Errorf("after %d bytes: %v", n, err)
		}
	}
}

func FuzzEVTX(f *testing.F) {
	small := evtxgen.Bytes(secretEvents(3))
	f.Add(cutEVTX(small))
	f.Add(cutEVTX(handmadeEVTX(evtxTestTime)))
	f.Add(small[:4096+600])
	r, err := New(&Options{Key: evtxKey})
	if err != nil {
		f.Fatal(err)
	}
	// Nothing learnt: each learnt value costs every string a regular
	// expression of its own, which would slow the fuzzing tenfold.
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzEVTX(t, r, in)
		// The reader reports a chunk cut short: made whole, the file
		// is one the reader may read without a problem.
		if n := len(in) - 4096; n > 0 && n%65536 != 0 {
			fuzzEVTX(t, r, append(in, make([]byte, 65536-n%65536)...))
		}
	})
}

// fuzzEVTX checks EVTX on in: no panic, the size kept, errors that say
// what they are, and every record of a file the reader reads without a
// problem still read.
func fuzzEVTX(t *testing.T, r *Redactor, in []byte) {
	var out bytes.Buffer
	err := EVTX(r, &out, bytes.NewReader(in), "f.evtx")
	if errors.Is(err, ErrNotEVTX) {
		if out.Len() != 0 {
			t.Fatalf("%d bytes written for a file refused", out.Len())
		}
		return
	}
	if err != nil && !errors.Is(err, ErrBlanked) {
		t.Fatalf("error wraps neither ErrBlanked nor ErrNotEVTX: %v", err)
	}
	if out.Len() != len(in) {
		t.Fatalf("wrote %d bytes of %d", out.Len(), len(in))
	}
	recs, errs := records(in)
	if errs > 0 {
		records(out.Bytes())
		return
	}
	if err != nil {
		t.Fatalf("a file the reader reads whole: %v", err)
	}
	if recs2, errs2 := records(out.Bytes()); recs2 != recs || errs2 > 0 {
		t.Fatalf("%d records, %d problems; the input had %d records", recs2, errs2, recs)
	}
}

// cutEVTX returns b, one chunk, cut after its records: the fuzzing engine
// then mutates records rather than zeros.
func cutEVTX(b []byte) []byte {
	c := b[4096:]
	return b[:4096+int(le.Uint32(c[48:]))]
}
