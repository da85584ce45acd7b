package redact

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strings"
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
	Files     map[string]int `json:"files,omitempty"` // replacements per file; entries may share one: do not change it
}

// Map returns the map of what r has replaced so far: the secrets replaced
// at least once, sorted by kind and pseudonym.
func (r *Redactor) Map() Map {
	r.sortMu.Lock()
	defer r.sortMu.Unlock()
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.sortEntries()
	m := Map{Key: hex.EncodeToString(r.key), Files: []MapFile{}}
	var totals [numKinds]MapTotal
	var kindFiles [numKinds][]bool
	n := 0
	for _, e := range r.byName {
		if e.count > 0 {
			n++
		}
	}
	m.Entries = make([]MapEntry, 0, n)
	// Most secrets are in one file, a few times: the entries with the
	// same counts share their map, which would otherwise be most of the
	// map's size.
	shared := map[fileCount]map[string]int{}
	for _, e := range r.byName {
		if e.count == 0 {
			continue
		}
		kf := kindFiles[e.kind]
		if kf == nil {
			kf = make([]bool, len(r.fileNames))
			kindFiles[e.kind] = kf
		}
		// key is the single file of e and its count, or file -1 when e
		// is in none.
		key, n := fileCount{file: -1}, 0
		for fc := range e.files {
			if r.fileNames[fc.file] != "" {
				kf[fc.file] = true
				key = fc
				n++
			}
		}
		var files map[string]int
		if n <= 1 {
			files = shared[key]
		}
		if files == nil {
			files = make(map[string]int, n)
			for fc := range e.files {
				if f := r.fileNames[fc.file]; f != "" {
					files[f] = fc.n
				}
			}
			if n <= 1 {
				shared[key] = files
			}
		}
		t := &totals[e.kind]
		t.Values++
		t.Replacements += e.count
		m.Entries = append(m.Entries, MapEntry{Kind: e.kind.String(), Pseudonym: e.pseudonym, Original: e.original, Count: e.count, Files: files})
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
		for _, in := range kindFiles[k] {
			if in {
				t.Files++
			}
		}
		m.Totals = append(m.Totals, t)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	return m
}

// sortEntries brings r.byName up to date with the table, under r.sortMu
// and r.mu.
func (r *Redactor) sortEntries() {
	if r.nEntries == r.byNameN {
		return
	}
	added := make([]*entry, 0, r.nEntries-r.byNameN)
	for i := r.byNameN; i < r.nEntries; i++ {
		added = append(added, r.entryAt(i))
	}
	slices.SortFunc(added, compareEntries)
	r.byName = mergeSorted(r.byName, added, compareEntries)
	r.byNameN = r.nEntries
}

// compareEntries orders entries as the map lists them: by kind's name,
// pseudonym, original.
func compareEntries(a, b *entry) int {
	if a.kind != b.kind {
		return strings.Compare(a.kind.String(), b.kind.String())
	}
	if c := strings.Compare(a.pseudonym, b.pseudonym); c != 0 {
		return c
	}
	return strings.Compare(a.original, b.original)
}

// WriteJSON writes m as indented JSON.
func (m Map) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
