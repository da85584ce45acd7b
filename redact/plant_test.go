package redact

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/dartkit/dartkit/dart"
)

// The secrets planted in every sample, each of a kind Bundle must replace.
// The addresses are public ones outside the documentation ranges, which
// the redactor keeps (its IPv6 pseudonyms live in 2001:db8::/32).
const (
	plantUser    = "jplantd"
	plantHost    = "ACME-LT-4821"
	plantDomain  = "acmeplanted.com"
	plantSuffix  = "corp.acmeplanted.com"
	plantFQDN    = "vpn.acmeplanted.com"
	plantPrivate = "10.93.47.211"
	plantPublic  = "81.2.69.142"
	plantServer  = "81.2.69.160"
	plantIPv6    = "2a02:6b8:ac3e:17::42"
	plantMAC     = "00-1A-2B-3C-4D-5E"
	plantEmail   = "jane.planted@acmeplanted.com"
	plantSubject = "CN=Jane Q Planted, O=Acme Widgets Planted"
	plantSerial  = "4F3A9C2E11D07B65"
	plantSSID    = "AcmeGuestWiFi-5G"
	plantGateway = "Acme Remote Gateway"
)

// plantedSecrets are the strings none of which may be left in a redacted
// planted bundle, in any case: each secret and the parts of it that are
// secret themselves.
var plantedSecrets = []string{
	plantUser, plantHost, "acmeplanted", plantPrivate, plantPublic, plantServer,
	plantIPv6, "2a02:06b8:ac3e:0017", plantMAC, "00:1a:2b:3c:4d:5e", "3c:4d:5e", "3c-4d-5e",
	"jane.planted", plantSubject, "Jane Q Planted", "Acme Widgets Planted", plantSerial,
	plantSSID, plantGateway,
}

// plantedText is the secrets as a bundle's text states them: the
// system information they are learnt from, and log lines that use them.
func plantedText() string {
	lines := []string{
		"USERNAME=" + plantUser,
		"COMPUTERNAME=" + plantHost,
		"USERDNSDOMAIN=" + strings.ToUpper(plantDomain),
		"   Primary Dns Suffix  . . . . . . . : " + plantSuffix,
		"   Physical Address. . . . . . . . . : " + plantMAC,
		"   IPv4 Address. . . . . . . . . . . : " + plantPrivate + "(Preferred)",
		"   IPv6 Address. . . . . . . . . . . : " + plantIPv6 + "(Preferred)",
		"    SSID                   : " + plantSSID,
		"Subject: " + plantSubject,
		"Serial Number: " + plantSerial,
		`Profile path C:\Users\` + plantUser + `\AppData\Local\Cisco\prefs.xml`,
		"12:00:01 Connecting to " + plantFQDN + " (" + plantPublic + ") from " + plantHost + "." + plantSuffix,
		"12:00:02 user " + strings.ToUpper(plantUser) + " <" + plantEmail + "> on " + strings.ToLower(strings.ReplaceAll(plantMAC, "-", ":")),
		"12:00:03 Certificate subject " + plantSubject + " serial " + plantSerial + " via " + plantServer,
		"12:00:04 Wi-Fi " + plantSSID + " gives " + plantIPv6 + " and " + plantPrivate,
		"12:00:05 Profile server " + plantGateway + " at " + plantFQDN,
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

// plantedProfile is an AnyConnect XML profile naming the planted servers.
func plantedProfile() string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/">
  <ServerList>
    <HostEntry>
      <HostName>` + plantGateway + `</HostName>
      <HostAddress>` + plantFQDN + `</HostAddress>
    </HostEntry>
    <HostEntry>
      <HostName>` + plantHost + `-backup</HostName>
      <HostAddress>` + plantServer + `</HostAddress>
    </HostEntry>
  </ServerList>
</AnyConnectProfile>
`
}

// utf16LE returns s in UTF-16LE, with a byte-order mark if bom.
func utf16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// plantedFiles are the files planted in a bundle: a UTF-8 log in a user's
// folder, system information in UTF-16LE with a byte-order mark, a file
// named for the host, an XML profile, and a nested zip holding the same.
func plantedFiles(t testing.TB) map[string][]byte {
	text := plantedText()
	files := map[string][]byte{
		"Users/" + plantUser + "/AppData/Local/Cisco/planted.log": []byte(text),
		"Planted/" + plantHost + "_sysinfo.txt":                   utf16LE(text, true),
		"Planted/Profile/Acme_VPN.xml":                            []byte(plantedProfile()),
	}
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	for name, data := range map[string][]byte{
		"inner/" + plantHost + "/env.txt": []byte(text),
		"inner/env-utf16.txt":             utf16LE(text, true),
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	files["Planted/nested-"+plantUser+".zip"] = inner.Bytes()
	return files
}

// plant writes to dir a copy of the sample bundle at src with the
// planted files added, in the sample's own container, and returns its
// path.
func plant(t testing.TB, src, dir string) string {
	t.Helper()
	files := plantedFiles(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	info, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "planted-"+filepath.Base(src))
	mod := time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC)
	switch {
	case info.IsDir():
		if err := os.CopyFS(out, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			p := filepath.Join(out, filepath.FromSlash(n))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, files[n], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	case strings.HasSuffix(src, ".zip"):
		zr, err := zip.OpenReader(src)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range zr.File {
			if err := zw.Copy(e); err != nil {
				t.Fatal(err)
			}
		}
		for _, n := range names {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: mod})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(files[n])
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	case strings.HasSuffix(src, ".tar.gz"):
		f, err := os.Open(src)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		gr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(gr)
		var buf bytes.Buffer
		gw := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gw)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			tw.WriteHeader(h)
			io.Copy(tw, tr)
		}
		for _, n := range names {
			tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: n, Mode: 0o644, Size: int64(len(files[n])), ModTime: mod, Uname: plantUser})
			tw.Write(files[n])
		}
		tw.Close()
		gw.Close()
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("%s: no way to plant secrets in it", src)
	}
	return out
}

// leaf is one file of a bundle, nested archives opened: its path and its
// bytes as stored.
type leaf struct {
	name string
	data []byte
}

// leaves returns every file of the bundle at p, a folder or an archive,
// with nested zips, tars and gzip streams opened, and the names of every
// entry, folders included.
func leaves(t testing.TB, p string) (files []leaf, names []string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	add := func(name string, data []byte) {
		names = append(names, name)
		files = append(files, openLeaf(t, name, data, &names)...)
	}
	if info.IsDir() {
		filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(p, q)
			if d.IsDir() {
				names = append(names, filepath.ToSlash(rel))
				return nil
			}
			data, err := os.ReadFile(q)
			if err != nil {
				t.Fatal(err)
			}
			add(filepath.ToSlash(rel), data)
			return nil
		})
		return files, names
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	names = append(names, filepath.Base(p))
	return openLeaf(t, "", data, &names), names
}

// openLeaf returns the files of data, a file named name: itself, or the
// files of the archive it is.
func openLeaf(t testing.TB, name string, data []byte, names *[]string) []leaf {
	t.Helper()
	prefix := name
	if prefix != "" {
		prefix += "/"
	}
	var out []leaf
	switch magic(data[:min(len(data), 512)]) {
	case "zip":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if zr.Comment != "" {
			out = append(out, leaf{prefix + "(comment)", []byte(zr.Comment)})
		}
		for _, e := range zr.File {
			*names = append(*names, prefix+e.Name)
			if strings.HasSuffix(e.Name, "/") {
				continue
			}
			rc, err := e.Open()
			if err != nil {
				t.Fatalf("%s%s: %v", prefix, e.Name, err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("%s%s: %v", prefix, e.Name, err)
			}
			out = append(out, openLeaf(t, prefix+e.Name, b, names)...)
		}
		return out
	case "gz":
		gr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		*names = append(*names, gr.Name)
		b, err := io.ReadAll(gr)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return openLeaf(t, prefix+"(gz)", b, names)
	case "tar":
		tr := tar.NewReader(bytes.NewReader(data))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			*names = append(*names, prefix+h.Name, h.Linkname, h.Uname, h.Gname)
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatalf("%s%s: %v", prefix, h.Name, err)
			}
			if h.Typeflag == tar.TypeReg {
				out = append(out, openLeaf(t, prefix+h.Name, b, names)...)
			}
		}
	}
	return []leaf{{name, data}}
}

// leaks returns where the secrets appear in the bundle at p: in a name, in
// a file's bytes (also as UTF-16LE), or in its text as dart decodes it.
func leaks(t testing.TB, p string, secrets []string) []string {
	t.Helper()
	files, names := leaves(t, p)
	var found []string
	for _, s := range secrets {
		low := strings.ToLower(s)
		wide := bytes.ToLower(utf16LE(s, false))
		for _, n := range names {
			if strings.Contains(strings.ToLower(n), low) {
				found = append(found, "name "+n+": "+s)
			}
		}
		for _, f := range files {
			raw := bytes.ToLower(f.data)
			switch {
			case bytes.Contains(raw, []byte(low)):
				found = append(found, f.name+": "+s)
			case bytes.Contains(raw, wide):
				found = append(found, f.name+" (UTF-16LE): "+s)
			default:
				head := f.data[:min(len(f.data), 4096)]
				r, _ := dart.DecodeText(bytes.NewReader(f.data), head)
				text, _ := io.ReadAll(r)
				if bytes.Contains(bytes.ToLower(text), []byte(low)) {
					found = append(found, f.name+" (decoded): "+s)
				}
			}
		}
	}
	return found
}

// walkText returns the text of every file of the bundle at p, as dart
// reads it.
func walkText(t testing.TB, p string) map[string]string {
	t.Helper()
	b, err := dart.Open(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	out := map[string]string{}
	err = b.Walk(context.Background(), func(f dart.File, r io.Reader) error {
		data, err := io.ReadAll(bufio.NewReader(r))
		out[f.Name] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// gzipTo writes data to w as a gzip stream of the file name.
func gzipTo(w io.Writer, name string, data []byte) error {
	gw := gzip.NewWriter(w)
	gw.Name = name
	if _, err := gw.Write(data); err != nil {
		return err
	}
	return gw.Close()
}
