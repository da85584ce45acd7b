package findings

// A TextSet is a set of texts to look for in a string, all of them in one
// pass over it however many there are: for a signal's Match that knows
// several wordings of one thing. A TextSet is safe for concurrent use.
type TextSet struct {
	lits  *literalSet
	empty bool // the set holds "", which every string contains
}

// NewTextSet returns the set of the given texts; repeats count once.
func NewTextSet(texts ...string) *TextSet {
	t := &TextSet{}
	seen := make(map[string]bool, len(texts))
	var lits []string
	for _, s := range texts {
		switch {
		case s == "":
			t.empty = true
		case !seen[s]:
			seen[s] = true
			lits = append(lits, s)
		}
	}
	t.lits = newLiteralSet(lits)
	return t
}

// In reports whether s contains any of the texts, as strings.Contains
// would tell for each.
func (t *TextSet) In(s string) bool {
	if t.empty {
		return true
	}
	// The set's search notes each text it finds; sets of a rule's size
	// note them on the stack.
	var buf [64]bool
	n := len(t.lits.lits)
	if n > len(buf) {
		return t.lits.find(s, make([]bool, n))
	}
	return t.lits.find(s, buf[:n])
}
