package redact

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/text")

var testKey = []byte("0123456789abcdef0123")

func newTest(t testing.TB, opts *Options) *Redactor {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	if opts.Key == nil {
		opts.Key = testKey
	}
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// goldenCases are the inputs of testdata/text, with the secrets each
// plants: none may be left in the output, in any case.
var goldenCases = []struct {
	name    string
	secrets []string
	kept    []string // must be left as they are
}{
	{"user", []string{"jdoe", "John Smith", "alice", "bob.builder", "carol", "jsmith", "mallory", "eve", "ACME\\"},
		[]string{`C:\Users\Public\Desktop`, `C:\Users\Default\NTUSER.DAT`, "to the user: Checking", "User: NT AUTHORITY\\SYSTEM\nUser: S-1-5-18"}},
	{"host", []string{"DESKTOP-ACME42", "ACME", "WS-0042", "LAPTOP-7G3K", "FINANCE-PC01", "corp.acme", "branch.acme", "acme.com", "acme.local"}, nil},
	{"domain", []string{"acme", "intranet", "10.20.30.4", "3.2.1.10"},
		[]string{"mus.cisco.com", "www.cisco.com", "ocsp.digicert.com", "login.microsoftonline.com", "example.com", "acvpnagent.exe", "vpnapi.dll", "CVCUtil.cpp", "script.sh", "readme.md", "lib.so", "archive.zip", "System.Net.Http", ".xml", "8.8.8.8.in-addr.arpa"}},
	{"address", []string{"10.119.151.91", "10.139.1.119", "203.0.114.7", "10.10.1.1", "172.20.5.9", "100.72.3.4", "192.168.1.10", "81.2.69.142", "2a01:e0a:1f2:3::5", "fd12:3456:789a::1", "10.1.2.3", "10.44.0.0"},
		[]string{"FE80:0:0:0:D2EC:85EB:F276:CD45", "10.0.0.0 mask 255.0.0.0", "0.0.0.0 mask 128.0.0.0", "127.0.0.1 ::1 fe80::1%12 169.254.1.1 224.0.0.251 255.255.255.255 0.0.0.0 8.8.8.8 1.1.1.1 2001:4860:4860::8888 192.0.2.10 2001:db8::42", "Version 10.0.0.1, build 10.0.19045.1234, 4.10.06079, FileVersion: 10.0.0.2, v10.0.0.3", "20:21:32.123", "CHostLocator::resolve", "/16"}},
	{"mac", []string{"3c:4d:5e", "3C-4D-5E", "3c4d.5e", "11:22:33:44"},
		[]string{"00-1A-2B-", "00:1a:2b:", "001a.2b", "3a:", "ff:ff:ff:ff:ff:ff 01:00:5e:00:00:fb 00:00:00:00:00:00 33:33:00:00:00:01", "00-00-00-00-00-00-00-E0"}},
	{"email", []string{"jdoe", "John.Doe", "alice", "acme", "someone"}, []string{"@cisco.com", "keeps cisco.com"}},
	{"cert", []string{"acme", "Network Operations", "Springfield", "Ohio", "John Doe", "jdoe", "LAPTOP-7G3K", "it@", "1a 2b 3c 4d", "0A:1B:2C", "5A3F00C1D2E3", "FCH2033V1KG", "10.1.2.3"},
		[]string{"CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US", "C=US", "CN=*."}},
	{"ssid", []string{"Acme Guest", "Acme-Corp 5G", "HomeNet", "3c:4d:5e"}, []string{"Name                   : Wi-Fi"}},
	{"nearmiss", nil, nil},
}

func readCase(t *testing.T, name string) []byte {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("testdata", "text", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			r := newTest(t, nil)
			in := readCase(t, c.name)
			// As a bundle is: its secrets learnt first, then replaced
			// wherever they appear.
			r.LearnText(in)
			out := r.Redact(nil, in, c.name+".txt")
			golden := filepath.Join("testdata", "text", c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("redacted %s differs from %s:\n%s", c.name, golden, out)
			}
			lower := strings.ToLower(string(out))
			for _, s := range c.secrets {
				if strings.Contains(lower, strings.ToLower(s)) {
					t.Errorf("secret %q left in:\n%s", s, out)
				}
			}
			for _, k := range c.kept {
				if !bytes.Contains(out, []byte(k)) {
					t.Errorf("%q not kept:\n%s", k, out)
				}
			}
			if c.name == "nearmiss" && !bytes.Equal(out, in) {
				t.Errorf("a healthy log changed:\n%s", out)
			}
			if again := r.Redact(nil, out, c.name+".txt"); !bytes.Equal(again, out) {
				t.Errorf("a second redaction changed the text:\n%s\nto\n%s", out, again)
			}
			if len(bytes.Split(in, []byte("\n"))) != len(bytes.Split(out, []byte("\n"))) {
				t.Errorf("the number of lines changed")
			}
		})
	}
}

// TestSameLength checks that SameLength keeps the length in UTF-16 code
// units of every golden line, leaves no secret, and gives the text's
// pseudonyms where they fit.
func TestSameLength(t *testing.T) {
	r := newTest(t, nil)
	for _, c := range goldenCases {
		r.LearnText(readCase(t, c.name))
		for _, line := range strings.Split(string(readCase(t, c.name)), "\n") {
			out := r.SameLength(line, c.name)
			if n, m := len(utf16.Encode([]rune(line))), len(utf16.Encode([]rune(out))); n != m {
				t.Errorf("%q (%d units) became %q (%d units)", line, n, out, m)
			}
			for _, s := range c.secrets {
				if strings.Contains(strings.ToLower(out), strings.ToLower(s)) {
					t.Errorf("secret %q left in %q", s, out)
				}
			}
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"USERNAME=bo", ""},
		{"SSID: Café", ""},
		{"at 10.1.2.3 now", "at " + r.Addr(netip.MustParseAddr("10.1.2.3")).String() + " now"},
		{"USERNAME=administrators", "USERNAME=" + r.Pseudonym(KindUser, "administrators") + "xx"},
	} {
		got := r.SameLength(tc.in, "")
		if tc.in == "USERNAME=bo" || tc.in == "SSID: Café" {
			if utf16Len([]byte(got)) != utf16Len([]byte(tc.in)) || strings.Contains(got, "bo") || strings.Contains(got, "Caf") {
				t.Errorf("SameLength(%q) = %q", tc.in, got)
			}
			continue
		}
		if tc.in == "USERNAME=administrators" {
			p := r.Pseudonym(KindUser, "administrators")
			if len(got) != len(tc.in) || !strings.HasPrefix(got, "USERNAME="+p) {
				t.Errorf("SameLength(%q) = %q, want %s padded", tc.in, got, p)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("SameLength(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConsistent(t *testing.T) {
	r := newTest(t, nil)
	a := r.Redact(nil, []byte("USERNAME=JDoe at 10.1.2.3 on vpn.acme.com"), "a.txt")
	b := r.Redact(nil, []byte(`C:\Users\jdoe and 10.1.2.3 and VPN.ACME.COM`), "b.txt")
	p := r.Pseudonym(KindUser, "jdoe")
	addr := r.Addr(netip.MustParseAddr("10.1.2.3")).String()
	name := r.Name("vpn.acme.com")
	for _, out := range []string{string(a), string(b)} {
		for _, want := range []string{p, addr, name} {
			if !strings.Contains(out, want) {
				t.Errorf("%q lacks %q", out, want)
			}
		}
	}
	if got := r.Name("VPN.ACME.COM."); got != name+"." {
		t.Errorf("Name of the dotted upper-case form = %q, want %q", got, name+".")
	}
	// A host and its domain stay related.
	dom := r.Name("acme.com")
	if !strings.HasSuffix(name, "."+dom) || !strings.HasSuffix(dom, ".example") {
		t.Errorf("vpn.acme.com -> %q and acme.com -> %q are not related", name, dom)
	}
	if h := r.Name("DESKTOP-ACME42"); !strings.HasPrefix(r.Name("desktop-acme42.acme.com"), h+".") {
		t.Errorf("a host's FQDN does not start with its name's pseudonym %q", h)
	}
	if got := r.String("jdoe@acme.com"); got != p+"@"+dom {
		t.Errorf("jdoe@acme.com -> %q, want %q", got, p+"@"+dom)
	}
	// A reverse name is the reverse name of the address's pseudonym.
	q := r.Addr(netip.MustParseAddr("10.1.2.3")).As4()
	if got, want := r.Name("3.2.1.10.in-addr.arpa."), fmt.Sprintf("%d.%d.%d.%d.in-addr.arpa.", q[3], q[2], q[1], q[0]); got != want {
		t.Errorf("reverse name %q, want %q", got, want)
	}
	if got := r.Name("8.8.8.8.in-addr.arpa"); got != "8.8.8.8.in-addr.arpa" {
		t.Errorf("the reverse name of a kept address became %q", got)
	}
	// Text and the Addr, MAC and Name functions agree.
	hw := r.MAC(net.HardwareAddr{0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e})
	if got := r.String("00:1a:2b:3c:4d:5e"); got != hw.String() {
		t.Errorf("MAC in text %q, MAC() %q", got, hw)
	}
	if hw[0] != 0x00 || hw[1] != 0x1a || hw[2] != 0x2b {
		t.Errorf("vendor prefix not kept: %s", hw)
	}
}

func TestAddrClass(t *testing.T) {
	r := newTest(t, nil)
	kept := []string{"127.0.0.1", "::1", "fe80::1", "169.254.1.1", "0.0.0.0", "::", "224.0.0.251", "ff02::fb",
		"255.255.255.255", "255.255.255.0", "8.8.8.8", "2606:4700:4700::1111", "192.0.2.1", "2001:db8::1"}
	for _, s := range kept {
		a := netip.MustParseAddr(s)
		if got := r.Addr(a); got != a {
			t.Errorf("Addr(%s) = %s, want it kept", a, got)
		}
	}
	shared := netip.MustParsePrefix("100.64.0.0/10")
	blocks := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"), shared, netip.MustParsePrefix("fc00::/7")}
	seen := map[netip.Addr]netip.Addr{}
	for i := 0; i < 3000; i++ {
		for _, s := range []string{
			fmt.Sprintf("10.%d.%d.%d", i%256, i/256, i%7+1),
			fmt.Sprintf("172.%d.%d.%d", 16+i%16, i%256, 1+i/256),
			fmt.Sprintf("192.168.%d.%d", i%3, 1+i%250),
			fmt.Sprintf("100.%d.%d.%d", 64+i%64, i%256, 9),
			fmt.Sprintf("%d.%d.%d.%d", 20+i%80, i%256, i/256, 5),
			fmt.Sprintf("2a01:e0a::%x", i),
			fmt.Sprintf("fd00:1::%x", i),
		} {
			a := netip.MustParseAddr(s)
			p := r.Addr(a)
			if _, given := seen[a]; given {
				// a is the pseudonym of another: it reads as one, and is
				// left as it is.
				if p != a {
					t.Fatalf("the pseudonym %s was replaced by %s", a, p)
				}
				continue
			}
			if p == a {
				t.Fatalf("Addr(%s) kept", a)
			}
			if q, dup := seen[p]; dup && q != a {
				t.Fatalf("%s and %s share the pseudonym %s", a, q, p)
			}
			seen[p] = a
			if p.IsPrivate() != a.IsPrivate() || p.Is4() != a.Is4() || p.IsGlobalUnicast() != a.IsGlobalUnicast() || shared.Contains(p) != shared.Contains(a) {
				t.Fatalf("Addr(%s) = %s, of another class", a, p)
			}
			for _, b := range blocks {
				if b.Contains(a) != b.Contains(p) {
					t.Fatalf("Addr(%s) = %s left %s", a, p, b)
				}
			}
			if a.Is4() && !a.IsPrivate() && !shared.Contains(a) && keptClass(p) {
				t.Fatalf("public %s became the special %s", a, p)
			}
			if got := r.Addr(p); got != p {
				t.Fatalf("the pseudonym %s was replaced by %s", p, got)
			}
		}
	}
	if got := r.String("at 10.1.2.3"); got != "at "+r.Addr(netip.MustParseAddr("10.1.2.3")).String() {
		t.Errorf("text %q differs from Addr", got)
	}
	if got := r.Addr(netip.MustParseAddr("fe80::1%eth0")); got.Zone() != "eth0" {
		t.Errorf("zone lost: %s", got)
	}
}

func TestKey(t *testing.T) {
	in := readCase(t, "domain")
	a := newTest(t, nil).Redact(nil, in, "")
	b := newTest(t, nil).Redact(nil, in, "")
	c := newTest(t, &Options{Key: []byte("another key of 16+ bytes")}).Redact(nil, in, "")
	if !bytes.Equal(a, b) {
		t.Errorf("the same key gave two outputs")
	}
	if bytes.Equal(a, c) {
		t.Errorf("two keys gave the same output")
	}
	if _, err := New(&Options{Key: []byte("short")}); err != ErrKey {
		t.Errorf("short key: %v, want ErrKey", err)
	}
	r, err := New(nil)
	if err != nil || len(r.Key()) != 32 {
		t.Errorf("New(nil): key %x, %v", r.Key(), err)
	}
}

func TestCollisions(t *testing.T) {
	r := newTest(t, nil)
	seen := map[string]string{}
	for i := 0; i < 20000; i++ {
		v := fmt.Sprintf("user%d", i)
		p := r.Pseudonym(KindUser, v)
		if q, dup := seen[p]; dup {
			t.Fatalf("%s and %s share %s", v, q, p)
		}
		seen[p] = v
		if !isPseudonymLabel(p) || !strings.HasPrefix(p, "user-") {
			t.Fatalf("pseudonym %q of another form", p)
		}
	}
	// 192.168.7.1-9 are 9 addresses of one-digit octets: frozen, so
	// that none is kept as the pseudonym of another, they have 9
	// distinct pseudonyms of the same widths.
	r.frozen.Add(1)
	defer r.frozen.Add(-1)
	seenA := map[netip.Addr]bool{}
	for i := 1; i < 10; i++ {
		a := netip.AddrFrom4([4]byte{192, 168, 7, byte(i)})
		p := r.Addr(a)
		if seenA[p] || p == a {
			t.Fatalf("%s shares %s", a, p)
		}
		if len(p.String()) != len(a.String()) || !netip.MustParsePrefix("192.168.0.0/16").Contains(p) {
			t.Fatalf("%s -> %s: widths or block not kept", a, p)
		}
		seenA[p] = true
	}

}

func TestLearn(t *testing.T) {
	r := newTest(t, nil)
	r.Learn(KindHost, "DESKTOP-ACME42")
	r.Learn(KindSSID, "Acme Guest")
	r.Learn(KindSSID, "Acme Guest 5G")
	r.Learn(KindDomain, "gw.acme.weird")
	r.Learn(KindUser, "cisco.com") // kept: not learnt
	in := "on desktop-acme42, ssids Acme Guest and ACME GUEST 5G, gw.acme.weird; DESKTOP-ACME420 and xDESKTOP-ACME42 are other words; cisco.com"
	out := r.String(in)
	for _, s := range []string{"desktop-acme42,", "Guest", "GUEST", "gw.acme"} {
		if strings.Contains(out, s) {
			t.Errorf("%q left in %q", s, out)
		}
	}
	for _, s := range []string{"DESKTOP-ACME420", "xDESKTOP-ACME42", "cisco.com"} {
		if !strings.Contains(out, s) {
			t.Errorf("%q not kept in %q", s, out)
		}
	}
	if !strings.Contains(out, r.Pseudonym(KindSSID, "acme guest 5g")) {
		t.Errorf("the longest learnt value did not win: %q", out)
	}
	r2 := newTest(t, nil)
	r2.LearnText([]byte("USERNAME=jdoe\nSSID : Home Net\n"))
	if got := r2.String("jdoe joined Home Net"); strings.Contains(got, "jdoe") || strings.Contains(got, "Home Net") {
		t.Errorf("LearnText did not learn: %q", got)
	}
}

func TestKeepAndPatterns(t *testing.T) {
	r := newTest(t, &Options{
		Keep: []string{"vpn.acme.com", "*.partner.net", "10.9.0.0/16", "81.2.69.142"},
		Patterns: []Pattern{
			{Kind: KindOther, Regexp: regexp.MustCompile(`ticket #([0-9]+)`)},
			{Kind: KindUser, Regexp: regexp.MustCompile(`emp[0-9]{5}`)},
		},
	})
	in := "vpn.acme.com gw.acme.com a.b.partner.net 10.9.1.2 10.8.1.2 81.2.69.142 ticket #12345 by emp00042"
	out := r.String(in)
	for _, k := range []string{"vpn.acme.com", "a.b.partner.net", "10.9.1.2", "81.2.69.142", "ticket #other-"} {
		if !strings.Contains(out, k) {
			t.Errorf("%q not in %q", k, out)
		}
	}
	for _, s := range []string{"gw.acme", "10.8.1.2", "12345", "emp00042"} {
		if strings.Contains(out, s) {
			t.Errorf("%q left in %q", s, out)
		}
	}
	if !strings.Contains(out, r.Pseudonym(KindUser, "emp00042")) {
		t.Errorf("the pattern's kind is not used: %q", out)
	}
	if again := r.String(out); again != out {
		t.Errorf("not idempotent with patterns: %q", again)
	}
	if !r.Kept("mus.cisco.com") || !r.Kept("x.partner.net") || r.Kept("acme.com") || !r.Kept("user-3f9a1c") {
		t.Errorf("Kept is wrong")
	}
}

// TestAddPseudonyms checks that a redaction of a redacted text with
// another key, told the first's pseudonyms, changes nothing.
func TestAddPseudonyms(t *testing.T) {
	first := newTest(t, nil)
	var outs [][]byte
	for _, c := range goldenCases {
		outs = append(outs, first.Redact(nil, readCase(t, c.name), c.name))
	}
	second := newTest(t, &Options{Key: []byte("the key of another run")})
	second.AddPseudonyms(first.Pseudonyms()...)
	for i, out := range outs {
		if again := second.Redact(nil, out, ""); !bytes.Equal(again, out) {
			t.Errorf("%s: a second redaction changed\n%s\nto\n%s", goldenCases[i].name, out, again)
		}
	}
	for _, p := range first.Pseudonyms() {
		for _, c := range goldenCases {
			for _, s := range c.secrets {
				if strings.EqualFold(p, s) {
					t.Errorf("Pseudonyms holds the secret %q", s)
				}
			}
		}
	}
}

func TestMap(t *testing.T) {
	r := newTest(t, nil)
	r.Redact(nil, []byte("USERNAME=jdoe\nnothing here\nUser: jdoe at 10.1.2.3\n"), "a.txt")
	r.Redact(nil, []byte(`C:\Users\jdoe`), "b.txt")
	m := r.Map()
	var buf bytes.Buffer
	if err := m.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Map
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Key != fmt.Sprintf("%x", testKey) {
		t.Errorf("key %q", back.Key)
	}
	var user *MapEntry
	for i := range back.Entries {
		if back.Entries[i].Original == "jdoe" {
			user = &back.Entries[i]
		}
	}
	if user == nil || user.Kind != "user" || user.Count != 3 || user.Files["a.txt"] != 2 || user.Files["b.txt"] != 1 || user.Pseudonym != r.Pseudonym(KindUser, "jdoe") {
		t.Fatalf("entry of jdoe: %+v", user)
	}
	want := map[string]MapTotal{
		"user":    {Kind: "user", Values: 1, Replacements: 3, Files: 2, Lines: 3},
		"address": {Kind: "address", Values: 1, Replacements: 1, Files: 1, Lines: 1},
	}
	for _, tot := range back.Totals {
		if w, ok := want[tot.Kind]; ok && tot != w {
			t.Errorf("totals of %s: %+v, want %+v", tot.Kind, tot, w)
		}
	}
	files := fmt.Sprint(back.Files)
	if files != "[{a.txt 2 3} {b.txt 1 1}]" {
		t.Errorf("files: %s", files)
	}
}

// TestMapAgain checks that Map and Pseudonyms, called between
// redactions, give what one call after all of them gives: the secrets
// added since are in the sorted lists, the counts of a secret in three
// files and in a file met again are right.
func TestMapAgain(t *testing.T) {
	texts := []struct{ text, file string }{
		{"User: jdoe at 10.1.2.3 and 10.9.8.7\n", "a.txt"},
		{`C:\Users\jdoe from 172.16.5.4` + "\n", "b.txt"},
		{"User: jdoe\n10.1.2.3 and 192.168.7.7\nhost vpn.acme.com\n", "c.txt"},
		{"User: asmith at 10.1.2.3\n", "a.txt"},
		{"User: jdoe\n", "b.txt"},
	}
	once := newTest(t, nil)
	again := newTest(t, nil)
	for _, x := range texts {
		once.Redact(nil, []byte(x.text), x.file)
		again.Redact(nil, []byte(x.text), x.file)
		again.Map()
		again.Pseudonyms()
	}
	again.Pseudonym(KindHost, "laptop-7")
	once.Pseudonym(KindHost, "laptop-7")
	want, got := once.Map(), again.Map()
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("map after repeated calls:\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	counts := map[string]map[string]int{}
	for _, e := range got.Entries {
		counts[e.Original] = e.Files
	}
	if c := counts["jdoe"]; len(c) != 3 || c["a.txt"] != 1 || c["b.txt"] != 2 || c["c.txt"] != 1 {
		t.Errorf("files of jdoe: %v\n%s", c, gotJSON)
	}
	if c := counts["10.1.2.3"]; len(c) != 2 || c["a.txt"] != 2 || c["c.txt"] != 1 {
		t.Errorf("files of 10.1.2.3: %v", c)
	}
	if c := counts["laptop-7"]; c == nil || len(c) != 0 {
		t.Errorf("files of laptop-7, replaced in no file: %v", c)
	}
	wantP, gotP := once.Pseudonyms(), again.Pseudonyms()
	if strings.Join(gotP, " ") != strings.Join(wantP, " ") || len(gotP) < 8 {
		t.Errorf("pseudonyms after repeated calls: %q, want %q", gotP, wantP)
	}
	for i := 1; i < len(gotP); i++ {
		if gotP[i-1] > gotP[i] {
			t.Errorf("pseudonyms not sorted: %q", gotP)
		}
	}
}

func TestConcurrent(t *testing.T) {
	var ins [][]byte
	for _, c := range goldenCases {
		ins = append(ins, readCase(t, c.name))
	}
	seq := newTest(t, nil)
	var want [][]byte
	for _, in := range ins {
		want = append(want, seq.Redact(nil, in, ""))
	}
	r := newTest(t, nil)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, in := range ins {
				if got := r.Redact(nil, in, ""); !bytes.Equal(got, want[i]) {
					t.Errorf("concurrent redaction of %s differs", goldenCases[i].name)
				}
			}
		}()
	}
	wg.Wait()
}

func ExampleRedactor_String() {
	r, _ := New(&Options{Key: []byte("an example key, not a secret")})
	fmt.Println(r.String("Contacting mus.cisco.com via 8.8.8.8 from 127.0.0.1"))
	out := r.String(`C:\Users\jdoe connected to vpn.acme.com at 10.1.2.3`)
	fmt.Println(strings.Contains(out, "jdoe"), strings.Contains(out, "acme"), strings.Contains(out, "10.1.2.3"))
	// Output:
	// Contacting mus.cisco.com via 8.8.8.8 from 127.0.0.1
	// false false false
}
