package redact

import "testing"

// TestGluedEmail checks addresses glued to each other or to more text:
// each address is replaced as it would be alone, what separated them
// stays, and a second redaction changes nothing.
func TestGluedEmail(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"jdoe@acme.com", "user-b1bbdb@dom-f0521d.example"},
		{"jdoe@acme.com+alice@acme.com", "user-b1bbdb@dom-f0521d.example+user-0fbf76@dom-f0521d.example"},
		{"jdoe@acme.com%alice@acme.com", "user-b1bbdb@dom-f0521d.example%user-0fbf76@dom-f0521d.example"},
		{"jdoe@acme.com.alice@acme.com", "user-b1bbdb@dom-f0521d.example.user-0fbf76@dom-f0521d.example"},
		{"0@0.AAA%0@0.AAA", "user-df5667@dom-06e528.example%user-df5667@dom-06e528.example"},
		// A second domain, with no local part of its own, is replaced
		// as the same name alone (vpn.acme.com) would be.
		{"jdoe@acme.com@vpn.acme.com", "user-b1bbdb@dom-f0521d.example@host-a5073a.dom-f0521d.example"},
		{"jdoe@acme.com@co.uk", "user-b1bbdb@dom-f0521d.example@dom-940c1a.example"},
		{"0@0.ac@0.com.A", "user-df5667@dom-ddb315.example@dom-ceddb8.example.A"},
		{"jdoe@acme.com@x@acme.com", "user-b1bbdb@dom-f0521d.example@user-ae5ab0@dom-f0521d.example"},
		// acme.comx is no domain, so the address is acme.comx@acme.com.
		{"jdoe@acme.comx@acme.com", "jdoe@user-24e40c@dom-f0521d.example"},
	}
	r := newTest(t, nil)
	for _, tt := range tests {
		out := r.Redact(nil, []byte(tt.in), "f")
		if string(out) != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, out, tt.want)
		}
		if again := r.Redact(nil, out, "f"); string(again) != string(out) {
			t.Errorf("a second redaction of %q changed it to %q", out, again)
		}
	}
}
