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
