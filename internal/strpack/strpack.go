// Package strpack copies strings into one allocation.
package strpack

import "strings"

// Pack copies the strings *ss, in order, into one new string, makes each
// *ss the part of it that holds its text, and returns the new string.
func Pack(ss ...*string) string {
	n := 0
	for _, s := range ss {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ss {
		b.WriteString(*s)
	}
	all := b.String()
	rest := all
	for _, s := range ss {
		*s, rest = rest[:len(*s)], rest[len(*s):]
	}
	return all
}
