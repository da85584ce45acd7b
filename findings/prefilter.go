package findings

import (
	"strings"

	"github.com/dartkit/dartkit/logparse"
)

// A literalSet finds which of a set of strings occur in a text, in one pass
// over the text, however many strings there are. Rules share many of their
// signals' Contains strings ("has been established and can now pass data"
// is declared by most of them), and a bundle may hold millions of records,
// so each distinct string is looked for once per record, and all of them at
// once.
//
// The search is Wu–Manber's: a window of the shortest string's length m
// slides over the text; the two bytes at its end index a table saying how
// far it may move without skipping an occurrence of any string's first m
// bytes. When the table says 0, the strings whose first m bytes end in
// those two bytes are compared in place. On log text the window moves
// several bytes at a time, where a loop of strings.Contains calls reads the
// text once per string.
type literalSet struct {
	lits []string
	m    int // length of the shortest literal; 0 when some literal is shorter than 2
	// shift[b] is how far the window may move when it ends in the bigram
	// b (first byte high); 0 means some literal's first m bytes end in b.
	shift []uint8
	// cands[b] lists the literals whose first m bytes end in bigram b, as
	// an index into candLists; 0 means none.
	cands     []uint16
	candLists [][]int32
}

// newLiteralSet returns the set of the given distinct, non-empty strings.
func newLiteralSet(lits []string) *literalSet {
	s := &literalSet{lits: lits}
	if len(lits) == 0 {
		return s
	}
	m := len(lits[0])
	for _, l := range lits {
		m = min(m, len(l))
	}
	if m < 2 {
		return s // searched one by one
	}
	m = min(m, 255)
	s.m = m
	s.shift = make([]uint8, 1<<16)
	for i := range s.shift {
		s.shift[i] = uint8(m - 1)
	}
	s.cands = make([]uint16, 1<<16)
	s.candLists = [][]int32{nil}
	for id, l := range lits {
		for j := 1; j < m; j++ {
			b := bigram(l[j-1], l[j])
			s.shift[b] = min(s.shift[b], uint8(m-1-j))
		}
		b := bigram(l[m-2], l[m-1])
		if s.cands[b] == 0 {
			s.cands[b] = uint16(len(s.candLists))
			s.candLists = append(s.candLists, nil)
		}
		s.candLists[s.cands[b]] = append(s.candLists[s.cands[b]], int32(id))
	}
	if len(s.candLists) > 1<<16-1 {
		s.m = 0 // cannot happen with 2-byte keys, but stay correct
	}
	return s
}

func bigram(a, b byte) int { return int(a)<<8 | int(b) }

// find sets found[i] for each literal i that occurs in text and reports
// whether it set any.
func (s *literalSet) find(text string, found []bool) bool {
	any := false
	if s.m == 0 {
		for i, l := range s.lits {
			if !found[i] && strings.Contains(text, l) {
				found[i], any = true, true
			}
		}
		return any
	}
	m := s.m
	for i := m - 1; i < len(text); {
		b := bigram(text[i-1], text[i])
		if sh := s.shift[b]; sh != 0 {
			i += int(sh)
			continue
		}
		start := i - (m - 1)
		for _, id := range s.candLists[s.cands[b]] {
			if !found[id] && strings.HasPrefix(text[start:], s.lits[id]) {
				found[id], any = true, true
			}
		}
		i++
	}
	return any
}

// findRecord is [literalSet.find] over the fields [RecordContains] reads:
// the message and the debug header's description, invoked function and
// function.
func (s *literalSet) findRecord(r *logparse.Record, found []bool) bool {
	a := s.find(r.Message, found)
	b := s.find(r.Header.Description, found)
	c := s.find(r.Header.InvokedFunction, found)
	d := s.find(r.Header.Function, found)
	return a || b || c || d
}
