package bigbundle

import (
	"strings"

	"github.com/dartkit/dartkit/internal/sample"
)

// A Layout writes event-log records as the text of one kind of export: the
// methods of sample's layouts, so that any of them can write the big log.
type Layout interface {
	// Begin returns what precedes the first record (a title, a CSV
	// header); it may be empty.
	Begin() []byte
	// AppendEventN appends the n-th record of the file, counting from 0,
	// in the layout's text, UTF-8, whatever b holds: the log is flushed as
	// it is written.
	AppendEventN(b []byte, e sample.Event, n int) []byte
	// End returns what follows the last record.
	End() []byte
	// Encode returns text in the layout's encoding; first says that text
	// starts the file, where a byte-order mark goes.
	Encode(text []byte, first bool) []byte
}

// layoutList returns the layouts the big log can be written in, the default
// first: each form of sample's layouts once, in the encoding its tool
// writes (UTF-16LE for PowerShell's Out-File, UTF-8 for the others), and the
// default form in UTF-16LE too. Every encoding of every form is checked by
// the layout matrix on small bundles; the big log needs one of each form.
func layoutList() []sample.Layout {
	const def = "dart-sep-around-crlf-tabs-blank"
	var out []sample.Layout
	seen := map[string]bool{}
	add := func(name string) {
		if l, ok := sample.LayoutByName(name); ok && !seen[name] {
			seen[name] = true
			out = append(out, l)
		}
	}
	add(def + "/utf-8")
	for _, l := range sample.Layouts() {
		form, _, _ := strings.Cut(l.Name, "/")
		enc := "utf-8"
		if strings.HasPrefix(form, "pwsh-") {
			enc = "utf-16le"
		}
		add(form + "/" + enc)
	}
	add(def + "/utf-16le")
	return out
}

// Layouts returns the names of the layouts the big log can be written in,
// the default first.
func Layouts() []string {
	var names []string
	for _, l := range layoutList() {
		names = append(names, l.Name)
	}
	return names
}

// LayoutByName returns the layout of that name; "" names the default.
func LayoutByName(name string) (Layout, bool) {
	for _, l := range layoutList() {
		if name == "" || l.Name == name {
			return l, true
		}
	}
	return nil, false
}

// DefaultLayout returns the name of the layout of the bundle the benchmarks
// read when no layout is named.
func DefaultLayout() string { return Layouts()[0] }
