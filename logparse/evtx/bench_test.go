package evtx_test

import (
	"bytes"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// BenchmarkRead reads 2000 records from memory.
func BenchmarkRead(b *testing.B) {
	data := evtxgen.Bytes(musEvents(2000))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := evtx.NewReader(bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			b.Fatal(err)
		}
		var rec logparse.Record
		for r.ReadInto(&rec) == nil {
		}
	}
}
