// Package literals finds which of a set of strings occur in a text, all
// of them in one pass over it.
package literals

import (
	"strings"
)

// A Set finds which of a set of strings occur in a text, in one pass
// over the text, however many strings there are. Rules share many of their
// signals' Contains strings ("has been established and can now pass data"
// is declared by most of them), and a bundle may hold millions of records,
// so each distinct string is looked for once per record, and all of them at
// once.
//
// The search is Wu–Manber's: a window of the shortest string's length m
// slides over the text; the four bytes at its end (a block), hashed, index
// a table saying how far the window may move without skipping an
// occurrence of any string's first m bytes. When the table says 0, the
// strings whose first m bytes end in a block of that hash are compared in
// place. On log text the window moves many bytes at a time, where a loop
// of strings.Contains calls reads the text once per string.
//
// The window can move at most m-3 bytes, so one short string would slow
// the search for all. Strings shorter than minWindow are left out of the
// table and searched for one by one with strings.Contains; rules have few
// of them ("_ERROR_" is one).
type Set struct {
	lits   []string
	minLen int     // length of the shortest literal
	short  []int32 // the literals shorter than minWindow
	m      int     // length of the shortest other literal; 0 when there is none
	// shift[h] is how far the window may move when the block at its end
	// hashes to h; 0 means some literal's first m bytes end in such a
	// block.
	shift []uint8
	// cands[h] lists the literals whose first m bytes end in a block that
	// hashes to h, as an index into candLists; 0 means none.
	cands     []uint16
	candLists [][]int32
}

const (
	// minWindow is the length below which a literal is searched for on its
	// own. Four bytes more than the block: the window may then move at
	// least five bytes at a time.
	minWindow = 8
	// The block table has 1<<blockBits entries. Rules' strings fill a few
	// hundred; the table fits in the first-level cache.
	blockBits = 14
	block     = 4
)

// New returns the set of the given distinct, non-empty strings.
func New(lits []string) *Set {
	s := &Set{lits: lits}
	if len(lits) == 0 {
		return s
	}
	s.minLen = len(lits[0])
	var table []int32
	for id, l := range lits {
		s.minLen = min(s.minLen, len(l))
		if len(l) < minWindow {
			s.short = append(s.short, int32(id))
			continue
		}
		table = append(table, int32(id))
		if s.m == 0 || len(l) < s.m {
			s.m = len(l)
		}
	}
	if len(table) == 0 {
		return s
	}
	m := min(s.m, 255+block-1) // the widest shift a uint8 holds
	s.m = m
	s.shift = make([]uint8, 1<<blockBits)
	for i := range s.shift {
		s.shift[i] = uint8(m - block + 1)
	}
	s.cands = make([]uint16, 1<<blockBits)
	s.candLists = [][]int32{nil}
	for _, id := range table {
		l := lits[id]
		for end := block - 1; end < m; end++ {
			h := blockHash(l, end)
			s.shift[h] = min(s.shift[h], uint8(m-1-end))
		}
		h := blockHash(l, m-1)
		if s.cands[h] == 0 {
			s.cands[h] = uint16(len(s.candLists))
			s.candLists = append(s.candLists, nil)
		}
		s.candLists[s.cands[h]] = append(s.candLists[s.cands[h]], id)
	}
	return s
}

// blockHash hashes the block of t that ends at t[end] to blockBits bits.
func blockHash(t string, end int) int {
	b := t[end-block+1 : end+1]
	x := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	return int((x * 0x9E3779B1) >> (32 - blockBits))
}

// Find sets found[i] for each literal i that occurs in text and reports
// whether it set any.
func (s *Set) Find(text string, found []bool) bool {
	if len(text) < s.minLen || len(s.lits) == 0 {
		return false
	}
	any := false
	for _, id := range s.short {
		// Most texts lack the literal's first byte, which IndexByte
		// tells at less cost than a search for the whole literal.
		lit := s.lits[id]
		if found[id] {
			continue
		}
		if i := strings.IndexByte(text, lit[0]); i >= 0 && strings.Contains(text[i:], lit) {
			found[id], any = true, true
		}
	}
	if s.m == 0 || len(text) < s.m {
		return any
	}
	// Each step of the search waits for the table entry of the step
	// before. The windows' ends are split in two halves, searched side by
	// side, so that the processor overlaps the two chains of loads (on
	// log text the search takes about a sixth less time). A window ending
	// in the first half may move past its end: the second half's search
	// starts there.
	m := s.m
	mid := (m - 1 + len(text)) / 2
	a, b := m-1, mid // the ends of the current windows of the two halves
	for a < mid && b < len(text) {
		ha, hb := blockHash(text, a), blockHash(text, b)
		sa, sb := int(s.shift[ha]), int(s.shift[hb])
		if sa == 0 {
			any = s.compare(text, a-(m-1), ha, found) || any
			sa = 1
		}
		if sb == 0 {
			any = s.compare(text, b-(m-1), hb, found) || any
			sb = 1
		}
		a, b = a+sa, b+sb
	}
	// One half is done; the other is searched on alone.
	i, limit := a, mid
	if a >= mid {
		i, limit = b, len(text)
	}
	for i < limit {
		h := blockHash(text, i)
		sh := int(s.shift[h])
		if sh == 0 {
			any = s.compare(text, i-(m-1), h, found) || any
			sh = 1
		}
		i += sh
	}
	return any
}

// Contains reports whether any literal occurs in text: Find for a caller
// that needs no more than that, which stops at the first it finds.
func (s *Set) Contains(text string) bool {
	if len(text) < s.minLen || len(s.lits) == 0 {
		return false
	}
	for _, id := range s.short {
		lit := s.lits[id]
		if i := strings.IndexByte(text, lit[0]); i >= 0 && strings.Contains(text[i:], lit) {
			return true
		}
	}
	if s.m == 0 || len(text) < s.m {
		return false
	}
	m := s.m
	for i := m - 1; i < len(text); {
		h := blockHash(text, i)
		sh := int(s.shift[h])
		if sh == 0 {
			for _, id := range s.candLists[s.cands[h]] {
				if strings.HasPrefix(text[i-(m-1):], s.lits[id]) {
					return true
				}
			}
			sh = 1
		}
		i += sh
	}
	return false
}

// compare sets found[i] for each literal i whose first m bytes end in a
// block of hash h and that occurs in text at start, and reports whether it
// set any.
func (s *Set) compare(text string, start, h int, found []bool) bool {
	any := false
	for _, id := range s.candLists[s.cands[h]] {
		if !found[id] && strings.HasPrefix(text[start:], s.lits[id]) {
			found[id], any = true, true
		}
	}
	return any
}
