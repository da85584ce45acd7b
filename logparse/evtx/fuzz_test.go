package evtx_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// FuzzReader reads whole files: the header, chunks, records and their
// BinXML. The seeds are a whole generated file, the TechNote fixture, and
// the hostile cases of TestHostile cut after their first chunk's records:
// the fuzzing engine minimizes each input it finds new, which takes long
// on files of 64 KiB chunks that are mostly zeros, and mutations of a
// small file land in its records rather than in free space.
func FuzzReader(f *testing.F) {
	f.Add(evtxgen.Bytes(musEvents(3)))
	if b, err := os.ReadFile("testdata/technote.evtx"); err == nil {
		f.Add(cut(b))
	}
	f.Add(cut(evtxgen.Bytes(musEvents(3))))
	for _, h := range hostile() {
		f.Add(cut(h.file()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := evtx.NewReader(bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			if r != nil {
				t.Fatal("NewReader returned a Reader with its error")
			}
			if !errors.Is(err, logparse.ErrMalformed) && !errors.Is(err, logparse.ErrTruncated) {
				t.Fatalf("NewReader: %v wraps no logparse error", err)
			}
			return
		}
		results := 0
		for rec, err := range r.All() {
			results++
			if results > len(data)+16 {
				t.Fatalf("more than %d results from %d bytes", results, len(data))
			}
			if err == nil && rec.Pos.Line == 0 {
				t.Fatal("a record without its record identifier")
			}
			if err != nil {
				var pe *logparse.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("not a *logparse.ParseError: %v", err)
				}
				var ee *evtx.Error
				if !errors.As(err, &ee) || ee.Offset < 0 || ee.Offset > int64(len(data)) {
					t.Fatalf("error without its place in the file: %v", err)
				}
				if !errors.Is(err, logparse.ErrMalformed) && !errors.Is(err, logparse.ErrTruncated) && !errors.Is(err, logparse.ErrTooLarge) {
					t.Fatalf("%v wraps no logparse error", err)
				}
			}
		}
	})
}

// FuzzBinXML reads records whose BinXML is the input, in a chunk with valid
// checksums after two good records, so that every mutation reaches the
// BinXML reader. The record lands at a fixed offset: names and templates
// the input points at are those of the good records, or its own.
func FuzzBinXML(f *testing.F) {
	base := evtxgen.Bytes(musEvents(2))
	c := chunkAt(base, 0)
	second := recordOffset(c, 1)
	f.Add(bytes.Clone(c[second+24 : second+int(le.Uint32(c[second+4:]))-4]))
	at := int(le.Uint32(c[48:])) + 24
	for _, h := range hostile() {
		b := h.file()
		if len(b) != len(base) {
			continue
		}
		// The third record of the one-chunk cases is their own.
		c := chunkAt(b, 0)
		if le.Uint64(c[16:]) == 3 {
			off := recordOffset(c, 2)
			f.Add(bytes.Clone(c[off+24 : off+int(le.Uint32(c[off+4:]))-4]))
		}
	}
	f.Fuzz(func(t *testing.T, x []byte) {
		b := appendRecord(bytes.Clone(base), func(got, _, _ int) []byte {
			if got != at {
				t.Fatalf("record at %#x, want %#x", got, at)
			}
			return x
		})
		r, err := evtx.NewReader(bytes.NewReader(b), int64(len(b)), nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rec, err := range r.All() {
			if n++; n > 4 {
				t.Fatalf("%d results from three records", n)
			}
			if n <= 2 && (err != nil || rec.Source == "") {
				t.Fatalf("good record %d: %v", n, err)
			}
			if err != nil {
				if !errors.Is(err, logparse.ErrMalformed) && !errors.Is(err, logparse.ErrTruncated) && !errors.Is(err, logparse.ErrTooLarge) {
					t.Fatalf("%v wraps no logparse error", err)
				}
			}
		}
	})
}

// cut returns b up to the end of the records of its first chunk, or b when
// that chunk has no plausible free space offset.
func cut(b []byte) []byte {
	const start = 4096
	if len(b) < start+512 {
		return b
	}
	free := int(binary.LittleEndian.Uint32(b[start+48:]))
	if free < 512 || start+free > len(b) {
		return b
	}
	return b[:start+free]
}
