package redact

import (
	"bufio"
	"bytes"
	"io"
	"net/netip"
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

// noteText returns the note Bundle writes (see writeNote), for a
// container that must know its size first.
func (b *bundler) noteText() []byte {
	var buf bytes.Buffer
	b.writeNote(&buf)
	return buf.Bytes()
}

// writeNote writes the note Bundle writes: the former note's kinds and
// pseudonyms with those of this redaction; the names' pseudonyms sorted,
// then the addresses' in numeric order. It holds no original and no key,
// and no date, so that the same input gives the same bytes.
func (b *bundler) writeNote(w io.Writer) error {
	r := b.r
	kinds := map[string]bool{}
	for _, k := range b.note.kinds {
		kinds[k] = true
	}
	for _, t := range r.Totals() {
		if t.Values > 0 {
			kinds[t.Kind] = true
		}
	}
	// The names are few; the addresses may be one per line of a log,
	// and are written from the table as they come.
	r.sortMu.Lock()
	defer r.sortMu.Unlock()
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.sortEntries()
	names := make([]string, 0, len(r.byName)+len(r.fitted))
	for _, e := range r.byName {
		names = append(names, e.pseudonym)
	}
	for p := range r.fitted {
		names = append(names, p)
	}
	var former []netip.Addr
	for _, p := range b.note.pseudonyms {
		if a, err := netip.ParseAddr(p); err == nil {
			former = append(former, a)
		} else {
			names = append(names, p)
		}
	}
	slices.SortFunc(former, netip.Addr.Compare)
	sort.Strings(names)
	names = slices.Compact(names)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(noteHead + "\n")
	bw.WriteString("The originals and the key are not in this bundle: they are in the map kept by whoever redacted it.\n\n")
	bw.WriteString(noteKinds + " " + strings.Join(sortedKeys(kinds), ", ") + "\n\n")
	bw.WriteString(notePseudonyms + "\n")
	for _, p := range names {
		bw.WriteString(p + "\n")
	}
	// The addresses of the table and of the former note, merged in
	// order.
	var line []byte
	last := netip.Addr{}
	put := func(a netip.Addr) error {
		if a == last {
			return nil
		}
		last = a
		line = append(a.AppendTo(line[:0]), '\n')
		_, err := bw.Write(line)
		return err
	}
	for _, p := range r.addrs.each {
		for len(former) > 0 && former[0].Compare(p) < 0 {
			if err := put(former[0]); err != nil {
				return err
			}
			former = former[1:]
		}
		if err := put(p); err != nil {
			return err
		}
	}
	for _, a := range former {
		if err := put(a); err != nil {
			return err
		}
	}
	return bw.Flush()
}
