package sample

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// TestZipStored checks that ZipStored holds what Zip holds, empty folders
// included, with every file stored uncompressed.
func TestZipStored(t *testing.T) {
	w := technote()
	w.EmptyProfile = true
	files := w.Files()
	read := func(data []byte, stored bool) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range zr.File {
			if stored && f.Method != zip.Store {
				t.Errorf("%s: method %d, want stored", f.Name, f.Method)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = string(b)
		}
		return out
	}
	stored, deflated := read(ZipStored(files), true), read(Zip(files), false)
	if len(stored) != len(deflated) {
		t.Fatalf("ZipStored has %d entries, Zip %d", len(stored), len(deflated))
	}
	for name, data := range deflated {
		if got, ok := stored[name]; !ok || got != data {
			t.Errorf("ZipStored's %s differs from Zip's", name)
		}
	}
	if _, ok := stored["Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile/"]; !ok {
		t.Error("ZipStored lost the empty Profile folder")
	}
}
