package dart

import (
	"bytes"
	"testing"

	"github.com/mholt/archives"
)

// compressor returns the mholt/archives compressor for a magic name, to
// build test inputs.
func compressor(magic string) archives.Compressor {
	switch magic {
	case "bz2":
		return archives.Bz2{}
	case "xz":
		return archives.Xz{}
	case "zst":
		return archives.Zstd{}
	}
	return archives.Gz{}
}

// compress returns data compressed in the format of magic.
func compress(t testing.TB, magic string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := compressor(magic).OpenWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
