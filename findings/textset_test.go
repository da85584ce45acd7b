package findings_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/findings"
)

// containsAny is what TextSet.In must tell.
func containsAny(s string, texts []string) bool {
	for _, t := range texts {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

func TestTextSet(t *testing.T) {
	var many []string // more texts than In notes on the stack
	for i := range 100 {
		many = append(many, "wording number "+strconv.Itoa(i)+".")
	}
	for _, c := range []struct {
		name  string
		texts []string
		s     string
		want  bool
	}{
		{"none", nil, "anything", false},
		{"none, empty string", nil, "", false},
		{"empty text", []string{"Unable to contact ", ""}, "", true},
		{"one", []string{"Unable to contact "}, "AnyConnect: Unable to contact vpn.example.com.", true},
		{"one, absent", []string{"Unable to contact "}, "Unable to contact", false},
		{"at the start", []string{"NULL object", "could not be located"}, "NULL object in CVpnMgr", true},
		{"at the end", []string{"NULL object", "could not be located"}, "the headend could not be located", true},
		{"whole string", []string{"NULL object"}, "NULL object", true},
		{"short text, alone", []string{"_ERROR_", "Termination reason code"}, "CTRANSPORT_ERROR_TIMEOUT", true},
		{"repeated", []string{"single sign-on URL", "single sign-on URL"}, "no single sign-on URL", true},
		{"case matters", []string{"NULL object"}, "null object", false},
		{"many, last", many, "the wording number 99. is here", true},
		{"many, none", many, "wording number 100 is not", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if want := containsAny(c.s, c.texts); want != c.want {
				t.Fatalf("bad case: strings.Contains says %v", want)
			}
			if got := findings.NewTextSet(c.texts...).In(c.s); got != c.want {
				t.Errorf("In(%q) = %v, want %v", c.s, got, c.want)
			}
		})
	}
}

// FuzzTextSet checks In against strings.Contains; the input is the texts,
// separated by '|', then the string after a newline.
func FuzzTextSet(f *testing.F) {
	f.Add("NULL object|could not be located\nthe headend could not be located")
	f.Add("_ERROR_|Termination reason code\nCTRANSPORT_ERROR_TIMEOUT")
	f.Add("aaaaaaaa|aaab\naaaaaaab")
	f.Add("|x\n")
	f.Fuzz(func(t *testing.T, in string) {
		texts, s, _ := strings.Cut(in, "\n")
		list := strings.Split(texts, "|")
		if got, want := findings.NewTextSet(list...).In(s), containsAny(s, list); got != want {
			t.Errorf("texts %q: In(%q) = %v, want %v", list, s, got, want)
		}
	})
}

// containsAnyFold is what a TextSet made by NewTextSetFold must tell.
func containsAnyFold(s string, texts []string) bool {
	for _, t := range texts {
		if findings.ContainsFold(s, t) {
			return true
		}
	}
	return false
}

func TestTextSetFold(t *testing.T) {
	long := strings.Repeat("route change detected; ", 200) // several windows
	for _, c := range []struct {
		name  string
		texts []string
		s     string
		want  bool
	}{
		{"none", nil, "anything", false},
		{"empty text", []string{"fail", ""}, "", true},
		{"upper in the string", []string{"timeout"}, "Timeout (per request) while trying to resolve", true},
		{"upper in the text", []string{"SERVFAIL"}, "query answered servfail", true},
		{"short and long", []string{"fail", "no such host"}, "lookup: No Such Host", true},
		{"absent", []string{"fail", "error", "timed out"}, "Resolved [A] query mus.cisco.com", false},
		{"at the end of a long string", []string{"timed out"}, long + "TIMED OUT", true},
		{"across a window's end", []string{"could not"}, long[:505] + "could not", true},
		{"absent from a long string", []string{"timed out", "fail"}, long, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if want := containsAnyFold(c.s, c.texts); want != c.want {
				t.Fatalf("bad case: ContainsFold says %v", want)
			}
			if got := findings.NewTextSetFold(c.texts...).In(c.s); got != c.want {
				t.Errorf("In(%q) = %v, want %v", c.s, got, c.want)
			}
		})
	}
}

// FuzzTextSetFold checks In of a set made by NewTextSetFold against
// ContainsFold, on ASCII texts; the input is as FuzzTextSet's, and the
// string is repeated to cross the windows In lowers it in.
func FuzzTextSetFold(f *testing.F) {
	f.Add("timeout|could not\nTimeout (per request)", 1)
	f.Add("servfail|No Such Host\nlookup: no such HOST", 40)
	f.Fuzz(func(t *testing.T, in string, repeat int) {
		texts, s, _ := strings.Cut(in, "\n")
		for _, c := range []byte(texts) {
			if c >= 0x80 {
				return // ContainsFold folds beyond ASCII
			}
		}
		s = strings.Repeat(s, max(1, repeat%200))
		list := strings.Split(texts, "|")
		if got, want := findings.NewTextSetFold(list...).In(s), containsAnyFold(s, list); got != want {
			t.Errorf("texts %q: In(%q) = %v, want %v", list, s, got, want)
		}
	})
}

func ExampleTextSet() {
	told := findings.NewTextSet("Unable to contact ", "Connection attempt has timed out", "could not be located")
	fmt.Println(told.In("Message type warning sent to the user: Connection attempt has timed out.  Please verify Internet connectivity."))
	fmt.Println(told.In("Message type information sent to the user: Connecting to vpn.example.com..."))
	// Output:
	// true
	// false
}

// BenchmarkTextSetIn measures In on a record's message where the bug is
// dense: the TechNote's failure, which holds a word at its start, and a
// message that holds none, with and without case.
func BenchmarkTextSetIn(b *testing.B) {
	words := []string{"timeout", "timed out", "fail", "error", "unable", "could not", "cannot",
		"servfail", "server failure", "getaddrinfo", "not resolve", "no such host", "nxdomain"}
	for _, set := range []struct {
		name string
		set  *findings.TextSet
	}{{"exact", findings.NewTextSet(words...)}, {"fold", findings.NewTextSetFold(words...)}} {
		for _, msg := range []struct{ name, text string }{
			{"failure", "Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)"},
			{"none", "Resolved [A] query intranet12.corp.example.com via DNS server 10.88.240.69: 10.4.17.201 (ttl 1800)"},
		} {
			b.Run(set.name+"/"+msg.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					set.set.In(msg.text)
				}
			})
		}
	}
}
