package redact

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigLogSumFile holds the SHA-256 of the redacted first 20 MB of the big
// bundle's log, as TestRedactBigLog redacts them (-update rewrites it):
// the scanner's faster paths must not change a byte of it.
const bigLogSumFile = "testdata/biglog.sha256"

// bigLogPrefix returns the first n bytes of the big bundle's AnyConnect
// log, or skips t when the big bundles have not been made.
func bigLogPrefix(t testing.TB, n int64) []byte {
	t.Helper()
	name := filepath.Join("..", "testdata", "big", "DARTBundle_big.zip")
	zr, err := zip.OpenReader(name)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no big bundle: make it with `bash bench/bundles.sh`")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "AnyConnectVPN.txt") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("%s: no AnyConnectVPN.txt", name)
	return nil
}

// TestRedactBigLog redacts the first 20 MB of the big bundle's log, after
// a first pass that learns its secrets and with a host and domain learnt
// besides, and checks the output against the sum recorded for it.
func TestRedactBigLog(t *testing.T) {
	src := bigLogPrefix(t, 20<<20)
	r := newTest(t, nil)
	r.Learn(KindHost, "DESKTOP-ACME42")
	r.Learn(KindDomain, "vpn.acme.com")
	r.LearnText(src)
	h := sha256.New()
	const chunk = 1 << 20
	var dst []byte
	for i := 0; i < len(src); {
		j := min(i+chunk, len(src))
		// Cut after a newline, as a bundle's reader hands lines over.
		if k := bytes.LastIndexByte(src[i:j], '\n'); j < len(src) && k >= 0 {
			j = i + k + 1
		}
		dst = r.Redact(dst[:0], src[i:j], "AnyConnectVPN.txt")
		h.Write(dst)
		i = j
	}
	fmt.Fprintf(h, "%d pseudonyms", len(r.Pseudonyms()))
	got := fmt.Sprintf("%x\n", h.Sum(nil))
	if *update {
		if err := os.WriteFile(bigLogSumFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(bigLogSumFile)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("redacted log's sum = %s, want %s (from %s; -update rewrites it)", strings.TrimSpace(got), strings.TrimSpace(string(want)), bigLogSumFile)
	}
}

// BenchmarkRedactBigLog measures Redact on the first 20 MB of the big
// bundle's log, its addresses new to the table on the first pass only.
func BenchmarkRedactBigLog(b *testing.B) {
	src := bigLogPrefix(b, 20<<20)
	benchRedact(b, newTest(b, nil), src)
}
