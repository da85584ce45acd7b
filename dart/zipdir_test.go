package dart

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/hostile"
)

// errText is an error's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// maxAgreeRead bounds what agreeWithArchiveZip reads of an entry: fuzzed
// input may declare, or inflate to, any size.
const maxAgreeRead = 1 << 20

// agreeWithArchiveZip reads data with readZipDir and with archive/zip, and
// fails t where they differ: an error, a record, where an entry's data
// starts, or what reading it gives.
func agreeWithArchiveZip(t *testing.T, data []byte) {
	t.Helper()
	r := bytes.NewReader(data)
	zr, zerr := zip.NewReader(r, int64(len(data)))
	if zerr == zip.ErrInsecurePath {
		zerr = nil
	}
	d, err := readZipDir(r, int64(len(data)))
	if errText(err) != errText(zerr) {
		t.Fatalf("readZipDir: %v; archive/zip: %v", err, zerr)
	}
	if err != nil {
		return
	}
	zr.RegisterDecompressor(zip.Deflate, newFlateReader)
	if d.len() != len(zr.File) {
		t.Fatalf("%d records; archive/zip: %d", d.len(), len(zr.File))
	}
	for i := range d.len() {
		e, zf := d.entry(i), zr.File[i]
		f := &e
		if f.Name != zf.Name || f.CompressedSize64 != zf.CompressedSize64 || f.UncompressedSize64 != zf.UncompressedSize64 ||
			f.CRC32 != zf.CRC32 || f.Method != zf.Method || f.Flags != zf.Flags || f.Mode() != zf.Mode() {
			t.Fatalf("record %d: %q %d %d %08x %d %x %v; archive/zip: %q %d %d %08x %d %x %v", i,
				f.Name, f.CompressedSize64, f.UncompressedSize64, f.CRC32, f.Method, f.Flags, f.Mode(),
				zf.Name, zf.CompressedSize64, zf.UncompressedSize64, zf.CRC32, zf.Method, zf.Flags, zf.Mode())
		}
		m, zm := f.Modified(), zf.Modified
		mn, mo := m.Zone()
		zn, zo := zm.Zone()
		if !m.Equal(zm) || m.String() != zm.String() || mn != zn || mo != zo || (m.Location() == time.UTC) != (zm.Location() == time.UTC) {
			t.Fatalf("record %d modified %v; archive/zip: %v", i, m, zm)
		}
		off, err := d.dataOffset(f)
		zoff, zerr := zf.DataOffset()
		if off != zoff || errText(err) != errText(zerr) {
			t.Fatalf("record %d data at %d, %v; archive/zip: %d, %v", i, off, err, zoff, zerr)
		}
		got, err := readAgree(d.open(f))
		want, zerr := readAgree(zf.Open())
		if !bytes.Equal(got, want) || errText(err) != errText(zerr) {
			t.Fatalf("record %d %q read %d bytes, %v; archive/zip: %d bytes, %v", i, f.Name, len(got), err, len(want), zerr)
		}
	}
}

func readAgree(rc io.ReadCloser, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxAgreeRead))
}

// zip64Zip returns a zip whose records and end all take the zip64 form,
// sizes and offsets in the extra field, each entry stored.
func zip64Zip(names ...string) []byte {
	le := binary.LittleEndian
	var out, dir []byte
	for _, name := range names {
		body := []byte("body of " + name + "\n")
		off := len(out)
		out = le.AppendUint32(out, zipLocalSig)
		out = append(out, 45, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x58) // version, flags, method, time, date
		out = le.AppendUint32(out, crc32.ChecksumIEEE(body))
		out = le.AppendUint32(out, 0xffffffff)
		out = le.AppendUint32(out, 0xffffffff)
		out = le.AppendUint16(out, uint16(len(name)))
		out = le.AppendUint16(out, 20)
		out = append(out, name...)
		out = le.AppendUint16(out, zip64ExtraID)
		out = le.AppendUint16(out, 16)
		out = le.AppendUint64(out, uint64(len(body)))
		out = le.AppendUint64(out, uint64(len(body)))
		out = append(out, body...)
		dir = le.AppendUint32(dir, zipCentralSig)
		dir = append(dir, 45, 3, 45, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x58)
		dir = le.AppendUint32(dir, crc32.ChecksumIEEE(body))
		dir = le.AppendUint32(dir, 0xffffffff)
		dir = le.AppendUint32(dir, 0xffffffff)
		dir = le.AppendUint16(dir, uint16(len(name)))
		dir = le.AppendUint16(dir, 28)
		dir = le.AppendUint16(dir, 0)
		dir = le.AppendUint32(dir, 0)
		dir = le.AppendUint32(dir, 0o100644<<16)
		dir = le.AppendUint32(dir, 0xffffffff)
		dir = append(dir, name...)
		dir = le.AppendUint16(dir, zip64ExtraID)
		dir = le.AppendUint16(dir, 24)
		dir = le.AppendUint64(dir, uint64(len(body)))
		dir = le.AppendUint64(dir, uint64(len(body)))
		dir = le.AppendUint64(dir, uint64(off))
	}
	dirOff := len(out)
	out = append(out, dir...)
	end64 := len(out)
	out = le.AppendUint32(out, zip64EndSig)
	out = le.AppendUint64(out, zip64EndLen-12)
	out = append(out, 45, 0, 45, 0)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint64(out, uint64(len(names)))
	out = le.AppendUint64(out, uint64(len(names)))
	out = le.AppendUint64(out, uint64(len(dir)))
	out = le.AppendUint64(out, uint64(dirOff))
	out = le.AppendUint32(out, zip64LocSig)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint64(out, uint64(end64))
	out = le.AppendUint32(out, 1)
	out = le.AppendUint32(out, zipEndSig)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint16(out, 0xffff)
	out = le.AppendUint16(out, 0xffff)
	out = le.AppendUint32(out, 0xffffffff)
	out = le.AppendUint32(out, 0xffffffff)
	out = le.AppendUint16(out, 0)
	return out
}

// variedZip returns a zip with what archive/zip reads beside names and
// data: comments, extended, Unix and NTFS times, modes, folders, data
// descriptors or none, methods it cannot inflate.
func variedZip() []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.SetComment("the zip's comment")
	when := time.Date(2024, 3, 5, 10, 11, 12, 0, time.FixedZone("", 2*3600))
	le := binary.LittleEndian
	ntfs := le.AppendUint16(nil, zipNTFSExtraID)
	ntfs = le.AppendUint16(ntfs, 32)
	ntfs = le.AppendUint32(ntfs, 0)
	ntfs = le.AppendUint16(ntfs, 1)
	ntfs = le.AppendUint16(ntfs, 24)
	ntfs = le.AppendUint64(ntfs, 133_000_000_000_000_123)
	ntfs = le.AppendUint64(ntfs, 0)
	ntfs = le.AppendUint64(ntfs, 0)
	unix := le.AppendUint16(nil, zipUnixExtraID)
	unix = le.AppendUint16(unix, 8)
	unix = le.AppendUint32(unix, 0)
	unix = le.AppendUint32(unix, 1_700_000_000)
	for i, h := range []*zip.FileHeader{
		{Name: "plain.txt", Method: zip.Deflate, Comment: "a file's comment"},
		{Name: "dated.txt", Method: zip.Deflate, Modified: when},
		{Name: "utc.txt", Method: zip.Store, Modified: when.UTC()},
		{Name: "ntfs.txt", Method: zip.Store, Extra: ntfs},
		{Name: "ntfs-dos.txt", Method: zip.Store, Extra: ntfs, ModifiedDate: 0x5821, ModifiedTime: 0x1234},
		{Name: "unix.txt", Method: zip.Deflate, Extra: unix, ModifiedDate: 0x5821},
		{Name: "folder/", Method: zip.Store},
		{Name: "mode.sh", Method: zip.Deflate},
		{Name: "名前.txt", Method: zip.Deflate},
		{Name: "link", Method: zip.Store},
	} {
		switch h.Name {
		case "mode.sh":
			h.SetMode(0o755)
		case "link":
			h.SetMode(fs.ModeSymlink | 0o777)
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if !strings.HasSuffix(h.Name, "/") {
			fmt.Fprintf(fw, "entry %d\n", i)
		}
	}
	// Raw entries: no data descriptor, and methods other than store and
	// deflate (bzip2, which a package may register with archive/zip, and
	// one nothing knows).
	for _, m := range []uint16{zip.Store, 12, 99} {
		body := []byte("raw entry\n")
		fw, err := w.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("raw%d.txt", m), Method: m,
			CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))})
		if err != nil {
			panic(err)
		}
		fw.Write(body)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// wideZip returns a zip whose entries but the first have a value a
// zipRecord cannot hold: a size past 4 GiB (the data is not there), a
// time before 1970 or after 2106.
func wideZip() []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	le := binary.LittleEndian
	ntfs := func(ticks uint64) []byte {
		b := le.AppendUint16(nil, zipNTFSExtraID)
		b = le.AppendUint16(b, 32)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint16(b, 1)
		b = le.AppendUint16(b, 24)
		b = le.AppendUint64(b, ticks)
		b = le.AppendUint64(b, 0)
		return le.AppendUint64(b, 0)
	}
	const ticksPerYear = 365 * 86400 * 1e7
	body := []byte("wide entry\n")
	crc := crc32.ChecksumIEEE(body)
	for _, h := range []*zip.FileHeader{
		{Name: "narrow.txt", UncompressedSize64: uint64(len(body))},
		{Name: "big.txt", UncompressedSize64: 5 << 30},
		{Name: "bigger.txt", CompressedSize64: 5 << 30, UncompressedSize64: 5 << 30},
		{Name: "1650.txt", UncompressedSize64: uint64(len(body)), Extra: ntfs(49*ticksPerYear + 1234567)},
		{Name: "2200.txt", UncompressedSize64: uint64(len(body)), Extra: ntfs(599 * ticksPerYear), ModifiedDate: 0x5821},
		{Name: "2107.txt", UncompressedSize64: uint64(len(body)), ModifiedDate: 127<<9 | 12<<5 | 31, ModifiedTime: 23<<11 | 59<<5 | 29},
	} {
		h.Method, h.CRC32 = zip.Store, crc
		if h.CompressedSize64 == 0 {
			h.CompressedSize64 = uint64(len(body))
		}
		fw, err := w.CreateRaw(h)
		if err != nil {
			panic(err)
		}
		fw.Write(body)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TestZipDirWide checks that the records a zipRecord cannot hold are kept
// whole; TestZipDirAgrees reads them.
func TestZipDirWide(t *testing.T) {
	data := wideZip()
	d, err := readZipDir(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var wide []string
	for i, r := range d.recs {
		if r.wide {
			wide = append(wide, d.entry(i).Name)
		}
	}
	if want := []string{"big.txt", "bigger.txt", "1650.txt", "2200.txt", "2107.txt"}; !slices.Equal(wide, want) {
		t.Errorf("wide records %q, want %q", wide, want)
	}
	if d.names != "narrow.txt" {
		t.Errorf("names %q", d.names)
	}
}

// zipVariants returns zips for the agreement test: the generated ones,
// and each damaged in ways that move or break its records.
func zipVariants(t *testing.T) map[string][]byte {
	cases := map[string][]byte{
		"zip64":   zip64Zip("a.txt", "b/c.txt", "d.txt"),
		"varied":  variedZip(),
		"wide":    wideZip(),
		"many":    hostile.ManySeeded(3, 200),
		"folders": hostile.ManyFolders(50),
	}
	for _, c := range hostile.Cases() {
		cases["hostile "+c.Name] = c.Data
	}
	// Every zip of the repository's test data.
	for _, root := range []string{"testdata", "../testdata", "../examples/dartscan/testdata"} {
		filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
			if err == nil && !de.IsDir() && strings.HasSuffix(p, ".zip") {
				if data, err := os.ReadFile(p); err == nil {
					cases[p] = data
				}
			}
			return nil
		})
	}
	if v, size, ok := cutZipDirectory(bytes.NewReader(cases["many"]), int64(len(cases["many"])), 10); ok {
		cut := make([]byte, size)
		v.ReadAt(cut, 0)
		cases["cut to zip64"] = cut
	}
	for _, name := range []string{"zip64", "varied", "wide", "many"} {
		z := cases[name]
		// Data before the zip: the offsets are relative to the zip.
		cases[name+" prepended"] = append([]byte("#!/bin/sh\nexit 0\n"), z...)
		// A directory offset, record offsets and sizes one off.
		for _, sig := range []uint32{zipCentralSig, zipEndSig} {
			s := binary.LittleEndian.AppendUint32(nil, sig)
			if i := bytes.LastIndex(z, s); i >= 0 {
				for _, at := range []int{16, 20, 24, 42} {
					if i+at+4 <= len(z) {
						b := bytes.Clone(z)
						b[i+at]++
						cases[fmt.Sprintf("%s %08x+%d", name, sig, at)] = b
					}
				}
			}
		}
		// Cut short, and with a byte changed at every sixteenth.
		for _, n := range []int{len(z) - 1, len(z) - 30, len(z) / 2} {
			cases[fmt.Sprintf("%s cut at %d", name, n)] = z[:n]
		}
		for i := 0; i < len(z) && len(z) < 8<<10; i += 16 {
			b := bytes.Clone(z)
			b[i] ^= 0x55
			cases[fmt.Sprintf("%s flipped at %d", name, i)] = b
		}
	}
	return cases
}

// TestZipDirAgrees checks that readZipDir reads every zip as archive/zip
// does: the test data's, generated ones (zip64, data descriptors,
// comments, times in extra fields, methods not inflated here) and damaged
// ones.
func TestZipDirAgrees(t *testing.T) {
	cases := zipVariants(t)
	if len(cases) < 100 {
		t.Fatalf("only %d zips", len(cases))
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) { agreeWithArchiveZip(t, data) })
	}
}

// FuzzZipDir checks that readZipDir reads any input as archive/zip does.
func FuzzZipDir(f *testing.F) {
	for _, z := range [][]byte{zip64Zip("a.txt", "b.txt"), variedZip(), wideZip(), hostile.ManySeeded(5, 8), hostile.Get("lost descriptors"), hostile.Get("misplaced entries")} {
		f.Add(z)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		agreeWithArchiveZip(t, data)
	})
}
