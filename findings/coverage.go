package findings

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/logparse"
)

// Coverage tells how much of a bundle dartkit understood: how many records
// each parser read, how many lines no parser recognised, and the most
// frequent shapes of the messages that no rule looked at — the list that
// says which rule to write next.
//
// A record with an AnyConnect debug header is tallied by the place in the
// code that logged it: its source and its header's function and line. The
// first unmatched record from a place gives the place its [Shape], and
// every later one from there counts toward that shape, whatever its text:
// one place in the code writes one kind of message, and the shape of its
// text is computed once instead of for each record. A record without a
// header is tallied by the shape of its own text. Places that write
// messages of the same shape share one Shape.
type Coverage struct {
	// Records counts the records read, by log format.
	Records map[string]int `json:"records"`
	// Unrecognised counts the lines or records the parsers could not read.
	Unrecognised int `json:"unrecognised"`
	// Unmatched counts the records that no rule's signal matched.
	Unmatched int `json:"unmatched"`
	// Shapes are the most frequent shapes of the unmatched records, most
	// frequent first.
	Shapes []Shape `json:"shapes"`
	// Understood counts the files understood: logs whose records were
	// read, files read for facts (see [FileState]). Expected counts them
	// and the files missed: logs read to no record, text that names the
	// client in no format dartkit reads ([FileReport].Missed). Understood
	// of Expected is the share of the bundle dartkit understood; files
	// nobody reads (a customer's notes, a binary) count in neither.
	Understood int `json:"files_understood"`
	Expected   int `json:"files_expected"`
	// Notes are doubts that lost nothing, each naming its file: lines not
	// in their log's format, names cleaned or renamed, damage repaired,
	// bytes not valid in their encoding. They never make a report
	// incomplete.
	Notes []string `json:"notes,omitempty"`
}

// A Shape is a message pattern with numbers, addresses and hexadecimal
// values masked, the number of unmatched records that had it (or, for
// records with a debug header, that came from a place in the code whose
// first record had it: see [Coverage]), and the first of them (its text
// cut at [MaxKeptText] bytes).
type Shape struct {
	Shape   string   `json:"shape"`
	Count   int      `json:"count"`
	Example Evidence `json:"example"`
}

// Bounds on shape counting: memory depends on these, not on the bundle.
const (
	maxShapes     = 4096 // distinct shapes kept; later new ones are counted as one "other" shape
	maxShapeBytes = 120  // message bytes a shape is made from
	topShapes     = 15   // shapes a report lists
	// Places in the code remembered, and the longest source and function
	// (together) a remembered place may have. A record from a place not
	// remembered is tallied by the shape of its own text.
	maxPlaces     = 4 * maxShapes
	maxPlaceBytes = 256
)

// shapeCounter tallies the shapes of unmatched records.
type shapeCounter struct {
	counts map[string]*Shape // by shape text
	// places maps a place in the code to the shape its records count
	// toward (nil when its first record was counted as "other"), and to
	// the place itself: the key, a copy.
	places   map[place]*placed
	other    int
	buf      []byte
	records  map[string]int
	unrec    int
	unmatchd int
	// recent caches places of the map by a hash of the line and of the
	// function's length and last byte: a record from a cached place costs
	// two string comparisons where the map would hash both strings too.
	// On the big benchmark bundle's records (a few hundred places) it
	// takes 6% off BenchmarkFeed/signals; 256 slots took 2%.
	recent [1024]*placed
}

type placed struct {
	p place
	s *Shape
}

// A place is where in the client's code a record with a debug header was
// logged.
type place struct {
	source, function string
	line             int
}

func newShapeCounter() *shapeCounter {
	return &shapeCounter{counts: map[string]*Shape{}, places: map[place]*placed{}, records: map[string]int{}}
}

// add counts r, which no signal matched.
func (c *shapeCounter) add(r *logparse.Record) {
	c.unmatchd++
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
		c.places[k] = &placed{k, s}
	}
}

// addShape counts r under the shape of its own text and returns that
// shape, or nil when r was counted as "other".
func (c *shapeCounter) addShape(r *logparse.Record) *Shape {
	c.buf = appendShape(c.buf[:0], r)
	if s, ok := c.counts[string(c.buf)]; ok {
		s.Count++
		return s
	}
	if len(c.counts) >= maxShapes {
		c.other++
		return nil
	}
	k := string(c.buf)
	// The example outlives r: keep a copy of its text (Text is r.Message
	// itself when r has no header).
	ex := EvidenceOf(r, "")
	ex.Text = strings.Clone(cutText(ex.Text, MaxKeptText))
	s := &Shape{Shape: k, Count: 1, Example: ex}
	c.counts[k] = s
	return s
}

// coverage returns the tally, top shapes first (ties by shape, so reports
// are stable).
func (c *shapeCounter) coverage() Coverage {
	cv := Coverage{Records: c.records, Unrecognised: c.unrec, Unmatched: c.unmatchd, Shapes: []Shape{}}
	all := make([]*Shape, 0, len(c.counts))
	for _, s := range c.counts {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b *Shape) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Shape, b.Shape))
	})
	for _, s := range all[:min(topShapes, len(all))] {
		cv.Shapes = append(cv.Shapes, *s)
	}
	if c.other > 0 {
		cv.Shapes = append(cv.Shapes, Shape{Shape: "(other shapes, not tallied)", Count: c.other})
	}
	return cv
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
