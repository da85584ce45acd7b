package redact

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
)

// A Map is the audit trail of a redaction: every pseudonym with its
// original, and how often and where it was replaced. It holds the key and
// the secrets: keep it apart from what was redacted.
type Map struct {
	Key     string     `json:"key"`    // hex
	Totals  []MapTotal `json:"totals"` // per kind, in the order of Kinds
	Files   []MapFile  `json:"files"`  // per file, by name
	Entries []MapEntry `json:"entries"`
}

// A MapTotal counts what was replaced of one kind.
type MapTotal struct {
	Kind         string `json:"kind"`
	Values       int    `json:"values"`       // distinct secrets replaced
	Replacements int    `json:"replacements"` // occurrences replaced
	Files        int    `json:"files"`        // files with at least one
	Lines        int    `json:"lines"`        // lines changed, of the text redacted
}

// A MapFile counts what was replaced in one file.
type MapFile struct {
	Name         string `json:"name"`
	Lines        int    `json:"lines"` // lines changed
	Replacements int    `json:"replacements"`
}

// A MapEntry is one secret and its pseudonym.
type MapEntry struct {
	Kind      string         `json:"kind"`
	Pseudonym string         `json:"pseudonym"`
	Original  string         `json:"original"`
	Count     int            `json:"count"`           // replacements
	Files     map[string]int `json:"files,omitempty"` // replacements per file
}

// Map returns the map of what r has replaced so far: the secrets replaced
// at least once, sorted by kind and pseudonym.
func (r *Redactor) Map() Map {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m := Map{Key: hex.EncodeToString(r.key), Files: []MapFile{}, Entries: []MapEntry{}}
	var totals [numKinds]MapTotal
	var kindFiles [numKinds]map[string]bool
	add := func(e *entry) {
		if e.count == 0 {
			return
		}
		files := map[string]int{}
		t := &totals[e.kind]
		if kindFiles[e.kind] == nil {
			kindFiles[e.kind] = map[string]bool{}
		}
		for f, n := range e.files {
			if f != "" {
				files[f] = n
				kindFiles[e.kind][f] = true
			}
		}
		t.Values++
		t.Replacements += e.count
		m.Entries = append(m.Entries, MapEntry{Kind: e.kind.String(), Pseudonym: e.pseudonym, Original: e.original, Count: e.count, Files: files})
	}
	for _, names := range r.names {
		for _, e := range names {
			add(e)
		}
	}
	for _, e := range r.addrs {
		add(e)
	}
	for _, e := range r.macs {
		add(e)
	}
	for name, fs := range r.files {
		for k, n := range fs.kindLines {
			totals[k].Lines += n
		}
		if name != "" {
			m.Files = append(m.Files, MapFile{Name: name, Lines: fs.lines, Replacements: fs.replacements})
		}
	}
	for _, k := range Kinds() {
		t := totals[k]
		t.Kind = k.String()
		t.Files = len(kindFiles[k])
		m.Totals = append(m.Totals, t)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	sort.Slice(m.Entries, func(i, j int) bool {
		a, b := m.Entries[i], m.Entries[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Pseudonym != b.Pseudonym {
			return a.Pseudonym < b.Pseudonym
		}
		return a.Original < b.Original
	})
	return m
}

// WriteJSON writes m as indented JSON.
func (m Map) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
