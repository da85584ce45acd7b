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
	Key     string     `json:"key"` // hex
	Entries []MapEntry `json:"entries"`
}

// A MapEntry is one secret and its pseudonym.
type MapEntry struct {
	Kind      string         `json:"kind"`
	Pseudonym string         `json:"pseudonym"`
	Original  string         `json:"original"`
	Count     int            `json:"count"`           // replacements
	Files     map[string]int `json:"files,omitempty"` // replacements per file
}

// Map returns the map of what r has replaced so far, sorted by kind and
// pseudonym.
func (r *Redactor) Map() Map {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := Map{Key: hex.EncodeToString(r.key)}
	for _, e := range r.entries {
		files := map[string]int{}
		for f, n := range e.files {
			if f != "" {
				files[f] = n
			}
		}
		m.Entries = append(m.Entries, MapEntry{Kind: e.kind.String(), Pseudonym: e.pseudonym, Original: e.original, Count: e.count, Files: files})
	}
	sort.Slice(m.Entries, func(i, j int) bool {
		a, b := m.Entries[i], m.Entries[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Pseudonym < b.Pseudonym
	})
	return m
}

// WriteJSON writes m as indented JSON.
func (m Map) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
