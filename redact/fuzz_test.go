package redact

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// An IPv4 address as a word of its own.
	ipv4Re = regexp.MustCompile(`(?:^|[^\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:$|[^\w.])`)
	// What makes a dotted quad a version.
	versionWordRe = regexp.MustCompile(`(?i)(?:version|ver|build|release|\bv)[ \t:="']{0,4}$`)
	emailRe       = regexp.MustCompile(`[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9-]+\.)+(?:com|net|org|local|uk)\b`)
)

// FuzzRedact checks, for any text around a planted address and e-mail
// address on lines of their own, that Redact does not panic, leaves
// neither planted secret unless it is kept, changes nothing on a second
// pass, and that SameLength keeps the text's length in UTF-16 code
// units.
func FuzzRedact(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "text", "*.txt"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			f.Add(line, byte(10), byte(1), byte(2), byte(3), "jdoe")
		}
	}
	f.Add("USERNAME=x\nSSID : \"", byte(81), byte(2), byte(69), byte(142), "a.b")
	f.Add("Serial Number: 0a:0b", byte(192), byte(168), byte(0), byte(1), "x")
	f.Fuzz(func(t *testing.T, text string, a, b, c, d byte, local string) {
		r, err := New(&Options{Key: testKey})
		if err != nil {
			t.Fatal(err)
		}
		ip := fmt.Sprintf("%d.%d.%d.%d", a, b, c, d)
		local = strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, strings.ToLower(local))
		if local == "" {
			local = "x"
		}
		email := local + "@acme.com"
		in := text + "\n" + ip + "\n" + email + "\n" + text
		out := r.Redact(nil, []byte(in), "f")
		lines := bytes.Split(out, []byte("\n"))
		n := len(strings.Split(text, "\n"))
		if len(lines) != 2*n+2 {
			t.Fatalf("%d lines became %d:\n%q\n%q", 2*n+2, len(lines), in, out)
		}
		if got := string(lines[n]); got == ip && !r.Kept(ip) {
			t.Errorf("address %s left in %q", ip, out)
		}
		if got := string(lines[n+1]); strings.Contains(got, email) && !isPseudonymLabel(local) {
			t.Errorf("e-mail address %s left in %q", email, out)
		}
		for _, m := range ipv4Re.FindAllSubmatchIndex(out, -1) {
			a := string(out[m[2]:m[3]])
			if _, err := netip.ParseAddr(a); err == nil && !r.Kept(a) && !versionWordRe.Match(out[:m[2]]) {
				t.Errorf("address %s left in %q", a, out)
			}
		}
		for _, m := range emailRe.FindAll(out, -1) {
			if !r.Kept(string(m)) {
				t.Errorf("e-mail address %s left in %q", m, out)
			}
		}
		if again := r.Redact(nil, out, "f"); !bytes.Equal(again, out) {
			t.Errorf("a second redaction changed\n%q\nto\n%q", out, again)
		}
		if sl := r.SameLength(in, "f"); utf16Len([]byte(sl)) != utf16Len([]byte(in)) {
			t.Errorf("SameLength changed the length of %q to %q", in, sl)
		}
	})
}
