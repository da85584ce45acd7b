package findings

import (
	"strings"

	"github.com/dartkit/dartkit/findings/internal/shapes"
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

// topShapes is how many shapes a report lists.
const topShapes = 15

// A shapeCounter tallies what Coverage says of an analysis: the records
// read, by log format; the lines not recognised; and the shapes of the
// records no signal matched, given to Add.
type shapeCounter struct {
	*shapes.Counter[Evidence]
	records map[string]int
	unrec   int
}

func newShapeCounter() *shapeCounter {
	return &shapeCounter{Counter: shapes.New(shapeExample), records: map[string]int{}}
}

// shapeExample returns the example of a shape whose first record is r. It
// outlives r: it keeps a copy of r's text (Text is r.Message itself when r
// has no header), cut at MaxKeptText bytes.
func shapeExample(r *logparse.Record) Evidence {
	ex := EvidenceOf(r, "")
	ex.Text = strings.Clone(cutText(ex.Text, MaxKeptText))
	return ex
}

// coverage returns the tally, top shapes first.
func (c *shapeCounter) coverage() Coverage {
	cv := Coverage{Records: c.records, Unrecognised: c.unrec, Unmatched: c.Count(), Shapes: []Shape{}}
	for _, s := range c.Top(topShapes) {
		cv.Shapes = append(cv.Shapes, Shape{Shape: s.Text, Count: s.Count, Example: s.Example})
	}
	if n := c.Other(); n > 0 {
		cv.Shapes = append(cv.Shapes, Shape{Shape: "(other shapes, not tallied)", Count: n})
	}
	return cv
}
