package evtx_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// FuzzReader reads whole files: the header, chunks, records and their
// BinXML. Seeds are generated files, whole and cut after their first
// records, so that mutations land in the records rather than in the
// zeros of free space.
func FuzzReader(f *testing.F) {
	for _, n := range []int{1, 3} {
		b := evtxgen.Bytes(musEvents(n))
		f.Add(b)
		if end := 4096 + 512 + 1200*n; end < len(b) {
			f.Add(b[:end])
		}
	}
	for _, h := range hostile() {
		f.Add(h.file())
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
