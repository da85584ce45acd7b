package redact

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// Secrets planted in the EVTX fixtures, and how a bundle's redactor
// knows them: the computer and user from the bundle's facts, the rest by
// their form.
var evtxSecrets = []struct {
	kind  Kind
	value string
	learn bool
}{
	{KindHost, "DESKTOP-ACME42", true},
	{KindUser, "jdoe.smith", true},
	{KindDomain, "vpn.acme-corp.com", true},
	{KindDomain, "static-host.acme-corp.com", true},
	{KindAddress, "2a02:6b8:ac3e::42", true},
	{KindAddress, "10.1.2.3", false},
	{KindAddress, "172.16.254.7", false},
	{KindEmail, "jdoe.smith@acme-corp.com", false},
	{KindMAC, "00:1A:2B:3C:4D:5E", false},
}

var evtxKey = []byte("an EVTX test key of 32 bytes...!")

// evtxRedactor returns a redactor that knows the fixtures' learnt
// secrets, as one that learnt the bundle's facts would.
func newEVTXRedactor(t testing.TB) *Redactor {
	t.Helper()
	r, err := New(&Options{Key: evtxKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range evtxSecrets {
		if s.learn {
			r.Learn(s.kind, s.value)
		}
	}
	return r
}

// secretEvents returns n events that hold the planted secrets in their
// computer names and data, among events that hold none.
func secretEvents(n int) []evtxgen.Event {
	start := time.Date(2020, 6, 17, 20, 21, 32, 415000000, time.UTC)
	data := []string{
		"Function: CDNSRequest::OnSocketReadComplete\r\nFile: c:\\temp\\build\\dnsrequest.cpp\r\nLine: 1147\r\n" +
			"Timeout (per request) while trying to resolve [A] query vpn.acme-corp.com via DNS server 10.1.2.3 (timeout 11000 ms)\r\n",
		"Profile loaded from C:\\Users\\jdoe.smith\\AppData\\Local\\Cisco\\Cisco AnyConnect Secure Mobility Client\\profile.xml",
		"Certificate for jdoe.smith@acme-corp.com selected; interface 00:1A:2B:3C:4D:5E up",
		"Tunnel addresses 172.16.254.7 and 2a02:6b8:ac3e::42 assigned",
		"The VPN connection has been established and can now pass data.",
		"Contacting mus.cisco.com for updates",
	}
	var ev []evtxgen.Event
	for i := range n {
		ev = append(ev, evtxgen.Event{
			Time: start.Add(time.Duration(i) * 15 * time.Second), Level: uint8(2 + i%3), Provider: "acvpnagent",
			EventID: uint16(2000 + i%50), Qualifiers: 25600, Computer: "DESKTOP-ACME42",
			Channel: "Cisco AnyConnect Secure Mobility Client", Data: data[i%len(data)],
		})
	}
	return ev
}

func redactEVTX(t testing.TB, r *Redactor, in []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := EVTX(r, &out, bytes.NewReader(in), "AnyConnect.evtx"); err != nil {
		t.Fatalf("EVTX: %v", err)
	}
	if out.Len() != len(in) {
		t.Fatalf("EVTX wrote %d bytes of %d", out.Len(), len(in))
	}
	return out.Bytes()
}

func readEVTX(t testing.TB, b []byte) []logparse.Record {
	t.Helper()
	rd, err := evtx.NewReader(bytes.NewReader(b), int64(len(b)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var recs []logparse.Record
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatalf("reading: %v", err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// asciiLower lowers the ASCII letters of b, and no other byte.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// checkNoSecret fails if a planted secret is in b, in ASCII or UTF-16LE,
// whatever its case.
func checkNoSecret(t *testing.T, what string, b []byte) {
	t.Helper()
	low := asciiLower(b)
	for _, s := range evtxSecrets {
		v := strings.ToLower(s.value)
		if bytes.Contains(low, []byte(v)) || bytes.Contains(low, utf16le(v)) {
			t.Errorf("%s: %s %q left", what, s.kind, s.value)
		}
	}
}

// checkEVTXChecksums fails unless every checksum of the file b verifies.
func checkEVTXChecksums(t *testing.T, b []byte) {
	t.Helper()
	le := binary.LittleEndian
	if crc32.ChecksumIEEE(b[:120]) != le.Uint32(b[124:]) {
		t.Error("file header checksum")
	}
	for i := 0; evtx.FileHeaderSize+i*evtx.ChunkSize < len(b); i++ {
		c := b[evtx.FileHeaderSize+i*evtx.ChunkSize:][:evtx.ChunkSize]
		if evtx.ChunkHeaderChecksum(c) != le.Uint32(c[124:]) {
			t.Errorf("chunk %d: header checksum", i)
		}
		free := le.Uint32(c[48:])
		if crc32.ChecksumIEEE(c[evtx.ChunkHeaderSize:free]) != le.Uint32(c[52:]) {
			t.Errorf("chunk %d: records checksum", i)
		}
	}
}

// evtxDump runs python-evtx's evtx_dump.py on b and returns its XML.
func evtxDump(t *testing.T, b []byte) string {
	t.Helper()
	dump, err := exec.LookPath("evtx_dump.py")
	if err != nil {
		t.Skip("evtx_dump.py (python3-evtx) not installed")
	}
	f := filepath.Join(t.TempDir(), "out.evtx")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(dump, f)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("evtx_dump.py: %v\n%s", err, stderr.Bytes())
	}
	return string(out)
}

func TestEVTXGenerated(t *testing.T) {
	events := secretEvents(600) // several chunks
	in := evtxgen.Bytes(events)
	r := newEVTXRedactor(t)
	out := redactEVTX(t, r, in)

	before, after := readEVTX(t, in), readEVTX(t, out)
	if len(after) != len(events) || len(before) != len(events) {
		t.Fatalf("read %d records from the input, %d from the output, of %d", len(before), len(after), len(events))
	}
	for i, a := range after {
		b, e := before[i], events[i]
		if !a.Time.Equal(b.Time) || a.Level != b.Level || a.EventID != b.EventID || a.Source != b.Source || a.Pos != b.Pos {
			t.Fatalf("record %d: %+v, was %+v", i, a, b)
		}
		if want := r.SameLength(e.Computer, ""); a.Host != want {
			t.Errorf("record %d: host %q, want %q", i, a.Host, want)
		}
		header, msg := logparse.ParseHeader(strings.TrimRight(r.SameLength(e.Data, ""), " \t\r\n"))
		if a.Message != msg || a.Header != header {
			t.Errorf("record %d: message %q (header %+v), want %q (%+v)", i, a.Message, a.Header, msg, header)
		}
	}
	if !strings.Contains(after[5].Message, "mus.cisco.com") {
		t.Errorf("kept name gone: %q", after[5].Message)
	}
	checkNoSecret(t, "output", out)
	checkEVTXChecksums(t, out)
	// Every replacement counts, however often the value repeats.
	counted := -1
	for _, e := range r.Map().Entries {
		if strings.EqualFold(e.Original, "DESKTOP-ACME42") {
			counted = e.Files["AnyConnect.evtx"]
		}
	}
	if counted != len(events) {
		t.Errorf("computer name counted %d times in %d records", counted, len(events))
	}

	xml := evtxDump(t, out)
	if n := strings.Count(xml, "<Event "); n != len(events) {
		t.Errorf("evtx_dump.py shows %d events of %d", n, len(events))
	}
	checkNoSecret(t, "evtx_dump.py", []byte(xml))
}

func TestEVTXDeterministic(t *testing.T) {
	in := evtxgen.Bytes(secretEvents(300))
	out := redactEVTX(t, newEVTXRedactor(t), in)
	if again := redactEVTX(t, newEVTXRedactor(t), in); !bytes.Equal(out, again) {
		t.Error("the same key gave different output")
	}
}

// TestEVTXIdempotent redacts a redacted file with a redactor that keeps
// the first one's pseudonyms, as Bundle's does for a redacted bundle: it
// changes nothing. Only events whose text the text redactor itself leaves
// as it is on a second pass are used, so that this tests EVTX alone.
func TestEVTXIdempotent(t *testing.T) {
	r := newEVTXRedactor(t)
	r2 := newEVTXRedactor(t)
	var events []evtxgen.Event
	kinds := map[string]bool{}
	for _, e := range secretEvents(300) {
		once := r.SameLength(e.Data, "")
		r2.AddPseudonyms(r.Pseudonyms()...)
		if r2.SameLength(once, "") == once {
			events = append(events, e)
			kinds[e.Data] = true
		}
	}
	if len(kinds) < 4 {
		t.Fatalf("only %d kinds of event kept for the test", len(kinds))
	}
	in := evtxgen.Bytes(events)
	out := redactEVTX(t, r, in)
	r2.AddPseudonyms(r.Pseudonyms()...)
	if twice := redactEVTX(t, r2, out); !bytes.Equal(twice, out) {
		t.Errorf("redacting the output changed it at %d", firstDiff(twice, out))
	}

	// A file without secrets comes out as it went in.
	clean := secretEvents(200)
	for i := range clean {
		clean[i].Computer = "WORKSTATION"
		clean[i].Data = "The VPN connection has been established and can now pass data."
	}
	in = evtxgen.Bytes(clean)
	if out := redactEVTX(t, newEVTXRedactor(t), in); !bytes.Equal(out, in) {
		t.Errorf("a file without secrets changed at %d", firstDiff(out, in))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestEVTXSamples redacts the .evtx of the repository's Windows bundles
// and its TechNote fixture.
func TestEVTXSamples(t *testing.T) {
	samples := map[string][]byte{}
	if b, err := os.ReadFile("../logparse/evtx/testdata/technote.evtx"); err == nil {
		samples["technote.evtx"] = b
	} else {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader("../testdata/bundles/dart-windows-evtx-only.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".evtx") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		samples[f.Name] = b
	}
	if len(samples) < 5 {
		t.Fatalf("%d samples", len(samples))
	}
	for name, in := range samples {
		t.Run(name, func(t *testing.T) {
			r := newEVTXRedactor(t)
			r.Learn(KindHost, "DESKTOP-7RK2QF1") // the samples' computer
			out := redactEVTX(t, r, in)
			before, after := readEVTX(t, in), readEVTX(t, out)
			if len(before) == 0 || len(after) != len(before) {
				t.Fatalf("%d records, then %d", len(before), len(after))
			}
			for i, a := range after {
				b := before[i]
				if !a.Time.Equal(b.Time) || a.Level != b.Level || a.EventID != b.EventID || a.Source != b.Source {
					t.Fatalf("record %d: %+v, was %+v", i, a, b)
				}
				if strings.Contains(strings.ToLower(a.Host+a.Message), "desktop-7rk2qf1") {
					t.Errorf("record %d: computer name left: %q %q", i, a.Host, a.Message)
				}
			}
			if bytes.Contains(asciiLower(out), utf16le("desktop-7rk2qf1")) {
				t.Error("computer name left in the bytes")
			}
			checkEVTXChecksums(t, out)
			if xml := evtxDump(t, out); strings.Count(xml, "<Event ") != len(before) {
				t.Errorf("evtx_dump.py shows %d events of %d", strings.Count(xml, "<Event "), len(before))
			}
		})
	}
}
