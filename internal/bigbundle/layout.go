package bigbundle

import (
	"unicode/utf8"

	"github.com/dartkit/dartkit/internal/sample"
)

// A Layout writes event-log records as the text of one kind of export: the
// methods of sample's layouts, so that any of them can write the big log.
type Layout interface {
	// Begin returns what precedes the first record (a title, a CSV
	// header); it may be empty.
	Begin() []byte
	// AppendEvent appends one record in the layout's text, UTF-8.
	AppendEvent(b []byte, e sample.Event) []byte
	// End returns what follows the last record.
	End() []byte
	// Encode returns text in the layout's encoding; first says that text
	// starts the file, where a byte-order mark goes.
	Encode(text []byte, first bool) []byte
}

// layoutList returns the layouts the big log can be written in, the first
// being the default. Each has a Name and the methods of Layout.
var layoutList = styleLayouts

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

// A styleLayout is one of the event-log text export's styles that sample
// writes with AppendEvent, in UTF-8 or in UTF-16LE with a byte-order mark,
// as Windows tools write "Unicode" text.
type styleLayout struct {
	Name  string
	style sample.EventStyle
	utf16 bool
}

func styleLayouts() []styleLayout {
	return []styleLayout{
		{Name: "tabs", style: sample.StyleTabs},
		{Name: "technote", style: sample.StyleTechNote},
		{Name: "tabs-utf16", style: sample.StyleTabs, utf16: true},
	}
}

func (l styleLayout) Begin() []byte { return nil }

func (l styleLayout) AppendEvent(b []byte, e sample.Event) []byte {
	return sample.AppendEvent(b, e, l.style)
}

func (l styleLayout) End() []byte { return sample.AppendEventEnd(nil, l.style) }

func (l styleLayout) Encode(text []byte, first bool) []byte {
	if !l.utf16 {
		return text
	}
	out := make([]byte, 0, 2+2*len(text))
	if first {
		out = append(out, 0xFF, 0xFE)
	}
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		text = text[n:]
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}
