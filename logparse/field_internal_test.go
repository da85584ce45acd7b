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
