package redact

import (
	"crypto/rand"
	"errors"
	"net"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// A Pattern is an extra kind of secret: each match of Regexp (its first
// group, when it has one) is replaced with a pseudonym of Kind.
type Pattern struct {
	Kind   Kind
	Regexp *regexp.Regexp
}

// Options configure a Redactor. The zero value is usable.
type Options struct {
	// Key is the HMAC key pseudonyms are derived from; nil makes New
	// generate one. The same key gives the same pseudonyms.
	Key []byte
	// Keep lists values left as they are, beyond the built-in list: an
	// exact value ("vpn.example.net"), a domain and its subdomains
	// ("*.example.net"), or an address prefix ("192.0.2.0/24").
	Keep []string
	// Patterns are extra secrets to find in text.
	Patterns []Pattern
}

// ErrKey reports a key that is too short to be a secret.
var ErrKey = errors.New("redact: key shorter than 16 bytes")

// A Redactor replaces secrets with pseudonyms. It is safe for concurrent
// use.
type Redactor struct {
	key          []byte
	keep         keepList
	keepPrefixes []netip.Prefix
	extra        []Pattern

	// learnt is the matcher of the learnt values; Learn replaces it, the
	// scanner loads it once per call.
	learnt  atomic.Pointer[matcher]
	learnMu sync.Mutex // serialises Learn

	mu       sync.RWMutex
	names    [numKinds]map[string]*entry // canonical value -> entry, by kind
	addrs    addrTable                   // the addresses replaced
	former4  map[uint32]bool             // IPv4 pseudonyms of a former redaction
	former6  map[[16]byte]bool           // IPv6 ones
	macs     map[[6]byte]*entry
	taken    map[string]bool // name pseudonyms and labels given or added
	fitted   map[string]bool // name pseudonyms as SameLength fitted them
	takenMAC map[[6]byte]bool
	files    map[string]*fileStats
	certKept map[string]bool // certificate subjects' values, whether kept

	perm      perm4       // the IPv4 addresses' pseudonyms
	hasFormer atomic.Bool // whether former4 or former6 holds an address
	// frozen makes every address be replaced but those kept for their
	// class, by Options.Keep or as a former redaction's pseudonyms, as
	// Bundle needs: what a text becomes does not depend on what was met
	// before it.
	frozen  atomic.Int32
	addrGen atomic.Uint64 // changes with the addresses kept: see addrCache

	hmacs     macs
	blocks    [][]entry // every entry, in the order they were made
	nEntries  int
	fileIDs   map[string]int32 // a file's number: its index in fileNames
	fileNames []string

	// The sorted list Map and Pseudonyms read is kept: a later call sorts
	// only the entries made since and merges them in.
	sortMu  sync.Mutex // serialises the updates of the fields below
	byName  []*entry   // the first byNameN entries, by kind, pseudonym, original
	byNameN int
	fits    []string // fitted, sorted, when it had len(fits) values
}

// New returns a Redactor with opts (nil for the defaults).
func New(opts *Options) (*Redactor, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	key := o.Key
	if key == nil {
		key = make([]byte, 32)
		rand.Read(key)
	} else if len(key) < 16 {
		return nil, ErrKey
	}
	r := &Redactor{
		key:      append([]byte(nil), key...),
		keep:     newKeepList(o.Keep),
		extra:    append([]Pattern(nil), o.Patterns...),
		addrs:    newAddrTable(),
		former4:  map[uint32]bool{},
		former6:  map[[16]byte]bool{},
		perm:     newPerm4(key),
		macs:     map[[6]byte]*entry{},
		taken:    map[string]bool{},
		fitted:   map[string]bool{},
		takenMAC: map[[6]byte]bool{},
		files:    map[string]*fileStats{},
		certKept: map[string]bool{},
		fileIDs:  map[string]int32{},
	}
	r.hmacs.key = r.key
	r.keepPrefixes = r.keep.prefixes
	for k := range r.names {
		r.names[k] = map[string]*entry{}
	}
	r.learnt.Store(newMatcher(nil))
	return r, nil
}

// Key returns the key pseudonyms are derived from.
func (r *Redactor) Key() []byte { return append([]byte(nil), r.key...) }

// Learn makes r replace value, a secret of kind known from the bundle
// (its host name, a profile's server), wherever it appears, whatever the
// patterns say: case-insensitively, where it is not part of a longer
// word, the longest learnt value first.
func (r *Redactor) Learn(kind Kind, value string) {
	value = strings.TrimSpace(value)
	if len(value) < 2 || r.Kept(value) || keptWords[strings.ToLower(value)] {
		return
	}
	if _, _, ok := parseAddrZone(value); ok {
		kind = KindAddress
	} else if kind == KindHost && strings.Contains(value, ".") {
		kind = KindDomain
	}
	e := r.entryFor(kind, value)
	if e == nil {
		return
	}
	r.learnMu.Lock()
	defer r.learnMu.Unlock()
	old := r.learnt.Load()
	low := strings.ToLower(value)
	for _, v := range old.vals {
		if string(v.low) == low {
			return
		}
	}
	vals := append(append([]learntValue(nil), old.vals...), learntValue{low: []byte(low), e: e})
	r.learnt.Store(newMatcher(vals))
}

// Kept reports whether value is left as it is: a vendor's name, a
// well-known resolver, an address of a kept class, a value of
// Options.Keep, or a pseudonym.
func (r *Redactor) Kept(value string) bool {
	v := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(value)), ".")
	if v == "" || isPseudonymLabel(v) || r.keep.exact[v] {
		return true
	}
	if a, _, ok := parseAddrZone(v); ok {
		return r.keptAddr(a.WithZone(""))
	}
	if hw, ok := parseMAC([]byte(v)); ok {
		r.mu.RLock()
		t := r.takenMAC[hw]
		r.mu.RUnlock()
		return t || keptMAC(hw)
	}
	if r.keptName(v) {
		return true
	}
	if at := strings.LastIndexByte(v, '@'); at > 0 && isPseudonymLabel(v[:at]) && r.keptName(v[at+1:]) {
		return true
	}
	r.mu.RLock()
	t := r.taken[v]
	r.mu.RUnlock()
	return t
}

// AddPseudonyms makes r keep the pseudonyms of a former redaction as
// they are, so that redacting a redacted bundle changes nothing.
func (r *Redactor) AddPseudonyms(pseudonyms ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range pseudonyms {
		v := strings.ToLower(strings.TrimSpace(p))
		if a, _, ok := parseAddrZone(v); ok {
			if a.Is4() {
				r.former4[u32(a)] = true
			} else {
				r.former6[a.As16()] = true
			}
			r.hasFormer.Store(true)
			r.addrGen.Store(addrGens.Add(1))
			continue
		}
		if hw, ok := parseMAC([]byte(v)); ok {
			r.takenMAC[hw] = true
			continue
		}
		if isHexSerial(v) {
			r.taken[serialLabel(hexDigits(v))] = true
		}
		r.taken[v] = true
	}
}

// Pseudonyms returns every pseudonym r has given so far, as written
// (those SameLength cut or padded too), sorted: what a later redaction
// must keep (see AddPseudonyms). It holds no secret.
func (r *Redactor) Pseudonyms() []string {
	r.sortMu.Lock()
	defer r.sortMu.Unlock()
	r.mu.RLock()
	r.sortEntries()
	byName := r.byName
	addrs := r.addrPseudonyms()
	var fits []string
	if len(r.fitted) != len(r.fits) {
		fits = make([]string, 0, len(r.fitted))
		for p := range r.fitted {
			fits = append(fits, p)
		}
	}
	r.mu.RUnlock()
	if fits != nil {
		sort.Strings(fits)
		r.fits = fits
	}
	// The entries of a kind are sorted by pseudonym: merging the kinds
	// sorts them all.
	sort.Strings(addrs)
	out := mergeSorted(r.fits, addrs, strings.Compare)
	for len(byName) > 0 {
		n := 1
		for n < len(byName) && byName[n].kind == byName[0].kind {
			n++
		}
		run := make([]string, n)
		for i, e := range byName[:n] {
			run[i] = e.pseudonym
		}
		out = mergeSorted(out, run, strings.Compare)
		byName = byName[n:]
	}
	if len(out) == len(r.fits) {
		out = append([]string(nil), out...)
	}
	return out
}

// addrPseudonyms returns the pseudonyms of the addresses met, replaced
// or not yet, in their numeric order, under r.mu.
func (r *Redactor) addrPseudonyms() []string {
	var out []string
	for _, p := range r.addrs.each {
		out = append(out, p.String())
	}
	return out
}

// mergeSorted returns a new slice of the elements of a and b, both sorted
// by cmp, in order.
func mergeSorted[T any](a, b []T, cmp func(x, y T) int) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out = append(out, b[0])
			b = b[1:]
		} else {
			out = append(out, a[0])
			a = a[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// entryBlock is the number of entries in a block of Redactor.blocks.
const entryBlock = 1024

// add adds e to the table and returns where it is, under r.mu. The
// entries are kept in blocks, not one allocation each: the table of a
// bundle may hold a secret per line, and the collector scans a block
// as one.
func (r *Redactor) add(e entry) *entry {
	if r.nEntries%entryBlock == 0 {
		r.blocks = append(r.blocks, make([]entry, 0, entryBlock))
	}
	b := &r.blocks[len(r.blocks)-1]
	*b = append(*b, e)
	r.nEntries++
	return &(*b)[len(*b)-1]
}

// entryAt returns the entry added i-th, under r.mu or once added.
func (r *Redactor) entryAt(i int) *entry {
	return &r.blocks[i/entryBlock][i%entryBlock]
}

// fileID returns the number of the file named name, under r.mu.
func (r *Redactor) fileID(name string) int32 {
	id, ok := r.fileIDs[name]
	if !ok {
		id = int32(len(r.fileNames))
		r.fileIDs[name] = id
		r.fileNames = append(r.fileNames, name)
	}
	return id
}

// Pseudonym returns the pseudonym of value as a secret of kind, and
// counts it in the map; value itself when it is kept.
func (r *Redactor) Pseudonym(kind Kind, value string) string {
	e := r.entryFor(kind, value)
	if e == nil {
		return value
	}
	r.count(e, "")
	return e.pseudonym
}

// count counts one replacement of e in file.
func (r *Redactor) count(e *entry, file string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.kind == KindAddress {
		a, p := e.addrs()
		r.countAddr(a, p, r.fileID(file), 1)
		return
	}
	e.count++
	e.addFile(r.fileID(file), 1)
}

// Redact appends src, text of any number of lines read from file, to dst
// with its secrets replaced, and returns the extended buffer. It is the
// cheapest on large chunks: the map's counts are taken once per call.
func (r *Redactor) Redact(dst, src []byte, file string) []byte {
	s := getScanner(r, dst, src, file, false)
	s.run()
	out := s.dst
	s.commit()
	putScanner(s)
	return out
}

// String returns s with its secrets replaced.
func (r *Redactor) String(s string) string { return string(r.Redact(nil, []byte(s), "")) }

// SameLength returns s, read from file, with each secret replaced by its
// pseudonym fitted to the secret's length in UTF-16 code units, for
// binary formats whose layout must not move (.evtx). A longer pseudonym
// is cut (to its hex digits alone below six units); a shorter one is
// padded with more hex digits of its HMAC, an address with spaces. The
// whole text keeps its length in UTF-16 code units.
func (r *Redactor) SameLength(s, file string) string {
	sc := getScanner(r, nil, []byte(s), file, true)
	sc.run()
	out := string(sc.dst)
	sc.commit()
	putScanner(sc)
	return out
}

// LearnText learns the secrets that src names by their context (user
// names of paths and keys, host and domain names of keys, SSIDs,
// certificate subjects), so that they are replaced wherever they appear:
// a first pass over a bundle before it is redacted.
func (r *Redactor) LearnText(src []byte) {
	s := getScanner(r, nil, src, "", false)
	s.learn = true
	s.run()
	putScanner(s)
}

// Addr returns the pseudonym of address a, of the same class: loopback,
// link-local, unspecified, multicast and kept addresses are returned as
// they are; a private address stays private and a public one public. It
// is the address that replaces a in text.
func (r *Redactor) Addr(a netip.Addr) netip.Addr {
	p, ok := r.addrPseudonym(a.WithZone(""), nil)
	if !ok {
		return a
	}
	r.mu.Lock()
	r.countAddr(a.WithZone(""), p, r.fileID(""), 1)
	r.mu.Unlock()
	return p.WithZone(a.Zone())
}

// MAC returns the pseudonym of hw: the vendor's prefix kept, the rest
// replaced. Addresses of other lengths than six bytes, and group
// addresses, are returned as they are.
func (r *Redactor) MAC(hw net.HardwareAddr) net.HardwareAddr {
	if len(hw) != 6 {
		return hw
	}
	e := r.macEntry([6]byte(hw))
	if e == nil {
		return hw
	}
	r.count(e, "")
	return append(net.HardwareAddr(nil), e.mac[:]...)
}

// Name returns the pseudonym of the DNS name name (as a capture holds it,
// with or without its final dot), or name itself when it is kept: the
// same as the name's in text.
func (r *Redactor) Name(name string) string {
	trim := strings.TrimSuffix(name, ".")
	lower := strings.ToLower(trim)
	if lower == "" || r.Kept(lower) {
		return name
	}
	var e *entry
	if strings.Contains(lower, ".") {
		e = r.domainEntry(lower, trim)
	} else {
		e = r.labelEntry(KindHost, lower, trim)
	}
	if e == nil {
		return name
	}
	r.count(e, "")
	return e.pseudonym + name[len(trim):]
}
