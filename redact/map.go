package redact

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strconv"
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
// at least once, by kind; the addresses of a kind first, IPv4 before
// IPv6, each in its pseudonyms' numeric order; then the others of the
// kind, by pseudonym. [Redactor.WriteMap] writes the same without
// building it.
func (r *Redactor) Map() Map {
	r.sortMu.Lock()
	defer r.sortMu.Unlock()
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.sortEntries()
	m := Map{Key: hex.EncodeToString(r.key), Files: r.mapFiles(), Totals: r.totals()}
	n := 0
	for _, t := range m.Totals {
		n += t.Values
	}
	m.Entries = make([]MapEntry, 0, n)
	// Most secrets are in one file, a few times: the entries with the
	// same counts share their map, which would otherwise be most of the
	// map's size.
	shared := map[fileCount]map[string]int{}
	filesOf := func(files func(yield func(fileCount) bool)) map[string]int {
		// key is the single file of the entry and its count, or file -1
		// when it is in none.
		key, n := fileCount{file: -1}, 0
		for fc := range files {
			if r.fileNames[fc.file] != "" {
				key = fc
				n++
			}
		}
		if n <= 1 && shared[key] != nil {
			return shared[key]
		}
		out := make(map[string]int, n)
		for fc := range files {
			if f := r.fileNames[fc.file]; f != "" {
				out[f] = fc.n
			}
		}
		if n <= 1 {
			shared[key] = out
		}
		return out
	}
	address := KindAddress.String()
	for i := range r.addrs.each {
		c := r.addrs.rec(i).count
		if c == 0 {
			continue
		}
		a, p := r.addrs.addrs(i)
		files := func(yield func(fileCount) bool) { r.addrs.files(i, yield) }
		m.Entries = append(m.Entries, MapEntry{Kind: address, Pseudonym: p.String(), Original: a.String(), Count: int(c), Files: filesOf(files)})
	}
	for _, e := range r.byName {
		if e.count > 0 {
			m.Entries = append(m.Entries, MapEntry{Kind: e.kind.String(), Pseudonym: e.pseudonym, Original: e.original, Count: e.count, Files: filesOf(e.files)})
		}
	}
	return m
}

// Totals returns what r has replaced so far, per kind, in the order of
// Kinds: the totals of its map, without the map.
func (r *Redactor) Totals() []MapTotal {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.totals()
}

// totals returns the totals of the map, under r.mu.
func (r *Redactor) totals() []MapTotal {
	var totals [numKinds]MapTotal
	var kindFiles [numKinds][]bool
	add := func(k Kind, count int, files func(yield func(fileCount) bool)) {
		t := &totals[k]
		t.Values++
		t.Replacements += count
		kf := kindFiles[k]
		if kf == nil {
			kf = make([]bool, len(r.fileNames))
			kindFiles[k] = kf
		}
		for fc := range files {
			if r.fileNames[fc.file] != "" {
				kf[fc.file] = true
			}
		}
	}
	for bi, b := range r.addrs.recs {
		for j := range b {
			if b[j].count > 0 {
				i := int32(bi*addrBlock + j)
				add(KindAddress, int(b[j].count), func(yield func(fileCount) bool) { r.addrs.files(i, yield) })
			}
		}
	}
	for i := range r.nEntries {
		if e := r.entryAt(i); e.count > 0 {
			add(e.kind, e.count, e.files)
		}
	}
	for _, fs := range r.files {
		for k, n := range fs.kindLines {
			totals[k].Lines += n
		}
	}
	out := make([]MapTotal, 0, numKinds)
	for _, k := range Kinds() {
		t := totals[k]
		t.Kind = k.String()
		for _, in := range kindFiles[k] {
			if in {
				t.Files++
			}
		}
		out = append(out, t)
	}
	return out
}

// mapFiles returns the files of the map, by name, under r.mu.
func (r *Redactor) mapFiles() []MapFile {
	files := []MapFile{}
	for name, fs := range r.files {
		if name != "" {
			files = append(files, MapFile{Name: name, Lines: fs.lines, Replacements: fs.replacements})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}

// fileReplacements returns how many replacements r counted in each file.
func (r *Redactor) fileReplacements() map[string]int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make(map[string]int, len(r.files))
	for name, fs := range r.files {
		out[name] = fs.replacements
	}
	return out
}

// WriteMap writes r's map as [Map.WriteJSON] writes [Redactor.Map],
// entry by entry: the map of a bundle may hold an address per line.
func (r *Redactor) WriteMap(w io.Writer) error {
	r.sortMu.Lock()
	defer r.sortMu.Unlock()
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.sortEntries()
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("{\n  \"key\": \"" + hex.EncodeToString(r.key) + "\",\n  \"totals\": ")
	if err := writeIndented(bw, r.totals(), "  "); err != nil {
		return err
	}
	bw.WriteString(",\n  \"files\": ")
	if err := writeIndented(bw, r.mapFiles(), "  "); err != nil {
		return err
	}
	bw.WriteString(",\n  \"entries\": [")
	// The file names as JSON strings, by number.
	quoted := make([][]byte, len(r.fileNames))
	for i, f := range r.fileNames {
		quoted[i], _ = json.Marshal(f)
	}
	sep := "\n"
	var buf []byte
	var fcs []fileCount
	for i := range r.addrs.each {
		rec := r.addrs.rec(i)
		if rec.count == 0 {
			continue
		}
		a, p := r.addrs.addrs(i)
		buf = append(buf[:0], sep...)
		buf = append(buf, "    {\n      \"kind\": \"address\",\n      \"pseudonym\": \""...)
		buf = p.AppendTo(buf)
		buf = append(buf, "\",\n      \"original\": \""...)
		buf = a.AppendTo(buf)
		buf = append(buf, "\",\n      \"count\": "...)
		buf = strconv.AppendUint(buf, uint64(rec.count), 10)
		fcs = fcs[:0]
		for fc := range func(yield func(fileCount) bool) { r.addrs.files(i, yield) } {
			if r.fileNames[fc.file] != "" {
				fcs = append(fcs, fc)
			}
		}
		if len(fcs) > 0 {
			slices.SortFunc(fcs, func(x, y fileCount) int { return strings.Compare(r.fileNames[x.file], r.fileNames[y.file]) })
			buf = append(buf, ",\n      \"files\": {"...)
			for k, fc := range fcs {
				if k > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, "\n        "...)
				buf = append(buf, quoted[fc.file]...)
				buf = append(buf, ": "...)
				buf = strconv.AppendInt(buf, int64(fc.n), 10)
			}
			buf = append(buf, "\n      }"...)
		}
		buf = append(buf, "\n    }"...)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		sep = ",\n"
	}
	for _, e := range r.byName {
		if e.count == 0 {
			continue
		}
		files := map[string]int{}
		for fc := range e.files {
			if f := r.fileNames[fc.file]; f != "" {
				files[f] = fc.n
			}
		}
		bw.WriteString(sep + "    ")
		if err := writeIndented(bw, MapEntry{Kind: e.kind.String(), Pseudonym: e.pseudonym, Original: e.original, Count: e.count, Files: files}, "    "); err != nil {
			return err
		}
		sep = ",\n"
	}
	if sep == "\n" {
		bw.WriteString("]\n}\n")
	} else {
		bw.WriteString("\n  ]\n}\n")
	}
	return bw.Flush()
}

// writeIndented writes v as JSON indented as Map.WriteJSON indents it, at
// the depth of prefix.
func writeIndented(w io.Writer, v any, prefix string) error {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
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
