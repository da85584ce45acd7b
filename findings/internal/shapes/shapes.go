// Package shapes tallies log records by the shape of their messages:
// numbers, addresses and hexadecimal values masked. A record with a debug
// header is tallied by the place in the code that logged it, and counts
// toward the shape of the first record from there.
package shapes

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/logparse"
)

// Bounds on shape counting: memory depends on these, not on the input.
const (
	// MaxShapes is how many distinct shapes are kept; later new ones are
	// counted as one "other" shape.
	MaxShapes     = 4096
	maxShapeBytes = 120 // message bytes a shape is made from
	// Places in the code remembered, and the longest source and function
	// (together) a remembered place may have. A record from a place not
	// remembered is tallied by the shape of its own text.
	maxPlaces     = 4 * MaxShapes
	maxPlaceBytes = 256
)

// A Shape is a message pattern, the number of records tallied under it,
// and an example made of the first of them.
type Shape[E any] struct {
	Text    string
	Count   int
	Example E
}

// A Counter tallies the shapes of records. E is what it keeps of a
// shape's first record.
type Counter[E any] struct {
	counts map[string]*Shape[E] // by shape text
	// places maps a place in the code to the shape its records count
	// toward (nil when its first record was counted as "other"), and to
	// the place itself: the key, a copy.
	places    map[place]*placed[E]
	other     int
	buf       []byte
	unmatched int
	example   func(*logparse.Record) E
	// recent caches places of the map by a hash of the line and of the
	// function's length and last byte: a record from a cached place costs
	// two string comparisons where the map would hash both strings too.
	// A log has a few hundred places; fewer slots collide too often.
	recent [1024]*placed[E]
}

type placed[E any] struct {
	p place
	s *Shape[E]
}

// A place is where in the client's code a record with a debug header was
// logged.
type place struct {
	source, function string
	line             int
}

// New returns an empty Counter that keeps example(r) of the first record r
// of each shape. A record's strings may be cut from memory its reader
// reuses: example must copy what it keeps.
func New[E any](example func(r *logparse.Record) E) *Counter[E] {
	return &Counter[E]{counts: map[string]*Shape[E]{}, places: map[place]*placed[E]{}, example: example}
}

// Add counts r.
func (c *Counter[E]) Add(r *logparse.Record) {
	c.unmatched++
	if r.Header.Function == "" {
		c.addShape(r)
		return
	}
	p := place{r.Source, r.Header.Function, r.Header.Line}
	slot := &c.recent[(uint(p.line)*0x9E3779B1+uint(len(p.function))*31+uint(p.function[len(p.function)-1]))%uint(len(c.recent))]
	pl := *slot
	if pl == nil || pl.p != p {
		pl = c.places[p]
	}
	if pl != nil {
		*slot = pl
		if pl.s == nil {
			c.other++
		} else {
			pl.s.Count++
		}
		return
	}
	s := c.addShape(r)
	if len(c.places) < maxPlaces && len(p.source)+len(p.function) <= maxPlaceBytes {
		// The key outlives r, whose strings are cut from a block of
		// input shared with other records: keep copies.
		k := place{strings.Clone(p.source), strings.Clone(p.function), p.line}
		c.places[k] = &placed[E]{k, s}
	}
}

// addShape counts r under the shape of its own text and returns that
// shape, or nil when r was counted as "other".
func (c *Counter[E]) addShape(r *logparse.Record) *Shape[E] {
	c.buf = appendShape(c.buf[:0], r)
	if s, ok := c.counts[string(c.buf)]; ok {
		s.Count++
		return s
	}
	if len(c.counts) >= MaxShapes {
		c.other++
		return nil
	}
	k := string(c.buf)
	s := &Shape[E]{Text: k, Count: 1, Example: c.example(r)}
	c.counts[k] = s
	return s
}

// Count returns how many records were added.
func (c *Counter[E]) Count() int { return c.unmatched }

// Other returns how many records were counted under no shape, once
// MaxShapes were kept.
func (c *Counter[E]) Other() int { return c.other }

// Top returns the n most frequent shapes, most frequent first (ties by
// shape, so that the order is stable).
func (c *Counter[E]) Top(n int) []*Shape[E] {
	all := make([]*Shape[E], 0, len(c.counts))
	for _, s := range c.counts {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b *Shape[E]) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text))
	})
	return all[:min(n, len(all))]
}

// appendShape appends the shape of r to b: its source, its debug header's
// function (which names the code that logged it), and the start of its
// message with decimal numbers as '#' and hexadecimal values (0x..., or
// runs of hex digits holding a digit) as 'x'. Addresses come out as
// '#.#.#.#' or 'x:x::x'.
func appendShape(b []byte, r *logparse.Record) []byte {
	b = append(b, r.Source...)
	b = append(b, ": "...)
	if r.Header.Function != "" {
		b = append(b, r.Header.Function...)
		b = append(b, ": "...)
	}
	msg := r.Message
	if len(msg) > maxShapeBytes {
		msg = msg[:maxShapeBytes]
	}
	for i := 0; i < len(msg); {
		// Only a run of hex characters that holds a digit is masked, so
		// everything before the run around the next digit is copied as
		// it is. i is always at a non-hex byte or at the start of a run.
		d := i
		for d < len(msg) && !isDigit(msg[d]) {
			d++
		}
		start := d
		for start > i && isHex(msg[start-1]) {
			start--
		}
		b = append(b, msg[i:start]...)
		if i = start; i == len(msg) {
			break
		}
		j := i
		for j < len(msg) && isHex(msg[j]) {
			j++
		}
		switch {
		case msg[i] == '0' && i+2 < len(msg) && (msg[i+1] == 'x' || msg[i+1] == 'X') && isHex(msg[i+2]):
			for j = i + 2; j < len(msg) && isHex(msg[j]); j++ {
			}
			b = append(b, 'x')
		case j == i:
			b = append(b, msg[i])
			j = i + 1
		case isDigit(msg[i]) || (j-i >= 4 && hasDigit(msg[i:j]) && (i == 0 || !isWordByte(msg[i-1])) && (j == len(msg) || !isWordByte(msg[j]))):
			// A number, or a hexadecimal word such as an interface id.
			if isDigit(msg[i]) && !hasHexLetter(msg[i:j]) {
				b = append(b, '#')
			} else {
				b = append(b, 'x')
			}
		default:
			b = append(b, msg[i:j]...)
		}
		i = j
	}
	return b
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func hasHexLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return true
		}
	}
	return false
}

// Byte classes for appendShape, which reads every byte of most records.
const (
	classDigit = 1 << iota
	classHex   // digits and a-f, A-F
	classWord  // hex digits, letters and '_'
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case '0' <= c && c <= '9':
			t[c] = classDigit | classHex | classWord
		case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			t[c] = classHex | classWord
		case 'g' <= c && c <= 'z', 'G' <= c && c <= 'Z', c == '_':
			t[c] = classWord
		}
	}
	return t
}()

func isDigit(c byte) bool    { return byteClass[c]&classDigit != 0 }
func isHex(c byte) bool      { return byteClass[c]&classHex != 0 }
func isWordByte(c byte) bool { return byteClass[c]&classWord != 0 }
