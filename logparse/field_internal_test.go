package logparse

import (
	"strings"
	"testing"
)

func TestSplitField(t *testing.T) {
	k40 := strings.Repeat("k", 40)
	tests := []struct {
		line, key, val string
		ok             bool
	}{
		{"Date\t\t: 06/17/2020", "Date", "06/17/2020", true},
		{"Event ID : 1234", "Event ID", "1234", true},
		{"  Log Name:Application", "Log Name", "Application", true},
		{"Task_Category-2 :", "Task_Category-2", "", true},
		{k40 + ": v", k40, "v", true},
		{k40 + "k: v", "", "", false}, // colon past the 41st byte
		{": v", "", "", false},
		{" \t: v", "", "", false},
		{"File: c:\\temp", "File", "c:\\temp", true},
		{"c:\\temp: x", "c", "\\temp: x", true}, // the first colon ends the key
		{"no colon", "", "", false},
		{"", "", "", false},
		{"Dätë: x", "", "", false},
	}
	for _, tt := range tests {
		key, val, ok := splitField(tt.line)
		if key != tt.key || val != tt.val || ok != tt.ok {
			t.Errorf("splitField(%q) = %q, %q, %v; want %q, %q, %v", tt.line, key, val, ok, tt.key, tt.val, tt.ok)
		}
	}
}

// A separator is a row of at least three asterisks, blanks before it
// allowed; it is compared a run of len(stars) at a time, so rows are
// tried at and around multiples of that length, with a byte other than
// '*' at every place.
func TestIsSeparator(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"", false}, {"*", false}, {"**", false}, {"***", true},
		{"  \t***", true}, {"*** ", false}, {"**-", false}, {"-***", false},
		// Banners: words between rows of three asterisks or more.
		{"***** Event Log *****", true}, {"***x***", true}, {"*** Ünïcode ***", true},
		{"**** ****", false}, {"*** - ***", false}, {"** x ***", false}, {"*** x **", false},
		{"*** not a banner", false}, {"password: ********", false}, {"*** x *** y", false},
	} {
		if got := isSeparator(tt.line); got != tt.want {
			t.Errorf("isSeparator(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
	for _, n := range []int{3, 42, len(stars) - 1, len(stars), len(stars) + 1, 2 * len(stars), 2*len(stars) + 5} {
		row := strings.Repeat("*", n)
		if !isSeparator(row) {
			t.Errorf("isSeparator(%d asterisks) = false", n)
		}
		for i := range n {
			b := []byte(row)
			b[i] = '+'
			if isSeparator(string(b)) {
				t.Errorf("isSeparator(%d asterisks, '+' at %d) = true", n, i)
			}
		}
	}
}

// A line read where the cache keeps another line's text splits as
// splitField and knownKey split it, whether it starts with that text or
// not: lines of the same layout, of others, values with more blanks,
// empty ones, and texts too long to keep.
func TestFieldCache(t *testing.T) {
	long := strings.Repeat("k", 40) + " :" + strings.Repeat(" ", 10)
	lines := []string{
		"Date\t\t: 06/17/2020", "Date\t\t: 06/18/2020", "Date\t\t:   06/18/2020", "Date\t\t:", "Date\t\t:x",
		"Date : 1/2/2020", "Datex\t\t: 1", "Time\t\t: 20:21:57", "Description\t: Function: f", "Description\t:",
		"Source\t\t: acvpnagent", "no colon", "", "  Log Name:Application", long + "v", long + "w", long,
	}
	for _, first := range lines {
		for _, second := range lines {
			checkFieldCache(t, 3, first, second, first)
		}
	}
}

// FuzzFieldCache splits two lines in turn at the same place of a block.
func FuzzFieldCache(f *testing.F) {
	f.Add("Date\t\t: 06/17/2020", "Date\t\t: 06/18/2020", uint(1))
	f.Add("Time : x", "Time :", uint(2))
	f.Add("Description\t: Function: f", "Description\t:  a", uint(7))
	f.Fuzz(func(t *testing.T, a, b string, nth uint) {
		checkFieldCache(t, int(nth%10), a, b, a)
	})
}

// checkFieldCache splits the lines in turn, each the nth of its block,
// and requires what splitField and knownKey give.
func checkFieldCache(t *testing.T, nth int, lines ...string) {
	t.Helper()
	var c fieldCache
	for i, line := range lines {
		key, val, ok := c.split(line, nth)
		name, wantVal, wantOK := splitField(line)
		wantKey := keyUnknown
		if wantOK {
			wantKey = knownKey(name)
		}
		if key != wantKey || val != wantVal || ok != wantOK {
			t.Fatalf("lines %q, %d: %d, %q, %v; want %d, %q, %v", lines, i, key, val, ok, wantKey, wantVal, wantOK)
		}
	}
}

func TestIsEventStart(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"Event[0]:", true}, {"  Event[12]:", true}, {"event[3]:", true}, {"EVENT[3]:", true},
		{"Event[]:", false}, {"Event[x]:", false}, {"Event[0]", false}, {"Event[0]: text", false},
		{"Event[-1]:", false}, {"Events[0]:", false}, {"Event [0]:", false}, {"", false},
		{"Event[1234567890123456789]:", false},
	} {
		if got := isEventStart(tt.line); got != tt.want {
			t.Errorf("isEventStart(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
