package dart

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// versionOrder is the order the Version doc comment promises.
var versionOrder = []string{"3.1.07021", "4.8.03052", "4.9.06037", "4.10.00093", "5.0.00238", "5.1.2.42", "5.1.10.233"}

func TestVersionCompareAllPairs(t *testing.T) {
	for i, a := range versionOrder {
		for j, b := range versionOrder {
			va, vb := MustParseVersion(a), MustParseVersion(b)
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := va.Compare(vb); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
			if got := va.Less(vb); got != (want < 0) {
				t.Errorf("Less(%s, %s) = %v", a, b, got)
			}
		}
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		str  string // String(); "" means in itself
	}{
		{"4.8.03052", Version{4, 8, 3, 52, true, false}, ""},
		{"4.10.07073", Version{4, 10, 7, 73, true, false}, ""},
		{"3.1.07021", Version{3, 1, 7, 21, true, false}, ""},
		{"5.0.00238", Version{5, 0, 0, 238, true, false}, ""},
		{"5.1.2.42", Version{5, 1, 2, 42, false, false}, ""},
		{"5.1.19.1862", Version{5, 1, 19, 1862, false, false}, ""},
		{" v4.9.01095 ", Version{4, 9, 1, 95, true, false}, "4.9.01095"},
		{"4.10", Version{4, 10, 0, 0, false, false}, "4.10.0.0"},
		{"5", Version{5, 0, 0, 0, false, false}, "5.0.0.0"},
		{"5.1.2", Version{5, 1, 2, 0, false, false}, "5.1.2.0"}, // 5.x without build: MR 2
		{"4.8.3052", Version{4, 8, 3, 52, true, false}, "4.8.03052"},
		{"2.5.0217", Version{2, 5, 0, 217, true, true}, ""},
		{"2.3.0254", Version{2, 3, 0, 254, true, true}, ""},
		{"2.5.6005", Version{2, 5, 6, 5, true, true}, ""},
		{"3.0.5080", Version{3, 0, 5, 80, true, true}, ""},
		{"3.0.08057", Version{3, 0, 8, 57, true, false}, ""},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseVersion(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		str := tt.str
		if str == "" {
			str = tt.in
		}
		if got.String() != str {
			t.Errorf("ParseVersion(%q).String() = %q, want %q", tt.in, got.String(), str)
		}
		back, err := ParseVersion(got.String())
		if err != nil || back.Compare(got) != 0 {
			t.Errorf("round trip of %q: %v, %v", tt.in, back, err)
		}
	}
}

func TestParseVersionBad(t *testing.T) {
	for _, in := range []string{"", "4.", ".4", "4..8", "a.b.c", "4.8.x", "0", "0.0.0", "4.8.03052.1.2",
		"+4.8", "4.-8.1", "4.8 .1", "1234567890", "4.8.03052 beta", "٤.٨"} {
		if v, err := ParseVersion(in); !errors.Is(err, ErrBadVersion) {
			t.Errorf("ParseVersion(%q) = %v, %v; want ErrBadVersion", in, v, err)
		}
	}
}

func TestVersionString(t *testing.T) {
	if s := (Version{}).String(); s != "" {
		t.Errorf("zero String = %q", s)
	}
	// A padded version whose build does not fit the five-digit form falls
	// back to four fields rather than printing a different version.
	if s := (Version{Major: 4, Minor: 8, Patch: 1, Build: 1234, Padded: true}).String(); s != "4.8.1.1234" {
		t.Errorf("String = %q", s)
	}
	var v Version
	if err := v.UnmarshalText([]byte("4.10.07073")); err != nil || v != MustParseVersion("4.10.07073") {
		t.Errorf("UnmarshalText = %v, %v", v, err)
	}
	if err := v.UnmarshalText([]byte("x")); err == nil {
		t.Error("UnmarshalText(x): no error")
	}
}

func TestRangeContains(t *testing.T) {
	r := MustParseRange(">= 4.0, < 4.10")
	tests := []struct {
		v    string
		want bool
	}{
		{"3.1.07021", false},
		{"4.0", true}, // lower bound is inclusive
		{"4.0.00001", true},
		{"4.9.06037", true},
		{"4.10", false}, // upper bound is exclusive
		{"4.10.00093", false},
		{"5.1.2.42", false},
	}
	for _, tt := range tests {
		if got := r.Contains(MustParseVersion(tt.v)); got != tt.want {
			t.Errorf("%v.Contains(%s) = %v", r, tt.v, got)
		}
	}
	if r.Contains(Version{}) {
		t.Error("bounded range contains the unknown version")
	}
	if !(Range{}).Contains(Version{}) || !MustParseRange("any").Contains(MustParseVersion("5.1.2.42")) {
		t.Error("the open range must hold every version, the unknown one too")
	}
	if MustParseRange("< 4.10").Contains(Version{}) {
		t.Error("< 4.10 contains the unknown version")
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"any", "any"},
		{" ANY ", "any"},
		{"< 4.10", "< 4.10"},
		{"<4.10", "< 4.10"},
		{">= 4.0", ">= 4.0"},
		{">= 4.0, < 4.10", ">= 4.0, < 4.10"},
		{"< 4.10, >= 4.0", ">= 4.0, < 4.10"},
		{">= 4.8.03052, < 5.1.2.42", ">= 4.8.03052, < 5.1.2.42"},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Errorf("ParseRange(%q): %v", tt.in, err)
			continue
		}
		if r.String() != tt.want {
			t.Errorf("ParseRange(%q) = %q, want %q", tt.in, r, tt.want)
		}
		if back, err := ParseRange(r.String()); err != nil || back != r {
			t.Errorf("round trip of %q: %v, %v", tt.in, back, err)
		}
	}
	for _, in := range []string{"", "4.10", "<= 4.10", "> 4.0", "< 4.10, < 4.9", ">= 4.0, >= 4.1", ">= 4.10, < 4.0", ">= 4.10, < 4.10", "< x", "any, < 4"} {
		if r, err := ParseRange(in); !errors.Is(err, ErrBadRange) {
			t.Errorf("ParseRange(%q) = %v, %v; want ErrBadRange", in, r, err)
		}
	}
}

func TestFindVersions(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1", []string{"4.8.03036"}},
		{"cisco-secure-client-win-5.1.2.42-core-vpn-predeploy-k9.msi", []string{"5.1.2.42"}},
		{"anyconnect-win-4.8.03052-core-vpn-predeploy-k9-install-123.log", []string{"4.8.03052"}},
		{"Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 .", []string{"4.9.04043"}},
		{"upgrade 4.8.03052 -> 4.10.00093", []string{"4.8.03052", "4.10.00093"}},
		{"Version 5.0.00238.", []string{"5.0.00238"}},
		{"ClientIfcBase.cpp:80 (0) vpnapi vpnapi version 2.3.0254 () Initializing.", []string{"2.3.0254"}},
		{"Description: vpnapi version 2.5.0217 () Initializing.", []string{"2.5.0217"}},
		{"AnyConnect 3.0.5080 and 3.0.08057", []string{"3.0.5080", "3.0.08057"}},
		// Four-digit builds are only those of 2.x and 3.0; five-digit
		// ones never 2.x.
		{"3.1.5080 4.8.3052 5.0.1234 2.5.02170 2.5.217 2.6.32", nil},
		// Not versions: other numbers and longer dotted numbers.
		{"Windows 10.0.18363", nil},
		{"DNS server 10.88.240.69 and 192.168.5.1.2", nil},
		{"4.8.0305", nil},
		{"4.8.030521", nil},
		{"x4.8.03052", nil},
		{"4.8.03052.7", nil},
		{"5.1.2", nil},
		{"1.4.8.03052", nil},
		{"5.1.2.42.1", nil},
		{"5.1.2.42a", nil},
		// FindVersions does not judge context.
		{".NET 4.0.30319", []string{"4.0.30319"}},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range FindVersions(tt.in) {
			got = append(got, v.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("FindVersions(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if shape := hasVersionShape(tt.in); len(tt.want) > 0 && !shape {
			t.Errorf("hasVersionShape(%q) = false, but it holds a version", tt.in)
		}
	}
}

// versionShapeByByte is hasVersionShape's definition, tested one place at
// a time.
func versionShapeByByte(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if c := s[i-1]; s[i] == '.' && vDigit(s[i+1]) && '2' <= c && c <= '5' && (i < 2 || !vGlue(s[i-2])) {
			return true
		}
	}
	return false
}

// TestVersionShape puts shapes and near misses at every offset of texts
// of every length up to 40, and after runs of dots and of text without
// any: hasVersionShape skips the run of word bytes and dots after a dot,
// and leaves the rest to IndexByte.
func TestVersionShape(t *testing.T) {
	shapes := []struct {
		s    string
		want bool
	}{
		{"4.9", true}, {"3.0", true}, {"5.1", true}, {" 4.1", true}, {"(4.1", true}, {"-4.1", true}, {"2.9", true},
		{"1.9", false}, {"6.1", false}, {"4.x", false}, {"4.", false}, {".4.1", false}, {"14.1", false},
		{"a4.1", false}, {"_4.1", false}, {"4..1", false}, {"4:1", false},
		// Bytes over 0x7f, which are not digits or dots whatever their
		// low seven bits.
		{"\xb4.1", false}, {"4\xae1", false}, {"4.\xb1", false}, {"\xff4.1", true},
	}
	for _, sh := range shapes {
		for n := len(sh.s); n <= 40; n++ {
			for at := 0; at+len(sh.s) <= n; at++ {
				s := strings.Repeat(" ", at) + sh.s + strings.Repeat("y", n-at-len(sh.s))
				if got := hasVersionShape(s); got != sh.want || versionShapeByByte(s) != sh.want {
					t.Fatalf("hasVersionShape(%q) = %v, want %v", s, got, sh.want)
				}
			}
		}
	}
	// Dense dots, as in addresses, and sparse ones, with a shape only at
	// the end.
	for n := 0; n < 40; n++ {
		for _, s := range []string{strings.Repeat("10.22.164.154 ", n), "a." + strings.Repeat("x", n) + ".b" + strings.Repeat("y", n)} {
			if hasVersionShape(s) || !hasVersionShape(s+" 4.1") {
				t.Fatalf("hasVersionShape wrong on %q and a version after it", s)
			}
		}
	}
	// A shape right after a run of word bytes and dots, which is skipped
	// from its first dot on; and one glued to such a run, which is none.
	for _, run := range []string{"mus.cisco.com", "10.1.1.1", "a.b", "x.", ".", "4.x.y", "v4_8.1"} {
		for _, c := range []struct {
			s    string
			want bool
		}{
			{run + ":4.1", true}, {run + " 4.1", true}, {run + "(5.0.2", true},
			{run + "4.1", false}, {run + ".4.1", false}, {run + "_3.1", false},
		} {
			if got := hasVersionShape(c.s); got != c.want || versionShapeByByte(c.s) != c.want {
				t.Fatalf("hasVersionShape(%q) = %v, want %v", c.s, got, c.want)
			}
		}
	}
}

// FuzzVersionShape compares hasVersionShape with its definition.
func FuzzVersionShape(f *testing.F) {
	for _, s := range []string{"at 10.88.240.69 via 5.1.2.42.", "mus.cisco.com:4.1", "v4.9.01095", "a.4.1 4.1", "10.22.164.154 (4.8.03036)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasVersionShape(s), versionShapeByByte(s); got != want {
			t.Errorf("hasVersionShape(%q) = %v, its definition says %v", s, got, want)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range versionOrder {
		f.Add(s)
	}
	for _, s := range []string{"4.10", "5", "5.1.2", "v4.9.01095", "4.8.3052", "+1.2", "0.0.0", "4.8.1.1234",
		"exiting, version 4.8.03036 , return code 1", "at 10.88.240.69 via 5.1.2.42.", "cisco-secure-client-win-5.1.19.1862-core-vpn"} {
		f.Add(s)
	}
	// The lines of the fact files that look like they hold a version.
	for _, p := range factInputs(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if hasVersionShape(line) && len(line) < 300 {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The finder, on any text: what it finds parses, and the record
		// prefilter lets it through.
		found := FindVersions(s)
		for _, w := range found {
			if back, err := ParseVersion(w.String()); err != nil || back != w {
				t.Fatalf("FindVersions(%q) found %+v, which does not round-trip: %+v, %v", s, w, back, err)
			}
		}
		if len(found) > 0 && !hasVersionShape(s) {
			t.Fatalf("hasVersionShape(%q) = false, but FindVersions finds %v", s, found)
		}
		if got, want := hasVersionShape(s), versionShapeByByte(s); got != want {
			t.Fatalf("hasVersionShape(%q) = %v, its definition says %v", s, got, want)
		}
		v, err := ParseVersion(s)
		if err != nil {
			if !errors.Is(err, ErrBadVersion) {
				t.Fatalf("ParseVersion(%q): error %v is not ErrBadVersion", s, err)
			}
			return
		}
		if v.IsZero() {
			t.Fatalf("ParseVersion(%q) = zero version without error", s)
		}
		back, err := ParseVersion(v.String())
		if err != nil {
			t.Fatalf("ParseVersion(%q).String() = %q does not parse: %v", s, v.String(), err)
		}
		if back.Compare(v) != 0 || back.String() != v.String() {
			t.Fatalf("round trip %q -> %q -> %+v, want %+v", s, v.String(), back, v)
		}
		r := Range{From: v}
		if !r.Contains(v) || (Range{Before: v}).Contains(v) {
			t.Fatalf("bounds at %v", v)
		}
	})
}
