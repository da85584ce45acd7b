package evtx_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// TestGolden reads testdata/technote.evtx, the TechNote's events as
// internal/evtxgen writes them, and compares its records with
// technote.golden. The file is written again with -update, and must
// otherwise be what the generator writes.
func TestGolden(t *testing.T) {
	const path = "testdata/technote.evtx"
	gen := evtxgen.Bytes(evtxgen.TechNote())
	if *golden.Update {
		if err := os.WriteFile(path, gen, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, gen) {
		t.Errorf("%s is not what internal/evtxgen writes (run go test -update)", path)
	}
	r, err := evtx.NewReader(bytes.NewReader(data), int64(len(data)), &logparse.Options{File: "AnyConnect.evtx"})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Record *logparse.Record `json:",omitempty"`
		Error  string           `json:",omitempty"`
	}
	var out []result
	for rec, err := range r.All() {
		res := result{}
		if err != nil {
			res.Error = err.Error()
		}
		if rec.Pos.Line != 0 {
			res.Record = &rec
		}
		out = append(out, res)
	}
	got, err := json.MarshalIndent(out, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/technote.golden", append(got, '\n'))
}
