package redact

import (
	"bufio"
	"bytes"
	"slices"
	"sort"
	"strings"
)

// A note is what the note of a redacted bundle says: the kinds replaced
// and the pseudonyms it holds.
type note struct {
	kinds      []string
	pseudonyms []string
}

const (
	noteHead       = "This bundle was redacted by dartkit: its secrets were replaced with pseudonyms."
	noteKinds      = "Kinds replaced:"
	notePseudonyms = "Pseudonyms:"
)

// parseNote reads a note; what it does not know is ignored.
func parseNote(data []byte) note {
	var n note
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	inList := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, noteKinds):
			for _, k := range strings.Split(strings.TrimPrefix(line, noteKinds), ",") {
				if k = strings.TrimSpace(k); k != "" {
					n.kinds = append(n.kinds, k)
				}
			}
		case line == notePseudonyms:
			inList = true
		case inList && line != "":
			n.pseudonyms = append(n.pseudonyms, line)
		}
	}
	return n
}

// noteText returns the note Bundle writes: the former note's kinds and
// pseudonyms with those of this redaction. It holds no original and no
// key, and no date, so that the same input gives the same bytes.
func (b *bundler) noteText() []byte {
	kinds := map[string]bool{}
	for _, k := range b.note.kinds {
		kinds[k] = true
	}
	// The map and the pseudonyms are each a walk of every secret: on
	// two goroutines they take the time of one.
	done := make(chan struct{})
	go func() {
		b.final = b.r.Map()
		close(done)
	}()
	// Pseudonyms are sorted already: a set of them would cost more than
	// sorting them again with the former note's.
	ws := append(b.r.Pseudonyms(), b.note.pseudonyms...)
	if len(b.note.pseudonyms) > 0 {
		sort.Strings(ws)
	}
	ws = slices.Compact(ws)
	<-done
	for _, e := range b.final.Entries {
		kinds[e.Kind] = true
	}
	var buf bytes.Buffer
	buf.WriteString(noteHead + "\n")
	buf.WriteString("The originals and the key are not in this bundle: they are in the map kept by whoever redacted it.\n\n")
	ks := sortedKeys(kinds)
	buf.WriteString(noteKinds + " " + strings.Join(ks, ", ") + "\n\n")
	buf.WriteString(notePseudonyms + "\n")
	for _, w := range ws {
		buf.WriteString(w + "\n")
	}
	return buf.Bytes()
}
