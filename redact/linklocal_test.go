package redact

import (
	"net/netip"
	"strings"
	"testing"
)

// fullForm6 reports whether s is written as eight groups of one to four
// hex digits, the only form isLinkLocal6 accepts.
func fullForm6(s string) bool {
	groups := strings.Split(s, ":")
	if len(groups) != 8 {
		return false
	}
	for _, g := range groups {
		if len(g) == 0 || len(g) > 4 {
			return false
		}
		for i := 0; i < len(g); i++ {
			if !isHex(g[i]) {
				return false
			}
		}
	}
	return true
}

func TestIsLinkLocal6(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"FE80:0:0:0:D2EC:85EB:F276:CD45", true},
		{"fe80:0:0:0:0:0:0:1", true},
		{"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"FE9A:0000:0000:0000:0000:0000:0000:0001", true},
		{"fec0:0:0:0:0:0:0:1", false},  // site-local
		{"fe7f:0:0:0:0:0:0:1", false},  // below fe80::/10
		{"0fe80:0:0:0:0:0:0:1", false}, // five digits
		{"fe8:0:0:0:0:0:0:1", false},   // 0fe8
		{"fe80::1", false},             // not in full
		{"fe80:0:0:0:0:0:0:1%eth0", false},
		{"fe80:0:0:0:0:0:0:", false},
		{"fe80:0:0:0:0:0:0:0:1", false},
		{"fe80:0:0:0:0:0:0:12345", false},
		{"fe80:0:0:0:0:0:0:g", false},
		{"fe80:0:0:0:0:0:1.2.3.4", false},
		{"fe80:0:0:0:0:0::1", false},
		{"2001:db8:0:0:0:0:0:1", false},
		{"", false},
	} {
		if got := isLinkLocal6([]byte(tt.in)); got != tt.want {
			t.Errorf("isLinkLocal6(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzIsLinkLocal6 checks isLinkLocal6 against ParseAddr: it accepts an
// address in full exactly when ParseAddr finds a link-local unicast
// address there.
func FuzzIsLinkLocal6(f *testing.F) {
	for _, s := range []string{"FE80:0:0:0:D2EC:85EB:F276:CD45", "fe80::1", "febf:0:0:0:0:0:0:0", "fec0:1:2:3:4:5:6:7", "fe80:0:0:0:0:0:0:1%1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := isLinkLocal6([]byte(s))
		a, err := netip.ParseAddr(s)
		want := err == nil && a.Zone() == "" && a.IsLinkLocalUnicast() && fullForm6(s)
		if got != want {
			t.Errorf("isLinkLocal6(%q) = %v, want %v", s, got, want)
		}
	})
}
