package findings

import (
	"sync"
	"unsafe"

	"github.com/dartkit/dartkit/findings/internal/literals"
)

// A TextSet is a set of texts to look for in a string, all of them in one
// pass over it however many there are: for a signal's Match that knows
// several wordings of one thing. A TextSet is safe for concurrent use.
type TextSet struct {
	lits  *literals.Set
	empty bool // the set holds "", which every string contains
	// fold says that case is ignored: the texts are held in lower case,
	// and a string is lowered, a window at a time, before the search.
	fold   bool
	maxLen int // of the texts
	// minLen is the length of the shortest text: a shorter string, as
	// the empty fields of a record are, holds none of them, and is not
	// lowered to be searched.
	minLen int
}

// NewTextSet returns the set of the given texts; repeats count once.
func NewTextSet(texts ...string) *TextSet {
	return newTextSet(texts, false)
}

// NewTextSetFold returns the set of the given texts, looked for ignoring
// ASCII case, as [ContainsFold] looks for one: the form for a Match that
// knows words in whatever case a log writes them, without lowering the
// record's text into a new string.
func NewTextSetFold(texts ...string) *TextSet {
	return newTextSet(texts, true)
}

func newTextSet(texts []string, fold bool) *TextSet {
	t := &TextSet{fold: fold}
	seen := make(map[string]bool, len(texts))
	var lits []string
	for _, s := range texts {
		if fold {
			s = lowerASCII(s)
		}
		switch {
		case s == "":
			t.empty = true
		case !seen[s]:
			seen[s] = true
			lits = append(lits, s)
			t.maxLen = max(t.maxLen, len(s))
			if t.minLen == 0 || len(s) < t.minLen {
				t.minLen = len(s)
			}
		}
	}
	t.lits = literals.New(lits)
	return t
}

// In reports whether s contains any of the texts, as strings.Contains
// (or, for a set made by NewTextSetFold, ContainsFold) would tell for each.
func (t *TextSet) In(s string) bool {
	if t.empty {
		return true
	}
	if len(s) < t.minLen {
		return false
	}
	if t.fold {
		return t.inFold(s)
	}
	return t.lits.Contains(s)
}

// foldWindow is how many bytes of a string inFold lowers at a time.
const foldWindow = 512

// foldBufs holds the buffers inFold lowers strings into. A buffer on the
// stack would do, but the compiler moves it to the heap, once per call,
// when profile-guided optimisation inlines the search's calls to strings
// (dartscan is built so).
var foldBufs = sync.Pool{New: func() any { return new([foldWindow]byte) }}

// inFold searches s lowered, a window of foldWindow bytes at a time; the
// windows overlap by a text's length less one, so that no occurrence is
// split between two.
func (t *TextSet) inFold(s string) bool {
	if t.maxLen == 0 || t.maxLen > foldWindow/2 {
		return t.lits.Contains(lowerASCII(s))
	}
	low := foldBufs.Get().(*[foldWindow]byte)
	defer foldBufs.Put(low)
	for {
		n := copy(low[:], s)
		for i, c := range low[:n] {
			if 'A' <= c && c <= 'Z' {
				low[i] = c + 'a' - 'A'
			}
		}
		// The window is read only during the search, which keeps no
		// part of it.
		if n > 0 && t.lits.Contains(unsafe.String(&low[0], n)) {
			return true
		}
		if n == len(s) {
			return false
		}
		s = s[n-(t.maxLen-1):]
	}
}

// lowerASCII returns s with its ASCII letters in lower case.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
