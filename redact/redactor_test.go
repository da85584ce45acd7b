package redact

import (
	"strings"
	"testing"
)

func TestSkeletonReplaces(t *testing.T) {
	r, err := New(&Options{Key: []byte("0123456789abcdef0123")})
	if err != nil {
		t.Fatal(err)
	}
	r.Learn(KindHost, "DESKTOP-ACME42")
	in := "user jdoe@acme.com on DESKTOP-ACME42 at 10.1.2.3 mac 00:11:22:33:44:55, mus.cisco.com"
	out := r.String(in)
	for _, secret := range []string{"jdoe@acme.com", "DESKTOP-ACME42", "10.1.2.3", "33:44:55"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q left in %q", secret, out)
		}
	}
	if !strings.Contains(out, "mus.cisco.com") {
		t.Errorf("mus.cisco.com not kept: %q", out)
	}
	if again := r.String(in); again != out {
		t.Errorf("not deterministic: %q then %q", out, again)
	}
}
