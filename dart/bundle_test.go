package dart

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/hostile"
)

// Contents used across the tests, one per kind.
const (
	syslogText   = "Feb  8 00:45:32 host acvpnagent[55]: Function: a File: b.cpp Line: 1 hello\nFeb  8 00:45:33 host acvpnagent[55]: world\n"
	eventLogText = "******************************************\r\n\r\nDate\t\t: 03/15/2021\r\nTime\t\t: 14:02:11\r\nType\t\t: Information\r\nSource\t\t: acvpnagent\r\n\r\nDescription\t: The VPN connection has been established and can now pass data.\r\n\r\n******************************************\r\n"
	hostsText    = "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n127.0.0.1       localhost\r\n"
	profileText  = `<?xml version="1.0" encoding="UTF-8"?><AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/"><ServerList><HostEntry><HostName>VPN</HostName><HostAddress>vpn.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>`
)

type tfile struct {
	name string
	data string
}

func makeZip(t testing.TB, files ...tfile) []byte {
	return writeZip(t, files, func(f tfile) (*zip.FileHeader, bool) {
		return &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2021, 6, 17, 10, 0, 0, 0, time.UTC)}, false
	})
}

// writeZip returns files as a zip, each entry made with the header that
// header returns for it: with zip.Writer.CreateRaw if raw, the data then
// being stored, else with CreateHeader.
func writeZip(t testing.TB, files []tfile, header func(tfile) (h *zip.FileHeader, raw bool)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h, raw := header(f)
		create := zw.CreateHeader
		if raw {
			create = zw.CreateRaw
		}
		w, err := create(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func makeTar(t testing.TB, files ...tfile) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		if strings.HasSuffix(f.name, "/") {
			if err := tw.WriteHeader(&tar.Header{Name: f.name, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(f.data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dartZip is a small bundle as DART writes it.
func dartZip(t testing.TB) []byte {
	return makeZip(t,
		tfile{"Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/AnyConnectVPN.txt", eventLogText},
		tfile{"Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile/vpn.xml", profileText},
		tfile{"System Information/hosts", hostsText},
	)
}

// mergeWant returns the union of expected indexes.
func mergeWant(ms ...map[string]want) map[string]want {
	out := map[string]want{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// want describes one file of an expected index.
type want struct {
	kind Kind
	text string // content as Walk yields it; "" to skip the check
}

func TestOpenFormats(t *testing.T) {
	sevenZ, err := os.ReadFile("testdata/bundle.7z")
	if err != nil {
		t.Fatal(err)
	}
	const vpnDir = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/"
	dartFiles := map[string]want{
		vpnDir + "AnyConnectVPN.txt": {KindEventLog, eventLogText},
		vpnDir + "Profile/vpn.xml":   {KindVPNProfile, profileText},
		"System Information/hosts":   {KindHosts, hostsText},
	}
	prefixed := func(prefix string, m map[string]want) map[string]want {
		out := map[string]want{}
		for k, v := range m {
			out[prefix+k] = v
		}
		return out
	}
	tests := []struct {
		name       string
		file       string // name given to NewReader
		data       func(t *testing.T) []byte
		wantFormat string
		want       map[string]want
		problems   []error // sentinels the problems must include, in any order
	}{
		{
			name: "zip", file: "DARTBundle_0617_2021.zip",
			data:       func(t *testing.T) []byte { return dartZip(t) },
			wantFormat: "zip",
			want:       dartFiles,
		},
		{
			name: "zip with backslash names", file: "b.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t,
					tfile{`Cisco AnyConnect Secure Mobility Client\AnyConnect VPN\AnyConnectVPN.txt`, eventLogText},
					tfile{`Cisco AnyConnect Secure Mobility Client\AnyConnect VPN\Profile\vpn.xml`, profileText},
					tfile{`System Information\hosts`, hostsText})
			},
			wantFormat: "zip",
			want:       dartFiles,
		},
		{
			name: "tar.gz tree", file: "case123.tgz",
			data: func(t *testing.T) []byte {
				return gzipped(t, makeTar(t,
					tfile{"bundle/", ""},
					tfile{"bundle/" + vpnDir + "AnyConnectVPN.txt", eventLogText},
					tfile{"bundle/" + vpnDir + "Profile/vpn.xml", profileText},
					tfile{"bundle/System Information/hosts", hostsText}))
			},
			wantFormat: "tar.gz",
			want:       prefixed("bundle/", dartFiles),
		},
		{
			name: "zip in tar.gz", file: "case123.tar.gz",
			data: func(t *testing.T) []byte {
				return gzipped(t, makeTar(t,
					tfile{"DARTBundle_0617_2021.zip", string(dartZip(t))},
					tfile{"notes.txt", "customer notes\n"}))
			},
			wantFormat: "zip in tar.gz",
			want: func() map[string]want {
				m := prefixed("DARTBundle_0617_2021.zip/", dartFiles)
				m["notes.txt"] = want{KindOther, "customer notes\n"}
				return m
			}(),
		},
		{
			name: "zip in zip", file: "outer.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t, tfile{"DART.zip", string(dartZip(t))})
			},
			wantFormat: "zip in zip",
			want:       prefixed("DART.zip/", dartFiles),
		},
		{
			name: "7z", file: "bundle.7z",
			data:       func(*testing.T) []byte { return sevenZ },
			wantFormat: "7z",
			want: map[string]want{
				"Cisco Secure Client/VPN/system.log": {KindSyslog, "Feb  8 00:45:32 host acvpnagent[55]: hello\nFeb  8 00:45:33 host acvpnagent[55]: world\n"},
				"hosts":                              {KindHosts, "# hosts\n127.0.0.1 localhost\n"},
			},
		},
		{
			name: "7z in zip", file: "outer.zip",
			data:       func(t *testing.T) []byte { return makeZip(t, tfile{"inner.7z", string(sevenZ)}) },
			wantFormat: "7z in zip",
			want: map[string]want{
				"inner.7z/Cisco Secure Client/VPN/system.log": {KindSyslog, ""},
				"inner.7z/hosts": {KindHosts, ""},
			},
		},
		{
			name: "gz single file inside", file: "b.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t,
					tfile{"logs/system.log.0.gz", string(gzipped(t, []byte(syslogText)))},
					tfile{"logs/system.log", syslogText})
			},
			wantFormat: "zip",
			want: map[string]want{
				"logs/system.log.0": {KindSyslog, syslogText},
				"logs/system.log":   {KindSyslog, syslogText},
			},
		},
		{
			name: "gz of a zip", file: "DART.zip.gz",
			data:       func(t *testing.T) []byte { return gzipped(t, dartZip(t)) },
			wantFormat: "zip in gz",
			want:       dartFiles,
		},
		{
			name: "unsafe names", file: "evil.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t,
					tfile{"../../etc/passwd", "root:x:0:0\n"},
					tfile{"/abs/path.txt", "abs\n"},
					tfile{`C:\Windows\hosts`, hostsText},
					tfile{"bad\x00name\xff.txt", "nul\n"})
			},
			wantFormat: "zip",
			want: map[string]want{
				"etc/passwd":        {KindOther, "root:x:0:0\n"},
				"abs/path.txt":      {KindOther, "abs\n"},
				"Windows/hosts":     {KindHosts, hostsText},
				"bad%00name%FF.txt": {KindOther, "nul\n"},
			},
			problems: []error{ErrInsecurePath},
		},
		{
			name: "duplicate names", file: "dup.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t, tfile{"a/hosts", hostsText}, tfile{`a\hosts`, "# second\n"}, tfile{"a/./hosts", "# third\n"})
			},
			wantFormat: "zip",
			want: map[string]want{
				"a/hosts":   {KindHosts, hostsText},
				"a/hosts~2": {KindHosts, "# second\n"},
				"a/hosts~3": {KindHosts, "# third\n"},
			},
			problems: []error{ErrDuplicate},
		},
		{
			// The central directory is cut: the files are recovered from
			// their local headers, and the damage is reported.
			name: "damaged zip in tar.gz", file: "case.tgz",
			data: func(t *testing.T) []byte {
				z := dartZip(t)
				return gzipped(t, makeTar(t, tfile{"DART.zip", string(z[:len(z)-40])}, tfile{"hosts", hostsText}))
			},
			wantFormat: "zip in tar.gz",
			want:       mergeWant(prefixed("DART.zip/", dartFiles), map[string]want{"hosts": {KindHosts, hostsText}}),
			problems:   []error{ErrDamaged},
		},
		{
			name: "zip in tar.gz, damaged before its first file", file: "case.tgz",
			data: func(t *testing.T) []byte {
				z := dartZip(t)
				return gzipped(t, makeTar(t, tfile{"DART.zip", string(z[:20])}, tfile{"hosts", hostsText}))
			},
			wantFormat: "tar.gz",
			want:       map[string]want{"DART.zip": {KindArchive, ""}, "hosts": {KindHosts, hostsText}},
			problems:   []error{ErrNotOpened, ErrDamaged},
		},
		{
			name: "rar in zip", file: "b.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t, tfile{"logs.rar", "Rar!\x1a\x07\x00rest"}, tfile{"hosts", hostsText})
			},
			wantFormat: "zip",
			want:       map[string]want{"logs.rar": {KindArchive, "Rar!\x1a\x07\x00rest"}, "hosts": {KindHosts, hostsText}},
			problems:   []error{ErrNotOpened},
		},
		{
			name: "utf-16 event log", file: "b.zip",
			data: func(t *testing.T) []byte {
				return makeZip(t, tfile{"AnyConnectVPN.txt", string(utf16LE(eventLogText, true))})
			},
			wantFormat: "zip",
			want:       map[string]want{"AnyConnectVPN.txt": {KindEventLog, eventLogText}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), tt.file, nil)
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			defer b.Close()
			if got := b.Format(); got != tt.wantFormat {
				t.Errorf("Format = %q, want %q", got, tt.wantFormat)
			}
			checkBundle(t, b, tt.want)
			checkProblems(t, b, tt.problems)
			for _, f := range b.Files() {
				if f.Kind == KindArchive && f.Size <= int64(headSize) && f.Size != int64(len(must(b.ReadFile(f.Name)))) {
					t.Errorf("%s: Size %d, content %d bytes", f.Name, f.Size, len(must(b.ReadFile(f.Name))))
				}
			}
		})
	}
}

func checkProblems(t *testing.T, b *Bundle, want []error) {
	t.Helper()
	probs := b.Problems()
	for _, w := range want {
		found := false
		for _, p := range probs {
			if errors.Is(p, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem wraps %v; problems: %v", w, probs)
		}
	}
	if len(want) == 0 && len(probs) > 0 {
		t.Errorf("unexpected problems: %v", probs)
	}
}

// checkBundle compares the index and the content Walk and ReadFile yield
// with want, in the manner of fstest.
func checkBundle(t *testing.T, b *Bundle, want map[string]want) {
	t.Helper()
	files := b.Files()
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if !slices.IsSorted(names) {
		t.Errorf("Files not sorted: %q", names)
	}
	var wantNames []string
	for n := range want {
		wantNames = append(wantNames, n)
	}
	slices.Sort(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Fatalf("Files names:\n got %q\nwant %q", names, wantNames)
	}
	for _, f := range files {
		if w := want[f.Name]; f.Kind != w.kind {
			t.Errorf("%s: Kind = %v, want %v", f.Name, f.Kind, w.kind)
		}
	}
	seen := map[string]bool{}
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		if seen[f.Name] {
			t.Errorf("Walk: %s twice", f.Name)
		}
		seen[f.Name] = true
		got, err := io.ReadAll(r)
		if err != nil {
			t.Errorf("Walk: %s: %v", f.Name, err)
		}
		if w := want[f.Name]; w.text != "" && string(got) != w.text {
			t.Errorf("Walk: %s = %q, want %q", f.Name, got, w.text)
		}
		return nil
	})
	if err != nil {
		t.Errorf("Walk: %v", err)
	}
	if len(seen) != len(files) {
		t.Errorf("Walk visited %d files, index has %d", len(seen), len(files))
	}
	for _, f := range files {
		got, err := b.ReadFile(f.Name)
		if err != nil {
			t.Errorf("ReadFile(%q): %v", f.Name, err)
			continue
		}
		if w := want[f.Name]; w.text != "" && string(got) != w.text {
			t.Errorf("ReadFile(%q) = %q, want %q", f.Name, got, w.text)
		}
	}
	if _, err := b.ReadFile("no/such/file"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func utf16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for _, r := range s { // ASCII and BMP only in tests
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Cisco Secure Client/VPN/system.log", syslogText)
	write("hosts", hostsText)
	write("inner/DART.zip", string(dartZip(t)))
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	b, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.Format(); got != "zip in dir" {
		t.Errorf("Format = %q", got)
	}
	want := map[string]want{
		"Cisco Secure Client/VPN/system.log": {KindSyslog, syslogText},
		"hosts":                              {KindHosts, hostsText},
		"inner/DART.zip/Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/AnyConnectVPN.txt": {KindEventLog, eventLogText},
		"inner/DART.zip/Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile/vpn.xml":   {KindVPNProfile, profileText},
		"inner/DART.zip/System Information/hosts":                                                 {KindHosts, hostsText},
	}
	checkBundle(t, b, want)
	if b.Name() != dir {
		t.Errorf("Name = %q", b.Name())
	}
}

func TestOpenFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "DARTBundle_0617_2021.zip")
	if err := os.WriteFile(p, dartZip(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files()) != 3 {
		t.Errorf("Files = %v", b.Files())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Walk(context.Background(), func(File, io.Reader) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Walk after Close = %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	zipData := dartZip(t)
	emptyZip := makeZip(t)
	tests := []struct {
		name    string
		file    string
		data    []byte
		wantErr error
		wantMsg string // a substring of the message
	}{
		{"empty file", "empty.zip", nil, ErrNotBundle, "empty.zip: empty file"},
		{"text file", "notes.txt", []byte("just some text\n"), ErrNotBundle, "notes.txt: not an archive"},
		{"text named zip", "bundle.zip", []byte("just some text\n"), ErrNotBundle, "bundle.zip:"},
		{"zip cut in its first header", "bundle.zip", zipData[:20], ErrDamaged,
			"bundle.zip: no readable files: bundle.zip: zip without a readable central directory: local header at offset 0 cut at offset 20; 0 files recovered"},
		{"zip with no entries", "empty.zip", emptyZip, ErrNoFiles, "empty.zip: no files"},
		{"zip with only folders", "dirs.zip", makeZip(t, tfile{"a/", ""}, tfile{"b/", ""}), ErrNoFiles, "dirs.zip"},
		{"gz of text", "x.log.gz", gzipped(t, []byte("hello\n")), ErrNotBundle, "x.log.gz"},
		{"rar", "x.rar", []byte("Rar!\x1a\x07\x00rest"), ErrNotBundle, "rar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewReader(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), tt.file, nil)
			if err == nil {
				b.Close()
				t.Fatalf("NewReader: no error, files %v", b.Files())
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q does not wrap %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
	t.Run("empty file on disk", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "empty.zip")
		os.WriteFile(p, nil, 0o644)
		if _, err := Open(context.Background(), p, nil); !errors.Is(err, ErrNotBundle) {
			t.Errorf("Open = %v", err)
		}
	})
	t.Run("device", func(t *testing.T) {
		if _, err := os.Stat(os.DevNull); err != nil {
			t.Skip(err)
		}
		if _, err := Open(context.Background(), os.DevNull, nil); !errors.Is(err, ErrNotBundle) {
			t.Errorf("Open(%s) = %v", os.DevNull, err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "nope.zip"), nil); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open = %v", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := NewReader(ctx, bytes.NewReader(zipData), int64(len(zipData)), "b.zip", nil); !errors.Is(err, context.Canceled) {
			t.Errorf("NewReader = %v", err)
		}
	})
}

func TestDamagedEntry(t *testing.T) {
	// Store the entries so that a flipped byte reaches the CRC check.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []tfile{{"a.log", syslogText}, {"b.log", syslogText}, {"c.log", syslogText}} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store})
		io.WriteString(w, f.data)
	}
	zw.Close()
	data := buf.Bytes()
	i := bytes.Index(data, []byte("b.log"))
	i = bytes.Index(data[i:], []byte("world")) + i
	data[i] = 'W'
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var bErr error
	err = b.Walk(context.Background(), func(f File, r io.Reader) error {
		names = append(names, f.Name)
		_, err := io.ReadAll(r)
		if f.Name == "b.log" {
			bErr = err
		} else if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"a.log", "b.log", "c.log"}) {
		t.Errorf("walked %q", names)
	}
	if !errors.Is(bErr, zip.ErrChecksum) {
		t.Errorf("b.log read error = %v, want zip.ErrChecksum", bErr)
	}
	checkProblems(t, b, []error{ErrDamaged})
	if p := b.Problems(); len(p) != 1 || !strings.HasPrefix(p[0].Error(), "b.log: ") {
		t.Errorf("problems = %v", p)
	}
}

func TestTruncatedTarGz(t *testing.T) {
	big := strings.Repeat("x", 64<<10)
	data := gzipped(t, makeTar(t, tfile{"a/hosts", hostsText}, tfile{"a/big.bin", big}, tfile{"a/c.log", syslogText}))
	data = data[:len(data)-30]
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "t.tar.gz", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files()) == 0 || b.Files()[0].Name != "a/big.bin" && b.Files()[0].Name != "a/c.log" && b.Files()[0].Name != "a/hosts" {
		t.Errorf("files = %v", b.Files())
	}
	checkProblems(t, b, []error{ErrDamaged})
	if err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		io.Copy(io.Discard, r)
		return nil
	}); err != nil {
		t.Errorf("Walk = %v", err)
	}
}

func TestWalkStops(t *testing.T) {
	data := dartZip(t)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := b.Walk(context.Background(), func(File, io.Reader) error { n++; return fs.SkipAll }); err != nil || n != 1 {
		t.Errorf("SkipAll: err %v after %d files", err, n)
	}
	boom := errors.New("boom")
	if err := b.Walk(context.Background(), func(File, io.Reader) error { return boom }); err != boom {
		t.Errorf("Walk = %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Walk(ctx, func(File, io.Reader) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk = %v, want context.Canceled", err)
	}
	// Walk goes in storage order, not name order.
	data = makeZip(t, tfile{"z.log", syslogText}, tfile{"a.log", syslogText})
	b, _ = NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil)
	var names []string
	b.Walk(context.Background(), func(f File, _ io.Reader) error { names = append(names, f.Name); return nil })
	if !slices.Equal(names, []string{"z.log", "a.log"}) {
		t.Errorf("walk order %q", names)
	}
}

// A file's reader kept past its Walk callback fails, half read or not,
// small or read ahead: its buffers serve the files after it by then, and
// must not show their bytes.
func TestWalkReaderKept(t *testing.T) {
	big := strings.Repeat("a line of the big log, read ahead of the callback\n", 2<<20/50)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"zip", makeZip(t, tfile{"a.log", syslogText}, tfile{"big.log", big}, tfile{"b.log", "second\n"}, tfile{"c.log", "third\n"})},
		{"tar.gz", gzipped(t, makeTar(t, tfile{"a.log", syslogText}, tfile{"big.log", big}, tfile{"b.log", "second\n"}, tfile{"c.log", "third\n"}))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := must(NewReader(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), "b", nil))
			kept := map[string]io.Reader{}
			err := b.Walk(context.Background(), func(f File, r io.Reader) error {
				for name, old := range kept {
					if n, err := old.Read(make([]byte, 64)); n != 0 || !errors.Is(err, errReadAfterWalk) {
						t.Errorf("during %s, read of %s kept: %d bytes, %v", f.Name, name, n, err)
					}
				}
				kept[f.Name] = r
				if f.Name != "b.log" {
					io.ReadFull(r, make([]byte, 10)) // read a little only
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for name, r := range kept {
				if data, err := io.ReadAll(r); len(data) != 0 || !errors.Is(err, errReadAfterWalk) {
					t.Errorf("after the walk, read of %s: %q, %v", name, data, err)
				}
			}
			if len(kept) != 4 {
				t.Errorf("walked %d files", len(kept))
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	tests := []struct {
		raw, want string
		insecure  bool
	}{
		{"a/b.txt", "a/b.txt", false},
		{`a\b.txt`, "a/b.txt", false},
		{"./a//b/../c.txt", "a/c.txt", false},
		{"../x", "x", true},
		{"/etc/passwd", "etc/passwd", true},
		{`C:\Windows\x`, "Windows/x", true},
		{`\\server\share\x`, "server/share/x", true},
		{"a\x00b", "a%00b", true},
		{"caf\xe9", "caf%E9", true},
		{"..", "_", true},
		{"", "_", false},
	}
	for _, tt := range tests {
		got, err := cleanName(tt.raw)
		if got != tt.want || (err != nil) != tt.insecure {
			t.Errorf("cleanName(%q) = %q, %v; want %q, insecure %v", tt.raw, got, err, tt.want, tt.insecure)
		}
	}
}

// FuzzCleanName checks that a name taken as it is, without a copy, is one
// the full cleaning would leave as it is.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"a/b.txt", `a\b.txt`, "./a//b/../c.txt", "../x", "/etc/passwd", `C:\x`, "a\x00b", "caf\xe9", "..", "", "a/./b", "a/", "x:y", "_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := cleanName(raw)
		if isCleanName(raw) {
			if got != raw || err != nil {
				t.Errorf("cleanName(%q) = %q, %v for a clean name", raw, got, err)
			}
		}
		// The full cleaning, as if the name were not clean.
		if isCleanName(raw) {
			full := path.Clean("/" + raw)[1:]
			if full != raw {
				t.Errorf("%q taken as clean; path.Clean gives %q", raw, full)
			}
		}
	})
}

// TestFindOutOfOrder finds files by locator in the order the index met
// them, backwards, and by a locator the index never met: the cursor, the
// map made when it misses, and the cursor again after a hit in the map.
func TestFindOutOfOrder(t *testing.T) {
	var entries []hostile.Entry
	for i := range 20 {
		entries = append(entries, hostile.E(fmt.Sprintf("d%d/f%02d.txt", i%3, 19-i), "x\n"))
	}
	data := hostile.Zip(entries...)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(p *pass, met int) {
		t.Helper()
		loc := strconv.Itoa(met)
		i, ok := p.find(loc)
		if !ok || b.loc(i) != loc || b.files[i].Name != entries[met].Name {
			t.Fatalf("find(%q) = %d, %v; want %s", loc, i, ok, entries[met].Name)
		}
	}
	p := b.newPass(passWalk)
	for met := range entries {
		check(p, met)
	}
	p = b.newPass(passWalk)
	for met := len(entries) - 1; met >= 0; met-- {
		check(p, met)
	}
	if _, ok := p.find("99"); ok {
		t.Error("found a locator the index never met")
	}
	p = b.newPass(passWalk)
	check(p, 7)
	if p.cursor != 8 {
		t.Errorf("cursor %d after a hit in the map, want 8", p.cursor)
	}
	check(p, 8)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Walks and reads of one bundle may run at once (run with -race).
func TestConcurrentWalks(t *testing.T) {
	for _, tt := range []struct {
		data     []byte
		problems int // as the index and a walk find them
	}{
		{gzipped(t, makeTar(t, tfile{"DART.zip", string(dartZip(t))}, tfile{"hosts", hostsText})), 0},
		{dartZip(t), 0},
		{dartZip(t)[:len(dartZip(t))-100], 1}, // recovered from its local headers
		// Recovered, each entry but the last up to the next header: one
		// damage, and a read error for each of those.
		{hostile.LostDescriptors(dartZip(t)), 3},
		// Read from their local headers: one damage.
		{hostile.Misplaced(dartZip(t)), 1},
	} {
		data := tt.data
		b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b", nil)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan int)
		for range 4 {
			go func() {
				n := 0
				b.Walk(context.Background(), func(f File, r io.Reader) error {
					io.Copy(io.Discard, r)
					n++
					return nil
				})
				for _, f := range b.Files() {
					b.ReadFile(f.Name)
				}
				done <- n
			}()
		}
		for range 4 {
			if n := <-done; n != len(b.Files()) {
				t.Errorf("walked %d files, want %d", n, len(b.Files()))
			}
		}
		if len(b.Problems()) != tt.problems {
			t.Errorf("problems: %v", b.Problems())
		}
	}
}

func TestCompressedSingleFiles(t *testing.T) {
	// Each compression format mholt/archives decompresses, as a rotated log
	// in a zip; the name loses its suffix.
	for _, magic := range []string{"gz", "bz2", "xz", "zst"} {
		data := makeZip(t, tfile{"logs/system.log.0." + magic, string(compress(t, magic, []byte(syslogText)))})
		b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", nil)
		if err != nil {
			t.Fatalf("%s: %v", magic, err)
		}
		checkBundle(t, b, map[string]want{"logs/system.log.0": {KindSyslog, syslogText}})

		// And a whole tar compressed with it.
		tgz := compress(t, magic, makeTar(t, tfile{"hosts", hostsText}))
		b, err = NewReader(context.Background(), bytes.NewReader(tgz), int64(len(tgz)), "b", nil)
		if err != nil {
			t.Fatalf("tar.%s: %v", magic, err)
		}
		if b.Format() != "tar."+magic {
			t.Errorf("Format = %q, want tar.%s", b.Format(), magic)
		}
		checkBundle(t, b, map[string]want{"hosts": {KindHosts, hostsText}})
	}
}
