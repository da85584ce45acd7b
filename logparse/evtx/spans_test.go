package evtx_test

import (
	"errors"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = le.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// TestSpans walks the records of a generated file: the spans are the
// events' strings, the template's static text once per chunk, and nothing
// else.
func TestSpans(t *testing.T) {
	events := musEvents(300)
	b := evtxgen.Bytes(events)
	var w evtx.SpanWalker
	var spans []evtx.Span
	n := 0
	for ci := 0; evtx.FileHeaderSize+ci*evtx.ChunkSize < len(b); ci++ {
		c := b[evtx.FileHeaderSize+ci*evtx.ChunkSize:][:evtx.ChunkSize]
		if !evtx.IsChunk(c) || evtx.ChunkHeaderChecksum(c) != le.Uint32(c[124:]) {
			t.Fatalf("chunk %d: header", ci)
		}
		w.Reset()
		end := int(le.Uint32(c[48:]))
		for off := evtx.ChunkHeaderSize; off < end; {
			size, id, ok := evtx.RecordFrame(c[:end], off)
			if !ok || int(id) != n+1 {
				t.Fatalf("chunk %d at %#x: record %d, %v", ci, off, id, ok)
			}
			var stop int
			var err error
			spans, stop, err = w.AppendSpans(spans[:0], c, off+evtx.RecordHeaderSize, off+size-4)
			if err != nil || c[stop-1] != 0 {
				t.Fatalf("record %d: %v, ends at %#x", id, err, stop)
			}
			var got []string
			for _, s := range spans {
				if s.Kind != evtx.SpanUTF16 {
					t.Fatalf("record %d: span of kind %d", id, s.Kind)
				}
				got = append(got, decodeUTF16(c[s.Off:s.Off+s.Len]))
			}
			e := events[n]
			want := []string{e.Provider, e.Channel, e.Computer, e.Data}
			if off == evtx.ChunkHeaderSize {
				want = append([]string{"http://schemas.microsoft.com/win/2004/08/events/event"}, want...)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("record %d: spans %q, want %q", id, got, want)
			}
			off += size
			n++
		}
	}
	if n != len(events) {
		t.Fatalf("%d records of %d", n, len(events))
	}
}

func TestSpansDamaged(t *testing.T) {
	b := evtxgen.Bytes(musEvents(3))
	c := b[evtx.FileHeaderSize:][:evtx.ChunkSize]
	size, _, _ := evtx.RecordFrame(c, evtx.ChunkHeaderSize)
	body := evtx.ChunkHeaderSize + evtx.RecordHeaderSize
	var w evtx.SpanWalker
	for _, tt := range []struct {
		name string
		end  int
		want error
	}{
		{"cut", body + 100, logparse.ErrTruncated},
		{"outside", evtx.ChunkSize + 1, logparse.ErrMalformed},
	} {
		w.Reset()
		if _, _, err := w.AppendSpans(nil, c, body, tt.end); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	c[body+4] = 0x3f // an unknown token where the template instance was
	w.Reset()
	if _, _, err := w.AppendSpans(nil, c, body, evtx.ChunkHeaderSize+size-4); !errors.Is(err, logparse.ErrMalformed) {
		t.Errorf("unknown token: %v", err)
	}
	if got := evtx.NextRecord(c[:le.Uint32(c[48:])], evtx.ChunkHeaderSize+1); got != evtx.ChunkHeaderSize+size {
		t.Errorf("NextRecord: %#x, want %#x", got, evtx.ChunkHeaderSize+size)
	}
}

// TestSpansDefinitionAgain walks a record that fails after its template
// definition: the next record that uses the definition has its static
// text among its spans.
func TestSpansDefinitionAgain(t *testing.T) {
	b := evtxgen.Bytes(musEvents(3))
	c := b[evtx.FileHeaderSize:][:evtx.ChunkSize]
	size, _, _ := evtx.RecordFrame(c, evtx.ChunkHeaderSize)
	body := evtx.ChunkHeaderSize + evtx.RecordHeaderSize
	def := body + 4 + 10
	values := def + 24 + int(le.Uint32(c[def+20:]))
	var w evtx.SpanWalker
	spans, _, err := w.AppendSpans(nil, c, body, values+2)
	if err == nil || len(spans) != 1 {
		t.Fatalf("cut record: %d spans, %v", len(spans), err)
	}
	next := evtx.ChunkHeaderSize + size
	size2, _, _ := evtx.RecordFrame(c, next)
	spans, _, err = w.AppendSpans(nil, c, next+evtx.RecordHeaderSize, next+size2-4)
	if err != nil || len(spans) != 5 || decodeUTF16(c[spans[0].Off:][:spans[0].Len]) != "http://schemas.microsoft.com/win/2004/08/events/event" {
		t.Fatalf("next record: %v, %v", spans, err)
	}
	// Walked whole once, the definition is not walked again.
	if spans, _, _ = w.AppendSpans(nil, c, next+evtx.RecordHeaderSize, next+size2-4); len(spans) != 4 {
		t.Errorf("third walk: %d spans, want 4", len(spans))
	}
}
