package hostile

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// The cases are the same bytes on every call, so fuzz seeds and tests do
// not drift.
func TestDeterministic(t *testing.T) {
	a, b := Cases(), Cases()
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between calls", a[i].Name)
		}
	}
}

// The bombs are what they claim: a small archive declaring and holding
// many times its size.
func TestBomb(t *testing.T) {
	const size = 8 << 20
	z := Bomb("b", size)
	if len(z) > size/500 {
		t.Errorf("bomb of %d bytes for %d", len(z), size)
	}
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := io.Copy(io.Discard, rc); n != size || err != nil {
		t.Errorf("inflated %d bytes, %v", n, err)
	}
	n := NestedBomb(2, 3, 1<<10)
	zr, err = zip.NewReader(bytes.NewReader(n), int64(len(n)))
	if err != nil || len(zr.File) != 3 || zr.File[0].Name != "lib0.zip" {
		t.Errorf("nested bomb: %v, %d files", err, len(zr.File))
	}
}

func TestLongName(t *testing.T) {
	for _, n := range []int{3, 4, 5, 100, 65535} {
		if got := len(LongName(n)); got != n {
			t.Errorf("len(LongName(%d)) = %d", n, got)
		}
	}
}

func TestLongLine(t *testing.T) {
	data, _ := io.ReadAll(LongLine(100, "next"))
	lines := bytes.Split(data, []byte("\n"))
	if len(lines[0]) != 100 || string(lines[1]) != "next" {
		t.Errorf("LongLine(100): %q", data)
	}
}

// The damaged zips hold what they claim: no central directory, and the
// false signatures fill the size asked for.
func TestDamagedZips(t *testing.T) {
	z := FalseSignatures(1000)
	if n := bytes.Count(z, []byte("PK\x03\x04")); n < 30 || bytes.Contains(z, []byte("PK\x01\x02")) {
		t.Errorf("FalseSignatures: %d signatures, %d bytes", n, len(z))
	}
	if rest := z[bytes.Index(z, []byte("localhost\n"))+11:]; len(rest) != 1000 {
		t.Errorf("FalseSignatures(1000): %d bytes after the entry", len(rest))
	}
	whole := Zip(E("a", "1\n"), E("b", "2\n"), E("c", "3\n"))
	g := Garbled(whole)
	if bytes.Contains(g, []byte("PK\x01\x02")) || bytes.Count(g, []byte("garbage")) != 16 {
		t.Errorf("Garbled: %q", g)
	}
}
